//! The `search` and `suggest` entry points: ranked, explained full-text search and
//! autocompletion over the graph's entities. The work runs off the async executor.

use std::sync::Arc;

use async_graphql::connection::{CursorType, OpaqueCursor, PageInfo};
use async_graphql::{
    Context, Description, Enum, ErrorExtensions, ID, Object, Result, SimpleObject,
};

use super::args::{blocking, check_range, dataset, resolve};
use super::enums::EntityKind;
use super::error::{UserError, internal};
use super::objects::{Entity, PartialDate};
use super::page::{MAX_PAGE_SIZE, page_start};
use super::query::KindCount;
use crate::Dataset;
use crate::model;
use crate::search::{self, SearchError};

/// The part of an entity that a search matched.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "search::MatchedField")]
pub enum SearchField {
    /// The entity's name.
    Name,
    /// One of the entity's aliases.
    Alias,
    /// The entity's description.
    Description,
    /// The names of what surrounds the entity in the graph: the regions and bodies it lies
    /// in, its topics, its programme, its enclosing project or event, its employer.
    Context,
}

/// A range of characters in a highlighted fragment.
#[derive(SimpleObject, Debug, Clone, Copy)]
pub struct TextRange {
    /// The offset of the first matched character, counted in Unicode characters (code points).
    pub start: usize,
    /// The offset just past the last matched character (end exclusive).
    pub end: usize,
}

/// A fragment of an entity's text with the ranges a search matched.
#[derive(SimpleObject, Debug, Clone)]
pub struct Highlight {
    /// The field the fragment comes from.
    pub field: SearchField,
    /// The fragment, plain text: a whole name, alias or context name, or a window of the
    /// description with `…` where it is cut.
    pub text: String,
    /// The matched ranges in `text`, in order.
    pub ranges: Vec<TextRange>,
}

/// One search hit, with why it matched.
#[derive(Description)]
pub struct SearchHit {
    data: Arc<Dataset>,
    found: Arc<search::Hits>,
    position: usize,
}

impl SearchHit {
    /// Why the hit matched, worked out on the first field that asks (most pages ask for
    /// none: an entity's whole text is folded to explain it).
    fn explanation(&self) -> Option<&search::Explanation> {
        self.found.explanation(&self.data.graph, self.position)
    }
}

#[Object(use_type_description)]
impl SearchHit {
    /// Relevance; higher is better. Only meaningful within one result set.
    async fn score(&self) -> f32 {
        self.found.hits[self.position].score
    }

    /// The entity found.
    async fn entity(&self) -> Entity {
        Entity::new(&self.data, self.found.hits[self.position].entity)
    }

    /// The fields that matched, best first: name, alias, description, context.
    async fn matched_fields(&self) -> Vec<SearchField> {
        self.explanation()
            .map(|e| e.fields.iter().map(|&f| f.into()).collect())
            .unwrap_or_default()
    }

    /// The matched fragments with their matched ranges.
    async fn highlights(&self) -> Vec<Highlight> {
        self.explanation()
            .into_iter()
            .flat_map(|e| &e.highlights)
            .map(|h| Highlight {
                field: h.field.into(),
                text: h.text.clone(),
                ranges: h
                    .ranges
                    .iter()
                    .map(|&(start, end)| TextRange { start, end })
                    .collect(),
            })
            .collect()
    }
}

/// A search hit and its cursor.
#[derive(SimpleObject)]
pub struct SearchHitEdge {
    /// The cursor to pass as `after` to continue after this hit.
    pub cursor: String,
    /// The hit.
    pub node: SearchHit,
}

/// One page of the results of a search, with the total and the counts per kind.
#[derive(Description)]
pub struct SearchResults {
    data: Arc<Dataset>,
    found: Arc<search::Hits>,
    start: usize,
    end: usize,
}

impl SearchResults {
    fn hit(&self, position: usize) -> SearchHit {
        SearchHit {
            data: self.data.clone(),
            found: self.found.clone(),
            position,
        }
    }
}

#[Object(use_type_description)]
impl SearchResults {
    /// How many entities match in all, over every page.
    async fn total_count(&self) -> usize {
        self.found.hits.len()
    }

    /// The hits of this page, best first.
    async fn hits(&self) -> Vec<SearchHit> {
        (self.start..self.end).map(|i| self.hit(i)).collect()
    }

    /// The hits of this page with their cursors, best first.
    async fn edges(&self) -> Vec<SearchHitEdge> {
        (self.start..self.end)
            .map(|i| SearchHitEdge {
                cursor: OpaqueCursor(i).encode_cursor(),
                node: self.hit(i),
            })
            .collect()
    }

    /// Where this page lies among all hits.
    async fn page_info(&self) -> PageInfo {
        let cursor = |i: usize| Some(OpaqueCursor(i).encode_cursor());
        PageInfo {
            has_previous_page: self.start > 0,
            has_next_page: self.end < self.found.hits.len(),
            start_cursor: (self.end > self.start)
                .then(|| cursor(self.start))
                .flatten(),
            end_cursor: (self.end > self.start)
                .then(|| cursor(self.end - 1))
                .flatten(),
        }
    }

    /// How many hits each kind has, ignoring the kind filters (`kinds` and `kind:`) but
    /// applying every other filter, so a client can offer the other kinds. Kinds with no hit
    /// are left out.
    async fn facets(&self) -> Vec<KindCount> {
        self.found
            .facets
            .iter()
            .map(|&(kind, count)| KindCount {
                kind: kind.into(),
                count,
            })
            .collect()
    }
}

/// Turns a search failure into a GraphQL error: limits are explained, index failures hidden.
fn search_error(error: SearchError) -> async_graphql::Error {
    if error.is_user_error() {
        UserError::Search(error.to_string()).extend()
    } else {
        internal(error)
    }
}

fn model_kinds(kinds: Option<Vec<EntityKind>>) -> Vec<model::EntityKind> {
    kinds
        .unwrap_or_default()
        .into_iter()
        .map(Into::into)
        .collect()
}

/// The entry points for search.
#[derive(Default)]
pub struct SearchQuery;

#[Object]
impl SearchQuery {
    /// Full-text search over names, aliases, descriptions and context (the names of what
    /// surrounds an entity), ranked: exact name > alias > name prefix > name with a typo >
    /// description > context. Case and accents are ignored (`Juarez` finds Ciudad Juárez);
    /// one typo is forgiven in words of 4 to 7 letters, two in longer words. Syntax:
    /// `"a phrase"`, `-excluded`, `kind:institution`; anything else is read as plain words.
    /// See `docs/search.md`.
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words to look for; at most 500 characters and 32 words and clauses.")]
        query: String,
        #[graphql(desc = "Only entities of these kinds.")] kinds: Option<Vec<EntityKind>>,
        #[graphql(desc = "Only entities inside this region, at any depth (the region included).")]
        within: Option<ID>,
        #[graphql(desc = "Only entities that focus on this topic.")] topic: Option<ID>,
        #[graphql(
            desc = "Only dated entities (events, projects, programmes) that end on or after this date."
        )]
        from: Option<PartialDate>,
        #[graphql(
            desc = "Only dated entities (events, projects, programmes) that start on or before this date."
        )]
        to: Option<PartialDate>,
        #[graphql(default = 10, desc = "How many hits per page, 1 to 100.")] first: i32,
        #[graphql(desc = "Start after this cursor (from `edges` or `pageInfo`).")] after: Option<
            String,
        >,
    ) -> Result<SearchResults> {
        let data = dataset(ctx)?.clone();
        let size = check_range("first", first, 1, MAX_PAGE_SIZE)?;
        let start = page_start(after)?;
        let graph = &data.graph;
        let filters = search::Filters {
            kinds: model_kinds(kinds),
            within: within
                .map(|id| resolve(graph, "within", &id, Some(model::EntityKind::Region)))
                .transpose()?,
            topic: topic
                .map(|id| resolve(graph, "topic", &id, Some(model::EntityKind::Topic)))
                .transpose()?,
            from: from.map(|d| d.0),
            to: to.map(|d| d.0),
        };
        let shared = data.clone();
        let here = crate::cpu::search_runs_here(data.search.known_cost(&query));
        let found = crate::cpu::run_here_if(here, move || {
            shared.search.search(&shared.graph, &query, &filters)
        })
        .await
        .map_err(internal)?
        .map_err(search_error)?;
        let start = start.min(found.hits.len());
        let end = (start + size).min(found.hits.len());
        Ok(SearchResults {
            data,
            found: Arc::new(found),
            start,
            end,
        })
    }

    /// Autocompletion for every keystroke: the entities whose name or alias, or a later word
    /// of one, starts with `prefix` (case, accents and punctuation ignored: `T-H` finds
    /// T-Hub Juárez). Whole-name matches first, then aliases, then later words; shorter
    /// names first.
    async fn suggest(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The start of a name, as typed; at most 500 characters.")] prefix: String,
        #[graphql(desc = "Only entities of these kinds.")] kinds: Option<Vec<EntityKind>>,
        #[graphql(default = 10, desc = "How many suggestions, 1 to 100.")] first: i32,
    ) -> Result<Vec<Entity>> {
        let data = dataset(ctx)?.clone();
        let limit = check_range("first", first, 1, MAX_PAGE_SIZE)?;
        let kinds = model_kinds(kinds);
        let shared = data.clone();
        let found = blocking(move || shared.search.suggest(&prefix, &kinds, limit))
            .await?
            .map_err(search_error)?;
        Ok(found.iter().map(|&node| Entity::new(&data, node)).collect())
    }
}
