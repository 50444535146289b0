//! Request middleware that is ours (tracing, compression and static files come from tower-http).
pub mod client_ip;
pub mod error_page;
pub mod locale;
pub mod origin;
pub mod page_cache;
pub mod panics;
pub mod render_limit;
pub mod security;
pub mod viewer;
