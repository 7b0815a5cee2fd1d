//! Every entity's `centrality`: its measures in the whole graph, computed once per dataset.

use super::*;

/// How central an entity is in the whole graph, and where it belongs. Computed once at load
/// over every relation, ignoring filters; see `docs/analysis.md`.
#[derive(SimpleObject, Clone, Copy)]
pub struct Centrality {
    /// The number of relations at the entity, either way.
    pub degree: usize,
    /// The share of shortest paths between two other entities that pass through this one,
    /// from 0 to 1 (relations taken both ways).
    pub betweenness: f64,
    /// PageRank following relations in their direction (damping 0.85); over all entities the
    /// values sum to 1.
    pub page_rank: f64,
    /// The number of the connected component it belongs to (0 is the largest).
    pub component: usize,
    /// The number of the community it belongs to (0 is the largest).
    pub community: usize,
}

impl Centrality {
    /// The measures of one entity.
    pub fn of(data: &Dataset, index: NodeIndex) -> Self {
        let c = data.metrics.centrality(index);
        Centrality {
            degree: c.degree,
            betweenness: c.betweenness,
            page_rank: c.page_rank,
            component: data.metrics.component_of(index),
            community: data.metrics.community_of(index),
        }
    }
}
