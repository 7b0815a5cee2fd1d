//! Each entity's relations in one flat table, which every traversal reads.

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

use super::entity::{Entity, Relation};
use super::graph::Direction;

/// Each entity's relations in one flat table (compressed rows): the entity's outgoing
/// relations in load order, then its incoming ones in load order, each with the entity at the
/// other end.
///
/// petgraph keeps a node's edges as a linked list through the edge table, so walking a hub's
/// fifty thousand relations touches fifty thousand scattered edges; walking its row here reads
/// one contiguous block. Traversals (paths, neighbourhoods, containment) read this table and
/// touch a relation's data only when they need it.
#[derive(Debug, Default)]
pub(super) struct Links {
    /// Entity `i`'s outgoing relations are `table[starts[2i]..starts[2i + 1]]` and its
    /// incoming ones `table[starts[2i + 1]..starts[2i + 2]]`.
    starts: Vec<usize>,
    /// The entity at the other end and the relation, for every relation seen from each end
    /// (a relation from an entity to itself appears twice in its row, like in petgraph).
    table: Vec<(NodeIndex, EdgeIndex)>,
}

impl Links {
    /// Lays the graph's relations out entity by entity, with two counting passes over the edge
    /// table (no sort).
    pub(super) fn new(graph: &DiGraph<Entity, Relation>) -> Self {
        let n = graph.node_count();
        // Count each group's relations, then turn the counts into where each group begins.
        let mut starts = vec![0usize; 2 * n + 1];
        for edge in graph.raw_edges() {
            starts[2 * edge.source().index()] += 1;
            starts[2 * edge.target().index() + 1] += 1;
        }
        let mut total = 0;
        for start in &mut starts {
            let count = *start;
            *start = total;
            total += count;
        }
        let mut next = starts.clone();
        let mut table = vec![(NodeIndex::end(), EdgeIndex::end()); total];
        for (i, edge) in graph.raw_edges().iter().enumerate() {
            let id = EdgeIndex::new(i);
            let (from, to) = (edge.source(), edge.target());
            let out = &mut next[2 * from.index()];
            table[*out] = (to, id);
            *out += 1;
            let incoming = &mut next[2 * to.index() + 1];
            table[*incoming] = (from, id);
            *incoming += 1;
        }
        Links { starts, table }
    }

    /// The slots of an entity's relations in one direction, or both; empty before the table
    /// is built or for an index it does not cover.
    pub(super) fn row(&self, entity: NodeIndex, direction: Direction) -> &[(NodeIndex, EdgeIndex)] {
        let i = entity.index();
        let (first, last) = match direction {
            Direction::Outgoing => (2 * i, 2 * i + 1),
            Direction::Incoming => (2 * i + 1, 2 * i + 2),
            Direction::Both => (2 * i, 2 * i + 2),
        };
        match (self.starts.get(first), self.starts.get(last)) {
            (Some(&start), Some(&end)) => &self.table[start..end],
            _ => &[],
        }
    }
}
