//! Full-text search over posts: analysis (`analyze`), typo tolerance (`fuzzy`), the
//! visitor's words as a query (`query`) and marking hits (`highlight`). The index itself
//! is the database's own (SQLite FTS5, see migrations and `db::search_index`).
pub mod analyze;
pub mod fuzzy;
pub mod highlight;
pub mod query;

use fuzzy::Vocabulary;
use tokio::sync::RwLock;

/// The vocabulary of this process, loaded from the index on the first search.
#[derive(Default)]
pub struct SearchState {
    vocabulary: RwLock<Option<Vocabulary>>,
}

impl SearchState {
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
