//! The district's public facts (name, municipalities, categories) for every page.
use crate::domain::site::SiteInfo;
use leptos::prelude::*;
use std::sync::Arc;

#[server(prefix = "/fn", endpoint = "site/info")]
pub async fn load_site_info() -> Result<Arc<SiteInfo>, ServerFnError> {
    let state = use_context::<crate::ssr::state::AppState>()
        .ok_or_else(|| ServerFnError::new("server state is not available"))?;
    Ok(state.site.clone())
}
