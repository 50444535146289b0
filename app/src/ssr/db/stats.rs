//! Counts for the open-data statistics (`crate::domain::stats`): published posts only
//! (never those waiting for review, rejected, removed or hidden).
use crate::domain::stats::{FIRST_MONDAY, RawCell, WEEK};
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct Row {
    week_start: i64,
    category: String,
    municipality: String,
    kind: String,
    people: i64,
    posts: i64,
    needs_fulfilled: i64,
    conversations: i64,
}

/// One cell per week (starting Monday, UTC), category, municipality and kind, for posts
/// created at or after `since`; newest week first.
/// (Sums are cast: PostgreSQL sums BIGINTs as NUMERIC, which the `Any` driver cannot read.)
pub async fn cells(conn: &mut AnyConnection, since: i64) -> Result<Vec<RawCell>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT p.created_at - ((p.created_at - $1) % $2) AS week_start, \
                p.category, p.municipality, p.kind, \
                COUNT(DISTINCT p.author_id) AS people, \
                COUNT(*) AS posts, \
                CAST(COALESCE(SUM(CASE WHEN p.kind = 'need' AND p.status = 'fulfilled' THEN 1 ELSE 0 END), 0) AS BIGINT) \
                  AS needs_fulfilled, \
                CAST(COALESCE(SUM(COALESCE(c.n, 0)), 0) AS BIGINT) AS conversations \
         FROM posts p \
         LEFT JOIN (SELECT post_id, COUNT(*) AS n FROM conversations GROUP BY post_id) c \
           ON c.post_id = p.id \
         WHERE p.created_at >= $3 \
           AND p.status IN ('open', 'in_contact', 'fulfilled', 'closed', 'expired') \
         GROUP BY 1, p.category, p.municipality, p.kind \
         ORDER BY 1 DESC, p.category, p.municipality, p.kind",
    )
    .bind(FIRST_MONDAY)
    .bind(WEEK)
    .bind(since)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RawCell {
            week_start: r.week_start,
            category: r.category,
            municipality: r.municipality,
            kind: r.kind,
            people: r.people,
            posts: r.posts,
            needs_fulfilled: r.needs_fulfilled,
            conversations: r.conversations,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct FactsRow {
    created_at: i64,
    category: String,
    municipality: String,
    kind: String,
    status: String,
    conversations: i64,
    first_response: Option<i64>,
}

/// Every published post created at or after `since`, with its conversations (for the
/// staff dashboard).
pub async fn post_facts(
    conn: &mut AnyConnection,
    since: i64,
) -> Result<Vec<crate::domain::dashboard::PostFacts>, sqlx::Error> {
    let rows: Vec<FactsRow> = sqlx::query_as(
        "SELECT p.created_at, p.category, p.municipality, p.kind, p.status, \
                COALESCE(c.n, 0) AS conversations, c.first AS first_response \
         FROM posts p \
         LEFT JOIN (SELECT post_id, COUNT(*) AS n, MIN(created_at) AS first \
                    FROM conversations GROUP BY post_id) c ON c.post_id = p.id \
         WHERE p.created_at >= $1 \
           AND p.status IN ('open', 'in_contact', 'fulfilled', 'closed', 'expired')",
    )
    .bind(since)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| crate::domain::dashboard::PostFacts {
            created_at: r.created_at,
            category: r.category,
            municipality: r.municipality,
            need: r.kind == "need",
            fulfilled: r.status == "fulfilled",
            conversations: r.conversations,
            first_response: r.first_response,
        })
        .collect())
}
