//! Automatic persisted queries (Apollo's protocol): a client may send a query's SHA-256 hash
//! instead of its text once the server has seen the text with that hash.
//!
//! The text is kept, not a parsed document, so that a persisted query goes through the same
//! guard, document cache and validation as any other: a hash can never smuggle a document past
//! the limits.

use std::num::NonZeroUsize;
use std::sync::Mutex;

use lru::LruCache;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// How many persisted queries are kept, least recently used first out.
pub const PERSISTED_QUERIES: usize = 1_024;

/// The hash-to-text map of persisted queries.
pub struct PersistedQueries {
    texts: Mutex<LruCache<String, String>>,
}

impl Default for PersistedQueries {
    fn default() -> Self {
        let size = NonZeroUsize::new(PERSISTED_QUERIES).unwrap_or(NonZeroUsize::MIN);
        PersistedQueries {
            texts: Mutex::new(LruCache::new(size)),
        }
    }
}

impl PersistedQueries {
    /// The query text of a request: its own text (remembered under its hash when the request
    /// carries a `persistedQuery` extension), or the text remembered for the hash it sends.
    /// The `persistedQuery` extension is taken out of `extensions`. The error is the message
    /// Apollo clients expect, such as `PersistedQueryNotFound`.
    pub fn resolve(
        &self,
        query: Option<String>,
        extensions: Option<&mut Map<String, Value>>,
    ) -> Result<String, String> {
        let Some(persisted) = extensions.and_then(|e| e.remove("persistedQuery")) else {
            return Ok(query.unwrap_or_default());
        };
        let invalid = || "Invalid \"PersistedQuery\" extension configuration.".to_owned();
        let version = persisted.get("version").and_then(Value::as_i64);
        let hash = persisted
            .get("sha256Hash")
            .and_then(Value::as_str)
            .ok_or_else(invalid)?;
        match version {
            Some(1) => {}
            Some(other) => {
                return Err(format!(
                    "Only the \"PersistedQuery\" extension of version \"1\" is supported, and the current version is \"{other}\"."
                ));
            }
            None => return Err(invalid()),
        }
        let mut texts = self
            .texts
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        match query.filter(|q| !q.is_empty()) {
            None => texts
                .get(hash)
                .cloned()
                .ok_or_else(|| "PersistedQueryNotFound".to_owned()),
            Some(query) => {
                let actual = format!("{:x}", Sha256::digest(query.as_bytes()));
                if actual != hash {
                    return Err("provided sha does not match query".to_owned());
                }
                texts.put(actual, query.clone());
                Ok(query)
            }
        }
    }
}
