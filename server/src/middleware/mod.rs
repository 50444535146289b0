//! Request middleware that is ours (tracing, compression and static files come from tower-http).
pub mod locale;
