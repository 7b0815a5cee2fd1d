//! How regiograph scales: load and index time, memory, and query latency on generated data of
//! 10k, 100k and 1M entities (about five relations each).
//!
//! `scripts/bench-scale.sh` runs this once per size, each in its own process so that peak
//! memory is that size's own, then draws the plot. By hand:
//!
//! ```text
//! REGIOGRAPH_BENCH_SIZES=100000 cargo bench --bench scale
//! ```
//!
//! For each size it generates the data once (kept in `target/bench-data/`), loads it, records
//! the load phases and memory, then measures each operation two ways: criterion's mean over a
//! rotating set of inputs, and its own percentiles over many single calls with different
//! inputs (criterion reports no p99). Results are appended to `target/scale/results.jsonl`.
//! Under `cargo test --benches` (criterion's test mode) it runs every step once on a small
//! graph, so that CI keeps the bench compiling and working.

use std::hint::black_box;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use regiograph::analytics::{self, Filter, Measure};
use regiograph::generate::{self, GenerateOptions};
use regiograph::model::NodeIndex;
use regiograph::progress::Silent;
use regiograph::server::{AppState, ServerConfig, app};
use regiograph::{Dataset, LoadTimings};
use serde_json::json;
use tower::ServiceExt;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Whether criterion runs in its quick test mode (`cargo test --benches`).
fn quick() -> bool {
    !std::env::args().any(|a| a == "--bench")
}

/// Whether an operation's percentiles are measured: all, or those whose names contain one of
/// the comma-separated words of `REGIOGRAPH_BENCH_OPS`.
fn measured(operation: &str) -> bool {
    std::env::var("REGIOGRAPH_BENCH_OPS").map_or(true, |ops| {
        ops.split(',').any(|op| operation.contains(op.trim()))
    })
}

fn sizes() -> Vec<usize> {
    let default = if quick() {
        "2000"
    } else {
        "10000,100000,1000000"
    };
    std::env::var("REGIOGRAPH_BENCH_SIZES")
        .unwrap_or_else(|_| default.to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// A figure from /proc/self/status, in MiB (Linux only; 0 elsewhere).
fn status_mib(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn dataset(entities: usize) -> (Dataset, LoadTimings) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    // Another density than five relations per entity separates the memory of relations from
    // that of entities (scripts/bench-scale.sh does this at 100k).
    let per_entity: f64 = std::env::var("REGIOGRAPH_BENCH_RELATIONS_PER_ENTITY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5.0);
    let dir = if per_entity == 5.0 {
        root.join(format!("{entities}-seed1"))
    } else {
        root.join(format!("{entities}-seed1-{per_entity}-per-entity"))
    };
    if !dir.join("relations.jsonl").exists() {
        let options = GenerateOptions {
            entities,
            seed: 1,
            relations_per_entity: per_entity,
        };
        if let Err(error) = generate::generate(options, &dir, &Silent) {
            panic!("cannot generate {}: {error}", dir.display());
        }
    }
    match Dataset::load_with_progress(&dir, &Silent) {
        Ok(loaded) => loaded,
        Err(error) => panic!("generated data must load: {error}"),
    }
}

/// p50, p99 and max in microseconds of `samples` calls, each with the next input.
fn percentiles<I>(inputs: &[I], samples: usize, mut call: impl FnMut(&I)) -> serde_json::Value {
    let mut times: Vec<Duration> = Vec::with_capacity(samples);
    for i in 0..samples {
        let input = &inputs[i % inputs.len()];
        let started = Instant::now();
        call(input);
        times.push(started.elapsed());
    }
    times.sort_unstable();
    let at = |q: f64| {
        let index = ((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1;
        times[index].as_secs_f64() * 1e6
    };
    json!({ "p50_us": at(0.50), "p99_us": at(0.99), "max_us": at(1.0), "samples": samples })
}

/// A criterion bench of `call` that takes the next of `inputs` at each iteration.
fn rotating<I>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    inputs: &[I],
    call: impl Fn(&I),
) {
    let mut next = 0usize;
    group.bench_function(name, |b| {
        b.iter(|| {
            next += 1;
            call(&inputs[next % inputs.len()])
        })
    });
}

fn scale(c: &mut Criterion) {
    let samples = if quick() { 5 } else { 2_000 };
    let mut results = Vec::new();
    for entities in sizes() {
        let rss_before = status_mib("VmRSS");
        let (data, timings) = dataset(entities);
        let graph = &data.graph;
        let (rss, peak) = (status_mib("VmRSS"), status_mib("VmHWM"));
        let n = graph.entity_count();
        let mut rng = ChaCha8Rng::seed_from_u64(42);
        // One distinct input per sample (two entities per path), so that a percentile is not
        // decided by a handful of inputs measured again and again.
        let nodes: Vec<NodeIndex> = (0..(samples * 2).max(256))
            .map(|_| NodeIndex::new(rng.random_range(0..n)))
            .collect();
        let pairs: Vec<(NodeIndex, NodeIndex)> =
            nodes.chunks(2).map(|pair| (pair[0], pair[1])).collect();
        // Search and suggest inputs: words and prefixes of real names.
        let words: Vec<String> = nodes
            .iter()
            .filter_map(|&i| {
                let name = &graph.entity(i).name;
                let words: Vec<&str> = name.split_whitespace().filter(|w| w.len() > 3).collect();
                words.choose(&mut rng).map(|w| w.to_lowercase())
            })
            .collect();
        let prefixes: Vec<String> = words.iter().map(|w| w.chars().take(3).collect()).collect();
        let all = Filter::default();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        // The response cache is off: each request is executed, which is what is measured.
        let state = AppState::with_config(
            data,
            ServerConfig {
                response_cache_bytes: 0,
                ..ServerConfig::default()
            },
            Vec::new(),
        );
        let shared = state.data();
        let entity_query = |&node: &NodeIndex| {
            let id = shared.graph.entity(node).id.clone();
            let body = json!({
                "query": "query($id: ID!) { entity(id: $id) { id name kind relations(first: 10) { edges { node { type to { name } } } } } }",
                "variables": { "id": id },
            });
            let request = Request::post("/graphql")
                .header("content-type", "application/json")
                .body(Body::from(body.to_string()))
                .expect("a request");
            let router = app(state.clone());
            let status =
                runtime.block_on(async move { router.oneshot(request).await.map(|r| r.status()) });
            assert!(status.is_ok_and(|s| s.is_success()));
        };
        let search = |word: &String| {
            let filters = regiograph::search::Filters::default();
            black_box(shared.search.search(&shared.graph, word, &filters).ok());
        };
        let suggest = |prefix: &String| {
            black_box(shared.search.suggest(prefix, &[], 10).ok());
        };
        let neighbourhood = |&node: &NodeIndex| {
            black_box(analytics::neighborhood(&shared.graph, node, 2, 200, &all));
        };
        let path = |&(from, to): &(NodeIndex, NodeIndex)| {
            black_box(analytics::shortest_path(&shared.graph, from, to, 10, &all));
        };
        let ranking = |kind: &Option<regiograph::model::EntityKind>| {
            let top: Vec<NodeIndex> = shared
                .metrics
                .ranking(*kind, Measure::PageRank)
                .iter()
                .copied()
                .take(10)
                .collect();
            black_box(top);
        };
        let kinds: Vec<Option<regiograph::model::EntityKind>> = std::iter::once(None)
            .chain(regiograph::model::EntityKind::ALL.iter().copied().map(Some))
            .collect();

        let mut group = c.benchmark_group(format!("scale/{n}"));
        if !quick() {
            group
                .sample_size(30)
                .measurement_time(Duration::from_secs(3));
        }
        rotating(&mut group, "search", &words, search);
        rotating(&mut group, "suggest", &prefixes, suggest);
        rotating(&mut group, "entity via GraphQL", &nodes, entity_query);
        rotating(&mut group, "neighbourhood depth 2", &nodes, neighbourhood);
        rotating(&mut group, "shortest path", &pairs, path);
        rotating(&mut group, "centrality ranking top 10", &kinds, ranking);
        group.finish();

        let result = json!({
            "entities": n,
            "relations": shared.graph.relation_count(),
            "load_s": timings.load.as_secs_f64(),
            "search_index_s": timings.search_index.as_secs_f64(),
            "metrics_s": timings.metrics.as_secs_f64(),
            "ready_s": timings.total.as_secs_f64(),
            "rss_mib": rss,
            "rss_before_mib": rss_before,
            "peak_rss_mib": peak,
            "bytes_per_entity_and_its_relations": (rss - rss_before) * 1024.0 * 1024.0 / n as f64,
            "latency": {
                "search": measured("search").then(|| percentiles(&words, samples, search)),
                "suggest": measured("suggest").then(|| percentiles(&prefixes, samples, suggest)),
                "entity via GraphQL": measured("entity").then(|| percentiles(&nodes, samples, entity_query)),
                "neighbourhood depth 2": measured("neighbourhood").then(|| percentiles(&nodes, samples, neighbourhood)),
                "shortest path": measured("path").then(|| percentiles(&pairs, samples, path)),
                "centrality ranking top 10": measured("ranking").then(|| percentiles(&kinds, samples, ranking)),
            },
        });
        eprintln!("{result}");
        results.push(result);
    }
    if quick() {
        return;
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/scale");
    std::fs::create_dir_all(&dir).expect("a writable target directory");
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("results.jsonl"))
        .expect("a writable results file");
    for result in results {
        writeln!(file, "{result}").expect("a writable results file");
    }
}

criterion_group!(benches, scale);
criterion_main!(benches);
