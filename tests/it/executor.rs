//! Work that grows with the graph waits for the blocking pool instead of holding the async
//! executor: on a server with one executor thread and every core of the pool held, each heavy
//! query waits for a core, `/health` and small queries are still answered, and once the
//! pool is free every heavy query gives the answer the library computes.
//!
//! The proof is an ordering, not a time budget: a heavy query that ran on the executor would
//! answer while the pool is held, and the test fails when one does.

use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use regiograph::Dataset;
use regiograph::analytics::{self, Filter, Period};
use regiograph::model::{Direction, EntityKind, NodeIndex, RelationType};
use regiograph::server::AppState;
use serde_json::{Value, json};

use super::http::Running;

/// Set in the process that runs the test proper.
const ALONE: &str = "REGIOGRAPH_EXECUTOR_TEST_ALONE";

/// This test's name as libtest knows it.
const NAME: &str = "executor::heavy_queries_wait_for_the_pool_while_health_answers";

/// The pool's permits are shared by the whole process, and the other tests of this crate run
/// alongside and use them too; so the test runs again, alone, in a process of its own.
#[test]
fn heavy_queries_wait_for_the_pool_while_health_answers() {
    if std::env::var_os(ALONE).is_some() {
        heavy_queries_wait_for_the_pool();
        return;
    }
    let output = Command::new(std::env::current_exe().expect("the test binary's path"))
        .args([NAME, "--exact", "--test-threads=1", "--nocapture"])
        .env(ALONE, "1")
        .output()
        .expect("the test binary runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{said}");
    assert!(
        said.contains("1 passed"),
        "the test did not run alone:\n{said}"
    );
}

/// One heavy query: what it asks and the answer the library gives.
struct Heavy {
    name: &'static str,
    query: String,
    expected: Value,
}

/// The entity of a kind with the most relations.
fn hub(data: &Dataset, kind: EntityKind) -> NodeIndex {
    let graph = &data.graph;
    let hub = graph
        .entities_of_kind(kind)
        .iter()
        .copied()
        .max_by_key(|&i| graph.degree(i))
        .expect("every kind is generated");
    assert!(
        graph.degree(hub) > regiograph::cpu::INLINE_STEPS,
        "the busiest {kind:?} has only {} relations",
        graph.degree(hub)
    );
    hub
}

/// The heavy queries, one resolver each, with the answers computed through the library.
fn heavy_queries(data: &Dataset) -> Vec<Heavy> {
    let graph = &data.graph;
    let id = |i: NodeIndex| graph.entity(i).id.clone();
    let topic = hub(data, EntityKind::Topic);
    let institution = hub(data, EntityKind::Institution);
    let other = graph
        .entities_of_kind(EntityKind::Institution)
        .iter()
        .copied()
        .filter(|&i| i != institution)
        .max_by_key(|&i| graph.degree(i))
        .expect("two institutions");
    // The largest region the busiest institution lies in.
    let mut country = graph
        .parent_region(institution)
        .expect("a located institution");
    while let Some(parent) = graph.parent_region(country) {
        country = parent;
    }
    let institutions = graph.entities_of_kind(EntityKind::Institution);
    assert!(institutions.len() > regiograph::cpu::INLINE_STEPS);
    let inside = institutions
        .iter()
        .filter(|&&i| graph.is_within(i, country))
        .count();
    let mut on_topic = graph.linked(topic, Direction::Incoming, RelationType::FocusesOn);
    on_topic.sort();
    on_topic.dedup();
    let projects_on_topic = on_topic
        .iter()
        .filter(|&&i| graph.entity(i).kind() == EntityKind::Project)
        .count();
    let suggestions = analytics::suggest_partners(graph, institution, None, 10);
    let shared = analytics::connections(graph, institution, other, &Filter::default()).shared;
    let as_of = Filter {
        period: Some(Period::at("2015".parse().expect("a date"))),
        ..Default::default()
    };
    let present = graph
        .entity_indices()
        .filter(|&i| as_of.allows_entity(graph, i, true))
        .count();
    // The paged lists of a hub read all its relations, as the unpaged ones do.
    let programme = hub(data, EntityKind::Programme);
    // Events run under programmes too; `projectsPage` lists the projects.
    let mut under_programme: Vec<NodeIndex> = graph
        .linked(programme, Direction::Incoming, RelationType::UnderProgramme)
        .into_iter()
        .filter(|&i| graph.entity(i).kind() == EntityKind::Project)
        .collect();
    under_programme.sort();
    under_programme.dedup();
    let partnerships = graph
        .relations_of(
            institution,
            Direction::Outgoing,
            Some(RelationType::PartnerIn),
        )
        .len();
    let programme = id(programme);
    let (topic, institution, other, country) = (id(topic), id(institution), id(other), id(country));
    vec![
        Heavy {
            name: "suggestPartners",
            query: format!(
                r#"{{ suggestPartners(id: "{institution}") {{ institution {{ id }} }} }}"#
            ),
            expected: json!({ "suggestPartners": suggestions.iter().map(|s| json!({ "institution": { "id": graph.entity(s.institution).id } })).collect::<Vec<_>>() }),
        },
        Heavy {
            name: "projects(topic:)",
            query: format!(r#"{{ projects(topic: "{topic}") {{ totalCount }} }}"#),
            expected: json!({ "projects": { "totalCount": projects_on_topic } }),
        },
        Heavy {
            name: "institutions(in:)",
            query: format!(r#"{{ institutions(in: "{country}") {{ totalCount }} }}"#),
            expected: json!({ "institutions": { "totalCount": inside } }),
        },
        Heavy {
            name: "Region.institutions(recursive: true)",
            query: format!(
                r#"{{ entity(id: "{country}") {{ ... on Region {{ institutions(recursive: true) {{ totalCount }} }} }} }}"#
            ),
            expected: json!({ "entity": { "institutions": { "totalCount": inside } } }),
        },
        Heavy {
            name: "Topic.entities",
            query: format!(
                r#"{{ entity(id: "{topic}") {{ ... on Topic {{ entities {{ totalCount }} }} }} }}"#
            ),
            expected: json!({ "entity": { "entities": { "totalCount": on_topic.len() } } }),
        },
        Heavy {
            name: "Programme.projectsPage",
            query: format!(
                r#"{{ entity(id: "{programme}") {{ ... on Programme {{ projectsPage {{ totalCount }} }} }} }}"#
            ),
            expected: json!({ "entity": { "projectsPage": { "totalCount": under_programme.len() } } }),
        },
        Heavy {
            name: "Institution.partnershipsPage",
            query: format!(
                r#"{{ entity(id: "{institution}") {{ ... on Institution {{ partnershipsPage {{ totalCount }} }} }} }}"#
            ),
            expected: json!({ "entity": { "partnershipsPage": { "totalCount": partnerships } } }),
        },
        Heavy {
            name: "connections",
            query: format!(
                r#"{{ connections(a: "{institution}", b: "{other}") {{ truncated shared {{ count }} }} }}"#
            ),
            expected: json!({ "connections": {
                "truncated": shared.len() > 100,
                "shared": group_counts(data, &shared),
            } }),
        },
        Heavy {
            name: "entities(asOf:)",
            query: r#"{ entities(asOf: "2015") { totalCount } }"#.to_owned(),
            expected: json!({ "entities": { "totalCount": present } }),
        },
        Heavy {
            name: "events",
            query: "{ events { totalCount } }".to_owned(),
            expected: json!({ "events": { "totalCount": graph.entities_of_kind(EntityKind::Event).len() } }),
        },
    ]
}

/// The number of shared neighbours of each kind, in the order `connections` groups them.
fn group_counts(data: &Dataset, shared: &[analytics::Shared]) -> Vec<Value> {
    let mut groups: Vec<(EntityKind, usize)> = Vec::new();
    for item in shared {
        let kind = data.graph.entity(item.entity).kind();
        match groups.last_mut() {
            Some((last, count)) if *last == kind => *count += 1,
            _ => groups.push((kind, 1)),
        }
    }
    groups
        .into_iter()
        .map(|(_, count)| json!({ "count": count }))
        .collect()
}

/// Posts a query and returns its `data`, or the whole answer when it has errors.
async fn ask(client: &reqwest::Client, url: &str, query: &str) -> Value {
    let answer: Value = client
        .post(url)
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("the server answers")
        .json()
        .await
        .expect("a JSON answer");
    match answer.get("errors") {
        Some(_) => answer,
        None => answer["data"].clone(),
    }
}

fn heavy_queries_wait_for_the_pool() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data = crate::generated(dir.path());
    let heavy = heavy_queries(&data);
    let (entities, stats_id) = (
        data.graph.entity_count(),
        data.graph.entity(NodeIndex::new(0)).id.clone(),
    );

    // The server: one executor thread, as `serve --worker-threads 1` runs it.
    let server_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let server = server_runtime.block_on(Running::start_with(AppState::new(data)));
    let client_runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");

    // Hold every core of the pool until the end of the test.
    let (started, all_started) = mpsc::channel();
    let mut releases = Vec::new();
    for _ in 0..regiograph::cpu::cores() {
        let (release, released) = mpsc::channel::<()>();
        let started = started.clone();
        releases.push(release);
        server_runtime.spawn(regiograph::cpu::run(move || {
            let _ = started.send(());
            let _ = released.recv();
        }));
    }
    for _ in 0..regiograph::cpu::cores() {
        all_started
            .recv_timeout(Duration::from_secs(60))
            .expect("the pool takes the holding work");
    }
    assert_eq!(regiograph::cpu::waiting(), 0);

    let url = server.url("/graphql");
    let client = reqwest::Client::new();
    let in_flight: Vec<_> = heavy
        .iter()
        .map(|h| {
            let (client, url, query) = (client.clone(), url.clone(), h.query.clone());
            client_runtime.spawn(async move { ask(&client, &url, &query).await })
        })
        .collect();

    // Each heavy query must come to wait for a core; one that answers first ran its work on
    // the executor. (The time limit only turns a hang into a failure.)
    let since = Instant::now();
    client_runtime.block_on(async {
        while regiograph::cpu::waiting() < heavy.len() {
            for (query, task) in heavy.iter().zip(&in_flight) {
                assert!(
                    !task.is_finished(),
                    "{} answered while every core of the pool was held: its work ran on the executor",
                    query.name
                );
            }
            assert!(
                since.elapsed() < Duration::from_secs(120),
                "only {} of {} heavy queries came to wait for the pool",
                regiograph::cpu::waiting(),
                heavy.len()
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });
    assert_eq!(regiograph::cpu::waiting(), heavy.len());
    // /metrics answers meanwhile and shows the queue.
    let metrics = client_runtime.block_on(async {
        client
            .get(server.url("/metrics"))
            .send()
            .await
            .expect("/metrics answers while the pool is held")
            .text()
            .await
            .expect("a body")
    });
    let waiting = format!("regiograph_cpu_waiting {}", heavy.len());
    assert!(
        metrics.lines().any(|line| line == waiting),
        "{waiting} missing from\n{metrics}"
    );

    // Everything heavy is in flight: health and small queries answer on the one executor thread.
    client_runtime.block_on(async {
        let health = client
            .get(server.url("/health"))
            .send()
            .await
            .expect("/health answers");
        assert!(health.status().is_success(), "{}", health.status());
        let small = ask(
            &client,
            &url,
            &format!(r#"{{ stats {{ entities }} entity(id: "{stats_id}") {{ id }} }}"#),
        )
        .await;
        assert_eq!(
            small,
            json!({ "stats": { "entities": entities }, "entity": { "id": stats_id } })
        );
    });
    for (query, task) in heavy.iter().zip(&in_flight) {
        assert!(
            !task.is_finished(),
            "{} did not wait for the pool",
            query.name
        );
    }

    // Free the pool: every heavy query now answers, with the library's answer.
    drop(releases);
    for (query, task) in heavy.iter().zip(in_flight) {
        let answer = client_runtime
            .block_on(task)
            .expect("the query task does not panic");
        assert_eq!(answer, query.expected, "{}", query.name);
    }
    server_runtime.block_on(server.shutdown());
}
