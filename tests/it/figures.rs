//! Figures on relations (a partner's EU contribution to a project) and institutions'
//! addresses: loaded from TOML and bulk files, merged, answered through the router, and
//! refused with file and line when they are wrong.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use regiograph::Dataset;
use regiograph::load::{self, LoadError};
use regiograph::server::AppState;
use serde_json::{Value, json};

use super::send_to;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/figures")
}

/// The made-up figures dataset on its own: a TOML file and a bulk export merged into it.
fn state() -> &'static AppState {
    static STATE: OnceLock<AppState> = OnceLock::new();
    STATE.get_or_init(|| match Dataset::load(&fixture()) {
        Ok(data) => AppState::new(data),
        Err(error) => panic!("the figures fixture must load:\n{error}"),
    })
}

/// Runs a query through the real router over the fixture and returns its `data`.
async fn data(query: &str) -> Value {
    let body = json!({ "query": query }).to_string();
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("a valid request");
    let (status, text) = send_to(state(), request).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let answer: Value = serde_json::from_str(&text).expect("JSON");
    assert!(answer.get("errors").is_none(), "{answer:#}");
    answer["data"].clone()
}

#[tokio::test]
async fn relations_answer_with_their_figures() {
    let answer = data(
        r#"{ entity(id: "institution:office") {
              relations(type: PARTNER_IN) { nodes { role figures { label value unit } } } } }"#,
    )
    .await;
    // A relation without figures has an empty list.
    assert_eq!(
        answer["entity"]["relations"]["nodes"],
        json!([{ "role": "participant", "figures": [] }])
    );
    let answer = data(
        r#"{ entity(id: "institution:firm") {
              relations(type: PARTNER_IN) { nodes { to { id } figures { label value unit approximate year sources { id } } } } } }"#,
    )
    .await;
    // A figure without sources cites the relation's.
    assert_eq!(
        answer["entity"]["relations"]["nodes"],
        json!([{ "to": { "id": "project:example" }, "figures": [
            { "label": "EU contribution", "value": 120000.5, "unit": "EUR", "approximate": true,
              "year": null, "sources": [{ "id": "source:export" }] },
        ] }])
    );
}

#[tokio::test]
async fn a_relation_stated_twice_keeps_the_figures_of_both_once() {
    // The registry (TOML) and the export (bulk, merged into the lab by its PIC) both state
    // the lab's partnership: it is one relation, citing both, with each figure once.
    let answer = data(
        r#"{ entity(id: "institution:lab") { ... on Institution {
              partnerships { role start of { id } sources { id }
                figures { label value unit year sources { id } } } } } }"#,
    )
    .await;
    assert_eq!(
        answer["entity"]["partnerships"],
        json!([{
            "role": "coordinator",
            "start": "2021",
            "of": { "id": "project:example" },
            "sources": [{ "id": "source:registry" }, { "id": "source:export" }],
            "figures": [
                { "label": "EU contribution", "value": 500000.0, "unit": "EUR", "year": "2021",
                  "sources": [{ "id": "source:registry" }, { "id": "source:export" }] },
                { "label": "net EU contribution", "value": 450000.0, "unit": "EUR", "year": null,
                  "sources": [{ "id": "source:registry" }] },
                { "label": "total cost", "value": 600000.0, "unit": "EUR", "year": null,
                  "sources": [{ "id": "source:registry" }] },
                { "label": "total cost", "value": 650000.0, "unit": "EUR", "year": null,
                  "sources": [{ "id": "source:export" }] },
            ],
        }])
    );
}

#[tokio::test]
async fn a_project_lists_its_partners_with_their_figures() {
    let answer = data(
        r#"{ entity(id: "project:example") { ... on Project {
              partners { partner { id } role figures { label value } } } } }"#,
    )
    .await;
    assert_eq!(
        answer["entity"]["partners"],
        json!([
            { "partner": { "id": "institution:lab" }, "role": "coordinator", "figures": [
                { "label": "EU contribution", "value": 500000.0 },
                { "label": "net EU contribution", "value": 450000.0 },
                { "label": "total cost", "value": 600000.0 },
                { "label": "total cost", "value": 650000.0 },
            ] },
            { "partner": { "id": "institution:office" }, "role": "participant", "figures": [] },
            { "partner": { "id": "institution:firm" }, "role": "participant", "figures": [
                { "label": "EU contribution", "value": 120000.5 },
            ] },
        ])
    );
}

#[tokio::test]
async fn an_institution_has_its_address_as_published() {
    let answer = data(
        r#"{ lab: entity(id: "institution:lab") { ... on Institution {
               address { street postcode town country nuts latitude longitude } location { id } } }
             firm: entity(id: "institution:firm") { ... on Institution { address { street town country nuts latitude longitude } } }
             office: entity(id: "institution:office") { ... on Institution { address { town nuts latitude } } } }"#,
    )
    .await;
    // The NUTS code is kept as published, though no region of the data has it; the merged
    // export's address does not replace the registry's.
    assert_eq!(
        answer["lab"],
        json!({
            "address": { "street": "1 Quay Road", "postcode": "10001", "town": "Harbour Town",
                         "country": "EL", "nuts": "EL999", "latitude": 37.98, "longitude": 23.73 },
            "location": { "id": "region:harbour-town" },
        })
    );
    // The firm's first record has no address: the merged export's is taken.
    assert_eq!(
        answer["firm"]["address"],
        json!({ "street": "Calle Mayor 5", "town": "Puerto", "country": "Spain", "nuts": null,
                "latitude": 40.5, "longitude": -3.7 })
    );
    assert_eq!(answer["office"]["address"], Value::Null);
}

/// Loads TOML text as one file named `t.toml` and returns the report's lines.
fn problems(text: &str) -> Vec<String> {
    match load::load_toml_str("t.toml", text) {
        Ok(graph) => panic!(
            "expected problems, but {} entities loaded",
            graph.entity_count()
        ),
        Err(LoadError::Invalid(report)) => {
            report.problems.iter().map(ToString::to_string).collect()
        }
        Err(other) => panic!("expected a validation report, got {other}"),
    }
}

const SOURCE: &str = "[[source]]\nid = \"source:s\"\ntitle = \"S\"\n";

#[test]
fn a_wrong_address_or_figure_is_refused_with_file_and_line() {
    // An address is an institution's field only.
    let region = format!(
        "{SOURCE}[[region]]\nid = \"region:r\"\nname = \"R\"\nlevel = \"city\"\nsources = [\"source:s\"]\n\
         address = {{ town = \"R\" }}\n"
    );
    assert_eq!(
        problems(&region),
        [
            "t.toml:9: field `address` does not apply to a region; its own fields are: level, iso_3166, part_of"
        ]
    );
    // Coordinates are degrees on the globe.
    let institution = |address: &str| {
        format!(
            "{SOURCE}[[institution]]\nid = \"institution:i\"\nname = \"I\"\nkind = \"company\"\n\
             sources = [\"source:s\"]\naddress = {{ {address} }}\n"
        )
    };
    assert_eq!(
        problems(&institution(
            "town = \"I\", latitude = 95.0, longitude = 10.0"
        )),
        [
            "t.toml:9: `address`: latitude 95 is out of range; a latitude is a number of degrees from -90 to 90"
        ]
    );
    assert_eq!(
        problems(&institution("latitude = -45.5, longitude = -180.5")),
        [
            "t.toml:9: `address`: longitude -180.5 is out of range; a longitude is a number of degrees from -180 to 180"
        ]
    );
    assert_eq!(
        problems(&institution("city = \"I\"")),
        [
            "t.toml:9: in this `[[institution]]` block: unknown field `city`, expected one of `street`, `postcode`, `town`, `country`, `nuts`, `latitude`, `longitude`"
        ]
    );
    // A relation's figures are checked like an entity's, at the line of `figures`.
    let relation = format!(
        "{SOURCE}[[topic]]\nid = \"topic:a\"\nname = \"A\"\nsources = [\"source:s\"]\n\n\
         [[topic]]\nid = \"topic:b\"\nname = \"B\"\nsources = [\"source:s\"]\n\n\
         [[relation]]\ntype = \"focuses_on\"\nfrom = \"topic:a\"\nto = \"topic:b\"\nsources = [\"source:s\"]\n\
         figures = [{{ label = \"total cost\", value = nan, unit = \"EUR\" }}, {{ label = \"EU contribution\", value = 1, year = \"20x1\" }}, {{ label = \"x\", value = 2, sources = [\"source:nowhere\"] }}]\n"
    );
    let found = problems(&relation);
    assert_eq!(
        found,
        [
            "t.toml:19: figure `total cost` has a value that is not a number",
            "t.toml:19: `figures`: `20x1` is not a date: each part must be digits of the right width (write YYYY, YYYY-MM or YYYY-MM-DD)",
            "t.toml:19: unknown source `source:nowhere` (did you mean `source:s`?)",
        ],
        "{found:#?}"
    );
}

#[test]
fn a_wrong_address_in_a_bulk_file_names_its_line() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let write = |file: &str, text: &str| {
        std::fs::write(dir.path().join(file), text).expect("a written file");
    };
    write("sources.jsonl", "{\"id\":\"source:s\",\"title\":\"S\"}\n");
    write(
        "entities.jsonl",
        "{\"id\":\"region:r\",\"name\":\"R\",\"level\":\"city\",\"sources\":[\"source:s\"]}\n\
         {\"id\":\"institution:i\",\"name\":\"I\",\"kind\":\"company\",\"address\":{\"latitude\":95},\"sources\":[\"source:s\"]}\n\
         {\"id\":\"region:q\",\"name\":\"Q\",\"level\":\"city\",\"address\":{\"town\":\"Q\"},\"sources\":[\"source:s\"]}\n",
    );
    let Err(LoadError::Invalid(report)) = load::load_dir(dir.path()) else {
        panic!("the bulk file must not load");
    };
    let entities = dir.path().join("entities.jsonl").display().to_string();
    let found: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            format!(
                "{entities}:2: `address`: latitude 95 is out of range; a latitude is a number of degrees from -90 to 90"
            ),
            format!(
                "{entities}:3: field `address` does not apply to a region; its own fields are: level, iso_3166, part_of"
            ),
        ]
    );
}
