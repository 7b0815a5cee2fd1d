//! Brandes' betweenness: how many shortest paths between two other entities pass through each
//! one, exact on small graphs and estimated from a few sources on large ones.

use std::collections::VecDeque;

use super::adjacency::Adjacency;

/// Entities above this count get an estimated betweenness.
pub const EXACT_BETWEENNESS_LIMIT: usize = 20_000;

/// How many sources the betweenness estimate runs from.
pub const BETWEENNESS_PIVOTS: usize = 8;

/// Brandes' betweenness on the undirected simple graph, normalised by the number of pairs of
/// other entities, `(n - 1)(n - 2) / 2`. Above [`EXACT_BETWEENNESS_LIMIT`] entities it runs
/// from [`BETWEENNESS_PIVOTS`] evenly spread sources and scales up (Brandes and Pich's
/// estimate), which keeps a million entities to seconds.
pub(super) fn betweenness(adjacency: &Adjacency) -> Vec<f64> {
    let n = adjacency.len();
    let mut score = vec![0.0; n];
    let mut stack: Vec<u32> = Vec::with_capacity(n);
    let mut paths = vec![0.0f64; n];
    let mut distance = vec![u32::MAX; n];
    let mut dependency = vec![0.0f64; n];
    let mut queue = VecDeque::new();
    let sources: Vec<usize> = if n <= EXACT_BETWEENNESS_LIMIT {
        (0..n).collect()
    } else {
        (0..BETWEENNESS_PIVOTS)
            .map(|k| k * n / BETWEENNESS_PIVOTS)
            .collect()
    };
    let scale = n as f64 / sources.len().max(1) as f64;
    for &source in &sources {
        // Only what the last search reached needs resetting.
        for &v in &stack {
            let v = v as usize;
            paths[v] = 0.0;
            distance[v] = u32::MAX;
            dependency[v] = 0.0;
        }
        stack.clear();
        paths[source] = 1.0;
        distance[source] = 0;
        queue.push_back(source as u32);
        while let Some(v) = queue.pop_front() {
            stack.push(v);
            let v = v as usize;
            for &w in adjacency.neighbours(v) {
                let w = w as usize;
                if distance[w] == u32::MAX {
                    distance[w] = distance[v] + 1;
                    queue.push_back(w as u32);
                }
                if distance[w] == distance[v] + 1 {
                    paths[w] += paths[v];
                }
            }
        }
        // Back from the farthest: a predecessor of w is a neighbour one step nearer.
        for &w in stack.iter().rev() {
            let w = w as usize;
            if w == source {
                continue;
            }
            let nearer = distance[w] - 1;
            for &v in adjacency.neighbours(w) {
                let v = v as usize;
                if distance[v] == nearer {
                    dependency[v] += paths[v] / paths[w] * (1.0 + dependency[w]);
                }
            }
            score[w] += dependency[w];
        }
    }
    // Every pair was counted from both ends; then scale by the number of pairs.
    let pairs = if n > 2 {
        ((n - 1) * (n - 2)) as f64
    } else {
        1.0
    };
    score.iter().map(|s| s * scale / pairs).collect()
}
