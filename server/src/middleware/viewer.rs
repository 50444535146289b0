//! Who is signed in, looked up before a page is rendered (one query for the account and
//! its unread messages, see `app::ssr::accounts::viewer`), so the page's header and
//! components have it at hand instead of waiting for it inside the render. Only the
//! Leptos page routes (and the not-found page) are behind this layer; server functions
//! look the account up themselves when they need it.
use app::ssr::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

pub async fn look_up(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    app::ssr::accounts::viewer::look_up(&state, request.extensions_mut()).await;
    next.run(request).await
}
