//! The response cache: a repeated request on the same data is answered from it, byte for
//! byte; other variables, answers with errors and a reload are not; `/metrics` counts it.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use regiograph::Dataset;
use regiograph::server::{AppState, ServerConfig, app};
use serde_json::json;
use tower::ServiceExt;

use crate::{metric, root};

/// Sends a request through the router; the status, the headers and the body.
async fn answer(state: &AppState, request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let response = app(state.clone())
        .oneshot(request)
        .await
        .expect("an answer");
    let (status, headers) = (response.status(), response.headers().clone());
    let body = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// Sends a request through the router; the status, the `x-data-version` header and the body.
async fn send(state: &AppState, request: Request<Body>) -> (StatusCode, String, String) {
    let (status, headers, body) = answer(state, request).await;
    let version = headers
        .get("x-data-version")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, version, body)
}

async fn ask(state: &AppState, query: &str, variables: serde_json::Value) -> String {
    let body = json!({ "query": query, "variables": variables }).to_string();
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .expect("a request");
    let (status, _, body) = send(state, request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// The cache's hits and misses so far.
async fn counts(state: &AppState) -> (f64, f64) {
    (
        metric(state, "regiograph_response_cache_hits_total").await,
        metric(state, "regiograph_response_cache_misses_total").await,
    )
}

#[tokio::test]
async fn repeated_requests_on_the_same_data_are_answered_from_the_cache() {
    let dir = root().join("tests/fixtures/small");
    let data = Dataset::load(&dir).expect("the fixture loads");
    let state = AppState::with_config(data, ServerConfig::default(), vec![dir]);
    let query = "query One($id: ID!) { entity(id: $id) { id name } }";
    let land = json!({ "id": "region:land" });

    let first = ask(&state, query, land.clone()).await;
    assert!(first.contains("region:land"), "{first}");
    assert_eq!(counts(&state).await, (0.0, 1.0));
    assert_eq!(ask(&state, query, land.clone()).await, first);
    assert_eq!(counts(&state).await, (1.0, 1.0));

    // Other variables are another answer.
    let town = ask(&state, query, json!({ "id": "region:town" })).await;
    assert!(town.contains("region:town"), "{town}");
    assert_eq!(counts(&state).await, (1.0, 2.0));

    // An answer with an error is never kept.
    let unknown = "{ path(from: \"region:land\", to: \"region:nowhere\") { length } }";
    for _ in 0..2 {
        assert!(ask(&state, unknown, json!({})).await.contains("errors"));
    }
    assert_eq!(counts(&state).await, (1.0, 4.0));
    assert_eq!(
        metric(&state, "regiograph_response_cache_entries").await,
        2.0
    );
    assert!(metric(&state, "regiograph_response_cache_bytes").await > 0.0);

    // A reload empties it.
    state.reload().await.expect("the fixture reloads");
    assert_eq!(
        metric(&state, "regiograph_response_cache_entries").await,
        0.0
    );
    assert_eq!(ask(&state, query, land).await, first);
    assert_eq!(counts(&state).await, (1.0, 5.0));
}

#[tokio::test]
async fn a_cached_answer_keeps_its_headers_and_a_budget_of_zero_turns_the_cache_off() {
    let dir = root().join("tests/fixtures/small");
    let data = Dataset::load(&dir).expect("the fixture loads");
    let version = data.version.clone();
    let off = ServerConfig {
        response_cache_bytes: 0,
        ..ServerConfig::default()
    };
    let state = AppState::with_config(data, off, Vec::new());
    let get = || {
        Request::get("/graphql?query=%7Bstats%7Bentities%7D%7D")
            .body(Body::empty())
            .expect("a request")
    };
    let (status, answered, body) = send(&state, get()).await;
    assert_eq!(
        (status, answered.as_str()),
        (StatusCode::OK, version.as_str())
    );
    assert_eq!(send(&state, get()).await.2, body);
    assert_eq!(counts(&state).await, (0.0, 0.0));

    let data = Dataset::load(&root().join("tests/fixtures/small")).expect("the fixture loads");
    let on = AppState::new(data);
    let first = on_get(&on).await;
    assert_eq!(first.0, StatusCode::OK);
    assert_eq!(
        first.1[0],
        "application/graphql-response+json; charset=utf-8"
    );
    assert!(first.1[1].starts_with('"'), "an ETag: {:?}", first.1);
    assert_eq!(first.1[2], version);
    // The cached answer has the same status, media type, ETag, version and body.
    assert_eq!(on_get(&on).await, first);
    assert_eq!(counts(&on).await, (1.0, 1.0));
}

/// A GET of the counts: its status, content type, ETag, data version and body.
async fn on_get(state: &AppState) -> (StatusCode, [String; 3], String) {
    let request = Request::get("/graphql?query=%7Bstats%7Bentities%7D%7D")
        .header("accept", "application/graphql-response+json")
        .body(Body::empty())
        .expect("a request");
    let (status, headers, body) = answer(state, request).await;
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let named = [
        header("content-type"),
        header("etag"),
        header("x-data-version"),
    ];
    (status, named, body)
}
