//! Conversations about a post: the person who answers a post and its author write to each
//! other here, never by email. Only the two of them may read or write; the checks live
//! here, not in the pages. The author accepts a helper (a need's light turns yellow, an
//! offer is reserved once all its pieces are promised) and either side marks the help as
//! given (green; an offer is gone once every piece is given). SQL is in `db::conversations`.
use crate::domain::account::Problem;
use crate::domain::conversation::{
    ConversationStatus, ConversationSummary, ConversationView, MessageView, check_message,
    check_reason,
};
use crate::domain::post::{PostKind, PostStatus};
use crate::ssr::db::conversations::{self as db, ConversationRecord};

pub mod notify;
use crate::ssr::db::users::UserRecord;
use crate::ssr::db::{now, posts};
use crate::ssr::posts::{PostError, Refusal};
use crate::ssr::rate_limit;
use crate::ssr::state::AppState;
use sqlx::AnyConnection;

pub type Outcome<T> = Result<Result<T, Refusal>, PostError>;

/// The conversation if `user` takes part in it; anyone else is told it does not exist.
async fn participant(
    conn: &mut AnyConnection,
    user: &UserRecord,
    id: i64,
) -> Result<Option<ConversationRecord>, PostError> {
    Ok(db::by_id(conn, id).await?.filter(|c| c.has(user.id)))
}

fn invalid(field: &'static str, problem: Problem) -> Refusal {
    Refusal::Invalid(vec![(field, problem)])
}

/// "I can help" / "I'm interested": opens (or continues) the conversation between `user`
/// and the author of `post_id` with a first message. Returns the conversation's id.
pub async fn start(state: &AppState, user: &UserRecord, post_id: i64, text: &str) -> Outcome<i64> {
    let body = match check_message(text) {
        Ok(body) => body,
        Err(problem) => return Ok(Err(invalid("message", problem))),
    };
    let who = user.id.to_string();
    let limits = [
        (&rate_limit::ANSWERS_USER, who.as_str()),
        (&rate_limit::MESSAGES_USER, who.as_str()),
    ];
    if let Some(minutes) = rate_limit::check_all(&state.db, &limits).await? {
        return Ok(Err(Refusal::Wait(minutes)));
    }
    let now = now();
    let mut tx = state.db.begin().await?;
    let Some(post) = posts::by_id(&mut tx, post_id).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    if post.author_id == user.id {
        return Ok(Err(Refusal::Forbidden));
    }
    let existing = db::find(&mut tx, post_id, user.id).await?;
    if existing.is_none() && !post.status().is_active() {
        return Ok(Err(Refusal::NotActive));
    }
    if db::blocked_between(&mut tx, user.id, post.author_id).await? {
        return Ok(Err(Refusal::Blocked));
    }
    let id = match existing {
        Some(id) => id,
        None => db::insert(&mut tx, post_id, user.id, now).await?,
    };
    db::add_message(&mut tx, id, user.id, &body, now).await?;
    posts::mark_first_response(&mut tx, post_id, now).await?;
    tx.commit().await?;
    tracing::info!(
        conversation_id = id,
        post_id,
        user_id = user.id,
        "conversation message"
    );
    Ok(Ok(id))
}

/// A message from `user` in conversation `id`.
pub async fn send(state: &AppState, user: &UserRecord, id: i64, text: &str) -> Outcome<()> {
    // Counted before the transaction: the counter is written on a connection of its own.
    let who = user.id.to_string();
    if let Some(minutes) = rate_limit::check(&state.db, &rate_limit::MESSAGES_USER, &who).await? {
        return Ok(Err(Refusal::Wait(minutes)));
    }
    let mut tx = state.db.begin().await?;
    let Some(conversation) = participant(&mut tx, user, id).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    let body = match check_message(text) {
        Ok(body) => body,
        Err(problem) => return Ok(Err(invalid("message", problem))),
    };
    if db::blocked_between(&mut tx, user.id, conversation.other(user.id)).await? {
        return Ok(Err(Refusal::Blocked));
    }
    db::add_message(&mut tx, id, user.id, &body, now()).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

fn status_of(record: &ConversationRecord) -> ConversationStatus {
    ConversationStatus::parse(&record.status).unwrap_or(ConversationStatus::Open)
}

/// How many people an offer can serve (its quantity; a need or a time offer: one).
fn capacity(record: &ConversationRecord) -> i64 {
    record.post_quantity.unwrap_or(1).max(1)
}

/// The conversation as `user` sees it; reading it marks its messages read.
pub async fn view(state: &AppState, user: &UserRecord, id: i64) -> Outcome<ConversationView> {
    let mut conn = state.db.pool().acquire().await?;
    let Some((page, records)) = db::for_page(&mut conn, id, user.id)
        .await?
        .filter(|(page, _)| page.conversation.has(user.id))
    else {
        return Ok(Err(Refusal::NotFound));
    };
    // Written only when the mark moves: most views change nothing, and a write on every
    // view queued the conversation pages behind SQLite's single writer.
    if let Some(last) = records.last()
        && page.last_read.is_none_or(|read| read < last.id)
    {
        db::mark_read(&mut conn, id, user.id, last.id).await?;
    }
    drop(conn);
    let other_name = page.other_name.clone().unwrap_or_default();
    let (blocked, promised) = (page.blocked > 0, page.promised);
    let conversation = page.conversation;
    let status = status_of(&conversation);
    let post_status = PostStatus::parse(&conversation.post_status).unwrap_or(PostStatus::Closed);
    let i_am_author = conversation.author_id == user.id;
    let messages = records
        .into_iter()
        .map(|m| {
            let mine = m.sender_id == user.id;
            let removed = m.removed_at.is_some();
            MessageView {
                id: m.id,
                mine,
                sender_name: if mine {
                    user.display_name.clone()
                } else {
                    other_name.clone()
                },
                body: if removed { String::new() } else { m.body },
                removed,
                created_at: m.created_at,
            }
        })
        .collect();
    Ok(Ok(ConversationView {
        id,
        post_id: conversation.post_id,
        post_title: conversation.post_title.clone(),
        post_kind: PostKind::parse(&conversation.post_kind).unwrap_or(PostKind::Offer),
        post_status,
        status,
        i_am_author,
        can_accept: i_am_author
            && status == ConversationStatus::Open
            && post_status == PostStatus::Open
            && promised < capacity(&conversation)
            && !blocked,
        can_finish: status == ConversationStatus::Accepted,
        other_id: conversation.other(user.id),
        other_name,
        messages,
        blocked,
    }))
}

/// The author chooses the helper of conversation `id`.
pub async fn accept(state: &AppState, user: &UserRecord, id: i64) -> Outcome<()> {
    let mut tx = state.db.begin().await?;
    let Some(conversation) = participant(&mut tx, user, id).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    if conversation.author_id != user.id {
        return Ok(Err(Refusal::Forbidden));
    }
    let now = now();
    let promised = db::count_at_least(&mut tx, conversation.post_id, &["accepted", "done"]).await?;
    let open = PostStatus::parse(&conversation.post_status) == Some(PostStatus::Open);
    if status_of(&conversation) != ConversationStatus::Open
        || !open
        || promised >= capacity(&conversation)
    {
        return Ok(Err(Refusal::NotActive));
    }
    if db::blocked_between(&mut tx, user.id, conversation.helper_id).await? {
        return Ok(Err(Refusal::Blocked));
    }
    db::set_status(&mut tx, id, ConversationStatus::Accepted, now).await?;
    if promised + 1 >= capacity(&conversation) {
        posts::mark_in_contact(&mut tx, conversation.post_id, now).await?;
    }
    tx.commit().await?;
    state.listings.invalidate();
    tracing::info!(
        conversation_id = id,
        post_id = conversation.post_id,
        "helper accepted"
    );
    Ok(Ok(()))
}

/// Either side: the help was given. A need is fulfilled; an offer once every piece is.
pub async fn finish(state: &AppState, user: &UserRecord, id: i64) -> Outcome<()> {
    let mut tx = state.db.begin().await?;
    let Some(conversation) = participant(&mut tx, user, id).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    if status_of(&conversation) != ConversationStatus::Accepted {
        return Ok(Err(Refusal::NotActive));
    }
    let now = now();
    db::set_status(&mut tx, id, ConversationStatus::Done, now).await?;
    let done = db::count_at_least(&mut tx, conversation.post_id, &["done"]).await?;
    if done >= capacity(&conversation) {
        posts::finish(&mut tx, conversation.post_id, PostStatus::Fulfilled, now).await?;
    }
    tx.commit().await?;
    state.listings.invalidate();
    tracing::info!(
        conversation_id = id,
        post_id = conversation.post_id,
        "help given"
    );
    Ok(Ok(()))
}

/// `user` blocks the other side of conversation `id`: no more messages either way, and
/// no new conversation between them.
pub async fn block(state: &AppState, user: &UserRecord, id: i64) -> Outcome<()> {
    let mut conn = state.db.pool().acquire().await?;
    let Some(conversation) = participant(&mut conn, user, id).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    db::block(&mut conn, user.id, conversation.other(user.id), now()).await?;
    tracing::info!(conversation_id = id, user_id = user.id, "user blocked");
    Ok(Ok(()))
}

/// Either side reports the conversation to the moderators; the report keeps the messages.
pub async fn report(state: &AppState, user: &UserRecord, id: i64, reason: &str) -> Outcome<()> {
    let mut tx = state.db.begin().await?;
    let Some(conversation) = participant(&mut tx, user, id).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    let reason = match check_reason(reason) {
        Ok(reason) => reason,
        Err(problem) => return Ok(Err(invalid("reason", problem))),
    };
    let transcript = db::messages(&mut tx, id)
        .await?
        .iter()
        .map(|m| {
            let side = if m.sender_id == conversation.author_id {
                "author"
            } else {
                "helper"
            };
            format!("[{}] {side} #{}: {}", m.created_at, m.sender_id, m.body)
        })
        .collect::<Vec<_>>()
        .join("\n");
    let report = crate::ssr::db::reports::insert(
        &mut tx,
        &crate::ssr::db::reports::NewReport {
            target: "conversation",
            target_id: id,
            subject_id: Some(conversation.other(user.id)),
            reporter_id: user.id,
            reason: "other",
            note: &reason,
            snapshot: &transcript,
        },
        now(),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(
        report_id = report,
        conversation_id = id,
        "conversation reported"
    );
    Ok(Ok(()))
}

/// Every conversation of `user`, the most recent first.
pub async fn list(
    state: &AppState,
    user: &UserRecord,
) -> Result<Vec<ConversationSummary>, PostError> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(db::of_user(&mut conn, user.id)
        .await?
        .into_iter()
        .map(|r| ConversationSummary {
            id: r.id,
            post_id: r.post_id,
            post_title: r.post_title,
            post_kind: PostKind::parse(&r.post_kind).unwrap_or(PostKind::Offer),
            other_name: r.other_name,
            status: ConversationStatus::parse(&r.status).unwrap_or(ConversationStatus::Open),
            unread: u32::try_from(r.unread).unwrap_or(0),
            last_message_at: r.last_message_at,
        })
        .collect())
}
