//! Server-only code: tenant configuration, database access, request context.
//! Views never reach in here directly; they go through `crate::api` server functions.
pub mod db;
pub mod locale;
pub mod state;
pub mod tenant;
