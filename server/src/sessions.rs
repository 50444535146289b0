//! Where sessions live: tower-sessions' SQL store in the same database as everything
//! else, SQLite or PostgreSQL. On PostgreSQL every instance reads the same sessions, so a
//! person who logs in through one instance is logged in on all of them.
//!
//! On SQLite one server owns the database, so every change to a session passes through
//! this store, and the sessions it has read or written are also kept in memory
//! (`Recent`): a signed-in page view then reads its session without a query. Measured on
//! the conversation page, loading the session from the database was about 3 % of the
//! server's CPU per view, besides its share of SQLite's own thread.
use app::ssr::db::{Backend, Db};
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tower_sessions::ExpiredDeletion;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Result, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// Connections for sessions, besides the main pool.
const CONNECTIONS: u32 = 4;

/// Sessions kept in memory at most (a few hundred bytes each).
const KEPT: usize = 4096;

#[derive(Clone, Debug)]
pub struct Sessions {
    store: Store,
    /// Only on SQLite (see the module's text).
    recent: Option<Arc<Recent>>,
}

#[derive(Clone, Debug)]
enum Store {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Sessions {
    /// Opens the store in `db`'s database and creates its table if needed.
    pub async fn open(db: &Db) -> std::result::Result<Self, sqlx::Error> {
        let store = Store::open(db).await?;
        let recent = matches!(store, Store::Sqlite(_)).then(Arc::default);
        Ok(Self { store, recent })
    }
}

impl Store {
    async fn open(db: &Db) -> std::result::Result<Self, sqlx::Error> {
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
        let Some(recent) = &self.recent else {
            return self.store.create(record).await;
        };
        let _writing = recent.writing.lock().await;
        self.store.create(record).await?;
        recent.written(record);
        Ok(())
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let Some(recent) = &self.recent else {
            return self.store.save(record).await;
        };
        let _writing = recent.writing.lock().await;
        recent.forget(&record.id);
        self.store.save(record).await?;
        recent.written(record);
        Ok(())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let Some(recent) = &self.recent else {
            return self.store.load(id).await;
        };
        if let Some(record) = recent.get(id) {
            return Ok(Some(record));
        }
        let writes = recent.writes();
        let loaded = self.store.load(id).await?;
        if let Some(record) = &loaded {
            recent.loaded(record, writes);
        }
        Ok(loaded)
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        let Some(recent) = &self.recent else {
            return self.store.delete(id).await;
        };
        let _writing = recent.writing.lock().await;
        recent.forget(id);
        let deleted = self.store.delete(id).await;
        recent.forget(id);
        deleted
    }
}

#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> Result<()> {
        // Kept sessions are checked for their expiry when read (`Recent::get`).
        match &self.store {
            Store::Sqlite(store) => store.delete_expired().await,
            Store::Postgres(store) => store.delete_expired().await,
        }
    }
}

impl Store {
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

/// The sessions this server read or wrote last, as they are in the database.
///
/// Writes (create, save, delete) take turns (`writing`), so the kept record is the one
/// the database got last. A load that missed keeps what it read only if no session was
/// written meanwhile (`writes`): otherwise it might keep a record that a save or a
/// sign-out changed while the query ran, and bring an old session back.
#[derive(Debug, Default)]
struct Recent {
    writing: tokio::sync::Mutex<()>,
    kept: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    records: HashMap<Id, Record>,
    writes: u64,
}

impl Recent {
    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The kept session `id`, unless it has expired.
    fn get(&self, id: &Id) -> Option<Record> {
        let mut kept = self.kept();
        let record = kept.records.get(id)?;
        if record.expiry_date > time::OffsetDateTime::now_utc() {
            return Some(record.clone());
        }
        kept.records.remove(id);
        None
    }

    fn writes(&self) -> u64 {
        self.kept().writes
    }

    /// Keeps a record read from the database when `writes` was the count of writes.
    fn loaded(&self, record: &Record, writes: u64) {
        let mut kept = self.kept();
        if kept.writes == writes {
            kept.keep(record);
        }
    }

    /// Keeps a record just written to the database.
    fn written(&self, record: &Record) {
        let mut kept = self.kept();
        kept.writes += 1;
        kept.keep(record);
    }

    fn forget(&self, id: &Id) {
        let mut kept = self.kept();
        kept.writes += 1;
        kept.records.remove(id);
    }
}

impl Kept {
    fn keep(&mut self, record: &Record) {
        if self.records.len() >= KEPT && !self.records.contains_key(&record.id) {
            let now = time::OffsetDateTime::now_utc();
            self.records.retain(|_, r| r.expiry_date > now);
            if self.records.len() >= KEPT {
                // Rarely reached (more people signed in at once than kept): start over
                // rather than keep track of the order of use.
                self.records.clear();
            }
        }
        self.records.insert(record.id, record.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: i128, expiry: time::Duration) -> Record {
        Record {
            id: Id(id),
            data: HashMap::new(),
            expiry_date: time::OffsetDateTime::now_utc() + expiry,
        }
    }

    #[test]
    fn a_kept_session_is_given_back_until_it_expires() {
        let recent = Recent::default();
        recent.written(&record(1, time::Duration::hours(1)));
        recent.written(&record(2, time::Duration::seconds(-1)));
        assert!(recent.get(&Id(1)).is_some());
        assert!(recent.get(&Id(2)).is_none(), "expired");
        recent.forget(&Id(1));
        assert!(recent.get(&Id(1)).is_none(), "deleted");
    }

    #[test]
    fn a_load_that_raced_a_write_keeps_nothing() {
        let recent = Recent::default();
        let before = recent.writes();
        // Meanwhile someone signs out (the session is deleted)...
        recent.forget(&Id(1));
        // ...and the load that read the session before that comes back with it.
        recent.loaded(&record(1, time::Duration::hours(1)), before);
        assert!(
            recent.get(&Id(1)).is_none(),
            "a signed-out session came back"
        );
        // Without a write in between, what was read is kept.
        let now = recent.writes();
        recent.loaded(&record(1, time::Duration::hours(1)), now);
        assert!(recent.get(&Id(1)).is_some());
    }

    #[test]
    fn memory_stays_bounded() {
        let recent = Recent::default();
        for id in 0..(KEPT as i128 * 2) {
            recent.written(&record(id, time::Duration::hours(1)));
        }
        assert!(recent.kept().records.len() <= KEPT);
        assert!(
            recent.get(&Id(KEPT as i128 * 2 - 1)).is_some(),
            "the last one"
        );
    }
}
