//! Search and autocompletion latency on the bundled data: `cargo bench --bench search`.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use regiograph::Dataset;
use regiograph::model::{EntityKind, NodeIndex};
use regiograph::search::Filters;

fn dataset() -> Dataset {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data");
    match Dataset::load(&dir) {
        Ok(data) => data,
        Err(error) => panic!("the bundled data must load:\n{error}"),
    }
}

fn search(c: &mut Criterion) {
    let data = dataset();
    let chihuahua = data.graph.find("region:chihuahua").map(NodeIndex::index);
    let mut group = c.benchmark_group("search");
    let cases = [
        ("one word", "Juarez"),
        ("typo", "Chihuahau"),
        ("three words", "marques de valdecilla"),
        ("syntax", "\"ciudad juarez\" -angeles kind:institution"),
        ("frequent word", "cantabria"),
    ];
    for (name, query) in cases {
        group.bench_function(name, |b| {
            b.iter(|| {
                data.search
                    .search(&data.graph, black_box(query), &Filters::default())
            })
        });
    }
    // The worst case the limits allow: 32 distinct long words, each matched with two typos.
    let worst: String = (0..32)
        .map(|i| format!("{}bcdefghijk{i}", char::from(b'a' + (i % 26) as u8)))
        .collect::<Vec<_>>()
        .join(" ");
    let accepted = data.search.search(&data.graph, &worst, &Filters::default());
    assert!(accepted.is_ok(), "the worst case must be within the limits");
    group.bench_function("32 long words (limit)", |b| {
        b.iter(|| {
            data.search
                .search(&data.graph, black_box(&worst), &Filters::default())
        })
    });
    let filters = Filters {
        kinds: vec![EntityKind::Institution],
        within: chihuahua.map(NodeIndex::new),
        ..Filters::default()
    };
    group.bench_function("filtered by kind and region", |b| {
        b.iter(|| {
            data.search
                .search(&data.graph, black_box("innovation centre"), &filters)
        })
    });
    group.finish();

    let mut group = c.benchmark_group("suggest");
    for prefix in ["c", "Canta", "T-H", "cuauh"] {
        group.bench_function(prefix, |b| {
            b.iter(|| data.search.suggest(black_box(prefix), &[], 10))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = search
}
criterion_main!(benches);
