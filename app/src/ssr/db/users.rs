//! Accounts.
use crate::domain::account::Role;
use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRecord {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub role: String,
    pub locale: String,
    pub municipality: Option<String>,
    pub notify_messages: i64,
    pub notify_matches: i64,
    pub email_verified_at: Option<i64>,
    pub session_epoch: i64,
    pub created_at: i64,
    pub last_login_at: Option<i64>,
    /// Set while a moderator has blocked the account: it cannot log in.
    pub blocked_at: Option<i64>,
}

impl UserRecord {
    /// An unknown role text (edited by hand in the database) counts as the least role.
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Member)
    }
}

const COLUMNS: &str = "id, email, display_name, password_hash, role, locale, municipality, \
    notify_messages, notify_matches, email_verified_at, session_epoch, created_at, last_login_at, blocked_at";

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: Option<&'a str>,
    pub role: Role,
    pub locale: &'a str,
    pub verified_at: Option<i64>,
    pub now: i64,
}

/// Inserts an account; `None` when the address is taken.
pub async fn insert(
    conn: &mut AnyConnection,
    user: &NewUser<'_>,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO users (email, display_name, password_hash, role, locale, email_verified_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(user.email)
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(user.role.as_str())
    .bind(user.locale)
    .bind(user.verified_at)
    .bind(user.now)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(id,)| id))
}

pub async fn by_email(
    conn: &mut AnyConnection,
    email: &str,
) -> Result<Option<UserRecord>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE email = $1"))
        .bind(email)
        .fetch_optional(&mut *conn)
        .await
}

pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<UserRecord>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
}

/// `UserRecord` and, in the same row, the unread messages of the account's
/// conversations (what every page's header shows; one query instead of two).
#[derive(Debug, sqlx::FromRow)]
pub struct ViewerRecord {
    #[sqlx(flatten)]
    pub user: UserRecord,
    pub unread: i64,
}

static WITH_UNREAD: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT {COLUMNS}, {} AS unread FROM users WHERE id = $1",
        super::conversations::unread_total_sql()
    )
});

pub async fn with_unread(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<ViewerRecord>, sqlx::Error> {
    sqlx::query_as(WITH_UNREAD.as_str())
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
}

pub async fn mark_verified(conn: &mut AnyConnection, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET email_verified_at = $1 WHERE id = $2 AND email_verified_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn record_login(conn: &mut AnyConnection, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Sets a new password hash and voids every existing session; returns the new epoch.
pub async fn set_password(
    conn: &mut AnyConnection,
    id: i64,
    hash: &str,
) -> Result<i64, sqlx::Error> {
    let (epoch,): (i64,) = sqlx::query_as(
        "UPDATE users SET password_hash = $1, session_epoch = session_epoch + 1 WHERE id = $2 RETURNING session_epoch",
    )
    .bind(hash)
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(epoch)
}

pub struct ProfileUpdate<'a> {
    pub display_name: &'a str,
    pub locale: &'a str,
    pub municipality: Option<&'a str>,
    pub notify_messages: bool,
    pub notify_matches: bool,
}

pub async fn update_profile(
    conn: &mut AnyConnection,
    id: i64,
    p: &ProfileUpdate<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET display_name = $1, locale = $2, municipality = $3, notify_messages = $4, \
         notify_matches = $5 WHERE id = $6",
    )
    .bind(p.display_name)
    .bind(p.locale)
    .bind(p.municipality)
    .bind(i64::from(p.notify_messages))
    .bind(i64::from(p.notify_matches))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn set_role(conn: &mut AnyConnection, id: i64, role: Role) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
        .bind(role.as_str())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn count_admins(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE role = 'admin'")
        .fetch_one(&mut *conn)
        .await?;
    Ok(n)
}

pub async fn delete(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Newest first; `filter` matches name or address (case-insensitive), at most `limit` rows.
pub async fn list(
    conn: &mut AnyConnection,
    filter: &str,
    limit: i64,
) -> Result<Vec<UserRecord>, sqlx::Error> {
    let pattern = format!("%{}%", filter.trim().to_lowercase().replace(['%', '_'], ""));
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM users WHERE LOWER(display_name) LIKE $1 OR email LIKE $1 \
         ORDER BY id DESC LIMIT $2"
    ))
    .bind(pattern)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await
}

/// Deletes accounts whose address was never confirmed and that were created before
/// `before` (someone typed a wrong address, or a stranger's). Returns how many.
pub async fn delete_unconfirmed_before(
    conn: &mut AnyConnection,
    before: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM users WHERE email_verified_at IS NULL AND created_at < $1")
        .bind(before)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}
