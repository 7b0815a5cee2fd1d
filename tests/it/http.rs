//! The real server on a real socket: GraphQL over POST and GET, the playground, health,
//! bad requests, and a clean shutdown.

use std::net::SocketAddr;

use regiograph::server;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::oneshot;

/// A server running on a free local port until the handle is dropped or shut down.
pub struct Running {
    pub address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    pub async fn start() -> Self {
        Self::start_with(super::state()).await
    }

    pub async fn start_with(state: server::AppState) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let address = listener.local_addr().expect("a bound address");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server::serve(listener, state, async move {
            let _ = stopped.await;
        }));
        Running {
            address,
            stop: Some(stop),
            task,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let result = (&mut self.task)
            .await
            .expect("the server task does not panic");
        assert!(result.is_ok(), "the server stopped with {result:?}");
    }
}

async fn post(server: &Running, body: &str, content_type: &str) -> (StatusCode, String) {
    let response = reqwest::Client::new()
        .post(server.url("/graphql"))
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .expect("the server answers");
    (response.status(), response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn graphql_health_and_playground_over_a_socket() {
    let server = Running::start().await;
    let client = reqwest::Client::new();

    let health: Value = client
        .get(server.url("/health"))
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("JSON");
    assert_eq!(health["status"], "ok");
    let ready: Value = client
        .get(server.url("/ready"))
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("JSON");
    assert_eq!(ready["status"], "ready");
    assert!(ready["entities"].as_u64() > Some(100));
    assert_eq!(ready["version"].as_str().map(str::len), Some(16));

    let (status, body) = post(
        &server,
        r#"{"query":"{ entity(id: \"region:cantabria\") { name } }"}"#,
        "application/json",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_str::<Value>(&body).expect("JSON"),
        json!({ "data": { "entity": { "name": "Cantabria" } } })
    );

    let by_get = client
        .get(server.url("/graphql"))
        .query(&[("query", r#"{ entity(id: "region:mexico") { name } }"#)])
        .send()
        .await
        .expect("answers");
    assert_eq!(by_get.status(), StatusCode::OK);
    let by_get: Value = by_get.json().await.expect("JSON");
    assert_eq!(by_get["data"]["entity"]["name"], "Mexico");

    let page = client.get(server.url("/")).send().await.expect("answers");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("text");
    assert!(
        html.contains("GraphiQL") && html.contains("region:cantabria"),
        "the playground carries an example query"
    );

    let missing = client
        .get(server.url("/nowhere"))
        .send()
        .await
        .expect("answers");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    server.shutdown().await;
}

#[tokio::test]
async fn bad_requests_are_refused_and_the_server_keeps_serving() {
    let server = Running::start().await;
    for (body, content_type) in [
        ("{not json", "application/json"),
        (r#"{"query": 42}"#, "application/json"),
        ("", "application/json"),
    ] {
        let (status, text) = post(&server, body, content_type).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body:?} gave {text}");
        assert!(
            !text.contains("panicked") && !text.contains("src/"),
            "{text}"
        );
    }
    for query in [
        "{ entity(id: ",
        "{ nosuchfield }",
        "{ entity { id } }",
        "query { __typename } query { __typename }",
    ] {
        let body = json!({ "query": query }).to_string();
        let (status, text) = post(&server, &body, "application/json").await;
        let answer: Value = serde_json::from_str(&text).expect("a GraphQL answer");
        assert!(
            status.is_client_error() || answer["errors"].is_array(),
            "{query:?} gave {status} {text}"
        );
        assert!(!text.contains("panicked"), "{text}");
    }
    let (status, text) = post(
        &server,
        r#"{"query":"{ stats { entities } }"}"#,
        "application/json",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    server.shutdown().await;
}

#[tokio::test]
async fn shutdown_lets_the_server_stop_cleanly() {
    let server = Running::start().await;
    let address = server.address;
    server.shutdown().await;
    assert!(
        tokio::net::TcpStream::connect(address).await.is_err(),
        "the port is closed after shutdown"
    );
}

#[tokio::test]
async fn every_response_names_the_data_version_it_was_answered_from() {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;
    let state = crate::state();
    let version = state.data().version.clone();
    let requests = [
        Request::get("/health").body(Body::empty()),
        Request::get("/ready").body(Body::empty()),
        Request::get("/graphql?query=%7Bstats%7Bentities%7D%7D").body(Body::empty()),
        Request::post("/graphql")
            .header("content-type", "application/json")
            .body(Body::from(r#"{"query":"{ nope }"}"#)),
        Request::get("/export/json?center=region:cantabria&depth=1").body(Body::empty()),
        Request::get("/no/such/page").body(Body::empty()),
    ];
    for request in requests {
        let request = request.expect("a request");
        let path = request.uri().to_string();
        let response = server::app(state.clone())
            .oneshot(request)
            .await
            .expect("an answer");
        let named: Vec<_> = response
            .headers()
            .get_all("x-data-version")
            .iter()
            .collect();
        assert_eq!(named.len(), 1, "{path}: {named:?}");
        assert_eq!(named[0].to_str().ok(), Some(version.as_str()), "{path}");
    }
}

#[tokio::test]
async fn answers_list_fields_in_the_order_the_query_asks_for_them() {
    use axum::body::Body;
    use axum::http::Request;
    // `search` waits for the blocking pool while `stats` answers at once; async-graphql would
    // put `stats` first (async-graphql#612). Aliases, fragments and nesting keep their order too.
    let query = r#"{ search(query: "cantabria university") { totalCount hits { entity { name id } } }
        stats { entities }
        ... on Query { near: neighborhood(id: "region:cantabria") { entities { name id } } }
        first: stats { sources } }"#;
    let body = serde_json::json!({ "query": query }).to_string();
    for _ in 0..5 {
        let request = Request::post("/graphql")
            .header("content-type", "application/json")
            .body(Body::from(body.clone()))
            .expect("a request");
        let (_, answer) = crate::send(request).await;
        let at = |key: &str| {
            answer
                .find(&format!("\"{key}\":"))
                .unwrap_or_else(|| panic!("no {key} in {answer}"))
        };
        assert!(
            at("search") < at("stats") && at("stats") < at("near") && at("near") < at("first"),
            "{answer}"
        );
        assert!(answer.contains(r#"{"entity":{"name":"#), "{answer}");
        assert!(!answer.contains(r#"{"id":"#), "{answer}");
    }
}
