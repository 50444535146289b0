//! Offers and needs: listings and search, a post's page, writing, editing, closing,
//! fulfilling and renewing. Forms work with and without JavaScript (see
//! `RequestCtx::finish`); only the author or a moderator may change a post.
// The post forms send one argument per field (that is how plain forms post), and
// `#[server]` generates code an item-level allow does not reach.
#![allow(clippy::too_many_arguments)]

use crate::domain::account::FormFeedback;
use crate::domain::error::AppError;
use crate::domain::listing::{ListPage, ListQuery, PostCard};
use crate::domain::post::{CoordinatedPost, PostView};
use leptos::prelude::*;
use std::sync::Arc;

#[cfg(feature = "ssr")]
use crate::domain::account::{FormError, FormId, Notice, Role};
#[cfg(feature = "ssr")]
use crate::domain::post::{PostInput, PostStatus};
#[cfg(feature = "ssr")]
use crate::ssr::posts::{self, Refusal, listing};
#[cfg(feature = "ssr")]
use crate::ssr::request::{RequestCtx, log_internal};

/// One page of a listing or a search.
#[server(prefix = "/fn", endpoint = "posts/list")]
pub async fn list_posts(query: ListQuery) -> Result<Arc<ListPage>, AppError> {
    let ctx = RequestCtx::get()?;
    listing::list(&ctx.state, &query)
        .await
        .map_err(log_internal)
}

/// A post's page; `id` as it appears in the address.
#[server(prefix = "/fn", endpoint = "posts/get")]
pub async fn load_post(id: String) -> Result<PostView, AppError> {
    let ctx = RequestCtx::get()?;
    let Ok(id) = id.parse::<i64>() else {
        return Err(ctx.refuse(AppError::NotFound));
    };
    let post = posts::get(&ctx.state, id).await.map_err(log_internal)?;
    let viewer = ctx.user().await?;
    // Someone else's post that waits for a moderator (or was taken down) does not exist
    // for this viewer.
    let Some(post) = post.filter(|p| posts::may_see(p, viewer.as_ref())) else {
        return Err(ctx.refuse(AppError::NotFound));
    };
    posts::view(&ctx.state, &post, viewer.as_ref())
        .await
        .map_err(log_internal)
}

/// The signed-in person's own posts, newest first, in every state.
#[server(prefix = "/fn", endpoint = "posts/mine")]
pub async fn my_posts() -> Result<Vec<PostCard>, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let records = posts::by_author(&ctx.state, user.id)
        .await
        .map_err(log_internal)?;
    listing::cards(&ctx.state, &records, None)
        .await
        .map_err(log_internal)
}

/// For coordinators: the posts they wrote for people without an account, with whom each
/// is for and the conversations about it.
#[server(prefix = "/fn", endpoint = "posts/coordinated")]
pub async fn coordinated_posts() -> Result<Vec<CoordinatedPost>, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Coordinator).await?;
    posts::coordinated(&ctx.state, &user)
        .await
        .map_err(log_internal)
}

#[cfg(feature = "ssr")]
#[allow(clippy::too_many_arguments)]
fn input(
    kind: String,
    category: String,
    municipality: String,
    title: String,
    description: String,
    quantity: Option<String>,
    availability: Option<String>,
    urgency: String,
    language: String,
    for_whom: Option<String>,
    organisation: Option<String>,
) -> PostInput {
    PostInput {
        kind,
        category,
        municipality,
        title,
        description,
        quantity: quantity.unwrap_or_default(),
        availability: availability.unwrap_or_default(),
        urgency,
        language,
        for_whom: for_whom.unwrap_or_default(),
        organisation: organisation.unwrap_or_default(),
    }
}

/// The form's answer to a refused change. Bad fields keep what was typed (`typed`: form
/// name and value; a 10 MB title is not sent back, it is cut to what a field allows).
#[cfg(feature = "ssr")]
pub fn refused(form: FormId, refusal: Refusal, typed: &[(&str, &str)]) -> FormFeedback {
    match refusal {
        Refusal::Invalid(problems) => {
            let mut feedback = FormFeedback::new(form);
            for (field, problem) in problems {
                feedback = feedback.field(field, problem);
            }
            let cut = |text: &str| text.chars().take(6000).collect::<String>();
            for (name, value) in typed {
                feedback = feedback.keep(name, &cut(value));
            }
            feedback
        }
        Refusal::NotFound => FormFeedback::error(form, FormError::NotFound),
        Refusal::Forbidden => FormFeedback::error(form, FormError::Forbidden),
        Refusal::NotActive => FormFeedback::error(form, FormError::PostNotActive),
        Refusal::Blocked => FormFeedback::error(form, FormError::Blocked),
        Refusal::Limit => FormFeedback::error(form, FormError::LimitReached),
        Refusal::Wait(minutes) => FormFeedback::error(form, FormError::RateLimited { minutes }),
    }
}

/// Publishes a new offer or need and opens its page.
#[server(prefix = "/fn", endpoint = "posts/create")]
pub async fn create_post(
    kind: String,
    category: String,
    municipality: String,
    title: String,
    description: String,
    quantity: Option<String>,
    availability: Option<String>,
    urgency: String,
    language: String,
    for_whom: Option<String>,
    // Coordinators only: the slug of an organisation they post for.
    organisation: Option<String>,
) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let typed = input(
        kind,
        category,
        municipality,
        title,
        description,
        quantity,
        availability,
        urgency,
        language,
        for_whom,
        organisation,
    );
    let feedback = match posts::create(&ctx.state, &user, &typed)
        .await
        .map_err(log_internal)?
    {
        Ok(id) => {
            let feedback = FormFeedback::notice(FormId::Post, Notice::PostSaved);
            ctx.flash(&feedback).await?;
            feedback.redirect(&format!("/posts/{id}"))
        }
        Err(refusal) => refused(FormId::Post, refusal, &typed.fields()),
    };
    ctx.finish(feedback, "/posts/new").await
}

#[server(prefix = "/fn", endpoint = "posts/edit")]
pub async fn edit_post(
    id: String,
    kind: String,
    category: String,
    municipality: String,
    title: String,
    description: String,
    quantity: Option<String>,
    availability: Option<String>,
    urgency: String,
    language: String,
    for_whom: Option<String>,
    organisation: Option<String>,
    // Moderators only: approve the corrected post (edit-and-approve from the queue).
    approve: Option<String>,
) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let Ok(id) = id.parse::<i64>() else {
        return Err(ctx.refuse(AppError::NotFound));
    };
    let approve = approve.is_some_and(|a| a == "1");
    if approve && !user.role().includes(Role::Moderator) {
        return Err(ctx.refuse(AppError::Forbidden));
    }
    let typed = input(
        kind,
        category,
        municipality,
        title,
        description,
        quantity,
        availability,
        urgency,
        language,
        for_whom,
        organisation,
    );
    let saved = if approve {
        crate::ssr::moderation::approve_edited(&ctx.state, &user, id, &typed).await
    } else {
        posts::edit(&ctx.state, &user, id, &typed).await
    };
    let feedback = match saved.map_err(log_internal)? {
        Ok(()) => {
            let feedback = FormFeedback::notice(FormId::Post, Notice::PostSaved);
            ctx.flash(&feedback).await?;
            feedback.redirect(&format!("/posts/{id}"))
        }
        Err(refusal) => refused(FormId::Post, refusal, &typed.fields()),
    };
    ctx.finish(feedback, &format!("/posts/{id}/edit")).await
}

/// `to`: `closed` (withdrawn), `fulfilled` (done) or `renewed` (another full period).
#[server(prefix = "/fn", endpoint = "posts/state")]
pub async fn change_post_state(id: String, to: String) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let Ok(id) = id.parse::<i64>() else {
        return Err(ctx.refuse(AppError::NotFound));
    };
    let state = &ctx.state;
    let (outcome, notice) = match to.as_str() {
        "closed" => (
            posts::finish(state, &user, id, PostStatus::Closed).await,
            Notice::PostClosed,
        ),
        "fulfilled" => (
            posts::finish(state, &user, id, PostStatus::Fulfilled).await,
            Notice::PostFulfilled,
        ),
        "renewed" => (posts::renew(state, &user, id).await, Notice::PostRenewed),
        _ => return Err(ctx.refuse(AppError::Request("unknown state".into()))),
    };
    let feedback = match outcome.map_err(log_internal)? {
        Ok(()) => FormFeedback::notice(FormId::PostState, notice),
        Err(refusal) => refused(FormId::PostState, refusal, &[]),
    };
    ctx.finish(feedback, &format!("/posts/{id}")).await
}

/// Removes one photo of a post (author or moderator).
#[server(prefix = "/fn", endpoint = "posts/photo-remove")]
pub async fn remove_photo(id: String) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let Ok(id) = id.parse::<i64>() else {
        return Err(ctx.refuse(AppError::NotFound));
    };
    match crate::ssr::photos::remove(&ctx.state, &user, id)
        .await
        .map_err(log_internal)?
    {
        Ok(post_id) => {
            let feedback = FormFeedback::notice(FormId::Photos, Notice::PhotoRemoved);
            ctx.finish(feedback, &format!("/posts/{post_id}")).await
        }
        Err(refusal) => {
            ctx.finish(refused(FormId::Photos, refusal, &[]), "/my-posts")
                .await
        }
    }
}

/// Renews a post from the link in the reminder mail (called while rendering
/// `/posts/{id}/renew`); the new expiry date, or `None` for a link that does not work.
#[server(prefix = "/fn", endpoint = "posts/renew-link")]
pub async fn renew_by_link(id: String, token: String) -> Result<Option<i64>, AppError> {
    let ctx = RequestCtx::get()?;
    let Ok(id) = id.parse::<i64>() else {
        return Ok(None);
    };
    ctx.memo
        .once(&format!("renew:{id}:{token}"), || async {
            posts::expiry::renew_by_link(&ctx.state, id, &token, crate::ssr::db::now())
                .await
                .map_err(log_internal)
        })
        .await
}
