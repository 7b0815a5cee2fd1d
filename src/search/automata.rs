//! Prefix and typo clauses whose automata are built once per word and kept, and whose
//! matches are kept per index.
//!
//! tantivy's `FuzzyTermQuery` builds its Levenshtein automaton each time it is weighed: on
//! every search, and once per field although the name and alias clauses of a word share the
//! same one. Building them was about an eighth of a one-word search's time. An automaton
//! depends on the word, the distance and whether it matches prefixes only, never on the data,
//! so the last [`KEPT`] are kept for the whole process, across reloads.
//!
//! Running an automaton over a field's terms and gathering the documents of every term it
//! accepts was then a fifth of a one-word search's time, the same work each time a word is
//! searched again. Such a clause scores every match the same, so what it matched in a segment
//! is a plain list of documents: [`ClauseMatches`] keeps those lists for one index (a reload
//! builds a new index, and so starts empty), the least recently used dropped past
//! [`CLAUSE_MATCHES_BYTES`]. This is Lucene's query cache for constant-scoring clauses
//! (`LRUQueryCache`), for the clauses that cost the most to run.

use std::num::NonZeroUsize;
use std::sync::{Arc, LazyLock, Mutex};

use lru::LruCache;
use tantivy::index::SegmentId;
use tantivy::query::{
    AutomatonWeight, ConstScorer, DfaWrapper, EnableScoring, Explanation, FuzzyTermQuery, Query,
    Scorer, Weight,
};
use tantivy::schema::Field;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

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
    key: Key,
    automaton: Arc<DfaWrapper>,
    matches: Arc<ClauseMatches>,
}

impl std::fmt::Debug for KeptAutomaton {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptAutomaton")
            .field("field", &self.field)
            .finish_non_exhaustive()
    }
}

impl KeptAutomaton {
    /// Words within `distance` edits of `word`, in `field`; what it matched is kept in
    /// `matches`.
    pub fn typos(
        field: Field,
        word: &str,
        distance: u8,
        matches: &Arc<ClauseMatches>,
    ) -> tantivy::Result<Self> {
        Self::kept(field, word, distance, false, matches)
    }

    /// Words that start with `word`, in `field`; what it matched is kept in `matches`.
    pub fn prefix(field: Field, word: &str, matches: &Arc<ClauseMatches>) -> tantivy::Result<Self> {
        Self::kept(field, word, 0, true, matches)
    }

    fn kept(
        field: Field,
        word: &str,
        distance: u8,
        prefix: bool,
        matches: &Arc<ClauseMatches>,
    ) -> tantivy::Result<Self> {
        let key = (word.to_owned(), distance, prefix);
        let matches = Arc::clone(matches);
        if let Some(automaton) = lock().get(&key) {
            return Ok(KeptAutomaton {
                field,
                automaton: Arc::clone(automaton),
                key,
                matches,
            });
        }
        let term = Term::from_field_text(field, word);
        let query = if prefix {
            FuzzyTermQuery::new_prefix(term, 0, false)
        } else {
            FuzzyTermQuery::new(term, distance, true)
        };
        let automaton = Arc::new(query.automaton()?);
        lock().put(key.clone(), Arc::clone(&automaton));
        Ok(KeptAutomaton {
            field,
            automaton,
            key,
            matches,
        })
    }
}

fn lock() -> std::sync::MutexGuard<'static, LruCache<Key, Arc<DfaWrapper>>> {
    AUTOMATA.lock().unwrap_or_else(|poison| poison.into_inner())
}

impl Query for KeptAutomaton {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(KeptWeight(self.clone())))
    }
}

/// The weight of a kept clause: its matches in a segment come from [`ClauseMatches`] when
/// they were gathered before.
struct KeptWeight(KeptAutomaton);

impl KeptWeight {
    fn automaton_weight(&self) -> AutomatonWeight<DfaWrapper> {
        AutomatonWeight::new(self.0.field, Arc::clone(&self.0.automaton))
    }
}

impl Weight for KeptWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let clause = &self.0;
        let key = (reader.segment_id(), clause.field, clause.key.clone());
        let docs = match clause.matches.get(&key) {
            Some(docs) => docs,
            None => {
                let mut scorer = self.automaton_weight().scorer(reader, 1.0)?;
                let mut docs = Vec::new();
                while scorer.doc() != TERMINATED {
                    docs.push(scorer.doc());
                    scorer.advance();
                }
                let docs = Arc::new(docs);
                clause.matches.put(key, Arc::clone(&docs));
                docs
            }
        };
        Ok(Box::new(ConstScorer::new(KeptDocs::new(docs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.automaton_weight().explain(reader, doc)
    }
}

/// A kept list of documents, read in order.
struct KeptDocs {
    docs: Arc<Vec<DocId>>,
    at: usize,
}

impl KeptDocs {
    fn new(docs: Arc<Vec<DocId>>) -> Self {
        KeptDocs { docs, at: 0 }
    }
}

impl DocSet for KeptDocs {
    fn advance(&mut self) -> DocId {
        self.at = (self.at + 1).min(self.docs.len());
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let rest = self.docs.get(self.at..).unwrap_or_default();
        self.at += rest.partition_point(|&doc| doc < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.at).copied().unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        (self.docs.len() - self.at) as u32
    }
}

/// The most bytes of document lists that [`ClauseMatches`] keeps: 16 MiB, four million
/// matches.
pub const CLAUSE_MATCHES_BYTES: usize = 16 << 20;

/// Which clause matched in which segment: the segment, the field, and the automaton's key.
type ClauseKey = (SegmentId, Field, Key);

/// The documents that prefix and typo clauses matched, per segment, for one index.
pub struct ClauseMatches {
    kept: Mutex<KeptMatches>,
}

struct KeptMatches {
    lists: LruCache<ClauseKey, Arc<Vec<DocId>>>,
    bytes: usize,
}

impl Default for ClauseMatches {
    fn default() -> Self {
        ClauseMatches {
            kept: Mutex::new(KeptMatches {
                lists: LruCache::unbounded(),
                bytes: 0,
            }),
        }
    }
}

impl ClauseMatches {
    fn lock(&self) -> std::sync::MutexGuard<'_, KeptMatches> {
        self.kept
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    fn get(&self, key: &ClauseKey) -> Option<Arc<Vec<DocId>>> {
        self.lock().lists.get(key).cloned()
    }

    /// Keeps a clause's matches, dropping the least recently used lists past the budget; a
    /// list larger than the whole budget is not kept.
    fn put(&self, key: ClauseKey, docs: Arc<Vec<DocId>>) {
        let size = size_of_list(docs.len());
        if size > CLAUSE_MATCHES_BYTES {
            return;
        }
        let mut kept = self.lock();
        if let Some(old) = kept.lists.put(key, docs) {
            kept.bytes -= size_of_list(old.len());
        }
        kept.bytes += size;
        while kept.bytes > CLAUSE_MATCHES_BYTES {
            match kept.lists.pop_lru() {
                Some((_, old)) => kept.bytes -= size_of_list(old.len()),
                None => break,
            }
        }
    }

    /// How many documents the prefix clause (no distance) or typo clause of `word` on `field`
    /// matched in a segment, if that is kept.
    pub fn known(
        &self,
        segment: SegmentId,
        field: Field,
        word: &str,
        distance: Option<u8>,
    ) -> Option<usize> {
        let key = (
            segment,
            field,
            (word.to_owned(), distance.unwrap_or(0), distance.is_none()),
        );
        self.lock().lists.peek(&key).map(|docs| docs.len())
    }

    /// How many lists are kept, and their size in bytes.
    pub fn kept(&self) -> (usize, usize) {
        let kept = self.lock();
        (kept.lists.len(), kept.bytes)
    }
}

/// What a kept list of `docs` documents costs: the documents and the key's share.
fn size_of_list(docs: usize) -> usize {
    docs * size_of::<DocId>() + 64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(word: &str) -> ClauseKey {
        (
            SegmentId::generate_random(),
            Field::from_field_id(1),
            (word.to_owned(), 1, false),
        )
    }

    /// The kept lists stay within their budget, the least recently used going first, and a
    /// list larger than the budget is not kept.
    #[test]
    fn kept_matches_stay_within_their_budget() {
        let matches = ClauseMatches::default();
        let quarter = (CLAUSE_MATCHES_BYTES / 4) / size_of::<DocId>();
        let keys: Vec<ClauseKey> = (0..5).map(|i| key(&format!("w{i}"))).collect();
        for key in &keys[..4] {
            matches.put(key.clone(), Arc::new(vec![7; quarter - 64]));
        }
        assert_eq!(matches.kept().0, 4);
        // Reading the first makes the second the least recently used.
        assert!(matches.get(&keys[0]).is_some());
        matches.put(keys[4].clone(), Arc::new(vec![7; quarter - 64]));
        let (count, bytes) = matches.kept();
        assert_eq!(count, 4);
        assert!(bytes <= CLAUSE_MATCHES_BYTES);
        assert!(matches.get(&keys[1]).is_none());
        assert!(matches.get(&keys[0]).is_some());
        matches.put(key("huge"), Arc::new(vec![0; quarter * 5]));
        assert_eq!(matches.kept().0, 4);
    }

    /// A kept list reads as the documents it holds, by advancing and by seeking.
    #[test]
    fn kept_docs_advance_and_seek() {
        let mut docs = KeptDocs::new(Arc::new(vec![2, 5, 9, 14]));
        assert_eq!(docs.doc(), 2);
        assert_eq!(docs.advance(), 5);
        assert_eq!(docs.seek(9), 9);
        assert_eq!(docs.seek(10), 14);
        assert_eq!(docs.size_hint(), 1);
        assert_eq!(docs.advance(), TERMINATED);
        assert_eq!(docs.advance(), TERMINATED);
        assert_eq!(KeptDocs::new(Arc::new(Vec::new())).doc(), TERMINATED);
    }
}
