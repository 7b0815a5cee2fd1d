//! Tests of the collector on rows made in the test.

use super::*;
use crate::import::rows::{OrganisationRow, ParticipationRow, ProjectKey, ProjectRow};
use crate::model::Graph;

fn at(line: usize) -> At {
    At {
        file: "t.csv".into(),
        line,
    }
}

fn project(q: &str) -> ProjectRow {
    ProjectRow {
        key: Some(ProjectKey::Kohesio(q.to_owned())),
        title: Some("An operation".to_owned()),
        ..ProjectRow::default()
    }
}

fn beneficiary(q: Option<&str>, name: &str) -> ParticipationRow {
    ParticipationRow {
        organisation: OrganisationRow {
            kohesio: q.map(str::to_owned),
            name: name.to_owned(),
            ..OrganisationRow::default()
        },
        role: Some("beneficiary".to_owned()),
        ..ParticipationRow::default()
    }
}

#[test]
fn a_kohesio_item_names_a_project_or_an_institution_not_both() {
    let graph = Graph::default();
    let mut collector = Collector::new(&graph);
    collector.participation(&at(2), Some(project("Q1")), beneficiary(Some("Q1"), "Body"));
    let (records, summary) = collector.finish();
    assert_eq!(summary.files["t.csv"].refused, 1);
    assert_eq!(
        summary.refusals[0].refusal.reason,
        "identifier of another kind"
    );
    // The project itself came before the clash and stays.
    assert_eq!(records.entities.len(), 1);
}

#[test]
fn a_row_naming_several_beneficiaries_counts_once() {
    let graph = Graph::default();
    let mut collector = Collector::new(&graph);
    let rows = vec![
        beneficiary(Some("Q10"), "First body"),
        beneficiary(None, " "),
        beneficiary(Some("Q11"), "Second body"),
    ];
    collector.participations(&at(2), Some(project("Q2")), rows);
    collector.participations(
        &at(3),
        Some(project("Q2")),
        vec![beneficiary(Some("Q10"), "FIRST BODY")],
    );
    let (records, summary) = collector.finish();
    let counts = &summary.files["t.csv"];
    assert_eq!(
        (counts.rows, counts.imported, counts.merged, counts.refused),
        (2, 1, 1, 0)
    );
    // The nameless beneficiary is listed with its row's place and counted by its reason.
    assert_eq!(
        summary.refused_by_reason.get("no organisation name"),
        Some(&1)
    );
    assert_eq!(summary.refusals[0].at.line, 2);
    assert_eq!(records.relations.len(), 2);
    let first = records
        .entities
        .iter()
        .find(|e| e.id == "institution:kohesio-q10")
        .expect("one institution per item");
    assert_eq!(first.aliases, ["FIRST BODY"]);
}

#[test]
fn a_project_that_ends_before_it_starts_is_refused() {
    let graph = Graph::default();
    let mut collector = Collector::new(&graph);
    let mut row = project("Q3");
    row.start = Some("2021-01-01".to_owned());
    row.end = Some("2020-01-01".to_owned());
    collector.project(&at(2), row);
    let (records, summary) = collector.finish();
    assert_eq!(summary.refusals[0].refusal.reason, "end before start");
    assert!(records.entities.is_empty());
}

#[test]
fn names_without_letters_still_make_ids() {
    let graph = Graph::default();
    let mut collector = Collector::new(&graph);
    collector.participation(&at(2), Some(project("Q4")), beneficiary(None, "***"));
    let (records, _) = collector.finish();
    let institution = records
        .entities
        .iter()
        .find(|e| e.id.starts_with("institution:"))
        .expect("the institution");
    assert!(
        institution.id.len() > "institution:".len(),
        "{}",
        institution.id
    );
}
