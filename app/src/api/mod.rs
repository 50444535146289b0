//! `#[server]` functions, grouped by area. Endpoint names are stable: `/fn/<area>/<name>`.
pub mod site;
