//! The full-text index of posts (FTS5, see migrations/sqlite/0004_search.sql). Callers
//! pass analysed documents (`search::analyze::document`).
use sqlx::AnyConnection;

/// A post's three indexed columns, already analysed.
pub struct Documents {
    pub title: String,
    pub body: String,
    pub category: String,
}

/// Puts a post into the index, replacing what was there.
pub async fn put(conn: &mut AnyConnection, id: i64, docs: &Documents) -> Result<(), sqlx::Error> {
    remove(conn, id).await?;
    sqlx::query("INSERT INTO posts_fts (rowid, title, body, category) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(docs.title.as_str())
        .bind(docs.body.as_str())
        .bind(docs.category.as_str())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn remove(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM posts_fts WHERE rowid = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Every term in the index.
pub async fn terms(conn: &mut AnyConnection) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT term FROM posts_fts_terms")
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(|(t,)| t).collect())
}
