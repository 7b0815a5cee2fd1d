//! The undirected simple graph behind betweenness and communities.

use crate::model::{CompressedRows, Graph};

/// The undirected simple graph behind betweenness and communities: each entity's distinct
/// neighbours (not itself) in index order, with how many relations link the two; at later
/// Louvain levels, communities and the links between them.
pub(super) struct Adjacency {
    /// Each node's neighbours.
    neighbours: CompressedRows<u32>,
    /// How many relations link a node to each neighbour, beside [`Adjacency::neighbours`]'s
    /// items (kept apart so that betweenness, which reads only the neighbours, reads half the
    /// memory). Counts, so that sums are exact.
    weights: Vec<u32>,
}

impl Adjacency {
    /// Builds the table from the graph's own rows: each entity's neighbours sorted, merged and
    /// counted, with self-links left out.
    pub(super) fn new(graph: &Graph) -> Self {
        let n = graph.entity_count();
        let mut neighbours = CompressedRows::with_capacity(n, graph.relation_count() * 2);
        let mut weights = Vec::with_capacity(graph.relation_count() * 2);
        let mut row: Vec<u32> = Vec::new();
        for node in graph.entity_indices() {
            row.clear();
            row.extend(
                graph
                    .neighbour_slice(node)
                    .iter()
                    .filter(|&&(other, _)| other != node)
                    .map(|&(other, _)| other.index() as u32),
            );
            row.sort_unstable();
            for run in row.chunk_by(|a, b| a == b) {
                neighbours.push(run[0]);
                weights.push(run.len() as u32);
            }
            neighbours.end_row();
        }
        Adjacency {
            neighbours,
            weights,
        }
    }

    /// The table of `count` nodes linked by `(from, to, weight)` triples, in any order; the
    /// weights of the triples that link the same two nodes are added up.
    pub(super) fn from_links(count: usize, mut links: Vec<(u32, u32, u32)>) -> Self {
        // Weights are whole counts, so their sums do not depend on the order they are added in.
        links.sort_unstable_by_key(|&(a, b, _)| (a, b));
        let mut neighbours = CompressedRows::with_capacity(count, links.len());
        let mut weights = Vec::with_capacity(links.len());
        let mut next = 0;
        for node in 0..count as u32 {
            while next < links.len() && links[next].0 == node {
                let target = links[next].1;
                let mut sum = 0;
                while next < links.len() && links[next].0 == node && links[next].1 == target {
                    sum += links[next].2;
                    next += 1;
                }
                neighbours.push(target);
                weights.push(sum);
            }
            neighbours.end_row();
        }
        Adjacency {
            neighbours,
            weights,
        }
    }

    /// The number of nodes.
    pub(super) fn len(&self) -> usize {
        self.neighbours.len()
    }

    /// A node's neighbours, in order.
    pub(super) fn neighbours(&self, node: usize) -> &[u32] {
        self.neighbours.row(node)
    }

    /// A node's neighbours with the number of relations (or links) to each.
    pub(super) fn weighted(&self, node: usize) -> impl Iterator<Item = (u32, u32)> + '_ {
        let span = self.neighbours.span(node);
        self.neighbours.items()[span.clone()]
            .iter()
            .copied()
            .zip(self.weights[span].iter().copied())
    }

    /// A node's neighbours with the weight of the link to each, for sums.
    pub(super) fn links(&self, node: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.weighted(node).map(|(t, w)| (t as usize, f64::from(w)))
    }

    /// The sum of every weight, each link counted from both its ends.
    pub(super) fn total_weight(&self) -> f64 {
        self.weights.iter().map(|&w| f64::from(w)).sum()
    }
}
