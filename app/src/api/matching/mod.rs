//! Match suggestions for a post being written: asked for by the new-post form as the
//! title is typed (with JavaScript; without it, the post's page shows them after
//! posting), as data (`suggest_matches`, for other clients) or as the form shows them
//! (`matches_while_writing`).
//! Only public posts come back, as on the listing pages, so anyone may ask; a GET, so
//! that the same question is answered from a browser's or proxy's cache.
use crate::domain::error::AppError;
use crate::domain::listing::PostCard;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::domain::post::PostKind;
#[cfg(feature = "ssr")]
use crate::ssr::matching::{self, Wanted};
#[cfg(feature = "ssr")]
use crate::ssr::request::{RequestCtx, log_internal};

/// Open posts of the other kind that may answer a post of `kind` with this category,
/// municipality and title. Unknown or empty values are left out of the question.
#[server(prefix = "/fn", endpoint = "matching/suggest", input = GetUrl)]
pub async fn suggest_matches(
    kind: String,
    category: String,
    municipality: String,
    title: String,
) -> Result<Vec<PostCard>, AppError> {
    let ctx = RequestCtx::get()?;
    let Some(kind) = PostKind::parse(&kind) else {
        return Ok(Vec::new());
    };
    let wanted = Wanted::new(&ctx.state.tenant, kind, &category, &municipality, &title);
    let asker = ctx.user().await?.map(|u| u.id);
    matching::suggest(&ctx.state, &wanted, asker)
        .await
        .map_err(log_internal)
}

/// The suggestions as the new-post form shows them (heading, hint and cards, in the
/// asker's language), rendered here so the browser needs no card drawing or texts of
/// its own; empty when nothing matches.
#[server(prefix = "/fn", endpoint = "matching/while-writing", input = GetUrl)]
pub async fn matches_while_writing(
    kind: String,
    category: String,
    municipality: String,
    title: String,
) -> Result<String, AppError> {
    use crate::components::matches::WritingMatches;
    let Some(post_kind) = PostKind::parse(&kind) else {
        return Ok(String::new());
    };
    let cards = suggest_matches(kind, category, municipality, title).await?;
    if cards.is_empty() {
        return Ok(String::new());
    }
    let ctx = RequestCtx::get()?;
    Ok(crate::ssr::fragment::render(&ctx, move || {
        view! { <WritingMatches kind=post_kind cards /> }
    }))
}
