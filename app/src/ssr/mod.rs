//! Server-only code: tenant configuration, database access, accounts, mail, request context.
//! Views never reach in here directly; they go through `crate::api` server functions.
pub mod accounts;
pub mod db;
pub mod locale;
pub mod mail;
pub mod photos;
pub mod posts;
pub mod rate_limit;
pub mod request;
pub mod search;
pub mod state;
pub mod tenant;
