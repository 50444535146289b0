//! Candidates for match suggestions (see `ssr::matching`): a few small, indexed queries
//! whose union the caller ranks. Only open posts that have not run out are candidates.
use super::posts::{COLUMNS, PostRecord};
use super::search_index::{self, IndexQuery};
use super::sql::Sql;
use sqlx::AnyConnection;

/// What every candidate query shares.
pub struct Probe<'a> {
    /// The kind of post wanted (the opposite of the new post's).
    pub kind: &'static str,
    /// Allowed categories (a whole family); empty: any.
    pub categories: &'a [String],
    pub now: i64,
}

/// The conditions every candidate meets, after `sql`'s own.
fn open_posts(mut sql: Sql, probe: &Probe<'_>) -> Result<Sql, sqlx::Error> {
    sql.push("status = 'open' AND kind = ").bind(probe.kind)?;
    // `+ 0`: without statistics SQLite otherwise walks every open post by expiry date
    // and sorts them (20 ms at 20,000 posts) instead of reading the place or listing
    // index newest first and stopping after the limit (0.5 ms).
    sql.push(" AND expires_at + 0 > ").bind(probe.now)?;
    if !probe.categories.is_empty() {
        sql.push(" AND category IN ").bind_list(probe.categories)?;
    }
    Ok(sql)
}

/// The newest open posts of the probe, in one municipality or anywhere. Uses the
/// place or listing index and stops after `limit` rows.
pub async fn newest(
    conn: &mut AnyConnection,
    probe: &Probe<'_>,
    municipality: Option<&str>,
    limit: i64,
) -> Result<Vec<PostRecord>, sqlx::Error> {
    let mut sql = open_posts(
        Sql::new(&format!("SELECT {COLUMNS} FROM posts WHERE ")),
        probe,
    )?;
    if let Some(place) = municipality {
        sql.push(" AND municipality = ").bind(place.to_string())?;
    }
    sql.push(" ORDER BY created_at DESC LIMIT ").bind(limit)?;
    sqlx::query_as_with(&sql.text, sql.args)
        .fetch_all(&mut *conn)
        .await
}

/// The newest full-text hits for `expression` (a condition on the index), as
/// open posts of the probe. Newest, not best: ranking every hit of a common word costs
/// about 2 µs a hit (see `posts::RANK_WINDOW`); the caller ranks the few it gets.
pub async fn text_hits(
    conn: &mut AnyConnection,
    probe: &Probe<'_>,
    expression: &IndexQuery,
    limit: i64,
) -> Result<Vec<PostRecord>, sqlx::Error> {
    // The hits first, then each one's post by id (CROSS JOIN keeps that order in SQLite;
    // as `id IN (...)`, it walked the listing index instead: 26 ms against 1 ms).
    let backend = super::backend(conn);
    let id = search_index::id_column(backend);
    let mut sql = Sql::new(&format!("WITH hits AS MATERIALIZED (SELECT {id} AS hit"));
    search_index::push_match(&mut sql, backend, expression)?;
    sql.push(&format!(" ORDER BY {id} DESC LIMIT "))
        .bind(limit)?;
    sql.push(&format!(
        ") SELECT {COLUMNS} FROM hits CROSS JOIN posts WHERE posts.id = hits.hit AND "
    ));
    let sql = open_posts(sql, probe)?;
    sqlx::query_as_with(&sql.text, sql.args)
        .fetch_all(&mut *conn)
        .await
}
