//! Reports on posts, messages, people and conversations, and how moderators handled
//! them (migrations/sqlite/0014_moderation.sql).
use sqlx::AnyConnection;

pub struct NewReport<'a> {
    /// post, message, user or conversation
    pub target: &'a str,
    pub target_id: i64,
    /// The person the report is about.
    pub subject_id: Option<i64>,
    pub reporter_id: i64,
    /// A `ReportReason` code.
    pub reason: &'a str,
    pub note: &'a str,
    /// The reported content as it was.
    pub snapshot: &'a str,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRecord {
    pub id: i64,
    pub target: String,
    pub target_id: i64,
    pub subject_id: Option<i64>,
    pub reporter_id: Option<i64>,
    pub reason: String,
    pub note: String,
    pub snapshot: String,
    pub created_at: i64,
    pub handled_at: Option<i64>,
    pub subject_name: Option<String>,
    pub reporter_name: Option<String>,
}

const SELECT: &str = "SELECT r.id, r.target, r.target_id, r.subject_id, r.reporter_id, r.reason, \
    r.note, r.snapshot, r.created_at, r.handled_at, \
    (SELECT display_name FROM users WHERE users.id = r.subject_id) AS subject_name, \
    (SELECT display_name FROM users WHERE users.id = r.reporter_id) AS reporter_name \
    FROM reports r";

pub async fn insert(
    conn: &mut AnyConnection,
    report: &NewReport<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO reports (target, target_id, subject_id, reporter_id, reason, note, snapshot, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(report.target)
    .bind(report.target_id)
    .bind(report.subject_id)
    .bind(report.reporter_id)
    .bind(report.reason)
    .bind(report.note)
    .bind(report.snapshot)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Reports nobody has handled yet, oldest first.
pub async fn open(conn: &mut AnyConnection, limit: i64) -> Result<Vec<ReportRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE r.handled_at IS NULL ORDER BY r.created_at, r.id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await
}

pub async fn open_count(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM reports WHERE handled_at IS NULL")
        .fetch_one(&mut *conn)
        .await?;
    Ok(n)
}

pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<ReportRecord>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
}

/// Marks an open report handled with `outcome`; false when it was handled already.
pub async fn close(
    conn: &mut AnyConnection,
    id: i64,
    moderator: i64,
    outcome: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE reports SET handled_at = $1, handled_by = $2, outcome = $3 \
         WHERE id = $4 AND handled_at IS NULL",
    )
    .bind(now)
    .bind(moderator)
    .bind(outcome)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}
