//! Benchmarks of the network analysis on the bundled data: shortest path, k shortest paths,
//! neighbourhood, centrality at load, and a whole-graph export.
//!
//! Run with `cargo bench --bench analytics`; figures go in BENCHMARKS.md.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use regiograph::analytics::{self, Filter, Metrics, Period, Subgraph};
use regiograph::export::{self, Format};
use regiograph::load;
use regiograph::model::Graph;

fn bundled() -> Graph {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data");
    match load::load_dir(&dir) {
        Ok(graph) => graph,
        Err(error) => panic!("the bundled data must load: {error}"),
    }
}

fn benches(c: &mut Criterion) {
    let graph = bundled();
    let find = |id: &str| {
        graph
            .find(id)
            .unwrap_or_else(|| panic!("{id} is in the data"))
    };
    let (paz, chihuahua) = (find("person:paz-diaz-nieto"), find("region:chihuahua"));
    let (cimav, ernact) = (find("institution:cimav"), find("institution:ernact"));
    let cantabria = find("region:cantabria");
    let all = Filter::default();
    let in_2019 = Filter {
        period: Some(Period::at("2019".parse().expect("a date"))),
        ..Filter::default()
    };

    c.bench_function("shortest_path/paz-diaz-nieto->chihuahua", |b| {
        b.iter(|| analytics::shortest_path(&graph, black_box(paz), chihuahua, 6, &all))
    });
    c.bench_function("shortest_path/cimav->ernact", |b| {
        b.iter(|| analytics::shortest_path(&graph, black_box(cimav), ernact, 10, &all))
    });
    c.bench_function("k_shortest_paths/k=10/cimav->ernact", |b| {
        b.iter(|| analytics::k_shortest_paths(&graph, black_box(cimav), ernact, 10, 10, &all))
    });
    c.bench_function("neighborhood/cantabria/depth=3/limit=100", |b| {
        b.iter(|| analytics::neighborhood(&graph, black_box(cantabria), 3, 100, &all))
    });
    c.bench_function("neighborhood/cantabria/depth=3/asOf=2019", |b| {
        b.iter(|| analytics::neighborhood(&graph, black_box(cantabria), 3, 100, &in_2019))
    });
    c.bench_function(
        "metrics/compute (degree, betweenness, pagerank, components, communities)",
        |b| b.iter(|| Metrics::compute(black_box(&graph))),
    );
    let metrics = Metrics::compute(&graph);
    let whole = Subgraph::whole(&graph, &all);
    c.bench_function("export/graphml/whole graph", |b| {
        b.iter(|| export::to_bytes(Format::GraphMl, &graph, &metrics, black_box(&whole)))
    });
}

criterion_group!(analytics_benches, benches);
criterion_main!(analytics_benches);
