//! Parsed and validated documents, remembered by query text, so that a dashboard or a research
//! script that sends the same query again skips parsing and validation.
//!
//! The GraphQL server's own work per request (parsing, then validating against the schema)
//! costs more than answering a small query. Documents never change meaning while the process
//! runs (the schema is fixed; data reloads do not touch it), so a parsed document is reused
//! for the same text, and a validation result for the same text and operation name (and for
//! the same variables, when they are not known to fit their declared types: see
//! `guard::variables`). Both caches are bounded least-recently-used maps; long documents are not kept.

use std::num::NonZeroUsize;
use std::sync::{Mutex, MutexGuard};

use async_graphql::ValidationResult;
use async_graphql::parser::types::ExecutableDocument;
use lru::LruCache;

/// How many documents and validation results are kept.
pub const CACHED_DOCUMENTS: usize = 512;

/// Documents longer than this many bytes are not kept: they are rare, and a cache full of
/// them would hold megabytes.
pub const LONGEST_CACHED_QUERY: usize = 16 * 1024;

/// A bounded map by text. foldhash is seeded at random per map, and the map never holds more
/// than [`CACHED_DOCUMENTS`] entries, so texts chosen to collide cannot make it slow.
type Lru<V> = LruCache<String, V, foldhash::fast::RandomState>;

/// The shared caches, one per schema.
pub struct DocumentCache {
    documents: Mutex<Lru<ExecutableDocument>>,
    validations: Mutex<Lru<ValidationResult>>,
}

impl Default for DocumentCache {
    fn default() -> Self {
        let size = NonZeroUsize::new(CACHED_DOCUMENTS).unwrap_or(NonZeroUsize::MIN);
        DocumentCache {
            documents: Mutex::new(LruCache::with_hasher(size, Default::default())),
            validations: Mutex::new(LruCache::with_hasher(size, Default::default())),
        }
    }
}

/// Locks a cache; a poisoned lock only means a panic elsewhere, and the map is still whole.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poison| poison.into_inner())
}

impl DocumentCache {
    /// The parsed document for a query text, when it was parsed before.
    pub fn document(&self, query: &str) -> Option<ExecutableDocument> {
        lock(&self.documents).get(query).cloned()
    }

    /// Remembers a parsed document that passed every check.
    pub fn keep_document(&self, query: &str, document: &ExecutableDocument) {
        if query.len() <= LONGEST_CACHED_QUERY {
            lock(&self.documents).put(query.to_owned(), document.clone());
        }
    }

    /// The validation result for a key made by [`DocumentCache::validation_key`].
    pub fn validation(&self, key: &str) -> Option<ValidationResult> {
        lock(&self.validations).get(key).copied()
    }

    /// Whether a validation result is kept for a key: the document passed every check with
    /// these variables before.
    pub fn has_validation(&self, key: &str) -> bool {
        lock(&self.validations).contains(key)
    }

    /// Remembers a successful validation.
    pub fn keep_validation(&self, key: String, result: ValidationResult) {
        lock(&self.validations).put(key, result);
    }

    /// What a validation depends on: the text, the operation and, unless they are known to
    /// fit the declared types, the variables; `None` for a query too long to keep.
    pub fn validation_key(
        query: &str,
        operation_name: Option<&str>,
        variables: Option<&async_graphql::Variables>,
    ) -> Option<String> {
        if query.len() > LONGEST_CACHED_QUERY {
            return None;
        }
        let variables = match variables {
            Some(variables) => serde_json::to_string(variables).ok()?,
            None => String::new(),
        };
        Some(format!(
            "{}\u{0}{query}\u{0}{variables}",
            operation_name.unwrap_or_default()
        ))
    }
}
