//! Where sessions live: tower-sessions' SQL store in the same database as everything
//! else, SQLite or PostgreSQL. On PostgreSQL every instance reads the same sessions, so a
//! person who logs in through one instance is logged in on all of them.
use app::ssr::db::{Backend, Db};
use async_trait::async_trait;
use tower_sessions::ExpiredDeletion;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Result, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// Connections for sessions, besides the main pool.
const CONNECTIONS: u32 = 4;

#[derive(Clone, Debug)]
pub enum Sessions {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Sessions {
    /// Opens the store in `db`'s database and creates its table if needed.
    pub async fn open(db: &Db) -> std::result::Result<Self, sqlx::Error> {
        match db.backend() {
            Backend::Sqlite => {
                let pool = sqlx::sqlite::SqlitePoolOptions::new()
                    .max_connections(CONNECTIONS)
                    // As for the main pool (see `Db::connect`): no check before each use.
                    .test_before_acquire(false)
                    .connect(db.url())
                    .await?;
                sqlx::query("PRAGMA busy_timeout = 5000")
                    .execute(&pool)
                    .await?;
                let store = SqliteStore::new(pool);
                store.migrate().await?;
                Ok(Self::Sqlite(store))
            }
            Backend::Postgres => {
                let pool = sqlx::postgres::PgPoolOptions::new()
                    .max_connections(CONNECTIONS)
                    .connect(db.url())
                    .await?;
                // The table comes with the migrations (migrations/postgres); this finds it.
                let store = PostgresStore::new(pool);
                store.migrate().await?;
                Ok(Self::Postgres(store))
            }
        }
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> Result<()> {
        match self {
            Self::Sqlite(store) => store.create(record).await,
            Self::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        match self {
            Self::Sqlite(store) => store.save(record).await,
            Self::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        match self {
            Self::Sqlite(store) => store.load(id).await,
            Self::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        match self {
            Self::Sqlite(store) => store.delete(id).await,
            Self::Postgres(store) => store.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> Result<()> {
        match self {
            Self::Sqlite(store) => store.delete_expired().await,
            Self::Postgres(store) => store.delete_expired().await,
        }
    }
}
