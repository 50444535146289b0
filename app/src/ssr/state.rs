//! Shared server state, handed to axum handlers and (through context) to server functions.
use super::db::Db;
use super::tenant::Tenant;
use crate::domain::site::SiteInfo;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub tenant: Arc<Tenant>,
    /// Derived once at start: the tenant data the pages show.
    pub site: Arc<SiteInfo>,
    pub db: Db,
    pub leptos_options: LeptosOptions,
}

impl AppState {
    pub fn new(tenant: Tenant, db: Db, leptos_options: LeptosOptions) -> Self {
        let site = Arc::new(tenant.site_info());
        Self {
            tenant: Arc::new(tenant),
            site,
            db,
            leptos_options,
        }
    }
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
