//! The public endpoint under hostile or careless use: each rule sends the offending request
//! to a real server, checks the status and the body, then checks that a normal query still works.

use std::path::Path;
use std::time::Duration;

use regiograph::Dataset;
use regiograph::server::{AppState, ServerConfig};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use super::http::Running;

const QUERY: &str = r#"{"query":"{ entity(id: \"region:cantabria\") { name } }"}"#;
const RESPONSE_TYPE: &str = "application/graphql-response+json";

/// A server over the bundled data with some settings changed.
async fn start(config: ServerConfig) -> Running {
    let data = Dataset::load(&super::data_dir()).expect("the bundled data loads");
    Running::start_with(AppState::with_config(data, config, Vec::new())).await
}

/// POSTs a body with headers and returns status, content type and body text.
async fn post(
    server: &Running,
    body: impl Into<reqwest::Body>,
    headers: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let mut request = Client::new().post(server.url("/graphql")).body(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (
        status,
        content_type,
        response.text().await.unwrap_or_default(),
    )
}

/// Checks that a normal query still answers after whatever came before.
async fn still_serving(server: &Running) {
    let (status, _, body) = post(server, QUERY, &[("content-type", "application/json")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).ok(),
        Some(json!({ "data": { "entity": { "name": "Cantabria" } } }))
    );
}

/// Checks that an error body reveals nothing of the implementation.
fn clean(body: &str) {
    for leak in [
        "panicked",
        "src/",
        ".rs:",
        "RUST_BACKTRACE",
        "Some(",
        "Error {",
    ] {
        assert!(!body.contains(leak), "the body leaks {leak:?}: {body}");
    }
}

#[tokio::test]
async fn the_response_type_follows_accept_and_status_codes_follow_the_spec() {
    let server = Running::start().await;
    let json = [("content-type", "application/json")];
    let (status, content_type, _) = post(&server, QUERY, &json).await;
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::OK, "application/json; charset=utf-8")
    );

    let modern = [
        ("content-type", "application/json"),
        ("accept", RESPONSE_TYPE),
    ];
    let (status, content_type, _) = post(&server, QUERY, &modern).await;
    assert_eq!(
        (status, content_type.as_str()),
        (
            StatusCode::OK,
            "application/graphql-response+json; charset=utf-8"
        )
    );

    // A document that does not parse, or does not validate: 400 and no `data` under the new
    // type, 200 with errors under application/json.
    for document in [
        r#"{"query":"{ entity(id: "}"#,
        r#"{"query":"{ nosuchfield }"}"#,
    ] {
        let (status, _, body) = post(&server, document, &modern).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let answer: Value = serde_json::from_str(&body).expect("JSON");
        assert!(
            answer.get("data").is_none() && answer["errors"].is_array(),
            "{body}"
        );
        clean(&body);
        let (status, _, body) = post(&server, document, &json).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(serde_json::from_str::<Value>(&body).expect("JSON")["errors"].is_array());
    }
    // A field error is still a 200 with data under the new type.
    let (status, _, body) = post(
        &server,
        r#"{"query":"{ topics(first: 500) { totalCount } }"}"#,
        &modern,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, _, _) = post(
        &server,
        QUERY,
        &[
            ("content-type", "application/json"),
            ("accept", "text/html"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_ACCEPTABLE);
    still_serving(&server).await;
    server.shutdown().await;
}

#[tokio::test]
async fn wrong_methods_media_types_and_batches_are_refused() {
    let server = Running::start().await;
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin1",
    ] {
        let (status, _, body) = post(&server, QUERY, &[("content-type", content_type)]).await;
        assert_eq!(
            status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type}: {body}"
        );
    }
    let (status, _, _) = post(&server, QUERY, &[]).await;
    assert_eq!(
        status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "a POST without Content-Type"
    );

    let (status, _, body) = post(
        &server,
        format!("[{QUERY},{QUERY}]"),
        &[("content-type", "application/json")],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body.contains("batched requests are not supported"),
        "{body}"
    );

    for (body, message) in [
        ("{not json", "the body is not valid JSON"),
        (r#"{"query": 42}"#, "`query` must be a string"),
        (
            r#"{"query": "{ stats { entities } }", "variables": [1]}"#,
            "`variables` must be an object",
        ),
        (r#"{}"#, "the request has no `query`"),
    ] {
        let (status, _, text) = post(&server, body, &[("content-type", "application/json")]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(text.contains(message), "{body}: {text}");
        clean(&text);
    }

    let client = Client::new();
    let put = client
        .put(server.url("/graphql"))
        .body(QUERY)
        .send()
        .await
        .expect("answers");
    assert_eq!(put.status(), StatusCode::METHOD_NOT_ALLOWED);

    // Cross-site forms cannot reach GraphQL: a GET that claims a body type is refused too.
    let get = client
        .get(server.url("/graphql"))
        .query(&[("query", "{ stats { entities } }")])
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .expect("answers");
    assert_eq!(get.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let mutation = client
        .get(server.url("/graphql"))
        .query(&[("query", "mutation { x }")])
        .send()
        .await
        .expect("answers");
    assert_eq!(mutation.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        mutation
            .headers()
            .get("allow")
            .and_then(|v| v.to_str().ok()),
        Some("POST")
    );
    still_serving(&server).await;
    server.shutdown().await;
}

#[tokio::test]
async fn oversized_bodies_get_413_whatever_their_type() {
    let server = Running::start().await;
    let big = "x".repeat(1_000_000);
    for content_type in ["application/json", "text/plain", "application/octet-stream"] {
        let (status, _, _) = post(&server, big.clone(), &[("content-type", content_type)]).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{content_type}");
    }
    still_serving(&server).await;
    server.shutdown().await;
}

#[tokio::test]
async fn hostile_documents_are_refused_before_validation() {
    let server = Running::start().await;
    let json = [("content-type", "application/json")];
    // Fragments that each spread the next twice: 2^30 fields once expanded, in 2 KB.
    let explosive = super::fragment_bomb(30);
    let aliases: String = (0..150).map(|i| format!("a{i}: entities ")).collect();
    let duplicated = format!("{{ stats {{ {} }} }}", "entities ".repeat(5_000));
    let deep = format!("{}{}", "{ entity(id: \"x\") ".repeat(40), "}".repeat(40));
    let nested_braces = format!("{}{}", "{".repeat(20_000), "}".repeat(20_000));
    let roots: String = (0..50)
        .map(|i| format!("s{i}: stats {{ entities }} "))
        .collect();
    let cases = [
        (explosive, "fields once fragments are expanded"),
        (format!("{{ stats {{ {aliases} }} }}"), "aliases"),
        (duplicated, "fields once fragments are expanded"),
        (deep, "deep"),
        (nested_braces, "nests selections"),
        (format!("{{ {roots} }}"), "root fields"),
        (
            "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }".to_owned(),
            "spreads itself",
        ),
    ];
    for (document, message) in cases {
        let body = json!({ "query": document }).to_string();
        let (status, _, text) = post(&server, body, &json).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        let answer: Value = serde_json::from_str(&text).expect("JSON");
        let error = &answer["errors"][0];
        assert!(
            error["message"]
                .as_str()
                .unwrap_or_default()
                .contains(message),
            "expected {message:?}: {text}"
        );
        clean(&text);
    }
    still_serving(&server).await;
    server.shutdown().await;
}

#[tokio::test]
async fn field_suggestions_follow_the_introspection_setting() {
    let typo = r#"{"query":"{ entiti(id: \"x\") { id } }"}"#;
    let json = [("content-type", "application/json")];
    let open = Running::start().await;
    let (_, _, body) = post(&open, typo, &json).await;
    assert!(body.contains("Did you mean"), "{body}");
    open.shutdown().await;

    let closed = start(ServerConfig {
        introspection: false,
        ..ServerConfig::default()
    })
    .await;
    let (_, _, body) = post(&closed, typo, &json).await;
    assert!(
        !body.contains("Did you mean") && body.contains("entiti"),
        "{body}"
    );
    let (_, _, body) = post(
        &closed,
        r#"{"query":"{ __schema { types { name } } }"}"#,
        &json,
    )
    .await;
    // async-graphql answers introspection with null when it is off.
    assert_eq!(
        serde_json::from_str::<Value>(&body).ok(),
        Some(json!({ "data": { "__schema": null } }))
    );
    still_serving(&closed).await;
    closed.shutdown().await;
}

/// Opens a POST whose body never finishes, holding one in-flight slot on the server.
async fn hold_a_slot(server: &Running) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let mut stream = tokio::net::TcpStream::connect(server.address)
        .await
        .expect("connects");
    let head = format!(
        "POST /graphql HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{{\"query\":",
        server.address
    );
    stream.write_all(head.as_bytes()).await.expect("writes");
    stream
}

#[tokio::test]
async fn load_is_shed_with_503_and_slow_requests_meet_a_deadline() {
    use tokio::io::AsyncReadExt;
    let server = start(ServerConfig {
        max_in_flight: 1,
        request_timeout: Duration::from_secs(1),
        ..ServerConfig::default()
    })
    .await;
    let mut held = hold_a_slot(&server).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, _, body) = post(&server, QUERY, &[("content-type", "application/json")]).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("the server is busy"), "{body}");
    let health = Client::new()
        .get(server.url("/health"))
        .send()
        .await
        .expect("answers");
    assert_eq!(
        health.status(),
        StatusCode::OK,
        "health answers while GraphQL is saturated"
    );

    // The held request never completes its body: the deadline answers it with 503.
    let mut reply = vec![0u8; 512];
    let read = tokio::time::timeout(Duration::from_secs(10), held.read(&mut reply)).await;
    let read = read
        .expect("an answer within the deadline")
        .expect("a readable socket");
    let reply = String::from_utf8_lossy(&reply[..read]);
    assert!(reply.starts_with("HTTP/1.1 503"), "{reply}");
    still_serving(&server).await;
    server.shutdown().await;
}

#[tokio::test]
async fn cors_allows_configured_origins_without_credentials() {
    let server = start(ServerConfig {
        cors_origins: vec!["https://dash.example".to_owned()],
        ..ServerConfig::default()
    })
    .await;
    let client = Client::new();
    let preflight = |origin: &'static str| {
        client
            .request(reqwest::Method::OPTIONS, server.url("/graphql"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let allowed = preflight("https://dash.example").await.expect("answers");
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(
        header(&allowed, "access-control-allow-origin").as_deref(),
        Some("https://dash.example")
    );
    assert!(
        header(&allowed, "access-control-allow-methods")
            .is_some_and(|m| m.contains("POST") && m.contains("GET"))
    );
    assert_eq!(header(&allowed, "access-control-allow-credentials"), None);
    let refused = preflight("https://evil.example").await.expect("answers");
    assert_eq!(header(&refused, "access-control-allow-origin"), None);
    // The answer depends on the origin, so caches must key it by the origin.
    assert!(header(&allowed, "vary").is_some_and(|v| v.contains("origin")));
    still_serving(&server).await;
    server.shutdown().await;
}

#[tokio::test]
async fn with_every_origin_allowed_answers_do_not_vary_by_origin() {
    let server = Running::start().await;
    let client = Client::new();
    for origin in [None, Some("https://dash.example")] {
        let mut request = client
            .post(server.url("/graphql"))
            .header("content-type", "application/json")
            .body(r#"{"query":"{ stats { entities } }"}"#);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        let answer = request.send().await.expect("answers");
        assert_eq!(answer.status(), StatusCode::OK);
        assert_eq!(
            answer
                .headers()
                .get("access-control-allow-origin")
                .and_then(|v| v.to_str().ok()),
            Some("*")
        );
        assert!(
            answer.headers().get("vary").is_none(),
            "{:?}",
            answer.headers()
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn get_answers_carry_an_etag_that_if_none_match_honours() {
    let server = Running::start().await;
    let client = Client::new();
    let url = server.url("/graphql");
    let query = [("query", "{ stats { entities } }")];
    let first = client
        .get(&url)
        .query(&query)
        .send()
        .await
        .expect("answers");
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("an ETag")
        .to_owned();
    let version = super::state().data().version.clone();
    assert_eq!(etag, format!("\"{version}\""));
    let again = client
        .get(&url)
        .query(&query)
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("answers");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let other = client
        .get(&url)
        .query(&query)
        .header("if-none-match", "\"stale\"")
        .send()
        .await
        .expect("answers");
    assert_eq!(other.status(), StatusCode::OK);
    still_serving(&server).await;
    server.shutdown().await;
}

#[tokio::test]
async fn persisted_queries_let_clients_send_a_hash() {
    use sha2::Digest;
    let server = Running::start().await;
    let json = [("content-type", "application/json")];
    let query = "{ entity(id: \"region:mexico\") { name } }";
    let hash: String = sha2::Sha256::digest(query.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
    let by_hash = json!({ "extensions": extensions }).to_string();
    let (_, _, body) = post(&server, by_hash.clone(), &json).await;
    assert!(body.contains("PersistedQueryNotFound"), "{body}");
    let register = json!({ "query": query, "extensions": extensions }).to_string();
    let (status, _, body) = post(&server, register, &json).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _, body) = post(&server, by_hash, &json).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_str::<Value>(&body).ok(),
        Some(json!({ "data": { "entity": { "name": "Mexico" } } }))
    );
    server.shutdown().await;
}

#[tokio::test]
async fn metrics_readiness_and_request_ids_are_exposed() {
    let server = Running::start().await;
    still_serving(&server).await;
    let _ = post(
        &server,
        "x".repeat(100_000),
        &[("content-type", "text/plain")],
    )
    .await;
    let client = Client::new();
    let response = client
        .get(server.url("/metrics"))
        .send()
        .await
        .expect("answers");
    assert!(response.headers().get("x-request-id").is_some());
    let text = response.text().await.expect("text");
    for metric in [
        "regiograph_http_requests_total{route=\"/graphql\",method=\"POST\",status=\"200\"}",
        "regiograph_http_request_duration_seconds_bucket",
        "regiograph_graphql_operations_total{operation=\"anonymous\",outcome=\"ok\"}",
        "regiograph_rejected_requests_total{reason=\"body_too_large\"}",
        "regiograph_graph_entities",
        "regiograph_data_version{version=",
        "regiograph_reloads_total",
    ] {
        assert!(text.contains(metric), "{metric} missing from\n{text}");
    }
    server.shutdown().await;
}

/// Copies the bundled data into a fresh directory.
fn copy_data(into: &Path) {
    for entry in std::fs::read_dir(super::data_dir())
        .expect("the data directory")
        .flatten()
    {
        std::fs::copy(entry.path(), into.join(entry.file_name())).expect("copied");
    }
}

#[tokio::test]
async fn reload_under_load_loses_no_request_and_refuses_bad_data() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    copy_data(dir.path());
    let config = ServerConfig {
        admin_token: Some("s3cret".to_owned()),
        ..ServerConfig::default()
    };
    let data = Dataset::load(dir.path()).expect("the copy loads");
    let old_version = data.version.clone();
    let server = Running::start_with(AppState::with_config(
        data,
        config,
        vec![dir.path().to_owned()],
    ))
    .await;
    let url = server.url("/graphql");

    let load = |url: String| {
        tokio::spawn(async move {
            let client = Client::new();
            let mut failures = Vec::new();
            for _ in 0..150 {
                let response = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(QUERY)
                    .send()
                    .await;
                match response {
                    Ok(r) if r.status() == StatusCode::OK => {}
                    Ok(r) => failures.push(r.status().to_string()),
                    Err(e) => failures.push(e.to_string()),
                }
            }
            failures
        })
    };
    let workers: Vec<_> = (0..4).map(|_| load(url.clone())).collect();

    let added = "[[topic]]\nid = \"topic:hot-reload\"\nname = \"Hot reload\"\nsources = [\"source:iuc-case-study-2019\"]\n";
    std::fs::write(dir.path().join("zz-added.toml"), added).expect("writable");
    let client = Client::new();
    let denied = client
        .post(server.url("/admin/reload"))
        .bearer_auth("wrong")
        .send()
        .await
        .expect("answers");
    assert_eq!(denied.status(), StatusCode::UNAUTHORIZED);
    let reloaded = client
        .post(server.url("/admin/reload"))
        .bearer_auth("s3cret")
        .send()
        .await
        .expect("answers");
    assert_eq!(reloaded.status(), StatusCode::OK);
    let reloaded: Value = reloaded.json().await.expect("JSON");
    assert_eq!(reloaded["previousVersion"], old_version.as_str());
    let new_version = reloaded["version"].as_str().expect("a version").to_owned();
    assert_ne!(new_version, old_version);

    for worker in workers {
        let failures = worker.await.expect("the worker finishes");
        assert!(
            failures.is_empty(),
            "requests failed during the reload: {failures:?}"
        );
    }
    let (_, _, body) = post(
        &server,
        r#"{"query":"{ entity(id: \"topic:hot-reload\") { name } }"}"#,
        &[("content-type", "application/json")],
    )
    .await;
    assert!(
        body.contains("Hot reload"),
        "the new data is visible: {body}"
    );

    // Broken data is refused with its report; the previous data keeps serving.
    std::fs::write(
        dir.path().join("zz-added.toml"),
        "[[topic]]\nid = \"topic:broken\"\n",
    )
    .expect("writable");
    let refused = client
        .post(server.url("/admin/reload"))
        .bearer_auth("s3cret")
        .send()
        .await
        .expect("answers");
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused: Value = refused.json().await.expect("JSON");
    assert!(
        refused["problems"]
            .as_str()
            .is_some_and(|p| p.contains("zz-added.toml:1")),
        "{refused}"
    );
    assert_eq!(refused["version"], new_version.as_str());
    let (_, _, body) = post(
        &server,
        r#"{"query":"{ entity(id: \"topic:hot-reload\") { name } }"}"#,
        &[("content-type", "application/json")],
    )
    .await;
    assert!(body.contains("Hot reload"), "{body}");
    let metrics = client
        .get(server.url("/metrics"))
        .send()
        .await
        .expect("answers")
        .text()
        .await
        .expect("text");
    assert!(
        metrics.contains("regiograph_reloads_total 1")
            && metrics.contains("regiograph_reload_failures_total 1"),
        "{metrics}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn the_admin_endpoint_does_not_exist_without_a_token() {
    let server = Running::start().await;
    let response = Client::new()
        .post(server.url("/admin/reload"))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    server.shutdown().await;
}

#[tokio::test]
async fn list_fields_are_costed_by_their_page_size() {
    // 100 entities x 100 relations x 100 relations of each far end: far over the limit,
    // although the document itself is short.
    let expensive = r#"{ entities(first: 100) { nodes { relations(first: 100) { nodes {
        to { relations(first: 100) { nodes { id } } } } } } } }"#;
    super::check_error(expensive, "the operation could return about").await;
    // A dashboard's usual two-level query stays within it.
    let usual = r#"{ entities(first: 100) { nodes { id name relations(first: 20) { nodes { type to { id } } } } } }"#;
    let answer = super::data(usual).await;
    assert_eq!(
        answer["entities"]["nodes"].as_array().map(Vec::len),
        Some(100)
    );
}

#[tokio::test]
async fn a_persisted_query_is_guarded_like_any_other() {
    use sha2::Digest;
    // A fragment bomb sent with its hash, then by hash alone: the text is remembered under its
    // hash, but both times it goes through the guard and is refused, quickly.
    let bomb = super::fragment_bomb(30);
    let hash: String = sha2::Sha256::digest(bomb.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
    let started = std::time::Instant::now();
    let answer = super::query_with_extensions(&bomb, extensions.clone()).await;
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "QUERY_TOO_LARGE",
        "{answer}"
    );
    let answer = super::query_with_extensions("", extensions).await;
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "QUERY_TOO_LARGE",
        "{answer}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    // A wrong hash is refused.
    let wrong = json!({ "persistedQuery": { "version": 1, "sha256Hash": "00" } });
    let answer = super::query_with_extensions("{ stats { entities } }", wrong).await;
    assert_eq!(
        answer["errors"][0]["message"],
        "provided sha does not match query"
    );
}

#[tokio::test]
async fn a_remembered_document_is_sized_again_for_new_variables() {
    // The same text is kept after its first answer; the page sizes come from the variables, so
    // a request that makes it far larger is still refused, and a small one still answered.
    let text = "query($n: Int) { entities(first: $n) { nodes { relations(first: $n) { nodes { to { relations(first: $n) { nodes { id } } } } } } } }";
    let small = super::query_with(text, json!({ "n": 3 })).await;
    assert_eq!(
        small["data"]["entities"]["nodes"].as_array().map(Vec::len),
        Some(3),
        "{small}"
    );
    let again = super::query_with(text, json!({ "n": 3 })).await;
    assert_eq!(again, small);
    let large = super::query_with(text, json!({ "n": 100 })).await;
    assert_eq!(
        large["errors"][0]["extensions"]["code"], "QUERY_TOO_LARGE",
        "{large}"
    );
    let small_again = super::query_with(text, json!({ "n": 3 })).await;
    assert_eq!(small_again, small);
    // Left out, the variables give each list its default page size: this text, answered
    // with small pages, is sized again without them and refused.
    let deep = "query($n: Int) { entities(first: $n) { nodes { relations(first: $n) { nodes { to { \
        relations(first: $n) { nodes { to { relations(first: $n) { nodes { to { id name } } } } } } } } } } } }";
    let shallow = super::query_with(deep, json!({ "n": 2 })).await;
    assert!(shallow.get("errors").is_none(), "{shallow}");
    let defaults = super::query_with(deep, json!({})).await;
    assert_eq!(
        defaults["errors"][0]["extensions"]["code"], "QUERY_TOO_LARGE",
        "{defaults}"
    );
}

#[tokio::test]
async fn a_validated_document_answers_new_variables_as_a_new_document_would() {
    // A text is validated once; later requests with other variables skip validation when
    // their values surely fit the declared types. Whatever the variables, the answer must be
    // the one a document never seen before gets (the same text with a comment, so another
    // cache key), errors included.
    let text = "query($id: ID!, $kind: EntityKind, $n: Int, $asOf: PartialDate) { \
        entity(id: $id) { id name } entities(kind: $kind, first: $n, asOf: $asOf) { totalCount nodes { id } } }";
    let warm = super::query_with(text, json!({ "id": "region:cantabria", "n": 2 })).await;
    assert_eq!(warm["data"]["entity"]["id"], "region:cantabria", "{warm}");
    let cases = [
        json!({ "id": "region:spain", "kind": "REGION", "n": 3 }),
        json!({ "id": "region:atlantis" }),
        json!({ "id": null }),
        json!({ "id": 5 }),
        json!({ "id": { "a": 1 } }),
        json!({ "id": ["region:spain"] }),
        json!({ "n": 2 }),
        json!({ "id": "region:spain", "n": "two" }),
        json!({ "id": "region:spain", "n": 1.5 }),
        json!({ "id": "region:spain", "n": 3_000_000_000u64 }),
        json!({ "id": "region:spain", "kind": "TOWN" }),
        json!({ "id": "region:spain", "kind": ["REGION"] }),
        json!({ "id": "region:spain", "asOf": "2020-02" }),
        json!({ "id": "region:spain", "asOf": "yesterday" }),
        json!({ "id": "region:spain", "unused": { "x": [1, null] } }),
    ];
    for (i, variables) in cases.into_iter().enumerate() {
        let known = super::query_with(text, variables.clone()).await;
        let fresh = super::query_with(&format!("{text} # case {i}"), variables.clone()).await;
        assert_eq!(known, fresh, "variables {variables}");
    }
}
