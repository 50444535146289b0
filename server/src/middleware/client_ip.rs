//! Records the client's address for rate limits. Behind a reverse proxy every request
//! comes from the proxy; trusting `X-Forwarded-For` is configured with the deployment
//! guide (issue 7), until then the socket address is used.
use app::ssr::request::ClientIp;
use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::Response;
use std::net::SocketAddr;

pub async fn record(mut request: Request, next: Next) -> Response {
    if let Some(ConnectInfo(addr)) = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .copied()
    {
        request.extensions_mut().insert(ClientIp(addr.ip()));
    }
    next.run(request).await
}
