//! An organisation's region at each scale: its country, and its NUTS 1, 2 and 3 regions, read
//! from the regions it lies in (at any depth) and their NUTS codes. Outside the NUTS
//! classification, the ISO 3166-2 subdivisions stand in: the first level for NUTS 1 and 2,
//! the second for NUTS 3.

use crate::model::{EntityDetails, ExternalIdScheme, Graph, NodeIndex, RegionLevel};

/// The scale at which regions are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scale {
    /// Countries.
    Country,
    /// NUTS 1 regions (outside the EU: first-level subdivisions).
    Nuts1,
    /// NUTS 2 regions (outside the EU: first-level subdivisions).
    Nuts2,
    /// NUTS 3 regions (outside the EU: second-level subdivisions).
    Nuts3,
}

impl Scale {
    /// Every scale, largest first.
    pub const ALL: [Scale; 4] = [Scale::Country, Scale::Nuts1, Scale::Nuts2, Scale::Nuts3];

    /// The position in [`Scale::ALL`].
    pub fn position(self) -> usize {
        self as usize
    }
}

/// Regions per organisation, computed once per organisation while the table is built.
#[derive(Default)]
pub(super) struct RegionCache {
    known: foldhash::HashMap<NodeIndex, [Option<NodeIndex>; 4]>,
    /// The same per region, since many organisations share a region.
    by_region: foldhash::HashMap<NodeIndex, [Option<NodeIndex>; 4]>,
}

impl RegionCache {
    /// The organisation's region at each scale.
    pub(super) fn regions(
        &mut self,
        graph: &Graph,
        organisation: NodeIndex,
    ) -> [Option<NodeIndex>; 4] {
        if let Some(known) = self.known.get(&organisation) {
            return *known;
        }
        // Organisations mostly lie in one region: its answer serves all of them.
        let direct: Vec<NodeIndex> = graph.parent_regions(organisation).collect();
        let regions = match direct.as_slice() {
            [one] => match self.by_region.get(one) {
                Some(known) => *known,
                None => {
                    let found = scales(graph, &direct);
                    self.by_region.insert(*one, found);
                    found
                }
            },
            _ => scales(graph, &direct),
        };
        self.known.insert(organisation, regions);
        regions
    }
}

/// The regions at each scale above a set of regions.
fn scales(graph: &Graph, start: &[NodeIndex]) -> [Option<NodeIndex>; 4] {
    // Every region above, nearest first, each once.
    let mut above: Vec<NodeIndex> = Vec::new();
    let mut queue: std::collections::VecDeque<NodeIndex> = start.iter().copied().collect();
    while let Some(region) = queue.pop_front() {
        if above.contains(&region) || above.len() > 64 {
            continue;
        }
        above.push(region);
        queue.extend(graph.parent_regions(region));
    }
    let mut found = [None; 4];
    for &region in &above {
        let entity = graph.entity(region);
        if matches!(
            entity.details,
            EntityDetails::Region {
                level: RegionLevel::Country
            }
        ) {
            found[0].get_or_insert(region);
        }
        for id in entity
            .external_ids
            .iter()
            .filter(|id| id.scheme == ExternalIdScheme::Nuts)
        {
            // A NUTS code is a country code and one character per level.
            let slot = match id.value.len() {
                3 => 1,
                4 => 2,
                5 => 3,
                _ => continue,
            };
            found[slot].get_or_insert(region);
        }
    }
    if found[1..].iter().all(Option::is_none)
        && let Some(country) = found[0]
    {
        iso_subdivisions(graph, &above, country, &mut found);
    }
    found
}

/// Outside NUTS: the first-level ISO 3166-2 subdivision (the one directly in the country)
/// for NUTS 1 and 2, and the subdivision directly in it for NUTS 3.
fn iso_subdivisions(
    graph: &Graph,
    above: &[NodeIndex],
    country: NodeIndex,
    found: &mut [Option<NodeIndex>; 4],
) {
    let is_subdivision = |region: NodeIndex| {
        graph
            .entity(region)
            .external_id(ExternalIdScheme::Iso3166)
            .is_some_and(|id| id.value.contains('-'))
    };
    let first = above.iter().copied().find(|&region| {
        is_subdivision(region) && graph.parent_regions(region).any(|p| p == country)
    });
    let Some(first) = first else {
        return;
    };
    found[1] = Some(first);
    found[2] = Some(first);
    found[3] = above
        .iter()
        .copied()
        .find(|&region| is_subdivision(region) && graph.parent_regions(region).any(|p| p == first));
}
