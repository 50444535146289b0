//! Registration, confirmation, sign-in and the account page. Forms post here with or
//! without JavaScript: with it they get `FormFeedback` as data, without it a redirect
//! (see `RequestCtx::finish`).
use crate::domain::account::{AccountDetails, FormFeedback};
use crate::domain::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::account::{FormError, FormId, Notice, Role, safe_next};
#[cfg(feature = "ssr")]
use crate::ssr::accounts::{service, session};
#[cfg(feature = "ssr")]
use crate::ssr::request::{RequestCtx, log_internal};

/// Feedback kept from a plain form post, for the page it redirected to.
#[server(prefix = "/fn", endpoint = "account/flash")]
pub async fn take_flash() -> Result<Option<FormFeedback>, AppError> {
    RequestCtx::get()?.take_flash().await
}

#[server(prefix = "/fn", endpoint = "account/register")]
pub async fn register(
    display_name: String,
    email: String,
    password: String,
) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let feedback = service::register(
        &ctx.state,
        ctx.ip,
        &ctx.locale,
        &display_name,
        &email,
        &password,
    )
    .await
    .map_err(log_internal)?;
    ctx.finish(feedback, "/register").await
}

/// Confirms an address from the mailed link (called while rendering /verify-email).
#[server(prefix = "/fn", endpoint = "account/verify-email")]
pub async fn verify_email(token: String) -> Result<bool, AppError> {
    let ctx = RequestCtx::get()?;
    ctx.memo
        .once(&format!("verify-email:{token}"), || async {
            service::verify_email(&ctx.state, &token)
                .await
                .map_err(log_internal)
        })
        .await
}

#[server(prefix = "/fn", endpoint = "account/login")]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let outcome = service::login(&ctx.state, ctx.ip, &email, &password)
        .await
        .map_err(log_internal)?;
    let feedback = match outcome {
        service::LoginOutcome::Refused(feedback) => feedback,
        service::LoginOutcome::SignedIn(user) => {
            session::sign_in(&ctx.session, &user)
                .await
                .map_err(log_internal)?;
            ctx.remember_locale(&user.locale);
            FormFeedback::new(FormId::Login).redirect(&safe_next(next.as_deref(), "/account"))
        }
    };
    ctx.finish(feedback, "/login").await
}

#[server(prefix = "/fn", endpoint = "account/logout")]
pub async fn logout() -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    session::sign_out(&ctx.session)
        .await
        .map_err(log_internal)?;
    ctx.finish(
        FormFeedback::notice(FormId::Login, Notice::LoggedOut).redirect("/"),
        "/",
    )
    .await
}

#[server(prefix = "/fn", endpoint = "account/forgot-password")]
pub async fn forgot_password(email: String) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let feedback = service::forgot_password(&ctx.state, ctx.ip, &email)
        .await
        .map_err(log_internal)?;
    ctx.finish(feedback, "/forgot-password").await
}

/// Whether a reset link can still be used (the page asks before showing the form).
#[server(prefix = "/fn", endpoint = "account/reset-link-valid")]
pub async fn reset_link_valid(token: String) -> Result<bool, AppError> {
    let ctx = RequestCtx::get()?;
    service::reset_token_valid(&ctx.state, &token)
        .await
        .map_err(log_internal)
}

#[server(prefix = "/fn", endpoint = "account/reset-password")]
pub async fn reset_password(token: String, password: String) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let feedback = service::reset_password(&ctx.state, &token, &password)
        .await
        .map_err(log_internal)?;
    if feedback.redirect.is_some() {
        // Whoever was signed in here is signed out with all other sessions.
        session::sign_out(&ctx.session)
            .await
            .map_err(log_internal)?;
        ctx.flash(&feedback).await?;
    }
    let back = format!("/reset-password?token={}", token.trim());
    ctx.finish(feedback, &back).await
}

#[server(prefix = "/fn", endpoint = "account/details")]
pub async fn load_account() -> Result<AccountDetails, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    Ok(service::details(&user))
}

#[server(prefix = "/fn", endpoint = "account/profile")]
pub async fn update_profile(
    display_name: String,
    locale: String,
    municipality: String,
    notify_messages: Option<String>,
    notify_matches: Option<String>,
) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let input = service::ProfileInput {
        display_name: &display_name,
        locale: &locale,
        municipality: &municipality,
        notify_messages: notify_messages.is_some(),
        notify_matches: notify_matches.is_some(),
    };
    let feedback = service::update_profile(&ctx.state, &user, &input)
        .await
        .map_err(log_internal)?;
    if feedback.is_ok() {
        ctx.remember_locale(&locale);
    }
    ctx.finish(feedback, "/account").await
}

#[server(prefix = "/fn", endpoint = "account/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let feedback =
        match service::change_password(&ctx.state, &user, &current_password, &new_password)
            .await
            .map_err(log_internal)?
        {
            service::PasswordChange::Refused(feedback) => feedback,
            service::PasswordChange::Changed(user) => {
                // Every other session is void now; this one continues with a new id.
                session::sign_in(&ctx.session, &user)
                    .await
                    .map_err(log_internal)?;
                FormFeedback::notice(FormId::ChangePassword, Notice::PasswordChanged)
            }
        };
    ctx.finish(feedback, "/account").await
}

#[server(prefix = "/fn", endpoint = "account/delete")]
pub async fn delete_account(password: String) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let feedback = service::delete_account(&ctx.state, &user, &password)
        .await
        .map_err(log_internal)?;
    if feedback.redirect.is_some() {
        session::sign_out(&ctx.session)
            .await
            .map_err(log_internal)?;
        ctx.flash(&feedback).await?;
    } else if feedback.error == Some(FormError::LastAdmin) {
        tracing::info!(
            user_id = user.id,
            "the only admin tried to delete the account"
        );
    }
    ctx.finish(feedback, "/account").await
}
