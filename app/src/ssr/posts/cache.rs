//! Recent listing results in memory. Listings are read far more often than posts
//! change (the first page of offers and needs above all), and counting 50,000 active
//! posts for every view costs milliseconds. Every change to a post starts a new
//! generation, which makes all kept results stale; results also age out after
//! `MAX_AGE`, which bounds how late an expiry shows (and, with several server
//! instances, a change made on another one).
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub const MAX_AGE: Duration = Duration::from_secs(30);
/// Beyond this many kept results the cache starts over (bounded memory).
const ENTRIES_MAX: usize = 2000;

pub struct Cache<K, V> {
    generation: AtomicU64,
    entries: Mutex<HashMap<K, (u64, Instant, V)>>,
}

impl<K: Eq + Hash, V: Clone> Default for Cache<K, V> {
    fn default() -> Self {
        Self {
            generation: AtomicU64::new(0),
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash, V: Clone> Cache<K, V> {
    /// The generation to remember a result under (read it before computing the result).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn get(&self, key: &K) -> Option<V> {
        let current = self.generation();
        let entries = self.entries.lock().ok()?;
        entries
            .get(key)
            .filter(|(generation, at, _)| *generation == current && at.elapsed() < MAX_AGE)
            .map(|(_, _, value)| value.clone())
    }

    pub fn put(&self, key: K, generation: u64, value: V) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= ENTRIES_MAX {
                entries.clear();
            }
            entries.insert(key, (generation, Instant::now(), value));
        }
    }

    /// Something changed: every kept result is stale.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_makes_results_computed_before_it_stale() {
        let cache: Cache<&str, u32> = Cache::default();
        let before = cache.generation();
        cache.put("offers", before, 1);
        assert_eq!(cache.get(&"offers"), Some(1));
        // A result computed while a change happened must not be kept as current.
        let racing = cache.generation();
        cache.invalidate();
        cache.put("offers", racing, 2);
        assert_eq!(cache.get(&"offers"), None);
    }
}
