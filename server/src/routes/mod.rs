//! Plain axum routes that are not pages or server functions.
pub mod account_export;
pub mod assets;
pub mod audit_export;
pub mod feeds;
pub mod open_data;
pub mod photos;
pub mod public_api;
pub mod site_data;

/// `Cache-Control` for an answer at an address that changes whenever the answer does
/// (a version in the address, or ids that are never reused).
pub const KEPT_FOR_A_YEAR: &str = "public, max-age=31536000, immutable";

/// The `?v=` of a versioned address (the site facts, the tenant's theme).
#[derive(serde::Deserialize)]
pub struct Version {
    pub v: Option<String>,
}

impl Version {
    /// Whether the address names `current`.
    pub fn is(&self, current: &str) -> bool {
        self.v.as_deref() == Some(current)
    }
}
