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

/// One institution's participation in one project.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Participation {
    /// The institution.
    pub organisation: NodeIndex,
    /// The project.
    pub project: NodeIndex,
    /// The role as the data names it: its position in [`Participations::roles`], or
    /// `u32::MAX` when the data names none.
    pub role: u32,
    /// The year the project started.
    pub year: Option<u16>,
    /// The project's programme (the first, when it has several).
    pub programme: Option<NodeIndex>,
    /// The institution's kind.
    pub kind: InstitutionKind,
    /// The institution's EU contribution in the project, when the data states one.
    pub eu_contribution: Option<f64>,
    /// The institution's total cost in the project, when the data states one.
    pub total_cost: Option<f64>,
    /// The institution's region at each scale ([`Scale::ALL`] order), where it has one.
    pub regions: [Option<NodeIndex>; 4],
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
    pub fn build(graph: &Graph) -> Self {
        let mut places = regions::RegionCache::default();
        let mut rows = Vec::new();
        let mut roles: Vec<Arc<str>> = Vec::new();
        let mut role_codes: foldhash::HashMap<Arc<str>, u32> = foldhash::HashMap::default();
        for &project in graph.entities_of_kind(EntityKind::Project) {
            let year = match graph.entity(project).details {
                EntityDetails::Project { start, .. } => start.map(|s| s.year),
                _ => None,
            };
            let programme = graph
                .linked(project, Direction::Outgoing, RelationType::UnderProgramme)
                .into_iter()
                .min();
            for relation in
                graph.relations_of(project, Direction::Incoming, Some(RelationType::PartnerIn))
            {
                let organisation = relation.from;
                let EntityDetails::Institution { kind, .. } = graph.entity(organisation).details
                else {
                    continue;
                };
                let figure = |label: &str| {
                    relation
                        .relation
                        .figures
                        .iter()
                        .find(|f| &*f.label == label)
                        .map(|f| f.value)
                };
                rows.push(Participation {
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
                });
            }
        }
        rows.sort_by_key(|row| (row.project, row.organisation));
        let mut by_organisation: Vec<(u32, NodeIndex)> = rows
            .iter()
            .enumerate()
            .map(|(i, row)| (i as u32, row.organisation))
            .collect();
        by_organisation.sort_by_key(|&(i, organisation)| (organisation, i));
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
            .is_none_or(|p| first.programme == Some(p) || under(graph, first.project, p))
            && self
                .from
                .is_none_or(|from| first.year.is_some_and(|y| y >= from))
            && self.to.is_none_or(|to| first.year.is_some_and(|y| y <= to))
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
