//! Recent listing results in memory. Listings are read far more often than posts
//! change (the first page of offers and needs above all), and counting 50,000 active
//! posts for every view costs milliseconds. Every change to a post drops all kept
//! results; results also age out after `MAX_AGE`, which bounds how late an expiry shows
//! (and, with several server instances, a change made on another one). A computation
//! that was under way when the change came still answers the requests that waited for
//! it (they asked before the change), but it is not kept.
//!
//! Single flight: while one request computes a result, others asking for the same key
//! wait for it instead of computing it too. Without that, a popular search that aged
//! out was recomputed by every waiting connection at once (64 at a time in the
//! benchmark), the pool queued them for seconds and p99 rose to 1.9 s.
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

pub const MAX_AGE: Duration = Duration::from_secs(30);

struct Entry<V> {
    started: Instant,
    value: Arc<OnceCell<V>>,
}

pub struct Cache<K, V> {
    entries: Mutex<HashMap<K, Entry<V>>>,
    /// Beyond this many kept results the cache starts over (bounded memory).
    capacity: usize,
}

impl<K, V> Cache<K, V> {
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            capacity,
        }
    }
}

impl<K: Eq + Hash + Clone, V: Clone> Cache<K, V> {
    /// The kept result for `key`, or the one `compute` gives (computed once however many
    /// ask at the same time). A failed computation is not kept: the next caller tries again.
    pub async fn get_or_try_compute<E, F, Fut>(&self, key: &K, compute: F) -> Result<V, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        let cell = self.cell(key);
        match cell {
            Some(cell) => cell.get_or_try_init(compute).await.cloned(),
            // A poisoned lock only costs the caching, never the answer.
            None => compute().await,
        }
    }

    /// The shared slot for `key`, made if missing or too old.
    fn cell(&self, key: &K) -> Option<Arc<OnceCell<V>>> {
        let mut entries = self.entries.lock().ok()?;
        if let Some(entry) = entries.get(key)
            && entry.started.elapsed() < MAX_AGE
        {
            return Some(entry.value.clone());
        }
        if entries.len() >= self.capacity {
            entries.clear();
        }
        let value = Arc::new(OnceCell::new());
        entries.insert(
            key.clone(),
            Entry {
                started: Instant::now(),
                value: value.clone(),
            },
        );
        Some(value)
    }

    /// Something changed: every kept result is stale.
    pub fn invalidate(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn counting(calls: &AtomicUsize, value: u32) -> impl Future<Output = Result<u32, ()>> {
        calls.fetch_add(1, Ordering::SeqCst);
        async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok(value)
        }
    }

    #[tokio::test]
    async fn concurrent_requests_for_one_key_compute_it_once() {
        let cache: Cache<&str, u32> = Cache::new(10);
        let calls = AtomicUsize::new(0);
        let answers = futures::future::join_all(
            (0..16).map(|_| cache.get_or_try_compute(&"offers", || counting(&calls, 7))),
        )
        .await;
        assert!(answers.iter().all(|a| *a == Ok(7)));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_change_makes_kept_results_stale() {
        let cache: Cache<&str, u32> = Cache::new(10);
        let calls = AtomicUsize::new(0);
        assert_eq!(
            cache
                .get_or_try_compute(&"offers", || counting(&calls, 1))
                .await,
            Ok(1)
        );
        assert_eq!(
            cache
                .get_or_try_compute(&"offers", || counting(&calls, 2))
                .await,
            Ok(1)
        );
        cache.invalidate();
        assert_eq!(
            cache
                .get_or_try_compute(&"offers", || counting(&calls, 3))
                .await,
            Ok(3)
        );
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_result_computed_while_a_change_happened_is_not_kept() {
        let cache: Cache<&str, u32> = Cache::new(10);
        let calls = AtomicUsize::new(0);
        let (racing, ()) = tokio::join!(
            cache.get_or_try_compute(&"offers", || counting(&calls, 1)),
            async {
                // The computation above has started (it sleeps 20 ms) when a post changes.
                tokio::time::sleep(Duration::from_millis(5)).await;
                cache.invalidate();
            }
        );
        assert_eq!(
            racing,
            Ok(1),
            "the request that asked before still gets its answer"
        );
        assert_eq!(
            cache
                .get_or_try_compute(&"offers", || counting(&calls, 2))
                .await,
            Ok(2)
        );
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_computation_is_not_kept() {
        let cache: Cache<&str, u32> = Cache::new(10);
        let failed: Result<u32, &str> = cache
            .get_or_try_compute(&"offers", || async { Err("database busy") })
            .await;
        assert_eq!(failed, Err("database busy"));
        let next: Result<u32, &str> = cache
            .get_or_try_compute(&"offers", || async { Ok(4) })
            .await;
        assert_eq!(next, Ok(4));
    }
}
