//! Reads for the personal data download (GDPR Art. 15 and 20, `accounts::service::export`)
//! that no other feature needs: what a person did besides writing posts and messages.
//! Content other people wrote (their messages, a reported post's copy) is left out.
use sqlx::AnyConnection;

/// A conversation the person takes part in, as the helper or as the post's author.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConversationRow {
    pub id: i64,
    pub post_id: i64,
    /// `helper` (answered the post) or `author` (wrote the post).
    pub role: String,
    pub status: String,
    pub created_at: i64,
    pub accepted_at: Option<i64>,
    pub done_at: Option<i64>,
}

pub async fn conversations(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<ConversationRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.post_id, \
         CASE WHEN c.helper_id = $1 THEN 'helper' ELSE 'author' END AS role, \
         c.status, c.created_at, c.accepted_at, c.done_at \
         FROM conversations c JOIN posts p ON p.id = c.post_id \
         WHERE c.helper_id = $1 OR p.author_id = $1 ORDER BY c.id",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await
}

/// Someone the person blocked from contacting them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BlockRow {
    pub user_id: i64,
    pub display_name: String,
    pub created_at: i64,
}

pub async fn blocks(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<BlockRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.blocked_id AS user_id, u.display_name, b.created_at \
         FROM blocks b JOIN users u ON u.id = b.blocked_id \
         WHERE b.blocker_id = $1 ORDER BY b.created_at, b.blocked_id",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await
}

/// An organisation the person coordinates for.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MembershipRow {
    pub slug: String,
    pub name: String,
    pub added_at: i64,
}

pub async fn memberships(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<MembershipRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.slug, o.name, m.added_at FROM organisation_members m \
         JOIN organisations o ON o.id = m.organisation_id \
         WHERE m.user_id = $1 ORDER BY o.name",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await
}

/// A report the person sent to the moderators (without the copy of what was reported:
/// that is someone else's text).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    pub id: i64,
    pub target: String,
    pub target_id: i64,
    pub reason: String,
    pub note: String,
    pub created_at: i64,
    pub handled_at: Option<i64>,
    pub outcome: Option<String>,
}

pub async fn reports_made(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<ReportRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, target, target_id, reason, note, created_at, handled_at, outcome \
         FROM reports WHERE reporter_id = $1 ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await
}

/// A photo of one of the person's posts (the image itself is at its address).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PhotoRow {
    pub id: i64,
    pub post_id: i64,
    pub alt: String,
    pub created_at: i64,
}

pub async fn photos(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<PhotoRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT ph.id, ph.post_id, ph.alt, ph.created_at FROM photos ph \
         JOIN posts p ON p.id = ph.post_id WHERE p.author_id = $1 ORDER BY ph.id",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await
}

/// How moderation handled one of the person's posts.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReviewRow {
    pub post_id: i64,
    pub submitted_at: Option<i64>,
    pub reviewed_at: Option<i64>,
    pub moderation_reason: Option<String>,
}

pub async fn reviews(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<ReviewRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id AS post_id, submitted_at, reviewed_at, moderation_reason FROM posts \
         WHERE author_id = $1 ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await
}
