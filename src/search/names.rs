//! Every entity's name and aliases as folded word ids, made once at build, so that ranking a
//! search's candidates by their names compares numbers instead of folding each name again.
//!
//! A search ranks up to [`super::MAX_CANDIDATES`] candidates, most of them by their names and
//! aliases alone. Folding those texts again on every search was a quarter of a one-word
//! search's time (BENCHMARKS.md, "Search without folding"); here each distinct folded word
//! is compared with the query once per search, and each name is a run of word ids.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::explain::{Grade, WordMatch, covered_bonus, grade, match_word, name_coverage};
use super::syntax::ParsedQuery;
use crate::model::{Graph, NodeIndex};
use crate::text::FoldedText;

/// Ends the words of one text (a name or an alias) in [`NameWords::words`].
const END: u32 = u32::MAX;

/// The folded words of every entity's name and aliases, as ids into one sorted vocabulary.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct NameWords {
    /// Every distinct folded word, sorted, one after another; a word's id is its place.
    vocabulary: String,
    /// Where each word of the vocabulary ends in `vocabulary`.
    #[serde(deserialize_with = "crate::model::shared::exact")]
    ends: Vec<u32>,
    /// For each entity in node order: the ids of its name's words, then of each alias's
    /// words, each text closed by [`END`].
    #[serde(deserialize_with = "crate::model::shared::exact")]
    words: Vec<u32>,
    /// Where each entity's texts start in `words`, by node index, and where the last ends.
    #[serde(deserialize_with = "crate::model::shared::exact")]
    starts: Vec<u32>,
}

impl NameWords {
    /// Folds every entity's name and aliases once. Each word is interned as it is met (a
    /// provisional id in order of appearance), and the ids are renumbered in the sorted
    /// vocabulary's order at the end, so that no text is held as strings meanwhile: at a
    /// million entities that would be some 300 MB at the peak of a load.
    pub fn build(graph: &Graph) -> Self {
        let mut interned: HashMap<String, u32, foldhash::fast::RandomState> = HashMap::default();
        let mut words = Vec::new();
        let mut starts = Vec::with_capacity(graph.entity_count() + 1);
        for node in graph.entity_indices() {
            starts.push(words.len() as u32);
            let entity = graph.entity(node);
            for text in std::iter::once(&entity.name).chain(&entity.aliases) {
                for word in FoldedText::new(text).words {
                    let next = interned.len() as u32;
                    words.push(*interned.entry(word.term).or_insert(next));
                }
                words.push(END);
            }
        }
        starts.push(words.len() as u32);
        let mut distinct: Vec<(String, u32)> = interned.into_iter().collect();
        distinct.sort_unstable();
        let mut sorted_id = vec![0u32; distinct.len()];
        let mut vocabulary = String::with_capacity(distinct.iter().map(|(w, _)| w.len()).sum());
        let mut ends = Vec::with_capacity(distinct.len());
        for (place, (word, provisional)) in distinct.into_iter().enumerate() {
            vocabulary.push_str(&word);
            ends.push(vocabulary.len() as u32);
            sorted_id[provisional as usize] = place as u32;
        }
        for word in &mut words {
            if *word != END {
                *word = sorted_id[*word as usize];
            }
        }
        words.shrink_to_fit();
        NameWords {
            vocabulary,
            ends,
            words,
            starts,
        }
    }

    /// The word with id `id`.
    fn word(&self, id: u32) -> &str {
        let id = id as usize;
        let start = id.checked_sub(1).map_or(0, |i| self.ends[i] as usize);
        self.vocabulary
            .get(start..self.ends[id] as usize)
            .unwrap_or_default()
    }

    /// The id of a folded word, if any name or alias has it.
    fn id(&self, word: &str) -> Option<u32> {
        let mut low = 0;
        let mut high = self.ends.len();
        while low < high {
            let middle = (low + high) / 2;
            match self.word(middle as u32).cmp(word) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle as u32),
            }
        }
        None
    }

    /// The texts of one entity: its name's word ids, then each alias's.
    fn texts(&self, node: NodeIndex) -> impl Iterator<Item = &[u32]> {
        let (start, end) = match (
            self.starts.get(node.index()),
            self.starts.get(node.index() + 1),
        ) {
            (Some(&start), Some(&end)) => (start as usize, end as usize),
            _ => (0, 0),
        };
        let run = self.words.get(start..end).unwrap_or_default();
        // Every text ends with END, so the piece after the last one is empty and left out.
        let count = run.iter().filter(|&&w| w == END).count();
        run.split(|&w| w == END).take(count)
    }

    /// Whether this holds the words of exactly `count` entities.
    pub(super) fn covers(&self, count: usize) -> bool {
        self.starts.len() == count + 1
    }
}

/// How the words of a query match the words of names, worked out once per search.
pub(super) struct NameMatcher<'a> {
    names: &'a NameWords,
    query: &'a ParsedQuery,
    /// The id of each query word, when a name or alias has it exactly.
    exact: Vec<Option<u32>>,
    /// For each name word seen, where its matches (one per query word) start in `matches`.
    seen: HashMap<u32, usize, foldhash::fast::RandomState>,
    matches: Vec<Option<WordMatch>>,
}

impl<'a> NameMatcher<'a> {
    /// A matcher for one search.
    pub(super) fn new(names: &'a NameWords, query: &'a ParsedQuery) -> Self {
        NameMatcher {
            names,
            query,
            exact: query.words.iter().map(|w| names.id(w)).collect(),
            seen: Default::default(),
            matches: Vec::new(),
        }
    }

    /// How each query word matches the name word `id`.
    fn matches(&mut self, id: u32) -> &[Option<WordMatch>] {
        let width = self.query.words.len();
        let start = match self.seen.get(&id) {
            Some(&start) => start,
            None => {
                let start = self.matches.len();
                let word = self.names.word(id);
                self.matches
                    .extend(self.query.words.iter().map(|q| match_word(q, word, true)));
                self.seen.insert(id, start);
                start
            }
        };
        &self.matches[start..start + width]
    }

    /// The ranking score of an entity, and whether anything matched: from its names and
    /// aliases, and from `fields`, which says for each query word `k` whether the entity's
    /// description (bit `2k`) or context (bit `2k + 1`) holds it. This is the score `explain`
    /// gives the entity's whole text (a unit test compares the two on every entity of the
    /// bundled data). The query must have no phrase and at most 32 words.
    pub(super) fn rank(&mut self, node: NodeIndex, fields: u64) -> (f32, bool) {
        let width = self.query.words.len();
        let mut best: Vec<Option<Grade>> = vec![None; width];
        let (mut name_words, mut touched) = (0usize, 0usize);
        let (mut name_covered, mut alias_covered) = (false, false);
        let names = self.names;
        for (position, text) in names.texts(node).enumerate() {
            let is_name = position == 0;
            for &id in text {
                let mut matched = false;
                for (slot, how) in best.iter_mut().zip(self.matches(id)) {
                    if let Some(how) = how {
                        *slot = (*slot).max(Some(grade(is_name, *how)));
                        matched = true;
                    }
                }
                if is_name && matched {
                    touched += 1;
                }
            }
            let covered = !text.is_empty() && text.iter().all(|id| self.exact.contains(&Some(*id)));
            if is_name {
                name_words = text.len();
                name_covered = covered;
            } else {
                alias_covered |= covered;
            }
        }
        // Every grade of a name or alias is above a description's, which is above a
        // context's, so those count only for words the names do not match.
        for (k, slot) in best.iter_mut().enumerate() {
            if slot.is_none() {
                if fields >> (2 * k) & 1 == 1 {
                    *slot = Some(Grade::Description);
                } else if fields >> (2 * k + 1) & 1 == 1 {
                    *slot = Some(Grade::Context);
                }
            }
        }
        let mut score: f32 = best.iter().flatten().map(|g| *g as i32 as f32).sum();
        score += name_coverage(touched, name_words);
        score += covered_bonus(name_covered, alias_covered);
        (score, best.iter().any(Option::is_some))
    }

    /// Whether every query word matches the entity's names or aliases, for the tests.
    #[cfg(test)]
    pub(super) fn complete(&mut self, node: NodeIndex) -> bool {
        let width = self.query.words.len();
        let mut found = vec![false; width];
        let names = self.names;
        for text in names.texts(node) {
            for &id in text {
                for (slot, how) in found.iter_mut().zip(self.matches(id)) {
                    *slot |= how.is_some();
                }
            }
        }
        found.iter().all(|f| *f)
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::search::explain::{EntityText, Fragments, WordMemo, explain};
    use crate::search::syntax;

    /// Ranking by word ids gives exactly the score and completeness that explaining the
    /// folded names and aliases alone gives, for every entity of the bundled data and queries of
    /// whole words, prefixes, typos, several words and words no name has.
    #[test]
    fn ranking_by_word_ids_agrees_with_explaining_the_names() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data");
        let graph = crate::load::load_dir(&dir).expect("the bundled data loads");
        let names = NameWords::build(&graph);
        assert!(names.covers(graph.entity_count()));
        let queries = [
            "cantabria",
            "Cantábria santander",
            "univ",
            "universidad de cantabria",
            "chihuahua juarez",
            "cantbaria",
            "regional development",
            "de la",
            "xyzzy",
            "a",
            "government of",
            "agencia desarrollo económico",
            "CANTABRIA cantabria",
            "ciudad",
            "de",
            "san",
            "region",
            "county",
            "nord",
            "provincia",
        ];
        let mut compared = 0;
        for text in queries {
            let query = syntax::parse(text);
            let mut matcher = NameMatcher::new(&names, &query);
            let mut memo = WordMemo::default();
            for node in graph.entity_indices() {
                let names_text = EntityText::names(&graph, node);
                let expected = explain(&names_text, &query, &mut memo, Fragments::Skipped);
                let (score, _) = matcher.rank(node, 0);
                let complete = matcher.complete(node);
                assert_eq!(
                    (score.to_bits(), complete),
                    (expected.score.to_bits(), expected.complete),
                    "{text:?} on {:?}: {score} against {}",
                    graph.entity(node).name,
                    expected.score
                );
                compared += usize::from(expected.score > 0.0);
            }
        }
        // The queries must match many entities, or the comparison says little.
        assert!(compared > 500, "only {compared} entities matched");
    }

    /// The vocabulary finds each of its words, and nothing else.
    #[test]
    fn the_vocabulary_finds_its_words() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
        let graph = crate::load::load_dir(&dir).expect("the small fixture loads");
        let names = NameWords::build(&graph);
        for id in 0..names.ends.len() as u32 {
            assert_eq!(names.id(names.word(id)), Some(id));
        }
        assert_eq!(names.id("not-a-word"), None);
        assert_eq!(names.id(""), None);
    }
}
