//! A server error never reaches a person as a blank page. Handlers outside Leptos (the
//! data downloads, photos, the render limit) answer a failure with a bare `500` and log
//! the cause with its context; for a browser (a request that accepts HTML) this layer
//! fills such an empty answer with the translated "Something went wrong" page, in the
//! language the response was made in (`Content-Language`, set by the language layer) or
//! the district's default. Answers that carry a body of their own are left as they are.
use app::ssr::request::{PlainPage, plain_page_html};
use app::ssr::state::AppState;
use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::HeaderValue;
use http::header::{ACCEPT, CONTENT_LANGUAGE, CONTENT_LENGTH, CONTENT_TYPE};

pub async fn fill(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let wants_html = request
        .headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    let response = next.run(request).await;
    if !wants_html
        || !response.status().is_server_error()
        || response.body().size_hint().exact() != Some(0)
    {
        return response;
    }
    let locale = response
        .headers()
        .get(CONTENT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .filter(|code| state.tenant.locales.iter().any(|l| l == code))
        .unwrap_or(&state.tenant.default_locale)
        .to_string();
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(CONTENT_LENGTH);
    parts.headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&locale) {
        parts.headers.insert(CONTENT_LANGUAGE, value);
    }
    Response::from_parts(
        parts,
        Body::from(plain_page_html(PlainPage::Internal, &locale)),
    )
}
