//! The public read API (`/api/v1/...`): the same posts the listing pages show, as JSON,
//! for the district's website, apps and open-data portals. Nothing here is private:
//! no author, no address, only what a visitor sees on a post page.
use app::domain::listing::ListQuery;
use app::ssr::db::posts::PostRecord;
use app::ssr::posts::{self, listing};
use app::ssr::state::AppState;
use app::ssr::tenant::Category;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub struct ApiPost {
    pub id: i64,
    pub url: String,
    pub kind: String,
    pub help: String,
    pub category: String,
    pub municipality: String,
    pub title: String,
    pub description: String,
    pub quantity: Option<i64>,
    pub availability: Option<String>,
    pub urgency: String,
    pub status: String,
    pub language: String,
    pub created_at: String,
    pub updated_at: String,
    pub expires_at: String,
}

/// Unix seconds as RFC 3339 (UTC).
pub fn rfc3339(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

impl ApiPost {
    pub fn new(state: &AppState, post: &PostRecord) -> Self {
        Self {
            id: post.id,
            url: format!("{}/posts/{}", state.public_url, post.id),
            kind: post.kind.clone(),
            help: post.help.clone(),
            category: post.category.clone(),
            municipality: post.municipality.clone(),
            title: post.title.clone(),
            description: post.description.clone(),
            quantity: post.quantity,
            availability: post.availability.clone(),
            urgency: post.urgency.clone(),
            status: post.status.clone(),
            language: post.language.clone(),
            created_at: rfc3339(post.created_at),
            updated_at: rfc3339(post.updated_at),
            expires_at: rfc3339(post.expires_at),
        }
    }
}

#[derive(Serialize)]
struct PostList {
    total: u64,
    page: u32,
    pages: u32,
    /// The address of the next page, or null on the last one.
    next_page: Option<String>,
    posts: Vec<ApiPost>,
}

#[derive(Serialize)]
struct ApiError {
    error: &'static str,
    /// The query parameters that named nothing in this district.
    fields: Vec<String>,
}

pub(super) fn public(json: impl Serialize) -> Response {
    (
        [
            (ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (CACHE_CONTROL, "public, max-age=60"),
        ],
        Json(json),
    )
        .into_response()
}

pub(super) fn unavailable(error: impl std::fmt::Display) -> Response {
    tracing::error!(error = %error, "public API: query failed");
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

/// `GET /api/v1/posts?kind=&help=&category=&municipality=&urgency=&q=&sort=&near=&page=`
pub async fn list_posts(State(state): State<AppState>, Query(query): Query<ListQuery>) -> Response {
    let found = match listing::run(&state, &query).await {
        Ok(found) => found,
        Err(err) => return unavailable(err),
    };
    if !found.ignored.is_empty() {
        return (
            StatusCode::BAD_REQUEST,
            Json(ApiError {
                error: "unknown filter value",
                fields: found.ignored.clone(),
            }),
        )
            .into_response();
    }
    let next_page = (found.page < found.pages).then(|| {
        format!(
            "{}/api/v1/posts{}",
            state.public_url,
            query.with_page(found.page + 1)
        )
    });
    public(PostList {
        total: found.total,
        page: found.page,
        pages: found.pages,
        next_page,
        posts: found
            .records
            .iter()
            .map(|post| ApiPost::new(&state, post))
            .collect(),
    })
}

/// `GET /api/v1/posts/{id}`
pub async fn get_post(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match posts::get_public(&state, id).await {
        Ok(Some(post)) => public(ApiPost::new(&state, &post)),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => unavailable(err),
    }
}

#[derive(Serialize)]
struct ApiCategory {
    slug: String,
    help: &'static str,
    name: BTreeMap<String, String>,
    synonyms: BTreeMap<String, Vec<String>>,
    children: Vec<ApiCategory>,
}

fn api_category(category: &Category) -> ApiCategory {
    ApiCategory {
        slug: category.slug.clone(),
        help: category.help.as_str(),
        name: category.name.0.clone(),
        synonyms: category.synonyms.clone(),
        children: category.children.iter().map(api_category).collect(),
    }
}

/// `GET /api/v1/categories`: the district's category tree with names in every language.
pub async fn categories(State(state): State<AppState>) -> Response {
    public(
        state
            .tenant
            .categories
            .iter()
            .map(api_category)
            .collect::<Vec<_>>(),
    )
}
