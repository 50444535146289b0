//! Shared server state, handed to axum handlers and (through context) to server functions.
use super::db::Db;
use super::tenant::Tenant;
use crate::domain::site::SiteInfo;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;
use tokio::sync::Notify;

/// Cloned for every request (axum state, Leptos context): one shared allocation, so a
/// clone is one reference count. As a struct of ten fields (LeptosOptions alone holds
/// several), cloning and dropping it took about a fifth of the CPU time of serving a
/// kept page under load.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    pub tenant: Arc<Tenant>,
    /// Derived once at start: the tenant data the pages show.
    pub site: Arc<SiteInfo>,
    /// The same as the browser loads it (see `domain::site::SITE_DATA_PATH`).
    pub site_data: SiteData,
    pub db: Db,
    pub leptos_options: LeptosOptions,
    /// The address people reach the site at, without a trailing slash (links in mails).
    pub public_url: Arc<str>,
    /// Wakes the mail job when a transaction has written to the outbox.
    pub mail_wakeup: Arc<Notify>,
    /// The search vocabulary (typo correction), shared by all requests.
    pub search: Arc<super::search::SearchState>,
    /// Recent listing results (see `posts::cache`).
    pub listings: Arc<super::posts::listing::ListingCache>,
    /// The information pages (reloaded when their files change, see `info::watch`).
    pub info: Arc<super::info::InfoLibrary>,
}

impl AppState {
    pub fn new(tenant: Tenant, db: Db, leptos_options: LeptosOptions, public_url: &str) -> Self {
        let public_url = public_url.trim_end_matches('/');
        let mut site = tenant.site_info();
        site.public_url = public_url.to_string();
        let site_data = SiteData::new(&site);
        let site = Arc::new(site);
        let (pages, problems) = super::info::InfoSet::load(&tenant);
        for problem in &problems {
            tracing::warn!("information page left out: {problem}");
        }
        tracing::info!(pages = pages.len(), "information pages loaded");
        Self(Arc::new(Shared {
            tenant: Arc::new(tenant),
            site,
            site_data,
            db,
            leptos_options,
            public_url: public_url.into(),
            mail_wakeup: Arc::new(Notify::new()),
            search: Arc::default(),
            listings: Arc::default(),
            info: Arc::new(super::info::InfoLibrary::new(pages)),
        }))
    }
}

/// The site facts as JSON, and a version that changes whenever they do (the first 16
/// hex digits of their SHA-256), so the browser may keep them as long as the address
/// with that version is the one pages link to.
pub struct SiteData {
    pub json: axum::body::Bytes,
    pub version: String,
}

/// A version for an address (`?v=…`, `/pkg/<version>/…`): the first 16 hex digits of
/// a SHA-256 digest.
pub fn short_version(digest: &[u8]) -> String {
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

impl SiteData {
    fn new(site: &SiteInfo) -> Self {
        use sha2::{Digest, Sha256};
        // Plain data with string keys: serialising it cannot fail; if it ever did, the
        // file would read `null`.
        let json = serde_json::to_vec(site).unwrap_or_else(|_| b"null".to_vec());
        let version = short_version(&Sha256::digest(&json));
        Self {
            json: json.into(),
            version,
        }
    }
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
