//! Accounts: registration, confirmation, sign-in, password reset and change, profile,
//! export, deletion, roles. Server functions (`crate::api::account`, `crate::api::admin`)
//! and the `create-admin` command call these; the SQL is in `crate::ssr::db`.
pub mod password;
pub mod service;
pub mod session;
pub mod token;
pub mod viewer;
