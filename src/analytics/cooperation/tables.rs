//! The three questions asked of the participation table: groups with their measures, the
//! cooperation matrix between regions, and collaborators.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use super::{Filter, Participation, Participations, Scale, WithinCache};
use crate::model::{Graph, InstitutionKind, NodeIndex};

/// What groups are formed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// The organisation's region at a scale.
    Region(Scale),
    /// The project's start year.
    Year,
    /// The project's programme.
    Programme,
    /// The role in the project.
    Role,
    /// The organisation's kind.
    InstitutionKind,
    /// The organisation itself.
    Organisation,
}

/// One group's value of one dimension.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    /// A region, programme or organisation.
    Entity(NodeIndex),
    /// A year.
    Year(u16),
    /// A role.
    Text(Arc<str>),
    /// An institution kind.
    Kind(InstitutionKind),
    /// The data does not say (no region at that scale, no start date, no role).
    Unknown,
}

/// A sum over the amounts the data holds: `known` rows had an amount, `missing` had none.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sum {
    /// The sum of the known amounts.
    pub sum: f64,
    /// How many rows had an amount.
    pub known: usize,
    /// How many rows had none.
    pub missing: usize,
}

impl Sum {
    fn add(&mut self, amount: Option<f64>) {
        match amount {
            Some(value) => {
                self.sum += value;
                self.known += 1;
            }
            None => self.missing += 1,
        }
    }

    fn merge(&mut self, other: Sum) {
        self.sum += other.sum;
        self.known += other.known;
        self.missing += other.missing;
    }
}

/// A group of participations and what it measures.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The group's value of each dimension, in the order asked.
    pub keys: Vec<Key>,
    /// Distinct projects.
    pub projects: usize,
    /// Participations.
    pub participations: usize,
    /// Distinct organisations.
    pub organisations: usize,
    /// The participations' EU contributions.
    pub eu_contribution: Sum,
    /// The participations' total costs.
    pub total_cost: Sum,
}

/// A group while it is counted. Distinct projects are counted in table order (sorted by
/// project, so a group meets each of its projects in one run) and distinct organisations in
/// a second pass in organisation order, the same way: no set is built per group.
#[derive(Default)]
struct Counting {
    last_project: Option<NodeIndex>,
    projects: usize,
    participations: usize,
    last_organisation: Option<NodeIndex>,
    organisations: usize,
    eu_contribution: Sum,
    total_cost: Sum,
}

impl Counting {
    fn add(&mut self, row: &Participation) {
        if self.last_project != Some(row.project) {
            self.last_project = Some(row.project);
            self.projects += 1;
        }
        self.participations += 1;
        self.eu_contribution.add(row.eu_contribution());
        self.total_cost.add(row.total_cost());
    }

    fn add_organisation(&mut self, organisation: NodeIndex) {
        if self.last_organisation != Some(organisation) {
            self.last_organisation = Some(organisation);
            self.organisations += 1;
        }
    }
}

/// No group: the row is not kept.
const NO_GROUP: u32 = u32::MAX;

/// A pair of regions linked by projects with partners in both; `a == b` for projects with
/// two or more partner organisations in one region.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    /// One region (the smaller index).
    pub a: NodeIndex,
    /// The other region.
    pub b: NodeIndex,
    /// Projects with partners in both, each counted once.
    pub projects: usize,
    /// The participations of those projects' partners in either region.
    pub participations: usize,
    /// Their EU contributions.
    pub eu_contribution: Sum,
}

/// One region's part in the matrix.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RegionTotals {
    /// The region.
    pub region: NodeIndex,
    /// Projects with a partner in it.
    pub projects: usize,
    /// Distinct partner organisations in it.
    pub organisations: usize,
    /// Participations of organisations in it.
    pub participations: usize,
    /// Their EU contributions.
    pub eu_contribution: Sum,
}

/// The cooperation matrix at one scale.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Matrix {
    /// Links, most projects first.
    pub links: Vec<Link>,
    /// Regions, most projects first.
    pub regions: Vec<RegionTotals>,
}

/// A partner of an organisation or a region, with the projects they share.
#[derive(Debug, Clone, PartialEq)]
pub struct Collaborator {
    /// The partner organisation or region.
    pub entity: NodeIndex,
    /// The projects shared, in table order.
    pub projects: Vec<NodeIndex>,
}

/// A dimension's value of a row as a number: an entity's index, a year, a role's or a kind's
/// position; [`UNKNOWN`] where the data does not say.
const UNKNOWN: u32 = u32::MAX;

/// A group's key while counting: one code per dimension, unused slots 0.
type Codes = [u32; 4];

impl Participations {
    /// Whether a project's rows pass the filter's project-wide conditions.
    fn passes(
        &self,
        graph: &Graph,
        filter: &Filter,
        rows: &[Participation],
        within: &mut WithinCache,
    ) -> bool {
        filter.is_empty() || filter.keeps_project(graph, rows, within)
    }

    /// Groups the participations the filter keeps by the given dimensions; groups with most
    /// projects first, ties by their keys.
    pub fn aggregate(&self, graph: &Graph, group_by: &[Dimension], filter: &Filter) -> Vec<Group> {
        let mut within = WithinCache::default();
        let mut index: HashMap<Codes, u32> = HashMap::new();
        let mut counts: Vec<(Codes, Counting)> = Vec::new();
        // Each row's group, for the second pass.
        let mut group_of: Vec<u32> = vec![NO_GROUP; self.rows.len()];
        let mut start = 0;
        for rows in self.projects() {
            let first = start;
            start += rows.len();
            if !self.passes(graph, filter, rows, &mut within) {
                continue;
            }
            for (offset, row) in rows.iter().enumerate() {
                if let Some(region) = filter.region
                    && !within.is_within(graph, row.organisation, region)
                {
                    continue;
                }
                let mut codes: Codes = [0; 4];
                for (slot, dimension) in codes.iter_mut().zip(group_by) {
                    *slot = code_of(row, *dimension);
                }
                let group = *index.entry(codes).or_insert_with(|| {
                    counts.push((codes, Counting::default()));
                    (counts.len() - 1) as u32
                });
                counts[group as usize].1.add(row);
                group_of[first + offset] = group;
            }
        }
        for &(row, organisation) in &self.by_organisation {
            let group = group_of[row as usize];
            if group != NO_GROUP {
                counts[group as usize].1.add_organisation(organisation);
            }
        }
        let mut groups: Vec<Group> = counts
            .into_iter()
            .map(|(codes, c)| Group {
                keys: group_by
                    .iter()
                    .zip(codes)
                    .map(|(&dimension, code)| self.key(dimension, code))
                    .collect(),
                projects: c.projects,
                participations: c.participations,
                organisations: c.organisations,
                eu_contribution: c.eu_contribution,
                total_cost: c.total_cost,
            })
            .collect();
        groups.sort_by(|a, b| {
            b.projects
                .cmp(&a.projects)
                .then_with(|| a.keys.cmp(&b.keys))
        });
        groups
    }

    /// The key a code stands for.
    fn key(&self, dimension: Dimension, code: u32) -> Key {
        if code == UNKNOWN {
            return Key::Unknown;
        }
        match dimension {
            Dimension::Region(_) | Dimension::Programme | Dimension::Organisation => {
                Key::Entity(NodeIndex::new(code as usize))
            }
            Dimension::Year => Key::Year(code as u16),
            Dimension::Role => self
                .roles
                .get(code as usize)
                .map_or(Key::Unknown, |role| Key::Text(role.clone())),
            Dimension::InstitutionKind => InstitutionKind::ALL
                .get(code as usize)
                .map_or(Key::Unknown, |&kind| Key::Kind(kind)),
        }
    }

    /// The cooperation matrix at a scale, over the projects the filter keeps; without a
    /// filter, the one computed at load.
    pub fn cooperation(&self, graph: &Graph, scale: Scale, filter: &Filter) -> Arc<Matrix> {
        match self.unfiltered.get(scale.position()) {
            Some(matrix) if filter.is_empty() => matrix.clone(),
            _ => Arc::new(self.compute_cooperation(graph, scale, filter)),
        }
    }

    /// Computes the cooperation matrix at a scale over the projects the filter keeps.
    pub(super) fn compute_cooperation(
        &self,
        graph: &Graph,
        scale: Scale,
        filter: &Filter,
    ) -> Matrix {
        let mut within = WithinCache::default();
        let mut links: HashMap<(NodeIndex, NodeIndex), Link> = HashMap::new();
        let mut region_index: HashMap<NodeIndex, usize> = HashMap::new();
        let mut totals: Vec<(RegionTotals, Option<NodeIndex>)> = Vec::new();
        let mut kept: Vec<bool> = vec![false; self.rows.len()];
        // Per project: each region's participations, distinct organisations and EU sum.
        let mut here: Vec<(NodeIndex, usize, usize, Sum)> = Vec::new();
        let mut seen: Vec<(NodeIndex, NodeIndex)> = Vec::new();
        let mut start = 0;
        for rows in self.projects() {
            let first = start;
            start += rows.len();
            if !self.passes(graph, filter, rows, &mut within) {
                continue;
            }
            here.clear();
            seen.clear();
            for (offset, row) in rows.iter().enumerate() {
                let Some(region) = row.region(scale) else {
                    continue;
                };
                kept[first + offset] = true;
                let new_organisation = !seen.contains(&(region, row.organisation));
                if new_organisation {
                    seen.push((region, row.organisation));
                }
                let entry = match here.iter().position(|(r, ..)| *r == region) {
                    Some(position) => &mut here[position],
                    None => {
                        here.push((region, 0, 0, Sum::default()));
                        let last = here.len() - 1;
                        &mut here[last]
                    }
                };
                entry.1 += 1;
                entry.2 += usize::from(new_organisation);
                entry.3.add(row.eu_contribution());
                let position = *region_index.entry(region).or_insert_with(|| {
                    totals.push((
                        RegionTotals {
                            region,
                            projects: 0,
                            organisations: 0,
                            participations: 0,
                            eu_contribution: Sum::default(),
                        },
                        None,
                    ));
                    totals.len() - 1
                });
                let region_totals = &mut totals[position].0;
                region_totals.participations += 1;
                region_totals.eu_contribution.add(row.eu_contribution());
            }
            for (i, &(a, parts_a, organisations_a, eu_a)) in here.iter().enumerate() {
                if let Some(&position) = region_index.get(&a) {
                    totals[position].0.projects += 1;
                }
                if organisations_a >= 2 {
                    let link = links.entry((a, a)).or_insert_with(|| empty_link(a, a));
                    link.projects += 1;
                    link.participations += parts_a;
                    link.eu_contribution.merge(eu_a);
                }
                for &(b, parts_b, _, eu_b) in &here[i + 1..] {
                    let (a, b) = if a <= b { (a, b) } else { (b, a) };
                    let link = links.entry((a, b)).or_insert_with(|| empty_link(a, b));
                    link.projects += 1;
                    link.participations += parts_a + parts_b;
                    link.eu_contribution.merge(eu_a);
                    link.eu_contribution.merge(eu_b);
                }
            }
        }
        // Distinct organisations per region, in organisation order: no set per region.
        for &(row, _) in &self.by_organisation {
            if !kept[row as usize] {
                continue;
            }
            let row = &self.rows[row as usize];
            let Some(&position) = row.region(scale).and_then(|r| region_index.get(&r)) else {
                continue;
            };
            let (region_totals, last) = &mut totals[position];
            if *last != Some(row.organisation) {
                *last = Some(row.organisation);
                region_totals.organisations += 1;
            }
        }
        let name = |index: NodeIndex| graph.entity(index).name.as_str();
        let mut links: Vec<Link> = links.into_values().collect();
        links.sort_by(|x, y| {
            y.projects.cmp(&x.projects).then_with(|| {
                (name(x.a), name(x.b), x.a, x.b).cmp(&(name(y.a), name(y.b), y.a, y.b))
            })
        });
        let mut regions: Vec<RegionTotals> = totals.into_iter().map(|(totals, _)| totals).collect();
        regions.sort_by(|x, y| {
            y.projects
                .cmp(&x.projects)
                .then_with(|| (name(x.region), x.region).cmp(&(name(y.region), y.region)))
        });
        Matrix { links, regions }
    }

    /// The partners of an organisation (other organisations, or their regions at `scale`) or of
    /// a region (other regions at `scale`, by default countries), ranked by shared projects.
    pub fn collaborators(
        &self,
        graph: &Graph,
        entity: NodeIndex,
        scale: Option<Scale>,
        filter: &Filter,
    ) -> Vec<Collaborator> {
        let is_region = graph.entity(entity).kind() == crate::model::EntityKind::Region;
        let scale = if is_region {
            Some(scale.unwrap_or(Scale::Country))
        } else {
            scale
        };
        let mut within = WithinCache::default();
        let mut shared: HashMap<NodeIndex, Vec<NodeIndex>> = HashMap::new();
        for rows in self.projects() {
            if !self.passes(graph, filter, rows, &mut within) {
                continue;
            }
            let mine = |row: &Participation, within: &mut WithinCache| {
                if is_region {
                    within.is_within(graph, row.organisation, entity)
                } else {
                    row.organisation == entity
                }
            };
            if !rows.iter().any(|row| mine(row, &mut within)) {
                continue;
            }
            let project = rows[0].project;
            for row in rows {
                if mine(row, &mut within) {
                    continue;
                }
                let partner = match scale {
                    Some(scale) => match row.region(scale) {
                        Some(region) => region,
                        None => continue,
                    },
                    None => row.organisation,
                };
                if partner == entity {
                    continue;
                }
                let projects = shared.entry(partner).or_default();
                if projects.last() != Some(&project) {
                    projects.push(project);
                }
            }
        }
        let mut collaborators: Vec<Collaborator> = shared
            .into_iter()
            .map(|(entity, projects)| Collaborator { entity, projects })
            .collect();
        let name = |index: NodeIndex| graph.entity(index).name.as_str();
        collaborators.sort_by(|x, y| {
            y.projects
                .len()
                .cmp(&x.projects.len())
                .then_with(|| (name(x.entity), x.entity).cmp(&(name(y.entity), y.entity)))
        });
        collaborators
    }
}

fn empty_link(a: NodeIndex, b: NodeIndex) -> Link {
    Link {
        a,
        b,
        projects: 0,
        participations: 0,
        eu_contribution: Sum::default(),
    }
}

/// A row's value of a dimension as a code (see [`UNKNOWN`]).
fn code_of(row: &Participation, dimension: Dimension) -> u32 {
    let index = |node: Option<NodeIndex>| node.map_or(UNKNOWN, |n| n.index() as u32);
    match dimension {
        Dimension::Region(scale) => index(row.region(scale)),
        Dimension::Year => row.year().map_or(UNKNOWN, u32::from),
        Dimension::Programme => index(row.programme()),
        Dimension::Role => row.role,
        Dimension::InstitutionKind => InstitutionKind::ALL
            .iter()
            .position(|&k| k == row.kind)
            .map_or(UNKNOWN, |p| p as u32),
        Dimension::Organisation => row.organisation.index() as u32,
    }
}
