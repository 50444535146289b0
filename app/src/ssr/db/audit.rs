//! The audit log: every action of moderators and admins (see migrations/sqlite/0014).
use sqlx::AnyConnection;

/// One action to record. `actor_name` is copied so the entry outlives the account.
pub struct NewEntry<'a> {
    pub actor_id: i64,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub target_id: Option<i64>,
    pub reason: &'a str,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EntryRecord {
    pub id: i64,
    pub actor_name: String,
    pub action: String,
    pub target: String,
    pub target_id: Option<i64>,
    pub reason: String,
    pub created_at: i64,
}

pub async fn record(
    conn: &mut AnyConnection,
    entry: &NewEntry<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO audit_log (actor_id, actor_name, action, target, target_id, reason, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(entry.actor_id)
    .bind(entry.actor_name)
    .bind(entry.action)
    .bind(entry.target)
    .bind(entry.target_id)
    .bind(entry.reason)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

const COLUMNS: &str = "id, actor_name, action, target, target_id, reason, created_at";

/// Up to `limit` entries older than `before` (an id; `None` for the newest), newest first.
pub async fn page(
    conn: &mut AnyConnection,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<EntryRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2"
    ))
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await
}

/// Every entry, oldest first (for the export).
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<EntryRecord>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM audit_log ORDER BY id"))
        .fetch_all(&mut *conn)
        .await
}
