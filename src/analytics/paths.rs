//! Paths between two entities: one shortest path by a bidirectional breadth-first search, and
//! the k shortest paths by Yen's algorithm over it.

use std::collections::{BTreeMap, HashSet};

use fixedbitset::FixedBitSet;

use super::Filter;
use crate::model::{EdgeIndex, Graph, NodeIndex};

/// The most relations a path may have.
pub const MAX_PATH_LENGTH: usize = 10;

/// The most paths `k_shortest_paths` may be asked for.
pub const MAX_PATHS: usize = 10;

/// The most entities one path search may reach (from both ends together) before it gives up.
/// The bundled data has a few hundred; the bound keeps a search on a much larger graph cheap.
pub const MAX_VISITED: usize = 100_000;

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

/// The rules one search follows: the filter, the path's two ends (which the kind filter always
/// admits), and the entities and steps that Yen's algorithm rules out.
struct Rules<'a> {
    graph: &'a Graph,
    filter: &'a Filter,
    ends: [NodeIndex; 2],
    banned_entities: &'a HashSet<NodeIndex>,
    banned_steps: &'a HashSet<(NodeIndex, NodeIndex)>,
    /// Whether every step is allowed (no filter, nothing banned), so that a step's check need
    /// not read the relation or the entity.
    open: bool,
}

impl<'a> Rules<'a> {
    fn new(
        graph: &'a Graph,
        filter: &'a Filter,
        ends: [NodeIndex; 2],
        banned_entities: &'a HashSet<NodeIndex>,
        banned_steps: &'a HashSet<(NodeIndex, NodeIndex)>,
    ) -> Self {
        let open =
            *filter == Filter::default() && banned_entities.is_empty() && banned_steps.is_empty();
        Rules {
            graph,
            filter,
            ends,
            banned_entities,
            banned_steps,
            open,
        }
    }

    /// Whether the search may step from `node` to `neighbour` over `edge`.
    fn allows(&self, node: NodeIndex, neighbour: NodeIndex, edge: EdgeIndex) -> bool {
        self.open
            || (!self.banned_entities.contains(&neighbour)
                && !self.banned_steps.contains(&ordered(node, neighbour))
                && self.filter.allows_relation(self.graph, edge)
                && self
                    .filter
                    .allows_entity(self.graph, neighbour, self.ends.contains(&neighbour)))
    }
}

fn ordered(a: NodeIndex, b: NodeIndex) -> (NodeIndex, NodeIndex) {
    if a <= b { (a, b) } else { (b, a) }
}

/// Finds one shortest path of at most `max_length` relations between two entities, using only
/// the relations and entities that `filter` admits (the two ends are admitted whatever their
/// kind, but must exist in the filter's period).
///
/// The search grows from both ends at once, a layer at a time, widening the side whose frontier
/// has fewer relations, so it visits far fewer entities than a search from one end on a large
/// graph. The first meeting of the two sides is a shortest path, not merely a short one (see
/// the comment in the search). Each entity is reached at most once from each side, and the
/// search gives up (no path) once it has reached [`MAX_VISITED`] entities.
pub fn shortest_path(
    graph: &Graph,
    from: NodeIndex,
    to: NodeIndex,
    max_length: usize,
    filter: &Filter,
) -> Option<Path> {
    shortest_path_within(graph, from, to, max_length, filter, usize::MAX).unwrap_or(None)
}

/// A search stopped because it would read more relations than it was allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverBudget;

/// [`shortest_path`], giving up with [`OverBudget`] once it would read more than `max_reads`
/// relations: for running small searches where they are asked for, and the others elsewhere.
pub fn shortest_path_within(
    graph: &Graph,
    from: NodeIndex,
    to: NodeIndex,
    max_length: usize,
    filter: &Filter,
    max_reads: usize,
) -> Result<Option<Path>, OverBudget> {
    let none = HashSet::new();
    let no_steps = HashSet::new();
    let rules = Rules::new(graph, filter, [from, to], &none, &no_steps);
    search(&rules, from, to, max_length, max_reads)
}

/// An entity one side of a search has reached, with the entity and relation it was reached
/// from (none for the side's origin).
#[derive(Debug, Clone, Copy)]
struct Step {
    node: NodeIndex,
    from: Option<(NodeIndex, EdgeIndex)>,
}

/// Which entities each side of a search has reached, one bit per entity and side.
///
/// A quarter of a megabyte at a million entities, so the checks made for every relation a
/// search reads stay in the processor's cache. Each thread keeps one and reuses it; a search
/// clears the bits it set when it ends, panics included (see [`Sides`]).
#[derive(Default)]
struct Reached {
    sides: [FixedBitSet; 2],
}

impl Reached {
    /// Makes room for every entity of a graph of this many.
    fn cover(&mut self, entities: usize) {
        for side in &mut self.sides {
            side.grow(entities);
        }
    }

    fn get(&self, side: usize, node: NodeIndex) -> bool {
        self.sides[side].contains(node.index())
    }

    fn set(&mut self, side: usize, node: NodeIndex) {
        self.sides[side].insert(node.index());
    }

    fn unset(&mut self, side: usize, node: NodeIndex) {
        self.sides[side].remove(node.index());
    }
}

thread_local! {
    static REACHED: std::cell::RefCell<Reached> = std::cell::RefCell::new(Reached::default());
}

/// The two sides of one search: the layers each has reached (layer 0 is its origin) and the
/// marks for them. Dropping it unsets the marks, so the thread's [`Reached`] is clean for the
/// next search even if this one panics.
struct Sides<'m> {
    layers: [Vec<Vec<Step>>; 2],
    reached: &'m mut Reached,
}

impl Sides<'_> {
    fn reach(&mut self, side: usize, step: Step, layer: &mut Vec<Step>) {
        self.reached.set(side, step.node);
        layer.push(step);
    }

    /// The relations of a side's frontier, the work widening it would take.
    fn cost(&self, graph: &Graph, side: usize) -> usize {
        self.layers[side]
            .last()
            .map_or(0, |layer| layer.iter().map(|s| graph.degree(s.node)).sum())
    }

    fn visited(&self) -> usize {
        self.layers.iter().flatten().map(Vec::len).sum()
    }

    /// Walks from `node` back to a side's origin: the entities from `node` on, and the
    /// relations between them.
    fn chain(&self, side: usize, node: NodeIndex) -> (Vec<NodeIndex>, Vec<EdgeIndex>) {
        let mut entities = vec![node];
        let mut relations = Vec::new();
        let mut current = node;
        // An entity is in one layer only; the walk goes down one layer at each step.
        for layer in self.layers[side].iter().rev() {
            let Some(step) = layer.iter().find(|s| s.node == current) else {
                continue;
            };
            if let Some((parent, edge)) = step.from {
                entities.push(parent);
                relations.push(edge);
                current = parent;
            }
        }
        (entities, relations)
    }
}

impl Drop for Sides<'_> {
    fn drop(&mut self) {
        for (side, layers) in self.layers.iter().enumerate() {
            for step in layers.iter().flatten() {
                self.reached.unset(side, step.node);
            }
        }
    }
}

fn search(
    rules: &Rules<'_>,
    from: NodeIndex,
    to: NodeIndex,
    max_length: usize,
    max_reads: usize,
) -> Result<Option<Path>, OverBudget> {
    let graph = rules.graph;
    for end in [from, to] {
        if !rules.filter.allows_entity(graph, end, true) {
            return Ok(None);
        }
    }
    if from == to {
        return Ok(Some(Path {
            entities: vec![from],
            relations: Vec::new(),
        }));
    }
    REACHED.with_borrow_mut(|reached| {
        reached.cover(graph.entity_count());
        let mut sides = Sides {
            layers: [Vec::new(), Vec::new()],
            reached,
        };
        for (side, origin) in [from, to].into_iter().enumerate() {
            let mut layer = Vec::new();
            sides.reach(
                side,
                Step {
                    node: origin,
                    from: None,
                },
                &mut layer,
            );
            sides.layers[side].push(layer);
        }
        widen(rules, &mut sides, max_length, max_reads)
    })
}

/// Widens the two sides of a search a layer at a time until they meet.
fn widen(
    rules: &Rules<'_>,
    sides: &mut Sides<'_>,
    max_length: usize,
    max_reads: usize,
) -> Result<Option<Path>, OverBudget> {
    let graph = rules.graph;
    let mut searched = 0;
    let mut reads = 0usize;
    while searched < max_length && sides.visited() <= MAX_VISITED {
        searched += 1;
        // Grow the side that is cheaper to grow: the one whose frontier has fewer relations.
        // On real networks a hub (a topic with thousands of projects) makes one side far
        // dearer than the other.
        let side = usize::from(sides.cost(graph, 0) > sides.cost(graph, 1));
        let other = 1 - side;
        let Sides { layers, reached } = &mut *sides;
        let layers = &mut layers[side];
        // The next layer is in the side's list before it is filled, so that every entity
        // marked as reached is unmarked when the search ends, however it ends.
        layers.push(Vec::new());
        let [.., frontier, next] = layers.as_mut_slice() else {
            return Ok(None);
        };
        if frontier.is_empty() {
            return Ok(None);
        }
        // Entities with few relations first: a meeting found among them spares the hubs.
        frontier.sort_by_cached_key(|s| (graph.degree(s.node), s.node));
        // The first meeting of the two sides, with the relation that closes the gap. Every
        // meeting found while widening one layer has the same length: an entity the other
        // side has already widened from would have found this side's entity itself, one layer
        // earlier. So the first meeting is a shortest path, and the layer need not be
        // finished, which matters when it holds a hub with thousands of relations.
        let mut meeting = None;
        'layer: for step in frontier.iter() {
            let node = step.node;
            let neighbours = graph.neighbour_slice(node);
            reads = reads.saturating_add(neighbours.len());
            if reads > max_reads {
                return Err(OverBudget);
            }
            for &(neighbour, edge) in neighbours {
                if reached.get(side, neighbour) || !rules.allows(node, neighbour, edge) {
                    continue;
                }
                if reached.get(other, neighbour) {
                    meeting = Some((node, edge, neighbour));
                    break 'layer;
                }
                reached.set(side, neighbour);
                next.push(Step {
                    node: neighbour,
                    from: Some((node, edge)),
                });
            }
        }
        if let Some((near, edge, far)) = meeting {
            let (mut entities, mut relations) = sides.chain(side, near);
            entities.reverse();
            relations.reverse();
            let (far_entities, far_relations) = sides.chain(other, far);
            relations.push(edge);
            entities.extend(far_entities);
            relations.extend(far_relations);
            if side == 1 {
                entities.reverse();
                relations.reverse();
            }
            debug_assert!(relations.len() <= max_length);
            return Ok(Some(Path {
                entities,
                relations,
            }));
        }
    }
    Ok(None)
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
            let rules = Rules::new(graph, filter, [from, to], &banned_entities, &banned_steps);
            let Ok(Some(spur_path)) = search(&rules, spur, to, max_length - spur_at, usize::MAX)
            else {
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
