//! PageRank by power iteration, following relations in their direction.

use super::MAX_ROUNDS;
use super::betweenness::EXACT_BETWEENNESS_LIMIT;
use crate::model::{CompressedRows, Direction, Graph};

/// The PageRank damping factor: the chance of following a relation rather than jumping.
pub const DAMPING: f64 = 0.85;

/// PageRank by power iteration over the relations in their direction; the rank of entities
/// with no outgoing relation is spread over every entity. Stops when a round changes the ranks
/// by less than 1e-12 in total, or after [`MAX_ROUNDS`] rounds.
pub(super) fn page_rank(graph: &Graph) -> Vec<f64> {
    let n = graph.entity_count();
    if n == 0 {
        return Vec::new();
    }
    // Each entity's outgoing targets, one row per entity.
    let mut targets = CompressedRows::with_capacity(n, graph.relation_count());
    for i in graph.entity_indices() {
        targets.push_row(
            graph
                .relations_of(i, Direction::Outgoing, None)
                .iter()
                .map(|r| r.to.index() as u32),
        );
    }
    let outgoing = |v: usize| targets.row(v);
    // Small graphs run to full precision; on large ones the total change per entity is what
    // matters, as in networkx.
    let tolerance = if n > EXACT_BETWEENNESS_LIMIT {
        n as f64 * 1e-10
    } else {
        1e-12
    };
    let uniform = 1.0 / n as f64;
    let mut rank = vec![uniform; n];
    let mut next = vec![0.0; n];
    for _ in 0..MAX_ROUNDS {
        let dangling: f64 = (0..n)
            .filter(|&v| outgoing(v).is_empty())
            .map(|v| rank[v])
            .sum();
        let base = (1.0 - DAMPING) * uniform + DAMPING * dangling * uniform;
        next.fill(base);
        for (v, &rank_v) in rank.iter().enumerate() {
            let out = outgoing(v);
            let share = DAMPING * rank_v / out.len().max(1) as f64;
            for &w in out {
                next[w as usize] += share;
            }
        }
        let change: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if change < tolerance {
            break;
        }
    }
    rank
}
