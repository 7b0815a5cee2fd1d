//! Unit tests of ranking without folding against explaining each entity's whole text.

use std::path::PathBuf;

use super::automata::KeptAutomaton;
use super::explain::{EntityText, Fragments, WordMemo, explain};
use super::names::NameMatcher;
use super::*;

/// Ranking from word ids and postings gives exactly the score, and the same verdict on
/// whether anything matched, that explaining the whole folded text gives, for every entity
/// of the bundled data and queries whose words match names, aliases, descriptions, contexts,
/// by prefixes and typos, or nothing.
#[test]
fn ranking_without_folding_agrees_with_explaining_the_whole_text() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data");
    let graph = crate::load::load_dir(&dir).expect("the bundled data loads");
    let index = SearchIndex::build(&graph).expect("the index builds");
    let searcher = index.reader.searcher();
    let docs: Vec<(NodeIndex, DocAddress)> = index
        .nodes
        .iter()
        .enumerate()
        .flat_map(|(segment, nodes)| {
            nodes.iter().enumerate().map(move |(doc, &node)| {
                (
                    NodeIndex::new(node as usize),
                    DocAddress::new(segment as u32, doc as u32),
                )
            })
        })
        .collect();
    assert_eq!(docs.len(), graph.entity_count());
    let queries = [
        "cantabria",
        "santander cooperation",
        "univ",
        "agreement",
        "chihuahua juarez innovation",
        "cantbaria",
        "regional development",
        "mexico",
        "spain",
        "xyzzy",
        "de la",
        "government programme",
        "energy",
        "ciudad",
        "county",
    ];
    let (mut compared, mut by_text) = (0, 0);
    for text in queries {
        let query = SearchIndex::parse(text).expect("a query");
        assert!(index.ranks_without_folding(&graph, &query));
        let fields = index
            .field_matches(&searcher, &query, docs.iter().map(|(_, address)| *address))
            .expect("the postings read");
        let mut matcher = NameMatcher::new(&index.names, &query);
        let mut memo = WordMemo::default();
        for ((node, _), fields) in docs.iter().zip(fields) {
            let whole = EntityText::of(&graph, *node);
            let expected = explain(&whole, &query, &mut memo, Fragments::Skipped);
            let (score, matched) = matcher.rank(*node, fields);
            assert_eq!(
                (matched, score.to_bits()),
                (expected.matched, expected.score.to_bits()),
                "{text:?} on {:?}: {score} against {}",
                graph.entity(*node).name,
                expected.score
            );
            compared += usize::from(matched);
            by_text += usize::from(matched && fields != 0);
        }
    }
    // The queries must match many entities, many of them by description or context.
    assert!(compared > 500, "only {compared} entities matched");
    assert!(
        by_text > 100,
        "only {by_text} entities matched by description or context"
    );
}

/// The documents of one scorer, in order.
fn scored_docs(mut scorer: Box<dyn tantivy::query::Scorer>) -> Vec<tantivy::DocId> {
    let mut docs = Vec::new();
    while scorer.doc() != tantivy::TERMINATED {
        docs.push(scorer.doc());
        scorer.advance();
    }
    docs
}

/// A prefix or typo clause finds the same documents as tantivy's own automaton query, both
/// the first time (when it gathers them) and the next (when they come from the kept lists),
/// and it scores each as its boost.
#[test]
fn kept_clauses_find_what_tantivys_automata_find() {
    use tantivy::query::{EnableScoring, FuzzyTermQuery, Query};

    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data");
    let graph = crate::load::load_dir(&dir).expect("the bundled data loads");
    let index = SearchIndex::build(&graph).expect("the index builds");
    let searcher = index.reader.searcher();
    let scoring = EnableScoring::disabled_from_searcher(&searcher);
    let mut found = 0;
    for word in [
        "cantbaria",
        "univ",
        "chihuahu",
        "santader",
        "agencia",
        "xyzzy",
    ] {
        for field in [index.fields.name, index.fields.aliases] {
            let term = tantivy::Term::from_field_text(field, word);
            let cases = [
                (
                    KeptAutomaton::prefix(field, word, &index.clause_matches),
                    FuzzyTermQuery::new_prefix(term.clone(), 0, false),
                ),
                (
                    KeptAutomaton::typos(field, word, 2, &index.clause_matches),
                    FuzzyTermQuery::new(term, 2, true),
                ),
            ];
            for (kept, reference) in cases {
                let kept = kept.expect("the automaton builds");
                for segment in searcher.segment_readers() {
                    let expected = scored_docs(
                        reference
                            .weight(scoring)
                            .and_then(|w| w.scorer(segment, 1.0))
                            .expect("tantivy's scorer"),
                    );
                    for _ in 0..2 {
                        let weight = kept.weight(scoring).expect("a weight");
                        let mut scorer = weight.scorer(segment, 3.0).expect("a scorer");
                        if scorer.doc() != tantivy::TERMINATED {
                            assert_eq!(scorer.score(), 3.0);
                        }
                        assert_eq!(scored_docs(scorer), expected, "{word}");
                    }
                    found += expected.len();
                }
            }
        }
    }
    assert!(found > 20, "the clauses found only {found} documents");
    assert!(index.clause_matches().0 > 0);
}
