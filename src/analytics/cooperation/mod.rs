//! Cooperation in numbers: participations (an institution `partner_in` a project) counted and
//! summed by region, year, programme, role, kind and organisation; the cooperation matrix
//! between regions; and an organisation's or a region's collaborators.
//!
//! The participation table is built once at load ([`Participations::build`]): one row per
//! `partner_in` relation from an institution to a project, with everything a filter or a
//! grouping reads (the organisation's region at each scale, the project's year and programme,
//! the amounts), sorted by project so that a project's partners are one run of rows. A request
//! scans the rows its filter keeps; nothing walks the graph per request.

mod args;
mod regions;
mod tables;

use std::sync::Arc;

use crate::model::{
    Direction, EntityDetails, EntityKind, Graph, InstitutionKind, NodeIndex, RelationType,
};

pub use args::{ArgumentError, FilterArgs, check_dimensions, partner_entity};
pub use regions::Scale;
pub use tables::{Collaborator, Dimension, Group, Key, Link, Matrix, RegionTotals, Sum};

/// The label of the relation figure read as a participation's EU contribution.
pub const EU_CONTRIBUTION: &str = "EU contribution";
/// The label of the relation figure read as a participation's total cost.
pub const TOTAL_COST: &str = "total cost";

/// One institution's participation in one project: 56 bytes, since a million entities make
/// about three million of them (a test keeps the size). Absent values are kept as
/// [`ABSENT`] or as a bit of `known` rather than as `Option`s, which would take 96 bytes.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Participation {
    /// The institution.
    pub organisation: NodeIndex,
    /// The project.
    pub project: NodeIndex,
    /// The role as the data names it: its position in [`Participations::roles`], or
    /// `u32::MAX` when the data names none.
    pub role: u32,
    /// The project's programme (the first, when it has several), or [`ABSENT`].
    programme: u32,
    /// The institution's region at each scale ([`Scale::ALL`] order), or [`ABSENT`].
    regions: [u32; 4],
    /// The institution's EU contribution in the project, when `known` says so.
    eu_contribution: f64,
    /// The institution's total cost in the project, when `known` says so.
    total_cost: f64,
    /// The year the project started, when `known` says so.
    year: u16,
    /// The institution's kind.
    pub kind: InstitutionKind,
    /// Which of the year and the two amounts the data states ([`KNOWN_YEAR`],
    /// [`KNOWN_EU_CONTRIBUTION`], [`KNOWN_TOTAL_COST`]).
    known: u8,
}

/// A programme or region a row does not have; no entity has this index.
const ABSENT: u32 = u32::MAX;
/// The bit of [`Participation::known`] set when the project's start year is known.
const KNOWN_YEAR: u8 = 1;
/// The bit set when the EU contribution is stated.
const KNOWN_EU_CONTRIBUTION: u8 = 2;
/// The bit set when the total cost is stated.
const KNOWN_TOTAL_COST: u8 = 4;

/// An entity's index as stored in a row.
fn stored(node: Option<NodeIndex>) -> u32 {
    node.map_or(ABSENT, |n| n.index() as u32)
}

/// A stored index as an entity.
fn entity_at(stored: u32) -> Option<NodeIndex> {
    (stored != ABSENT).then(|| NodeIndex::new(stored as usize))
}

/// What a row holds, as [`Participation::new`] takes it.
struct RowFields {
    organisation: NodeIndex,
    project: NodeIndex,
    role: u32,
    year: Option<u16>,
    programme: Option<NodeIndex>,
    kind: InstitutionKind,
    eu_contribution: Option<f64>,
    total_cost: Option<f64>,
    regions: [Option<NodeIndex>; 4],
}

impl Participation {
    /// A row from its fields.
    fn new(fields: RowFields) -> Self {
        let bit = |present: bool, bit: u8| if present { bit } else { 0 };
        Participation {
            organisation: fields.organisation,
            project: fields.project,
            role: fields.role,
            programme: stored(fields.programme),
            regions: fields.regions.map(stored),
            eu_contribution: fields.eu_contribution.unwrap_or(0.0),
            total_cost: fields.total_cost.unwrap_or(0.0),
            year: fields.year.unwrap_or(0),
            kind: fields.kind,
            known: bit(fields.year.is_some(), KNOWN_YEAR)
                | bit(fields.eu_contribution.is_some(), KNOWN_EU_CONTRIBUTION)
                | bit(fields.total_cost.is_some(), KNOWN_TOTAL_COST),
        }
    }

    /// The year the project started.
    pub fn year(&self) -> Option<u16> {
        (self.known & KNOWN_YEAR != 0).then_some(self.year)
    }

    /// The project's programme (the first, when it has several).
    pub fn programme(&self) -> Option<NodeIndex> {
        entity_at(self.programme)
    }

    /// The institution's region at a scale, where it has one.
    pub fn region(&self, scale: Scale) -> Option<NodeIndex> {
        entity_at(self.regions[scale.position()])
    }

    /// The institution's EU contribution in the project, when the data states one.
    pub fn eu_contribution(&self) -> Option<f64> {
        (self.known & KNOWN_EU_CONTRIBUTION != 0).then_some(self.eu_contribution)
    }

    /// The institution's total cost in the project, when the data states one.
    pub fn total_cost(&self) -> Option<f64> {
        (self.known & KNOWN_TOTAL_COST != 0).then_some(self.total_cost)
    }
}

/// Every participation of the graph, sorted by project.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Participations {
    #[serde(deserialize_with = "crate::model::shared::exact")]
    rows: Vec<Participation>,
    /// The roles the rows name, each once.
    roles: Vec<Arc<str>>,
    /// The rows' positions sorted by organisation, then project, each with its organisation
    /// (so that a pass in this order reads sequentially).
    #[serde(deserialize_with = "crate::model::shared::exact")]
    by_organisation: Vec<(u32, NodeIndex)>,
    /// The cooperation matrix at each scale ([`Scale::ALL`] order) without filters, computed
    /// at load.
    unfiltered: Vec<Arc<Matrix>>,
}

/// Which participations a question is about. Every field narrows; none keeps all.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only participations of institutions inside this region, at any depth (for the matrix
    /// and collaborators: only projects with a partner inside it).
    pub region: Option<NodeIndex>,
    /// Only projects under this programme.
    pub programme: Option<NodeIndex>,
    /// Only projects this institution takes part in.
    pub organisation: Option<NodeIndex>,
    /// Only projects that started in or after this year.
    pub from: Option<u16>,
    /// Only projects that started in or before this year.
    pub to: Option<u16>,
    /// Only projects that focus on this topic.
    pub topic: Option<NodeIndex>,
}

impl Participations {
    /// Reads every participation of the graph.
    ///
    /// The table is counted before it is filled, so that it is allocated once at its length,
    /// and filled project by project in index order, each project's rows sorted by
    /// organisation on their own: the rows come out sorted by project and organisation
    /// without a sort of the whole table. At a million entities (three million rows) a
    /// growing table and a stable sort of all of it held about 330 MiB besides the table
    /// while the table was built, at the moment the whole dataset was in memory.
    pub fn build(graph: &Graph) -> Self {
        let mut places = regions::RegionCache::default();
        let mut roles: Vec<Arc<str>> = Vec::new();
        let mut role_codes: foldhash::HashMap<Arc<str>, u32> = foldhash::HashMap::default();
        let mut projects = graph.entities_of_kind(EntityKind::Project).to_vec();
        projects.sort_unstable();
        let partners = |project: NodeIndex| {
            graph
                .relations_of(project, Direction::Incoming, Some(RelationType::PartnerIn))
                .into_iter()
                .filter_map(move |relation| match graph.entity(relation.from).details {
                    EntityDetails::Institution { kind, .. } => Some((relation, kind)),
                    _ => None,
                })
        };
        let count = projects.iter().map(|&p| partners(p).count()).sum();
        let mut rows: Vec<Participation> = Vec::with_capacity(count);
        for project in projects {
            let year = match graph.entity(project).details {
                EntityDetails::Project { start, .. } => start.map(|s| s.year),
                _ => None,
            };
            let programme = graph
                .linked(project, Direction::Outgoing, RelationType::UnderProgramme)
                .into_iter()
                .min();
            let first = rows.len();
            for (relation, kind) in partners(project) {
                let organisation = relation.from;
                let figure = |label: &str| {
                    relation
                        .relation
                        .figures
                        .iter()
                        .find(|f| &*f.label == label)
                        .map(|f| f.value)
                };
                rows.push(Participation::new(RowFields {
                    organisation,
                    project,
                    role: relation.relation.role.as_ref().map_or(u32::MAX, |role| {
                        *role_codes.entry(role.clone()).or_insert_with(|| {
                            roles.push(role.clone());
                            (roles.len() - 1) as u32
                        })
                    }),
                    year,
                    programme,
                    kind,
                    eu_contribution: figure(EU_CONTRIBUTION),
                    total_cost: figure(TOTAL_COST),
                    regions: places.regions(graph, organisation),
                }));
            }
            // Stable, so that an organisation's rows in a project keep the graph's order.
            rows[first..].sort_by_key(|row| row.organisation);
        }
        let mut by_organisation: Vec<(u32, NodeIndex)> = rows
            .iter()
            .enumerate()
            .map(|(i, row)| (i as u32, row.organisation))
            .collect();
        // Every key is distinct (it holds the row's position), so an unstable sort gives the
        // same order as a stable one, without its buffer.
        by_organisation.sort_unstable_by_key(|&(i, organisation)| (organisation, i));
        let mut participations = Participations {
            rows,
            roles,
            by_organisation,
            unfiltered: Vec::new(),
        };
        participations.unfiltered = Scale::ALL
            .iter()
            .map(|&scale| {
                Arc::new(participations.compute_cooperation(graph, scale, &Filter::default()))
            })
            .collect();
        participations
    }

    /// The runs of rows of one project each.
    fn projects(&self) -> impl Iterator<Item = &[Participation]> {
        self.rows.chunk_by(|a, b| a.project == b.project)
    }
}

impl Filter {
    /// Whether the filter narrows anything.
    fn is_empty(&self) -> bool {
        self.region.is_none()
            && self.programme.is_none()
            && self.organisation.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.topic.is_none()
    }

    /// Whether a project (given by its rows) passes the filters that are about projects:
    /// programme, years, topic, and that an organisation or a region takes part.
    fn keeps_project(
        &self,
        graph: &Graph,
        rows: &[Participation],
        within: &mut WithinCache,
    ) -> bool {
        let Some(first) = rows.first() else {
            return false;
        };
        self.programme
            .is_none_or(|p| first.programme() == Some(p) || under(graph, first.project, p))
            && self
                .from
                .is_none_or(|from| first.year().is_some_and(|y| y >= from))
            && self
                .to
                .is_none_or(|to| first.year().is_some_and(|y| y <= to))
            && self.topic.is_none_or(|topic| {
                graph
                    .linked(first.project, Direction::Outgoing, RelationType::FocusesOn)
                    .contains(&topic)
            })
            && self
                .organisation
                .is_none_or(|o| rows.iter().any(|r| r.organisation == o))
            && self.region.is_none_or(|region| {
                rows.iter()
                    .any(|r| within.is_within(graph, r.organisation, region))
            })
    }
}

/// Whether a project is under a programme through another programme it belongs to.
fn under(graph: &Graph, project: NodeIndex, programme: NodeIndex) -> bool {
    graph
        .linked(project, Direction::Outgoing, RelationType::UnderProgramme)
        .into_iter()
        .any(|p| p == programme || graph.is_within(p, programme))
}

/// Remembers, per request, which organisations lie inside the filter's region.
#[derive(Default)]
struct WithinCache {
    known: foldhash::HashMap<NodeIndex, bool>,
}

impl WithinCache {
    fn is_within(&mut self, graph: &Graph, organisation: NodeIndex, region: NodeIndex) -> bool {
        *self
            .known
            .entry(organisation)
            .or_insert_with(|| graph.is_within(organisation, region))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_stay_small_and_keep_what_they_are_given() {
        // Three million rows at a million entities: with `Option`s the row took 96 bytes.
        assert!(
            size_of::<Participation>() <= 56,
            "{}",
            size_of::<Participation>()
        );
        let region = NodeIndex::new(7);
        let row = Participation::new(RowFields {
            organisation: NodeIndex::new(1),
            project: NodeIndex::new(2),
            role: u32::MAX,
            year: Some(2021),
            programme: None,
            kind: InstitutionKind::ALL[0],
            eu_contribution: Some(0.0),
            total_cost: None,
            regions: [Some(region), None, Some(region), None],
        });
        assert_eq!(row.year(), Some(2021));
        assert_eq!(row.programme(), None);
        assert_eq!(row.eu_contribution(), Some(0.0));
        assert_eq!(row.total_cost(), None);
        let regions: Vec<_> = Scale::ALL.iter().map(|&s| row.region(s)).collect();
        assert_eq!(regions, [Some(region), None, Some(region), None]);
    }
}
