//! Plain axum routes that are not pages or server functions.
pub mod account_export;
pub mod assets;
pub mod audit_export;
pub mod feeds;
pub mod open_data;
pub mod photos;
pub mod public_api;
pub mod site_data;
