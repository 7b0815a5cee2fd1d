//! How rows become entities: projects, programmes and institutions, each found again by its
//! identifier (or, for organisations without one, by name, town and country), placed on the
//! map of regions and checked against the served data.

use crate::load::{EntityRecord, ExternalIdRecord, RelationRecord};
use crate::model::{EntityKind, ExternalIdScheme, InstitutionKind};
use crate::text::fold_terms;

use super::super::places::Placement;
use super::super::rows::{OrganisationRow, Place, ProgrammeRow, ProjectKey, ProjectRow, Refusal};
use super::super::values::in_order;
use super::super::values::slug;
use super::fields::{add_alias, add_figures, add_source, address, fill, tidy};
use super::{Building, Collector, NAME_SLUG, OrganisationKey};

impl Collector<'_> {
    /// Adds a project or merges it into the one with its key; `Ok(true)` when it merged.
    pub(super) fn upsert_project(&mut self, row: ProjectRow) -> Result<bool, Refusal> {
        let key = row
            .key
            .clone()
            .ok_or_else(|| Refusal::new("no project identifier", "the row names no project"))?;
        let name = row
            .title
            .clone()
            .or_else(|| row.acronym.clone())
            .map(|n| tidy(&n))
            .filter(|n| !n.is_empty())
            .ok_or_else(|| Refusal::new("no project name", "the row gives no title or acronym"))?;
        let source = self.source();
        let programme = row.programme.as_ref().map(|p| self.upsert_programme(p));
        if let Some(&index) = self.projects.get(&key) {
            let building = &mut self.entities[index];
            add_source(&mut building.record.sources, &source);
            add_alias(&mut building.record, &name);
            if let Some(acronym) = &row.acronym {
                add_alias(&mut building.record, acronym);
            }
            // A date fills a missing one only where the pair stays in order.
            if in_order(row.start.as_deref(), building.record.end.as_deref()) {
                fill(&mut building.record.start, row.start);
            }
            if in_order(building.record.start.as_deref(), row.end.as_deref()) {
                fill(&mut building.record.end, row.end);
            }
            fill(&mut building.record.status, row.status);
            fill(&mut building.record.funding_scheme, row.funding_scheme);
            if building.record.programme.is_none() {
                building.record.programme = programme;
            }
            add_figures(&mut building.record.figures, &row.amounts);
            return Ok(true);
        }
        let (scheme, value, id) = match &key {
            ProjectKey::Cordis(id) => (
                Some(ExternalIdScheme::CordisProject),
                id.clone(),
                format!("project:cordis-{id}"),
            ),
            ProjectKey::Keep(id) => (
                Some(ExternalIdScheme::KeepProject),
                id.clone(),
                format!("project:keep-{id}"),
            ),
            ProjectKey::Kohesio(q) => (
                Some(ExternalIdScheme::Kohesio),
                q.clone(),
                format!("project:kohesio-{}", q.to_ascii_lowercase()),
            ),
            ProjectKey::Named { programme, name } => (
                None,
                String::new(),
                format!("project:{programme}-{}", slug(name, NAME_SLUG)),
            ),
        };
        if !in_order(row.start.as_deref(), row.end.as_deref()) {
            return Err(Refusal::new(
                "end before start",
                format!(
                    "the project ends ({}) before it starts ({})",
                    row.end.as_deref().unwrap_or_default(),
                    row.start.as_deref().unwrap_or_default()
                ),
            ));
        }
        if let Some(scheme) = scheme
            && !scheme.accepts(&value)
        {
            return Err(Refusal::new(
                "malformed project identifier",
                format!(
                    "`{value}` is not a {} ({})",
                    scheme.as_str(),
                    scheme.format()
                ),
            ));
        }
        if let Some(scheme) = scheme {
            self.check_kind(scheme, &value, EntityKind::Project)?;
        }
        let existing = scheme.is_some_and(|s| self.graph.find_external(s, &value).is_some());
        let value_for_place = value.clone();
        let mut record = EntityRecord {
            id: self.free_id(id),
            name: name.clone(),
            sources: vec![source.clone()],
            start: row.start,
            end: row.end,
            status: row.status,
            funding_scheme: row.funding_scheme,
            programme,
            external_ids: scheme
                .map(|s| ExternalIdRecord {
                    scheme: s.as_str().to_owned(),
                    value,
                    ..ExternalIdRecord::default()
                })
                .into_iter()
                .collect(),
            ..EntityRecord::default()
        };
        if let Some(acronym) = &row.acronym {
            add_alias(&mut record, acronym);
        }
        add_figures(&mut record.figures, &row.amounts);
        let index = self.push(record, existing);
        self.projects.insert(key, index);
        let placement = self.places.place(&row.place);
        // Only datasets that place projects (Kohesio) are counted; CORDIS places none.
        if row.place != Place::default() {
            self.count_placement(&placement, &row.place);
        }
        let region = placement
            .region
            .filter(|region| self.agrees_with_served(scheme, &value_for_place, region));
        if let Some(region) = region {
            let project_id = self.entities[index].record.id.clone();
            self.relations.insert(
                (index, "located_in", region.clone(), None),
                RelationRecord {
                    rel_type: "located_in".to_owned(),
                    from: project_id,
                    to: region,
                    sources: vec![source],
                    ..RelationRecord::default()
                },
            );
        }
        Ok(existing)
    }

    pub(super) fn upsert_programme(&mut self, programme: &ProgrammeRow) -> String {
        let id = format!("programme:{}", programme.slug);
        let source = self.source();
        if let Some(&index) = self.programmes.get(&programme.slug) {
            add_source(&mut self.entities[index].record.sources, &source);
            return id;
        }
        // A programme the served data already holds is named, not written again.
        let existing = self
            .graph
            .find(&id)
            .is_some_and(|i| self.graph.entity(i).kind() == EntityKind::Programme);
        let record = EntityRecord {
            id: id.clone(),
            name: programme.name.clone(),
            kind: Some(programme.kind.as_str().to_owned()),
            start: programme.start.clone(),
            end: programme.end.clone(),
            sources: vec![source],
            ..EntityRecord::default()
        };
        let index = self.push(record, existing);
        self.taken_ids.insert(id.clone(), index);
        self.programmes.insert(programme.slug.clone(), index);
        id
    }

    /// Adds an organisation or merges it into the one it is; `Ok(true)` when it merged.
    pub(super) fn upsert_organisation(
        &mut self,
        row: OrganisationRow,
    ) -> Result<(usize, bool), Refusal> {
        if let Some(pic) = &row.pic
            && !ExternalIdScheme::Pic.accepts(pic)
        {
            return Err(Refusal::new(
                "malformed PIC",
                format!("`{pic}` is not a PIC ({})", ExternalIdScheme::Pic.format()),
            ));
        }
        if let Some(q) = &row.kohesio
            && !ExternalIdScheme::Kohesio.accepts(q)
        {
            return Err(Refusal::new(
                "malformed Kohesio id",
                format!(
                    "`{q}` is not a Kohesio item ({})",
                    ExternalIdScheme::Kohesio.format()
                ),
            ));
        }
        if let Some(q) = row.kohesio.as_ref().filter(|_| row.pic.is_none()) {
            self.check_kind(ExternalIdScheme::Kohesio, q, EntityKind::Institution)?;
        }
        let placement = self.places.place(&row.place);
        let key = if let Some(pic) = &row.pic {
            OrganisationKey::Pic(pic.clone())
        } else if let Some(q) = &row.kohesio {
            OrganisationKey::Kohesio(q.clone())
        } else {
            OrganisationKey::Name(
                fold_terms(&row.name).join(" "),
                row.place
                    .town
                    .as_deref()
                    .map(|t| fold_terms(t).join(" "))
                    .unwrap_or_default(),
                placement
                    .region
                    .clone()
                    .or_else(|| row.place.country.as_ref().map(|c| c.as_str().to_owned()))
                    .unwrap_or_default(),
            )
        };
        let source = self.source();
        if let Some(&index) = self.organisations.get(&key) {
            let record = &mut self.entities[index].record;
            add_source(&mut record.sources, &source);
            add_alias(record, &row.name);
            if let Some(short) = &row.short_name {
                add_alias(record, short);
            }
            if record.website.is_none() {
                record.website = row.website;
            }
            return Ok((index, true));
        }
        self.count_placement(&placement, &row.place);
        let (id, external) = match &key {
            OrganisationKey::Pic(pic) => (
                format!("institution:pic-{pic}"),
                Some((ExternalIdScheme::Pic, pic.clone())),
            ),
            OrganisationKey::Kohesio(q) => (
                format!("institution:kohesio-{}", q.to_ascii_lowercase()),
                Some((ExternalIdScheme::Kohesio, q.clone())),
            ),
            OrganisationKey::Name(..) => {
                let mut id = format!("institution:{}", slug(&row.name, NAME_SLUG));
                for part in [
                    row.place.town.as_deref(),
                    row.place.country.as_ref().map(|c| c.as_str()),
                ]
                .into_iter()
                .flatten()
                {
                    let part = slug(part, 30);
                    if !part.is_empty() {
                        id.push('-');
                        id.push_str(&part);
                    }
                }
                (id, None)
            }
        };
        let existing = external
            .as_ref()
            .is_some_and(|(scheme, value)| self.graph.find_external(*scheme, value).is_some());
        let kind = row.kind.unwrap_or(InstitutionKind::Other);
        let region = placement.region.clone().filter(|region| match &external {
            Some((scheme, value)) => self.agrees_with_served(Some(*scheme), value, region),
            None => true,
        });
        let mut record = EntityRecord {
            id: self.free_id(id),
            name: tidy(&row.name),
            kind: Some(kind.as_str().to_owned()),
            website: row.website,
            sources: vec![source],
            located_in: region.clone(),
            inferred: [
                (row.kind_inferred, "kind"),
                (
                    row.place_inferred && placement.region.is_some(),
                    "located_in",
                ),
            ]
            .into_iter()
            .filter(|(inferred, _)| *inferred)
            .map(|(_, field)| field.to_owned())
            .collect(),
            address: (!row.place_inferred).then(|| address(&row.place)).flatten(),
            external_ids: external
                .map(|(scheme, value)| ExternalIdRecord {
                    scheme: scheme.as_str().to_owned(),
                    value,
                    ..ExternalIdRecord::default()
                })
                .into_iter()
                .collect(),
            ..EntityRecord::default()
        };
        if let Some(short) = &row.short_name {
            add_alias(&mut record, short);
        }
        let index = self.push(record, existing);
        self.organisations.insert(key, index);
        Ok((index, existing))
    }

    /// Whether placing an entity the served data already holds (by `scheme` and `value`) in
    /// `region` agrees with where the served data places it: the loader refuses an entity in
    /// two regions neither of which contains the other. A disagreement is counted, and the
    /// served place stands.
    pub(super) fn agrees_with_served(
        &mut self,
        scheme: Option<ExternalIdScheme>,
        value: &str,
        region: &str,
    ) -> bool {
        let Some(node) = scheme.and_then(|s| self.graph.find_external(s, value)) else {
            return true;
        };
        let Some(region) = self.graph.find(region) else {
            return true;
        };
        let graph = self.graph;
        let agrees = graph
            .parent_regions(node)
            .all(|parent| graph.is_within(region, parent) || graph.is_within(parent, region));
        if !agrees {
            self.summary.placed_elsewhere += 1;
        }
        agrees
    }

    /// Refuses an identifier that already names an entity of another kind, in this import or
    /// in the served data (a Kohesio item can name a project or an institution, not both).
    pub(super) fn check_kind(
        &self,
        scheme: ExternalIdScheme,
        value: &str,
        kind: EntityKind,
    ) -> Result<(), Refusal> {
        let in_import = match (scheme, kind) {
            (ExternalIdScheme::Kohesio, EntityKind::Project) => self
                .organisations
                .contains_key(&OrganisationKey::Kohesio(value.to_owned()))
                .then_some(EntityKind::Institution),
            (ExternalIdScheme::Kohesio, EntityKind::Institution) => self
                .projects
                .contains_key(&ProjectKey::Kohesio(value.to_owned()))
                .then_some(EntityKind::Project),
            _ => None,
        };
        let served = self
            .graph
            .find_external(scheme, value)
            .map(|index| self.graph.entity(index).kind())
            .filter(|&other| other != kind);
        match in_import.or(served) {
            Some(other) => Err(Refusal::new(
                "identifier of another kind",
                format!(
                    "the {} id `{value}` already names a {}, so it cannot name a {}",
                    scheme.as_str(),
                    other.as_str(),
                    kind.as_str()
                ),
            )),
            None => Ok(()),
        }
    }

    pub(super) fn count_placement(&mut self, placement: &Placement, place: &Place) {
        if let Some(code) = &placement.unknown_nuts {
            self.summary.unknown_nuts(code, placement.region.is_some());
        }
        if let Some(country) = &placement.unknown_country {
            self.summary.unknown_country(country);
        }
        if placement.region.is_none() && place.country.is_none() && place.nuts.is_none() {
            self.summary.unplaced += 1;
        }
    }

    /// An id not yet taken in this import or in the served data: `base`, else `base-2`, ...
    pub(super) fn free_id(&self, base: String) -> String {
        let taken = |id: &str| self.taken_ids.contains_key(id) || self.graph.find(id).is_some();
        if !taken(&base) {
            return base;
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| !taken(id))
            .unwrap_or(base)
    }

    pub(super) fn push(&mut self, record: EntityRecord, existing: bool) -> usize {
        let index = self.entities.len();
        self.taken_ids.insert(record.id.clone(), index);
        self.entities.push(Building { record, existing });
        index
    }
}
