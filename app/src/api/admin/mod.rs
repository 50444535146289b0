//! Administration: people and their roles. Admins only.
use crate::domain::account::{FormFeedback, UserRow};
use crate::domain::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::account::{FormError, FormId, Role};
#[cfg(feature = "ssr")]
use crate::ssr::accounts::service;
#[cfg(feature = "ssr")]
use crate::ssr::request::{RequestCtx, log_internal};

#[server(prefix = "/fn", endpoint = "admin/users")]
pub async fn list_users(filter: String) -> Result<Vec<UserRow>, AppError> {
    let ctx = RequestCtx::get()?;
    ctx.require(Role::Admin).await?;
    service::list_users(&ctx.state, &filter)
        .await
        .map_err(log_internal)
}

#[server(prefix = "/fn", endpoint = "admin/set-role")]
pub async fn set_role(user_id: i64, role: String) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let admin = ctx.require(Role::Admin).await?;
    let feedback = match Role::parse(&role) {
        Some(role) => service::set_role(&ctx.state, &admin, user_id, role)
            .await
            .map_err(log_internal)?,
        None => FormFeedback::error(FormId::Roles, FormError::Forbidden),
    };
    ctx.finish(feedback, "/admin/users").await
}

/// Lifts a moderator's block: the person may log in again, their hidden posts return.
#[server(prefix = "/fn", endpoint = "admin/unblock")]
pub async fn unblock_user(user_id: i64) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let admin = ctx.require(Role::Admin).await?;
    let feedback = match crate::ssr::moderation::reports::unblock(&ctx.state, &admin, user_id)
        .await
        .map_err(log_internal)?
    {
        Ok(()) => FormFeedback::notice(
            FormId::Unblock,
            crate::domain::account::Notice::UserUnblocked,
        ),
        Err(_) => FormFeedback::error(FormId::Unblock, FormError::NotFound),
    };
    ctx.finish(feedback, "/admin/users").await
}
