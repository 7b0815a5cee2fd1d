//! Network analysis over the graph: shortest paths and neighbourhoods.
//!
//! Paths and neighbourhoods ignore the direction of relations: a researcher asking how two
//! entities are connected wants every link, whichever way it reads.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet, VecDeque};

use crate::model::{EdgeIndex, Graph, NodeIndex};

/// The most relations a path may have.
pub const MAX_PATH_LENGTH: usize = 10;

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
type Parents = HashMap<NodeIndex, (usize, Option<(NodeIndex, EdgeIndex)>)>;

/// Finds one shortest path of at most `max_length` relations between two entities.
///
/// The search grows from both ends at once, always widening the smaller frontier by one
/// whole layer, so it visits far fewer entities than a search from one end on a large graph.
/// When a layer touches the other side, the meeting with the smallest total length wins,
/// which makes the result a shortest path, not merely a short one.
pub fn shortest_path(
    graph: &Graph,
    from: NodeIndex,
    to: NodeIndex,
    max_length: usize,
) -> Option<Path> {
    if from == to {
        return Some(Path {
            entities: vec![from],
            relations: Vec::new(),
        });
    }
    let mut forward: Parents = HashMap::from([(from, (0, None))]);
    let mut backward: Parents = HashMap::from([(to, (0, None))]);
    let mut forward_frontier = vec![from];
    let mut backward_frontier = vec![to];
    let mut searched = 0;
    while searched < max_length && !forward_frontier.is_empty() && !backward_frontier.is_empty() {
        searched += 1;
        let grow_forward = forward_frontier.len() <= backward_frontier.len();
        let (frontier, parents, others) = if grow_forward {
            (&mut forward_frontier, &mut forward, &backward)
        } else {
            (&mut backward_frontier, &mut backward, &forward)
        };
        // The best meeting so far: total length, then the relation that closes the gap.
        let mut best: Option<(usize, NodeIndex, EdgeIndex, NodeIndex)> = None;
        let mut next = Vec::new();
        for &node in frontier.iter() {
            let depth = parents.get(&node).map_or(0, |p| p.0);
            for (neighbour, edge) in graph.neighbours(node) {
                if let Some(&(other_depth, _)) = others.get(&neighbour) {
                    let total = depth + 1 + other_depth;
                    if total <= max_length && best.is_none_or(|b| total < b.0) {
                        best = Some((total, node, edge, neighbour));
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

/// Collects the entities at most `depth` relations away from `center` (at most `limit` of them),
/// and every relation among them.
pub fn neighborhood(graph: &Graph, center: NodeIndex, depth: usize, limit: usize) -> Subgraph {
    let mut seen: HashSet<NodeIndex> = HashSet::from([center]);
    let mut entities = vec![center];
    let mut queue = VecDeque::from([(center, 0)]);
    let mut truncated = false;
    'walk: while let Some((node, distance)) = queue.pop_front() {
        if distance == depth {
            continue;
        }
        for (neighbour, _) in graph.neighbours(node) {
            if seen.contains(&neighbour) {
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
        .filter(|&(other, _)| seen.contains(&other))
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
