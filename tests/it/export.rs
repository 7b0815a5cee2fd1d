//! Exports for network tools: GraphML and GEXF proved with networkx, CSV and JSON read back,
//! from the command line and over HTTP.

use std::path::Path;
use std::process::Command;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};

use super::{python, regiograph, send, state};

/// Reads an export with networkx (tests/export_check.py) and returns what it found.
fn networkx_reads(file: &Path, node: &str, edge: &str) -> Value {
    let output = Command::new(python())
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests")
                .join("export_check.py"),
        )
        .arg(file)
        .args([node, edge])
        .output()
        .expect("the checker runs");
    assert!(
        output.status.success(),
        "networkx could not read {}:\n{}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the checker prints JSON")
}

/// The export id of CIMAV's `located_in` relation (the shorthand `located_in =
/// "region:chihuahua-city"` of its record in iurc-study-visit-2023.toml): `e` and the
/// relation's position in the loaded graph, which moves when data is added before it.
fn cimav_located_in() -> String {
    let state = state();
    let graph = &state.data().graph;
    let cimav = graph
        .find("institution:cimav")
        .expect("CIMAV is in the data");
    let relations = graph.relations_of(
        cimav,
        regiograph::model::Direction::Outgoing,
        Some(regiograph::model::RelationType::LocatedIn),
    );
    let [relation] = relations.as_slice() else {
        panic!("CIMAV lies in one place: {relations:?}");
    };
    format!("e{}", relation.index.index())
}

/// What networkx must find about CIMAV and its `located_in` relation.
fn expected_cimav(found: &Value) {
    let node = &found["node"];
    assert_eq!(
        node["label"], "Advanced Materials Research Centre",
        "{found}"
    );
    assert_eq!(node["kind"], "institution");
    assert_eq!(node["subkind"], "research_centre");
    assert_eq!(node["aliases"], "CIMAV");
    assert_eq!(
        node["sources"],
        "source:iurc-news-2023-cantabria-study-visit"
    );
    // CIMAV has two relations (see the neighbourhood tests); numbers stay numbers.
    assert_eq!(node["degree"], 2);
    assert!(node["pagerank"].as_f64().is_some_and(|p| p > 0.0));
    let edge = &found["edge"];
    assert_eq!(edge["source"], "institution:cimav", "{found}");
    assert_eq!(edge["target"], "region:chihuahua-city");
    assert_eq!(edge["relation_type"], "located_in");
    assert_eq!(
        edge["sources"],
        "source:iurc-news-2023-cantabria-study-visit"
    );
}

#[test]
fn graphml_and_gexf_exports_load_in_networkx_whole() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let state = state();
    let graph = &state.data().graph;
    for format in ["graphml", "gexf"] {
        let file = dir.path().join(format!("all.{format}"));
        let file_arg = file.to_str().expect("a UTF-8 path");
        let output = regiograph(&["export", "--format", format, "--out", file_arg]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let found = networkx_reads(&file, "institution:cimav", &cimav_located_in());
        assert_eq!(found["nodes"], graph.entity_count(), "{format}");
        assert_eq!(found["edges"], graph.relation_count(), "{format}");
        assert_eq!(found["directed"], true);
        expected_cimav(&found);
    }
}

#[tokio::test]
async fn a_neighbourhood_export_over_http_loads_in_networkx() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for format in ["graphml", "gexf"] {
        let request = Request::get(format!("/export/{format}?center=institution:cimav&depth=1"))
            .body(Body::empty())
            .expect("a valid request");
        let (status, body) = send(request).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let file = dir.path().join(format!("cimav.{format}"));
        std::fs::write(&file, body).expect("a writable file");
        let found = networkx_reads(&file, "institution:cimav", &cimav_located_in());
        // CIMAV, Chihuahua city and the study visit's second day, with CIMAV's two relations
        // and the second day's visit to the city.
        assert_eq!(
            (found["nodes"].clone(), found["edges"].clone()),
            (json!(3), json!(3))
        );
        expected_cimav(&found);
    }
}

#[tokio::test]
async fn csv_and_json_exports_carry_the_same_tables() {
    let get = |uri: &str| {
        Request::get(uri)
            .body(Body::empty())
            .expect("a valid request")
    };
    let (status, nodes) = send(get("/export/csv-nodes?center=institution:cimav")).await;
    assert_eq!(status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(nodes.as_bytes());
    let header = reader.headers().expect("a header").clone();
    assert_eq!(&header[0], "id");
    assert_eq!(&header[1], "label");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][0], "institution:cimav");
    let (_, edges) = send(get("/export/csv-edges?center=institution:cimav")).await;
    assert_eq!(edges.lines().count(), 1 + 3, "{edges}");
    let located_in = cimav_located_in();
    assert!(
        edges.contains(&format!(
            "{located_in},institution:cimav,region:chihuahua-city,located_in,"
        )),
        "{edges}"
    );
    let (status, text) = send(get(
        "/export/json?center=institution:cimav&relationTypes=located_in",
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    let document: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(document["nodes"].as_array().map(Vec::len), Some(2));
    assert_eq!(document["edges"][0]["id"], located_in.as_str());
    assert_eq!(document["edges"][0]["relation_type"], "located_in");
    assert_eq!(document["edges"][0]["role"], Value::Null);
}

#[tokio::test]
async fn bad_export_requests_are_explained() {
    let get = |uri: &str| {
        Request::get(uri)
            .body(Body::empty())
            .expect("a valid request")
    };
    for (uri, status, message) in [
        (
            "/export/xml",
            StatusCode::BAD_REQUEST,
            "unknown export format `xml`",
        ),
        (
            "/export/json?center=nowhere",
            StatusCode::NOT_FOUND,
            "no entity has the id `nowhere`",
        ),
        (
            "/export/json?center=region:cantabria&depth=4",
            StatusCode::BAD_REQUEST,
            "`depth`: must be between 1 and 3",
        ),
        (
            "/export/json?depth=2",
            StatusCode::BAD_REQUEST,
            "only makes sense with `center`",
        ),
        (
            "/export/json?kinds=planet",
            StatusCode::BAD_REQUEST,
            "unknown entity kind `planet`",
        ),
        (
            "/export/json?asOf=2019-13",
            StatusCode::BAD_REQUEST,
            "the month must be 01 to 12",
        ),
        (
            "/export/json?colour=red",
            StatusCode::BAD_REQUEST,
            "unknown field `colour`",
        ),
        (
            "/export/json?since=2020&until=2010",
            StatusCode::BAD_REQUEST,
            "`since`: `2020` is after `until` `2010`",
        ),
        (
            "/export/json?asOf=2019&since=2018",
            StatusCode::BAD_REQUEST,
            "give either `asOf` or `since`/`until`, not both",
        ),
    ] {
        let (actual, body) = send(get(uri)).await;
        assert_eq!(actual, status, "{uri}: {body}");
        assert!(body.contains(message), "{uri}: {body}");
    }
}

#[tokio::test]
async fn a_reversed_period_is_refused_alike_by_the_cli_and_graphql() {
    let output = regiograph(&[
        "export", "--format", "json", "--since", "2020", "--until", "2010",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = "`since`: `2020` is after `until` `2010`";
    assert!(
        String::from_utf8_lossy(&output.stderr).contains(message),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    crate::check_error(
        r#"{ neighborhood(id: "region:cantabria", since: "2020", until: "2010") { entities { id } } }"#,
        message,
    )
    .await;
}

#[test]
fn the_cli_exports_a_filtered_neighbourhood_to_standard_output() {
    let output = regiograph(&[
        "export",
        "--format",
        "csv-nodes",
        "--center",
        "institution:cimav",
        "--kinds",
        "event",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let ids: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(
        ids,
        [
            "institution:cimav",
            "event:cantabria-study-visit-chihuahua-2023-day-2"
        ]
    );
    let output = regiograph(&["export", "--format", "json", "--center", "nowhere"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no entity has the id `nowhere`"));
}

#[tokio::test]
async fn exports_are_served_as_downloads_of_their_media_type() {
    use tower::ServiceExt;
    for (format, media_type, file) in [
        ("graphml", "application/graphml+xml", "regiograph.graphml"),
        ("gexf", "application/gexf+xml", "regiograph.gexf"),
        (
            "csv-nodes",
            "text/csv; charset=utf-8",
            "regiograph-nodes.csv",
        ),
        ("json", "application/json", "regiograph.json"),
    ] {
        let request = Request::get(format!("/export/{format}?center=institution:cimav"))
            .body(Body::empty())
            .expect("a valid request");
        let response = regiograph::server::app(state())
            .oneshot(request)
            .await
            .expect("the router never fails");
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers();
        assert_eq!(headers["content-type"], media_type);
        assert_eq!(
            headers["content-disposition"],
            format!("attachment; filename=\"{file}\"").as_str()
        );
    }
}
