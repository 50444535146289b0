//! The one place that talks SQL. Queries use sqlx's `Any` driver with portable SQL and
//! `$1` placeholders, so SQLite and PostgreSQL run the same queries; migrations,
//! connection tuning and the full-text index (`search_index`) differ per backend.
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyConnection, AnyPool, Executor};

pub mod alerts;
pub mod audit;
pub mod conversations;
pub mod export;
pub mod matching;
pub mod moderation;
pub mod organisations;
pub mod outbox;
pub mod photos;
pub mod posts;
pub mod rate_limits;
pub mod reports;
pub mod search_index;
pub mod sql;
pub mod stats;
pub mod tokens;
pub mod users;

/// The database engine behind a pool or connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The engine of `conn`, for the few queries written differently for each.
pub fn backend(conn: &AnyConnection) -> Backend {
    if conn.backend_name().eq_ignore_ascii_case("postgresql") {
        Backend::Postgres
    } else {
        Backend::Sqlite
    }
}

/// The current time in Unix seconds, the unit every table uses.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
use std::path::Path;
use std::time::Duration;

/// Connections in the pool (see `Db::connect`).
const POOL_SIZE: u32 = 4;
/// Connections per instance on PostgreSQL (see `Db::connect_postgres`).
const PG_POOL_SIZE: u32 = 8;

/// Default when `DATABASE_URL` is unset: a file under `data/`, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/helferkreis.db";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL `{0}` is not supported; use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    #[error("cannot create the database folder {path}: {source}")]
    CreateDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open the database {url}: {source}")]
    Connect {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("migrating the database failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(
        "this database belongs to the tenant `{found}`, not `{expected}`; use another DATABASE_URL for each district"
    )]
    TenantMismatch { found: String, expected: String },
    #[error("database query failed: {0}")]
    Query(#[from] sqlx::Error),
}

#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    /// The URL as connected (with `mode=rwc` added), for pools of other libraries.
    url: String,
    backend: Backend,
}

/// Whether `url` names a PostgreSQL database (`postgres://…` or `postgresql://…`).
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// The file and the options of a `sqlite://FILE?OPTIONS` URL (options may be empty).
pub fn sqlite_parts(url: &str) -> Option<(&str, &str)> {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    Some(path.split_once('?').unwrap_or((path, "")))
}

/// `url` without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Db {
    /// Opens and migrates the database at `url`: `sqlite://PATH` (created if needed) or
    /// `postgres://USER@HOST:PORT/NAME` (the database must exist).
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        install_default_drivers();
        if is_postgres_url(url) {
            return Self::connect_postgres(url).await;
        }
        let Some((file, params)) = sqlite_parts(url) else {
            return Err(DbError::UnsupportedUrl(url.to_string()));
        };
        let in_memory = file == ":memory:" || params.contains("mode=memory");
        let parent = Path::new(file)
            .parent()
            .filter(|d| !d.as_os_str().is_empty());
        if let (false, Some(dir)) = (in_memory, parent) {
            std::fs::create_dir_all(dir).map_err(|source| DbError::CreateDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let url = if params.contains("mode=") {
            url.to_string()
        } else if params.is_empty() {
            format!("sqlite://{file}?mode=rwc")
        } else {
            format!("sqlite://{file}?{params}&mode=rwc")
        };
        let pool = AnyPoolOptions::new()
            // SQLite writes one at a time, and its queries are CPU work: more connections
            // than a few per core only hold more memory (8 searches at once on 2 cores
            // took the server to 219 MB) without answering sooner.
            .max_connections(if in_memory { 1 } else { POOL_SIZE })
            .acquire_timeout(Duration::from_secs(5))
            // A connection to a file in this process cannot have been dropped by a server
            // in between; checking each one before use was a round trip to its worker
            // thread for every query a page makes (sqlx still checks it when it is given
            // back). PostgreSQL keeps the check.
            .test_before_acquire(false)
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    // cache_size (512 KiB per connection instead of 2 MiB) and
                    // soft_heap_limit (8 MiB, process-wide): past them, SQLite frees cached
                    // pages before it takes more memory. The system still caches the file,
                    // so a page read again costs a copy, not a disk read.
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                         PRAGMA cache_size = -512; PRAGMA soft_heap_limit = 8388608;",
                    )
                    .await?;
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(|source| DbError::Connect {
                url: url.clone(),
                source,
            })?;
        sqlx::migrate!("../migrations/sqlite").run(&pool).await?;
        Ok(Self {
            pool,
            url,
            backend: Backend::Sqlite,
        })
    }

    /// PostgreSQL: several server instances may share the database, so every instance
    /// keeps a few connections (`DATABASE_CONNECTIONS`, default 8), and migrations take
    /// an advisory lock (sqlx does) so that instances starting together migrate once.
    async fn connect_postgres(url: &str) -> Result<Self, DbError> {
        let connections = std::env::var("DATABASE_CONNECTIONS")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|n| *n > 0)
            .unwrap_or(PG_POOL_SIZE);
        let pool = AnyPoolOptions::new()
            .max_connections(connections)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await
            .map_err(|source| DbError::Connect {
                url: redact(url),
                source,
            })?;
        sqlx::migrate!("../migrations/postgres").run(&pool).await?;
        Ok(Self {
            pool,
            url: url.to_string(),
            backend: Backend::Postgres,
        })
    }

    /// Binds the database to one tenant on first start and refuses another tenant later.
    pub async fn bind_tenant(&self, slug: &str) -> Result<(), DbError> {
        sqlx::query("INSERT INTO app_meta (key, value) VALUES ('tenant_slug', $1) ON CONFLICT (key) DO NOTHING")
            .bind(slug)
            .execute(&self.pool)
            .await?;
        let (found,): (String,) =
            sqlx::query_as("SELECT value FROM app_meta WHERE key = 'tenant_slug'")
                .fetch_one(&self.pool)
                .await?;
        if found == slug {
            Ok(())
        } else {
            Err(DbError::TenantMismatch {
                found,
                expected: slug.to_string(),
            })
        }
    }

    /// A cheap round trip, for `/healthz`.
    pub async fn ping(&self) -> Result<(), DbError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The journal mode SQLite actually uses (tests check it is WAL).
    pub async fn journal_mode(&self) -> Result<String, DbError> {
        let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
            .fetch_one(&self.pool)
            .await?;
        Ok(mode)
    }

    /// A transaction that writes. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`, waiting up to busy_timeout for it): a plain `BEGIN` that reads first
    /// cannot turn into a writer while another connection has written since, and SQLite
    /// then fails at once with SQLITE_BUSY instead of waiting. Fifty people answering one
    /// need at the same moment got "internal error" that way
    /// (tests/integration/durability.rs).
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// For the query modules and for tests that need to move time (expire a token).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            redact("postgres://hk:secret@db:5432/hk"),
            "postgres://hk:***@db:5432/hk"
        );
        assert_eq!(redact("postgres://hk@db/hk"), "postgres://hk@db/hk");
        assert_eq!(redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
