//! Offers and needs.
use super::search_index::{self, IndexQuery, facet};
use super::sql::Sql;
use super::{Backend, backend};
use crate::domain::post::{PostDraft, PostKind, PostStatus, Urgency};
use crate::domain::site::HelpKind;
use sqlx::any::AnyArguments;
use sqlx::{AnyConnection, Arguments};

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
    pub on_behalf_of: Option<String>,
    /// Written in this organisation's name (see `db::organisations`).
    pub organisation_id: Option<i64>,
}

impl PostRecord {
    pub fn status(&self) -> PostStatus {
        PostStatus::parse(&self.status).unwrap_or(PostStatus::Closed)
    }

    pub fn kind(&self) -> PostKind {
        PostKind::parse(&self.kind).unwrap_or(PostKind::Offer)
    }

    pub fn help(&self) -> HelpKind {
        HelpKind::parse(&self.help).unwrap_or(HelpKind::Goods)
    }

    pub fn urgency(&self) -> Urgency {
        Urgency::parse(&self.urgency).unwrap_or_default()
    }

    /// What its author wrote, as checked when it was saved.
    pub fn draft(&self) -> PostDraft {
        PostDraft {
            kind: self.kind(),
            help: self.help(),
            category: self.category.clone(),
            municipality: self.municipality.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            quantity: self.quantity,
            availability: self.availability.clone(),
            urgency: self.urgency(),
            language: self.language.clone(),
            for_whom: self.on_behalf_of.clone(),
            organisation: self.organisation_id,
        }
    }
}

pub(crate) const COLUMNS: &str = "id, author_id, kind, help, category, municipality, title, description, quantity, \
    availability, urgency, language, status, created_at, updated_at, expires_at, closed_at, on_behalf_of, organisation_id";

/// The twelve columns a post's author writes, bound as `$1` to `$12` (insert and update
/// share them, so they cannot drift apart).
const DRAFT_COLUMNS: &str = "kind, help, category, municipality, title, description, quantity, availability, urgency, language, on_behalf_of, organisation_id";

fn draft_arguments(post: &PostDraft) -> Result<AnyArguments<'_>, sqlx::Error> {
    let mut args = AnyArguments::default();
    args.add(post.kind.as_str()).map_err(sqlx::Error::Encode)?;
    args.add(post.help.as_str()).map_err(sqlx::Error::Encode)?;
    args.add(post.category.as_str())
        .map_err(sqlx::Error::Encode)?;
    args.add(post.municipality.as_str())
        .map_err(sqlx::Error::Encode)?;
    args.add(post.title.as_str()).map_err(sqlx::Error::Encode)?;
    args.add(post.description.as_str())
        .map_err(sqlx::Error::Encode)?;
    args.add(post.quantity).map_err(sqlx::Error::Encode)?;
    args.add(post.availability.as_deref())
        .map_err(sqlx::Error::Encode)?;
    args.add(post.urgency.as_str())
        .map_err(sqlx::Error::Encode)?;
    args.add(post.language.as_str())
        .map_err(sqlx::Error::Encode)?;
    args.add(post.for_whom.as_deref())
        .map_err(sqlx::Error::Encode)?;
    args.add(post.organisation).map_err(sqlx::Error::Encode)?;
    Ok(args)
}

/// How a new post starts: published (open) or waiting for a moderator (pending), and
/// whether it counts as reviewed already (demo data).
#[derive(Debug, Clone, Copy)]
pub struct Start {
    pub status: PostStatus,
    pub reviewed: bool,
}

pub async fn insert(
    conn: &mut AnyConnection,
    author_id: i64,
    post: &PostDraft,
    start: Start,
    now: i64,
    expires_at: i64,
) -> Result<i64, sqlx::Error> {
    let mut args = draft_arguments(post)?;
    args.add(author_id).map_err(sqlx::Error::Encode)?;
    args.add(now).map_err(sqlx::Error::Encode)?;
    args.add(expires_at).map_err(sqlx::Error::Encode)?;
    args.add(start.status.as_str())
        .map_err(sqlx::Error::Encode)?;
    args.add(start.reviewed.then_some(now))
        .map_err(sqlx::Error::Encode)?;
    let sql = format!(
        "INSERT INTO posts ({DRAFT_COLUMNS}, author_id, status, created_at, updated_at, expires_at, \
         submitted_at, reviewed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $16, $14, $14, $15, $14, $17) RETURNING id"
    );
    let (id,): (i64,) = sqlx::query_as_with(&sql, args)
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
    let mut args = draft_arguments(post)?;
    args.add(now).map_err(sqlx::Error::Encode)?;
    args.add(id).map_err(sqlx::Error::Encode)?;
    let sql = format!(
        "UPDATE posts SET ({DRAFT_COLUMNS}, updated_at) = ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         WHERE id = $14"
    );
    sqlx::query_with(&sql, args).execute(&mut *conn).await?;
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

/// Someone is in contact about an open post (a need's light turns yellow, an offer is
/// reserved). False when the post was not open.
pub async fn mark_in_contact(
    conn: &mut AnyConnection,
    id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE posts SET status = 'in_contact', updated_at = $1 WHERE id = $2 AND status = 'open'",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The first time someone else answered the post (kept once, for the statistics).
pub async fn mark_first_response(
    conn: &mut AnyConnection,
    id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE posts SET first_response_at = $1 WHERE id = $2 AND first_response_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A new expiry date; an expired post is open again.
pub async fn renew(
    conn: &mut AnyConnection,
    id: i64,
    expires_at: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE posts SET expires_at = $1, updated_at = $2, reminded_at = NULL, \
         status = CASE WHEN status = 'expired' THEN 'open' ELSE status END WHERE id = $3",
    )
    .bind(expires_at)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Open and in-contact posts with an id above `after`, by id (to rebuild the index).
pub async fn listable_after(
    conn: &mut AnyConnection,
    after: i64,
    limit: u32,
) -> Result<Vec<PostRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM posts WHERE status IN ('open', 'in_contact') AND id > $1 \
         ORDER BY id LIMIT $2"
    ))
    .bind(after)
    .bind(i64::from(limit))
    .fetch_all(&mut *conn)
    .await
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

/// Posts `author` wrote for someone else (coordinators), newest first.
pub async fn on_behalf_by(
    conn: &mut AnyConnection,
    author_id: i64,
) -> Result<Vec<PostRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM posts WHERE author_id = $1 AND on_behalf_of IS NOT NULL \
         ORDER BY id DESC"
    ))
    .bind(author_id)
    .fetch_all(&mut *conn)
    .await
}

/// A listing as the database runs it; every value already checked against the tenant.
#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    pub kind: Option<&'static str>,
    pub help: Option<&'static str>,
    /// A category and its subcategories.
    pub categories: Vec<String>,
    pub municipality: Option<String>,
    pub urgency: Option<&'static str>,
    /// The visitor's words as a condition on the index (see `search::query`); the
    /// filters are added as facets.
    pub matching: Option<IndexQuery>,
    pub order: ListOrder,
    pub now: i64,
    /// Every post in the search index is listable at `now` (see `any_unswept`), so a
    /// search may be answered by the index alone.
    pub index_current: bool,
    /// Only posts with a higher id (posted later) or published later (approved by a
    /// moderator after newer posts): the new posts for a saved search.
    pub newer_than: Option<(i64, i64)>,
}

#[derive(Debug, Default, Clone)]
pub enum ListOrder {
    #[default]
    Newest,
    /// Municipality slugs, nearest first.
    Nearest(Vec<String>),
    /// Best full-text match first.
    Relevance,
}

/// Whether an active post's time is up but the expiry job (every few minutes) has not
/// marked it expired yet. The index still holds such a post until then.
pub async fn any_unswept(conn: &mut AnyConnection, now: i64) -> Result<bool, sqlx::Error> {
    let (found,): (i64,) = sqlx::query_as(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM posts \
         WHERE status IN ('open', 'in_contact') AND expires_at <= $1) THEN 1 ELSE 0 END",
    )
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(found != 0)
}

/// The index condition for a search: the words in the text columns, and each filter as
/// a facet term.
fn index_expression(filter: &ListFilter, words: &IndexQuery) -> IndexQuery {
    let mut expression = words.clone();
    let mut any = |name: &str, values: &[&str]| {
        let terms = values.iter().map(|value| facet(name, value)).collect();
        expression.facets.push(terms);
    };
    if let Some(kind) = filter.kind {
        any("kind", &[kind]);
    }
    if let Some(help) = filter.help {
        any("help", &[help]);
    }
    if !filter.categories.is_empty() {
        let slugs: Vec<&str> = filter.categories.iter().map(String::as_str).collect();
        any("cat", &slugs);
    }
    if let Some(municipality) = &filter.municipality {
        any("place", &[municipality]);
    }
    if let Some(urgency) = filter.urgency {
        any("urgency", &[urgency]);
    }
    expression
}

/// Whether the search can be answered by the index alone: its posts are all listable now and it
/// holds every filter; only the nearest-first order needs each hit's place.
fn index_only(filter: &ListFilter) -> Option<IndexQuery> {
    let words = filter.matching.as_ref()?;
    let ordered = !matches!(filter.order, ListOrder::Nearest(_));
    (filter.index_current && ordered && filter.newer_than.is_none())
        .then(|| index_expression(filter, words))
}

/// `ranked`: whether the hits need their rank (only to sort by relevance). Ranking every
/// hit of a common word is most of a search's work: a count or a newest-first page does
/// without it.
fn listing_sql(
    backend: Backend,
    filter: &ListFilter,
    select: &str,
    ranked: bool,
) -> Result<Sql, sqlx::Error> {
    let mut sql = Sql::new("");
    if let Some(words) = &filter.matching {
        // The full-text hits first, as their own step: joined directly, the planner
        // walked the posts index and evaluated the MATCH for every post (45 s for one
        // search over 100,000 posts).
        let expression = index_expression(filter, words);
        sql.push("WITH hits AS MATERIALIZED (SELECT ");
        sql.push(search_index::id_column(backend));
        sql.push(" AS id, ");
        if ranked {
            search_index::push_rank(&mut sql, backend, &expression)?;
        } else {
            sql.push("0");
        }
        sql.push(" AS rank");
        search_index::push_match(&mut sql, backend, &expression)?;
        // Hits first, then each hit's post by id. With a plain JOIN, SQLite (no table
        // statistics) walked all active posts and probed the hits for each: 229 ms for a
        // word in 80,000 posts, 71 ms this way. CROSS JOIN fixes the order in SQLite and
        // is an ordinary join to PostgreSQL.
        sql.push(") SELECT ");
        sql.push(select);
        sql.push(" FROM hits CROSS JOIN posts p WHERE p.id = hits.id AND ");
    } else {
        sql.push("SELECT ");
        sql.push(select);
        sql.push(" FROM posts p WHERE ");
    }
    sql.push("p.status IN ('open', 'in_contact') AND p.expires_at > ");
    sql.bind(filter.now)?;
    if let Some(kind) = filter.kind {
        sql.push(" AND p.kind = ").bind(kind)?;
    }
    if let Some(help) = filter.help {
        sql.push(" AND p.help = ").bind(help)?;
    }
    if !filter.categories.is_empty() {
        sql.push(" AND p.category IN ")
            .bind_list(&filter.categories)?;
    }
    if let Some(municipality) = &filter.municipality {
        sql.push(" AND p.municipality = ")
            .bind(municipality.clone())?;
    }
    if let Some(urgency) = filter.urgency {
        sql.push(" AND p.urgency = ").bind(urgency)?;
    }
    if let Some((id, published)) = filter.newer_than {
        sql.push(" AND (p.id > ").bind(id)?;
        sql.push(" OR p.created_at > ").bind(published)?;
        sql.push(")");
    }
    Ok(sql)
}

pub async fn count(conn: &mut AnyConnection, filter: &ListFilter) -> Result<u64, sqlx::Error> {
    let backend = backend(conn);
    let sql = match index_only(filter) {
        // 1 ms instead of 17 ms for a word in 22,000 of 100,000 posts.
        Some(expression) => {
            let mut sql = Sql::new("SELECT COUNT(*)");
            search_index::push_match(&mut sql, backend, &expression)?;
            sql
        }
        None => listing_sql(backend, filter, "COUNT(*)", false)?,
    };
    let (n,): (i64,) = sqlx::query_as_with(&sql.text, sql.args)
        .fetch_one(&mut *conn)
        .await?;
    Ok(u64::try_from(n).unwrap_or_default())
}

/// Ranked hits at most. Ranking costs about 2 µs a hit (bm25 reads each hit's positions
/// and length): 18 ms for a word in 27,000 of 100,000 posts. A search with more hits
/// ranks its `RANK_WINDOW` newest hits and lists the older ones after them, newest first
/// (2 ms). A district with fewer matching posts always gets them all ranked.
pub const RANK_WINDOW: u32 = 1000;

/// Which of a search's hits: all, or those newer or older than a bound id.
#[derive(Clone, Copy)]
enum Hits {
    All,
    From(i64),
    Before(i64),
}

/// One page of hit ids. Ids are given in the order posts are made, so the newest first
/// is the highest id first: FTS5 reads its hits in that order and stops after the page
/// (0.1 ms), where sorting every hit by date took 14 ms for 22,000 hits.
async fn index_hits(
    conn: &mut AnyConnection,
    expression: &IndexQuery,
    hits: Hits,
    ranked: bool,
    limit: u32,
    offset: u32,
) -> Result<Vec<i64>, sqlx::Error> {
    let backend = backend(conn);
    let id = search_index::id_column(backend);
    let mut sql = Sql::new(&format!("SELECT {id}"));
    search_index::push_match(&mut sql, backend, expression)?;
    match hits {
        Hits::All => {}
        Hits::From(bound) => {
            sql.push(&format!(" AND {id} >= ")).bind(bound)?;
        }
        Hits::Before(bound) => {
            sql.push(&format!(" AND {id} < ")).bind(bound)?;
        }
    }
    sql.push(" ORDER BY ");
    if ranked {
        search_index::push_rank(&mut sql, backend, expression)?;
        sql.push(", ");
    }
    sql.push(&format!("{id} DESC"));
    page_of_ids(conn, sql, limit, offset).await
}

/// Runs `sql` (a query of ids, ordered) for one page.
async fn page_of_ids(
    conn: &mut AnyConnection,
    mut sql: Sql,
    limit: u32,
    offset: u32,
) -> Result<Vec<i64>, sqlx::Error> {
    sql.push(" LIMIT ");
    sql.bind(i64::from(limit))?;
    sql.push(" OFFSET ");
    sql.bind(i64::from(offset))?;
    let ids: Vec<(i64,)> = sqlx::query_as_with(&sql.text, sql.args)
        .fetch_all(&mut *conn)
        .await?;
    Ok(ids.into_iter().map(|(id,)| id).collect())
}

/// One page of a search answered by the index alone (see `RANK_WINDOW`).
async fn index_page(
    conn: &mut AnyConnection,
    expression: &IndexQuery,
    ranked: bool,
    limit: u32,
    offset: u32,
) -> Result<Vec<i64>, sqlx::Error> {
    // The oldest of the newest RANK_WINDOW hits, if there are more.
    let bound = if ranked {
        let window = index_hits(conn, expression, Hits::All, false, 1, RANK_WINDOW - 1).await?;
        window.first().copied()
    } else {
        None
    };
    let Some(bound) = bound else {
        return index_hits(conn, expression, Hits::All, ranked, limit, offset).await;
    };
    let mut ids = Vec::new();
    if offset < RANK_WINDOW {
        let take = limit.min(RANK_WINDOW - offset);
        ids = index_hits(conn, expression, Hits::From(bound), true, take, offset).await?;
    }
    let missing = limit.saturating_sub(u32::try_from(ids.len()).unwrap_or(limit));
    if missing > 0 {
        let older = offset.saturating_sub(RANK_WINDOW);
        let more = index_hits(conn, expression, Hits::Before(bound), false, missing, older);
        ids.extend(more.await?);
    }
    Ok(ids)
}

pub async fn list(
    conn: &mut AnyConnection,
    filter: &ListFilter,
    limit: u32,
    offset: u32,
) -> Result<Vec<PostRecord>, sqlx::Error> {
    // Ids first, then the rows: sorting tens of thousands of whole rows (with their
    // descriptions) to keep twenty took 200 ms at 100,000 posts; sorting ids does not.
    let ranked = matches!(filter.order, ListOrder::Relevance);
    let ids = match index_only(filter) {
        Some(expression) => index_page(conn, &expression, ranked, limit, offset).await?,
        None => {
            let mut sql = listing_sql(backend(conn), filter, "p.id", ranked)?;
            sql.push(" ORDER BY ");
            match &filter.order {
                ListOrder::Newest => {}
                ListOrder::Relevance if filter.matching.is_some() => {
                    sql.push("hits.rank, ");
                }
                ListOrder::Relevance => {}
                ListOrder::Nearest(places) => {
                    sql.push("CASE p.municipality");
                    for (rank, place) in places.iter().enumerate() {
                        sql.push(" WHEN ").bind(place.clone())?;
                        sql.push(&format!(" THEN {rank}"));
                    }
                    sql.push(&format!(" ELSE {} END, ", places.len()));
                }
            }
            sql.push("p.created_at DESC, p.id DESC");
            page_of_ids(conn, sql, limit, offset).await?
        }
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids
        .iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    // The ids are integers from the query above, so listing them inline is safe.
    let mut rows: Vec<PostRecord> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM posts WHERE id IN ({list})"))
            .fetch_all(&mut *conn)
            .await?;
    rows.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
    Ok(rows)
}

/// Active posts whose time is up become expired; returns how many.
pub async fn expire_due(conn: &mut AnyConnection, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE posts SET status = 'expired', updated_at = $1 \
         WHERE status IN ('open', 'in_contact') AND expires_at <= $1",
    )
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// Active posts expiring before `before` whose author has not been reminded yet.
pub async fn due_for_reminder(
    conn: &mut AnyConnection,
    now: i64,
    before: i64,
    limit: i64,
) -> Result<Vec<PostRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM posts WHERE status IN ('open', 'in_contact') \
         AND expires_at > $1 AND expires_at <= $2 AND reminded_at IS NULL ORDER BY expires_at LIMIT $3"
    ))
    .bind(now)
    .bind(before)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await
}

/// Marks the reminder sent; false if someone else (another instance) was first.
pub async fn mark_reminded(
    conn: &mut AnyConnection,
    id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE posts SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() > 0)
}

/// Ids and last changes of listed posts, newest first (for the sitemap).
pub async fn listed_ids(
    conn: &mut AnyConnection,
    now: i64,
    limit: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, updated_at FROM posts WHERE status IN ('open', 'in_contact') \
         AND expires_at > $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await
}
