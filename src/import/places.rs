//! Placing imported organisations and projects on the map of regions that the import will be
//! served with: by NUTS code (any version, falling back to the enclosing code), else by
//! country code or name. Nothing is guessed: a code the map does not know is reported.

use std::collections::HashMap;

use crate::model::{EntityKind, ExternalIdScheme, Graph, NodeIndex, RegionLevel};
use crate::text::fold_terms;

use super::rows::{Country, Place};

/// Where a row's place puts it on the map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    /// The most precise region found, by id.
    pub region: Option<String>,
    /// The NUTS code as given, when the map does not know it (the region is then the nearest
    /// enclosing code the map knows, or the country).
    pub unknown_nuts: Option<String>,
    /// The country as given, when the map does not know it.
    pub unknown_country: Option<String>,
}

/// The map of regions: looks codes and country names up in the loaded data.
pub struct Places<'g> {
    graph: &'g Graph,
    /// Countries by their folded name and aliases.
    countries_by_name: HashMap<String, NodeIndex>,
}

impl<'g> Places<'g> {
    /// The map of the regions of `graph`.
    pub fn new(graph: &'g Graph) -> Self {
        let mut countries_by_name = HashMap::new();
        for &index in graph.entities_of_kind(EntityKind::Region) {
            let entity = graph.entity(index);
            if !matches!(
                entity.details,
                crate::model::EntityDetails::Region {
                    level: RegionLevel::Country
                }
            ) {
                continue;
            }
            for name in std::iter::once(&entity.name).chain(&entity.aliases) {
                countries_by_name
                    .entry(fold_terms(name).join(" "))
                    .or_insert(index);
            }
        }
        Places {
            graph,
            countries_by_name,
        }
    }

    /// Places a row: the region of its NUTS code (or of the nearest enclosing code the map
    /// knows), else its country.
    pub fn place(&self, place: &Place) -> Placement {
        let mut placement = Placement::default();
        if let Some(nuts) = place
            .nuts
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let code = nuts.to_ascii_uppercase();
            if let Some(index) = self.find_nuts(&code) {
                placement.region = Some(self.graph.entity(index).id.clone());
                return placement;
            }
            placement.unknown_nuts = Some(nuts.to_owned());
            // NUTS codes nest by prefix (ES130 lies in ES13, in ES1, in ES): the nearest
            // enclosing code the map knows is where the row certainly is.
            let mut prefix = code.as_str();
            while prefix.len() > 2 {
                prefix = &prefix[..prefix.len() - 1];
                if let Some(index) = self.find_nuts(prefix) {
                    placement.region = Some(self.graph.entity(index).id.clone());
                    return placement;
                }
            }
        }
        if let Some(country) = &place.country {
            match self.find_country(country) {
                Some(index) => placement.region = Some(self.graph.entity(index).id.clone()),
                None => placement.unknown_country = Some(country.as_str().to_owned()),
            }
        }
        placement
    }

    /// The region holding a NUTS code, or a country whose NUTS or ISO code it is.
    fn find_nuts(&self, code: &str) -> Option<NodeIndex> {
        if !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        self.graph
            .find_external(ExternalIdScheme::Nuts, code)
            .or_else(|| {
                (code.len() == 2)
                    .then(|| self.graph.find_external(ExternalIdScheme::Iso3166, code))
                    .flatten()
            })
            .filter(|&index| self.graph.entity(index).kind() == EntityKind::Region)
    }

    /// A country by code (the EU's `EL` and `UK` through their NUTS codes, others by ISO
    /// 3166-1) or by name.
    fn find_country(&self, country: &Country) -> Option<NodeIndex> {
        match country {
            Country::Code(code) => {
                let code = code.trim().to_ascii_uppercase();
                (code.len() == 2).then(|| self.find_nuts(&code)).flatten()
            }
            Country::Name(name) => self
                .countries_by_name
                .get(&fold_terms(name).join(" "))
                .copied(),
        }
    }
}
