//! The full-text index of listable posts (FTS5, see migrations/sqlite/0004_search.sql
//! and 0009_search_listable.sql). Callers pass analysed documents
//! (`search::analyze::document`) and the post's facets (`facet`). The index holds a post
//! while it is open or in contact: a trigger removes it when its status changes.
use sqlx::AnyConnection;

/// A post's indexed columns: three analysed texts and the facets.
pub struct Documents {
    pub title: String,
    pub body: String,
    pub category: String,
    /// `facet` terms separated by spaces.
    pub facets: String,
}

/// The columns a visitor's words may match (not the facets).
pub const TEXT_COLUMNS: &str = "{title body category}";

/// One facet as a single index term, e.g. ("place", "fuerstenberg-havel"). The value is
/// written in hex so that any slug is one token of letters and digits, and no two
/// values share a term.
pub fn facet(name: &str, value: &str) -> String {
    let mut term = String::with_capacity(name.len() + 1 + 2 * value.len());
    term.push_str(name);
    term.push('x');
    for byte in value.bytes() {
        term.push_str(&format!("{byte:02x}"));
    }
    term
}

/// Puts a post into the index, replacing what was there.
pub async fn put(conn: &mut AnyConnection, id: i64, docs: &Documents) -> Result<(), sqlx::Error> {
    remove(conn, id).await?;
    sqlx::query(
        "INSERT INTO posts_fts (rowid, title, body, category, facets) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(docs.title.as_str())
    .bind(docs.body.as_str())
    .bind(docs.category.as_str())
    .bind(docs.facets.as_str())
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

/// Empties the index (before it is rebuilt).
pub async fn clear(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO posts_fts (posts_fts) VALUES ('delete-all')")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Every term of the texts in the index.
pub async fn terms(conn: &mut AnyConnection) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT DISTINCT term FROM posts_fts_terms WHERE col <> 'facets'")
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows.into_iter().map(|(t,)| t).collect())
}

/// What the index was built from (see `posts::index::ensure_current`), if recorded.
pub async fn built_from(conn: &mut AnyConnection) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT value FROM app_meta WHERE key = 'search_index'")
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(v,)| v))
}

pub async fn set_built_from(
    conn: &mut AnyConnection,
    fingerprint: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO app_meta (key, value) VALUES ('search_index', $1) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(fingerprint)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::facet;

    #[test]
    fn a_facet_is_one_plain_term_per_value() {
        assert_eq!(facet("place", "a-b"), "placex612d62");
        assert_ne!(facet("place", "a-b"), facet("place", "ab"));
        assert!(
            facet("cat", "möbel")
                .chars()
                .all(|c| c.is_ascii_alphanumeric())
        );
    }
}
