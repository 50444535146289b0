//! Reporting a post, a message or a person to the moderators. Any signed-in person may
//! report what they can see; the checks are in `ssr::moderation::reports`.
use crate::domain::account::FormFeedback;
use crate::domain::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::posts::refused;
#[cfg(feature = "ssr")]
use crate::domain::account::{FormId, Notice, Role};
#[cfg(feature = "ssr")]
use crate::domain::moderation::ReportTarget;
#[cfg(feature = "ssr")]
use crate::ssr::moderation::reports;
#[cfg(feature = "ssr")]
use crate::ssr::request::{RequestCtx, log_internal};

/// The report form's address for `target` #`id`.
pub fn report_path(target: &str, id: i64) -> String {
    format!("/report?target={target}&id={id}")
}

/// `target`: `post`, `message` or `user`; `reason`: a `ReportReason` code; `note`: the
/// reporter's own words (needed for `other`).
#[server(prefix = "/fn", endpoint = "reports/send")]
pub async fn send_report(
    target: String,
    id: String,
    reason: String,
    #[server(default)] note: String,
) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let form = FormId::Report;
    let (Some(target), Ok(id)) = (ReportTarget::parse(&target), id.parse::<i64>()) else {
        return Err(ctx.refuse(AppError::NotFound));
    };
    let page = report_path(target.as_str(), id);
    let feedback = match reports::report(&ctx.state, &user, target, id, &reason, &note)
        .await
        .map_err(log_internal)?
    {
        Ok(()) => FormFeedback::notice(form, Notice::ReportSent),
        Err(refusal) => {
            let cut: String = note.chars().take(2000).collect();
            refused(form, refusal, &[])
                .keep("note", &cut)
                .keep("reason", &reason)
        }
    };
    ctx.finish(feedback, &page).await
}
