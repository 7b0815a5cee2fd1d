//! Full-text search over entity names, aliases and descriptions, with a tantivy index built at load.
//!
//! Text is split on anything that is not a letter or digit, lower-cased and folded to ASCII,
//! so that `Juarez` finds `Ciudad Juárez` and `nortenita` finds `La Norteñita`. User input is
//! never parsed as query syntax: it is tokenized like the documents, so no input can fail to parse.

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

use crate::model::{EntityKind, Graph, NodeIndex};

/// The name under which the folding analyzer is registered.
const FOLDED: &str = "folded";

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;

/// The most words of a query that are searched.
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
    /// The index failed; this is a bug, not a user error.
    #[error("search index failure: {0}")]
    Index(#[from] tantivy::TantivyError),
}

/// One search hit: an entity and its relevance score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// The entity found.
    pub entity: NodeIndex,
    /// Its relevance score; higher is better.
    pub score: f32,
}

/// A page of hits and the number of all matching entities.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hits {
    /// The best hits, best first.
    pub hits: Vec<Hit>,
    /// How many entities match in all.
    pub total: usize,
}

struct Fields {
    node: Field,
    kind: Field,
    name: Field,
    aliases: Field,
    description: Field,
}

/// The search index over every entity of a graph.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").finish_non_exhaustive()
    }
}

fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
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
            kind: schema.add_text_field("kind", STRING),
            name: schema.add_text_field("name", text.clone()),
            aliases: schema.add_text_field("aliases", text.clone()),
            description: schema.add_text_field("description", text),
        };
        let index = Index::create_in_ram(schema.build());
        index.tokenizers().register(FOLDED, analyzer());
        let mut writer = index.writer_with_num_threads(1, 50_000_000)?;
        for node in graph.entity_indices() {
            let entity = graph.entity(node);
            let mut doc = TantivyDocument::default();
            doc.add_u64(fields.node, node.index() as u64);
            doc.add_text(fields.kind, entity.kind().as_str());
            doc.add_text(fields.name, &entity.name);
            for alias in &entity.aliases {
                doc.add_text(fields.aliases, alias);
            }
            if let Some(description) = &entity.description {
                doc.add_text(fields.description, description);
            }
            writer.add_document(doc)?;
        }
        writer.commit()?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
        })
    }

    /// The folded words of a text, as the index sees them.
    fn terms(&self, text: &str) -> Vec<String> {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut terms = Vec::new();
        while stream.advance() {
            let term = &stream.token().text;
            if !terms.contains(term) {
                terms.push(term.clone());
            }
        }
        terms.truncate(MAX_QUERY_TERMS);
        terms
    }

    /// Finds the entities whose name, aliases or description contain any word of `text`,
    /// best first; `kinds` keeps only those kinds when it is not empty.
    pub fn search(
        &self,
        text: &str,
        kinds: &[EntityKind],
        limit: usize,
    ) -> Result<Hits, SearchError> {
        let length = text.chars().count();
        if length > MAX_QUERY_CHARS {
            return Err(SearchError::QueryTooLong { length });
        }
        let terms = self.terms(text);
        if terms.is_empty() || limit == 0 {
            return Ok(Hits::default());
        }
        let boosted = [
            (self.fields.name, 3.0),
            (self.fields.aliases, 2.0),
            (self.fields.description, 1.0),
        ];
        let per_term: Vec<(Occur, Box<dyn Query>)> = terms
            .iter()
            .map(|term| {
                let per_field: Vec<(Occur, Box<dyn Query>)> = boosted
                    .iter()
                    .map(|&(field, boost)| {
                        let query = TermQuery::new(
                            Term::from_field_text(field, term),
                            IndexRecordOption::WithFreqs,
                        );
                        (
                            Occur::Should,
                            Box::new(BoostQuery::new(Box::new(query), boost)) as Box<dyn Query>,
                        )
                    })
                    .collect();
                (
                    Occur::Should,
                    Box::new(BooleanQuery::new(per_field)) as Box<dyn Query>,
                )
            })
            .collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::new(per_term)))];
        if !kinds.is_empty() {
            let kind_filter: Vec<(Occur, Box<dyn Query>)> = kinds
                .iter()
                .map(|kind| {
                    let term = Term::from_field_text(self.fields.kind, kind.as_str());
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(kind_filter))));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let (top, total) = searcher.search(
            &query,
            &(TopDocs::with_limit(limit).order_by_score(), Count),
        )?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            hits.push(Hit {
                entity: self.node_of(&searcher, address)?,
                score,
            });
        }
        Ok(Hits { hits, total })
    }

    fn node_of(
        &self,
        searcher: &tantivy::Searcher,
        address: DocAddress,
    ) -> Result<NodeIndex, SearchError> {
        let column = searcher
            .segment_reader(address.segment_ord)
            .fast_fields()
            .u64("node")?;
        let node = column.first(address.doc_id).ok_or_else(|| {
            tantivy::TantivyError::InternalError(format!("document {address:?} has no node"))
        })?;
        Ok(NodeIndex::new(node as usize))
    }

    /// The number of indexed entities.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index holds no entity.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The underlying tantivy index, for tools that inspect it.
    pub fn index(&self) -> &Index {
        &self.index
    }
}
