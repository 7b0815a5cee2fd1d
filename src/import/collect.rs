//! The collector: turns the rows every importer reads into records of the bulk format, one
//! entity per real organisation and project, and accounts for every row.

use std::collections::HashMap;

use crate::load::{
    AddressRecord, EntityRecord, ExternalIdRecord, FigureRecord, RelationRecord, SourceRecord,
};
use crate::model::{EntityKind, ExternalIdScheme, Graph, InstitutionKind};
use crate::search::fold::fold_terms;

use super::places::{Placement, Places};
use super::rows::{
    Amount, At, InputFile, OrganisationRow, ParticipationRow, Place, ProgrammeRow, ProjectKey,
    ProjectRow, Refusal,
};
use super::summary::Summary;
use super::values::slug;

/// The longest slug made from a name, in bytes.
const NAME_SLUG: usize = 60;

/// The records an import writes.
#[derive(Debug, Default)]
pub struct Records {
    /// One source per input file.
    pub sources: Vec<SourceRecord>,
    /// Programmes, projects and institutions, sorted by id.
    pub entities: Vec<EntityRecord>,
    /// Participations and placements, sorted.
    pub relations: Vec<RelationRecord>,
}

/// One input file's source record while the import runs.
struct FileSource {
    record: SourceRecord,
}

/// How an organisation is recognised across rows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum OrganisationKey {
    Pic(String),
    Kohesio(String),
    /// Folded name, folded town and the country as placed (or as written).
    Name(String, String, String),
}

/// An entity being built from the rows that name it.
struct Building {
    record: EntityRecord,
    /// Whether the data the import will be served with already holds it.
    existing: bool,
}

/// Collects rows into records; see [`super`] for the rules.
pub struct Collector<'g> {
    graph: &'g Graph,
    places: Places<'g>,
    files: Vec<FileSource>,
    current: usize,
    entities: Vec<Building>,
    taken_ids: HashMap<String, usize>,
    organisations: HashMap<OrganisationKey, usize>,
    projects: HashMap<ProjectKey, usize>,
    programmes: HashMap<String, usize>,
    /// Relations by their ends, type and role: a relation stated twice is kept once.
    relations: HashMap<(usize, &'static str, String, Option<String>), RelationRecord>,
    /// What happened to every row.
    pub summary: Summary,
}

impl<'g> Collector<'g> {
    /// A collector whose imports will be served beside `graph` (the reference layer and
    /// curated data): it places organisations on its regions and recognises its entities.
    pub fn new(graph: &'g Graph) -> Self {
        Collector {
            graph,
            places: Places::new(graph),
            files: Vec::new(),
            current: 0,
            entities: Vec::new(),
            taken_ids: HashMap::new(),
            organisations: HashMap::new(),
            projects: HashMap::new(),
            programmes: HashMap::new(),
            relations: HashMap::new(),
            summary: Summary::default(),
        }
    }

    /// Starts reading an input file; returns its handle, and makes it the current file.
    pub fn begin_file(&mut self, input: InputFile) -> usize {
        let base = format!("source:{}", slug(&input.file_name, NAME_SLUG));
        let mut id = base.clone();
        let mut n = 2;
        while self.graph.find_source(&id).is_some() || self.files.iter().any(|f| f.record.id == id)
        {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.files.push(FileSource {
            record: SourceRecord {
                id,
                title: input.title,
                publisher: Some(input.publisher),
                kind: Some("dataset".to_owned()),
                url: input.url,
                file: Some(input.file_name),
                licence: input.licence,
                ..SourceRecord::default()
            },
        });
        self.current = self.files.len() - 1;
        self.current
    }

    /// Makes an input file the current one again (a zip's second member).
    pub fn switch_to(&mut self, file: usize) {
        self.current = file.min(self.files.len().saturating_sub(1));
    }

    /// Notes a date the current file's data carries (a row's update date); the source's date
    /// is the latest one noted.
    pub fn note_date(&mut self, date: &str) {
        if let Some(file) = self.files.get_mut(self.current) {
            let newer = file.record.date.as_deref().is_none_or(|d| d < date);
            if newer {
                file.record.date = Some(date.to_owned());
            }
        }
    }

    fn source(&self) -> String {
        self.files
            .get(self.current)
            .map(|f| f.record.id.clone())
            .unwrap_or_default()
    }

    /// Refuses a row.
    pub fn refuse(&mut self, at: &At, refusal: Refusal) {
        self.summary.refused(at, refusal);
    }

    /// Takes a row that describes a project (CORDIS's `project.csv`).
    pub fn project(&mut self, at: &At, row: ProjectRow) {
        match self.upsert_project(row) {
            Ok(merged) => self.summary.accepted(at, merged),
            Err(refusal) => self.summary.refused(at, refusal),
        }
    }

    /// Takes a row that describes one organisation's part in a project, with the project
    /// itself where the row describes it too (keep.eu, lists of operations, Kohesio).
    pub fn participation(&mut self, at: &At, project: Option<ProjectRow>, row: ParticipationRow) {
        match self.add_participation(project, row) {
            Ok(merged) => self.summary.accepted(at, merged),
            Err(refusal) => self.summary.refused(at, refusal),
        }
    }

    /// Takes a row that names several organisations of one project (a Kohesio cell listing
    /// several beneficiaries). The row counts once: refused when the project or every
    /// organisation is refused, else imported or merged; an organisation refused beside
    /// accepted ones is listed with the row's place and counted by its reason.
    pub fn participations(
        &mut self,
        at: &At,
        project: Option<ProjectRow>,
        rows: Vec<ParticipationRow>,
    ) {
        let mut project_merged = true;
        let key = project.as_ref().and_then(|p| p.key.clone());
        if let Some(project) = project {
            match self.upsert_project(project) {
                Ok(merged) => project_merged = merged,
                Err(refusal) => {
                    self.summary.refused(at, refusal);
                    return;
                }
            }
        }
        let mut outcome: Option<bool> = None;
        let mut refusals = Vec::new();
        for mut row in rows {
            if row.project.is_none() {
                row.project = key.clone();
            }
            match self.add_participation(None, row) {
                Ok(merged) => outcome = Some(outcome.unwrap_or(true) && merged),
                Err(refusal) => refusals.push(refusal),
            }
        }
        match outcome {
            Some(merged) => {
                self.summary.accepted(at, merged && project_merged);
                for refusal in refusals {
                    self.summary.refused_part(at, refusal);
                }
            }
            None => match refusals.into_iter().next() {
                Some(refusal) => self.summary.refused(at, refusal),
                // No organisation at all: the row describes its project only.
                None => self.summary.accepted(at, project_merged),
            },
        }
    }

    /// Whether a project key has been seen, for readers that must refuse participations in
    /// projects no file describes.
    pub fn knows_project(&self, key: &ProjectKey) -> bool {
        self.projects.contains_key(key)
    }

    fn add_participation(
        &mut self,
        project: Option<ProjectRow>,
        row: ParticipationRow,
    ) -> Result<bool, Refusal> {
        let key = row
            .project
            .clone()
            .or_else(|| project.as_ref().and_then(|p| p.key.clone()))
            .ok_or_else(|| Refusal::new("no project identifier", "the row names no project"))?;
        if row.organisation.name.trim().is_empty() {
            return Err(Refusal::new(
                "no organisation name",
                "the row names no organisation",
            ));
        }
        let mut project_merged = true;
        if let Some(project) = project {
            project_merged = self.upsert_project(project)?;
        }
        let Some(&project_index) = self.projects.get(&key) else {
            return Err(Refusal::new(
                "project not in the input",
                format!("no project file given describes project {}", key_text(&key)),
            ));
        };
        let (organisation, organisation_merged) = self.upsert_organisation(row.organisation)?;
        let source = self.source();
        let role = row.role.filter(|r| !r.trim().is_empty());
        let relation_key = (
            organisation,
            "partner_in",
            self.entities[project_index].record.id.clone(),
            role.clone(),
        );
        let figures = figures(&row.amounts);
        match self.relations.get_mut(&relation_key) {
            Some(existing) => {
                add_source(&mut existing.sources, &source);
            }
            None => {
                let relation = RelationRecord {
                    rel_type: "partner_in".to_owned(),
                    from: self.entities[organisation].record.id.clone(),
                    to: self.entities[project_index].record.id.clone(),
                    role,
                    sources: vec![source],
                    figures,
                    ..RelationRecord::default()
                };
                self.relations.insert(relation_key, relation);
            }
        }
        // A row is merged when every entity it names was already there: its relation, names
        // and amounts are added to them.
        Ok(project_merged && organisation_merged)
    }

    /// Adds a project or merges it into the one with its key; `Ok(true)` when it merged.
    fn upsert_project(&mut self, row: ProjectRow) -> Result<bool, Refusal> {
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
            fill(&mut building.record.start, row.start);
            fill(&mut building.record.end, row.end);
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
        if let Some(region) = placement.region {
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

    fn upsert_programme(&mut self, programme: &ProgrammeRow) -> String {
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
    fn upsert_organisation(&mut self, row: OrganisationRow) -> Result<(usize, bool), Refusal> {
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
        let mut record = EntityRecord {
            id: self.free_id(id),
            name: tidy(&row.name),
            kind: Some(kind.as_str().to_owned()),
            website: row.website,
            sources: vec![source],
            located_in: placement.region.clone(),
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

    /// Refuses an identifier that already names an entity of another kind, in this import or
    /// in the served data (a Kohesio item can name a project or an institution, not both).
    fn check_kind(
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

    fn count_placement(&mut self, placement: &Placement, place: &Place) {
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
    fn free_id(&self, base: String) -> String {
        let taken = |id: &str| self.taken_ids.contains_key(id) || self.graph.find(id).is_some();
        if !taken(&base) {
            return base;
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| !taken(id))
            .unwrap_or(base)
    }

    fn push(&mut self, record: EntityRecord, existing: bool) -> usize {
        let index = self.entities.len();
        self.taken_ids.insert(record.id.clone(), index);
        self.entities.push(Building { record, existing });
        index
    }

    /// The records, in a stable order, and the summary.
    pub fn finish(self) -> (Records, Summary) {
        let mut summary = self.summary;
        let sources: Vec<SourceRecord> = self.files.into_iter().map(|f| f.record).collect();
        let mut entities: Vec<EntityRecord> = Vec::with_capacity(self.entities.len());
        for building in self.entities {
            let kind = building
                .record
                .id
                .split(':')
                .next()
                .unwrap_or("")
                .to_owned();
            // A programme the served data holds is not written again.
            if building.existing && kind == "programme" {
                continue;
            }
            summary.entity_written(&kind, building.existing);
            entities.push(building.record);
        }
        entities.sort_by(|a, b| a.id.cmp(&b.id));
        let mut relations: Vec<RelationRecord> = self.relations.into_values().collect();
        relations.sort_by(|a, b| {
            (&a.from, &a.rel_type, &a.to, &a.role).cmp(&(&b.from, &b.rel_type, &b.to, &b.role))
        });
        summary.relations_written = relations.len();
        (
            Records {
                sources,
                entities,
                relations,
            },
            summary,
        )
    }
}

/// The project key as a user reads it.
fn key_text(key: &ProjectKey) -> String {
    match key {
        ProjectKey::Cordis(id) | ProjectKey::Keep(id) | ProjectKey::Kohesio(id) => id.clone(),
        ProjectKey::Named { programme, name } => format!("`{name}` of {programme}"),
    }
}

fn add_source(sources: &mut Vec<String>, source: &str) {
    if !sources.iter().any(|s| s == source) {
        sources.push(source.to_owned());
    }
}

/// A name as published, with each run of spaces and line breaks made one space (names in
/// spreadsheets carry line breaks from their cells).
fn tidy(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Adds a name as an alias unless the entity already has it, written exactly so.
fn add_alias(record: &mut EntityRecord, name: &str) {
    let name = tidy(name);
    if name.is_empty() || record.name == name || record.aliases.contains(&name) {
        return;
    }
    record.aliases.push(name);
}

fn fill(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value;
    }
}

fn figures(amounts: &[Amount]) -> Vec<FigureRecord> {
    amounts
        .iter()
        .map(|amount| FigureRecord {
            label: amount.label.to_owned(),
            value: amount.value,
            unit: Some("EUR".to_owned()),
            ..FigureRecord::default()
        })
        .collect()
}

/// Adds the amounts whose label the record has no figure for yet.
fn add_figures(existing: &mut Vec<FigureRecord>, amounts: &[Amount]) {
    for figure in figures(amounts) {
        if !existing.iter().any(|f| f.label == figure.label) {
            existing.push(figure);
        }
    }
}

fn address(place: &Place) -> Option<AddressRecord> {
    let address = AddressRecord {
        street: place.street.clone(),
        postcode: place.postcode.clone(),
        town: place.town.clone(),
        country: place.country.as_ref().map(|c| c.as_str().to_owned()),
        nuts: place.nuts.clone(),
        latitude: place.coordinates.map(|(lat, _)| lat),
        longitude: place.coordinates.map(|(_, lon)| lon),
    };
    (address != AddressRecord::default()).then_some(address)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
