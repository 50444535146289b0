//! At most a few pages are rendered at once; the other requests wait their turn.
//!
//! Rendering is CPU work: on a 2-core machine, 64 renders at a time finish no sooner than
//! 4 at a time, but each one holds its views, data and half-written HTML meanwhile. In the
//! benchmark (64 connections, listing rendered per request) that raised the server's peak
//! memory from about 75 MB to 128 MB. So each render takes a permit, and the page is
//! rendered completely into memory before the permit is given back: a slow phone that
//! downloads the page over minutes does not keep a permit (pages are tens of KB).
//!
//! Only the Leptos page routes are behind this layer (see `router::build`); server
//! functions, static files and the kept pages of `page_cache` are not.
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// A rendered page larger than this is refused (none comes close: a listing is ~35 KB).
const PAGE_MAX: usize = 8 * 1024 * 1024;

/// Renders allowed at once per core: one rendering while another waits for the database.
const PER_CORE: usize = 2;

#[derive(Clone)]
pub struct RenderLimit(Arc<Semaphore>);

impl RenderLimit {
    pub fn new(permits: usize) -> Self {
        Self(Arc::new(Semaphore::new(permits.max(1))))
    }

    /// `PER_CORE` renders per core of this machine.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self::new(cores * PER_CORE)
    }
}

pub async fn limit(State(limit): State<RenderLimit>, request: Request, next: Next) -> Response {
    // The semaphore is never closed; if it were, rendering without a permit is still right.
    let permit = limit.0.acquire().await.ok();
    let response = next.run(request).await;
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, PAGE_MAX).await;
    drop(permit);
    match bytes {
        Ok(bytes) => Response::from_parts(parts, Body::from(bytes)),
        Err(error) => {
            tracing::error!(%error, "rendering a page failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::get;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tower::ServiceExt;

    #[tokio::test]
    async fn no_more_than_the_permits_render_at_once() {
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let app = {
            let (running, most) = (running.clone(), most.clone());
            Router::new()
                .route(
                    "/",
                    get(move || {
                        let (running, most) = (running.clone(), most.clone());
                        async move {
                            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                            most.fetch_max(now, Ordering::SeqCst);
                            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                            running.fetch_sub(1, Ordering::SeqCst);
                            "page"
                        }
                    }),
                )
                .layer(axum::middleware::from_fn_with_state(
                    RenderLimit::new(3),
                    limit,
                ))
        };
        let requests: Vec<_> = (0..12)
            .map(|_| {
                let app = app.clone();
                tokio::spawn(async move {
                    let response = app
                        .oneshot(Request::new(Body::empty()))
                        .await
                        .map_err(|e| e.to_string())?;
                    let body = axum::body::to_bytes(response.into_body(), 100)
                        .await
                        .map_err(|e| e.to_string())?;
                    Ok::<_, String>(body)
                })
            })
            .collect();
        for request in requests {
            let body = request.await.map_err(|e| e.to_string()).and_then(|r| r);
            assert_eq!(body.as_deref().ok(), Some(&b"page"[..]), "{body:?}");
        }
        assert_eq!(most.load(Ordering::SeqCst), 3);
    }
}
