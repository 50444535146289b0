//! `#[server]` functions, grouped by area. Endpoint names are stable: `/fn/<area>/<name>`.
//! Each function checks the caller's role itself; hiding a button protects nothing.
pub mod account;
pub mod admin;
pub mod alerts;
pub mod conversations;
pub mod info;
pub mod matching;
pub mod moderation;
pub mod organisations;
pub mod posts;
pub mod reports;
pub mod site;
