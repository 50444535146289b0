//! Conversations, messages, read marks and blocks
//! (migrations/sqlite/0010_conversations.sql). Reports are in `reports`.
use crate::domain::conversation::ConversationStatus;
use sqlx::AnyConnection;

/// A conversation with the facts of its post that decide who may do what.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConversationRecord {
    pub id: i64,
    pub post_id: i64,
    pub helper_id: i64,
    pub status: String,
    pub created_at: i64,
    pub last_message_at: i64,
    pub author_id: i64,
    pub post_title: String,
    pub post_kind: String,
    pub post_status: String,
    pub post_quantity: Option<i64>,
}

impl ConversationRecord {
    /// The other participant, seen from `user`.
    pub fn other(&self, user: i64) -> i64 {
        if user == self.author_id {
            self.helper_id
        } else {
            self.author_id
        }
    }

    pub fn has(&self, user: i64) -> bool {
        user == self.author_id || user == self.helper_id
    }
}

const SELECT: &str = "SELECT c.id, c.post_id, c.helper_id, c.status, c.created_at, \
    c.last_message_at, p.author_id, p.title AS post_title, p.kind AS post_kind, \
    p.status AS post_status, p.quantity AS post_quantity \
    FROM conversations c JOIN posts p ON p.id = c.post_id";

pub async fn by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<ConversationRecord>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
}

/// A conversation as its page shows it to `me`: what surrounds the messages. Each query
/// is a round trip to a database thread, and handing work to those threads and back was
/// a quarter of a conversation page's time, so `for_page` reads it with the messages.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PageRecord {
    #[sqlx(flatten)]
    pub conversation: ConversationRecord,
    /// The other person's display name.
    pub other_name: Option<String>,
    /// Whether either of the two blocked the other (a count).
    pub blocked: i64,
    /// Helpers the post's author has chosen so far.
    pub promised: i64,
    /// How far `me` has read.
    pub last_read: Option<i64>,
}

/// One row of `for_page`: the page's facts (the same in every row) and one message, or
/// none for a conversation without messages.
#[derive(sqlx::FromRow)]
struct PageRow {
    #[sqlx(flatten)]
    page: PageRecord,
    message_id: Option<i64>,
    message_sender: Option<i64>,
    message_body: Option<String>,
    message_created_at: Option<i64>,
    message_removed_at: Option<i64>,
}

/// The conversation `id` as its page shows it to `me`, and its messages in order, in one
/// query (the facts computed once, `MATERIALIZED`, then one row per message).
pub async fn for_page(
    conn: &mut AnyConnection,
    id: i64,
    me: i64,
) -> Result<Option<(PageRecord, Vec<MessageRecord>)>, sqlx::Error> {
    let rows: Vec<PageRow> = sqlx::query_as(
        "WITH page AS MATERIALIZED (SELECT c.id, c.post_id, c.helper_id, c.status, c.created_at, \
         c.last_message_at, p.author_id, p.title AS post_title, p.kind AS post_kind, \
         p.status AS post_status, p.quantity AS post_quantity, \
         (SELECT display_name FROM users \
           WHERE id = CASE WHEN c.helper_id = $2 THEN p.author_id ELSE c.helper_id END) AS other_name, \
         (SELECT COUNT(*) FROM blocks b \
           WHERE (b.blocker_id = c.helper_id AND b.blocked_id = p.author_id) \
              OR (b.blocker_id = p.author_id AND b.blocked_id = c.helper_id)) AS blocked, \
         (SELECT COUNT(*) FROM conversations o \
           WHERE o.post_id = c.post_id AND o.status IN ('accepted', 'done')) AS promised, \
         (SELECT r.last_read_id FROM conversation_reads r \
           WHERE r.conversation_id = c.id AND r.user_id = $2) AS last_read \
         FROM conversations c JOIN posts p ON p.id = c.post_id WHERE c.id = $1) \
         SELECT page.*, m.id AS message_id, m.sender_id AS message_sender, \
         m.body AS message_body, m.created_at AS message_created_at, \
         m.removed_at AS message_removed_at \
         FROM page LEFT JOIN messages m ON m.conversation_id = page.id ORDER BY m.id",
    )
    .bind(id)
    .bind(me)
    .fetch_all(&mut *conn)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let page = first.page.clone();
    let messages = rows
        .into_iter()
        .filter_map(|row| {
            Some(MessageRecord {
                id: row.message_id?,
                sender_id: row.message_sender?,
                body: row.message_body?,
                created_at: row.message_created_at?,
                removed_at: row.message_removed_at,
            })
        })
        .collect();
    Ok(Some((page, messages)))
}

pub async fn find(
    conn: &mut AnyConnection,
    post_id: i64,
    helper_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM conversations WHERE post_id = $1 AND helper_id = $2")
            .bind(post_id)
            .bind(helper_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(id,)| id))
}

pub async fn insert(
    conn: &mut AnyConnection,
    post_id: i64,
    helper_id: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO conversations (post_id, helper_id, created_at, last_message_at) \
         VALUES ($1, $2, $3, $3) RETURNING id",
    )
    .bind(post_id)
    .bind(helper_id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Adds a message and returns its id.
pub async fn add_message(
    conn: &mut AnyConnection,
    conversation_id: i64,
    sender_id: i64,
    body: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO messages (conversation_id, sender_id, body, created_at) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(conversation_id)
    .bind(sender_id)
    .bind(body)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("UPDATE conversations SET last_message_at = $1 WHERE id = $2")
        .bind(now)
        .bind(conversation_id)
        .execute(&mut *conn)
        .await?;
    mark_read(conn, conversation_id, sender_id, id).await?;
    Ok(id)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageRecord {
    pub id: i64,
    pub sender_id: i64,
    pub body: String,
    pub created_at: i64,
    pub removed_at: Option<i64>,
}

pub async fn messages(
    conn: &mut AnyConnection,
    conversation_id: i64,
) -> Result<Vec<MessageRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, sender_id, body, created_at, removed_at FROM messages \
         WHERE conversation_id = $1 ORDER BY id",
    )
    .bind(conversation_id)
    .fetch_all(&mut *conn)
    .await
}

/// `user` has seen the conversation up to message `last_id`.
/// Marks the conversation read up to message `last_id` for `user_id` (never backwards).
pub async fn mark_read(
    conn: &mut AnyConnection,
    conversation_id: i64,
    user_id: i64,
    last_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO conversation_reads (conversation_id, user_id, last_read_id) \
         VALUES ($1, $2, $3) ON CONFLICT (conversation_id, user_id) \
         DO UPDATE SET last_read_id = CASE WHEN excluded.last_read_id > conversation_reads.last_read_id \
         THEN excluded.last_read_id ELSE conversation_reads.last_read_id END",
    )
    .bind(conversation_id)
    .bind(user_id)
    .bind(last_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Moves a conversation on, with the time of the step (`accepted_at` or `done_at`).
pub async fn set_status(
    conn: &mut AnyConnection,
    id: i64,
    status: ConversationStatus,
    now: i64,
) -> Result<(), sqlx::Error> {
    let column = match status {
        ConversationStatus::Done => "done_at",
        ConversationStatus::Accepted | ConversationStatus::Open => "accepted_at",
    };
    sqlx::query(&format!(
        "UPDATE conversations SET status = $1, {column} = $2 WHERE id = $3"
    ))
    .bind(status.as_str())
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How many conversations about `post_id` have reached `status` or beyond it.
pub async fn count_at_least(
    conn: &mut AnyConnection,
    post_id: i64,
    statuses: &[&str],
) -> Result<i64, sqlx::Error> {
    let list = statuses
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ");
    // `statuses` are the fixed status names from the caller, never input.
    let (n,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM conversations WHERE post_id = $1 AND status IN ({list})"
    ))
    .bind(post_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n)
}

/// A line of someone's conversation list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SummaryRecord {
    pub id: i64,
    pub post_id: i64,
    pub post_title: String,
    pub post_kind: String,
    pub status: String,
    pub last_message_at: i64,
    pub other_name: String,
    pub unread: i64,
}

/// Unread messages of `$1` in conversation `c`.
const UNREAD: &str = "(SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id \
    AND m.sender_id <> $1 AND m.id > COALESCE((SELECT r.last_read_id FROM conversation_reads r \
    WHERE r.conversation_id = c.id AND r.user_id = $1), 0))";

/// Every conversation `user_id` takes part in, the most recent first. Which ones is
/// found in two indexed parts, as helper and as author (as in `unread_total_sql`):
/// `helper_id = $1 OR author_id = $1` read every conversation there is.
pub async fn of_user(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<SummaryRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT c.id, c.post_id, p.title AS post_title, p.kind AS post_kind, c.status, \
         c.last_message_at, u.display_name AS other_name, {UNREAD} AS unread \
         FROM conversations c JOIN posts p ON p.id = c.post_id \
         JOIN users u ON u.id = CASE WHEN p.author_id = $1 THEN c.helper_id ELSE p.author_id END \
         WHERE c.id IN (SELECT h.id FROM conversations h WHERE h.helper_id = $1 \
         UNION SELECT a.id FROM posts ap JOIN conversations a ON a.post_id = ap.id \
         WHERE ap.author_id = $1) \
         ORDER BY c.last_message_at DESC, c.id DESC"
    ))
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await
}

/// Unread messages of the user `$1` over all their conversations (the header's count),
/// as a scalar subquery (see `users::with_unread`). In two parts, as helper and as
/// author, so each uses its index (`conversations_helper`; `posts_author`, then
/// `conversations_post`): with `helper_id = $1 OR author_id = $1` SQLite read every
/// conversation, on every page a signed-in person opens.
pub(super) fn unread_total_sql() -> String {
    format!(
        "(SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM (\
         SELECT {UNREAD} AS n FROM conversations c WHERE c.helper_id = $1 \
         UNION ALL \
         SELECT {UNREAD} AS n FROM posts p JOIN conversations c ON c.post_id = p.id \
         WHERE p.author_id = $1 AND c.helper_id <> $1) AS mine)"
    )
}

pub async fn block(
    conn: &mut AnyConnection,
    blocker: i64,
    blocked: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (blocker_id, blocked_id) DO NOTHING",
    )
    .bind(blocker)
    .bind(blocked)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whether either of the two blocked the other.
pub async fn blocked_between(
    conn: &mut AnyConnection,
    a: i64,
    b: i64,
) -> Result<bool, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM blocks WHERE (blocker_id = $1 AND blocked_id = $2) \
         OR (blocker_id = $2 AND blocked_id = $1)",
    )
    .bind(a)
    .bind(b)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// Every message `user_id` wrote, with its conversation and post (the data download).
pub async fn written_by(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<(i64, i64, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.conversation_id, c.post_id, m.body, m.created_at FROM messages m \
         JOIN conversations c ON c.id = m.conversation_id WHERE m.sender_id = $1 ORDER BY m.id",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await
}

/// A message nobody has been mailed about yet, with the person it is for and whether that
/// person has read it already.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Unnoticed {
    pub id: i64,
    pub conversation_id: i64,
    pub recipient_id: i64,
    pub read: i64,
}

/// Messages written at or before `before` that no mail has told about yet (oldest first).
pub async fn unnoticed(
    conn: &mut AnyConnection,
    before: i64,
    limit: i64,
) -> Result<Vec<Unnoticed>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id, m.conversation_id, \
         CASE WHEN m.sender_id = c.helper_id THEN p.author_id ELSE c.helper_id END AS recipient_id, \
         CASE WHEN r.last_read_id >= m.id THEN 1 ELSE 0 END AS read \
         FROM messages m JOIN conversations c ON c.id = m.conversation_id \
         JOIN posts p ON p.id = c.post_id \
         LEFT JOIN conversation_reads r ON r.conversation_id = m.conversation_id \
           AND r.user_id = CASE WHEN m.sender_id = c.helper_id THEN p.author_id ELSE c.helper_id END \
         WHERE m.noticed = 0 AND m.created_at <= $1 AND m.removed_at IS NULL \
         ORDER BY m.created_at LIMIT $2",
    )
    .bind(before)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await
}

/// Marks the messages noticed and returns how many were not noticed before: with several
/// instances, another may have claimed some first (it then sends their mail).
pub async fn mark_noticed(conn: &mut AnyConnection, ids: &[i64]) -> Result<u64, sqlx::Error> {
    if ids.is_empty() {
        return Ok(0);
    }
    let list = ids
        .iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    // The ids are integers from `unnoticed`, so listing them inline is safe.
    let done = sqlx::query(&format!(
        "UPDATE messages SET noticed = 1 WHERE id IN ({list}) AND noticed = 0"
    ))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// When `user_id` was last mailed about new messages.
pub async fn last_notice(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT sent_at FROM message_notices WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(at,)| at))
}

pub async fn set_last_notice(
    conn: &mut AnyConnection,
    user_id: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO message_notices (user_id, sent_at) VALUES ($1, $2) \
         ON CONFLICT (user_id) DO UPDATE SET sent_at = excluded.sent_at",
    )
    .bind(user_id)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
