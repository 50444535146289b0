//! The axum router: health, metrics, tenant assets, server functions, Leptos pages and
//! the built static files, wrapped (outermost first) in tracing, compression, metrics,
//! security headers, client address, origin check, error pages, body limit, session,
//! language, panics caught and the cache of rendered listing pages.
use crate::metrics::{self, Metrics};
use crate::middleware::locale::choose_language;
use crate::middleware::security::SecurityOptions;
use crate::middleware::{
    client_ip, error_page, origin, page_cache, panics, render_limit, security, viewer,
};
use crate::routes::{assets, feeds, open_data, photos, public_api, site_data};
use crate::sessions::Sessions;
use app::ssr::state::AppState;
use app::{App, shell};
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::sync::LazyLock;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// The Leptos route list, generated once per process. Generating it renders the app in a
/// special mode; doing that again while another server in the same process (the tests
/// start many) renders pages made those renders hang.
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

/// Forms and server-function calls are small; photo uploads have their own limit.
pub const BODY_LIMIT: usize = 64 * 1024;
/// A session ends after two weeks without use.
pub const SESSION_IDLE_DAYS: i64 = 14;
pub const SESSION_COOKIE: &str = "hk_session";

pub fn build(
    state: AppState,
    metrics: Metrics,
    sessions: Sessions,
    proxies: std::sync::Arc<[std::net::IpAddr]>,
) -> Router {
    let https = state.public_url.starts_with("https://");
    let session_layer = SessionManagerLayer::new(sessions)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(https)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::days(
            SESSION_IDLE_DAYS,
        )));
    let routes = ROUTES.clone();
    let context_state = state.clone();
    // Server functions get the shared state through context, whichever method they use.
    let server_fn = {
        let state = state.clone();
        move |request| {
            let state = state.clone();
            leptos_axum::handle_server_fns_with_context(
                move || provide_context(state.clone()),
                request,
            )
        }
    };

    let pages = Router::new()
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        )
        // Only the pages above (a layer covers the routes added before it).
        .layer(axum::middleware::from_fn_with_state(
            render_limit::RenderLimit::for_this_machine(),
            render_limit::limit,
        ))
        // Outside the render limit: the lookup waits for the database, not the CPU.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            viewer::look_up,
        ))
        .route("/fn/{*fn_name}", get(server_fn.clone()).post(server_fn))
        .route(
            app::pages::account::EXPORT_PATH,
            get(crate::routes::account_export::export),
        )
        .route(
            crate::routes::audit_export::PATH,
            get(crate::routes::audit_export::export),
        )
        .fallback(not_found)
        // Inside the language choice (the cache key needs it), outside the pages.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_cache::serve,
        ))
        // A panic becomes an empty 500 in the request's language (set by the layer
        // below), which `error_page::fill` turns into the translated page.
        .layer(panics::layer())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            choose_language,
        ))
        .layer(session_layer.clone());

    // Photo uploads need a bigger body than anything else, so they sit outside the
    // small limit below (with their own), but inside the origin check.
    // Photos of a post waiting for review are shown to its author and moderators, so
    // the files need the session too.
    let uploads = Router::new()
        .route("/posts/{id}/photos", post(photos::upload))
        .route("/photos/{id}/{file}", get(photos::file))
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(photos::UPLOAD_BODY_LIMIT))
        .layer(panics::layer())
        .layer(session_layer);

    Router::new()
        .route("/healthz", get(healthz))
        .route(
            "/metrics",
            get(metrics::handler).with_state(metrics.clone()),
        )
        .route("/api/v1/posts", get(public_api::list_posts))
        .route("/api/v1/posts/{id}", get(public_api::get_post))
        .route("/api/v1/categories", get(public_api::categories))
        .route("/api/v1/stats", get(open_data::stats))
        .route("/feed.xml", get(feeds::atom))
        .route("/sitemap.xml", get(feeds::sitemap))
        .route(app::THEME_PATH, get(theme_css))
        .route(app::domain::site::SITE_DATA_PATH, get(site_data::site_data))
        .route("/favicon.ico", get(favicon))
        .route("/favicon.svg", get(favicon))
        .route("/tenant/logo", get(logo))
        // The release build also writes each file brotli-compressed at the highest
        // level (`cargo leptos build --release --precompress`); that file is sent as it
        // is (measured before type erasure: 1.01 MB of WASM instead of 1.36 MB compressed
        // again, 160 ms of CPU, for every visitor; now 643 KB). Its gzip files are larger
        // than the compression layer's own (WASM 1.79 MB against 1.51 MB), so gzip-only
        // clients keep getting those. Addresses carry a version (see `routes::assets`).
        .route(
            "/pkg/{*path}",
            get(assets::serve).with_state(assets::Assets::new(&state.leptos_options)),
        )
        .merge(pages)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .merge(uploads)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error_page::fill,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            origin::check,
        ))
        .layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| {
                client_ip::record(proxies.clone(), request, next)
            },
        ))
        .layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| {
                security::headers(SecurityOptions { https }, request, next)
            },
        ))
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            metrics::track,
        ))
        .layer(CompressionLayer::new().compress_when(DefaultPredicate::new().and(NotSentAsIs)))
        .layer(TraceLayer::new_for_http())
}

/// Marks a response the compression layer must leave alone: a large kept answer whose
/// compressed form the client did not accept (compressing 4.7 MB of sitemap again for
/// every request would let anyone stall the server).
#[derive(Clone, Copy)]
pub struct SentAsIs;

#[derive(Clone, Copy)]
struct NotSentAsIs;

impl Predicate for NotSentAsIs {
    fn should_compress<B>(&self, response: &http::Response<B>) -> bool
    where
        B: axum::body::HttpBody,
    {
        response.extensions().get::<SentAsIs>().is_none()
    }
}

/// Unknown addresses get the translated 404 page rendered by Leptos.
async fn not_found(State(state): State<AppState>, mut request: axum::extract::Request) -> Response {
    app::ssr::accounts::viewer::look_up(&state, request.extensions_mut()).await;
    let handler = leptos_axum::render_app_to_stream_with_context(
        {
            let state = state.clone();
            move || provide_context(state.clone())
        },
        {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        },
    );
    let mut response = handler(request).await.into_response();
    if response.status() == StatusCode::OK {
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    response
}

/// 200 when the database answers, 503 otherwise (for load balancers and monitoring).
async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({ "status": "ok" })),
        )
            .into_response(),
        Err(err) => {
            tracing::error!(error = %err, "health check: database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({ "status": "error", "database": "unavailable" })),
            )
                .into_response()
        }
    }
}

/// The tenant's colour as CSS custom properties (a file, not inline, so a strict
/// Content-Security-Policy needs no exception). Pages link it with the site facts'
/// version (which changes with the colour), and at that address it may be kept for a
/// year; at any other, for five minutes.
async fn theme_css(
    State(state): State<AppState>,
    axum::extract::Query(version): axum::extract::Query<crate::routes::Version>,
) -> Response {
    let css = format!(":root{{--brand:{};}}\n", state.tenant.theme.color);
    let cache = if version.is(&state.site_data.version) {
        crate::routes::KEPT_FOR_A_YEAR
    } else {
        "public, max-age=300"
    };
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, cache),
        ],
        css,
    )
        .into_response()
}

/// A small icon in the tenant's colour (two joined hands reduced to two dots and an arc),
/// so that browsers asking for `/favicon.ico` get an answer instead of a 404. Browsers
/// accept SVG under either name.
async fn favicon(State(state): State<AppState>) -> Response {
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\">\
         <rect width=\"32\" height=\"32\" rx=\"7\" fill=\"{}\"/>\
         <circle cx=\"11\" cy=\"12\" r=\"3.5\" fill=\"#fff\"/><circle cx=\"21\" cy=\"12\" r=\"3.5\" fill=\"#fff\"/>\
         <path d=\"M8 20q8 8 16 0\" stroke=\"#fff\" stroke-width=\"3\" fill=\"none\" stroke-linecap=\"round\"/></svg>",
        state.tenant.theme.color
    );
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        svg,
    )
        .into_response()
}

async fn logo(State(state): State<AppState>) -> Response {
    let Some(path) = state.tenant.theme.logo.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let content_type = match path.extension().and_then(|e| e.to_str()) {
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        _ => "application/octet-stream",
    };
    match tokio::fs::read(&path).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            bytes,
        )
            .into_response(),
        Err(err) => {
            tracing::error!(path = %path.display(), error = %err, "cannot read the tenant logo");
            StatusCode::NOT_FOUND.into_response()
        }
    }
}
