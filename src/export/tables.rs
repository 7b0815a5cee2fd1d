//! The cooperation tables as CSV, for pandas and R: groups of participations, the links and
//! regions of the cooperation matrix, and collaborators. One row per group, link, region or
//! collaborator; an amount no participation states is an empty cell, never 0.

use crate::analytics::cooperation::{Collaborator, Dimension, Group, Key, Link, RegionTotals, Sum};
use crate::model::Graph;

use super::ExportError;

/// The columns every amount takes: its sum, and how many participations state one or none.
fn amount_header(name: &str) -> [String; 3] {
    [
        name.to_owned(),
        format!("{name}_known"),
        format!("{name}_missing"),
    ]
}

fn amount_cells(sum: Sum) -> [String; 3] {
    [
        if sum.known > 0 {
            sum.sum.to_string()
        } else {
            String::new()
        },
        sum.known.to_string(),
        sum.missing.to_string(),
    ]
}

/// A key as two cells: its value (an entity's id, a year, a role, a kind) and a name.
fn key_cells(graph: &Graph, key: &Key) -> [String; 2] {
    match key {
        Key::Entity(index) => {
            let entity = graph.entity(*index);
            [entity.id.clone(), entity.name.clone()]
        }
        Key::Year(year) => [year.to_string(), String::new()],
        Key::Text(text) => [text.to_string(), String::new()],
        Key::Kind(kind) => [kind.as_str().to_owned(), String::new()],
        Key::Unknown => [String::new(), String::new()],
    }
}

/// Groups of `aggregate`: a value and a name column per dimension, then the measures.
pub fn groups_csv(
    graph: &Graph,
    dimensions: &[Dimension],
    groups: &[Group],
) -> Result<Vec<u8>, ExportError> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = Vec::new();
    for dimension in dimensions {
        let name = dimension.name().to_ascii_lowercase();
        header.push(name.clone());
        header.push(format!("{name}_name"));
    }
    header.extend(["projects", "participations", "organisations"].map(str::to_owned));
    header.extend(amount_header("eu_contribution"));
    header.extend(amount_header("total_cost"));
    csv.write_record(&header)?;
    for group in groups {
        let mut row: Vec<String> = group
            .keys
            .iter()
            .flat_map(|key| key_cells(graph, key))
            .collect();
        row.extend(
            [group.projects, group.participations, group.organisations].map(|n| n.to_string()),
        );
        row.extend(amount_cells(group.eu_contribution));
        row.extend(amount_cells(group.total_cost));
        csv.write_record(&row)?;
    }
    finish(csv)
}

/// The links of the cooperation matrix.
pub fn links_csv(graph: &Graph, links: &[Link]) -> Result<Vec<u8>, ExportError> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = ["a", "a_name", "b", "b_name", "projects", "participations"]
        .map(str::to_owned)
        .to_vec();
    header.extend(amount_header("eu_contribution"));
    csv.write_record(&header)?;
    for link in links {
        let mut row: Vec<String> = Vec::with_capacity(9);
        row.extend(key_cells(graph, &Key::Entity(link.a)));
        row.extend(key_cells(graph, &Key::Entity(link.b)));
        row.extend([link.projects, link.participations].map(|n| n.to_string()));
        row.extend(amount_cells(link.eu_contribution));
        csv.write_record(&row)?;
    }
    finish(csv)
}

/// The regions of the cooperation matrix.
pub fn regions_csv(graph: &Graph, regions: &[RegionTotals]) -> Result<Vec<u8>, ExportError> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "region",
        "region_name",
        "projects",
        "organisations",
        "participations",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(amount_header("eu_contribution"));
    csv.write_record(&header)?;
    for totals in regions {
        let mut row: Vec<String> = key_cells(graph, &Key::Entity(totals.region)).to_vec();
        row.extend(
            [totals.projects, totals.organisations, totals.participations].map(|n| n.to_string()),
        );
        row.extend(amount_cells(totals.eu_contribution));
        csv.write_record(&row)?;
    }
    finish(csv)
}

/// Collaborators, with the ids of the projects shared separated by spaces.
pub fn collaborators_csv(
    graph: &Graph,
    collaborators: &[Collaborator],
) -> Result<Vec<u8>, ExportError> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(["id", "name", "shared_projects", "projects"])?;
    for collaborator in collaborators {
        let entity = graph.entity(collaborator.entity);
        let projects: Vec<&str> = collaborator
            .projects
            .iter()
            .map(|&p| graph.entity(p).id.as_str())
            .collect();
        csv.write_record([
            entity.id.as_str(),
            entity.name.as_str(),
            &collaborator.projects.len().to_string(),
            &projects.join(" "),
        ])?;
    }
    finish(csv)
}

fn finish(csv: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, ExportError> {
    csv.into_inner()
        .map_err(|e| ExportError::Io(std::io::Error::other(e.to_string())))
}
