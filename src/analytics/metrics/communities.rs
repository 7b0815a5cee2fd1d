//! Communities by the Louvain method, and the modularity of a division into communities.

use super::adjacency::Adjacency;
use super::{MAX_ROUNDS, number_groups};
use crate::model::NodeIndex;

/// A Louvain pass that moves at most one node in this many ends the level.
const LOUVAIN_SETTLED: usize = 1_000;

/// A Louvain pass that raises modularity by less than this ends the level.
const LOUVAIN_MIN_GAIN: f64 = 1e-3;

/// Communities by the Louvain method (modularity maximisation), made deterministic: entities
/// are visited in data order, one moves only for a strictly larger modularity gain than staying,
/// and ties go to the community with the lowest number. Each relation weighs 1, so parallel
/// relations strengthen a tie. Levels are aggregated until a level moves nothing, at most
/// [`MAX_ROUNDS`] passes per level.
pub(super) fn communities(
    adjacency: &Adjacency,
    n: usize,
    name_rank: &[u32],
) -> (Vec<usize>, Vec<Vec<NodeIndex>>) {
    // The current level: self-loop weight and weighted neighbours of each node. Relations
    // from an entity to itself are refused by the loader, so the first level has none.
    let mut own = vec![0.0f64; n];
    let total: f64 = adjacency.total_weight() / 2.0;
    // Later levels are built here; the first is the entities' own adjacency.
    let mut level: Option<Adjacency> = None;
    // Which node of the current level each entity belongs to.
    let mut membership: Vec<usize> = (0..n).collect();
    if total == 0.0 {
        return number_groups(&membership, name_rank);
    }
    // Reused per node: the weight towards each community met, and which were met.
    let mut weight_to = vec![0.0f64; n];
    let mut met: Vec<usize> = Vec::new();
    loop {
        let links = level.as_ref().unwrap_or(adjacency);
        let size = own.len();
        let degree: Vec<f64> = (0..size)
            .map(|i| 2.0 * own[i] + links.links(i).map(|(_, w)| w).sum::<f64>())
            .collect();
        let mut community: Vec<usize> = (0..size).collect();
        let mut community_degree = degree.clone();
        let mut moved_at_all = false;
        for _ in 0..MAX_ROUNDS {
            let mut moved_count = 0;
            let mut improvement = 0.0;
            for i in 0..size {
                let current = community[i];
                community_degree[current] -= degree[i];
                met.clear();
                for (j, w) in links.links(i) {
                    let c = community[j];
                    if weight_to[c] == 0.0 {
                        met.push(c);
                    }
                    weight_to[c] += w;
                }
                met.sort_unstable();
                let gain = |c: usize, w: f64| w - community_degree[c] * degree[i] / (2.0 * total);
                let mut best = current;
                let stay_gain = gain(current, weight_to[current]);
                let mut best_gain = stay_gain;
                for &c in &met {
                    let g = gain(c, weight_to[c]);
                    if g > best_gain + 1e-12 {
                        best = c;
                        best_gain = g;
                    }
                }
                for &c in &met {
                    weight_to[c] = 0.0;
                }
                community_degree[best] += degree[i];
                improvement += best_gain - stay_gain;
                if best != current {
                    community[i] = best;
                    moved_count += 1;
                    moved_at_all = true;
                }
            }
            // A pass that moves almost nothing, or raises modularity by almost nothing, ends
            // the level: the next level goes on from there at a fraction of the cost. On a
            // million entities the first level would otherwise take twenty passes of a third
            // of a second, with modularity 0.430 instead of 0.429.
            tracing::trace!(
                size,
                moved = moved_count,
                gain = improvement / total,
                "communities: one pass done"
            );
            if moved_count <= size / LOUVAIN_SETTLED || improvement / total < LOUVAIN_MIN_GAIN {
                break;
            }
        }
        if !moved_at_all {
            break;
        }
        // Aggregate: each community becomes one node of the next level, numbered in order of
        // first appearance.
        let mut renumber = vec![usize::MAX; size];
        let mut count = 0;
        for &c in &community {
            if renumber[c] == usize::MAX {
                renumber[c] = count;
                count += 1;
            }
        }
        let mut next_own = vec![0.0; count];
        let mut triples: Vec<(u32, u32, u32)> = Vec::new();
        for i in 0..size {
            let ci = renumber[community[i]];
            next_own[ci] += own[i];
            for (j, w) in links.weighted(i) {
                let cj = renumber[community[j as usize]];
                if ci == cj {
                    // Each inner link is seen from both ends; count it once.
                    next_own[ci] += f64::from(w) / 2.0;
                } else {
                    triples.push((ci as u32, cj as u32, w));
                }
            }
        }
        for m in &mut membership {
            *m = renumber[community[*m]];
        }
        own = next_own;
        level = Some(Adjacency::from_links(count, triples));
    }
    if tracing::enabled!(tracing::Level::TRACE) {
        tracing::trace!(
            modularity = modularity(adjacency, &membership),
            "communities: found"
        );
    }
    number_groups(&membership, name_rank)
}

/// The modularity of a division of the entities into communities: the share of links inside
/// communities, less the share expected if links were drawn at random with the same degrees.
fn modularity(adjacency: &Adjacency, membership: &[usize]) -> f64 {
    let groups = membership.iter().max().map_or(0, |&m| m + 1);
    let mut inside = vec![0.0f64; groups];
    let mut degree = vec![0.0f64; groups];
    let mut total = 0.0;
    for node in 0..adjacency.len() {
        for (other, weight) in adjacency.links(node) {
            total += weight;
            degree[membership[node]] += weight;
            if membership[other] == membership[node] {
                inside[membership[node]] += weight;
            }
        }
    }
    if total == 0.0 {
        return 0.0;
    }
    inside
        .iter()
        .zip(&degree)
        .map(|(inner, degree)| inner / total - (degree / total).powi(2))
        .sum()
}
