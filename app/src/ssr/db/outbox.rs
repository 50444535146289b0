//! The mail outbox: rows written with the action that causes them, sent by a job.
use sqlx::AnyConnection;

pub struct NewMail<'a> {
    pub recipient: &'a str,
    pub locale: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub body_html: &'a str,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MailRow {
    pub id: i64,
    pub recipient: String,
    pub locale: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub attempts: i64,
}

pub async fn enqueue(
    conn: &mut AnyConnection,
    mail: &NewMail<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO outbox (recipient, locale, subject, body_text, body_html, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(mail.recipient)
    .bind(mail.locale)
    .bind(mail.subject)
    .bind(mail.body_text)
    .bind(mail.body_html)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Leases up to `limit` due mails until `lease_until`, so no other worker sends them
/// meanwhile. The lease condition is repeated outside the sub-select: on PostgreSQL a
/// concurrent claimer re-checks it on the locked row and skips rows already leased.
pub async fn claim_due(
    conn: &mut AnyConnection,
    now: i64,
    lease_until: i64,
    max_attempts: i64,
    limit: i64,
) -> Result<Vec<MailRow>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE outbox SET lease_until = $1 \
         WHERE sent_at IS NULL AND (lease_until IS NULL OR lease_until < $2) AND id IN ( \
           SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $2 \
           AND attempts < $3 AND (lease_until IS NULL OR lease_until < $2) ORDER BY id LIMIT $4) \
         RETURNING id, recipient, locale, subject, body_text, body_html, attempts",
    )
    .bind(lease_until)
    .bind(now)
    .bind(max_attempts)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await
}

pub async fn mark_sent(conn: &mut AnyConnection, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET sent_at = $1, lease_until = NULL, last_error = NULL WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn mark_failed(
    conn: &mut AnyConnection,
    id: i64,
    next_attempt_at: i64,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, lease_until = NULL, \
         last_error = $2 WHERE id = $3",
    )
    .bind(next_attempt_at)
    .bind(error)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Sent mails are kept a while for support questions, then removed (they hold addresses).
pub async fn delete_sent_before(conn: &mut AnyConnection, before: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1")
        .bind(before)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}
