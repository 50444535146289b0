//! Records the client's address for rate limits. Behind a reverse proxy every request
//! comes from the proxy, which names the client in `X-Forwarded-For`; that header is
//! believed only for requests from the addresses in `TRUSTED_PROXIES` (anyone else
//! could write any address into it and escape the limits).
use app::ssr::request::ClientIp;
use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::Response;
use http::HeaderMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

pub async fn record(proxies: Arc<[IpAddr]>, mut request: Request, next: Next) -> Response {
    if let Some(ConnectInfo(addr)) = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .copied()
    {
        let client = client(addr.ip(), request.headers(), &proxies);
        request.extensions_mut().insert(ClientIp(client));
    }
    next.run(request).await
}

/// The client behind `peer`: walking `X-Forwarded-For` from the right (each proxy
/// appends the address it was called from), the first address that is not a trusted
/// proxy. A peer that is not a trusted proxy is the client itself.
fn client(peer: IpAddr, headers: &HeaderMap, proxies: &[IpAddr]) -> IpAddr {
    let trusted = |ip: &IpAddr| proxies.contains(&ip.to_canonical());
    if !trusted(&peer) {
        return peer;
    }
    let mut client = peer;
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    for item in forwarded.iter().rev() {
        match item.trim().parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !trusted(&ip) {
                    break;
                }
            }
            // Garbage in the header: keep the last address known to be right.
            Err(_) => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let value = value.parse().unwrap_or_else(|e| panic!("{value}: {e}"));
        headers.insert("x-forwarded-for", value);
        headers
    }

    #[test]
    fn only_a_trusted_proxy_may_name_the_client() {
        let proxies = [ip("127.0.0.1"), ip("10.0.0.2")];
        let header = forwarded("203.0.113.9");
        // Straight from the internet: the header is the visitor's own claim.
        assert_eq!(
            client(ip("198.51.100.7"), &header, &proxies),
            ip("198.51.100.7")
        );
        // Through the proxy: the address the proxy saw.
        assert_eq!(
            client(ip("127.0.0.1"), &header, &proxies),
            ip("203.0.113.9")
        );
        // The visitor's own forged entries stay left of the proxy's and are ignored.
        let forged = forwarded("1.2.3.4, 203.0.113.9");
        assert_eq!(
            client(ip("127.0.0.1"), &forged, &proxies),
            ip("203.0.113.9")
        );
        // Two proxies in a row.
        let chain = forwarded("203.0.113.9, 10.0.0.2");
        assert_eq!(client(ip("127.0.0.1"), &chain, &proxies), ip("203.0.113.9"));
        // IPv4 seen as an IPv6-mapped peer.
        assert_eq!(
            client(ip("::ffff:127.0.0.1"), &header, &proxies),
            ip("203.0.113.9")
        );
        // Garbage or no header: the proxy's own address.
        assert_eq!(
            client(ip("127.0.0.1"), &forwarded("nonsense"), &proxies),
            ip("127.0.0.1")
        );
        assert_eq!(
            client(ip("127.0.0.1"), &HeaderMap::new(), &proxies),
            ip("127.0.0.1")
        );
    }
}
