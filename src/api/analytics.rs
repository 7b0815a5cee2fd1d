//! The network-analysis entry points: paths and neighbourhoods.

use async_graphql::{Context, ID, Object, Result, SimpleObject};

use super::args::{check_range, dataset, resolve};
use super::objects::{Entity, Relation};
use super::page::MAX_PAGE_SIZE;
use crate::analytics::{self, MAX_NEIGHBORHOOD_DEPTH, MAX_PATH_LENGTH};

/// A chain of relations that explains how two entities are connected.
#[derive(SimpleObject)]
pub struct Path {
    /// The number of relations on the path.
    pub length: usize,
    /// The entities along the path, from `from` to `to`.
    pub entities: Vec<Entity>,
    /// The relations between consecutive entities, in order; each carries its sources.
    pub relations: Vec<Relation>,
}

/// Some entities and every relation among them, ready to draw.
#[derive(SimpleObject)]
pub struct Subgraph {
    /// The entities: the centre first, then by distance.
    pub entities: Vec<Entity>,
    /// Every relation between two of the entities.
    pub relations: Vec<Relation>,
    /// Whether `limit` cut the neighbourhood short.
    pub truncated: bool,
}

/// The entry points for network analysis.
#[derive(Default)]
pub struct AnalyticsQuery;

#[Object]
impl AnalyticsQuery {
    /// The shortest chain of relations (in either direction) between two entities, or null
    /// when none is at most `maxLength` long.
    async fn path(
        &self,
        ctx: &Context<'_>,
        from: ID,
        to: ID,
        #[graphql(default = 6, desc = "The most relations the path may have, 1 to 10.")] max_length: i32,
    ) -> Result<Option<Path>> {
        let data = dataset(ctx)?;
        let max_length = check_range("maxLength", max_length, 1, MAX_PATH_LENGTH)?;
        let from = resolve(&data.graph, "from", &from, None)?;
        let to = resolve(&data.graph, "to", &to, None)?;
        Ok(
            analytics::shortest_path(&data.graph, from, to, max_length).map(|path| Path {
                length: path.len(),
                entities: path
                    .entities
                    .iter()
                    .map(|&i| Entity::new(data, i))
                    .collect(),
                relations: path
                    .relations
                    .iter()
                    .map(|&index| Relation {
                        data: data.clone(),
                        index,
                    })
                    .collect(),
            }),
        )
    }

    /// The entities at most `depth` relations away from one entity (in either direction), and
    /// every relation among them.
    async fn neighborhood(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default = 1, desc = "How many relations away, 1 to 3.")] depth: i32,
        #[graphql(default = 100, desc = "The most entities to return, 1 to 100.")] limit: i32,
    ) -> Result<Subgraph> {
        let data = dataset(ctx)?;
        let depth = check_range("depth", depth, 1, MAX_NEIGHBORHOOD_DEPTH)?;
        let limit = check_range("limit", limit, 1, MAX_PAGE_SIZE)?;
        let center = resolve(&data.graph, "id", &id, None)?;
        let subgraph = analytics::neighborhood(&data.graph, center, depth, limit);
        Ok(Subgraph {
            entities: subgraph
                .entities
                .iter()
                .map(|&i| Entity::new(data, i))
                .collect(),
            relations: subgraph
                .relations
                .iter()
                .map(|&index| Relation {
                    data: data.clone(),
                    index,
                })
                .collect(),
            truncated: subgraph.truncated,
        })
    }
}
