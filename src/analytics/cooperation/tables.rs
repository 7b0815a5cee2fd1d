//! The three questions asked of the participation table: groups with their measures, the
//! cooperation matrix between regions, and collaborators.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

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
#[derive(Debug, Clone, Copy, Default, PartialEq)]
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

/// A group while it is counted.
#[derive(Default)]
struct Counting {
    last_project: Option<NodeIndex>,
    projects: usize,
    participations: usize,
    organisations: HashSet<NodeIndex>,
    eu_contribution: Sum,
    total_cost: Sum,
}

impl Counting {
    fn add(&mut self, row: &Participation) {
        // Rows come sorted by project, so a group meets each of its projects in one run.
        if self.last_project != Some(row.project) {
            self.last_project = Some(row.project);
            self.projects += 1;
        }
        self.participations += 1;
        self.organisations.insert(row.organisation);
        self.eu_contribution.add(row.eu_contribution);
        self.total_cost.add(row.total_cost);
    }
}

/// A pair of regions linked by projects with partners in both; `a == b` for projects with
/// two or more partner organisations in one region.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, Default, PartialEq)]
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

impl Participations {
    /// The rows of the projects the filter keeps, project by project, with only the rows the
    /// region filter keeps when `rows_in_region` is set.
    fn kept<'a>(
        &'a self,
        graph: &'a Graph,
        filter: &'a Filter,
        rows_in_region: bool,
    ) -> impl Iterator<Item = Vec<&'a Participation>> + 'a {
        let mut within = WithinCache::default();
        let all = filter.is_empty();
        self.projects().filter_map(move |rows| {
            if !all && !filter.keeps_project(graph, rows, &mut within) {
                return None;
            }
            let kept: Vec<&Participation> = match filter.region {
                Some(region) if rows_in_region => rows
                    .iter()
                    .filter(|r| within.is_within(graph, r.organisation, region))
                    .collect(),
                _ => rows.iter().collect(),
            };
            Some(kept)
        })
    }

    /// Groups the participations the filter keeps by the given dimensions; groups with most
    /// projects first, ties by their keys.
    pub fn aggregate(&self, graph: &Graph, group_by: &[Dimension], filter: &Filter) -> Vec<Group> {
        let mut groups: HashMap<Vec<Key>, Counting> = HashMap::new();
        let mut key = Vec::with_capacity(group_by.len());
        for rows in self.kept(graph, filter, true) {
            for row in rows {
                key.clear();
                key.extend(group_by.iter().map(|dimension| key_of(row, *dimension)));
                match groups.get_mut(&key) {
                    Some(counting) => counting.add(row),
                    None => {
                        let mut counting = Counting::default();
                        counting.add(row);
                        groups.insert(key.clone(), counting);
                    }
                }
            }
        }
        let mut groups: Vec<Group> = groups
            .into_iter()
            .map(|(keys, c)| Group {
                keys,
                projects: c.projects,
                participations: c.participations,
                organisations: c.organisations.len(),
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

    /// The cooperation matrix at a scale, over the projects the filter keeps.
    pub fn cooperation(&self, graph: &Graph, scale: Scale, filter: &Filter) -> Matrix {
        let slot = scale.position();
        let mut links: HashMap<(NodeIndex, NodeIndex), Link> = HashMap::new();
        let mut regions: HashMap<NodeIndex, (RegionTotals, HashSet<NodeIndex>)> = HashMap::new();
        // Per project: each region's participations, distinct organisations and EU sum.
        let mut here: Vec<(NodeIndex, usize, usize, Sum)> = Vec::new();
        for rows in self.kept(graph, filter, false) {
            here.clear();
            let mut seen: Vec<(NodeIndex, NodeIndex)> = Vec::new();
            for row in rows {
                let Some(region) = row.regions[slot] else {
                    continue;
                };
                let new_organisation = !seen.contains(&(region, row.organisation));
                if new_organisation {
                    seen.push((region, row.organisation));
                }
                let entry = match here.iter_mut().find(|(r, ..)| *r == region) {
                    Some(entry) => entry,
                    None => {
                        here.push((region, 0, 0, Sum::default()));
                        here.last_mut().expect("just pushed")
                    }
                };
                entry.1 += 1;
                entry.2 += usize::from(new_organisation);
                entry.3.add(row.eu_contribution);
                let (totals, organisations) = regions.entry(region).or_insert_with(|| {
                    (
                        RegionTotals {
                            region,
                            projects: 0,
                            organisations: 0,
                            participations: 0,
                            eu_contribution: Sum::default(),
                        },
                        HashSet::new(),
                    )
                });
                totals.participations += 1;
                totals.eu_contribution.add(row.eu_contribution);
                organisations.insert(row.organisation);
            }
            for (i, &(a, parts_a, organisations_a, eu_a)) in here.iter().enumerate() {
                if let Some((totals, _)) = regions.get_mut(&a) {
                    totals.projects += 1;
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
        let name = |index: NodeIndex| graph.entity(index).name.as_str();
        let mut links: Vec<Link> = links.into_values().collect();
        links.sort_by(|x, y| {
            y.projects.cmp(&x.projects).then_with(|| {
                (name(x.a), name(x.b), x.a, x.b).cmp(&(name(y.a), name(y.b), y.a, y.b))
            })
        });
        let mut regions: Vec<RegionTotals> = regions
            .into_values()
            .map(|(mut totals, organisations)| {
                totals.organisations = organisations.len();
                totals
            })
            .collect();
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
        for rows in self.kept(graph, filter, false) {
            let mine = |row: &&Participation, within: &mut WithinCache| {
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
            for row in &rows {
                if mine(row, &mut within) {
                    continue;
                }
                let partner = match scale {
                    Some(scale) => match row.regions[scale.position()] {
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

/// A row's value of a dimension.
fn key_of(row: &Participation, dimension: Dimension) -> Key {
    let entity = |index: Option<NodeIndex>| index.map_or(Key::Unknown, Key::Entity);
    match dimension {
        Dimension::Region(scale) => entity(row.regions[scale.position()]),
        Dimension::Year => row.year.map_or(Key::Unknown, Key::Year),
        Dimension::Programme => entity(row.programme),
        Dimension::Role => row.role.clone().map_or(Key::Unknown, Key::Text),
        Dimension::InstitutionKind => Key::Kind(row.kind),
        Dimension::Organisation => Key::Entity(row.organisation),
    }
}
