//! The full-text index of listable posts: FTS5 on SQLite (migrations/sqlite/0004 and
//! 0009), a weighted tsvector with a GIN index on PostgreSQL (migrations/postgres/0001).
//! Callers pass analysed documents (`search::analyze::document`) and the post's facets
//! (`facet`); both backends store exactly these terms, so they find the same posts. The
//! index holds a post while it is open or in contact: a trigger removes it when its
//! status changes.
use super::sql::Sql;
use super::{Backend, backend};
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
const TEXT_COLUMNS: &str = "{title body category}";

/// One term a word may match: exactly, or as the start of a longer term.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    Exact(String),
    Prefix(String),
}

/// A condition on the index: groups of alternative terms over the text columns (every
/// group must match when `all`, else any), and groups of alternative facet terms (every
/// group must match). Written for the backend at hand by `IndexQuery::text`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IndexQuery {
    pub words: Vec<Vec<Term>>,
    pub all: bool,
    pub facets: Vec<Vec<String>>,
}

/// How a backend's full-text syntax writes a condition.
struct Syntax {
    and: &'static str,
    or: &'static str,
    exact: fn(&str) -> String,
    prefix: fn(&str) -> String,
    facet: fn(&str) -> String,
    /// Wraps the words' part (restricts it to the text columns).
    words: fn(&str) -> String,
    /// Wraps one group of facet alternatives.
    facets: fn(&str) -> String,
}

fn fts5_quote(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

fn tsquery_quote(term: &str) -> String {
    format!("'{}'", term.replace('\\', "\\\\").replace('\'', "''"))
}

/// FTS5: column filters `{title body category} :` and `facets :`.
const FTS5: Syntax = Syntax {
    and: " AND ",
    or: " OR ",
    exact: fts5_quote,
    prefix: |t| format!("{}*", fts5_quote(t)),
    facet: fts5_quote,
    words: |w| format!("{TEXT_COLUMNS} : ({w})"),
    facets: |f| format!("facets : ({f})"),
};

/// tsquery: weights A title, B body, C category words, D facets.
const TSQUERY: Syntax = Syntax {
    and: " & ",
    or: " | ",
    exact: |t| format!("{}:ABC", tsquery_quote(t)),
    prefix: |t| format!("{}:*ABC", tsquery_quote(t)),
    facet: |t| format!("{}:D", tsquery_quote(t)),
    words: |w| format!("({w})"),
    facets: |f| format!("({f})"),
};

impl IndexQuery {
    /// The query as the backend's full-text syntax: an FTS5 expression or a tsquery.
    /// Terms hold only letters and digits (see `search::analyze`) and are quoted anyway.
    pub fn text(&self, backend: Backend) -> String {
        let syntax = match backend {
            Backend::Sqlite => &FTS5,
            Backend::Postgres => &TSQUERY,
        };
        let groups: Vec<String> = self
            .words
            .iter()
            .map(|group| {
                let alternatives: Vec<String> = group
                    .iter()
                    .map(|term| match term {
                        Term::Exact(t) => (syntax.exact)(t),
                        Term::Prefix(t) => (syntax.prefix)(t),
                    })
                    .collect();
                format!("({})", alternatives.join(syntax.or))
            })
            .collect();
        let joined = groups.join(if self.all { syntax.and } else { syntax.or });
        let mut parts = vec![(syntax.words)(&joined)];
        for group in &self.facets {
            let alternatives: Vec<String> = group.iter().map(|t| (syntax.facet)(t)).collect();
            parts.push((syntax.facets)(&alternatives.join(syntax.or)));
        }
        parts.join(syntax.and)
    }
}

/// The index's column of post ids.
pub fn id_column(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "rowid",
        Backend::Postgres => "post_id",
    }
}

/// Appends ` FROM <index> WHERE <matches query>`.
pub fn push_match(sql: &mut Sql, backend: Backend, query: &IndexQuery) -> Result<(), sqlx::Error> {
    match backend {
        Backend::Sqlite => {
            sql.push(" FROM posts_fts WHERE posts_fts MATCH ");
            sql.bind(query.text(backend))?;
        }
        Backend::Postgres => {
            sql.push(" FROM posts_search WHERE document @@ CAST(");
            sql.bind(query.text(backend))?;
            sql.push(" AS tsquery)");
        }
    }
    Ok(())
}

/// Appends a hit's rank, lower is better, for a query made with `push_match`. Weights:
/// title 10, body 3, category words 1, facets 0.
pub fn push_rank(sql: &mut Sql, backend: Backend, query: &IndexQuery) -> Result<(), sqlx::Error> {
    match backend {
        Backend::Sqlite => {
            sql.push("bm25(posts_fts, 10.0, 3.0, 1.0, 0.0)");
        }
        Backend::Postgres => {
            // ts_rank's weights are given as {D, C, B, A}; higher is better.
            sql.push("-ts_rank('{0, 0.1, 0.3, 1.0}', document, CAST(");
            sql.bind(query.text(backend))?;
            sql.push(" AS tsquery))");
        }
    }
    Ok(())
}

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
    match backend(conn) {
        Backend::Sqlite => {
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
        }
        Backend::Postgres => {
            sqlx::query(
                "INSERT INTO posts_search (post_id, document) VALUES ($1, CAST($2 AS tsvector))",
            )
            .bind(id)
            .bind(tsvector(docs))
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// The documents as a tsvector literal: every term with its position and its column's
/// weight. Written out rather than parsed by PostgreSQL, so the terms stay exactly what
/// the application made of the text.
fn tsvector(docs: &Documents) -> String {
    // PostgreSQL keeps positions up to 16,383.
    const POSITION_MAX: usize = 16_383;
    let mut out = String::new();
    let mut position = 0;
    for (text, weight) in [
        (&docs.title, 'A'),
        (&docs.body, 'B'),
        (&docs.category, 'C'),
        (&docs.facets, 'D'),
    ] {
        for term in text.split(' ').filter(|t| !t.is_empty()) {
            position = (position + 1).min(POSITION_MAX);
            if !out.is_empty() {
                out.push(' ');
            }
            out.push('\'');
            for c in term.chars() {
                match c {
                    '\'' => out.push_str("''"),
                    '\\' => out.push_str("\\\\"),
                    c => out.push(c),
                }
            }
            out.push_str(&format!("':{position}{weight}"));
        }
    }
    out
}

pub async fn remove(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    let sql = match backend(conn) {
        Backend::Sqlite => "DELETE FROM posts_fts WHERE rowid = $1",
        Backend::Postgres => "DELETE FROM posts_search WHERE post_id = $1",
    };
    sqlx::query(sql).bind(id).execute(&mut *conn).await?;
    Ok(())
}

/// Empties the index (before it is rebuilt).
pub async fn clear(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    let sql = match backend(conn) {
        Backend::Sqlite => "INSERT INTO posts_fts (posts_fts) VALUES ('delete-all')",
        Backend::Postgres => "DELETE FROM posts_search",
    };
    sqlx::query(sql).execute(&mut *conn).await?;
    Ok(())
}

/// Every term of the texts in the index (not the facets).
pub async fn terms(conn: &mut AnyConnection) -> Result<Vec<String>, sqlx::Error> {
    let sql = match backend(conn) {
        Backend::Sqlite => "SELECT DISTINCT term FROM posts_fts_terms WHERE col <> 'facets'",
        Backend::Postgres => "SELECT word FROM ts_stat('SELECT document FROM posts_search', 'ABC')",
    };
    let rows: Vec<(String,)> = sqlx::query_as(sql).fetch_all(&mut *conn).await?;
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
    use super::*;

    #[test]
    fn both_backends_get_the_same_condition() {
        let query = IndexQuery {
            words: vec![
                vec![Term::Exact("sofa".into()), Term::Prefix("sof".into())],
                vec![Term::Exact("rot".into())],
            ],
            all: true,
            facets: vec![vec!["kindx6f".into()]],
        };
        assert_eq!(
            query.text(Backend::Sqlite),
            "{title body category} : ((\"sofa\" OR \"sof\"*) AND (\"rot\")) AND facets : (\"kindx6f\")"
        );
        assert_eq!(
            query.text(Backend::Postgres),
            "(('sofa':ABC | 'sof':*ABC) & ('rot':ABC)) & ('kindx6f':D)"
        );
        let any = IndexQuery {
            all: false,
            ..query
        };
        assert!(any.text(Backend::Postgres).contains(") | ("));
    }

    #[test]
    fn quotes_in_terms_stay_inside_their_term() {
        let query = IndexQuery {
            words: vec![vec![Term::Exact("a'b\"c".into())]],
            all: true,
            facets: Vec::new(),
        };
        assert_eq!(query.text(Backend::Postgres), "(('a''b\"c':ABC))");
        assert_eq!(
            query.text(Backend::Sqlite),
            "{title body category} : ((\"a'b\"\"c\"))"
        );
    }

    #[test]
    fn the_tsvector_carries_positions_and_weights() {
        let docs = Documents {
            title: "sofa rot".into(),
            body: "sofa".into(),
            category: String::new(),
            facets: "kindx6f".into(),
        };
        assert_eq!(tsvector(&docs), "'sofa':1A 'rot':2A 'sofa':3B 'kindx6f':4D");
    }

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
