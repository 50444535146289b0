//! Full-text search over posts: analysis (`analyze`), typo tolerance (`fuzzy`), the
//! visitor's words as a query (`query`) and marking hits (`highlight`). The index itself
//! is the database's own (SQLite FTS5 or a PostgreSQL tsvector, see `db::search_index`).
pub mod analyze;
pub mod fuzzy;
pub mod highlight;
pub mod query;

use fuzzy::Vocabulary;
use tokio::sync::{RwLock, Semaphore, SemaphorePermit};

/// The vocabulary of this process, loaded from the index on the first search, and the
/// permits for running searches.
pub struct SearchState {
    vocabulary: RwLock<Option<Vocabulary>>,
    running: Semaphore,
}

impl Default for SearchState {
    fn default() -> Self {
        Self {
            vocabulary: RwLock::default(),
            running: crate::ssr::per_core_permits(),
        }
    }
}

impl SearchState {
    /// Waits until a search may run: at most one per core at a time. Ranking the hits of
    /// a common word is CPU work in SQLite, and each running search holds its hits and
    /// their ranks in memory: four at once on two cores answered no sooner and took the
    /// server from 59 MB to 142 MB.
    pub async fn permit(&self) -> Option<SemaphorePermit<'_>> {
        self.running.acquire().await.ok()
    }

    /// Runs `read` with the vocabulary, loading it first if needed.
    pub async fn with_vocabulary<T>(
        &self,
        db: &crate::ssr::db::Db,
        read: impl FnOnce(&Vocabulary) -> T,
    ) -> Result<T, sqlx::Error> {
        {
            let guard = self.vocabulary.read().await;
            if let Some(vocabulary) = guard.as_ref() {
                return Ok(read(vocabulary));
            }
        }
        let mut guard = self.vocabulary.write().await;
        if guard.is_none() {
            let mut conn = db.pool().acquire().await?;
            let terms = crate::ssr::db::search_index::terms(&mut conn).await?;
            let vocabulary = Vocabulary::from_terms(terms);
            tracing::debug!(terms = vocabulary.len(), "search vocabulary loaded");
            *guard = Some(vocabulary);
        }
        Ok(read(guard.as_ref().map_or(&Vocabulary::default(), |v| v)))
    }

    /// Drops the vocabulary; the next search loads it again (with the words of posts
    /// that other instances indexed).
    pub async fn reload_later(&self) {
        *self.vocabulary.write().await = None;
    }

    /// Adds the terms of a newly indexed document (when the vocabulary is loaded).
    pub async fn learn(&self, documents: &[&str]) {
        let mut guard = self.vocabulary.write().await;
        if let Some(vocabulary) = guard.as_mut() {
            for document in documents {
                for term in document.split(' ') {
                    vocabulary.add(term);
                }
            }
        }
    }
}
