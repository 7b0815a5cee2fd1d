//! Unit tests of the traversals on the bundled data.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;

use super::*;
use crate::model::Graph;

fn bundled() -> Graph {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data");
    match crate::load::load_dir(&dir) {
        Ok(graph) => graph,
        Err(error) => panic!("the bundled data must load: {error}"),
    }
}

/// Plain breadth-first distances from one entity, relations taken both ways.
fn bfs_distances(graph: &Graph, from: NodeIndex) -> HashMap<NodeIndex, usize> {
    let mut distance = HashMap::from([(from, 0)]);
    let mut queue = VecDeque::from([from]);
    while let Some(node) = queue.pop_front() {
        let d = distance[&node];
        for (next, _) in graph.neighbours(node) {
            distance.entry(next).or_insert_with(|| {
                queue.push_back(next);
                d + 1
            });
        }
    }
    distance
}

/// Checks that a path is a real chain: each relation links the entities on either side.
fn assert_chain(graph: &Graph, path: &Path, from: NodeIndex, to: NodeIndex) {
    assert_eq!(path.entities.first(), Some(&from));
    assert_eq!(path.entities.last(), Some(&to));
    assert_eq!(path.entities.len(), path.relations.len() + 1);
    for (step, &edge) in path.relations.iter().enumerate() {
        let view = graph.relation(edge);
        let ends = [view.from, view.to];
        assert!(ends.contains(&path.entities[step]) && ends.contains(&path.entities[step + 1]));
    }
}

#[test]
fn bidirectional_search_matches_plain_bfs_for_every_pair() {
    let graph = bundled();
    let all: Vec<NodeIndex> = graph.entity_indices().collect();
    let filter = Filter::default();
    for &from in &all {
        let distances = bfs_distances(&graph, from);
        for &to in &all {
            let found = shortest_path(&graph, from, to, usize::MAX, &filter);
            match distances.get(&to) {
                Some(&d) => {
                    let path = found.unwrap_or_else(|| panic!("no path for a reachable pair"));
                    assert_eq!(path.len(), d);
                    assert_chain(&graph, &path, from, to);
                }
                None => assert!(found.is_none()),
            }
        }
    }
}

#[test]
fn k_shortest_paths_are_distinct_sorted_chains() {
    let graph = bundled();
    let from = graph.find("person:paz-diaz-nieto").expect("in the data");
    let to = graph.find("region:chihuahua").expect("in the data");
    let paths = k_shortest_paths(&graph, from, to, 10, 6, &Filter::default());
    assert_eq!(paths.len(), 10);
    for pair in paths.windows(2) {
        assert!(pair[0].len() <= pair[1].len());
        assert_ne!(pair[0].entities, pair[1].entities);
    }
    for path in &paths {
        assert_chain(&graph, path, from, to);
        let mut unique = path.entities.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            path.entities.len(),
            "a path repeats an entity"
        );
    }
    assert_eq!(
        paths[0].len(),
        shortest_path(&graph, from, to, 6, &Filter::default()).map_or(0, |p| p.len())
    );
}

#[test]
fn metrics_are_consistent() {
    let graph = bundled();
    let metrics = Metrics::compute(&graph);
    let total: f64 = graph
        .entity_indices()
        .map(|i| metrics.centrality(i).page_rank)
        .sum();
    assert!((total - 1.0).abs() < 1e-9, "PageRank sums to {total}");
    let sizes: usize = metrics.components().iter().map(Vec::len).sum();
    assert_eq!(sizes, graph.entity_count());
    let sizes: usize = metrics.communities().iter().map(Vec::len).sum();
    assert_eq!(sizes, graph.entity_count());
    for i in graph.entity_indices() {
        let b = metrics.centrality(i).betweenness;
        assert!((0.0..=1.0).contains(&b));
        // An entity with one neighbour lies on no shortest path between two others.
        let mut neighbours: Vec<_> = graph.neighbours(i).map(|(n, _)| n).collect();
        neighbours.sort();
        neighbours.dedup();
        if neighbours.len() == 1 {
            assert_eq!(b, 0.0);
        }
    }
}
