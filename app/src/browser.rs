//! In the browser, before hydration: the site facts (see `domain::site::SITE_DATA_PATH`).
//!
//! The server renders every page with them; the browser must draw the same page to take
//! it over, so it loads them first (the page preloads the file, and after the first visit
//! it comes from the browser's cache) and only then hydrates. If they cannot be loaded,
//! the page stays as the server sent it: every flow works without JavaScript.
use crate::domain::site::Site;
#[cfg(feature = "hydrate")]
use crate::domain::site::{SITE_DATA_LINK_ID, SiteInfo};
use std::sync::OnceLock;

static SITE: OnceLock<Site> = OnceLock::new();

/// The site facts, once `load_site` has succeeded.
pub fn site() -> Option<Site> {
    SITE.get().cloned()
}

#[cfg(feature = "hydrate")]
#[derive(Debug, thiserror::Error)]
pub enum SiteLoadError {
    #[error("the page has no link to the site facts")]
    NoLink,
    #[error("the site facts could not be fetched: {0}")]
    Fetch(String),
    #[error("the site facts answer has status {0}")]
    Status(u16),
    #[error("the site facts are not valid: {0}")]
    Invalid(#[from] serde_json::Error),
}

/// Fetches the site facts from the address the page links to and keeps them for `site`.
#[cfg(feature = "hydrate")]
pub async fn load_site() -> Result<(), SiteLoadError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let failed = |value: wasm_bindgen::JsValue| SiteLoadError::Fetch(format!("{value:?}"));
    let window = web_sys::window().ok_or(SiteLoadError::NoLink)?;
    let href = window
        .document()
        .and_then(|document| document.get_element_by_id(SITE_DATA_LINK_ID))
        .and_then(|link| link.get_attribute("href"))
        .ok_or(SiteLoadError::NoLink)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&href))
        .await
        .map_err(failed)?
        .dyn_into()
        .map_err(failed)?;
    if !response.ok() {
        return Err(SiteLoadError::Status(response.status()));
    }
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?
        .as_string()
        .unwrap_or_default();
    let info: SiteInfo = serde_json::from_str(&text)?;
    // A second call (there is none) would keep the first value: the same file.
    let _ = SITE.set(Site(std::sync::Arc::new(info)));
    Ok(())
}
