//! Photos of posts: two JPEG sizes per photo, stored as blobs.
use crate::ssr::photos::encode::Processed;
use sqlx::AnyConnection;

/// A photo as a post page lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PhotoRow {
    pub id: i64,
    pub post_id: i64,
    pub alt: String,
    pub width: i64,
    pub height: i64,
}

pub async fn count(conn: &mut AnyConnection, post_id: i64) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM photos WHERE post_id = $1")
        .bind(post_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n)
}

pub async fn insert(
    conn: &mut AnyConnection,
    post_id: i64,
    alt: &str,
    photo: &Processed,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO photos (post_id, alt, width, height, display, thumb, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(post_id)
    .bind(alt)
    .bind(i64::from(photo.width))
    .bind(i64::from(photo.height))
    .bind(photo.display.clone())
    .bind(photo.thumb.clone())
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn of_post(conn: &mut AnyConnection, post_id: i64) -> Result<Vec<PhotoRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, post_id, alt, width, height FROM photos WHERE post_id = $1 ORDER BY id",
    )
    .bind(post_id)
    .fetch_all(&mut *conn)
    .await
}

/// The first photo of each of these posts.
pub async fn firsts(
    conn: &mut AnyConnection,
    post_ids: &[i64],
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    if post_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = post_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    // The ids are integers from our own query, so listing them inline is safe.
    sqlx::query_as(&format!(
        "SELECT post_id, MIN(id) FROM photos WHERE post_id IN ({list}) GROUP BY post_id"
    ))
    .fetch_all(&mut *conn)
    .await
}

/// One stored size (`thumb` or `display`) of a photo, with its post.
pub async fn image(
    conn: &mut AnyConnection,
    id: i64,
    thumb: bool,
) -> Result<Option<(i64, Vec<u8>)>, sqlx::Error> {
    let column = if thumb { "thumb" } else { "display" };
    sqlx::query_as(&format!(
        "SELECT post_id, {column} FROM photos WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
}

pub async fn post_of(conn: &mut AnyConnection, id: i64) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT post_id FROM photos WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|r| r.0))
}

pub async fn delete(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM photos WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
