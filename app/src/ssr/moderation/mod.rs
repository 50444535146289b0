//! Moderation of posts: the review queue, approving and rejecting (one or many at once),
//! and edit-and-approve. Every decision is written to the audit log (`audit`) in the
//! same transaction, and a rejection is mailed to the author in their language.
//! Callers check the role (`Role::Moderator`); the functions here trust `moderator`.
use crate::domain::account::Problem;
use crate::domain::conversation::check_reason;
use crate::domain::moderation::{
    BULK_MAX, Decision, QUEUE_PAGE, Queue, QueueItem, ReactionPromise,
};
use crate::domain::post::{PostInput, PostStatus};
use crate::ssr::db::moderation::{self as db, QueueRecord};
use crate::ssr::db::users::{self, UserRecord};
use crate::ssr::db::{now, search_index};
use crate::ssr::mail::{self, MailKind};
use crate::ssr::posts::{self, DAY, Outcome, PostError, Refusal, index};
use crate::ssr::state::AppState;
use sqlx::AnyConnection;

pub mod audit;
pub mod dashboard;
pub mod reports;

/// The days the public promise looks back on.
pub const PROMISE_WINDOW_DAYS: u32 = 90;

/// How well the district kept its reaction promise over the last `PROMISE_WINDOW_DAYS`.
/// Kept for a while (see `ListingCache`): counting reads every post of the window.
pub async fn promise(state: &AppState) -> Result<ReactionPromise, PostError> {
    state
        .listings
        .promise
        .get_or_try_compute(&(), || count_promise(state))
        .await
}

async fn count_promise(state: &AppState) -> Result<ReactionPromise, PostError> {
    let days = state.tenant.moderation.reaction_days;
    let within = i64::from(days) * DAY;
    let now = now();
    let since = now - i64::from(PROMISE_WINDOW_DAYS) * DAY;
    let mut conn = state.db.pool().acquire().await?;
    let (posts_due, posts_in_time, reports_due, reports_in_time) =
        db::promise_counts(&mut conn, since, now - within, within).await?;
    let count = |n: i64| u64::try_from(n).unwrap_or_default();
    Ok(ReactionPromise {
        days,
        window_days: PROMISE_WINDOW_DAYS,
        posts_due: count(posts_due),
        posts_in_time: count(posts_in_time),
        reports_due: count(reports_due),
        reports_in_time: count(reports_in_time),
    })
}

/// The oldest posts waiting for review, and how many wait in all.
pub async fn queue(state: &AppState) -> Result<Queue, PostError> {
    let mut conn = state.db.pool().acquire().await?;
    let records = db::queue(&mut conn, QUEUE_PAGE as i64).await?;
    let total = db::queue_size(&mut conn).await?;
    let reaction_days = state.tenant.moderation.reaction_days;
    let overdue_before = now() - i64::from(reaction_days) * DAY;
    Ok(Queue {
        items: records
            .into_iter()
            .map(|r| item(r, overdue_before))
            .collect(),
        total: u64::try_from(total).unwrap_or_default(),
        reaction_days,
    })
}

fn item(record: QueueRecord, overdue_before: i64) -> QueueItem {
    let post = record.post;
    QueueItem {
        id: post.id,
        kind: post.kind(),
        help: post.help(),
        status: post.status(),
        for_someone: post.on_behalf_of.is_some(),
        category: post.category,
        municipality: post.municipality,
        title: post.title,
        description: post.description,
        language: post.language,
        author_name: record.author_name,
        submitted_at: record.submitted_at,
        overdue: record.submitted_at < overdue_before,
    }
}

/// Approves or rejects the posts `ids` (a bulk decision covers at most `BULK_MAX`).
/// A rejection needs a reason, which its author gets by mail. Returns how many posts the
/// decision changed (posts decided on meanwhile by someone else are skipped).
pub async fn decide(
    state: &AppState,
    moderator: &UserRecord,
    ids: &[i64],
    decision: Decision,
    reason: &str,
) -> Outcome<usize> {
    if ids.is_empty() {
        return Ok(Err(Refusal::Invalid(vec![("ids", Problem::Required)])));
    }
    if ids.len() > BULK_MAX {
        return Ok(Err(Refusal::Invalid(vec![("ids", Problem::TooLong)])));
    }
    let reason = match (decision, check_reason(reason)) {
        (Decision::Reject, Err(problem)) => {
            return Ok(Err(Refusal::Invalid(vec![("reason", problem)])));
        }
        (_, Ok(reason)) => reason,
        (Decision::Approve, Err(_)) => String::new(),
    };
    let now = now();
    let mut changed = 0;
    let mut published = Vec::new();
    let mut tx = state.db.begin().await?;
    for &id in ids {
        match decision {
            Decision::Approve => match approve_one(&mut tx, state, moderator, id, now).await? {
                Approval::Published => {
                    changed += 1;
                    published.push(id);
                }
                Approval::Confirmed => changed += 1,
                Approval::Unchanged => {}
            },
            Decision::Reject => {
                let to = PostStatus::Rejected;
                if take_down(&mut tx, state, moderator, id, to, &reason, now).await? {
                    changed += 1;
                }
            }
        }
    }
    tx.commit().await?;
    if changed > 0 {
        state.listings.invalidate();
        state.mail_wakeup.notify_one();
    }
    tracing::info!(
        moderator = moderator.id,
        decision = ?decision,
        asked = ids.len(),
        changed,
        "posts moderated"
    );
    after_publishing(state, &published).await;
    Ok(Ok(changed))
}

/// Saves a moderator's corrections to a post in the queue and approves it.
pub async fn approve_edited(
    state: &AppState,
    moderator: &UserRecord,
    id: i64,
    input: &PostInput,
) -> Outcome<()> {
    if let Err(refusal) = posts::edit(state, moderator, id, input).await? {
        return Ok(Err(refusal));
    }
    let now = now();
    let mut tx = state.db.begin().await?;
    let approval = approve_one(&mut tx, state, moderator, id, now).await?;
    if approval != Approval::Unchanged {
        audit::record(&mut tx, moderator, "post.edit", "post", Some(id), "").await?;
    }
    tx.commit().await?;
    match approval {
        Approval::Unchanged => return Ok(Err(Refusal::NotActive)),
        Approval::Published => after_publishing(state, &[id]).await,
        Approval::Confirmed => {}
    }
    state.listings.invalidate();
    Ok(Ok(()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Approval {
    /// It was waiting and is public now.
    Published,
    /// It was public already and may stay.
    Confirmed,
    /// Someone decided on it before (or it is closed).
    Unchanged,
}

/// Publishes a waiting post (it enters the search index) or confirms a published one.
async fn approve_one(
    conn: &mut AnyConnection,
    state: &AppState,
    moderator: &UserRecord,
    id: i64,
    now: i64,
) -> Result<Approval, PostError> {
    let expires_at = now + i64::from(state.tenant.posts.expiry_days) * DAY;
    let approval = if db::publish(conn, id, moderator.id, now, expires_at).await? {
        if let Some(post) = crate::ssr::db::posts::by_id(conn, id).await? {
            let docs = index::documents(&state.tenant, &post.draft());
            search_index::put(conn, id, &docs).await?;
        }
        Approval::Published
    } else if db::confirm(conn, id, moderator.id, now).await? {
        Approval::Confirmed
    } else {
        return Ok(Approval::Unchanged);
    };
    audit::record(conn, moderator, "post.approve", "post", Some(id), "").await?;
    Ok(approval)
}

/// Rejects (waiting) or removes (published) a post and mails its author the reason.
pub(crate) async fn take_down(
    conn: &mut AnyConnection,
    state: &AppState,
    moderator: &UserRecord,
    id: i64,
    to: PostStatus,
    reason: &str,
    now: i64,
) -> Result<bool, PostError> {
    let Some(post) = crate::ssr::db::posts::by_id(conn, id).await? else {
        return Ok(false);
    };
    let was_published = post.status().is_active();
    let to = if to == PostStatus::Rejected && was_published {
        // Already public: taking it down is a removal, whatever the button said.
        PostStatus::Removed
    } else {
        to
    };
    if !db::take_down(conn, id, to, moderator.id, reason, now).await? {
        return Ok(false);
    }
    let action = if to == PostStatus::Removed {
        "post.remove"
    } else {
        "post.reject"
    };
    audit::record(conn, moderator, action, "post", Some(id), reason).await?;
    if let Some(author) = users::by_id(conn, post.author_id).await? {
        let link = format!("{}/posts/{id}", state.public_url);
        let kind = MailKind::PostRejected {
            title: &post.title,
            reason,
            removed: to == PostStatus::Removed,
            contact: &state.tenant.operator.email,
            link: &link,
        };
        mail::enqueue_to(conn, state, &author, &kind).await?;
    }
    Ok(true)
}

/// What posting does after a post is published, for posts published by approval (not
/// for confirmed ones, which had it when they were posted): the search vocabulary learns
/// their words, their authors get the match suggestions mail.
async fn after_publishing(state: &AppState, ids: &[i64]) {
    for &id in ids {
        let result: Result<(), PostError> = async {
            let Some(post) = posts::get(state, id).await? else {
                return Ok(());
            };
            if post.status() != PostStatus::Open {
                return Ok(());
            }
            let draft = post.draft();
            let docs = index::documents(&state.tenant, &draft);
            state
                .search
                .learn(&[&docs.title, &docs.body, &docs.category])
                .await;
            let mut conn = state.db.pool().acquire().await?;
            let author = users::by_id(&mut conn, post.author_id).await?;
            drop(conn);
            if let Some(author) = author {
                crate::ssr::matching::mail_author(state, &author, id, &draft).await?;
            }
            Ok(())
        }
        .await;
        if let Err(err) = result {
            tracing::error!(post_id = id, error = %err, "after publishing an approved post");
        }
    }
}
