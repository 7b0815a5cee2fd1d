//! Tests of the Kohesio reader on the hand-written fixtures, and helpers the other readers'
//! tests share.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::*;
use crate::import::{Records, Summary};
use crate::load::EntityRecord;
use crate::model::Graph;
use crate::progress::Silent;

/// The reference layer (countries and NUTS regions), loaded once for every reader's tests.
pub(crate) fn reference() -> &'static Graph {
    static GRAPH: OnceLock<Graph> = OnceLock::new();
    GRAPH.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("a temporary directory");
        for name in [
            "reference-entities.jsonl",
            "reference-relations.jsonl",
            "reference-sources.jsonl",
        ] {
            std::fs::copy(root.join("data").join(name), dir.path().join(name))
                .expect("the reference layer");
        }
        crate::load::load_dirs_with_progress(&[dir.path().to_owned()], &Silent)
            .expect("the reference layer loads")
            .0
    })
}

/// A fixture file by its name under `tests/fixtures/import/`.
pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// An entity of the records by id.
pub(crate) fn entity<'r>(records: &'r Records, id: &str) -> &'r EntityRecord {
    records
        .entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entity {id}"))
}

/// A figure of an entity by label.
pub(crate) fn figure(entity: &EntityRecord, label: &str) -> Option<f64> {
    entity
        .figures
        .iter()
        .find(|f| f.label == label)
        .map(|f| f.value)
}

/// The refusals of a file as (line, reason).
pub(crate) fn refusals(summary: &Summary, file: &str) -> Vec<(usize, &'static str)> {
    summary
        .refusals
        .iter()
        .filter(|r| r.at.file.as_ref() == file)
        .map(|r| (r.at.line, r.refusal.reason))
        .collect()
}

fn import(names: &[&str]) -> (Records, Summary) {
    let inputs: Vec<PathBuf> = names
        .iter()
        .map(|n| fixture(&format!("kohesio/{n}")))
        .collect();
    crate::import::read(
        crate::import::Format::Kohesio,
        &inputs,
        reference(),
        &Silent,
    )
    .expect("the fixtures read")
}

const ES: &str = "ES-pp14-20-fixture.csv";
const PT: &str = "PT-pp21-27-fixture.csv";

#[test]
fn accounts_for_every_row_with_its_line_and_reason() {
    let (_, summary) = import(&[ES, PT]);
    let es = &summary.files[ES];
    assert_eq!((es.rows, es.imported, es.merged, es.refused), (10, 5, 0, 5));
    assert_eq!(
        refusals(&summary, ES),
        vec![
            (6, "no organisation name"),
            (7, "amount not a number"),
            (8, "not a date"),
            (11, "malformed project identifier"),
            (12, "unreadable row"),
        ]
    );
    let pt = &summary.files[PT];
    assert_eq!((pt.rows, pt.imported, pt.merged, pt.refused), (2, 2, 0, 0));
}

#[test]
fn keeps_one_institution_per_item_across_files() {
    let (records, _) = import(&[ES, PT]);
    let institutions: Vec<&str> = records
        .entities
        .iter()
        .filter(|e| e.id.starts_with("institution:"))
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(
        institutions,
        vec![
            "institution:kohesio-q999999101",
            "institution:kohesio-q999999102",
            "institution:kohesio-q999999103",
            "institution:kohesio-q999999107",
            "institution:kohesio-q999999301",
        ]
    );
    let university = entity(&records, "institution:kohesio-q999999102");
    assert_eq!(university.name, "Test University of Nowhere");
    assert_eq!(university.aliases, vec!["TEST UNIVERSITY OF NOWHERE"]);
    assert_eq!(university.sources.len(), 2);
    // The operation of two rows is one project, with both beneficiaries.
    let partners = records
        .relations
        .iter()
        .filter(|r| r.to == "project:kohesio-q999999001" && r.rel_type == "partner_in")
        .count();
    assert_eq!(partners, 2);
    // Two beneficiaries in one cell are two participations of one row.
    let shared: Vec<&str> = records
        .relations
        .iter()
        .filter(|r| r.to == "project:kohesio-q999999002")
        .map(|r| r.from.as_str())
        .collect();
    assert_eq!(
        shared,
        vec![
            "institution:kohesio-q999999101",
            "institution:kohesio-q999999103"
        ]
    );
    assert!(
        records
            .relations
            .iter()
            .all(|r| r.rel_type != "partner_in" || r.role.as_deref() == Some("beneficiary"))
    );
}

#[test]
fn reads_amounts_dates_and_programmes() {
    let (records, _) = import(&[ES, PT]);
    let pilot = entity(&records, "project:kohesio-q999999001");
    assert_eq!(pilot.name, "Example smart harbour pilot");
    assert_eq!(pilot.start.as_deref(), Some("2017-03-01"));
    assert_eq!(pilot.end.as_deref(), Some("2020-12-31"));
    assert_eq!(
        figure(pilot, "total eligible expenditure"),
        Some(1_234_567.5)
    );
    assert_eq!(figure(pilot, "EU funding"), Some(617_283.75));
    let comma = entity(&records, "project:kohesio-q999999002");
    assert_eq!(figure(comma, "total eligible expenditure"), Some(250_000.5));
    assert_eq!(figure(comma, "EU funding"), Some(200_000.4));
    let grouped = entity(&records, "project:kohesio-q999999201");
    assert_eq!(
        figure(grouped, "total eligible expenditure"),
        Some(1_234_567.89)
    );
    assert_eq!(figure(grouped, "EU funding"), Some(1_049_382.71));
    // A co-financing rate is a percentage, not an amount in euros.
    assert!(
        records
            .entities
            .iter()
            .flat_map(|e| &e.figures)
            .all(|f| f.unit.as_deref() == Some("EUR"))
    );
    assert_eq!(
        pilot.programme.as_deref(),
        Some("programme:kohesio-2014es16rfop999")
    );
    let programme = entity(&records, "programme:kohesio-2014es16rfop999");
    assert_eq!(
        programme.name,
        "Example ERDF Programme for Cantabria 2014-2020 (fixture)"
    );
    assert_eq!(programme.kind.as_deref(), Some("funding_programme"));
    assert_eq!(
        (programme.start.as_deref(), programme.end.as_deref()),
        (Some("2014"), Some("2020"))
    );
    // A row without a beneficiary still brings its operation.
    let unnamed = entity(&records, "project:kohesio-q999999007");
    assert_eq!(figure(unnamed, "EU funding"), Some(1500.25));
    assert_eq!(
        records.sources[0].title,
        "Kohesio: cohesion policy projects (Spain)"
    );
    assert_eq!(
        records.sources[1].title,
        "Kohesio: cohesion policy projects (Portugal)"
    );
    assert_eq!(records.sources[0].date, None);
}

#[test]
fn places_beneficiaries_and_operations_by_nuts_code() {
    let (records, summary) = import(&[ES, PT]);
    let agency = entity(&records, "institution:kohesio-q999999101");
    assert_eq!(agency.located_in.as_deref(), Some("region:es-s"));
    let northern = entity(&records, "institution:kohesio-q999999301");
    assert_eq!(northern.located_in.as_deref(), Some("region:nuts-pt111"));
    // An unknown NUTS code is counted, and the row placed in its country.
    let unknown = entity(&records, "institution:kohesio-q999999107");
    assert_eq!(unknown.located_in.as_deref(), Some("region:es"));
    assert_eq!(summary.unknown_nuts.get("ZZ999"), Some(&2));
    let placed = records
        .relations
        .iter()
        .find(|r| r.from == "project:kohesio-q999999001" && r.rel_type == "located_in")
        .map(|r| r.to.as_str());
    assert_eq!(placed, Some("region:es-s"));
}

#[test]
fn refuses_a_file_without_the_columns() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("other.csv");
    std::fs::write(&path, "id,title\r\n1,x\r\n").expect("written");
    let error = crate::import::read(
        crate::import::Format::Kohesio,
        &[path],
        reference(),
        &Silent,
    )
    .err()
    .map(|e| e.to_string());
    assert_eq!(
        error.as_deref(),
        Some(
            "other.csv: not a Kohesio project file: no column Operation_Unique_Identifier, Operation_Name_English, Beneficiary_Name in the header"
        )
    );
}

#[test]
fn reads_the_values_of_cells() {
    assert_eq!(
        entity_id("https://linkedopendata.eu/entity/Q2546841"),
        "Q2546841"
    );
    assert_eq!(entity_id("Q7"), "Q7");
    assert_eq!(nuts_of("ES130 Cantabria").as_deref(), Some("ES130"));
    assert_eq!(nuts_of("ES130; ES120").as_deref(), Some("ES1"));
    assert_eq!(nuts_of("ES130; PT11"), None);
    assert_eq!(coordinates_of("Point(-3.80 43.46)"), Some((43.46, -3.8)));
    assert_eq!(coordinates_of("43.46,-3.80"), Some((43.46, -3.8)));
    assert_eq!(coordinates_of("somewhere"), None);
    assert_eq!(
        years_of("2014 - 2020"),
        (Some("2014".into()), Some("2020".into()))
    );
    assert_eq!(
        country_of_file("ES-pp14-20-20230929.csv").as_deref(),
        Some("Spain")
    );
    assert_eq!(country_of_file("latest_EL.csv").as_deref(), Some("Greece"));
    assert_eq!(country_of_file("projects.csv"), None);
}
