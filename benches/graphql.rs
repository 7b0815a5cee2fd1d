//! The cost of a GraphQL request through the real router (parse, guard, validate, execute,
//! serialise), for normal queries and for hostile documents that must be refused quickly:
//! `cargo bench --bench graphql`.

use std::hint::black_box;
use std::path::PathBuf;

use axum::body::Body;
use axum::http::Request;
use criterion::{Criterion, criterion_group, criterion_main};
use regiograph::Dataset;
use regiograph::server::{AppState, ServerConfig, app};
use tower::ServiceExt;

fn state() -> AppState {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data");
    match Dataset::load(&dir) {
        // The response cache is off: each request is executed, which is what is measured.
        Ok(data) => AppState::with_config(
            data,
            ServerConfig {
                response_cache_bytes: 0,
                ..ServerConfig::default()
            },
            Vec::new(),
        ),
        Err(error) => panic!("the bundled data must load:\n{error}"),
    }
}

/// Documents built to make a server spend time before it answers.
fn hostile() -> Vec<(&'static str, String)> {
    let mut bomb = String::from("query { ...F0 }\n");
    for i in 0..30 {
        bomb.push_str(&format!(
            "fragment F{i} on Query {{ ...F{} ...F{} }}\n",
            i + 1,
            i + 1
        ));
    }
    bomb.push_str("fragment F30 on Query { stats { entities } }\n");
    let aliases: String = (0..3_000).map(|i| format!("a{i}: entities ")).collect();
    vec![
        ("fragment bomb (2^31 fields, 2 KB)", bomb),
        ("3000 aliases", format!("{{ stats {{ {aliases} }} }}")),
        (
            "5000 duplicated fields",
            format!("{{ stats {{ {} }} }}", "entities ".repeat(5_000)),
        ),
        (
            "20000 nested braces",
            format!("{}{}", "{".repeat(20_000), "}".repeat(20_000)),
        ),
    ]
}

fn requests(c: &mut Criterion) {
    let state = state();
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let send = |query: &str| {
        let body = serde_json::json!({ "query": query }).to_string();
        let request = Request::post("/graphql")
            .header("content-type", "application/json")
            .body(Body::from(body))
            .expect("a request");
        let router = app(state.clone());
        runtime.block_on(async move { router.oneshot(request).await.map(|r| r.status()) })
    };
    let mut group = c.benchmark_group("graphql");
    let normal = [
        (
            "one entity",
            r#"{ entity(id: "region:cantabria") { name } }"#,
        ),
        (
            "entity and two levels of neighbours",
            r#"{ entity(id: "region:cantabria") { name relations(first: 20) { nodes { to { name relations(first: 20) { nodes { to { name } } } } } } } }"#,
        ),
    ];
    for (name, query) in normal {
        group.bench_function(name, |b| b.iter(|| send(black_box(query))));
    }
    for (name, query) in hostile() {
        group.bench_function(format!("refuse {name}"), |b| {
            b.iter(|| send(black_box(&query)))
        });
    }
    group.finish();
}

criterion_group!(benches, requests);
criterion_main!(benches);
