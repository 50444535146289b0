//! Reports on posts, messages and people, and what moderators do about them: dismiss,
//! remove the content, warn the person or block the account. Every action is written to
//! the audit log, and the person concerned gets the reason by mail in their language.
//! (Whole conversations are reported from their page, see `ssr::conversations::report`.)
use crate::domain::account::{Problem, Role};
use crate::domain::conversation::check_reason;
use crate::domain::moderation::{
    ReportAction, ReportItem, ReportQueue, ReportReason, ReportTarget,
};
use crate::domain::post::PostStatus;
use crate::ssr::db::moderation as db;
use crate::ssr::db::reports::{self, NewReport, ReportRecord};
use crate::ssr::db::users::{self, UserRecord};
use crate::ssr::db::{now, search_index};
use crate::ssr::mail::{self, MailKind};
use crate::ssr::moderation::{audit, take_down};
use crate::ssr::posts::{self, DAY, Outcome, PostError, Refusal, index};
use crate::ssr::rate_limit;
use crate::ssr::state::AppState;
use sqlx::AnyConnection;

/// Reports shown at once, oldest first.
pub const QUEUE_PAGE: i64 = 50;

fn invalid(field: &'static str, problem: Problem) -> Refusal {
    Refusal::Invalid(vec![(field, problem)])
}

/// `reporter` reports a post, a message or a person. The reason is one of the fixed
/// codes; "other" needs the reporter's own words.
pub async fn report(
    state: &AppState,
    reporter: &UserRecord,
    target: ReportTarget,
    target_id: i64,
    reason: &str,
    note: &str,
) -> Outcome<()> {
    let Some(reason) = ReportReason::parse(reason) else {
        return Ok(Err(invalid("reason", Problem::UnknownChoice)));
    };
    let note = match check_reason(note) {
        Ok(note) => note,
        Err(Problem::Required) if reason != ReportReason::Other => String::new(),
        Err(problem) => return Ok(Err(invalid("note", problem))),
    };
    let who = reporter.id.to_string();
    if let Some(minutes) = rate_limit::check(&state.db, &rate_limit::REPORTS_USER, &who).await? {
        return Ok(Err(Refusal::Wait(minutes)));
    }
    let mut tx = state.db.begin().await?;
    let (subject, snapshot) = match resolve(&mut tx, reporter, target, target_id).await? {
        Ok(found) => found,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let id = reports::insert(
        &mut tx,
        &NewReport {
            target: target.as_str(),
            target_id,
            subject_id: subject,
            reporter_id: reporter.id,
            reason: reason.as_str(),
            note: &note,
            snapshot: &snapshot,
        },
        now(),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(
        report_id = id,
        target = target.as_str(),
        target_id,
        "report received"
    );
    Ok(Ok(()))
}

/// Who a report is about and a copy of what was reported, if `reporter` may report it:
/// a post they can see and did not write, a message written to them, a person they met in
/// a conversation.
async fn resolve(
    conn: &mut AnyConnection,
    reporter: &UserRecord,
    target: ReportTarget,
    id: i64,
) -> Result<Result<(Option<i64>, String), Refusal>, PostError> {
    Ok(match target {
        ReportTarget::Post => match crate::ssr::db::posts::by_id(conn, id).await? {
            Some(post) if posts::may_see(&post, Some(reporter)) => {
                if post.author_id == reporter.id {
                    Err(Refusal::Forbidden)
                } else {
                    let snapshot = format!("{}\n\n{}", post.title, post.description);
                    Ok((Some(post.author_id), snapshot))
                }
            }
            _ => Err(Refusal::NotFound),
        },
        ReportTarget::Message => match db::message(conn, id).await? {
            Some(m)
                if (m.author_id == reporter.id || m.helper_id == reporter.id)
                    && m.sender_id != reporter.id =>
            {
                Ok((Some(m.sender_id), m.body))
            }
            _ => Err(Refusal::NotFound),
        },
        ReportTarget::User => match users::by_id(conn, id).await? {
            Some(user) if user.id != reporter.id && db::have_met(conn, reporter.id, id).await? => {
                Ok((Some(user.id), user.display_name))
            }
            _ => Err(Refusal::NotFound),
        },
        // Conversations are reported from their page, with their transcript.
        ReportTarget::Conversation => Err(Refusal::NotFound),
    })
}

/// The open reports, oldest first.
pub async fn queue(state: &AppState) -> Result<ReportQueue, PostError> {
    let mut conn = state.db.pool().acquire().await?;
    let records = reports::open(&mut conn, QUEUE_PAGE).await?;
    let total = reports::open_count(&mut conn).await?;
    let reaction_days = state.tenant.moderation.reaction_days;
    let overdue_before = now() - i64::from(reaction_days) * DAY;
    let mut items = Vec::with_capacity(records.len());
    for record in records {
        items.push(item(&mut conn, record, overdue_before).await?);
    }
    Ok(ReportQueue {
        items,
        total: u64::try_from(total).unwrap_or_default(),
        reaction_days,
    })
}

async fn item(
    conn: &mut AnyConnection,
    r: ReportRecord,
    overdue_before: i64,
) -> Result<ReportItem, PostError> {
    let target = ReportTarget::parse(&r.target).unwrap_or(ReportTarget::Conversation);
    let link = match target {
        ReportTarget::Post => Some(format!("/posts/{}", r.target_id)),
        ReportTarget::Conversation => Some(format!("/conversations/{}", r.target_id)),
        ReportTarget::Message => db::message(conn, r.target_id)
            .await?
            .map(|m| format!("/conversations/{}", m.conversation_id)),
        ReportTarget::User => None,
    };
    Ok(ReportItem {
        id: r.id,
        target,
        target_id: r.target_id,
        link,
        subject_name: r.subject_name,
        reporter_name: r.reporter_name,
        reason: ReportReason::parse(&r.reason).unwrap_or(ReportReason::Other),
        note: r.note,
        snapshot: r.snapshot,
        created_at: r.created_at,
        overdue: r.created_at < overdue_before,
        removable: target != ReportTarget::User,
        has_subject: r.subject_id.is_some(),
    })
}

/// A moderator handles report `id`. Removing, warning and blocking need a reason, which
/// the person concerned gets by mail. Staff accounts cannot be blocked from here.
pub async fn handle(
    state: &AppState,
    moderator: &UserRecord,
    id: i64,
    action: ReportAction,
    reason: &str,
) -> Outcome<()> {
    let reason = match check_reason(reason) {
        Ok(reason) => reason,
        Err(problem) if action.needs_reason() => return Ok(Err(invalid("reason", problem))),
        Err(_) => String::new(),
    };
    let now = now();
    let mut tx = state.db.begin().await?;
    let Some(report) = reports::by_id(&mut tx, id).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    if report.handled_at.is_some() {
        return Ok(Err(Refusal::NotActive));
    }
    let target = ReportTarget::parse(&report.target).unwrap_or(ReportTarget::Conversation);
    let subject = match report.subject_id {
        Some(subject) => users::by_id(&mut tx, subject).await?,
        None => None,
    };
    let mut listings_changed = false;
    match action {
        ReportAction::Dismiss => {
            audit::record(&mut tx, moderator, "report.dismiss", "report", Some(id), "").await?;
        }
        ReportAction::Remove => match target {
            ReportTarget::Post => {
                let to = PostStatus::Removed;
                take_down(
                    &mut tx,
                    state,
                    moderator,
                    report.target_id,
                    to,
                    &reason,
                    now,
                )
                .await?;
                listings_changed = true;
            }
            ReportTarget::Message | ReportTarget::Conversation => {
                let (conversation, only) = if target == ReportTarget::Message {
                    match db::message(&mut tx, report.target_id).await? {
                        Some(m) => (m.conversation_id, Some(m.id)),
                        None => return Ok(Err(Refusal::NotFound)),
                    }
                } else {
                    (report.target_id, None)
                };
                let Some(sender) = report.subject_id else {
                    return Ok(Err(Refusal::NotFound));
                };
                db::remove_messages(&mut tx, conversation, sender, only, now).await?;
                let (what, target_id) = match only {
                    Some(message) => ("message.remove", message),
                    None => ("conversation.remove", conversation),
                };
                let kind = what.split('.').next().unwrap_or("message");
                audit::record(&mut tx, moderator, what, kind, Some(target_id), &reason).await?;
                if let Some(person) = &subject {
                    let kind = MailKind::Warning {
                        reason: &reason,
                        contact: &state.tenant.operator.email,
                        removed_messages: true,
                    };
                    mail::enqueue_to(&mut tx, state, person, &kind).await?;
                }
            }
            ReportTarget::User => return Ok(Err(invalid("action", Problem::UnknownChoice))),
        },
        ReportAction::Warn | ReportAction::Block => {
            let Some(person) = subject else {
                return Ok(Err(Refusal::NotFound));
            };
            if action == ReportAction::Block {
                if person.role().includes(Role::Moderator) {
                    return Ok(Err(Refusal::Forbidden));
                }
                db::block_user(&mut tx, person.id, now).await?;
                listings_changed = true;
                audit::record(
                    &mut tx,
                    moderator,
                    "user.block",
                    "user",
                    Some(person.id),
                    &reason,
                )
                .await?;
                let kind = MailKind::AccountBlocked {
                    reason: &reason,
                    contact: &state.tenant.operator.email,
                };
                mail::enqueue_to(&mut tx, state, &person, &kind).await?;
            } else {
                audit::record(
                    &mut tx,
                    moderator,
                    "user.warn",
                    "user",
                    Some(person.id),
                    &reason,
                )
                .await?;
                let kind = MailKind::Warning {
                    reason: &reason,
                    contact: &state.tenant.operator.email,
                    removed_messages: false,
                };
                mail::enqueue_to(&mut tx, state, &person, &kind).await?;
            }
        }
    }
    reports::close(&mut tx, id, moderator.id, outcome(action), now).await?;
    tx.commit().await?;
    if listings_changed {
        state.listings.invalidate();
    } else {
        // A handled report counts in the promise on the about page.
        state.listings.promise.invalidate();
    }
    state.mail_wakeup.notify_one();
    tracing::info!(
        report_id = id,
        moderator = moderator.id,
        action = action.as_str(),
        "report handled"
    );
    Ok(Ok(()))
}

fn outcome(action: ReportAction) -> &'static str {
    match action {
        ReportAction::Dismiss => "dismissed",
        ReportAction::Remove => "removed",
        ReportAction::Warn => "warned",
        ReportAction::Block => "blocked",
    }
}

/// An admin lifts a block: the person may log in again and their hidden posts return.
pub async fn unblock(state: &AppState, admin: &UserRecord, user_id: i64) -> Outcome<()> {
    let now = now();
    let mut tx = state.db.begin().await?;
    let Some(back) = db::unblock_user(&mut tx, user_id, now).await? else {
        return Ok(Err(Refusal::NotActive));
    };
    for post in &back {
        let docs = index::documents(&state.tenant, &post.draft());
        search_index::put(&mut tx, post.id, &docs).await?;
    }
    audit::record(&mut tx, admin, "user.unblock", "user", Some(user_id), "").await?;
    tx.commit().await?;
    state.listings.invalidate();
    tracing::info!(user_id, posts = back.len(), "user unblocked");
    Ok(Ok(()))
}
