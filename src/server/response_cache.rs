//! Whole GraphQL answers, remembered by data version, query text, operation name and
//! variables, so that a dashboard polled by many people is computed once per data version.
//!
//! Only clean answers (no error at all) are kept. The cache is bounded by bytes (keys and
//! bodies), evicting the least recently used answers first; an answer larger than an eighth of
//! the budget is never kept. A reload empties it, and since the data version is part of the
//! key, no answer from older data can be served even between the swap and the emptying.

use std::sync::{Mutex, MutexGuard};

use axum::body::Bytes;
use lru::LruCache;

/// What an answer depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AnswerKey {
    /// The version of the dataset it was answered from.
    pub version: String,
    /// The query text.
    pub query: String,
    /// The operation name, when the request gave one.
    pub operation: Option<String>,
    /// The variables as JSON text (empty without variables).
    pub variables: String,
}

impl AnswerKey {
    fn bytes(&self) -> usize {
        self.version.len()
            + self.query.len()
            + self.operation.as_ref().map_or(0, String::len)
            + self.variables.len()
    }
}

struct Entries {
    answers: LruCache<AnswerKey, Bytes, foldhash::fast::RandomState>,
    bytes: usize,
}

/// The cache; a budget of 0 turns it off.
pub struct ResponseCache {
    budget: usize,
    entries: Mutex<Entries>,
}

impl std::fmt::Debug for ResponseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseCache")
            .field("budget", &self.budget)
            .finish_non_exhaustive()
    }
}

impl ResponseCache {
    /// A cache holding at most `budget` bytes of keys and answers.
    pub fn new(budget: usize) -> Self {
        ResponseCache {
            budget,
            entries: Mutex::new(Entries {
                answers: LruCache::unbounded_with_hasher(Default::default()),
                bytes: 0,
            }),
        }
    }

    /// Whether the cache keeps anything.
    pub fn is_on(&self) -> bool {
        self.budget > 0
    }

    fn lock(&self) -> MutexGuard<'_, Entries> {
        self.entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// The answer kept for a key, which becomes the most recently used.
    pub fn get(&self, key: &AnswerKey) -> Option<Bytes> {
        if !self.is_on() {
            return None;
        }
        self.lock().answers.get(key).cloned()
    }

    /// Keeps an answer, evicting the least recently used ones until it fits; returns how
    /// many answers are kept then, and their bytes.
    pub fn put(&self, key: AnswerKey, body: Bytes) -> (usize, usize) {
        let size = key.bytes() + body.len();
        let mut entries = self.lock();
        if !self.is_on() || size > self.budget / 8 {
            return (entries.answers.len(), entries.bytes);
        }
        if let Some(old) = entries.answers.put(key.clone(), body) {
            entries.bytes -= key.bytes() + old.len();
        }
        entries.bytes += size;
        while entries.bytes > self.budget {
            match entries.answers.pop_lru() {
                Some((evicted, answer)) => entries.bytes -= evicted.bytes() + answer.len(),
                None => break,
            }
        }
        (entries.answers.len(), entries.bytes)
    }

    /// Forgets every answer (after a reload).
    pub fn clear(&self) {
        let mut entries = self.lock();
        entries.answers.clear();
        entries.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(query: &str) -> AnswerKey {
        AnswerKey {
            version: "v1".to_owned(),
            query: query.to_owned(),
            operation: None,
            variables: String::new(),
        }
    }

    #[test]
    fn the_least_recently_used_answers_go_first_and_the_budget_holds() {
        let cache = ResponseCache::new(8 * 100);
        let body = Bytes::from(vec![b'x'; 90]);
        for i in 0..8 {
            cache.put(key(&format!("q{i}")), body.clone());
        }
        // Reading q0 makes it recent, so q1 is the first to go.
        assert!(cache.get(&key("q0")).is_some());
        let (entries, bytes) = cache.put(key("q8"), body.clone());
        assert!(cache.get(&key("q1")).is_none());
        assert!(cache.get(&key("q0")).is_some());
        assert!(bytes <= 800, "{bytes}");
        assert_eq!(entries, 8);
        // Too large an answer is not kept; clearing forgets everything.
        assert_eq!(
            cache.put(key("big"), Bytes::from(vec![b'x'; 200])),
            (8, bytes)
        );
        assert!(cache.get(&key("big")).is_none());
        cache.clear();
        assert!(cache.get(&key("q0")).is_none());
        // The key counts too: "v1" and "q0", then the 90 bytes of the answer.
        assert_eq!(cache.put(key("q0"), body.clone()), (1, 94));
        // Off means off.
        let off = ResponseCache::new(0);
        assert_eq!(off.put(key("q"), body), (0, 0));
        assert!(off.get(&key("q")).is_none());
    }
}
