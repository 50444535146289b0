//! At most a few pages are rendered at once; the other requests wait their turn.
//!
//! Rendering is CPU work: on a 2-core machine, 64 renders at a time finish no sooner than
//! 4 at a time, but each one holds its views, data and half-written HTML meanwhile. In the
//! benchmark (64 connections, listing rendered per request) that raised the server's peak
//! memory from about 75 MB to 128 MB. So each render takes a permit, and the page is
//! rendered completely into memory before the permit is given back: a slow phone that
//! downloads the page over minutes does not keep a permit (pages are tens of KB).
//!
//! A render is finished even when the visitor closes the connection before it is done
//! (a phone that loses its signal, a load generator that stops): Leptos (0.8.23) keeps
//! working on a page in tasks of its own (the effect behind `<Suspense>` walks the view
//! again), and tearing the page's reactive owners down under them deadlocked a worker
//! thread for good (seen in the benchmark: a thread blocked in `RwLock::write` under
//! `use_context`, called by a `Suspend` of the listing) and left the page's memory behind.
//! Run to the end, a page is torn down by Leptos itself after its last byte.
//!
//! A render that has not finished within `RENDER_TIME` is dropped and answered with
//! `503` (the error-page layer fills in the translated page): a page that waits forever
//! (a resource that never resolves, a database lock held elsewhere) would otherwise keep
//! its permit for good, and a handful of such pages would stop every page of the site.
//! A page takes milliseconds to render; waiting for the permit does not count.
//!
//! Only the Leptos page routes are behind this layer (see `router::build`); server
//! functions, static files and the kept pages of `page_cache` are not.
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// A rendered page larger than this is refused (none comes close: a listing is ~35 KB).
const PAGE_MAX: usize = 8 * 1024 * 1024;

/// Renders allowed at once per core: one rendering while another waits for the database.
const PER_CORE: usize = 2;

/// The longest a page may take to render once it has its permit. Generous: a page
/// renders in milliseconds, and a database query waits at most 5 s for a lock or a
/// connection (`busy_timeout`, the pool's acquire timeout) before it fails with a message.
const RENDER_TIME: Duration = Duration::from_secs(20);

#[derive(Clone)]
pub struct RenderLimit {
    permits: Arc<Semaphore>,
    render_time: Duration,
}

impl RenderLimit {
    pub fn new(permits: usize, render_time: Duration) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(permits.max(1))),
            render_time,
        }
    }

    /// `PER_CORE` renders per core of this machine, each for at most `RENDER_TIME`.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self::new(cores * PER_CORE, RENDER_TIME)
    }
}

pub async fn limit(State(limit): State<RenderLimit>, request: Request, next: Next) -> Response {
    // The semaphore is never closed; if it were, rendering without a permit is still right.
    let permit = limit.permits.clone().acquire_owned().await.ok();
    let path = request.uri().path().to_string();
    let render_time = limit.render_time;
    // The render runs as a task of its own, to the end, even if the visitor goes away
    // meanwhile (see the module note): only the time limit stops it.
    let render = tokio::spawn(async move {
        let render = async {
            let response = next.run(request).await;
            let (parts, body) = response.into_parts();
            axum::body::to_bytes(body, PAGE_MAX)
                .await
                .map(|bytes| (parts, bytes))
        };
        let rendered = tokio::time::timeout(render_time, render).await;
        drop(permit);
        rendered
    });
    match render.await {
        Ok(Ok(Ok((parts, bytes)))) => Response::from_parts(parts, Body::from(bytes)),
        Ok(Ok(Err(error))) => {
            tracing::error!(%error, %path, "rendering a page failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Ok(Err(_)) => {
            tracing::error!(
                %path,
                seconds = render_time.as_secs_f32(),
                "rendering a page did not finish in time; dropped"
            );
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
        Err(error) => {
            tracing::error!(%error, %path, "rendering a page panicked");
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
                    RenderLimit::new(3, Duration::from_secs(30)),
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

    /// A visitor who goes away does not stop the render: it finishes (and Leptos tears
    /// the page down itself), and its permit comes back for the next page.
    #[tokio::test]
    async fn a_render_goes_on_when_its_visitor_leaves() {
        let finished = Arc::new(tokio::sync::Notify::new());
        let app = {
            let finished = finished.clone();
            Router::new()
                .route(
                    "/",
                    get(move || {
                        let finished = finished.clone();
                        async move {
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            finished.notify_one();
                            "page"
                        }
                    }),
                )
                .layer(axum::middleware::from_fn_with_state(
                    RenderLimit::new(1, Duration::from_secs(30)),
                    limit,
                ))
        };
        // The visitor gives up after 5 ms, long before the page is done.
        let visit = app.clone().oneshot(Request::new(Body::empty()));
        let gave_up = tokio::time::timeout(Duration::from_millis(5), visit).await;
        assert!(gave_up.is_err(), "the page came before the visitor left");
        let done = tokio::time::timeout(Duration::from_secs(5), finished.notified()).await;
        assert!(done.is_ok(), "the render stopped when its visitor left");
        let next = tokio::time::timeout(
            Duration::from_secs(5),
            app.oneshot(Request::new(Body::empty())),
        )
        .await;
        assert!(
            matches!(next, Ok(Ok(ref response)) if response.status() == StatusCode::OK),
            "the next page did not get the permit"
        );
    }

    /// A page that never finishes is dropped after the render time, and its permit goes
    /// to the next page: with one permit, the page after a hung one is still served.
    #[tokio::test]
    async fn a_render_that_never_finishes_gives_its_permit_back() {
        let app = Router::new()
            .route("/hangs", get(std::future::pending::<&'static str>))
            .route("/page", get(|| async { "page" }))
            .layer(axum::middleware::from_fn_with_state(
                RenderLimit::new(1, Duration::from_millis(50)),
                limit,
            ));
        let get_path = |path: &'static str| {
            let app = app.clone();
            async move {
                let request = http::Request::get(path)
                    .body(Body::empty())
                    .map_err(|e| e.to_string())?;
                let response = app.oneshot(request).await.map_err(|e| e.to_string())?;
                let status = response.status();
                let body = axum::body::to_bytes(response.into_body(), 100)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok::<_, String>((status, body))
            }
        };
        let (hung, page) = tokio::join!(get_path("/hangs"), get_path("/page"));
        assert_eq!(
            hung.as_ref().map(|(status, _)| *status),
            Ok(StatusCode::SERVICE_UNAVAILABLE)
        );
        assert_eq!(
            page.as_ref().map(|(status, body)| (*status, body.as_ref())),
            Ok((StatusCode::OK, &b"page"[..]))
        );
    }
}
