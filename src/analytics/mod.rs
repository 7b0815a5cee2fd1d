//! Network analysis over the graph: filtered shortest paths, the k shortest paths, neighbourhoods,
//! connections between two entities, centrality and structure, and partner suggestions.
//!
//! Paths and neighbourhoods ignore the direction of relations: a researcher asking how two
//! entities are connected wants every link, whichever way it reads.

pub mod cooperation;
mod filter;
mod metrics;
mod partners;
mod paths;

use std::collections::{BTreeMap, HashSet, VecDeque};

pub use filter::{Filter, Period};
pub use metrics::{Centrality, Measure, Metrics};
pub use partners::{PartnerSuggestion, home_region, suggest_partners, working_topics};
pub use paths::{
    MAX_PATH_LENGTH, MAX_PATHS, MAX_VISITED, OverBudget, Path, k_shortest_paths, shortest_path,
    shortest_path_within,
};

use crate::model::{EdgeIndex, EntityKind, Graph, NodeIndex};

/// The deepest neighbourhood that can be asked for.
pub const MAX_NEIGHBORHOOD_DEPTH: usize = 3;

/// The entities within some steps of a centre, and the relations among them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Subgraph {
    /// The entities, the centre first, then by distance.
    pub entities: Vec<NodeIndex>,
    /// Every relation between two of the entities, in load order.
    pub relations: Vec<EdgeIndex>,
    /// Whether the entity limit cut the neighbourhood short.
    pub truncated: bool,
}

impl Subgraph {
    /// The whole graph as a subgraph, filtered: every admitted entity and every admitted
    /// relation between two admitted entities.
    pub fn whole(graph: &Graph, filter: &Filter) -> Self {
        let entities: Vec<NodeIndex> = graph
            .entity_indices()
            .filter(|&i| filter.allows_entity(graph, i, false))
            .collect();
        let kept: HashSet<NodeIndex> = entities.iter().copied().collect();
        let relations = graph
            .relation_indices()
            .filter(|&e| {
                let view = graph.relation(e);
                kept.contains(&view.from)
                    && kept.contains(&view.to)
                    && filter.allows_relation(graph, e)
            })
            .collect();
        Subgraph {
            entities,
            relations,
            truncated: false,
        }
    }
}

/// Collects the entities at most `depth` admitted relations away from `center` (at most `limit`
/// of them), and every admitted relation among them.
///
/// The centre is kept whatever its kind; the other entities must be of an admitted kind and, like
/// the centre, exist in the filter's period (an absent centre gives an empty subgraph).
pub fn neighborhood(
    graph: &Graph,
    center: NodeIndex,
    depth: usize,
    limit: usize,
    filter: &Filter,
) -> Subgraph {
    if !filter.allows_entity(graph, center, true) {
        return Subgraph::default();
    }
    let mut seen: HashSet<NodeIndex, foldhash::fast::RandomState> = HashSet::default();
    seen.insert(center);
    let mut entities = vec![center];
    let mut queue = VecDeque::from([(center, 0)]);
    let mut truncated = false;
    'walk: while let Some((node, distance)) = queue.pop_front() {
        if distance == depth {
            continue;
        }
        for (neighbour, edge) in graph.neighbours(node) {
            if seen.contains(&neighbour)
                || !filter.allows_relation(graph, edge)
                || !filter.allows_entity(graph, neighbour, false)
            {
                continue;
            }
            if entities.len() >= limit {
                truncated = true;
                break 'walk;
            }
            seen.insert(neighbour);
            entities.push(neighbour);
            queue.push_back((neighbour, distance + 1));
        }
    }
    // Each relation among the entities is read from the row of its end with fewer relations
    // (ties broken by position), so the entity with the most relations, often a hub with
    // thousands, is not read again: the loader refuses relations from an entity to itself, so
    // every relation of it is found from its other end.
    let rank = |node: NodeIndex| (graph.degree(node), node);
    let top = entities.iter().copied().max_by_key(|&node| rank(node));
    let mut relations: Vec<EdgeIndex> = entities
        .iter()
        .filter(|&&node| Some(node) != top)
        .flat_map(|&node| {
            graph
                .neighbour_slice(node)
                .iter()
                .filter(move |&&(other, _)| rank(other) > rank(node))
        })
        .filter(|&&(other, edge)| seen.contains(&other) && filter.allows_relation(graph, edge))
        .map(|&(_, edge)| edge)
        .collect();
    relations.sort();
    Subgraph {
        entities,
        relations,
        truncated,
    }
}

/// An entity that two entities are both linked to, with the linking relations on each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    /// The common neighbour.
    pub entity: NodeIndex,
    /// The relations between the first entity and the common neighbour.
    pub via_a: Vec<EdgeIndex>,
    /// The relations between the second entity and the common neighbour.
    pub via_b: Vec<EdgeIndex>,
}

/// What links two entities: their direct relations and their common neighbours.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Connections {
    /// The relations between the two entities, either way, in load order.
    pub direct: Vec<EdgeIndex>,
    /// The common neighbours, by kind (in [`EntityKind::ALL`] order) and then by name.
    pub shared: Vec<Shared>,
}

/// Finds what two entities share: the entities both are linked to (programmes, projects, events,
/// topics, partners...) and the relations between them, all as admitted by `filter` (whose kinds
/// limit the common neighbours only).
pub fn connections(graph: &Graph, a: NodeIndex, b: NodeIndex, filter: &Filter) -> Connections {
    let links = |node: NodeIndex| {
        let mut by_neighbour: BTreeMap<NodeIndex, Vec<EdgeIndex>> = BTreeMap::new();
        for (neighbour, edge) in graph.neighbours(node) {
            let end = neighbour == a || neighbour == b;
            if filter.allows_relation(graph, edge) && filter.allows_entity(graph, neighbour, end) {
                by_neighbour.entry(neighbour).or_default().push(edge);
            }
        }
        for edges in by_neighbour.values_mut() {
            edges.sort();
        }
        by_neighbour
    };
    let (links_a, links_b) = (links(a), links(b));
    let direct = links_a.get(&b).cloned().unwrap_or_default();
    let mut shared: Vec<Shared> = links_a
        .iter()
        .filter(|(n, _)| **n != a && **n != b)
        .filter_map(|(&entity, via_a)| {
            links_b.get(&entity).map(|via_b| Shared {
                entity,
                via_a: via_a.clone(),
                via_b: via_b.clone(),
            })
        })
        .collect();
    shared.sort_by_key(|s| {
        let entity = graph.entity(s.entity);
        (
            EntityKind::ALL.iter().position(|k| *k == entity.kind()),
            entity.name.to_lowercase(),
            entity.id.clone(),
        )
    });
    Connections { direct, shared }
}

#[cfg(test)]
mod tests;
