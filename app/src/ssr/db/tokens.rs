//! One-time tokens sent by mail (confirm address, reset password). Only their SHA-256
//! is stored, so a copy of the database does not let anyone use a link.
use sqlx::AnyConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
    /// The one-click link in the "your post expires soon" mail.
    RenewPost,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::ResetPassword => "reset_password",
            Purpose::RenewPost => "renew_post",
        }
    }
}

pub async fn insert(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: i64,
    purpose: Purpose,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO auth_tokens (token_hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(purpose.as_str())
        .bind(expires_at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks the token used and returns its user, if it exists, has this purpose, is unused
/// and unexpired. One statement, so two requests racing with the same link cannot both win.
pub async fn consume(
    conn: &mut AnyConnection,
    token_hash: &str,
    purpose: Purpose,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE auth_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
         AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
    )
    .bind(now)
    .bind(token_hash)
    .bind(purpose.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// True when the token would be accepted (the reset form checks before asking for a password).
pub async fn is_valid(
    conn: &mut AnyConnection,
    token_hash: &str,
    purpose: Purpose,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT user_id FROM auth_tokens WHERE token_hash = $1 AND purpose = $2 \
         AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(purpose.as_str())
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.is_some())
}

/// Voids a user's open tokens of one purpose (a new reset link replaces older ones).
pub async fn void_open(
    conn: &mut AnyConnection,
    user_id: i64,
    purpose: Purpose,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE auth_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL")
        .bind(now)
        .bind(user_id)
        .bind(purpose.as_str())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes tokens that can no longer be used.
pub async fn delete_stale(conn: &mut AnyConnection, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM auth_tokens WHERE expires_at < $1")
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}
