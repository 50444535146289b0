//! `GET /tenant/site.json`: the site facts the browser needs to hydrate a page (the
//! district's name, languages, municipalities, categories; see `domain::site`).
//!
//! Pages link to it with its version (`?v=…`, see `SiteData::href`): with the current
//! version the answer may be kept for a year, since a change of the tenant folder
//! changes the version and so the address. Without it (or with an old one) the browser
//! must ask again each time, and an unchanged file costs a `304` (ETag).
use super::{KEPT_FOR_A_YEAR, Version};
use app::ssr::state::AppState;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub async fn site_data(
    State(state): State<AppState>,
    Query(query): Query<Version>,
    request_headers: HeaderMap,
) -> Response {
    let data = &state.site_data;
    let etag = format!("\"{}\"", data.version);
    let cache = if query.is(&data.version) {
        KEPT_FOR_A_YEAR
    } else {
        "public, no-cache"
    };
    let unchanged = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag));
    let mut response = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, "application/json")],
            data.json.clone(),
        )
            .into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, etag);
    }
    response
}
