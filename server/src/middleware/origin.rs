//! Cross-site request forgery protection. Leptos server functions do no CSRF checking,
//! so every state-changing request (any method but GET, HEAD, OPTIONS) must come from
//! our own pages: its `Origin` (or, when a browser leaves it out, its `Referer`) must
//! name this host or the configured `PUBLIC_URL`. Anything else gets a translated 403.
//! A body over the size limit (413 from the limit layer inside) gets a translated page too.
use super::locale::resolve_request;
use app::ssr::request::{PlainPage, plain_page_html};
use app::ssr::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use http::header::{HOST, ORIGIN, REFERER};
use http::{Method, StatusCode};

pub async fn check(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let claimed = headers
        .get(ORIGIN)
        .or_else(|| headers.get(REFERER))
        .and_then(|v| v.to_str().ok())
        .and_then(origin_of);
    let host = headers.get(HOST).and_then(|v| v.to_str().ok());
    let locale = resolve_request(&state, &request).locale;
    if let Some(claimed) = &claimed
        && is_ours(claimed, host, &state.public_url)
    {
        let response = next.run(request).await;
        if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                Html(plain_page_html(PlainPage::TooLarge, &locale)),
            )
                .into_response();
        }
        return response;
    }
    tracing::warn!(
        method = %request.method(),
        path = %request.uri().path(),
        origin = claimed.as_deref().unwrap_or("(none)"),
        "refused a state-changing request from another site"
    );
    (
        StatusCode::FORBIDDEN,
        Html(plain_page_html(PlainPage::OriginRejected, &locale)),
    )
        .into_response()
}

/// `scheme://host[:port]` of a URL, lower-case; `None` for `null` or garbage.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    Some(format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        authority.to_ascii_lowercase()
    ))
}

fn is_ours(origin: &str, host: Option<&str>, public_url: &str) -> bool {
    if origin_of(public_url).as_deref() == Some(origin) {
        return true;
    }
    let Some(host) = host else { return false };
    let host = host.to_ascii_lowercase();
    origin == format!("http://{host}") || origin == format!("https://{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_host_and_public_url_are_ours() {
        assert!(is_ours(
            "http://127.0.0.1:3000",
            Some("127.0.0.1:3000"),
            "http://x"
        ));
        assert!(is_ours(
            "https://hilfe.example.org",
            Some("10.0.0.5:3000"),
            "https://hilfe.example.org"
        ));
        assert!(!is_ours(
            "https://evil.example",
            Some("127.0.0.1:3000"),
            "http://127.0.0.1:3000"
        ));
        assert!(!is_ours(
            "http://127.0.0.1:3001",
            Some("127.0.0.1:3000"),
            "http://127.0.0.1:3000"
        ));
    }

    #[test]
    fn origins_are_parsed_from_referers() {
        assert_eq!(
            origin_of("http://A.example:80/login?x=1").as_deref(),
            Some("http://a.example:80")
        );
        assert_eq!(origin_of("null"), None);
        assert_eq!(origin_of("http://user@evil.example/"), None);
    }
}
