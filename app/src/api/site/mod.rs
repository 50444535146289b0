//! The district's public facts (name, municipalities, categories), and how well it keeps
//! its reaction promise.
use crate::domain::site::SiteInfo;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use std::sync::Arc;

/// The site facts on their stable endpoint, for other clients. The pages no longer call
/// it: the browser loads the same facts from the kept file `domain::site::SITE_DATA_PATH`.
#[server(prefix = "/fn", endpoint = "site/info")]
pub async fn load_site_info() -> Result<Arc<SiteInfo>, crate::domain::error::AppError> {
    let ctx = crate::ssr::request::RequestCtx::get()?;
    Ok(ctx.state.site.clone())
}

/// The district's reaction promise and how well it is kept (the about page).
#[server(prefix = "/fn", endpoint = "site/promise", input = GetUrl)]
pub async fn reaction_promise()
-> Result<crate::domain::moderation::ReactionPromise, crate::domain::error::AppError> {
    let ctx = crate::ssr::request::RequestCtx::get()?;
    crate::ssr::moderation::promise(&ctx.state)
        .await
        .map_err(crate::ssr::request::log_internal)
}
