//! Information pages (see `crate::ssr::info`): the index, one page, and search hits.
use crate::domain::error::AppError;
use crate::domain::info::{InfoGroup, InfoHit, InfoPageView};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::ssr::request::{RequestCtx, log_internal};

/// The pages by life situation, in the visitor's language where there is a version;
/// with a municipality slug, pages about other places are left out.
#[server(prefix = "/fn", endpoint = "info/index", input = GetUrl)]
pub async fn info_index(municipality: Option<String>) -> Result<Vec<InfoGroup>, AppError> {
    let ctx = RequestCtx::get()?;
    let pages = ctx.state.info.current();
    let municipality = municipality.filter(|m| !m.is_empty());
    Ok(pages.index(&ctx.locale, municipality.as_deref()))
}

#[server(prefix = "/fn", endpoint = "info/page", input = GetUrl)]
pub async fn info_page(slug: String) -> Result<InfoPageView, AppError> {
    let ctx = RequestCtx::get()?;
    ctx.state
        .info
        .current()
        .page(&slug, &ctx.locale)
        .ok_or_else(|| ctx.refuse(AppError::NotFound))
}

/// Pages that answer the search words (shown above the posts on `/search`).
#[server(prefix = "/fn", endpoint = "info/search", input = GetUrl)]
pub async fn find_info(q: String) -> Result<Vec<InfoHit>, AppError> {
    let ctx = RequestCtx::get()?;
    let pages = ctx.state.info.current();
    if pages.is_empty() || q.trim().is_empty() {
        return Ok(Vec::new());
    }
    let query = ctx
        .state
        .search
        .with_vocabulary(&ctx.state.db, |vocabulary| {
            crate::ssr::search::query::SearchQuery::parse(&q, vocabulary)
        })
        .await
        .map_err(log_internal)?;
    Ok(pages.search(&query, &ctx.locale))
}
