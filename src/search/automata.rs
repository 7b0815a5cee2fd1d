//! Prefix and typo clauses whose automata are built once per word and kept.
//!
//! tantivy's `FuzzyTermQuery` builds its Levenshtein automaton each time it is weighed: on
//! every search, and once per field although the name and alias clauses of a word share the
//! same one. Building them was about an eighth of a one-word search's time. An automaton
//! depends on the word, the distance and whether it matches prefixes only, never on the data,
//! so the last [`KEPT`] are kept for the whole process, across reloads.

use std::num::NonZeroUsize;
use std::sync::{Arc, LazyLock, Mutex};

use lru::LruCache;
use tantivy::Term;
use tantivy::query::{AutomatonWeight, DfaWrapper, EnableScoring, FuzzyTermQuery, Query, Weight};
use tantivy::schema::Field;

/// How many automata are kept.
const KEPT: usize = 256;

/// What an automaton matches: a word, the edits allowed, and whether prefixes of it count.
type Key = (String, u8, bool);

static AUTOMATA: LazyLock<Mutex<LruCache<Key, Arc<DfaWrapper>>>> = LazyLock::new(|| {
    Mutex::new(LruCache::new(
        NonZeroUsize::new(KEPT).unwrap_or(NonZeroUsize::MIN),
    ))
});

/// A clause matching the terms of one field within `distance` edits of a word (with a
/// transposition as one edit, as `FuzzyTermQuery::new(term, distance, true)`), or, as a
/// prefix clause, the terms that start with it (`FuzzyTermQuery::new_prefix(term, 0,
/// false)`). It scores as those do: every match the same, boosted by what wraps it.
#[derive(Clone)]
pub struct KeptAutomaton {
    field: Field,
    automaton: Arc<DfaWrapper>,
}

impl std::fmt::Debug for KeptAutomaton {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptAutomaton")
            .field("field", &self.field)
            .finish_non_exhaustive()
    }
}

impl KeptAutomaton {
    /// Words within `distance` edits of `word`, in `field`.
    pub fn typos(field: Field, word: &str, distance: u8) -> tantivy::Result<Self> {
        Self::kept(field, word, distance, false)
    }

    /// Words that start with `word`, in `field`.
    pub fn prefix(field: Field, word: &str) -> tantivy::Result<Self> {
        Self::kept(field, word, 0, true)
    }

    fn kept(field: Field, word: &str, distance: u8, prefix: bool) -> tantivy::Result<Self> {
        let key = (word.to_owned(), distance, prefix);
        if let Some(automaton) = lock().get(&key) {
            return Ok(KeptAutomaton {
                field,
                automaton: Arc::clone(automaton),
            });
        }
        let term = Term::from_field_text(field, word);
        let query = if prefix {
            FuzzyTermQuery::new_prefix(term, 0, false)
        } else {
            FuzzyTermQuery::new(term, distance, true)
        };
        let automaton = Arc::new(query.automaton()?);
        lock().put(key, Arc::clone(&automaton));
        Ok(KeptAutomaton { field, automaton })
    }
}

fn lock() -> std::sync::MutexGuard<'static, LruCache<Key, Arc<DfaWrapper>>> {
    AUTOMATA.lock().unwrap_or_else(|poison| poison.into_inner())
}

impl Query for KeptAutomaton {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AutomatonWeight::<DfaWrapper>::new(
            self.field,
            Arc::clone(&self.automaton),
        )))
    }
}
