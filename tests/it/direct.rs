//! Answers written straight from the graph are the executor's answers, byte for byte.
//!
//! Each case is one query text sent two ways for many entities: as it is, so that from its
//! second request on it is answered directly, and with `@include(if: true)` on a field,
//! which asks for the same answer but which the direct writer does not know, so the
//! executor answers it every time. `/metrics` must show that the direct writer answered.

mod search;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use regiograph::Dataset;
use regiograph::model::NodeIndex;
use regiograph::server::{AppState, ServerConfig};
use serde_json::{Value, json};

use crate::{data_dir, metric, send_to};

/// Where a case's text takes the directive that sends it to the executor.
const MARK: &str = "@@";

/// Sends a query with variables; the body as text.
async fn ask(state: &AppState, query: &str, variables: &Value) -> String {
    let body = json!({ "query": query, "variables": variables }).to_string();
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .expect("a request");
    let (status, text) = send_to(state, request).await;
    assert_eq!(status, StatusCode::OK, "{query}\n{text}");
    text
}

/// The direct writer's count from `/metrics`.
async fn direct_answers(state: &AppState) -> u64 {
    metric(state, "regiograph_graphql_direct_answers_total").await as u64
}

/// Sends a case's text both ways with each set of variables and compares the answers; how
/// many the direct writer gave, and the variables of those it did not give.
async fn compare(state: &AppState, case: &str, variables: &[Value]) -> Compared {
    let executed = case.replacen(MARK, "@include(if: true)", 1);
    let direct = case.replacen(MARK, "", 1);
    assert_ne!(executed, direct, "a case marks where the directive goes");
    let mut compared = Compared::default();
    for variables in variables {
        let expected = ask(state, &executed, variables).await;
        let before = direct_answers(state).await;
        let answered = ask(state, &direct, variables).await;
        assert_eq!(answered, expected, "{direct}\nvariables: {variables}");
        if direct_answers(state).await > before {
            compared.direct += 1;
        } else {
            compared.executed.push(variables.clone());
        }
    }
    compared
}

/// What [`compare`] found.
#[derive(Default, Debug)]
struct Compared {
    /// How many answers the direct writer gave.
    direct: usize,
    /// The variables of the answers the executor gave.
    executed: Vec<Value>,
}

/// A fresh state over the bundled data (so the counts are this test's), without the
/// response cache (so that every request is answered anew), and a sample of its entities:
/// every seventh one and the twenty with the most relations.
fn setup() -> (AppState, Vec<String>) {
    let data = Dataset::load(&data_dir()).expect("the bundled data loads");
    let state = uncached(data);
    let data = state.data();
    let graph = &data.graph;
    let mut picked: Vec<NodeIndex> = graph.entity_indices().step_by(7).collect();
    let mut by_degree: Vec<NodeIndex> = graph.entity_indices().collect();
    by_degree.sort_by_key(|&i| std::cmp::Reverse(graph.degree(i)));
    picked.extend(by_degree.into_iter().take(20));
    picked.sort();
    picked.dedup();
    let ids = picked
        .into_iter()
        .map(|i| graph.entity(i).id.clone())
        .collect();
    (state, ids)
}

/// A fresh state over a dataset, without the response cache.
fn uncached(data: Dataset) -> AppState {
    let config = ServerConfig {
        response_cache_bytes: 0,
        ..ServerConfig::default()
    };
    AppState::with_config(data, config, Vec::new())
}

fn with_ids(ids: &[String], more: Value) -> Vec<Value> {
    ids.iter()
        .map(|id| {
            let mut variables = json!({ "id": id });
            if let (Some(all), Some(extra)) = (variables.as_object_mut(), more.as_object()) {
                all.extend(extra.clone());
            }
            variables
        })
        .collect()
}

#[tokio::test]
async fn entities_and_their_relations_answer_as_the_executor_does() {
    let (state, ids) = setup();
    assert!(ids.len() > 100, "a sample of {} entities", ids.len());
    let fields = "__typename id name kind description aliases website";
    let relation =
        "__typename type role start end description from { id name } to { __typename id kind }";
    let cases = [
        format!("query ($id: ID!) {{ entity(id: $id) {MARK} {{ {fields} }} }}"),
        format!(
            "query Two($id: ID!) {{ __typename e: entity(id: $id) {MARK} {{ name \
             out: relations(direction: OUT, first: 10) {{ totalCount \
               pageInfo {{ __typename hasPreviousPage hasNextPage startCursor endCursor }} \
               edges {{ __typename cursor node {{ {relation} next: to {{ name \
                 in: relations(direction: IN, first: 3) {{ nodes {{ type from {{ name }} }} }} }} }} }} }} \
             in: relations(direction: IN) {{ __typename totalCount nodes {{ {relation} }} }} }} }}"
        ),
    ];
    for case in &cases {
        let compared = compare(&state, case, &with_ids(&ids, json!({}))).await;
        // The first request of a text is validated, and so executed.
        assert_eq!(compared.direct, ids.len() - 1, "{case}\n{compared:?}");
    }
}

#[tokio::test]
async fn pages_with_variables_and_types_answer_as_the_executor_does() {
    let (state, ids) = setup();
    let case = format!(
        "query ($id: ID!, $type: RelationType, $direction: Direction = BOTH, $first: Int, \
         $after: String) {{ entity(id: $id) {MARK} {{ relations(type: $type, \
         direction: $direction, first: $first, after: $after) {{ totalCount \
         pageInfo {{ hasPreviousPage hasNextPage startCursor endCursor }} \
         edges {{ cursor node {{ type from {{ id }} to {{ id }} }} }} }} }} }}"
    );
    // A cursor as the API writes it: the end of a first page of one.
    let first_page = ask(
        &state,
        "query ($id: ID!) { entity(id: $id) { relations(first: 1) { pageInfo { endCursor } } } }",
        &json!({ "id": ids[0] }),
    )
    .await;
    let first_page: Value = serde_json::from_str(&first_page).expect("JSON");
    let cursor = first_page["data"]["entity"]["relations"]["pageInfo"]["endCursor"].clone();
    assert!(cursor.is_string(), "{first_page}");
    let mut variables = Vec::new();
    let types = [
        Value::Null,
        json!("PARTNER_IN"),
        json!("LOCATED_IN"),
        json!("FOCUSES_ON"),
    ];
    for (n, id) in ids.iter().enumerate() {
        let direction = ["OUT", "IN", "BOTH"][n % 3];
        let after = if n % 2 == 0 {
            cursor.clone()
        } else {
            Value::Null
        };
        let mut these = json!({
            "id": id,
            "type": types[n % types.len()],
            "direction": direction,
            "first": 1 + n % 7,
            "after": after,
        });
        // Most clients leave out what they do not set. Explicit nulls are validated with
        // their values every time, so they are sent for a few entities only.
        if n > 20
            && let Some(all) = these.as_object_mut()
        {
            all.retain(|_, value| !value.is_null());
        }
        variables.push(these);
    }
    // Left out: the declared default and the field's own defaults apply.
    variables.push(json!({ "id": ids[1] }));
    let compared = compare(&state, &case, &variables).await;
    // The first request goes to the executor, and so do those with explicit nulls (validated
    // with their values): exactly those.
    let has_null = |these: &Value| {
        these
            .as_object()
            .is_some_and(|f| f.values().any(Value::is_null))
    };
    // The first request without nulls is the one whose validation serves all the others.
    let first_sure = variables.iter().position(|these| !has_null(these));
    let expected: Vec<Value> = variables
        .iter()
        .enumerate()
        .filter(|(n, these)| Some(*n) == first_sure || has_null(these))
        .map(|(_, these)| these.clone())
        .collect();
    assert_eq!(compared.executed, expected, "{} direct", compared.direct);
}

#[tokio::test]
async fn rankings_answer_as_the_executor_does() {
    let (state, _) = setup();
    let case = format!(
        "query ($by: CentralityMeasure!, $kind: EntityKind, $first: Int!) {{ \
         ranking(by: $by, kind: $kind, first: $first) {MARK} {{ __typename rank score \
         entity {{ __typename id name kind }} }} }}"
    );
    let mut variables = Vec::new();
    for by in ["DEGREE", "BETWEENNESS", "PAGE_RANK"] {
        for kind in [
            Value::Null,
            json!("REGION"),
            json!("INSTITUTION"),
            json!("PERSON"),
        ] {
            for first in [1, 10, 100] {
                let mut these = json!({ "by": by, "kind": kind, "first": first });
                if let Some(all) = these.as_object_mut() {
                    all.retain(|_, value| !value.is_null());
                }
                variables.push(these);
            }
        }
    }
    let compared = compare(&state, &case, &variables).await;
    assert_eq!(compared.direct, variables.len() - 1, "{compared:?}");
    // The defaults, written in the document.
    let literal = format!("{{ ranking {MARK} {{ rank score entity {{ name }} }} }}");
    let compared = compare(&state, &literal, &[json!({}), json!({})]).await;
    assert_eq!(compared.direct, 1, "{compared:?}");
}

/// The variables of a path between each entity and another of the sample, with each length.
fn pairs(ids: &[String], lengths: &[i64]) -> Vec<Value> {
    let mut pairs = Vec::new();
    for (k, a) in ids.iter().enumerate() {
        let b = &ids[(k * 7 + 3) % ids.len()];
        for &length in lengths {
            pairs.push(json!({ "a": a, "b": b, "max": length }));
        }
    }
    pairs
}

#[tokio::test]
async fn paths_answer_as_the_executor_does() {
    let (state, ids) = setup();
    let case = format!(
        "query ($a: ID!, $b: ID!, $max: Int!) {{ path(from: $a, to: $b, maxLength: $max) {MARK} \
         {{ __typename length entities {{ id name kind }} \
         relations {{ type role start from {{ id }} to {{ name }} }} }} }}"
    );
    let variables = pairs(&ids, &[1, 3, 10]);
    let compared = compare(&state, &case, &variables).await;
    assert_eq!(compared.direct, variables.len() - 1, "{compared:?}");
    // The sample holds pairs with a path and pairs without one (which answer null).
    let data = state.data();
    let filter = regiograph::analytics::Filter::default();
    let found = |v: &Value| {
        let end = |name: &str| data.graph.find(v[name].as_str().unwrap_or_default());
        let max = v["max"].as_u64().unwrap_or_default() as usize;
        match (end("a"), end("b")) {
            (Some(a), Some(b)) => {
                regiograph::analytics::shortest_path(&data.graph, a, b, max, &filter).is_some()
            }
            _ => false,
        }
    };
    assert!(variables.iter().any(found), "some pairs have a path");
    assert!(!variables.iter().all(found), "some pairs have none");
    // The default length, written in the document; an entity to itself.
    let literal = format!(
        "query ($a: ID!, $b: ID!) {{ path(from: $a, to: $b) {MARK} {{ entities {{ id }} }} }}"
    );
    let these = [
        json!({ "a": ids[0], "b": ids[1] }),
        json!({ "a": ids[2], "b": ids[3] }),
        json!({ "a": ids[4], "b": ids[4] }),
    ];
    let compared = compare(&state, &literal, &these).await;
    assert_eq!(compared.direct, 2, "{compared:?}");
    // Errors are the executor's: an unknown end, a length out of range.
    let bad = [
        json!({ "a": ids[0], "b": "region:nowhere", "max": 3 }),
        json!({ "a": "nothing", "b": ids[0], "max": 3 }),
        json!({ "a": ids[0], "b": ids[1], "max": 0 }),
        json!({ "a": ids[0], "b": ids[1], "max": 11 }),
    ];
    assert_eq!(compare(&state, &case, &bad).await.direct, 0);
    // A filter argument is not the writer's.
    let filtered = format!(
        "query ($a: ID!, $b: ID!) {{ path(from: $a, to: $b, kinds: [REGION]) {MARK} \
         {{ length }} }}"
    );
    let compared = compare(&state, &filtered, &these).await;
    assert_eq!(compared.direct, 0, "{compared:?}");
}

#[tokio::test]
async fn what_would_be_an_error_or_is_unknown_is_left_to_the_executor() {
    let (state, ids) = setup();
    // The directive goes after the fields that fail, so that the errors' locations are
    // the same in both texts.
    let page = format!(
        "query ($id: ID!, $first: Int, $after: String) {{ entity(id: $id) {{ \
         relations(first: $first, after: $after) {{ totalCount {MARK} }} }} }}"
    );
    let bad = [
        json!({ "id": ids[0], "first": 0 }),
        json!({ "id": ids[0], "first": 101 }),
        json!({ "id": ids[0], "after": "not a cursor" }),
    ];
    // Warm the text up with a good request, so that the bad ones find it known.
    compare(&state, &page, &[json!({ "id": ids[0], "first": 5 })]).await;
    assert_eq!(compare(&state, &page, &bad).await.direct, 0);
    let ranking = format!("query ($first: Int!) {{ ranking(first: $first) {{ rank {MARK} }} }}");
    compare(&state, &ranking, &[json!({ "first": 3 })]).await;
    let bad = [json!({ "first": 0 }), json!({ "first": 1000 })];
    assert_eq!(compare(&state, &ranking, &bad).await.direct, 0);
    // An id that names nothing answers null, directly.
    let one = format!("query ($id: ID!) {{ entity(id: $id) {MARK} {{ name }} }}");
    let unknown = [
        json!({ "id": "region:nowhere" }),
        json!({ "id": "nothing" }),
    ];
    assert_eq!(compare(&state, &one, &unknown).await.direct, 1);
    // A field the writer does not know sends the whole document to the executor.
    let sources =
        format!("query ($id: ID!) {{ entity(id: $id) {MARK} {{ name sources {{ title }} }} }}");
    let compared = compare(&state, &sources, &with_ids(&ids[..5], json!({}))).await;
    assert_eq!(compared.direct, 0);
}

#[tokio::test]
async fn work_for_the_blocking_pool_is_written_there() {
    // Generated data, whose hubs have more relations than are read where a request is
    // asked for (the bundled data has none), so that typed pages of them go to the pool.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data = crate::generated(dir.path());
    let mut hubs: Vec<NodeIndex> = data.graph.entity_indices().collect();
    hubs.sort_by_key(|&i| std::cmp::Reverse(data.graph.degree(i)));
    hubs.truncate(5);
    assert!(data.graph.degree(hubs[4]) > regiograph::cpu::INLINE_STEPS);
    let ids: Vec<String> = hubs
        .iter()
        .map(|&i| data.graph.entity(i).id.clone())
        .collect();
    let state = uncached(data);
    let case = format!(
        "query ($id: ID!, $type: RelationType) {{ entity(id: $id) {MARK} {{ \
         relations(type: $type, first: 5) {{ totalCount nodes {{ type to {{ id }} }} }} }} }}"
    );
    let untyped = with_ids(&ids, json!({}));
    let compared = compare(&state, &case, &untyped).await;
    assert_eq!(compared.direct, ids.len() - 1, "{compared:?}");
    // A typed page reads every relation of a hub, on the pool.
    let typed: Vec<Value> = ["PARTNER_IN", "LOCATED_IN", "FOCUSES_ON"]
        .into_iter()
        .flat_map(|t| with_ids(&ids, json!({ "type": t })))
        .collect();
    let compared = compare(&state, &case, &typed).await;
    assert_eq!(compared.direct, typed.len(), "{compared:?}");
    // Paths between entities of every size. (None of this graph's searches reads more than
    // `cpu::INLINE_PATH_READS` relations; the unit tests of `api::direct` send one to the
    // pool with a smaller budget.)
    let data = state.data();
    let graph = &data.graph;
    let mut sample: Vec<NodeIndex> = graph.entity_indices().step_by(211).collect();
    sample.extend(&hubs);
    let ends: Vec<String> = sample.iter().map(|&i| graph.entity(i).id.clone()).collect();
    let variables = pairs(&ends, &[3, 10]);
    let case = format!(
        "query ($a: ID!, $b: ID!, $max: Int!) {{ path(from: $a, to: $b, maxLength: $max) {MARK} \
         {{ length entities {{ id }} relations {{ type }} }} }}"
    );
    let compared = compare(&state, &case, &variables).await;
    assert_eq!(compared.direct, variables.len() - 1, "{compared:?}");
}
