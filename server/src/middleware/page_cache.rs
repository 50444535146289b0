//! Listing pages for visitors who are not signed in come from a cache of rendered pages
//! (see `app::ssr::posts::rendered`); everyone else gets a page rendered for them.
//!
//! Rendering a listing page (twenty cards and the data the browser hydrates from) took
//! about 0.6 ms of CPU; most views are anonymous views of the same few listings, and the
//! page for them depends only on the address, the language and the posts. So:
//! - only `GET` of the home page, `/offers`, `/needs`, `/search` and a post's page
//!   (`/posts/<id>`: the page a shared link opens, often many times in a short while);
//! - only requests without a session cookie: nothing about a person can be in the page;
//! - only complete `200` answers that set no cookie (the language cookie is set outside
//!   this layer, by `locale::choose_language`, for every request);
//! - kept per address and language, for at most 30 seconds, and dropped the moment any
//!   post changes (`ListingCache::invalidate`), like the listing results themselves;
//! - put together with this request's script nonce (the CSP needs a new one each time).
use crate::middleware::locale::request_cookie;
use crate::router::SESSION_COOKIE;
use app::ssr::posts::rendered::{RenderedKey, RenderedPage};
use app::ssr::request::{CspNonce, PlainPage, RequestLocale, plain_page_html};
use app::ssr::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use http::header::{CONTENT_LENGTH, SET_COOKIE, TRANSFER_ENCODING};
use http::{Method, StatusCode};
use std::sync::Arc;

/// The pages kept, besides post pages (`is_post_page`). Everything else (forms, account
/// pages) is rendered for each request.
const PAGES: [&str; 4] = ["/", "/offers", "/needs", "/search"];

/// `/posts/<id>`: a post's public page (not its edit or renew page).
fn is_post_page(path: &str) -> bool {
    path.strip_prefix("/posts/")
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

/// A rendered listing page is about 35 KB; anything far larger is not kept.
const BODY_MAX: usize = 2 * 1024 * 1024;

pub async fn serve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some((key, nonce)) = cacheable(&request) else {
        return next.run(request).await;
    };
    let kept = state
        .listings
        .rendered
        .get_or_try_compute(&key, || async {
            let response = next.run(request).await;
            keep(response, &nonce, &key.locale).await.map(Arc::new)
        })
        .await;
    match kept {
        Ok(page) => {
            let mut response = Response::new(Body::from(page.body(&nonce)));
            *response.headers_mut() = page.headers.clone();
            response
        }
        // Not kept: this request's own answer.
        Err(response) => response,
    }
}

/// The cache key and this request's nonce, if the request may be answered from the cache.
fn cacheable(request: &Request) -> Option<(RenderedKey, String)> {
    let path = request.uri().path();
    if request.method() != Method::GET || !(PAGES.contains(&path) || is_post_page(path)) {
        return None;
    }
    // A session may be signed in, or hold a notice for its next page.
    if request_cookie(request.headers(), SESSION_COOKIE).is_some() {
        return None;
    }
    let locale = request.extensions().get::<RequestLocale>()?.0.clone();
    let nonce = request.extensions().get::<CspNonce>()?.0.clone();
    let key = RenderedKey {
        path_and_query: request.uri().path_and_query()?.as_str().to_string(),
        locale,
    };
    Some((key, nonce))
}

/// The rendered page to keep, or the response itself when it must not be kept.
async fn keep(response: Response, nonce: &str, locale: &str) -> Result<RenderedPage, Response> {
    if response.status() != StatusCode::OK {
        return Err(response);
    }
    // A page that sets a cookie (e.g. a session) belongs to its visitor alone.
    if response.headers().contains_key(SET_COOKIE) {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, BODY_MAX).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, "page cache: the rendered page could not be read");
            let page = Html(plain_page_html(PlainPage::Internal, locale));
            return Err((StatusCode::INTERNAL_SERVER_ERROR, page).into_response());
        }
    };
    // The body is put together anew for each answer; hyper frames it.
    let mut kept_headers = parts.headers.clone();
    kept_headers.remove(CONTENT_LENGTH);
    kept_headers.remove(TRANSFER_ENCODING);
    match RenderedPage::new(kept_headers, &bytes, nonce) {
        Some(page) => Ok(page),
        None => Err(Response::from_parts(parts, Body::from(bytes))),
    }
}

#[cfg(test)]
mod tests {
    use super::is_post_page;

    #[test]
    fn only_a_posts_own_page_counts_as_a_post_page() {
        assert!(is_post_page("/posts/12"));
        for path in [
            "/posts/",
            "/posts/new",
            "/posts/12/edit",
            "/posts/12a",
            "/posts",
        ] {
            assert!(!is_post_page(path), "{path}");
        }
    }
}
