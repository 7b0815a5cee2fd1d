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
fn bidirectional_search_matches_plain_bfs_for_many_pairs() {
    let graph = bundled();
    // Every pair of the curated entities (loaded first), and pairs spread over the reference
    // regions; every pair of seven thousand entities would take minutes.
    let all: Vec<NodeIndex> = graph.entity_indices().collect();
    let curated = all.iter().copied().filter(|&i| {
        let sources = &graph.entity(i).sources;
        sources
            .iter()
            .any(|&s| graph.source(s).kind != Some(crate::model::SourceKind::Dataset))
    });
    let curated: Vec<NodeIndex> = curated.collect();
    assert!(curated.len() > 100, "the curated entities are found");
    let spread = |step: usize| {
        let mut picked = curated.clone();
        picked.extend(all.iter().step_by(step).copied());
        picked
    };
    let filter = Filter::default();
    let targets = spread(17);
    for &from in &spread(97) {
        let distances = bfs_distances(&graph, from);
        for &to in &targets {
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

/// Every simple path (no entity twice) of at most `max` relations, as chains of entities.
fn all_simple_paths(
    graph: &Graph,
    from: NodeIndex,
    to: NodeIndex,
    max: usize,
) -> Vec<Vec<NodeIndex>> {
    fn walk(
        graph: &Graph,
        to: NodeIndex,
        max: usize,
        chain: &mut Vec<NodeIndex>,
        out: &mut Vec<Vec<NodeIndex>>,
    ) {
        let last = chain[chain.len() - 1];
        if last == to {
            out.push(chain.clone());
            return;
        }
        if chain.len() > max {
            return;
        }
        let mut next: Vec<NodeIndex> = graph.neighbours(last).map(|(n, _)| n).collect();
        next.sort();
        next.dedup();
        for n in next {
            if !chain.contains(&n) {
                chain.push(n);
                walk(graph, to, max, chain, out);
                chain.pop();
            }
        }
    }
    let mut out = Vec::new();
    walk(graph, to, max, &mut vec![from], &mut out);
    out
}

#[test]
fn k_shortest_paths_agree_with_brute_force_enumeration() {
    let graph = bundled();
    let pairs = [
        ("person:paz-diaz-nieto", "region:chihuahua"),
        ("region:cantabria", "institution:cimav"),
        ("institution:university-of-cantabria", "institution:ernact"),
        ("topic:tourism", "region:cuauhtemoc"),
    ];
    for (a, b) in pairs {
        let (from, to) = (
            graph.find(a).expect("in the data"),
            graph.find(b).expect("in the data"),
        );
        let max = 4;
        let mut every = all_simple_paths(&graph, from, to, max);
        every.sort_by_key(Vec::len);
        let found = k_shortest_paths(&graph, from, to, MAX_PATHS, max, &Filter::default());
        // The lengths are the k smallest of all simple paths, and every path is one of them.
        let expected: Vec<usize> = every.iter().take(MAX_PATHS).map(|p| p.len() - 1).collect();
        let actual: Vec<usize> = found.iter().map(Path::len).collect();
        assert_eq!(actual, expected, "{a} -> {b}");
        for path in &found {
            assert!(
                every.contains(&path.entities),
                "{a} -> {b}: not a simple path"
            );
            assert_chain(&graph, path, from, to);
        }
    }
}

#[test]
fn filters_restrict_paths_and_neighbourhoods() {
    let graph = bundled();
    let cimav = graph.find("institution:cimav").expect("in the data");
    let only_located = Filter {
        relation_types: Some(vec![crate::model::RelationType::LocatedIn]),
        ..Filter::default()
    };
    let hood = neighborhood(&graph, cimav, 3, 100, &only_located);
    for &edge in &hood.relations {
        assert_eq!(
            graph.relation(edge).relation.rel_type,
            crate::model::RelationType::LocatedIn
        );
    }
    // Kinds never exclude the ends of a path.
    let only_topics = Filter {
        kinds: Some(vec![EntityKind::Topic]),
        ..Filter::default()
    };
    let city = graph.find("region:chihuahua-city").expect("in the data");
    let direct = shortest_path(&graph, cimav, city, 3, &only_topics).expect("a direct link");
    assert_eq!(direct.len(), 1);
}

/// A small graph of topics linked by `collaborates_with`-like relations, for exact answers.
fn small_graph(names: &[&str], links: &[(usize, usize)]) -> (Graph, Vec<NodeIndex>) {
    use crate::model::{Entity, EntityDetails, Relation, RelationType};
    let mut graph = Graph::default();
    let nodes: Vec<NodeIndex> = names
        .iter()
        .map(|name| {
            graph.add_entity(Entity {
                id: format!("topic:{name}"),
                name: (*name).to_owned(),
                aliases: Vec::new(),
                description: None,
                website: None,
                sources: Vec::new().into(),
                inferred: Vec::new().into(),
                figures: Vec::new(),
                external_ids: Vec::new().into(),
                details: EntityDetails::Topic,
            })
        })
        .collect();
    for &(a, b) in links {
        graph.add_relation(
            nodes[a],
            nodes[b],
            Relation {
                rel_type: RelationType::CollaboratesWith,
                role: None,
                start: None,
                end: None,
                sources: Vec::new().into(),
                inferred: Default::default(),
                description: None,
                figures: Box::default(),
            },
        );
    }
    graph.finish();
    (graph, nodes)
}

#[test]
fn betweenness_and_communities_on_two_triangles_and_a_bridge() {
    // a, b, c form a triangle, d, e, f another, and c–d is the only bridge between them.
    let (graph, n) = small_graph(
        &["a", "b", "c", "d", "e", "f"],
        &[(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (4, 5), (3, 5)],
    );
    let metrics = Metrics::compute(&graph);
    // Of the (5 × 4) / 2 = 10 pairs of entities other than c, c lies on the only shortest path
    // of the 6 pairs a–d, a–e, a–f, b–d, b–e, b–f: 6 / 10. Likewise for d.
    assert!((metrics.centrality(n[2]).betweenness - 0.6).abs() < 1e-12);
    assert!((metrics.centrality(n[3]).betweenness - 0.6).abs() < 1e-12);
    assert_eq!(metrics.centrality(n[0]).betweenness, 0.0);
    assert_eq!(metrics.centrality(n[2]).degree, 3);
    // Modularity separates the two triangles; there is one component.
    assert_eq!(metrics.components().len(), 1);
    let communities: Vec<Vec<&str>> = metrics
        .communities()
        .iter()
        .map(|c| c.iter().map(|&i| graph.entity(i).name.as_str()).collect())
        .collect();
    assert_eq!(communities, [vec!["a", "b", "c"], vec!["d", "e", "f"]]);
    // Every entity has an outgoing relation except f, and PageRank sums to 1.
    let total: f64 = n.iter().map(|&i| metrics.centrality(i).page_rank).sum();
    assert!((total - 1.0).abs() < 1e-9);
}

#[test]
fn a_bounded_path_search_finds_the_same_path_or_says_it_ran_over() {
    // Within its budget the bounded search answers as the unbounded one does; past it, it
    // says so rather than answering "no path".
    let graph = bundled();
    let from = graph.find("institution:cimav").expect("in the data");
    let to = graph.find("region:cantabria").expect("in the data");
    let filter = Filter::default();
    let full = shortest_path(&graph, from, to, 10, &filter);
    assert!(full.is_some());
    let roomy = shortest_path_within(&graph, from, to, 10, &filter, usize::MAX / 2);
    assert_eq!(
        roomy.ok().flatten().map(|p| p.entities),
        full.map(|p| p.entities)
    );
    assert_eq!(
        shortest_path_within(&graph, from, to, 10, &filter, 1).map(|p| p.is_some()),
        Err(OverBudget)
    );
    // A search that ends before reading anything never runs over.
    assert_eq!(
        shortest_path_within(&graph, from, from, 10, &filter, 0).map(|p| p.map(|p| p.len())),
        Ok(Some(0))
    );
}
