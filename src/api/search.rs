//! The `search` entry point: full-text search over the graph's entities.

use async_graphql::{Context, ErrorExtensions, Object, Result, SimpleObject};

use super::args::{check_range, dataset};
use super::enums::EntityKind;
use super::error::{UserError, internal};
use super::objects::Entity;
use super::page::MAX_PAGE_SIZE;
use crate::model;
use crate::search::SearchError;

/// One search hit.
#[derive(SimpleObject)]
pub struct SearchHit {
    /// Relevance; higher is better. Only meaningful within one result set.
    pub score: f32,
    /// The entity found.
    pub entity: Entity,
}

/// The result of a search.
#[derive(SimpleObject)]
pub struct SearchResults {
    /// How many entities match in all.
    pub total_count: usize,
    /// The best hits, best first.
    pub hits: Vec<SearchHit>,
}

/// The entry points for search.
#[derive(Default)]
pub struct SearchQuery;

#[Object]
impl SearchQuery {
    /// Full-text search over names, aliases and descriptions; case and accents are ignored
    /// (`Juarez` finds Ciudad Juárez). Best hits first.
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words to look for; at most 500 characters.")] query: String,
        #[graphql(desc = "Only entities of these kinds.")] kinds: Option<Vec<EntityKind>>,
        #[graphql(default = 10, desc = "How many hits, 1 to 100.")] first: i32,
    ) -> Result<SearchResults> {
        let data = dataset(ctx)?;
        let limit = check_range("first", first, 1, MAX_PAGE_SIZE)?;
        let kinds: Vec<model::EntityKind> = kinds
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect();
        let found = data
            .search
            .search(&query, &kinds, limit)
            .map_err(|error| match error {
                SearchError::QueryTooLong { .. } => UserError::Search(error.to_string()).extend(),
                SearchError::Index(_) => internal(error),
            })?;
        Ok(SearchResults {
            total_count: found.total,
            hits: found
                .hits
                .iter()
                .map(|h| SearchHit {
                    score: h.score,
                    entity: Entity::new(data, h.entity),
                })
                .collect(),
        })
    }
}
