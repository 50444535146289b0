//! Saved searches (see migrations/sqlite/0011_alerts.sql, 0016_digest_published.sql and
//! `ssr::alerts`).
use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SavedSearchRecord {
    pub id: i64,
    pub user_id: i64,
    pub query: String,
    pub frequency: String,
    pub unsubscribe_token: String,
    pub seen_post_id: i64,
    /// The newest publication time among the reported posts: a post published later
    /// (approved by a moderator) is new even with a lower id.
    pub seen_published: i64,
    pub next_due_at: i64,
}

const COLUMNS: &str =
    "id, user_id, query, frequency, unsubscribe_token, seen_post_id, seen_published, next_due_at";

pub struct NewSavedSearch<'a> {
    pub user_id: i64,
    pub query: &'a str,
    pub frequency: &'a str,
    pub unsubscribe_token: &'a str,
    pub seen_post_id: i64,
    pub seen_published: i64,
    pub next_due_at: i64,
}

pub async fn insert(
    conn: &mut AnyConnection,
    new: &NewSavedSearch<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO saved_searches (user_id, query, frequency, unsubscribe_token, seen_post_id, \
         seen_published, next_due_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(new.user_id)
    .bind(new.query)
    .bind(new.frequency)
    .bind(new.unsubscribe_token)
    .bind(new.seen_post_id)
    .bind(new.seen_published)
    .bind(new.next_due_at)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// The same search already saved by this person, if any.
pub async fn find(
    conn: &mut AnyConnection,
    user_id: i64,
    query: &str,
) -> Result<Option<SavedSearchRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM saved_searches WHERE user_id = $1 AND query = $2"
    ))
    .bind(user_id)
    .bind(query)
    .fetch_optional(&mut *conn)
    .await
}

pub async fn set_frequency(
    conn: &mut AnyConnection,
    id: i64,
    frequency: &str,
    next_due_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE saved_searches SET frequency = $1, next_due_at = $2 WHERE id = $3")
        .bind(frequency)
        .bind(next_due_at)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn by_user(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<SavedSearchRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM saved_searches WHERE user_id = $1 ORDER BY id"
    ))
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await
}

/// Deletes one of `user_id`'s saved searches; false when there was none with that id.
pub async fn delete(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM saved_searches WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn by_token(
    conn: &mut AnyConnection,
    token: &str,
) -> Result<Option<SavedSearchRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM saved_searches WHERE unsubscribe_token = $1"
    ))
    .bind(token)
    .fetch_optional(&mut *conn)
    .await
}

/// Saved searches whose next digest is due, oldest first.
pub async fn due(
    conn: &mut AnyConnection,
    now: i64,
    limit: i64,
) -> Result<Vec<SavedSearchRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM saved_searches WHERE next_due_at <= $1 ORDER BY next_due_at LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await
}

/// Moves a due search on: posts up to `seen_post_id` and published up to
/// `seen_published` are reported, the next digest is due at `next_due_at`. False when
/// another run (instance) got there first.
pub async fn advance(
    conn: &mut AnyConnection,
    search: &SavedSearchRecord,
    (seen_post_id, seen_published): (i64, i64),
    next_due_at: i64,
    sent_at: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE saved_searches SET seen_post_id = $1, seen_published = $6, next_due_at = $2, \
         last_sent_at = COALESCE($3, last_sent_at) WHERE id = $4 AND next_due_at = $5",
    )
    .bind(seen_post_id)
    .bind(next_due_at)
    .bind(sent_at)
    .bind(search.id)
    .bind(search.next_due_at)
    .bind(seen_published)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The highest post id and publication time so far (0 without posts): a new search
/// reports posts after them.
pub async fn newest_post(conn: &mut AnyConnection) -> Result<(i64, i64), sqlx::Error> {
    let (id, published): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT MAX(id), MAX(created_at) FROM posts")
            .fetch_one(&mut *conn)
            .await?;
    Ok((id.unwrap_or(0), published.unwrap_or(0)))
}
