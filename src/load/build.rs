//! Checks raw records and builds the graph from them, collecting every problem on the way.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;
use std::sync::Arc;

use crate::model::{
    Entity, EntityDetails, EntityKind, Graph, NodeIndex, PartialDate, ProjectDetails, RelationType,
    Source, SourceIndex, SourceList,
};

use super::records::{EntityRecord, LocatedRecord, Location, Record, RelationRecord, SourceRecord};
use super::report::{Problem, Report};

mod fields;
mod merge;
mod relations;

use relations::suggestion;

/// Builds a graph from records, or reports every problem found in them.
pub fn build(records: Vec<LocatedRecord>, problems: Vec<Problem>) -> Result<Graph, Report> {
    let mut builder = Builder::new();
    builder.problems = problems;
    let mut entities = Vec::new();
    let mut relations = Vec::new();
    for LocatedRecord { record, location } in records {
        match record {
            Record::Source(source) => builder.add_source(source, &location),
            Record::Entity(kind, entity) => entities.push((kind, entity, location)),
            Record::Relation(relation) => relations.push((relation, location)),
        }
    }
    for (kind, record, location) in entities {
        builder.add_entity_deferred(kind, record, &location);
    }
    for (record, location) in relations {
        builder.add_relation(&record, &location);
    }
    builder.finish()
}

/// The most problems a report lists one by one; past it, they are only counted, so that a
/// systematically broken bulk file cannot exhaust memory.
pub const MAX_LISTED_PROBLEMS: usize = 10_000;

/// Checks records one at a time and adds the good ones to a graph.
///
/// Feed it sources first, then entities, then relations: a relation can only name entities
/// already added. Relations written as shorthand fields of an entity (`part_of`,
/// `located_in`, ...) are kept until [`Builder::finish`], so they may name entities that come
/// later.
pub struct Builder {
    graph: Graph,
    problems: Vec<Problem>,
    /// Problems past [`MAX_LISTED_PROBLEMS`], only counted.
    omitted: usize,
    /// Where each entity was defined, by node index, to point at both places of a duplicate.
    entity_places: Vec<(Arc<str>, usize)>,
    /// Where each source was defined, by source index.
    source_places: Vec<(Arc<str>, usize)>,
    /// Ids whose records were rejected, so that relations naming them are not reported twice.
    rejected: HashMap<String, Location>,
    /// Relations from shorthand fields, added at the end.
    pending: Vec<(RelationRecord, Location)>,
    /// Shared copies of source lists and of short texts (roles, figure labels and units),
    /// which repeat across millions of records.
    source_lists: HashMap<Vec<SourceIndex>, SourceList>,
    texts: HashMap<String, Arc<str>>,
    /// Shared copies of projects' status and funding scheme: a few hundred pairs repeat
    /// across every project of a large import.
    project_details: HashSet<Arc<ProjectDetails>>,
    /// Entities that more than one record describes (records that share an external id),
    /// with the place of every record merged into them after the first.
    /// Looked up for every relation once anything is merged, hence the fast hash.
    merged: HashMap<NodeIndex, Vec<(Arc<str>, usize)>, foldhash::fast::RandomState>,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

/// How many problems may still get a "did you mean" hint, which compares with every id.
const HINTED_PROBLEMS: usize = 50;

/// The fields each entity kind may use beyond the common ones.
fn allowed_fields(kind: EntityKind) -> &'static [&'static str] {
    match kind {
        EntityKind::Region => &["level", "iso_3166", "part_of"],
        EntityKind::Institution => &["kind", "address", "located_in", "part_of"],
        EntityKind::Person | EntityKind::Topic => &[],
        EntityKind::Programme => &["kind", "start", "end", "part_of"],
        EntityKind::Project => &[
            "start",
            "end",
            "programme",
            "part_of",
            "status",
            "funding_scheme",
        ],
        EntityKind::Event => &["kind", "start", "end", "place", "part_of"],
    }
}

const COMMON_FIELDS: &[&str] = &[
    "id",
    "name",
    "aliases",
    "description",
    "website",
    "sources",
    "inferred",
    "figures",
    "external_ids",
    "former_ids",
];

impl Builder {
    /// An empty builder.
    pub fn new() -> Self {
        Builder {
            graph: Graph::default(),
            problems: Vec::new(),
            omitted: 0,
            entity_places: Vec::new(),
            source_places: Vec::new(),
            rejected: HashMap::new(),
            pending: Vec::new(),
            source_lists: HashMap::new(),
            texts: HashMap::new(),
            project_details: HashSet::new(),
            merged: HashMap::default(),
        }
    }

    /// The shared copy of a source list.
    fn share_sources(&mut self, sources: Vec<SourceIndex>) -> SourceList {
        if let Some(shared) = self.source_lists.get(&sources) {
            return shared.clone();
        }
        let shared: SourceList = Arc::from(sources.as_slice());
        self.source_lists.insert(sources, shared.clone());
        shared
    }

    /// The shared copy of a short text: a role, a figure's label or unit.
    fn share_text(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.texts.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.texts.insert(text.to_owned(), shared.clone());
        shared
    }

    /// The shared copy of a project's status and funding scheme; `None` when it has neither.
    fn share_project_details(&mut self, details: ProjectDetails) -> Option<Arc<ProjectDetails>> {
        if details == ProjectDetails::default() {
            return None;
        }
        if let Some(shared) = self.project_details.get(&details) {
            return Some(shared.clone());
        }
        let shared = Arc::new(details);
        self.project_details.insert(shared.clone());
        Some(shared)
    }

    /// Makes room for about this many entities and relations; see [`Graph::reserve`].
    pub fn reserve(&mut self, entities: usize, relations: usize) {
        self.graph.reserve(entities, relations);
        self.entity_places.reserve(entities);
    }

    /// Records a problem found outside any record, such as a line that is not valid JSON.
    pub fn report(&mut self, problem: Problem) {
        if self.problems.len() < MAX_LISTED_PROBLEMS {
            self.problems.push(problem);
        } else {
            self.omitted += 1;
        }
    }

    /// Adds the relations written as shorthand fields, checks region containment for loops,
    /// and returns the graph, or the report of every problem found.
    pub fn finish(mut self) -> Result<Graph, Report> {
        for (record, location) in std::mem::take(&mut self.pending) {
            self.add_relation(&record, &location);
        }
        // Containment is checked over the finished graph's relation table.
        self.graph.finish();
        self.check_region_cycles();
        self.check_merged_parents();
        if self.problems.is_empty() && self.omitted == 0 {
            Ok(self.graph)
        } else {
            let mut report = Report {
                problems: self.problems,
                omitted: self.omitted,
            };
            report.sort();
            Err(report)
        }
    }

    /// Adds an entity, keeping the relations its shorthand fields stand for until
    /// [`Builder::finish`].
    pub fn add_entity_deferred(
        &mut self,
        kind: EntityKind,
        record: EntityRecord,
        location: &Location,
    ) {
        if let Some(shorthands) = self.add_entity(kind, record, location) {
            self.pending.extend(shorthands);
        }
    }

    /// Adds an entity, and at once the relations its shorthand fields stand for when the
    /// entities they name are already known; the others wait for [`Builder::finish`].
    ///
    /// Bulk files list parents before children, so almost nothing waits.
    pub fn add_entity_eager(
        &mut self,
        kind: EntityKind,
        record: EntityRecord,
        location: &Location,
    ) {
        if let Some(shorthands) = self.add_entity(kind, record, location) {
            for (relation, at) in shorthands {
                if self.graph.find(&relation.to).is_some() {
                    self.add_relation(&relation, &at);
                } else {
                    self.pending.push((relation, at));
                }
            }
        }
    }

    fn problem(&mut self, location: &Location, field: &str, message: String) {
        self.report(Problem {
            file: location.file.clone(),
            line: Some(location.line_of(field)),
            message,
        });
    }

    /// Checks that `id` has the right prefix and slug, and has not been defined before (other
    /// than as an id of `merging_into`, the entity the record is merged into).
    fn check_new_id(
        &mut self,
        id: &str,
        prefix: &str,
        location: &Location,
        merging_into: Option<NodeIndex>,
    ) -> bool {
        let Some(slug) = id.strip_prefix(prefix) else {
            self.problem(
                location,
                "id",
                format!("id `{id}` must start with `{prefix}` (the block's kind)"),
            );
            return false;
        };
        let valid_slug = !slug.is_empty()
            && !slug.starts_with('-')
            && !slug.ends_with('-')
            && slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_slug {
            self.problem(
                location,
                "id",
                format!("id `{id}`: after `{prefix}` use lowercase ASCII letters, digits and single hyphens"),
            );
            return false;
        }
        let first = if let Some(index) = self.graph.find(id) {
            if merging_into == Some(index) {
                return true;
            }
            self.entity_places.get(index.index()).cloned()
        } else if let Some(index) = self.graph.find_source(id) {
            self.source_places.get(index.0 as usize).cloned()
        } else {
            self.rejected
                .get(id)
                .map(|place| (place.file.clone(), place.line))
        };
        if let Some((file, line)) = first {
            let message = format!(
                "duplicate id `{id}`: it is already defined at {file}:{line}; give this record another id"
            );
            self.problem(location, "id", message);
            return false;
        }
        true
    }

    /// Remembers an id whose record was rejected after its id was checked.
    fn reject(&mut self, id: &str, location: &Location) {
        self.rejected.insert(id.to_owned(), location.clone());
    }

    fn parse_value<T: FromStr>(
        &mut self,
        text: Option<&str>,
        field: &str,
        location: &Location,
    ) -> Option<T>
    where
        T::Err: std::fmt::Display,
    {
        match text?.parse() {
            Ok(value) => Some(value),
            Err(error) => {
                self.problem(location, field, format!("`{field}`: {error}"));
                None
            }
        }
    }

    fn resolve_sources(&mut self, ids: &[String], location: &Location) -> Vec<SourceIndex> {
        if ids.is_empty() {
            self.problem(location, "id", "no source: add `sources = [\"source:...\"]` naming the document(s) that state this".into());
        }
        let mut resolved = Vec::new();
        for id in ids {
            match self.graph.find_source(id) {
                Some(index) => resolved.push(index),
                None => {
                    let hint = suggestion(id, self.graph.sources().iter().map(|s| s.id.as_str()));
                    self.problem(location, "sources", format!("unknown source `{id}`{hint}"));
                }
            }
        }
        resolved
    }

    fn check_inferred(&mut self, inferred: &[String], allowed: &[&str], location: &Location) {
        for field in inferred {
            if !allowed.contains(&field.as_str()) || field == "id" || field == "sources" {
                self.problem(
                    location,
                    "inferred",
                    format!("`inferred` names `{field}`, which is not a field of this record that can be inferred"),
                );
            }
        }
    }

    /// Checks a source and adds it when it is good.
    pub fn add_source(&mut self, record: SourceRecord, location: &Location) {
        let id_ok = self.check_new_id(&record.id, "source:", location, None);
        if record.title.trim().is_empty() {
            self.problem(
                location,
                "title",
                "a source needs a non-empty `title`".into(),
            );
        }
        let date = self.parse_value::<PartialDate>(record.date.as_deref(), "date", location);
        let kind = self.parse_value(record.kind.as_deref(), "kind", location);
        if id_ok {
            self.source_places
                .push((location.file.clone(), location.line));
            self.graph.add_source(Source {
                id: record.id,
                title: record.title,
                publisher: record.publisher,
                author: record.author,
                date,
                kind,
                url: record.url,
                description: record.description,
                file: record.file,
                version: record.version,
                licence: record.licence,
            });
        }
    }

    /// Adds an entity and returns the relations its shorthand fields stand for.
    fn add_entity(
        &mut self,
        kind: EntityKind,
        record: EntityRecord,
        location: &Location,
    ) -> Option<Vec<(RelationRecord, Location)>> {
        let sources = self.resolve_sources(&record.sources, location);
        let external_ids = self.external_ids(kind, &record, &sources, location);
        let target = self.merge_target(kind, &record.id, &external_ids, location);
        let id_ok = self.check_new_id(
            &record.id,
            kind.id_prefix(),
            location,
            target.ok().flatten(),
        );
        if record.name.trim().is_empty() {
            self.problem(
                location,
                "name",
                "an entity needs a non-empty `name`".into(),
            );
        }
        let allowed = allowed_fields(kind);
        let present: [(&str, bool); 12] = [
            ("level", record.level.is_some()),
            ("iso_3166", record.iso_3166.is_some()),
            ("kind", record.kind.is_some()),
            ("part_of", record.part_of.is_some()),
            ("address", record.address.is_some()),
            ("located_in", record.located_in.is_some()),
            ("place", record.place.is_some()),
            ("programme", record.programme.is_some()),
            ("start", record.start.is_some()),
            ("end", record.end.is_some()),
            ("status", record.status.is_some()),
            ("funding_scheme", record.funding_scheme.is_some()),
        ];
        for (field, is_present) in present {
            if is_present && !allowed.contains(&field) {
                let expected = if allowed.is_empty() {
                    "none".to_owned()
                } else {
                    allowed.join(", ")
                };
                self.problem(
                    location,
                    field,
                    format!(
                        "field `{field}` does not apply to a {kind}; its own fields are: {expected}"
                    ),
                );
            }
        }
        let inferable: Vec<&str> = COMMON_FIELDS.iter().chain(allowed).copied().collect();
        self.check_inferred(&record.inferred, &inferable, location);
        let figures = self.figures(&record.figures, &sources, location);
        let start = self.parse_value::<PartialDate>(record.start.as_deref(), "start", location);
        let end = self.parse_value::<PartialDate>(record.end.as_deref(), "end", location);
        self.check_date_order(start, end, location);
        let details = match kind {
            EntityKind::Region => self
                .required(record.level.as_deref(), "level", kind, location)
                .map(|level| EntityDetails::Region { level }),
            EntityKind::Institution => {
                let address = record
                    .address
                    .as_ref()
                    .and_then(|address| self.address(address, location));
                self.required(record.kind.as_deref(), "kind", kind, location)
                    .map(|kind| EntityDetails::Institution { kind, address })
            }
            EntityKind::Person => Some(EntityDetails::Person),
            EntityKind::Programme => Some(EntityDetails::Programme {
                kind: self.parse_value(record.kind.as_deref(), "kind", location),
                start,
                end,
            }),
            EntityKind::Project => {
                let details = ProjectDetails {
                    status: self.published_text(record.status.as_deref(), "status", location),
                    funding_scheme: self.published_text(
                        record.funding_scheme.as_deref(),
                        "funding_scheme",
                        location,
                    ),
                };
                Some(EntityDetails::Project {
                    start,
                    end,
                    details: self.share_project_details(details),
                })
            }
            EntityKind::Topic => Some(EntityDetails::Topic),
            EntityKind::Event => self
                .required(record.kind.as_deref(), "kind", kind, location)
                .map(|kind| EntityDetails::Event { kind, start, end }),
        };
        if !id_ok {
            return None;
        }
        let (Some(details), Ok(target)) = (details, target) else {
            self.reject(&record.id, location);
            return None;
        };
        let shorthand = |field: &str, rel_type: RelationType, target: &Option<String>| {
            target.as_ref().map(|to| {
                // A shorthand the record marks as inferred makes a relation whose target is
                // inferred.
                let inferred = if record.inferred.iter().any(|f| f == field) {
                    vec!["to".to_owned()]
                } else {
                    Vec::new()
                };
                let relation = RelationRecord {
                    rel_type: rel_type.as_str().to_owned(),
                    from: record.id.clone(),
                    to: to.clone(),
                    sources: record.sources.clone(),
                    inferred,
                    ..RelationRecord::default()
                };
                // Problems with a shorthand point at the field that wrote it.
                let mut at = location.clone();
                at.line = location.line_of(field);
                at.field_lines =
                    HashMap::from([("to".to_owned(), at.line), ("from".to_owned(), at.line)]);
                (relation, at)
            })
        };
        let shorthands = [
            shorthand("part_of", RelationType::PartOf, &record.part_of),
            shorthand("located_in", RelationType::LocatedIn, &record.located_in),
            shorthand("place", RelationType::LocatedIn, &record.place),
            shorthand("programme", RelationType::UnderProgramme, &record.programme),
        ]
        .into_iter()
        .flatten()
        .collect();
        let former_ids = record.former_ids.clone();
        if let Some(node) = target {
            self.merge_into(node, record, &sources, figures, external_ids, location);
            self.merge_details(node, details);
            self.add_former_ids(&former_ids, kind, node, location);
            return Some(shorthands);
        }
        self.entity_places
            .push((location.file.clone(), location.line));
        let sources = self.share_sources(sources);
        let index = self.graph.add_entity(Entity {
            id: record.id,
            name: record.name,
            aliases: record.aliases,
            description: record.description,
            website: record.website,
            sources,
            inferred: record.inferred.into_boxed_slice(),
            figures,
            external_ids: external_ids.into_boxed_slice(),
            details,
        });
        for position in 0..self.graph.entity(index).external_ids.len() {
            let id = &self.graph.entity(index).external_ids[position];
            let (scheme, value) = (id.scheme, id.value.clone());
            self.graph.index_external_id(scheme, &value, index);
        }
        self.add_former_ids(&former_ids, kind, index, location);
        Some(shorthands)
    }
}

/// "a" or "an", whichever reads right before the kind's name.
fn article(kind: EntityKind) -> &'static str {
    if kind.as_str().starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
