//! Saved searches: saving a listing's filters (signed in), the list of one's alerts,
//! deleting one, and stopping one from a digest's link without signing in. Forms work
//! with and without JavaScript.
use crate::domain::account::FormFeedback;
use crate::domain::alert::SavedSearch;
use crate::domain::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::posts::refused;
#[cfg(feature = "ssr")]
use crate::domain::account::{FormId, Notice, Role};
#[cfg(feature = "ssr")]
use crate::domain::listing::ListQuery;
#[cfg(feature = "ssr")]
use crate::ssr::alerts;
#[cfg(feature = "ssr")]
use crate::ssr::mail::locale_of;
#[cfg(feature = "ssr")]
use crate::ssr::posts::Refusal;
#[cfg(feature = "ssr")]
use crate::ssr::request::{RequestCtx, log_internal};

/// Saves the listing's filters and words (the hidden fields of the form under a
/// listing) to be mailed at `frequency`: `immediate`, `daily` or `weekly`.
#[server(prefix = "/fn", endpoint = "alerts/save")]
#[allow(clippy::too_many_arguments)]
pub async fn save_search(
    kind: Option<String>,
    help: Option<String>,
    category: Option<String>,
    municipality: Option<String>,
    urgency: Option<String>,
    q: Option<String>,
    frequency: String,
) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let query = ListQuery {
        kind,
        help,
        category,
        municipality,
        urgency,
        q,
        ..ListQuery::default()
    };
    let feedback = match alerts::save(&ctx.state, &user, &query, &frequency)
        .await
        .map_err(log_internal)?
    {
        Ok(()) => FormFeedback::notice(FormId::Alert, Notice::AlertSaved),
        Err(refusal) => refused(FormId::Alert, refusal, &[]),
    };
    // Without JavaScript the answer is shown on the list of saved searches (the listing
    // pages carry no flash: they are kept for visitors who are not signed in).
    if ctx.plain_form {
        let shown = FormFeedback {
            form: FormId::Alerts,
            ..feedback.clone()
        };
        return ctx.finish(shown, "/alerts").await;
    }
    Ok(feedback)
}

/// The signed-in person's saved searches, described in the page's language.
#[server(prefix = "/fn", endpoint = "alerts/mine")]
pub async fn my_alerts() -> Result<Vec<SavedSearch>, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let locale = locale_of(&ctx.locale, &ctx.state.tenant.default_locale);
    alerts::list(&ctx.state, &user, locale)
        .await
        .map_err(log_internal)
}

#[server(prefix = "/fn", endpoint = "alerts/delete")]
pub async fn delete_alert(id: String) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let Ok(id) = id.parse::<i64>() else {
        return Err(ctx.refuse(AppError::NotFound));
    };
    let feedback = match alerts::remove(&ctx.state, &user, id)
        .await
        .map_err(log_internal)?
    {
        Ok(()) => FormFeedback::notice(FormId::Alerts, Notice::AlertDeleted),
        Err(Refusal::NotFound) => return Err(ctx.refuse(AppError::NotFound)),
        Err(refusal) => refused(FormId::Alerts, refusal, &[]),
    };
    ctx.finish(feedback, "/alerts").await
}

/// The alert a digest's unsubscribe link names (`None`: the link is unknown or the
/// alert was stopped already).
#[server(prefix = "/fn", endpoint = "alerts/by-link")]
pub async fn alert_by_link(token: String) -> Result<Option<SavedSearch>, AppError> {
    let ctx = RequestCtx::get()?;
    let locale = locale_of(&ctx.locale, &ctx.state.tenant.default_locale);
    alerts::by_token(&ctx.state, &token, locale)
        .await
        .map_err(log_internal)
}

/// Stops the alert a digest's link names; no sign-in needed (the link is the key).
#[server(prefix = "/fn", endpoint = "alerts/unsubscribe")]
pub async fn unsubscribe(token: String) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let stopped = alerts::unsubscribe(&ctx.state, &token)
        .await
        .map_err(log_internal)?;
    let feedback = if stopped {
        FormFeedback::notice(FormId::Alerts, Notice::AlertStopped)
    } else {
        FormFeedback::error(
            FormId::Alerts,
            crate::domain::account::FormError::TokenInvalid,
        )
    };
    ctx.finish(feedback, "/alerts/unsubscribe").await
}
