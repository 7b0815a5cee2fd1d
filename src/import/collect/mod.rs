//! The collector: turns the rows every importer reads into records of the bulk format, one
//! entity per real organisation and project, and accounts for every row.

use std::collections::HashMap;

use crate::load::{EntityRecord, RelationRecord, SourceRecord};
use crate::model::Graph;

use super::places::Places;
use super::rows::{At, InputFile, ParticipationRow, ProjectKey, ProjectRow, Refusal};
use super::summary::Summary;
use super::values::slug;

mod entities;
mod fields;
#[cfg(test)]
mod tests;

use fields::{add_source, figures, key_text};

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
