//! Network analysis over the graph: filtered shortest paths, the k shortest paths, neighbourhoods,
//! connections between two entities, centrality and structure, and partner suggestions.
//!
//! Paths and neighbourhoods ignore the direction of relations: a researcher asking how two
//! entities are connected wants every link, whichever way it reads.

mod filter;
mod metrics;
mod partners;

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

pub use filter::{Filter, Period};
pub use metrics::{Centrality, Measure, Metrics};
pub use partners::{PartnerSuggestion, home_region, suggest_partners, working_topics};

use crate::model::{EdgeIndex, EntityKind, Graph, NodeIndex};

/// The most relations a path may have.
pub const MAX_PATH_LENGTH: usize = 10;

/// The most paths `k_shortest_paths` may be asked for.
pub const MAX_PATHS: usize = 10;

/// The most entities one path search may reach (from both ends together) before it gives up.
/// The bundled data has a few hundred; the bound keeps a search on a much larger graph cheap.
pub const MAX_VISITED: usize = 100_000;

/// The deepest neighbourhood that can be asked for.
pub const MAX_NEIGHBORHOOD_DEPTH: usize = 3;

/// A chain of relations linking two entities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// The entities along the path, from the start to the end.
    pub entities: Vec<NodeIndex>,
    /// The relations between consecutive entities; one fewer than the entities.
    pub relations: Vec<EdgeIndex>,
}

impl Path {
    /// The number of relations on the path.
    pub fn len(&self) -> usize {
        self.relations.len()
    }

    /// Whether the path has no relation (it starts where it ends).
    pub fn is_empty(&self) -> bool {
        self.relations.is_empty()
    }
}

/// For each reached entity: its distance from the search's origin, and the entity and
/// relation it was reached from.
type Parents =
    HashMap<NodeIndex, (usize, Option<(NodeIndex, EdgeIndex)>), foldhash::fast::RandomState>;

/// The rules one search follows: the filter, the path's two ends (which the kind filter always
/// admits), and the entities and steps that Yen's algorithm rules out.
struct Rules<'a> {
    graph: &'a Graph,
    filter: &'a Filter,
    ends: [NodeIndex; 2],
    banned_entities: &'a HashSet<NodeIndex>,
    banned_steps: &'a HashSet<(NodeIndex, NodeIndex)>,
}

impl Rules<'_> {
    /// Whether the search may step from `node` to `neighbour` over `edge`.
    fn allows(&self, node: NodeIndex, neighbour: NodeIndex, edge: EdgeIndex) -> bool {
        !self.banned_entities.contains(&neighbour)
            && !self.banned_steps.contains(&ordered(node, neighbour))
            && self.filter.allows_relation(self.graph, edge)
            && self
                .filter
                .allows_entity(self.graph, neighbour, self.ends.contains(&neighbour))
    }
}

fn ordered(a: NodeIndex, b: NodeIndex) -> (NodeIndex, NodeIndex) {
    if a <= b { (a, b) } else { (b, a) }
}

/// Finds one shortest path of at most `max_length` relations between two entities, using only
/// the relations and entities that `filter` admits (the two ends are admitted whatever their
/// kind, but must exist in the filter's period).
///
/// The search grows from both ends at once, widening the cheaper frontier by one layer, so it visits far fewer entities than a search from one end on a large graph.
/// The first meeting of the two sides is a shortest path, not merely a short one (see the
/// comment in the search). The side widened next is the one whose frontier has fewer
/// relations. Each entity is reached at
/// most once from each side, and the search gives up (no path) once it has reached
/// [`MAX_VISITED`] entities.
pub fn shortest_path(
    graph: &Graph,
    from: NodeIndex,
    to: NodeIndex,
    max_length: usize,
    filter: &Filter,
) -> Option<Path> {
    let none = HashSet::new();
    let no_steps = HashSet::new();
    let rules = Rules {
        graph,
        filter,
        ends: [from, to],
        banned_entities: &none,
        banned_steps: &no_steps,
    };
    search(&rules, from, to, max_length)
}

fn search(rules: &Rules<'_>, from: NodeIndex, to: NodeIndex, max_length: usize) -> Option<Path> {
    let graph = rules.graph;
    for end in [from, to] {
        if !rules.filter.allows_entity(graph, end, true) {
            return None;
        }
    }
    if from == to {
        return Some(Path {
            entities: vec![from],
            relations: Vec::new(),
        });
    }
    let mut forward = Parents::default();
    forward.insert(from, (0, None));
    let mut backward = Parents::default();
    backward.insert(to, (0, None));
    let mut forward_frontier = vec![from];
    let mut backward_frontier = vec![to];
    let mut searched = 0;
    while searched < max_length
        && !forward_frontier.is_empty()
        && !backward_frontier.is_empty()
        && forward.len() + backward.len() <= MAX_VISITED
    {
        searched += 1;
        // Grow the side that is cheaper to grow: the one whose frontier has fewer relations.
        // On real networks a hub (a topic with thousands of projects) makes one side far
        // dearer than the other.
        let cost =
            |frontier: &[NodeIndex]| -> usize { frontier.iter().map(|&n| graph.degree(n)).sum() };
        let grow_forward = cost(&forward_frontier) <= cost(&backward_frontier);
        let (frontier, parents, others) = if grow_forward {
            (&mut forward_frontier, &mut forward, &backward)
        } else {
            (&mut backward_frontier, &mut backward, &forward)
        };
        // The first meeting of the two sides, with the relation that closes the gap. Every
        // meeting found while widening one layer has the same length: an entity the other
        // side has already widened from would have found this side's entity itself, one layer
        // earlier. So the first meeting is a shortest path, and the layer need not be
        // finished, which matters when it holds a hub with thousands of relations.
        let mut best: Option<(usize, NodeIndex, EdgeIndex, NodeIndex)> = None;
        let mut next = Vec::new();
        // Entities with few relations first: a meeting found among them spares the hubs.
        frontier.sort_unstable_by_key(|&node| (graph.degree(node), node));
        'layer: for &node in frontier.iter() {
            let depth = parents.get(&node).map_or(0, |p| p.0);
            for (neighbour, edge) in graph.neighbours(node) {
                if !rules.allows(node, neighbour, edge) {
                    continue;
                }
                if let Some(&(other_depth, _)) = others.get(&neighbour) {
                    let total = depth + 1 + other_depth;
                    if total <= max_length {
                        best = Some((total, node, edge, neighbour));
                        break 'layer;
                    }
                } else if let Entry::Vacant(slot) = parents.entry(neighbour) {
                    slot.insert((depth + 1, Some((node, edge))));
                    next.push(neighbour);
                }
            }
        }
        if let Some((_, near, edge, far)) = best {
            let (near_side, far_side) = if grow_forward {
                (&forward, &backward)
            } else {
                (&backward, &forward)
            };
            let mut entities = chain(near, near_side);
            entities.0.reverse();
            entities.1.reverse();
            let (far_entities, far_relations) = chain(far, far_side);
            let mut path = Path {
                entities: entities.0,
                relations: entities.1,
            };
            path.relations.push(edge);
            path.entities.extend(far_entities);
            path.relations.extend(far_relations);
            if !grow_forward {
                path.entities.reverse();
                path.relations.reverse();
            }
            return Some(path);
        }
        *frontier = next;
    }
    None
}

/// Walks from `node` back to the origin of one side's search.
fn chain(node: NodeIndex, parents: &Parents) -> (Vec<NodeIndex>, Vec<EdgeIndex>) {
    let mut entities = vec![node];
    let mut relations = Vec::new();
    let mut current = node;
    while let Some((_, Some((parent, edge)))) = parents.get(&current) {
        entities.push(*parent);
        relations.push(*edge);
        current = *parent;
    }
    (entities, relations)
}

/// Finds up to `k` shortest paths between two entities that differ in their entities, shortest
/// first (paths of one length are ordered by their entities' positions in the data).
///
/// This is Yen's algorithm over the bidirectional search: each next path deviates from an
/// earlier one at some entity (the spur), avoiding the earlier path's entities before the spur
/// and the steps earlier paths took from it. Two relations between the same two entities do not
/// make two paths. The work is bounded: at most `k × max_length` searches, each visiting every
/// entity at most once per side.
pub fn k_shortest_paths(
    graph: &Graph,
    from: NodeIndex,
    to: NodeIndex,
    k: usize,
    max_length: usize,
    filter: &Filter,
) -> Vec<Path> {
    let Some(first) = shortest_path(graph, from, to, max_length, filter) else {
        return Vec::new();
    };
    let mut found = vec![first];
    // Candidates keyed by length and entities, so the smallest comes first and a chain of
    // entities is kept once.
    let mut candidates: BTreeMap<(usize, Vec<NodeIndex>), Vec<EdgeIndex>> = BTreeMap::new();
    while found.len() < k {
        let last = found[found.len() - 1].clone();
        for spur_at in 0..last.len() {
            let spur = last.entities[spur_at];
            let root = &last.entities[..=spur_at];
            let mut banned_steps = HashSet::new();
            for path in &found {
                if path.entities.len() > spur_at + 1 && &path.entities[..=spur_at] == root {
                    banned_steps.insert(ordered(spur, path.entities[spur_at + 1]));
                }
            }
            let banned_entities: HashSet<NodeIndex> = root[..spur_at].iter().copied().collect();
            let rules = Rules {
                graph,
                filter,
                ends: [from, to],
                banned_entities: &banned_entities,
                banned_steps: &banned_steps,
            };
            let Some(spur_path) = search(&rules, spur, to, max_length - spur_at) else {
                continue;
            };
            let mut entities = root.to_vec();
            entities.extend_from_slice(&spur_path.entities[1..]);
            let mut relations = last.relations[..spur_at].to_vec();
            relations.extend(spur_path.relations);
            if !found.iter().any(|p| p.entities == entities) {
                candidates
                    .entry((relations.len(), entities))
                    .or_insert(relations);
            }
        }
        let Some(((_, entities), relations)) = candidates.pop_first() else {
            break;
        };
        found.push(Path {
            entities,
            relations,
        });
    }
    // The first path is whichever shortest path the search met first; order it among the
    // others of its length as documented, by the entities' positions.
    found.sort_by(|a, b| (a.relations.len(), &a.entities).cmp(&(b.relations.len(), &b.entities)));
    found
}

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
    let mut seen: HashSet<NodeIndex> = HashSet::from([center]);
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
    let mut relations: Vec<EdgeIndex> = entities
        .iter()
        .flat_map(|&node| graph.neighbours(node))
        .filter(|&(other, edge)| seen.contains(&other) && filter.allows_relation(graph, edge))
        .map(|(_, edge)| edge)
        .collect();
    relations.sort();
    relations.dedup();
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
