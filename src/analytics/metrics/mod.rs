//! Centrality and structure, computed once when a dataset is loaded: degree, betweenness,
//! PageRank, connected components and a community partition, one file per algorithm.

mod adjacency;
mod betweenness;
mod communities;
mod components;
mod page_rank;

use std::collections::BTreeMap;

use crate::model::{EntityKind, Graph, NodeIndex};
use adjacency::Adjacency;
use betweenness::betweenness;
use communities::communities;
use components::components;
use page_rank::page_rank;

/// The most PageRank rounds, and Louvain passes per level.
const MAX_ROUNDS: usize = 100;

/// How central one entity is.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Centrality {
    /// The number of relations at the entity, either way.
    pub degree: usize,
    /// The share of shortest paths between two other entities that pass through this one,
    /// normalised to 0..1 (Brandes' algorithm, relations taken both ways, each pair of
    /// entities linked at most once).
    pub betweenness: f64,
    /// The PageRank of the entity following relations in their direction (`from` passes
    /// rank to `to`), with damping [`DAMPING`](page_rank::DAMPING); the values sum to 1.
    pub page_rank: f64,
}

/// A centrality measure to rank by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// [`Centrality::degree`].
    Degree,
    /// [`Centrality::betweenness`].
    Betweenness,
    /// [`Centrality::page_rank`].
    PageRank,
}

impl Centrality {
    /// The value of one measure.
    pub fn value(&self, measure: Measure) -> f64 {
        match measure {
            Measure::Degree => self.degree as f64,
            Measure::Betweenness => self.betweenness,
            Measure::PageRank => self.page_rank,
        }
    }
}

/// Centrality for every entity, connected components and communities.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Metrics {
    #[serde(deserialize_with = "crate::model::shared::exact")]
    centrality: Vec<Centrality>,
    #[serde(deserialize_with = "crate::model::shared::exact")]
    component: Vec<usize>,
    components: Vec<Vec<NodeIndex>>,
    #[serde(deserialize_with = "crate::model::shared::exact")]
    community: Vec<usize>,
    communities: Vec<Vec<NodeIndex>>,
    /// Every entity from the highest to the lowest value of each measure, in [`Measure`]
    /// order; computed once, so that a ranking request only reads the front.
    rankings: [Vec<NodeIndex>; 3],
    /// The same orders split by kind, in [`EntityKind::ALL`] order, so that ranking a rare
    /// kind does not read past every other entity.
    rankings_by_kind: [Vec<Vec<NodeIndex>>; 3],
}

impl Metrics {
    /// Whether the measures cover a graph of `entities` entities (one centrality each); a
    /// snapshot's metrics are checked against its graph this way.
    pub fn covers(&self, entities: usize) -> bool {
        self.centrality.len() == entities && self.component.len() == entities
    }

    /// Computes every measure over a graph. Betweenness is exact up to
    /// [`EXACT_BETWEENNESS_LIMIT`](betweenness::EXACT_BETWEENNESS_LIMIT) entities and costs
    /// O(entities × relations); above, it is estimated from
    /// [`BETWEENNESS_PIVOTS`](betweenness::BETWEENNESS_PIVOTS) sources. The rest is linear per
    /// round.
    pub fn compute(graph: &Graph) -> Self {
        let n = graph.entity_count();
        let clock = std::time::Instant::now();
        let lap = |what: &str| {
            tracing::debug!(
                elapsed_ms = clock.elapsed().as_millis() as u64,
                "metrics: {what} done"
            )
        };
        let name_rank = name_ranks(graph);
        lap("name order");
        let adjacency = Adjacency::new(graph);
        lap("adjacency");
        // Two halves on two threads: betweenness and PageRank; components and communities.
        let ((betweenness, page_rank), ((component, components), (community, communities))) =
            std::thread::scope(|scope| {
                let structure = scope.spawn(|| {
                    let components = components(graph, &name_rank);
                    lap("components");
                    let communities = communities(&adjacency, n, &name_rank);
                    lap("communities");
                    (components, communities)
                });
                let betweenness = betweenness(&adjacency);
                lap("betweenness");
                let page_rank = page_rank(graph);
                lap("pagerank");
                // Neither half panics on any graph; should one, the panic goes on.
                let structure = structure
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                ((betweenness, page_rank), structure)
            });
        drop(adjacency);
        let centrality: Vec<Centrality> = graph
            .entity_indices()
            .map(|i| Centrality {
                degree: graph.degree(i),
                betweenness: betweenness[i.index()],
                page_rank: page_rank[i.index()],
            })
            .collect();
        drop(betweenness);
        drop(page_rank);
        let order = |measure: Measure| {
            let mut ranked: Vec<NodeIndex> = graph.entity_indices().collect();
            ranked.sort_unstable_by(|&a, &b| {
                let (va, vb) = (
                    centrality[a.index()].value(measure),
                    centrality[b.index()].value(measure),
                );
                vb.total_cmp(&va)
                    .then_with(|| name_rank[a.index()].cmp(&name_rank[b.index()]))
            });
            ranked
        };
        let rankings = [
            order(Measure::Degree),
            order(Measure::Betweenness),
            order(Measure::PageRank),
        ];
        let by_kind = |order: &Vec<NodeIndex>| -> Vec<Vec<NodeIndex>> {
            EntityKind::ALL
                .iter()
                .map(|&kind| {
                    order
                        .iter()
                        .copied()
                        .filter(|&i| graph.entity(i).kind() == kind)
                        .collect()
                })
                .collect()
        };
        let rankings_by_kind = [
            by_kind(&rankings[0]),
            by_kind(&rankings[1]),
            by_kind(&rankings[2]),
        ];
        lap("rankings");
        Metrics {
            centrality,
            component,
            components,
            community,
            communities,
            rankings,
            rankings_by_kind,
        }
    }

    /// The centrality of one entity.
    pub fn centrality(&self, entity: NodeIndex) -> Centrality {
        self.centrality
            .get(entity.index())
            .copied()
            .unwrap_or_default()
    }

    /// The position in [`Metrics::components`] of the component that holds an entity.
    pub fn component_of(&self, entity: NodeIndex) -> usize {
        self.component.get(entity.index()).copied().unwrap_or(0)
    }

    /// The connected components (relations taken both ways), largest first; the entities of
    /// each by name.
    pub fn components(&self) -> &[Vec<NodeIndex>] {
        &self.components
    }

    /// The position in [`Metrics::communities`] of the community that holds an entity.
    pub fn community_of(&self, entity: NodeIndex) -> usize {
        self.community.get(entity.index()).copied().unwrap_or(0)
    }

    /// The communities found by the Louvain method, largest first; the entities of each by name.
    pub fn communities(&self) -> &[Vec<NodeIndex>] {
        &self.communities
    }

    /// The entities (optionally of one kind) from the highest value of `measure` to the lowest;
    /// ties go by name, then id. The orders, overall and per kind, are computed at load; a
    /// request reads only as far as it takes.
    pub fn ranking(&self, kind: Option<EntityKind>, measure: Measure) -> &[NodeIndex] {
        let slot = match measure {
            Measure::Degree => 0,
            Measure::Betweenness => 1,
            Measure::PageRank => 2,
        };
        let order: &[NodeIndex] = match kind {
            None => &self.rankings[slot],
            Some(kind) => EntityKind::ALL
                .iter()
                .position(|&k| k == kind)
                .and_then(|position| self.rankings_by_kind[slot].get(position))
                .map_or(&[], Vec::as_slice),
        };
        order
    }
}

/// Each entity's place in the order by lower-cased name, then id; computed once so that
/// sorting by name compares two numbers.
fn name_ranks(graph: &Graph) -> Vec<u32> {
    let mut order: Vec<NodeIndex> = graph.entity_indices().collect();
    order.sort_by_cached_key(|&i| {
        let entity = graph.entity(i);
        (entity.name.to_lowercase(), entity.id.clone())
    });
    let mut rank = vec![0u32; order.len()];
    for (place, i) in order.into_iter().enumerate() {
        rank[i.index()] = place as u32;
    }
    rank
}

/// Numbers groups of entities largest first (ties by their first entity's name) and sorts each
/// group by name.
fn number_groups(label: &[usize], name_rank: &[u32]) -> (Vec<usize>, Vec<Vec<NodeIndex>>) {
    let mut groups: BTreeMap<usize, Vec<NodeIndex>> = BTreeMap::new();
    for (i, &l) in label.iter().enumerate() {
        groups.entry(l).or_default().push(NodeIndex::new(i));
    }
    let mut groups: Vec<Vec<NodeIndex>> = groups.into_values().collect();
    for group in &mut groups {
        group.sort_unstable_by_key(|i| name_rank[i.index()]);
    }
    groups.sort_by(|a, b| {
        b.len()
            .cmp(&a.len())
            .then_with(|| name_rank[a[0].index()].cmp(&name_rank[b[0].index()]))
    });
    let mut position = vec![0; label.len()];
    for (number, group) in groups.iter().enumerate() {
        for i in group {
            position[i.index()] = number;
        }
    }
    (position, groups)
}
