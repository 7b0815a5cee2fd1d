//! Tests of the Interreg reader on the hand-written fixtures.

use std::path::PathBuf;

use super::*;
use crate::import::kohesio::tests::{entity, figure, fixture, reference, refusals};
use crate::import::{Records, Summary};
use crate::load::RelationRecord;
use crate::progress::Silent;

const PROJECTS: &str = "keep-projects.csv";
const PARTNERS: &str = "keep-partners.csv";
const OPERATIONS: &str = "list-of-operations-example-nowhere.xlsx";

fn import(names: &[&str]) -> (Records, Summary) {
    let inputs: Vec<PathBuf> = names
        .iter()
        .map(|n| fixture(&format!("interreg/{n}")))
        .collect();
    crate::import::read(
        crate::import::Format::Interreg,
        &inputs,
        reference(),
        &Silent,
    )
    .expect("the fixtures read")
}

fn partner_in<'r>(records: &'r Records, from: &str, to: &str) -> &'r RelationRecord {
    records
        .relations
        .iter()
        .find(|r| r.rel_type == "partner_in" && r.from == from && r.to == to)
        .unwrap_or_else(|| panic!("no partner_in from {from} to {to}"))
}

fn relation_figure(relation: &RelationRecord, label: &str) -> Option<f64> {
    relation
        .figures
        .iter()
        .find(|f| f.label == label)
        .map(|f| f.value)
}

#[test]
fn accounts_for_every_row_with_its_line_and_reason() {
    // Partners first, as a shell's glob gives them: projects are still read first.
    let (_, summary) = import(&[PARTNERS, PROJECTS, OPERATIONS]);
    let counts = |file: &str| {
        let c = &summary.files[file];
        (c.rows, c.imported, c.merged, c.refused)
    };
    assert_eq!(counts(PROJECTS), (5, 2, 0, 3));
    assert_eq!(
        refusals(&summary, PROJECTS),
        vec![
            (4, "amount not a number"),
            (5, "no project identifier"),
            (6, "not a date")
        ]
    );
    // The second row of the sea-basin project's lead partner names a project and a PIC
    // already read: it is merged.
    assert_eq!(counts(PARTNERS), (8, 5, 1, 2));
    assert_eq!(
        refusals(&summary, PARTNERS),
        vec![(5, "no organisation name"), (6, "malformed PIC")]
    );
    assert_eq!(counts(OPERATIONS), (5, 3, 0, 2));
    assert_eq!(
        refusals(&summary, OPERATIONS),
        vec![(8, "amount not a number"), (9, "no organisation name")]
    );
}

#[test]
fn reads_keep_eu_projects_and_programmes() {
    let (records, _) = import(&[PARTNERS, PROJECTS, OPERATIONS]);
    let digi = entity(&records, "project:keep-999001");
    assert_eq!(digi.name, "Example digital regions network");
    assert_eq!(digi.aliases, vec!["EXAMPLE-DIGI"]);
    assert_eq!(
        (digi.start.as_deref(), digi.end.as_deref()),
        (Some("2023-03-01"), Some("2027-02-28"))
    );
    assert_eq!(figure(digi, "total budget"), Some(1_950_000.0));
    assert_eq!(figure(digi, "EU funding"), Some(1_560_000.0));
    assert_eq!(
        digi.programme.as_deref(),
        Some("programme:interreg-europe-2021-2027")
    );
    let europe = entity(&records, "programme:interreg-europe-2021-2027");
    assert_eq!(europe.name, "Interreg Europe 2021-2027");
    assert_eq!(europe.kind.as_deref(), Some("cooperation_programme"));
    assert_eq!(
        (europe.start.as_deref(), europe.end.as_deref()),
        (Some("2021"), Some("2027"))
    );
    // Without a keep.eu id, a project is named by its acronym within its programme.
    let sea = entity(&records, "project:2014-2020-interreg-vb-example-sea-exsea");
    assert_eq!(sea.name, "Example sea-basin cooperation");
    assert_eq!(figure(sea, "total budget"), Some(2_349_367.02));
    assert_eq!(figure(sea, "EU funding"), Some(1_879_493.6));
    assert_eq!(
        records.sources[0].title,
        "keep.eu: Interreg project partners"
    );
    assert_eq!(records.sources[1].title, "keep.eu: Interreg projects");
}

#[test]
fn keeps_one_institution_per_pic_across_files() {
    let (records, _) = import(&[PARTNERS, PROJECTS, OPERATIONS]);
    let agency = entity(&records, "institution:pic-999999001");
    assert_eq!(agency.name, "Example Regional Agency");
    assert_eq!(agency.kind.as_deref(), Some("agency"));
    assert_eq!(agency.sources.len(), 2);
    let lead = partner_in(&records, "institution:pic-999999001", "project:keep-999001");
    assert_eq!(lead.role.as_deref(), Some("lead partner"));
    assert_eq!(relation_figure(lead, "partner budget"), Some(250_000.0));
    assert_eq!(relation_figure(lead, "EU contribution"), Some(200_000.0));
    let sea = partner_in(
        &records,
        "institution:pic-999999001",
        "project:2014-2020-interreg-vb-example-sea-exsea",
    );
    assert_eq!(relation_figure(sea, "partner budget"), Some(1000.5));
    assert_eq!(relation_figure(sea, "EU contribution"), Some(850.43));
    let nature = partner_in(
        &records,
        "institution:pic-999999001",
        "project:interreg-vi-a-example-nowhere-2021-2027-exnw",
    );
    assert_eq!(nature.role.as_deref(), Some("lead partner"));
    assert_eq!(
        relation_figure(nature, "eligible expenditure"),
        Some(300_000.0)
    );
    assert_eq!(relation_figure(nature, "EU contribution"), Some(240_000.0));
    let university = entity(&records, "institution:pic-999999002");
    assert_eq!(university.kind.as_deref(), Some("university"));
    let exchange = partner_in(
        &records,
        "institution:pic-999999002",
        "project:interreg-vi-a-example-nowhere-2021-2027-exnw2",
    );
    assert_eq!(
        relation_figure(exchange, "eligible expenditure"),
        Some(12_500.75)
    );
    assert_eq!(relation_figure(exchange, "EU contribution"), Some(10_000.6));
    let pics = records
        .entities
        .iter()
        .filter(|e| e.id.starts_with("institution:pic-"))
        .count();
    assert_eq!(pics, 2);
    let coastal = partner_in(
        &records,
        "institution:example-coastal-company-porto-portugal",
        "project:keep-999001",
    );
    assert_eq!(coastal.role.as_deref(), Some("partner"));
    assert_eq!(relation_figure(coastal, "partner budget"), Some(90_000.0));
}

#[test]
fn places_partners_by_nuts_code_or_country_name() {
    let (records, summary) = import(&[PARTNERS, PROJECTS, OPERATIONS]);
    let located = |id: &str| entity(&records, id).located_in.clone();
    assert_eq!(
        located("institution:pic-999999001").as_deref(),
        Some("region:es-s")
    );
    assert_eq!(
        located("institution:pic-999999002").as_deref(),
        Some("region:nuts-el303")
    );
    assert_eq!(
        located("institution:example-coastal-company-porto-portugal").as_deref(),
        Some("region:nuts-pt11")
    );
    // A country name alone places a partner in its country.
    let council = records
        .entities
        .iter()
        .find(|e| e.name.starts_with("Example Local Council"))
        .expect("the council");
    assert_eq!(council.located_in.as_deref(), Some("region:es"));
    assert_eq!(council.kind.as_deref(), Some("government"));
    // An unknown NUTS code is counted; the partner is placed in its country.
    let unknown = records
        .entities
        .iter()
        .find(|e| e.name == "Example Unknown Place Association")
        .expect("the association");
    assert_eq!(unknown.located_in.as_deref(), Some("region:es"));
    assert_eq!(unknown.kind.as_deref(), Some("association"));
    assert_eq!(summary.unknown_nuts.get("ZZ999"), Some(&1));
}

#[test]
fn reads_a_list_of_operations_under_its_title_rows() {
    let (records, _) = import(&[OPERATIONS]);
    let programme = entity(
        &records,
        "programme:interreg-vi-a-example-nowhere-2021-2027",
    );
    assert_eq!(programme.name, "Interreg VI-A Example-Nowhere 2021-2027");
    let park = entity(
        &records,
        "project:interreg-vi-a-example-nowhere-2021-2027-exnw",
    );
    assert_eq!(park.name, "Example cross-border nature park");
    assert_eq!(
        (park.start.as_deref(), park.end.as_deref()),
        (Some("2023-09-01"), Some("2026-08-31"))
    );
    let source = &records.sources[0];
    assert_eq!(
        source.title,
        "List of operations: Interreg VI-A Example-Nowhere 2021-2027"
    );
    assert_eq!(source.date.as_deref(), Some("2025-05-31"));
    let municipality = records
        .entities
        .iter()
        .find(|e| e.name == "Example Northern Municipality")
        .expect("the municipality");
    assert_eq!(municipality.located_in.as_deref(), Some("region:nuts-pt11"));
    assert_eq!(municipality.kind.as_deref(), Some("government"));
}

#[test]
fn refuses_a_file_that_is_not_interreg() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let csv = dir.path().join("other.csv");
    std::fs::write(&csv, "id;title\n1;x\n").expect("written");
    let error = crate::import::read(
        crate::import::Format::Interreg,
        &[csv],
        reference(),
        &Silent,
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(
        error.starts_with("other.csv: not an Interreg table"),
        "{error}"
    );
    let xlsx = dir.path().join("other.xlsx");
    std::fs::write(&xlsx, "not a workbook").expect("written");
    let error = crate::import::read(
        crate::import::Format::Interreg,
        &[xlsx],
        reference(),
        &Silent,
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(error.starts_with("other.xlsx: "), "{error}");
}

#[test]
fn reads_roles_kinds_and_programmes() {
    assert_eq!(role("Yes").as_deref(), Some("lead partner"));
    assert_eq!(role("LP").as_deref(), Some("lead partner"));
    assert_eq!(role("Project partner").as_deref(), Some("partner"));
    assert_eq!(role("Local public authority"), None);
    assert_eq!(
        institution_kind("SME"),
        Some((InstitutionKind::Company, false))
    );
    assert_eq!(institution_kind("Business support organisation"), None);
    let programme = programme_row("2014 - 2020 INTERREG VB North Sea", Some("2014-2020"));
    assert_eq!(programme.name, "2014 - 2020 INTERREG VB North Sea");
    assert_eq!(programme.slug, "2014-2020-interreg-vb-north-sea");
    assert_eq!(
        programme_row("Interreg Europe", Some("2021-2027")).slug,
        "interreg-europe-2021-2027"
    );
    assert_eq!(
        update_date("Date of last update: | 31/05/2025").as_deref(),
        Some("2025-05-31")
    );
}
