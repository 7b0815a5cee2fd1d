//! Full-text search and autocompletion over the graph's entities, with a tantivy index built
//! once at load.
//!
//! Text is folded (see [`crate::text`]) so that `Juarez` finds `Ciudad Juárez`. A query is read by
//! the small language of [`syntax`] (words, `"phrases"`, `-exclusions`, `kind:` filters),
//! never by tantivy's query parser, so no input fails to parse. tantivy finds the candidates
//! (exact, prefix and fuzzy words, phrases); each candidate is then explained word by word and
//! ranked by its best kind of match: exact name > alias > name prefix > fuzzy name >
//! description > context (the names of what surrounds an entity in the graph).

mod automata;
mod candidates;
mod explain;
mod names;
mod stored;
pub use names::NameWords;
pub use stored::IndexFile;
pub mod suggest;
pub mod syntax;
#[cfg(test)]
mod tests;

use std::sync::{Arc, OnceLock};

use tantivy::collector::TopDocs;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, TantivyDocument};

use crate::model::{self, EntityKind, Graph, NodeIndex, PartialDate, RelationType};
use crate::text::analyzer;
use automata::ClauseMatches;
use explain::{EntityText, Fragments, WordMemo, explain};
use names::NameMatcher;
use suggest::SuggestIndex;
use syntax::ParsedQuery;

/// The name under which the folding analyzer is registered.
const FOLDED: &str = "folded";

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;

/// The most clauses (words, phrase words, exclusions, kind filters) a query may have.
pub const MAX_QUERY_TERMS: usize = 32;

/// Why a search could not run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query text is longer than [`MAX_QUERY_CHARS`].
    #[error("the search text is {length} characters long; the limit is {MAX_QUERY_CHARS}")]
    QueryTooLong {
        /// The length of the rejected query, in characters.
        length: usize,
    },
    /// The query has more clauses than [`MAX_QUERY_TERMS`].
    #[error("the search has {count} words and clauses; the limit is {MAX_QUERY_TERMS}")]
    TooManyTerms {
        /// The number of words and clauses in the rejected query.
        count: usize,
    },
    /// The index failed; this is a bug, not a user error.
    #[error("search index failure: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// A stored index (in a snapshot) could not be read back or lacks a field.
    #[error("the stored search index cannot be opened: {0}")]
    Stored(String),
}

impl SearchError {
    /// Whether the error is the caller's to fix (rather than a failure of the service).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, SearchError::Index(_) | SearchError::Stored(_))
    }
}

/// The part of an entity that a query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchedField {
    /// The entity's name.
    Name,
    /// One of its aliases.
    Alias,
    /// Its description.
    Description,
    /// The names of what surrounds it: enclosing regions and bodies, topics, programmes.
    Context,
}

/// A fragment of an entity's text with the ranges a query matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    /// Which field the fragment comes from.
    pub field: MatchedField,
    /// The fragment: a whole name, alias or context name, or a window of the description
    /// (with `…` where it is cut).
    pub text: String,
    /// The matched ranges, as character offsets into `text`, end exclusive, in order.
    pub ranges: Vec<(usize, usize)>,
}

/// One search hit; why it matched is worked out when asked for ([`Hits::explanation`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The entity found.
    pub entity: NodeIndex,
    /// Its relevance score; higher is better.
    pub score: f32,
    /// Why it matched, worked out when first asked for: ranking needs only the score, and a
    /// page shows only a few hits.
    explanation: OnceLock<Explanation>,
}

/// Why a hit matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The fields that matched, in the order of [`MatchedField`].
    pub fields: Vec<MatchedField>,
    /// The matched fragments.
    pub highlights: Vec<Highlight>,
}

impl Explanation {
    fn new(highlights: Vec<Highlight>) -> Self {
        let mut fields: Vec<MatchedField> = highlights.iter().map(|h| h.field).collect();
        fields.sort_unstable();
        fields.dedup();
        Explanation { fields, highlights }
    }
}

/// Filters applied to the hits besides the query's own clauses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Only these kinds, when not empty.
    pub kinds: Vec<EntityKind>,
    /// Only entities inside this region, transitively (a region is inside itself).
    pub within: Option<NodeIndex>,
    /// Only entities that focus on this topic.
    pub topic: Option<NodeIndex>,
    /// Only dated entities that end on or after this date.
    pub from: Option<PartialDate>,
    /// Only dated entities that start on or before this date.
    pub to: Option<PartialDate>,
}

/// All hits of a search, best first, and the hit counts per kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hits {
    /// Every hit, best first.
    pub hits: Vec<Hit>,
    /// How many hits each kind would have without the kind filters, for kinds with any,
    /// in [`EntityKind::ALL`] order.
    pub facets: Vec<(EntityKind, usize)>,
    /// The query, read, for explaining hits.
    query: ParsedQuery,
}

impl Hits {
    /// Why the hit at `position` matched: its fields and highlighted fragments. `graph` must
    /// be the graph searched.
    pub fn explanation(&self, graph: &Graph, position: usize) -> Option<&Explanation> {
        let hit = self.hits.get(position)?;
        Some(hit.explanation.get_or_init(|| {
            let text = EntityText::of(graph, hit.entity);
            let mut memo = WordMemo::default();
            let explained = explain(&text, &self.query, &mut memo, Fragments::Wanted);
            Explanation::new(explained.highlights)
        }))
    }
}

struct Fields {
    node: Field,
    name: Field,
    aliases: Field,
    description: Field,
    context: Field,
}

/// The search and autocompletion indexes over every entity of a graph.
pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    suggestions: SuggestIndex,
    /// Every entity's name and aliases as folded word ids, for ranking candidates.
    names: NameWords,
    /// What the prefix and typo clauses of earlier searches matched.
    clause_matches: Arc<ClauseMatches>,
    /// The node of each document, by segment and document id: read once at build, so that a
    /// search does not open the fast-field column for every candidate.
    nodes: Vec<Vec<u32>>,
}

/// What explaining one candidate on its whole text costs, in postings read: folding its
/// description and the names around it takes about 3 µs, reading a posting about 12 ns
/// (BENCHMARKS.md, "Search without folding, and searches where they are asked for").
pub const WHOLE_TEXT_POSTINGS: usize = 256;

/// The most candidates, best by BM25 first, that a search explains and ranks; on a large
/// graph a common word matches far more entities than anyone reads.
pub const MAX_CANDIDATES: usize = 300;

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").finish_non_exhaustive()
    }
}

/// The names of what surrounds an entity: its enclosing regions and bodies up the chain, and
/// the topics, programmes, enclosing entities and employers it links to.
fn context_names(graph: &Graph, node: NodeIndex) -> Vec<String> {
    let mut related: Vec<NodeIndex> = Vec::new();
    let mut current = graph.container(node);
    while let Some(container) = current {
        if container == node || related.contains(&container) {
            break;
        }
        related.push(container);
        current = graph.container(container);
    }
    for rel_type in [
        RelationType::LocatedIn,
        RelationType::PartOf,
        RelationType::FocusesOn,
        RelationType::UnderProgramme,
        RelationType::HoldsPosition,
    ] {
        for target in graph.linked(node, model::Direction::Outgoing, rel_type) {
            if target != node && !related.contains(&target) {
                related.push(target);
            }
        }
    }
    related
        .into_iter()
        .map(|i| graph.entity(i).name.clone())
        .collect()
}

impl SearchIndex {
    /// Builds the index over every entity of the graph.
    pub fn build(graph: &Graph) -> Result<Self, SearchError> {
        let mut schema = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(FOLDED)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let fields = Fields {
            node: schema.add_u64_field("node", NumericOptions::default().set_fast()),
            name: schema.add_text_field("name", text.clone()),
            aliases: schema.add_text_field("aliases", text.clone()),
            description: schema.add_text_field("description", text.clone()),
            context: schema.add_text_field("context", text),
        };
        let index = Index::create_in_ram(schema.build());
        index.tokenizers().register(FOLDED, analyzer());
        let mut writer = index.writer_with_num_threads(1, 50_000_000)?;
        for node in graph.entity_indices() {
            let entity = graph.entity(node);
            let context = context_names(graph, node);
            let mut doc = TantivyDocument::default();
            doc.add_u64(fields.node, node.index() as u64);
            doc.add_text(fields.name, &entity.name);
            for alias in &entity.aliases {
                doc.add_text(fields.aliases, alias);
            }
            if let Some(description) = &entity.description {
                doc.add_text(fields.description, description);
            }
            for name in &context {
                doc.add_text(fields.context, name);
            }
            writer.add_document(doc)?;
        }
        writer.commit()?;
        // The index never changes after this: let merges finish so the segments stay put.
        writer.wait_merging_threads()?;
        Self::over(
            index,
            fields,
            SuggestIndex::build(graph),
            NameWords::build(graph),
        )
    }

    /// The search index over a built tantivy index (whose tokenizers are registered) and its
    /// suggestions.
    fn over(
        index: Index,
        fields: Fields,
        suggestions: SuggestIndex,
        names: NameWords,
    ) -> Result<Self, SearchError> {
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let nodes = reader
            .searcher()
            .segment_readers()
            .iter()
            .map(|segment| {
                let column = segment.fast_fields().u64("node")?;
                Ok((0..segment.max_doc())
                    .map(|doc| column.first(doc).map_or(u32::MAX, |node| node as u32))
                    .collect())
            })
            .collect::<Result<Vec<Vec<u32>>, SearchError>>()?;
        Ok(SearchIndex {
            reader,
            fields,
            nodes,
            suggestions,
            names,
            clause_matches: Arc::default(),
        })
    }

    /// Reads a query and checks it against the limits.
    pub fn parse(text: &str) -> Result<ParsedQuery, SearchError> {
        let length = text.chars().count();
        if length > MAX_QUERY_CHARS {
            return Err(SearchError::QueryTooLong { length });
        }
        let parsed = syntax::parse(text);
        let count = parsed.clause_count();
        if count > MAX_QUERY_TERMS {
            return Err(SearchError::TooManyTerms { count });
        }
        Ok(parsed)
    }

    /// Finds every entity that matches `text` and passes `filters`, best first, explained.
    ///
    /// A hit must contain every phrase, no excluded word, and at least one word (or, for a
    /// query of phrases only, the phrases). A query with no word or phrase finds nothing.
    pub fn search(
        &self,
        graph: &Graph,
        text: &str,
        filters: &Filters,
    ) -> Result<Hits, SearchError> {
        let query = Self::parse(text)?;
        if !query.has_positive_clauses() {
            return Ok(Hits::default());
        }
        let searcher = self.reader.searcher();
        let limit = (searcher.num_docs() as usize).clamp(1, MAX_CANDIDATES);
        let top = searcher.search(
            &self.candidates_query(&searcher, &query)?,
            &TopDocs::with_limit(limit).order_by_score(),
        )?;
        let mut counts = vec![0usize; EntityKind::ALL.len()];
        let mut memo = WordMemo::default();
        // A query without phrases is ranked without folding: names by word ids, descriptions
        // and contexts by their postings. A query with phrases folds each candidate whole.
        let mut by_names = self
            .ranks_without_folding(graph, &query)
            .then(|| NameMatcher::new(&self.names, &query));
        let fields = match by_names {
            Some(_) => self.field_matches(&searcher, &query, top.iter().map(|(_, a)| *a))?,
            None => Vec::new(),
        };
        let mut hits = Vec::new();
        for (position, (bm25, address)) in top.into_iter().enumerate() {
            let node = self.node_of(address)?;
            if node.index() >= graph.entity_count() {
                continue;
            }
            let entity = graph.entity(node);
            let passes = filters
                .within
                .is_none_or(|region| graph.is_within(node, region))
                && filters.topic.is_none_or(|topic| {
                    graph
                        .linked(node, model::Direction::Outgoing, RelationType::FocusesOn)
                        .contains(&topic)
                })
                && ((filters.from.is_none() && filters.to.is_none())
                    || (entity.details.is_dated()
                        && entity.details.present_in(&model::Period {
                            from: filters.from,
                            to: filters.to,
                        })));
            if !passes {
                continue;
            }
            let (grade_score, matched) = match &mut by_names {
                Some(matcher) => matcher.rank(node, fields.get(position).copied().unwrap_or(0)),
                None => {
                    let entity_text = EntityText::of(graph, node);
                    let explained = explain(&entity_text, &query, &mut memo, Fragments::Skipped);
                    (explained.score, explained.matched)
                }
            };
            if !matched {
                continue;
            }
            let kind = entity.kind();
            if let Some(slot) = EntityKind::ALL.iter().position(|k| *k == kind) {
                counts[slot] += 1;
            }
            let kind_ok = |kinds: &[EntityKind]| kinds.is_empty() || kinds.contains(&kind);
            if !kind_ok(&filters.kinds) || !kind_ok(&query.kinds) {
                continue;
            }
            // Among equal grades, an entity that a document states comes first (Cantabria
            // the region of the curated data before the province of the same name in the
            // reference tables), then the one tantivy scores higher; together these stay
            // below one point, under the smallest gap between grades.
            let documented = if graph.is_documented(node) { 0.5 } else { 0.0 };
            hits.push(Hit {
                entity: node,
                score: grade_score + documented + 0.5 * bm25 / (1.0 + bm25),
                explanation: OnceLock::new(),
            });
        }
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| {
                    graph
                        .entity(a.entity)
                        .name
                        .cmp(&graph.entity(b.entity).name)
                })
                .then_with(|| a.entity.cmp(&b.entity))
        });
        let facets = EntityKind::ALL
            .iter()
            .zip(counts)
            .filter(|(_, count)| *count > 0)
            .map(|(kind, count)| (*kind, count))
            .collect();
        Ok(Hits {
            hits,
            facets,
            query,
        })
    }

    /// Autocompletes a name: the entities whose folded name or alias (or a later word of one)
    /// starts with the folded `prefix`, best first. Limited like [`SearchIndex::search`].
    pub fn suggest(
        &self,
        prefix: &str,
        kinds: &[EntityKind],
        limit: usize,
    ) -> Result<Vec<NodeIndex>, SearchError> {
        let length = prefix.chars().count();
        if length > MAX_QUERY_CHARS {
            return Err(SearchError::QueryTooLong { length });
        }
        Ok(self.suggestions.suggest(prefix, kinds, limit))
    }

    /// How many lists of documents that prefix and typo clauses matched are kept for
    /// searching their words again, and their size in bytes.
    pub fn clause_matches(&self) -> (usize, usize) {
        self.clause_matches.kept()
    }

    fn node_of(&self, address: DocAddress) -> Result<NodeIndex, SearchError> {
        self.nodes
            .get(address.segment_ord as usize)
            .and_then(|segment| segment.get(address.doc_id as usize))
            .filter(|&&node| node != u32::MAX)
            .map(|&node| NodeIndex::new(node as usize))
            .ok_or_else(|| {
                tantivy::TantivyError::InternalError(format!("document {address:?} has no node"))
                    .into()
            })
    }
}
