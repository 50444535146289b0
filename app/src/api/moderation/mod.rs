//! Moderation: the review queue and the audit log. Moderators (and admins) only; every
//! function checks the role itself.
use crate::domain::account::FormFeedback;
use crate::domain::error::AppError;
use crate::domain::moderation::{AuditPage, Queue, ReportQueue};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::posts::refused;
#[cfg(feature = "ssr")]
use crate::domain::account::{FormError, FormId, Notice, Role};
#[cfg(feature = "ssr")]
use crate::domain::moderation::{Decision, ReportAction, parse_ids};
#[cfg(feature = "ssr")]
use crate::ssr::moderation::{self, audit, reports};
#[cfg(feature = "ssr")]
use crate::ssr::request::{RequestCtx, log_internal};

/// The page of the review queue.
pub const QUEUE_PATH: &str = "/moderation";
/// The page of open reports.
pub const REPORTS_PATH: &str = "/moderation/reports";

/// The staff dashboard: posts, fulfilled needs, conversations and answer times.
#[server(prefix = "/fn", endpoint = "moderation/dashboard", input = leptos::server_fn::codec::GetUrl)]
pub async fn load_dashboard() -> Result<crate::domain::dashboard::Dashboard, AppError> {
    let ctx = RequestCtx::get()?;
    ctx.require(Role::Moderator).await?;
    moderation::dashboard::dashboard(&ctx.state)
        .await
        .map_err(log_internal)
}

/// The oldest posts waiting for review.
#[server(prefix = "/fn", endpoint = "moderation/queue")]
pub async fn review_queue() -> Result<Queue, AppError> {
    let ctx = RequestCtx::get()?;
    ctx.require(Role::Moderator).await?;
    moderation::queue(&ctx.state).await.map_err(log_internal)
}

/// Approves or rejects the checked posts. `ids` come from the checkboxes (`ids[0]`,
/// `ids[1]`, …); `decision` is `approve` or `reject`; a rejection needs a `reason`,
/// which is mailed to each author.
#[server(prefix = "/fn", endpoint = "moderation/decide")]
pub async fn decide_posts(
    #[server(default)] ids: Vec<String>,
    decision: String,
    #[server(default)] reason: String,
) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let moderator = ctx.require(Role::Moderator).await?;
    let form = FormId::Moderation;
    let feedback = match Decision::parse(&decision) {
        None => FormFeedback::error(form, FormError::Forbidden),
        Some(decision) => {
            let ids = parse_ids(&ids);
            match moderation::decide(&ctx.state, &moderator, &ids, decision, &reason)
                .await
                .map_err(log_internal)?
            {
                Ok(count) => {
                    let count = u32::try_from(count).unwrap_or(u32::MAX);
                    let notice = match decision {
                        Decision::Approve => Notice::PostsApproved { count },
                        Decision::Reject => Notice::PostsRejected { count },
                    };
                    FormFeedback::notice(form, notice)
                }
                Err(refusal) => {
                    let cut: String = reason.chars().take(2000).collect();
                    refused(form, refusal, &[]).keep("reason", &cut)
                }
            }
        }
    };
    ctx.finish(feedback, QUEUE_PATH).await
}

/// A page of the audit log, newest first; `before` continues from an entry id.
#[server(prefix = "/fn", endpoint = "moderation/audit")]
pub async fn audit_log(before: Option<String>) -> Result<AuditPage, AppError> {
    let ctx = RequestCtx::get()?;
    ctx.require(Role::Admin).await?;
    let before = before.and_then(|b| b.parse::<i64>().ok());
    audit::page(&ctx.state, before).await.map_err(log_internal)
}

/// The open reports, oldest first.
#[server(prefix = "/fn", endpoint = "moderation/reports")]
pub async fn open_reports() -> Result<ReportQueue, AppError> {
    let ctx = RequestCtx::get()?;
    ctx.require(Role::Moderator).await?;
    reports::queue(&ctx.state).await.map_err(log_internal)
}

/// Handles report `id`: `action` is `dismiss`, `remove`, `warn` or `block`; all but
/// dismissing need a `reason`, which the person concerned gets by mail.
#[server(prefix = "/fn", endpoint = "moderation/handle-report")]
pub async fn handle_report(
    id: String,
    action: String,
    #[server(default)] reason: String,
) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let moderator = ctx.require(Role::Moderator).await?;
    let form = FormId::Report;
    let (Ok(id), Some(action)) = (id.parse::<i64>(), ReportAction::parse(&action)) else {
        return Err(ctx.refuse(AppError::NotFound));
    };
    let feedback = match reports::handle(&ctx.state, &moderator, id, action, &reason)
        .await
        .map_err(log_internal)?
    {
        Ok(()) => FormFeedback::notice(form, Notice::ReportHandled),
        Err(refusal) => {
            let cut: String = reason.chars().take(2000).collect();
            refused(form, refusal, &[]).keep("reason", &cut)
        }
    }
    // The page lists many reports, each with a form: the answer names its report.
    .keep("id", &id.to_string());
    ctx.finish(feedback, REPORTS_PATH).await
}
