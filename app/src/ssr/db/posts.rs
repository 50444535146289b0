//! Offers and needs.
use crate::domain::post::{PostDraft, PostStatus};
use crate::domain::site::HelpKind;
use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PostRecord {
    pub id: i64,
    pub author_id: i64,
    pub kind: String,
    pub help: String,
    pub category: String,
    pub municipality: String,
    pub title: String,
    pub description: String,
    pub quantity: Option<i64>,
    pub availability: Option<String>,
    pub urgency: String,
    pub language: String,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub expires_at: i64,
    pub closed_at: Option<i64>,
}

impl PostRecord {
    pub fn status(&self) -> PostStatus {
        PostStatus::parse(&self.status).unwrap_or(PostStatus::Closed)
    }
}

const COLUMNS: &str = "id, author_id, kind, help, category, municipality, title, description, quantity, \
    availability, urgency, language, status, created_at, updated_at, expires_at, closed_at";

fn help_str(help: HelpKind) -> &'static str {
    match help {
        HelpKind::Goods => "goods",
        HelpKind::Time => "time",
    }
}

pub async fn insert(
    conn: &mut AnyConnection,
    author_id: i64,
    post: &PostDraft,
    now: i64,
    expires_at: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO posts (author_id, kind, help, category, municipality, title, description, quantity, \
         availability, urgency, language, status, created_at, updated_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12, $12, $13) RETURNING id",
    )
    .bind(author_id)
    .bind(post.kind.as_str())
    .bind(help_str(post.help))
    .bind(&post.category)
    .bind(&post.municipality)
    .bind(&post.title)
    .bind(&post.description)
    .bind(post.quantity)
    .bind(post.availability.as_deref())
    .bind(post.urgency.as_str())
    .bind(&post.language)
    .bind(now)
    .bind(expires_at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<PostRecord>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM posts WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
}

pub async fn update(
    conn: &mut AnyConnection,
    id: i64,
    post: &PostDraft,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE posts SET kind = $1, help = $2, category = $3, municipality = $4, title = $5, \
         description = $6, quantity = $7, availability = $8, urgency = $9, language = $10, updated_at = $11 \
         WHERE id = $12",
    )
    .bind(post.kind.as_str())
    .bind(help_str(post.help))
    .bind(&post.category)
    .bind(&post.municipality)
    .bind(&post.title)
    .bind(&post.description)
    .bind(post.quantity)
    .bind(post.availability.as_deref())
    .bind(post.urgency.as_str())
    .bind(&post.language)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Moves an active post to `status` (closed or fulfilled); false when it was not active.
pub async fn finish(
    conn: &mut AnyConnection,
    id: i64,
    status: PostStatus,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE posts SET status = $1, closed_at = $2, updated_at = $2 \
         WHERE id = $3 AND status IN ('open', 'in_contact')",
    )
    .bind(status.as_str())
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn by_author(
    conn: &mut AnyConnection,
    author_id: i64,
) -> Result<Vec<PostRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM posts WHERE author_id = $1 ORDER BY id DESC"
    ))
    .bind(author_id)
    .fetch_all(&mut *conn)
    .await
}
