//! Cooperation in numbers (`aggregate`, `cooperation`, `collaborators`, and their CSV
//! exports) on the CORDIS fixtures imported beside the reference layer, each number checked
//! against pandas reading the same fixture files (tests/cooperation_expected.py).

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use regiograph::server::AppState;
use serde_json::{Value, json};

use crate::{cordis_inputs, data_on, python, root, send_to, state_of};

/// The reference layer alone (no curated data, whose partnerships would add to the counts),
/// the CORDIS fixtures imported against it, and pandas' answers over the same fixtures.
struct Fixture {
    _dir: tempfile::TempDir,
    state: AppState,
    expected: Value,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let reference = dir.path().join("reference");
        std::fs::create_dir(&reference).expect("a directory");
        for file in [
            "reference-sources.jsonl",
            "reference-entities.jsonl",
            "reference-relations.jsonl",
        ] {
            std::fs::copy(root().join("data").join(file), reference.join(file)).expect("copied");
        }
        let out = dir.path().join("cordis");
        let fixtures = root().join("tests/fixtures/import/cordis");
        let output = Command::new(env!("CARGO_BIN_EXE_regiograph"))
            .args(["import", "cordis"])
            .args(cordis_inputs(dir.path()))
            .arg("--data")
            .arg(&reference)
            .arg("--out")
            .arg(&out)
            .env_remove("REGIOGRAPH_DATA")
            .output()
            .expect("the binary runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let state = state_of(&[reference, out]);
        let pandas = Command::new(python())
            .arg(root().join("tests/cooperation_expected.py"))
            .arg(&fixtures)
            .arg(root().join("data/reference-entities.jsonl"))
            .output()
            .expect("python runs");
        assert!(
            pandas.status.success(),
            "{}",
            String::from_utf8_lossy(&pandas.stderr)
        );
        let expected = serde_json::from_slice(&pandas.stdout).expect("pandas' JSON");
        Fixture {
            _dir: dir,
            state,
            expected,
        }
    })
}

/// The code a region is known by in pandas' answer: its ISO 3166-1 code for a country, its
/// NUTS 2 code for a NUTS 2 region.
fn code(region: &Value) -> String {
    let nuts2 = region["nuts"].as_array().and_then(|codes| {
        codes
            .iter()
            .filter_map(Value::as_str)
            .find(|c| c.len() == 4)
    });
    match (region["level"].as_str(), nuts2) {
        (Some("COUNTRY"), _) => region["iso3166"].as_str().unwrap_or("?").to_owned(),
        (_, Some(code)) => code.to_owned(),
        _ => region["id"].as_str().unwrap_or("?").to_owned(),
    }
}

/// A group's or link's measures in pandas' shape.
fn measures(node: &Value, with_organisations: bool) -> Value {
    let eu = &node["euContribution"];
    // No stated amount is a null sum (pandas' sum of nothing is 0, with `known` 0).
    let sum = (eu["sum"].as_f64().unwrap_or(0.0) * 100.0).round() / 100.0;
    assert_eq!(eu["sum"].is_null(), eu["known"] == 0, "{node}");
    let mut measures = json!({
        "projects": node["projects"],
        "participations": node["participations"],
        "eu": sum,
        "missing": eu["missing"],
    });
    if with_organisations {
        measures["organisations"] = node["organisations"].clone();
        measures["known"] = eu["known"].clone();
    }
    measures
}

const REGION: &str = "id level iso3166 nuts";

/// The groups of `aggregate` by one dimension, keyed as pandas keys them.
async fn groups(dimension: &str) -> BTreeMap<String, Value> {
    let query = format!(
        r#"{{ aggregate(groupBy: [{dimension}], first: 100) {{ totalCount nodes {{
            keys {{ value entity {{ ... on Region {{ {REGION} }} }} }}
            projects participations organisations euContribution {{ sum known missing }} }} }} }}"#
    );
    let data = data_on(&fixture().state, &query).await;
    data["aggregate"]["nodes"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|node| {
            let key = &node["keys"][0];
            let name = match (&key["entity"], &key["value"]) {
                (Value::Null, Value::Null) => "null".to_owned(),
                (Value::Null, value) => value.as_str().unwrap_or("?").to_owned(),
                (region, _) => code(region),
            };
            (name, measures(node, true))
        })
        .collect()
}

fn expected(table: &str) -> BTreeMap<String, Value> {
    serde_json::from_value(fixture().expected[table].clone()).expect("a table")
}

#[tokio::test]
async fn counts_and_sums_by_country_match_pandas() {
    assert_eq!(groups("COUNTRY").await, expected("country"));
}

#[tokio::test]
async fn counts_and_sums_by_nuts_2_match_pandas() {
    assert_eq!(groups("NUTS2").await, expected("nuts2"));
}

#[tokio::test]
async fn counts_and_sums_by_year_match_pandas() {
    assert_eq!(groups("YEAR").await, expected("year"));
}

#[tokio::test]
async fn the_country_matrix_matches_pandas_within_country_links_included() {
    let query = format!(
        r#"{{ cooperation(level: COUNTRY) {{ links(first: 100) {{ totalCount nodes {{
            a {{ {REGION} }} b {{ {REGION} }} projects participations euContribution {{ sum known missing }} }} }} }} }}"#
    );
    let data = data_on(&fixture().state, &query).await;
    let links: BTreeMap<String, Value> = data["cooperation"]["links"]["nodes"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|link| {
            let mut pair = [code(&link["a"]), code(&link["b"])];
            pair.sort();
            (pair.join("-"), measures(link, false))
        })
        .collect();
    assert_eq!(links, expected("matrix"));
    // Most projects first.
    let projects: Vec<u64> = data["cooperation"]["links"]["nodes"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|l| l["projects"].as_u64())
        .collect();
    assert!(projects.windows(2).all(|w| w[0] >= w[1]), "{projects:?}");
}

#[tokio::test]
async fn a_sum_says_how_many_amounts_were_missing() {
    // The United Kingdom's consultancy states no EU contribution: its sum is unknown, not 0.
    let data = data_on(
        &fixture().state,
        r#"{ aggregate(groupBy: [ORGANISATION], organisation: "institution:pic-999999004") {
               nodes { keys { value } euContribution { sum known missing } totalCost { sum known missing } } } }"#,
    )
    .await;
    let consultancy = data["aggregate"]["nodes"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|node| node["keys"][0]["value"] == "institution:pic-999999004")
        .expect("the consultancy's group");
    assert_eq!(
        consultancy,
        &json!({
            "keys": [{ "value": "institution:pic-999999004" }],
            "euContribution": { "sum": null, "known": 0, "missing": 1 },
            "totalCost": { "sum": 120000.0, "known": 1, "missing": 0 }
        })
    );
    // `organisation` keeps the projects it takes part in: here the one Horizon Europe
    // project and its five partners.
    assert_eq!(data["aggregate"]["nodes"].as_array().map(Vec::len), Some(5));
}

#[tokio::test]
async fn filters_narrow_by_region_programme_and_years() {
    let data = data_on(
        &fixture().state,
        r#"{ spain: aggregate(groupBy: [YEAR], in: "region:es") { nodes { keys { value } projects participations } }
             fp7: aggregate(groupBy: [COUNTRY], programme: "programme:fp7") { nodes { keys { value } participations } }
             recent: aggregate(groupBy: [PROGRAMME], from: 2020, to: 2024) { nodes { keys { value } projects } }
             roles: aggregate(groupBy: [ROLE, INSTITUTION_KIND], in: "region:es-cb") { nodes { keys { dimension value } participations } } }"#,
    )
    .await;
    // Spain's participations by year: the university's four projects, one a year, and the
    // municipality of ES999 in the 2022 project.
    assert_eq!(
        data["spain"]["nodes"],
        json!([
            { "keys": [{ "value": "2010" }], "projects": 1, "participations": 1 },
            { "keys": [{ "value": "2016" }], "projects": 1, "participations": 1 },
            { "keys": [{ "value": "2022" }], "projects": 1, "participations": 2 },
            { "keys": [{ "value": "2023" }], "projects": 1, "participations": 1 }
        ])
    );
    assert_eq!(
        data["fp7"]["nodes"],
        json!([
            { "keys": [{ "value": "region:es" }], "participations": 1 },
            { "keys": [{ "value": "region:gr" }], "participations": 1 }
        ])
    );
    assert_eq!(
        data["recent"]["nodes"],
        json!([{ "keys": [{ "value": "programme:horizon-europe" }], "projects": 2 }])
    );
    assert_eq!(
        data["roles"]["nodes"],
        json!([
            { "keys": [{ "dimension": "ROLE", "value": "coordinator" }, { "dimension": "INSTITUTION_KIND", "value": "UNIVERSITY" }], "participations": 3 },
            { "keys": [{ "dimension": "ROLE", "value": "participant" }, { "dimension": "INSTITUTION_KIND", "value": "UNIVERSITY" }], "participations": 1 }
        ])
    );
}

#[tokio::test]
async fn collaborators_are_ranked_by_shared_projects() {
    let data = data_on(
        &fixture().state,
        r#"{ org: collaborators(id: "institution:pic-999999001") { totalCount nodes { entity { id } sharedProjects } }
             regions: collaborators(id: "region:es-cb", level: COUNTRY) { nodes { entity { id } sharedProjects projects { id } } } }"#,
    )
    .await;
    // The Greek research centre shares the 2010 and 2023 projects; the energy cooperative the
    // 2016 one; the others one each.
    let org = &data["org"];
    assert_eq!(org["totalCount"], 7);
    assert_eq!(
        org["nodes"][0],
        json!({ "entity": { "id": "institution:pic-999999003" }, "sharedProjects": 2 })
    );
    let regions = data["regions"]["nodes"].as_array().expect("a list");
    assert_eq!(regions[0]["entity"]["id"], "region:gr");
    assert_eq!(regions[0]["sharedProjects"], 3);
    // Spain counts too: the ES999 municipality is outside Cantabria but in Spain.
    assert!(
        regions
            .iter()
            .any(|r| r["entity"]["id"] == "region:es" && r["sharedProjects"] == 1),
        "{regions:?}"
    );
}

#[tokio::test]
async fn bad_arguments_are_explained() {
    let state = &fixture().state;
    for (query, expected) in [
        (
            r#"{ aggregate(groupBy: []) { totalCount } }"#,
            "`groupBy` takes one to four dimensions",
        ),
        (
            r#"{ aggregate(groupBy: [YEAR], from: 2024, to: 2020) { totalCount } }"#,
            "`from` (2024) is after `to` (2020)",
        ),
        (
            r#"{ aggregate(groupBy: [YEAR], in: "region:atlantis") { totalCount } }"#,
            "region:atlantis",
        ),
        (
            r#"{ collaborators(id: "programme:fp7") { totalCount } }"#,
            "`id` needs an institution or a region, but `programme:fp7` is a programme",
        ),
    ] {
        let body = json!({ "query": query }).to_string();
        let request = Request::post("/graphql")
            .header("content-type", "application/json")
            .body(Body::from(body))
            .expect("a request");
        let (status, text) = send_to(state, request).await;
        assert_eq!(status, StatusCode::OK);
        assert!(text.contains(expected), "{query}: {text}");
    }
}

/// GETs a CSV table through the router and reads it into header and rows.
async fn csv_table(uri: &str) -> (StatusCode, Vec<String>, Vec<Vec<String>>) {
    let request = Request::get(uri).body(Body::empty()).expect("a request");
    let (status, text) = send_to(&fixture().state, request).await;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map(|h| h.iter().map(str::to_owned).collect())
        .unwrap_or_default();
    let rows = reader
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_owned).collect())
        .collect();
    (status, header, rows)
}

#[tokio::test]
async fn the_tables_download_as_csv_with_the_same_numbers() {
    let (status, header, rows) = csv_table("/export/aggregate?groupBy=COUNTRY,YEAR").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        header,
        [
            "country",
            "country_name",
            "year",
            "year_name",
            "projects",
            "participations",
            "organisations",
            "eu_contribution",
            "eu_contribution_known",
            "eu_contribution_missing",
            "total_cost",
            "total_cost_known",
            "total_cost_missing"
        ]
    );
    // Participations per country, summed over the years, are pandas' per country.
    let mut per_country: BTreeMap<String, u64> = BTreeMap::new();
    for row in &rows {
        *per_country.entry(row[0].clone()).or_default() += row[5].parse::<u64>().expect("a count");
    }
    let by_pandas: BTreeMap<String, u64> = expected("country")
        .into_iter()
        .map(|(iso, m)| {
            (
                format!("region:{}", iso.to_ascii_lowercase()),
                m["participations"]
                    .as_u64()
                    .expect("pandas counts participations"),
            )
        })
        .collect();
    assert_eq!(per_country, by_pandas);
    // The consultancy's unknown EU contribution is an empty cell, not 0.
    let gb = rows
        .iter()
        .find(|r| r[0] == "region:gb")
        .expect("the United Kingdom");
    assert_eq!(
        (gb[7].as_str(), gb[8].as_str(), gb[9].as_str()),
        ("", "0", "1")
    );

    let (status, header, rows) = csv_table("/export/cooperation?level=COUNTRY").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        header[..6],
        ["a", "a_name", "b", "b_name", "projects", "participations"]
    );
    assert_eq!(rows.len(), expected("matrix").len());
    let (_, _, regions) = csv_table("/export/cooperation?level=NUTS2&table=regions").await;
    assert!(
        regions
            .iter()
            .any(|r| r[0] == "region:es-cb" && r[2] == "4"),
        "{regions:?}"
    );
    let (_, header, rows) = csv_table("/export/collaborators?id=institution:pic-999999001").await;
    assert_eq!(header, ["id", "name", "shared_projects", "projects"]);
    assert_eq!(rows[0][0], "institution:pic-999999003");
    assert_eq!(rows[0][3].split(' ').count(), 2);
    for (uri, message) in [
        ("/export/aggregate", "`groupBy` is required"),
        ("/export/aggregate?groupBy=GALAXY", "unknown value `GALAXY`"),
        (
            "/export/cooperation?level=COUNTRY&from=2024&to=2000",
            "`from` (2024) is after `to` (2000)",
        ),
        (
            "/export/collaborators?id=region:atlantis",
            "no entity has the id `region:atlantis`",
        ),
        (
            "/export/aggregate?groupBy=YEAR&colour=red",
            "unknown field `colour`",
        ),
    ] {
        let request = Request::get(uri).body(Body::empty()).expect("a request");
        let (status, text) = send_to(&fixture().state, request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {text}");
        assert!(text.contains(message), "{uri}: {text}");
    }
}
