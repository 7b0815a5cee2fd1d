//! `regiograph import`: published files read through the real binary, written as a data
//! directory, and served beside the bundled data through the real router.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use regiograph::server::AppState;
use serde_json::{Value, json};

use crate::{cordis_inputs, data_dir, data_on, regiograph, root, state_of, text};

fn cordis_fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures/import/cordis").join(path)
}

/// Imports the CORDIS fixtures into `out` and returns the command's output.
fn import_cordis(dir: &Path, out: &Path) -> Output {
    let inputs: Vec<String> = cordis_inputs(dir)
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut args = vec!["import", "cordis"];
    args.extend(inputs.iter().map(String::as_str));
    let out = out.display().to_string();
    args.extend(["--out", &out]);
    regiograph(&args)
}

/// The CORDIS import, done once, and the bundled data with it.
fn cordis() -> &'static (tempfile::TempDir, Output, AppState) {
    static IMPORT: OnceLock<(tempfile::TempDir, Output, AppState)> = OnceLock::new();
    IMPORT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let out = dir.path().join("cordis");
        let output = import_cordis(dir.path(), &out);
        assert!(output.status.success(), "{}", text(&output.stderr));
        let dirs = [data_dir(), out];
        let state = state_of(&dirs);
        (dir, output, state)
    })
}

#[test]
fn cordis_summary_accounts_for_every_row() {
    let (_, output, _) = cordis();
    let summary = text(&output.stdout);
    let rows: Vec<Vec<&str>> = summary
        .lines()
        .map(|line| line.split_whitespace().collect())
        .collect();
    let row = |file: &str| {
        rows.iter()
            .find(|r| r.first() == Some(&file))
            .unwrap_or_else(|| panic!("no line for {file} in\n{summary}"))
            .clone()
    };
    // Columns: rows, imported, merged, refused.
    assert_eq!(
        row("cordis-HORIZONprojects-csv.zip/project.csv")[1..],
        ["4", "2", "0", "2"]
    );
    assert_eq!(
        row("cordis-HORIZONprojects-csv.zip/organization.csv")[1..],
        ["11", "7", "1", "3"]
    );
    assert_eq!(row("h2020/organization.csv")[1..], ["4", "1", "1", "2"]);
    assert_eq!(row("fp7/organization.csv")[1..], ["2", "0", "2", "0"]);
    assert_eq!(row("total")[1..], ["23", "12", "4", "7"]);
    assert!(
        summary
            .contains("written: 15 entities (8 institution, 3 programme, 4 project), 12 relations"),
        "{summary}"
    );
    assert!(
        summary.contains("(ES999); 1 placed in an enclosing region"),
        "{summary}"
    );
}

#[test]
fn refused_rows_are_listed_with_file_line_and_reason() {
    let (_, output, _) = cordis();
    let refusals = text(&output.stderr);
    for expected in [
        "cordis-HORIZONprojects-csv.zip/project.csv:5: no project identifier: column id is empty",
        "cordis-HORIZONprojects-csv.zip/project.csv:6: not a date: startDate: `2022-31-31` is not a date",
        "cordis-HORIZONprojects-csv.zip/organization.csv:10: no organisation name",
        "cordis-HORIZONprojects-csv.zip/organization.csv:11: amount not a number: ecContribution: `lots` is not an amount",
        "cordis-HORIZONprojects-csv.zip/organization.csv:12: project not in the input: no project file given describes project 999199999",
        "h2020/organization.csv:4: malformed PIC: `12345` is not a PIC",
        "h2020/organization.csv:5: coordinates not a place: geolocation: `north-ish`",
    ] {
        assert!(
            refusals.contains(&format!("refused {expected}")),
            "{expected}\nnot in\n{refusals}"
        );
    }
}

#[tokio::test]
async fn one_institution_per_pic_across_programmes_with_every_name() {
    let (_, _, state) = cordis();
    let data = data_on(
        state,
        r#"{ entityByExternalId(scheme: PIC, value: "999999001") {
            id name aliases
            ... on Institution { institutionKind inferredFields location { id }
                address { town nuts latitude longitude }
                partnerships { role of { id ... on Project { programme { id } } } } } } }"#,
    )
    .await;
    let entity = &data["entityByExternalId"];
    assert_eq!(entity["id"], "institution:pic-999999001");
    assert_eq!(entity["name"], "Example University of Cantabria");
    assert_eq!(
        entity["aliases"],
        json!(["EXUC", "EXAMPLE UNIVERSITY OF CANTABRIA"])
    );
    assert_eq!(entity["institutionKind"], "UNIVERSITY");
    assert_eq!(entity["inferredFields"], json!(["kind"]));
    assert_eq!(entity["location"]["id"], "region:es-s");
    assert_eq!(
        entity["address"],
        json!({ "town": "Santander", "nuts": "ES130", "latitude": 43.4623, "longitude": -3.8099 })
    );
    let mut programmes: Vec<&str> = entity["partnerships"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p["of"]["programme"]["id"].as_str().unwrap_or("none"))
        .collect();
    programmes.sort_unstable();
    assert_eq!(
        programmes,
        [
            "programme:fp7",
            "programme:horizon-2020",
            "programme:horizon-europe",
            "programme:horizon-europe"
        ]
    );
}

#[tokio::test]
async fn amounts_are_read_with_either_decimal_mark() {
    let (_, _, state) = cordis();
    let data = data_on(
        state,
        r#"{ a: entityByExternalId(scheme: CORDIS_PROJECT, value: "999100001") { figures { label value unit } }
             b: entityByExternalId(scheme: CORDIS_PROJECT, value: "999100002") { figures { label value } }
             c: entityByExternalId(scheme: CORDIS_PROJECT, value: "999200001") { figures { label value } }
             p: entityByExternalId(scheme: PIC, value: "999999001") {
               ... on Institution { partnerships { of { id } figures { label value unit } } } } }"#,
    )
    .await;
    assert_eq!(
        data["a"]["figures"],
        json!([
            { "label": "total cost", "value": 2499843.75, "unit": "EUR" },
            { "label": "maximum EU contribution", "value": 2499843.75, "unit": "EUR" }
        ])
    );
    assert_eq!(
        data["b"]["figures"][1],
        json!({ "label": "maximum EU contribution", "value": 1200000.0 })
    );
    assert_eq!(
        data["c"]["figures"],
        json!([
            { "label": "total cost", "value": 1500000.5 },
            { "label": "maximum EU contribution", "value": 1250000.25 }
        ])
    );
    let partnerships = data["p"]["partnerships"].as_array().expect("a list");
    let regio = partnerships
        .iter()
        .find(|p| p["of"]["id"] == "project:cordis-999100001")
        .expect("the Horizon Europe partnership");
    assert_eq!(
        regio["figures"],
        json!([
            { "label": "EU contribution", "value": 812345.5, "unit": "EUR" },
            { "label": "net EU contribution", "value": 812345.5, "unit": "EUR" },
            { "label": "total cost", "value": 812345.5, "unit": "EUR" }
        ])
    );
}

#[tokio::test]
async fn every_country_code_places_its_organisation_in_its_country() {
    let (_, _, state) = cordis();
    // PIC, then the country it lies in: ES, MX (no NUTS code), EL (Greece), UK (the United
    // Kingdom, with a NUTS 2016 code), XK (Kosovo), EL with a NUTS 3 code, PT with a NUTS 2021
    // code, ES with a code no NUTS version has.
    let cases = [
        ("999999001", "region:es"),
        ("999999002", "region:mexico"),
        ("999999003", "region:gr"),
        ("999999004", "region:gb"),
        ("999999005", "region:xk"),
        ("999999011", "region:gr"),
        ("999999006", "region:pt"),
        ("999999007", "region:es"),
    ];
    for (pic, country) in cases {
        let query = format!(
            r#"{{ institutions(in: "{country}", first: 100) {{ nodes {{ externalIds {{ value }} }} }} }}"#
        );
        let data = data_on(state, &query).await;
        let found = data["institutions"]["nodes"]
            .as_array()
            .expect("a list")
            .iter()
            .any(|node| node["externalIds"][0]["value"] == pic);
        assert!(found, "PIC {pic} is not in {country}: {data:#}");
    }
}

#[tokio::test]
async fn a_nuts_code_places_an_organisation_in_its_nuts_2_region_and_country() {
    let (_, _, state) = cordis();
    let data = data_on(
        state,
        r#"{ es13: institutions(in: "region:es-cb") { nodes { id } }
             uki4: institutions(in: "region:nuts-uki4") { nodes { id } }
             unknown: entityByExternalId(scheme: PIC, value: "999999007") {
               ... on Institution { location { id } address { nuts } } } }"#,
    )
    .await;
    let ids = |list: &Value| {
        crate::ids(&list["nodes"])
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert!(
        ids(&data["es13"]).contains(&"institution:pic-999999001".to_owned()),
        "{data:#}"
    );
    assert!(
        ids(&data["uki4"]).contains(&"institution:pic-999999004".to_owned()),
        "{data:#}"
    );
    // A code that no NUTS version has is kept as published, and the organisation is placed
    // only in the country its code starts with.
    assert_eq!(
        data["unknown"],
        json!({ "location": { "id": "region:spain" }, "address": { "nuts": "ES999" } })
    );
}

#[tokio::test]
async fn names_in_capitals_are_kept_and_found_in_any_case() {
    let (_, _, state) = cordis();
    let data = data_on(
        state,
        r#"{ search(query: "example energy cooperative", first: 1) { hits { entity { id name } } } }"#,
    )
    .await;
    assert_eq!(
        data["search"]["hits"][0]["entity"],
        json!({ "id": "institution:pic-999999011", "name": "EXAMPLE ENERGY COOPERATIVE" })
    );
}

#[tokio::test]
async fn every_fact_cites_the_file_it_came_from() {
    let (_, _, state) = cordis();
    let data = data_on(
        state,
        r#"{ source(id: "source:cordis-horizonprojects-csv-zip") { title publisher date kind file licence }
             entityByExternalId(scheme: PIC, value: "999999001") { sources { id } } }"#,
    )
    .await;
    assert_eq!(
        data["source"],
        json!({
            "title": "CORDIS: Horizon Europe projects and their participants (cordis-HORIZONprojects-csv.zip)",
            "publisher": "Publications Office of the European Union (CORDIS)",
            "date": "2024-03-07",
            "kind": "DATASET",
            "file": "cordis-HORIZONprojects-csv.zip",
            "licence": "CC-BY-4.0"
        })
    );
    assert_eq!(
        data["entityByExternalId"]["sources"],
        json!([
            { "id": "source:cordis-horizonprojects-csv-zip" },
            { "id": "source:h2020-organization-csv" },
            { "id": "source:fp7-organization-csv" }
        ])
    );
}

#[test]
fn importing_twice_gives_the_same_bytes() {
    let (dir, _, _) = cordis();
    let again = dir.path().join("again");
    let output = import_cordis(dir.path(), &again);
    assert!(output.status.success(), "{}", text(&output.stderr));
    for file in [
        "sources.jsonl",
        "entities.jsonl",
        "relations.jsonl",
        "import-report.txt",
    ] {
        let first = std::fs::read(dir.path().join("cordis").join(file)).expect("first import");
        let second = std::fs::read(again.join(file)).expect("second import");
        assert!(first == second, "{file} differs between two imports");
    }
}

#[test]
fn unreadable_input_or_strict_refusals_write_nothing() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("out");
    let not_cordis = dir.path().join("notes.csv");
    std::fs::write(&not_cordis, "a;b\n1;2\n").expect("written");
    let output = regiograph(&[
        "import",
        "cordis",
        &not_cordis.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("notes.csv: neither a CORDIS project.csv"),
        "{}",
        text(&output.stderr)
    );
    let strict = regiograph(&[
        "import",
        "cordis",
        &cordis_fixture("h2020/project.csv").display().to_string(),
        &cordis_fixture("h2020/organization.csv")
            .display()
            .to_string(),
        "--strict",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        text(&strict.stderr).contains("2 rows refused and --strict given: nothing was written")
    );
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("listed").collect();
    assert_eq!(left.len(), 1, "only the input is left: {left:?}");
}

#[test]
fn an_interrupted_import_leaves_no_directory_to_serve() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let inputs = dir.path().join("downloads");
    let generated = regiograph(&[
        "generate",
        "--cordis-rows",
        "100000",
        "--out",
        &inputs.display().to_string(),
    ]);
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    let out = dir.path().join("import");
    // Killed at different moments (reading, writing), the import leaves either nothing
    // under the output's name or a complete directory, never a half-written one.
    for delay in [100, 400, 1600] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_regiograph"))
            .args(["import", "cordis"])
            .arg(inputs.join("cordis-HORIZONprojects-csv.zip"))
            .arg(inputs.join("cordis-h2020projects-csv.zip"))
            .arg("--out")
            .arg(&out)
            .current_dir(root())
            .env_remove("REGIOGRAPH_DATA")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the binary starts");
        std::thread::sleep(std::time::Duration::from_millis(delay));
        child.kill().expect("killed");
        child.wait().expect("reaped");
        if out.exists() {
            assert!(
                out.join("import-report.txt").is_file(),
                "a half-written {}",
                out.display()
            );
        }
    }
    // The next import into the same place succeeds and clears what the killed ones left.
    let output = import_cordis(dir.path(), &out);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("listed")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name != "cordis-HORIZONprojects-csv.zip")
        .collect();
    left.sort();
    assert_eq!(left, ["downloads", "import"]);
    let validated = regiograph(&[
        "validate",
        "--data",
        "data",
        "--data",
        &out.display().to_string(),
    ]);
    assert!(validated.status.success(), "{}", text(&validated.stderr));
}

/// The README's import query (the ```graphql import block), as a researcher runs it.
fn readme_import_query() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("the README");
    let start = readme
        .find("```graphql import\n")
        .expect("an import query in the README");
    let rest = &readme[start + "```graphql import\n".len()..];
    rest[..rest.find("```").expect("the end of the block")].to_owned()
}

#[tokio::test]
async fn the_readme_question_finds_cantabrian_partners_of_mexican_ones() {
    let (_, _, state) = cordis();
    let data = data_on(state, &readme_import_query()).await;
    let projects = &data["projects"]["nodes"];
    assert_eq!(
        crate::ids(projects),
        ["project:cordis-999100001"],
        "{data:#}"
    );
    let partners: Vec<&str> = projects[0]["partnersPage"]["nodes"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|p| p["partner"]["name"].as_str())
        .collect();
    assert!(
        partners.contains(&"Example University of Cantabria"),
        "{partners:?}"
    );
    assert!(
        partners.contains(&"EXAMPLE INNOVATION AGENCY OF CHIHUAHUA"),
        "{partners:?}"
    );
    // Without a partner in Mexico, the Horizon Europe twinning project is not an answer.
    let both = data_on(
        state,
        r#"{ projects(partnersIn: ["region:es-cb"], programme: "programme:horizon-europe") { nodes { id } } }"#,
    )
    .await;
    assert_eq!(
        crate::ids(&both["projects"]["nodes"]),
        ["project:cordis-999100001", "project:cordis-999100002"]
    );
}

#[test]
fn a_served_entity_keeps_its_place_when_an_import_places_it_elsewhere() {
    // The served data already holds the Kohesio item Q999999102, in Cantabria; the Portuguese
    // file places its operation's beneficiary in Norte. Both cannot stand (the loader refuses
    // an entity in two regions neither of which contains the other), so the served place
    // stands and the summary says so.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let served = dir.path().join("served");
    std::fs::create_dir(&served).expect("a directory");
    std::fs::write(
        served.join("university.toml"),
        r#"[[source]]
id = "source:test-served"
title = "A made-up register for this test"

[[institution]]
id = "institution:test-university"
name = "Test University of Nowhere"
kind = "university"
located_in = "region:cantabria"
external_ids = [{ scheme = "kohesio", value = "Q999999102" }]
sources = ["source:test-served"]
"#,
    )
    .expect("written");
    let out = dir.path().join("kohesio");
    let fixture = root().join("tests/fixtures/import/kohesio/PT-pp21-27-fixture.csv");
    let output = regiograph(&[
        "import",
        "kohesio",
        &fixture.display().to_string(),
        "--data",
        "data",
        "--data",
        &served.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout)
            .contains("1 entities are placed elsewhere by the served data, which stands"),
        "{}",
        text(&output.stdout)
    );
    let validated = regiograph(&[
        "validate",
        "--data",
        "data",
        "--data",
        &served.display().to_string(),
        "--data",
        &out.display().to_string(),
    ]);
    assert!(validated.status.success(), "{}", text(&validated.stderr));
}
