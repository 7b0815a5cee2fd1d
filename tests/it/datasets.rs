//! `regiograph import kohesio` and `regiograph import interreg`: the hand-written fixtures read
//! through the real binary, written as data directories, and served beside the bundled data
//! through the real router. Every expected value is read off the fixture files by hand.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use regiograph::Dataset;
use regiograph::server::AppState;
use serde_json::{Value, json};

use crate::{data_dir, data_on, regiograph, root, state_of, text};

fn fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures/import").join(path)
}

const ES: &str = "ES-pp14-20-fixture.csv";
const PT: &str = "PT-pp21-27-fixture.csv";
const PROJECTS: &str = "keep-projects.csv";
const PARTNERS: &str = "keep-partners.csv";
const OPERATIONS: &str = "list-of-operations-example-nowhere.xlsx";

/// The inputs of a format, in the order a user would give them.
fn inputs(format: &str) -> Vec<PathBuf> {
    match format {
        "kohesio" => [ES, PT]
            .iter()
            .map(|f| fixture(&format!("kohesio/{f}")))
            .collect(),
        // Partners before projects, as a shell's glob lists them: projects are still read
        // first.
        "interreg" => [PARTNERS, PROJECTS, OPERATIONS]
            .iter()
            .map(|f| fixture(&format!("interreg/{f}")))
            .collect(),
        other => panic!("no fixtures for {other}"),
    }
}

/// Imports a format's fixtures into `out` and returns the command's output.
fn run_import(format: &str, out: &Path) -> Output {
    let inputs: Vec<String> = inputs(format)
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut args = vec!["import", format];
    args.extend(inputs.iter().map(String::as_str));
    let out = out.display().to_string();
    args.extend(["--out", &out]);
    regiograph(&args)
}

/// An import done once: its directory, the command's output, and the bundled data with it.
type Imported = (tempfile::TempDir, Output, AppState);

fn import_once(format: &str) -> Imported {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join(format);
    let output = run_import(format, &out);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let dirs = [data_dir(), out];
    let state = state_of(&dirs);
    (dir, output, state)
}

fn kohesio() -> &'static Imported {
    static IMPORT: OnceLock<Imported> = OnceLock::new();
    IMPORT.get_or_init(|| import_once("kohesio"))
}

fn interreg() -> &'static Imported {
    static IMPORT: OnceLock<Imported> = OnceLock::new();
    IMPORT.get_or_init(|| import_once("interreg"))
}

/// The counts the summary table gives a file (or `total`): rows, imported, merged, refused.
fn counts<'s>(summary: &'s str, file: &str) -> Vec<&'s str> {
    summary
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>())
        .find(|cells| cells.first() == Some(&file))
        .unwrap_or_else(|| panic!("no line for {file} in\n{summary}"))[1..]
        .to_vec()
}

/// Checks that standard error lists each refusal, as `refused FILE:LINE: REASON: DETAIL`.
fn assert_refused(output: &Output, expected: &[&str]) {
    let refusals = text(&output.stderr);
    for expected in expected {
        assert!(
            refusals.contains(&format!("refused {expected}")),
            "{expected}\nnot in\n{refusals}"
        );
    }
    let listed = refusals
        .lines()
        .filter(|l| l.starts_with("refused "))
        .count();
    assert_eq!(listed, expected.len(), "{refusals}");
}

/// The ids of every institution inside a region, over every page.
async fn institutions_in(state: &AppState, region: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut after = String::from("null");
    loop {
        let query = format!(
            r#"{{ institutions(in: "{region}", first: 100, after: {after}) {{
                nodes {{ id }} pageInfo {{ hasNextPage endCursor }} }} }}"#
        );
        let data = data_on(state, &query).await;
        let page = &data["institutions"];
        ids.extend(crate::ids(&page["nodes"]).into_iter().map(str::to_owned));
        if page["pageInfo"]["hasNextPage"] != true {
            return ids;
        }
        after = page["pageInfo"]["endCursor"].to_string();
    }
}

/// Checks that importing again gives the same files, byte for byte, and that the output
/// validates beside the bundled data.
fn check_repeatable_and_valid(format: &str, imported: &Imported) {
    let (dir, _, _) = imported;
    let again = dir.path().join("again");
    let output = run_import(format, &again);
    assert!(output.status.success(), "{}", text(&output.stderr));
    for file in [
        "sources.jsonl",
        "entities.jsonl",
        "relations.jsonl",
        "import-report.txt",
    ] {
        let first = std::fs::read(dir.path().join(format).join(file)).expect("first import");
        let second = std::fs::read(again.join(file)).expect("second import");
        assert!(
            first == second,
            "{format}: {file} differs between two imports"
        );
    }
    for out in [dir.path().join(format), again] {
        let validated = regiograph(&[
            "validate",
            "--data",
            "data",
            "--data",
            &out.display().to_string(),
        ]);
        assert!(
            validated.status.success(),
            "{}{}",
            text(&validated.stdout),
            text(&validated.stderr)
        );
    }
}

// Kohesio: ES-pp14-20-fixture.csv holds ten rows (the first spans lines 2 and 3), five of them
// refused; PT-pp21-27-fixture.csv two rows, the first naming the ES file's university again by
// its item, in capitals.

#[test]
fn kohesio_summary_accounts_for_every_row() {
    let (_, output, _) = kohesio();
    let summary = text(&output.stdout);
    // Columns: rows, imported, merged, refused. Line 4 adds a second beneficiary to the
    // operation of lines 2-3; line 5 names two beneficiaries in one cell, one row.
    assert_eq!(counts(&summary, ES), ["10", "5", "0", "5"]);
    assert_eq!(counts(&summary, PT), ["2", "2", "0", "0"]);
    assert_eq!(counts(&summary, "total"), ["12", "7", "0", "5"]);
    // Items 101, 102, 103, 107 and 301; operations 001, 002, 006, 007, 201 and 202; the two
    // programmes; seven partnerships and the six operations' places.
    assert!(
        summary
            .contains("written: 13 entities (5 institution, 2 programme, 6 project), 13 relations"),
        "{summary}"
    );
    // Operation 006 and its beneficiary give ZZ999; both are placed in Spain, by name.
    assert!(
        summary.contains(
            "2 entities give a NUTS code the map of regions does not know (ZZ999); 2 placed in an enclosing region"
        ),
        "{summary}"
    );
}

#[test]
fn kohesio_refused_rows_are_listed_with_file_line_and_reason() {
    let (_, output, _) = kohesio();
    assert_refused(
        output,
        &[
            "ES-pp14-20-fixture.csv:6: no organisation name: the beneficiary Q999999104 has no name",
            "ES-pp14-20-fixture.csv:7: amount not a number: EU funding: `tbc` is not an amount",
            "ES-pp14-20-fixture.csv:8: not a date: start date: `31/02/2018` is not a date (expected 2021-09-01 or 01/09/2021)",
            "ES-pp14-20-fixture.csv:11: malformed project identifier: `not-an-item` is not a Kohesio item",
            "ES-pp14-20-fixture.csv:12: unreadable row: column 14 is not valid UTF-8 text",
        ],
    );
}

#[tokio::test]
async fn one_institution_per_kohesio_item_across_both_files() {
    let (_, _, state) = kohesio();
    let data = data_on(
        state,
        r#"{ university: entityByExternalId(scheme: KOHESIO, value: "Q999999102") {
               id name aliases sources { id }
               ... on Institution { institutionKind
                 partnerships { of { id } role figures { label value unit } } } }
             agency: entityByExternalId(scheme: KOHESIO, value: "Q999999101") {
               id aliases ... on Institution { partnerships { of { id } role } } }
             nameless: entityByExternalId(scheme: KOHESIO, value: "Q999999104") { id }
             badAmount: entityByExternalId(scheme: KOHESIO, value: "Q999999105") { id }
             badText: entityByExternalId(scheme: KOHESIO, value: "Q999999109") { id } }"#,
    )
    .await;
    let university = &data["university"];
    assert_eq!(university["id"], "institution:kohesio-q999999102");
    assert_eq!(university["name"], "Test University of Nowhere");
    assert_eq!(university["aliases"], json!(["TEST UNIVERSITY OF NOWHERE"]));
    assert_eq!(university["institutionKind"], "OTHER");
    assert_eq!(
        university["sources"],
        json!([
            { "id": "source:es-pp14-20-fixture-csv" },
            { "id": "source:pt-pp21-27-fixture-csv" }
        ])
    );
    // A beneficiary's amounts are the operation's: its partnerships carry no figures.
    assert_eq!(
        university["partnerships"],
        json!([
            { "of": { "id": "project:kohesio-q999999001" }, "role": "beneficiary", "figures": [] },
            { "of": { "id": "project:kohesio-q999999201" }, "role": "beneficiary", "figures": [] }
        ])
    );
    // The agency of lines 2 and 5, named the same on both: one institution, no alias.
    assert_eq!(data["agency"]["id"], "institution:kohesio-q999999101");
    assert_eq!(data["agency"]["aliases"], json!([]));
    assert_eq!(
        data["agency"]["partnerships"],
        json!([
            { "of": { "id": "project:kohesio-q999999001" }, "role": "beneficiary" },
            { "of": { "id": "project:kohesio-q999999002" }, "role": "beneficiary" }
        ])
    );
    // Beneficiaries of refused rows are not imported.
    assert_eq!(data["nameless"], Value::Null);
    assert_eq!(data["badAmount"], Value::Null);
    assert_eq!(data["badText"], Value::Null);
}

#[tokio::test]
async fn kohesio_beneficiaries_are_placed_by_nuts_code_or_country_name() {
    let (_, _, state) = kohesio();
    let data = data_on(
        state,
        r#"{ agency: entity(id: "institution:kohesio-q999999101") {
               ... on Institution { location { id } address { country nuts } } inferredFields }
             northern: entity(id: "institution:kohesio-q999999301") {
               ... on Institution { location { id } address { country nuts } } inferredFields }
             fishermen: entity(id: "institution:kohesio-q999999107") {
               ... on Institution { location { id } address { country nuts } } inferredFields } }"#,
    )
    .await;
    // NUTS 3 code ES130 is the province of Cantabria. The file places operations, so their
    // beneficiaries are placed there as an inference, and get no address of their own.
    assert_eq!(
        data["agency"],
        json!({ "location": { "id": "region:es-s" }, "address": null, "inferredFields": ["located_in"] })
    );
    assert_eq!(
        data["northern"],
        json!({ "location": { "id": "region:nuts-pt111" }, "address": null, "inferredFields": ["located_in"] })
    );
    // A code no NUTS version has is kept as published; the country's name places the
    // beneficiary in Spain (the bundled data's region:spain, which region:es joins).
    assert_eq!(
        data["fishermen"],
        json!({ "location": { "id": "region:spain" }, "address": null, "inferredFields": ["located_in"] })
    );
    let cantabria = institutions_in(state, "region:es-cb").await;
    let spain = institutions_in(state, "region:es").await;
    for item in ["q999999101", "q999999102", "q999999103"] {
        let id = format!("institution:kohesio-{item}");
        assert!(cantabria.contains(&id), "{id} not in Cantabria");
        assert!(spain.contains(&id), "{id} not in Spain");
    }
    assert!(spain.contains(&"institution:kohesio-q999999107".to_owned()));
    assert!(!cantabria.contains(&"institution:kohesio-q999999107".to_owned()));
    let norte = institutions_in(state, "region:nuts-pt11").await;
    let portugal = institutions_in(state, "region:pt").await;
    for list in [&norte, &portugal] {
        assert!(list.contains(&"institution:kohesio-q999999301".to_owned()));
        // The university's first row placed it in Cantabria; the PT row does not move it.
        assert!(!list.contains(&"institution:kohesio-q999999102".to_owned()));
    }
}

#[tokio::test]
async fn kohesio_operations_keep_amounts_fund_dates_and_programme() {
    let (_, _, state) = kohesio();
    let data = data_on(
        state,
        r#"{ pilot: entityByExternalId(scheme: KOHESIO, value: "Q999999001") {
               id name figures { label value unit }
               ... on Project { start end status fundingScheme programme { id name }
                 partners { partner { id } } } }
             comma: entityByExternalId(scheme: KOHESIO, value: "Q999999002") {
               figures { label value } }
             unknown: entityByExternalId(scheme: KOHESIO, value: "Q999999006") {
               figures { label value } }
             unnamed: entityByExternalId(scheme: KOHESIO, value: "Q999999007") {
               figures { label value } ... on Project { partners { role } } }
             grouped: entityByExternalId(scheme: KOHESIO, value: "Q999999201") {
               figures { label value }
               ... on Project { start end status fundingScheme programme { id name } } } }"#,
    )
    .await;
    let pilot = &data["pilot"];
    assert_eq!(pilot["id"], "project:kohesio-q999999001");
    assert_eq!(pilot["name"], "Example smart harbour pilot");
    assert_eq!(
        (&pilot["start"], &pilot["end"]),
        (&json!("2017-03-01"), &json!("2020-12-31"))
    );
    // Kohesio publishes the fund, not a status.
    assert_eq!(pilot["fundingScheme"], "ERDF");
    assert_eq!(pilot["status"], Value::Null);
    assert_eq!(
        pilot["programme"],
        json!({
            "id": "programme:kohesio-2014es16rfop999",
            "name": "Example ERDF Programme for Cantabria 2014-2020 (fixture)"
        })
    );
    assert_eq!(
        pilot["figures"],
        json!([
            { "label": "total eligible expenditure", "value": 1234567.5, "unit": "EUR" },
            { "label": "EU funding", "value": 617283.75, "unit": "EUR" }
        ])
    );
    assert_eq!(
        crate::ids(
            &pilot["partners"]
                .as_array()
                .expect("a list")
                .iter()
                .map(|p| p["partner"].clone())
                .collect::<Value>()
        ),
        [
            "institution:kohesio-q999999101",
            "institution:kohesio-q999999102"
        ]
    );
    // A decimal comma (`250000,50`), and no total where the cell is empty.
    assert_eq!(
        data["comma"]["figures"],
        json!([
            { "label": "total eligible expenditure", "value": 250000.5 },
            { "label": "EU funding", "value": 200000.4 }
        ])
    );
    assert_eq!(
        data["unknown"]["figures"],
        json!([{ "label": "EU funding", "value": 12000.0 }])
    );
    // An operation whose beneficiary is not published is still imported, without partners.
    assert_eq!(
        data["unnamed"],
        json!({
            "figures": [
                { "label": "total eligible expenditure", "value": 3000.5 },
                { "label": "EU funding", "value": 1500.25 }
            ],
            "partners": []
        })
    );
    // Dots grouping thousands before a decimal comma, and commas before a decimal point.
    let grouped = &data["grouped"];
    assert_eq!(
        grouped["figures"],
        json!([
            { "label": "total eligible expenditure", "value": 1234567.89 },
            { "label": "EU funding", "value": 1049382.71 }
        ])
    );
    assert_eq!(
        (&grouped["start"], &grouped["end"]),
        (&json!("2023-09-01"), &json!("2026-08-31"))
    );
    assert_eq!(grouped["fundingScheme"], "ERDF");
    assert_eq!(grouped["status"], Value::Null);
    assert_eq!(
        grouped["programme"],
        json!({
            "id": "programme:kohesio-2021pt16ffpr999",
            "name": "Example Programme Norte 2021-2027 (fixture)"
        })
    );
}

#[test]
fn kohesio_import_is_repeatable_and_valid() {
    check_repeatable_and_valid("kohesio", kohesio());
}

// Interreg: keep-projects.csv holds five projects (three refused), keep-partners.csv eight
// partners (the last spans lines 9 and 10), and the list of operations five partners under
// three title rows (its header is spreadsheet row 4).

#[test]
fn interreg_summary_accounts_for_every_row() {
    let (_, output, _) = interreg();
    let summary = text(&output.stdout);
    assert_eq!(counts(&summary, PROJECTS), ["5", "2", "0", "3"]);
    // Line 8 names the sea-basin project and the agency's PIC, both already read: merged.
    assert_eq!(counts(&summary, PARTNERS), ["8", "5", "1", "2"]);
    assert_eq!(counts(&summary, OPERATIONS), ["5", "3", "0", "2"]);
    assert_eq!(counts(&summary, "total"), ["18", "10", "1", "7"]);
    // Two PICs and four partners by name; two keep.eu projects and two operations; three
    // programmes; nine partnerships (projects are not placed).
    assert!(
        summary
            .contains("written: 13 entities (6 institution, 3 programme, 4 project), 9 relations"),
        "{summary}"
    );
    assert!(
        summary.contains(
            "1 entities give a NUTS code the map of regions does not know (ZZ999); 1 placed in an enclosing region"
        ),
        "{summary}"
    );
}

#[test]
fn interreg_refused_rows_are_listed_with_file_line_and_reason() {
    let (_, output, _) = interreg();
    assert_refused(
        output,
        &[
            "keep-projects.csv:4: amount not a number: total budget: `about a million` is not an amount",
            "keep-projects.csv:5: no project identifier: the row gives no keep.eu id, acronym or project name",
            "keep-projects.csv:6: not a date: start date: `2024-13-45` is not a date (expected 2021-09-01 or 01/09/2021)",
            "keep-partners.csv:5: no organisation name: the partner's name is empty",
            "keep-partners.csv:6: malformed PIC: `12345` is not a PIC",
            "list-of-operations-example-nowhere.xlsx:8: amount not a number: EU contribution: `tbc` is not an amount",
            "list-of-operations-example-nowhere.xlsx:9: no organisation name: the partner's name is empty",
        ],
    );
}

/// The partnership of an institution in a project, from a `partnerships` list.
fn partnership<'v>(partnerships: &'v Value, project: &str) -> &'v Value {
    partnerships
        .as_array()
        .expect("a list")
        .iter()
        .find(|p| p["of"]["id"] == project)
        .unwrap_or_else(|| panic!("no partnership in {project}: {partnerships:#}"))
}

#[tokio::test]
async fn one_institution_per_pic_across_keep_eu_and_a_list_of_operations() {
    let (_, _, state) = interreg();
    let data = data_on(
        state,
        r#"{ agency: entityByExternalId(scheme: PIC, value: "999999001") {
               id name aliases sources { id }
               ... on Institution { institutionKind inferredFields
                 partnerships { of { id } role figures { label value unit } } } }
             university: entityByExternalId(scheme: PIC, value: "999999002") {
               id name
               ... on Institution { institutionKind inferredFields
                 partnerships { of { id } role figures { label value unit } } } } }"#,
    )
    .await;
    let agency = &data["agency"];
    assert_eq!(agency["id"], "institution:pic-999999001");
    assert_eq!(agency["name"], "Example Regional Agency");
    assert_eq!(agency["aliases"], json!([]));
    assert_eq!(agency["institutionKind"], "AGENCY");
    assert_eq!(agency["inferredFields"], json!([]));
    assert_eq!(
        agency["sources"],
        json!([
            { "id": "source:keep-partners-csv" },
            { "id": "source:list-of-operations-example-nowhere-xlsx" }
        ])
    );
    let partnerships = &agency["partnerships"];
    assert_eq!(partnerships.as_array().map(Vec::len), Some(3));
    // keep.eu's `250,000.00` (a comma grouping thousands) and `200000.00`.
    assert_eq!(
        partnership(partnerships, "project:keep-999001"),
        &json!({
            "of": { "id": "project:keep-999001" },
            "role": "lead partner",
            "figures": [
                { "label": "partner budget", "value": 250000.0, "unit": "EUR" },
                { "label": "EU contribution", "value": 200000.0, "unit": "EUR" }
            ]
        })
    );
    // `1.000,50`: a dot grouping thousands before a decimal comma.
    assert_eq!(
        partnership(
            partnerships,
            "project:2014-2020-interreg-vb-example-sea-exsea"
        )["figures"],
        json!([
            { "label": "partner budget", "value": 1000.5, "unit": "EUR" },
            { "label": "EU contribution", "value": 850.43, "unit": "EUR" }
        ])
    );
    // The list of operations: a `Yes` lead flag, numbers as spreadsheet numbers.
    assert_eq!(
        partnership(
            partnerships,
            "project:interreg-vi-a-example-nowhere-2021-2027-exnw"
        ),
        &json!({
            "of": { "id": "project:interreg-vi-a-example-nowhere-2021-2027-exnw" },
            "role": "lead partner",
            "figures": [
                { "label": "eligible expenditure", "value": 300000.0, "unit": "EUR" },
                { "label": "EU contribution", "value": 240000.0, "unit": "EUR" }
            ]
        })
    );
    let university = &data["university"];
    assert_eq!(university["id"], "institution:pic-999999002");
    assert_eq!(university["name"], "Test University of Nowhere");
    // `Higher education and research ...` is mostly universities: the kind is inferred.
    assert_eq!(university["institutionKind"], "UNIVERSITY");
    assert_eq!(university["inferredFields"], json!(["kind"]));
    let partnerships = &university["partnerships"];
    assert_eq!(
        partnership(partnerships, "project:keep-999001"),
        &json!({
            "of": { "id": "project:keep-999001" },
            "role": "partner",
            "figures": [
                { "label": "partner budget", "value": 180000.5, "unit": "EUR" },
                { "label": "EU contribution", "value": 144000.4, "unit": "EUR" }
            ]
        })
    );
    // Text cells `12 500,75` (a space grouping thousands) and `10.000,60`.
    assert_eq!(
        partnership(
            partnerships,
            "project:interreg-vi-a-example-nowhere-2021-2027-exnw2"
        ),
        &json!({
            "of": { "id": "project:interreg-vi-a-example-nowhere-2021-2027-exnw2" },
            "role": "lead partner",
            "figures": [
                { "label": "eligible expenditure", "value": 12500.75, "unit": "EUR" },
                { "label": "EU contribution", "value": 10000.6, "unit": "EUR" }
            ]
        })
    );
}

#[tokio::test]
async fn interreg_partners_are_placed_by_nuts_code_or_country_name() {
    let (_, _, state) = interreg();
    let council = "institution:example-local-council-department-of-european-affairs-spain";
    let query = format!(
        r#"{{ agency: entity(id: "institution:pic-999999001") {{ ... on Institution {{ location {{ id }} }} }}
             university: entity(id: "institution:pic-999999002") {{ ... on Institution {{ location {{ id }} address {{ town country nuts }} }} }}
             coastal: entity(id: "institution:example-coastal-company-porto-portugal") {{
               name ... on Institution {{ institutionKind location {{ id }} address {{ town postcode country nuts }} }} }}
             municipality: entity(id: "institution:example-northern-municipality-braga-pt") {{
               ... on Institution {{ institutionKind location {{ id }} address {{ town country nuts }} }} }}
             association: entity(id: "institution:example-unknown-place-association-nowhere-spain") {{
               ... on Institution {{ institutionKind location {{ id }} address {{ town country nuts }} }} }}
             council: entity(id: "{council}") {{
               ... on Institution {{ institutionKind location {{ id }} address {{ town country nuts }} }} }} }}"#
    );
    let data = data_on(state, &query).await;
    assert_eq!(data["agency"]["location"]["id"], "region:es-s");
    assert_eq!(
        data["university"],
        json!({ "location": { "id": "region:nuts-el303" }, "address": { "town": "Athens", "country": "Greece", "nuts": "EL303" } })
    );
    // Without a NUTS 3 code, the NUTS 2 code places the partner.
    assert_eq!(
        data["coastal"],
        json!({
            "name": "Example Coastal Company",
            "institutionKind": "COMPANY",
            "location": { "id": "region:nuts-pt11" },
            "address": { "town": "Porto", "postcode": "4000-001", "country": "Portugal", "nuts": "PT11" }
        })
    );
    assert_eq!(
        data["municipality"],
        json!({
            "institutionKind": "GOVERNMENT",
            "location": { "id": "region:nuts-pt11" },
            "address": { "town": "Braga", "country": "PT", "nuts": "PT11" }
        })
    );
    // An unknown NUTS code is kept as published; the country's name places the partner.
    assert_eq!(
        data["association"],
        json!({
            "institutionKind": "ASSOCIATION",
            "location": { "id": "region:spain" },
            "address": { "town": "Nowhere", "country": "Spain", "nuts": "ZZ999" }
        })
    );
    // No place but the country's name.
    assert_eq!(
        data["council"],
        json!({
            "institutionKind": "GOVERNMENT",
            "location": { "id": "region:spain" },
            "address": { "town": null, "country": "Spain", "nuts": null }
        })
    );
    let spain = institutions_in(state, "region:es").await;
    let cantabria = institutions_in(state, "region:es-cb").await;
    for id in [
        "institution:pic-999999001",
        council,
        "institution:example-unknown-place-association-nowhere-spain",
    ] {
        assert!(spain.contains(&id.to_owned()), "{id} not in Spain");
    }
    assert!(cantabria.contains(&"institution:pic-999999001".to_owned()));
    assert!(!cantabria.contains(&council.to_owned()));
    let greece = institutions_in(state, "region:gr").await;
    assert!(greece.contains(&"institution:pic-999999002".to_owned()));
    let portugal = institutions_in(state, "region:pt").await;
    for id in [
        "institution:example-coastal-company-porto-portugal",
        "institution:example-northern-municipality-braga-pt",
    ] {
        assert!(portugal.contains(&id.to_owned()), "{id} not in Portugal");
    }
}

#[tokio::test]
async fn interreg_projects_keep_their_programme_and_amounts() {
    let (_, _, state) = interreg();
    let data = data_on(
        state,
        r#"{ digi: entityByExternalId(scheme: KEEP_PROJECT, value: "999001") {
               id name aliases figures { label value unit }
               ... on Project { start end status fundingScheme programme { id name }
                 partners { partner { name } role } } }
             sea: entity(id: "project:2014-2020-interreg-vb-example-sea-exsea") {
               name aliases figures { label value }
               ... on Project { start end status fundingScheme programme { id name } } }
             park: entity(id: "project:interreg-vi-a-example-nowhere-2021-2027-exnw") {
               name aliases figures { label value }
               ... on Project { start end programme { id name } } }
             refused: entityByExternalId(scheme: KEEP_PROJECT, value: "999003") { id } }"#,
    )
    .await;
    let digi = &data["digi"];
    assert_eq!(digi["id"], "project:keep-999001");
    assert_eq!(digi["name"], "Example digital regions network");
    assert_eq!(digi["aliases"], json!(["EXAMPLE-DIGI"]));
    assert_eq!(
        (&digi["start"], &digi["end"]),
        (&json!("2023-03-01"), &json!("2027-02-28"))
    );
    // keep.eu publishes neither a status nor a funding scheme.
    assert_eq!(digi["status"], Value::Null);
    assert_eq!(digi["fundingScheme"], Value::Null);
    assert_eq!(
        digi["programme"],
        json!({ "id": "programme:interreg-europe-2021-2027", "name": "Interreg Europe 2021-2027" })
    );
    // `1.950.000,00`: dots grouping thousands before a decimal comma.
    assert_eq!(
        digi["figures"],
        json!([
            { "label": "total budget", "value": 1950000.0, "unit": "EUR" },
            { "label": "EU funding", "value": 1560000.0, "unit": "EUR" }
        ])
    );
    let mut partners: Vec<(String, String)> = digi["partners"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| {
            (
                p["partner"]["name"].as_str().unwrap_or_default().to_owned(),
                p["role"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    partners.sort();
    let expected: Vec<(String, String)> = [
        ("Example Coastal Company", "partner"),
        (
            "Example Local Council, Department of European Affairs",
            "partner",
        ),
        ("Example Regional Agency", "lead partner"),
        ("Example Unknown Place Association", "partner"),
        ("Test University of Nowhere", "partner"),
    ]
    .iter()
    .map(|(name, role)| ((*name).to_owned(), (*role).to_owned()))
    .collect();
    assert_eq!(partners, expected);
    // Without a keep.eu id (`N.a.`), a project is named by its acronym in its programme.
    assert_eq!(
        data["sea"],
        json!({
            "name": "Example sea-basin cooperation",
            "aliases": ["EXSEA"],
            "figures": [
                { "label": "total budget", "value": 2349367.02 },
                { "label": "EU funding", "value": 1879493.6 }
            ],
            "start": "2017-01-01",
            "end": "2020-12-31",
            "status": null,
            "fundingScheme": null,
            "programme": {
                "id": "programme:2014-2020-interreg-vb-example-sea",
                "name": "2014 - 2020 INTERREG VB Example Sea"
            }
        })
    );
    // The list of operations names its programme in its title row, and its dates as
    // spreadsheet dates.
    assert_eq!(
        data["park"],
        json!({
            "name": "Example cross-border nature park",
            "aliases": ["EXNW"],
            "figures": [],
            "start": "2023-09-01",
            "end": "2026-08-31",
            "programme": {
                "id": "programme:interreg-vi-a-example-nowhere-2021-2027",
                "name": "Interreg VI-A Example-Nowhere 2021-2027"
            }
        })
    );
    assert_eq!(data["refused"], Value::Null);
}

#[test]
fn interreg_import_is_repeatable_and_valid() {
    check_repeatable_and_valid("interreg", interreg());
}

// A project's status and funding scheme, as any data file may state them.

const PROJECTS_TOML: &str = r#"
[[source]]
id = "source:s"
title = "S"

[[project]]
id = "project:first"
name = "First"
status = "SIGNED"
external_ids = [{ scheme = "cordis_project", value = "101" }]
sources = ["source:s"]

[[project]]
id = "project:second"
name = "Second"
status = "CLOSED"
funding_scheme = "HORIZON-RIA"
external_ids = [{ scheme = "cordis_project", value = "101" }]
sources = ["source:s"]

[[project]]
id = "project:plain"
name = "Plain"
sources = ["source:s"]
"#;

#[tokio::test]
async fn a_project_keeps_its_first_status_and_fills_a_missing_funding_scheme() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("p.toml"), PROJECTS_TOML).expect("written");
    let data = match Dataset::load(dir.path()) {
        Ok(data) => data,
        Err(error) => panic!("the projects must load:\n{error}"),
    };
    let state = AppState::new(data);
    let data = data_on(
        &state,
        r#"{ merged: entity(id: "project:second") { id ... on Project { status fundingScheme } }
             plain: entity(id: "project:plain") { ... on Project { status fundingScheme } } }"#,
    )
    .await;
    assert_eq!(
        data["merged"],
        json!({ "id": "project:first", "status": "SIGNED", "fundingScheme": "HORIZON-RIA" })
    );
    assert_eq!(
        data["plain"],
        json!({ "status": null, "fundingScheme": null })
    );
}

#[test]
fn status_and_funding_scheme_apply_only_to_projects_and_are_never_blank() {
    let text = r#"[[source]]
id = "source:s"
title = "S"

[[region]]
id = "region:r"
name = "R"
level = "region"
status = "SIGNED"
sources = ["source:s"]

[[programme]]
id = "programme:p"
name = "P"
funding_scheme = "ERDF"
sources = ["source:s"]

[[project]]
id = "project:x"
name = "X"
status = " "
sources = ["source:s"]
"#;
    let problems: Vec<String> = match regiograph::load::load_toml_str("t.toml", text) {
        Ok(_) => panic!("the records must not load"),
        Err(regiograph::load::LoadError::Invalid(report)) => {
            report.problems.iter().map(ToString::to_string).collect()
        }
        Err(other) => panic!("expected a validation report, got {other}"),
    };
    assert_eq!(
        problems,
        [
            "t.toml:9: field `status` does not apply to a region; its own fields are: level, iso_3166, part_of",
            "t.toml:15: field `funding_scheme` does not apply to a programme; its own fields are: kind, start, end, part_of",
            "t.toml:21: `status` is empty: leave it out when no source gives one",
        ]
    );
}
