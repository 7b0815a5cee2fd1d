//! Which candidates a query finds (its tantivy query), what a search will cost before it
//! runs, and which query words the candidates' descriptions and contexts hold, read from
//! their postings.

use tantivy::postings::SegmentPostings;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Searcher, Term};

use super::automata::KeptAutomaton;
use super::explain::{MIN_PREFIX_CHARS, typo_budget};
use super::syntax::ParsedQuery;
use super::{MAX_CANDIDATES, SearchError, SearchIndex, WHOLE_TEXT_POSTINGS};
use crate::model::Graph;

/// A prefix clause (no distance) or typo clause of one query word on one field.
struct LooseClause {
    field: Field,
    distance: Option<u8>,
    boost: f32,
}

impl SearchIndex {
    /// The prefix and typo clauses of one query word: on the names and aliases, none for a
    /// word that matches at least [`MAX_CANDIDATES`] names (or aliases) exactly (see
    /// [`SearchIndex::candidates_query`]).
    fn loose_clauses(&self, searcher: &Searcher, word: &str) -> Vec<LooseClause> {
        let f = &self.fields;
        let exact_matches = |field, word: &str| {
            searcher
                .doc_freq(&Term::from_field_text(field, word))
                .unwrap_or(0)
        };
        let common = exact_matches(f.name, word).max(exact_matches(f.aliases, word))
            >= MAX_CANDIDATES as u64;
        let mut clauses = Vec::new();
        if common {
            return clauses;
        }
        for (field, boost) in [(f.name, 1.0), (f.aliases, 0.8)] {
            if word.chars().count() >= MIN_PREFIX_CHARS {
                clauses.push(LooseClause {
                    field,
                    distance: None,
                    boost,
                });
            }
            let budget = typo_budget(word);
            if budget > 0 {
                clauses.push(LooseClause {
                    field,
                    distance: Some(budget),
                    boost: boost * 0.5,
                });
            }
        }
        clauses
    }

    /// What a search of `text` would cost, in postings read (documents of terms), when that
    /// is known before running it: every exact term's document frequency is, and a prefix or
    /// typo clause's matches are once a search of the same word kept them. `None` when some
    /// are not known (or the text is refused).
    ///
    /// The candidates of a query with phrases are explained on their whole text
    /// (description and context folded), each costing about as much as reading
    /// [`WHOLE_TEXT_POSTINGS`] postings; those of other queries (at most [`MAX_CANDIDATES`])
    /// are ranked from word ids and the postings already counted, a constant each.
    pub fn known_cost(&self, text: &str) -> Option<usize> {
        let query = Self::parse(text).ok()?;
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let frequency = |field, word: &str| -> usize {
            searcher
                .doc_freq(&Term::from_field_text(field, word))
                .unwrap_or(0) as usize
        };
        let exact = |word: &str| -> usize {
            [f.name, f.aliases, f.description, f.context]
                .into_iter()
                .map(|field| frequency(field, word))
                .sum()
        };
        let mut postings = 0usize;
        for word in &query.words {
            postings += exact(word);
            for loose in self.loose_clauses(&searcher, word) {
                for segment in searcher.segment_readers() {
                    postings += self.clause_matches.known(
                        segment.segment_id(),
                        loose.field,
                        word,
                        loose.distance,
                    )?;
                }
            }
        }
        for word in query.phrases.iter().flatten().chain(&query.excluded) {
            postings += exact(word);
        }
        // A query with phrases explains every candidate on its whole text; one without is
        // ranked from postings and word ids, already counted.
        let whole_texts = if query.phrases.is_empty() && query.words.len() <= 32 {
            0
        } else {
            postings.min(MAX_CANDIDATES)
        };
        Some(postings.saturating_add(whole_texts.saturating_mul(WHOLE_TEXT_POSTINGS)))
    }

    /// The tantivy query that finds the candidates of a parsed query.
    ///
    /// Every clause sits directly in one union, which scores the same as grouping them by
    /// word (a union adds its clauses' scores) and lets tantivy skip whole blocks of
    /// documents that cannot reach the best candidates (block-max WAND) when every clause is
    /// a plain term. Prefix and typo clauses are left out for a word that matches at least
    /// [`MAX_CANDIDATES`] names (or aliases) exactly: such a word already has more exact name
    /// matches than are explained, and each of them outranks any prefix or typo match, so
    /// those clauses would only add work.
    pub(super) fn candidates_query(
        &self,
        searcher: &Searcher,
        query: &ParsedQuery,
    ) -> Result<BooleanQuery, SearchError> {
        let f = &self.fields;
        let term = |field, word: &str| Term::from_field_text(field, word);
        let boosted = |query: Box<dyn Query>, boost: f32| -> (Occur, Box<dyn Query>) {
            (Occur::Should, Box::new(BoostQuery::new(query, boost)))
        };
        let exact = |field, word: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                term(field, word),
                IndexRecordOption::WithFreqs,
            ))
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in &query.words {
            clauses.extend([
                boosted(exact(f.name, word), 5.0),
                boosted(exact(f.aliases, word), 4.0),
                boosted(exact(f.description, word), 1.0),
                boosted(exact(f.context, word), 0.5),
            ]);
            for loose in self.loose_clauses(searcher, word) {
                let automaton = match loose.distance {
                    None => KeptAutomaton::prefix(loose.field, word, &self.clause_matches)?,
                    Some(distance) => {
                        KeptAutomaton::typos(loose.field, word, distance, &self.clause_matches)?
                    }
                };
                clauses.push(boosted(Box::new(automaton), loose.boost));
            }
        }
        for phrase in &query.phrases {
            let per_field: Vec<(Occur, Box<dyn Query>)> =
                [f.name, f.aliases, f.description, f.context]
                    .into_iter()
                    .map(|field| {
                        let terms = phrase.iter().map(|w| term(field, w)).collect();
                        (
                            Occur::Should,
                            Box::new(PhraseQuery::new(terms)) as Box<dyn Query>,
                        )
                    })
                    .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(per_field))));
        }
        for word in &query.excluded {
            for field in [f.name, f.aliases, f.description, f.context] {
                clauses.push((Occur::MustNot, exact(field, word)));
            }
        }
        Ok(BooleanQuery::new(clauses))
    }

    /// Whether a query's candidates are ranked without folding their texts (see
    /// [`NameMatcher::rank`]): when it has no phrase and at most 32 words (one bit each for
    /// description and context in a `u64`), and the names' words are this graph's.
    pub(super) fn ranks_without_folding(&self, graph: &Graph, query: &ParsedQuery) -> bool {
        query.phrases.is_empty()
            && query.words.len() <= 32
            && self.names.covers(graph.entity_count())
    }

    /// For each document, which query words its description (bit `2k` for word `k`) and its
    /// context (bit `2k + 1`) hold, read from the postings of those fields: the documents
    /// are visited in order, so each posting list is read forward once, skipping blocks.
    pub(super) fn field_matches(
        &self,
        searcher: &Searcher,
        query: &ParsedQuery,
        docs: impl Iterator<Item = DocAddress>,
    ) -> Result<Vec<u64>, SearchError> {
        let docs: Vec<DocAddress> = docs.collect();
        let mut masks = vec![0u64; docs.len()];
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_unstable_by_key(|&i| (docs[i].segment_ord, docs[i].doc_id));
        let f = &self.fields;
        for (k, word) in query.words.iter().enumerate().take(32) {
            for (bit, field) in [(2 * k, f.description), (2 * k + 1, f.context)] {
                let term = Term::from_field_text(field, word);
                let mut current: Option<(u32, Option<SegmentPostings>)> = None;
                for &i in &order {
                    let DocAddress {
                        segment_ord,
                        doc_id,
                    } = docs[i];
                    if current.as_ref().map(|(ord, _)| *ord) != Some(segment_ord) {
                        let postings = searcher
                            .segment_reader(segment_ord)
                            .inverted_index(field)?
                            .read_postings(&term, IndexRecordOption::Basic)
                            .map_err(tantivy::TantivyError::from)?;
                        current = Some((segment_ord, postings));
                    }
                    let Some((_, Some(postings))) = current.as_mut() else {
                        continue;
                    };
                    let at = match postings.doc() {
                        doc if doc < doc_id => postings.seek(doc_id),
                        doc => doc,
                    };
                    if at == doc_id {
                        masks[i] |= 1 << bit;
                    }
                }
            }
        }
        Ok(masks)
    }
}
