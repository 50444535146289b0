//! The review queue of posts and the moderators' decisions on them.
use super::posts::{COLUMNS, PostRecord};
use crate::domain::post::PostStatus;
use sqlx::AnyConnection;

/// A post in the review queue, with when it was sent and its author's display name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueueRecord {
    #[sqlx(flatten)]
    pub post: PostRecord,
    pub submitted_at: i64,
    pub author_name: String,
}

/// The post's author is not blocked. Blocking hides a person's published posts; their
/// waiting ones stay waiting but leave the queue and cannot be approved, until an admin
/// lifts the block (then they are back in the queue, still waiting).
const AUTHOR_NOT_BLOCKED: &str =
    "NOT EXISTS (SELECT 1 FROM users b WHERE b.id = posts.author_id AND b.blocked_at IS NOT NULL)";

/// Unreviewed posts that are waiting or published (rejected and removed ones have been
/// decided on; closed ones no longer matter) by authors who are not blocked, oldest first.
const UNREVIEWED: &str = "reviewed_at IS NULL AND status IN ('pending', 'open', 'in_contact') AND submitted_at IS NOT NULL";

pub async fn queue(conn: &mut AnyConnection, limit: i64) -> Result<Vec<QueueRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS}, submitted_at, \
         COALESCE((SELECT display_name FROM users WHERE users.id = posts.author_id), '') AS author_name \
         FROM posts WHERE {UNREVIEWED} AND {AUTHOR_NOT_BLOCKED} ORDER BY submitted_at, id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await
}

pub async fn queue_size(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM posts WHERE {UNREVIEWED} AND {AUTHOR_NOT_BLOCKED}"
    ))
    .fetch_one(&mut *conn)
    .await?;
    Ok(count)
}

/// Publishes a waiting post: it counts as new from now (top of the listings, a full
/// period before it expires). False when it was not waiting, or its author is blocked
/// (a moderator's queue page from before the block must not publish it).
pub async fn publish(
    conn: &mut AnyConnection,
    id: i64,
    moderator: i64,
    now: i64,
    expires_at: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&format!(
        "UPDATE posts SET status = 'open', created_at = $1, updated_at = $1, expires_at = $2, \
         reviewed_at = $1, reviewed_by = $3 WHERE id = $4 AND status = 'pending' AND {AUTHOR_NOT_BLOCKED}"
    ))
    .bind(now)
    .bind(expires_at)
    .bind(moderator)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Confirms that a published, unreviewed post may stay. False when there was nothing to
/// confirm.
pub async fn confirm(
    conn: &mut AnyConnection,
    id: i64,
    moderator: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE posts SET reviewed_at = $1, reviewed_by = $2 \
         WHERE id = $3 AND reviewed_at IS NULL AND status IN ('open', 'in_contact')",
    )
    .bind(now)
    .bind(moderator)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Rejects a waiting post or takes a published one down (`to` is `Rejected` or
/// `Removed`), keeping the reason for its author. The search index lets go of it by
/// trigger. False when the post was neither waiting nor published.
pub async fn take_down(
    conn: &mut AnyConnection,
    id: i64,
    to: PostStatus,
    moderator: i64,
    reason: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE posts SET status = $1, moderation_reason = $2, closed_at = $3, updated_at = $3, \
         reviewed_at = COALESCE(reviewed_at, $3), reviewed_by = COALESCE(reviewed_by, $4) \
         WHERE id = $5 AND status IN ('pending', 'open', 'in_contact')",
    )
    .bind(to.as_str())
    .bind(reason)
    .bind(now)
    .bind(moderator)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Whether a post was reviewed, and why a moderator rejected or removed it, if they did.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct Review {
    pub reviewed_at: Option<i64>,
    pub reason: Option<String>,
}

pub async fn review(conn: &mut AnyConnection, id: i64) -> Result<Review, sqlx::Error> {
    let row: Option<Review> =
        sqlx::query_as("SELECT reviewed_at, moderation_reason AS reason FROM posts WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.unwrap_or_default())
}

/// A message with its conversation's two people, for reports on it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageFacts {
    pub id: i64,
    pub conversation_id: i64,
    pub sender_id: i64,
    pub body: String,
    pub author_id: i64,
    pub helper_id: i64,
}

pub async fn message(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<MessageFacts>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id, m.conversation_id, m.sender_id, m.body, p.author_id, c.helper_id \
         FROM messages m JOIN conversations c ON c.id = m.conversation_id \
         JOIN posts p ON p.id = c.post_id WHERE m.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
}

/// Whether the two people share a conversation (either side of it).
pub async fn have_met(conn: &mut AnyConnection, a: i64, b: i64) -> Result<bool, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM conversations c JOIN posts p ON p.id = c.post_id \
         WHERE (c.helper_id = $1 AND p.author_id = $2) OR (c.helper_id = $2 AND p.author_id = $1)",
    )
    .bind(a)
    .bind(b)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// Takes messages down: one (`only` set) or all that `sender` wrote in a conversation.
/// Their text is then never shown or mailed again. Returns how many were removed.
pub async fn remove_messages(
    conn: &mut AnyConnection,
    conversation_id: i64,
    sender: i64,
    only: Option<i64>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE messages SET removed_at = $1 WHERE conversation_id = $2 AND sender_id = $3 \
         AND removed_at IS NULL AND ($4 IS NULL OR id = $4)",
    )
    .bind(now)
    .bind(conversation_id)
    .bind(sender)
    .bind(only)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// Blocks an account: it cannot log in (sessions end at their next request) and its
/// listed posts are hidden (the search index lets go of them by trigger).
pub async fn block_user(
    conn: &mut AnyConnection,
    user: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE users SET blocked_at = $1 WHERE id = $2 AND blocked_at IS NULL")
        .bind(now)
        .bind(user)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE posts SET status = 'hidden', updated_at = $1 \
         WHERE author_id = $2 AND status IN ('open', 'in_contact')",
    )
    .bind(now)
    .bind(user)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Unblocks an account; its hidden posts come back (in contact if a helper was accepted)
/// and are returned, to be put back into the search index.
pub async fn unblock_user(
    conn: &mut AnyConnection,
    user: i64,
    now: i64,
) -> Result<Option<Vec<PostRecord>>, sqlx::Error> {
    let done =
        sqlx::query("UPDATE users SET blocked_at = NULL WHERE id = $1 AND blocked_at IS NOT NULL")
            .bind(user)
            .execute(&mut *conn)
            .await?;
    if done.rows_affected() == 0 {
        return Ok(None);
    }
    let back: Vec<PostRecord> = sqlx::query_as(&format!(
        "UPDATE posts SET updated_at = $1, status = CASE WHEN EXISTS \
         (SELECT 1 FROM conversations c WHERE c.post_id = posts.id AND c.status IN ('accepted', 'done')) \
         THEN 'in_contact' ELSE 'open' END \
         WHERE author_id = $2 AND status = 'hidden' RETURNING {COLUMNS}"
    ))
    .bind(now)
    .bind(user)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(back))
}

/// Posts and reports since `since` that were due by `due_before` (handled, or still
/// waiting and older than that; a blocked person's waiting posts are not due), and how many of them were handled within `within`
/// seconds: (posts due, posts in time, reports due, reports in time).
pub async fn promise_counts(
    conn: &mut AnyConnection,
    since: i64,
    due_before: i64,
    within: i64,
) -> Result<(i64, i64, i64, i64), sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT \
         (SELECT COUNT(*) FROM posts WHERE submitted_at >= $1 AND (reviewed_at IS NOT NULL \
            OR (status IN ('pending', 'open', 'in_contact') AND submitted_at < $2 \
                AND {AUTHOR_NOT_BLOCKED}))), \
         (SELECT COUNT(*) FROM posts WHERE submitted_at >= $1 AND reviewed_at IS NOT NULL \
            AND reviewed_at - submitted_at <= $3), \
         (SELECT COUNT(*) FROM reports WHERE created_at >= $1 \
            AND (handled_at IS NOT NULL OR created_at < $2)), \
         (SELECT COUNT(*) FROM reports WHERE created_at >= $1 AND handled_at IS NOT NULL \
            AND handled_at - created_at <= $3)"
    ))
    .bind(since)
    .bind(due_before)
    .bind(within)
    .fetch_one(&mut *conn)
    .await
}
