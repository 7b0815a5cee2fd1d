//! Checks raw records and builds the graph from them, collecting every problem on the way.

use std::collections::HashMap;
use std::str::FromStr;

use crate::model::{
    Entity, EntityDetails, EntityKind, Figure, Graph, NodeIndex, PartialDate, Relation,
    RelationType, Source, SourceIndex,
};

use super::records::{EntityRecord, LocatedRecord, Location, Record, RelationRecord, SourceRecord};
use super::report::{Problem, Report};

/// Builds a graph from records, or reports every problem found in them.
pub fn build(records: Vec<LocatedRecord>, mut problems: Vec<Problem>) -> Result<Graph, Report> {
    let mut builder = Builder {
        graph: Graph::default(),
        problems: Vec::new(),
        first_seen: HashMap::new(),
    };
    let mut entities = Vec::new();
    let mut relations = Vec::new();
    for LocatedRecord { record, location } in records {
        match record {
            Record::Source(source) => builder.add_source(source, &location),
            Record::Entity(kind, entity) => entities.push((kind, entity, location)),
            Record::Relation(relation) => relations.push((relation, location)),
        }
    }
    let mut pending = Vec::new();
    for (kind, record, location) in entities {
        if let Some(shorthands) = builder.add_entity(kind, record, &location) {
            pending.extend(shorthands);
        }
    }
    for (record, location) in relations {
        builder.add_relation(&record, &location);
    }
    for (record, location) in pending {
        builder.add_relation(&record, &location);
    }
    builder.check_region_cycles();
    problems.append(&mut builder.problems);
    if problems.is_empty() {
        builder.graph.finish();
        Ok(builder.graph)
    } else {
        let mut report = Report { problems };
        report.sort();
        Err(report)
    }
}

struct Builder {
    graph: Graph,
    problems: Vec<Problem>,
    /// Where each id was first defined, to point at both places of a duplicate.
    first_seen: HashMap<String, Location>,
}

/// The fields each entity kind may use beyond the common ones.
fn allowed_fields(kind: EntityKind) -> &'static [&'static str] {
    match kind {
        EntityKind::Region => &["level", "iso_3166", "part_of"],
        EntityKind::Institution => &["kind", "located_in", "part_of"],
        EntityKind::Person | EntityKind::Topic => &[],
        EntityKind::Programme => &["kind", "start", "end", "part_of"],
        EntityKind::Project => &["start", "end", "programme", "part_of"],
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
];
const RELATION_FIELDS: &[&str] = &[
    "type",
    "from",
    "to",
    "role",
    "start",
    "end",
    "sources",
    "description",
];

impl Builder {
    fn problem(&mut self, location: &Location, field: &str, message: String) {
        self.problems.push(Problem {
            file: location.file.clone(),
            line: Some(location.line_of(field)),
            message,
        });
    }

    /// Checks that `id` has the right prefix and slug, and has not been defined before.
    fn check_new_id(&mut self, id: &str, prefix: &str, location: &Location) -> bool {
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
        if let Some(first) = self.first_seen.get(id) {
            let message = format!(
                "duplicate id `{id}`: it is already defined at {}:{}; give this record another id",
                first.file, first.line
            );
            self.problem(location, "id", message);
            return false;
        }
        self.first_seen.insert(id.to_owned(), location.clone());
        true
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

    fn add_source(&mut self, record: SourceRecord, location: &Location) {
        let id_ok = self.check_new_id(&record.id, "source:", location);
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
            self.graph.add_source(Source {
                id: record.id,
                title: record.title,
                publisher: record.publisher,
                author: record.author,
                date,
                kind,
                url: record.url,
                description: record.description,
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
        let id_ok = self.check_new_id(&record.id, kind.id_prefix(), location);
        if record.name.trim().is_empty() {
            self.problem(
                location,
                "name",
                "an entity needs a non-empty `name`".into(),
            );
        }
        let sources = self.resolve_sources(&record.sources, location);
        let allowed = allowed_fields(kind);
        let present: [(&str, bool); 9] = [
            ("level", record.level.is_some()),
            ("iso_3166", record.iso_3166.is_some()),
            ("kind", record.kind.is_some()),
            ("part_of", record.part_of.is_some()),
            ("located_in", record.located_in.is_some()),
            ("place", record.place.is_some()),
            ("programme", record.programme.is_some()),
            ("start", record.start.is_some()),
            ("end", record.end.is_some()),
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
        let figures = self.figures(&record, &sources, location);
        let start = self.parse_value::<PartialDate>(record.start.as_deref(), "start", location);
        let end = self.parse_value::<PartialDate>(record.end.as_deref(), "end", location);
        self.check_date_order(start, end, location);
        let details = match kind {
            EntityKind::Region => {
                let level = self.required(record.level.as_deref(), "level", kind, location)?;
                EntityDetails::Region {
                    level,
                    iso_3166: record.iso_3166.clone(),
                }
            }
            EntityKind::Institution => EntityDetails::Institution {
                kind: self.required(record.kind.as_deref(), "kind", kind, location)?,
            },
            EntityKind::Person => EntityDetails::Person,
            EntityKind::Programme => EntityDetails::Programme {
                kind: self.parse_value(record.kind.as_deref(), "kind", location),
                start,
                end,
            },
            EntityKind::Project => EntityDetails::Project { start, end },
            EntityKind::Topic => EntityDetails::Topic,
            EntityKind::Event => EntityDetails::Event {
                kind: self.required(record.kind.as_deref(), "kind", kind, location)?,
                start,
                end,
            },
        };
        if !id_ok {
            return None;
        }
        let shorthand = |field: &str, rel_type: RelationType, target: &Option<String>| {
            target.as_ref().map(|to| {
                let relation = RelationRecord {
                    rel_type: rel_type.as_str().to_owned(),
                    from: record.id.clone(),
                    to: to.clone(),
                    sources: record.sources.clone(),
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
        self.graph.add_entity(Entity {
            id: record.id,
            name: record.name,
            aliases: record.aliases,
            description: record.description,
            website: record.website,
            sources,
            inferred: record.inferred,
            figures,
            details,
        });
        Some(shorthands)
    }

    fn required<T: FromStr>(
        &mut self,
        text: Option<&str>,
        field: &str,
        kind: EntityKind,
        location: &Location,
    ) -> Option<T>
    where
        T::Err: std::fmt::Display,
    {
        if text.is_none() {
            self.problem(
                location,
                "id",
                format!("{} {kind} needs a `{field}` field", article(kind)),
            );
        }
        self.parse_value(text, field, location)
    }

    fn figures(
        &mut self,
        record: &EntityRecord,
        own_sources: &[SourceIndex],
        location: &Location,
    ) -> Vec<Figure> {
        let mut figures = Vec::new();
        for figure in &record.figures {
            let sources = if figure.sources.is_empty() {
                own_sources.to_vec()
            } else {
                self.resolve_sources(&figure.sources, location)
            };
            if !figure.value.is_finite() {
                self.problem(
                    location,
                    "figures",
                    format!("figure `{}` has a value that is not a number", figure.label),
                );
            }
            figures.push(Figure {
                label: figure.label.clone(),
                value: figure.value,
                unit: figure.unit.clone(),
                approximate: figure.approximate,
                year: self.parse_value(figure.year.as_deref(), "figures", location),
                sources,
            });
        }
        figures
    }

    fn check_date_order(
        &mut self,
        start: Option<PartialDate>,
        end: Option<PartialDate>,
        location: &Location,
    ) {
        if let (Some(start), Some(end)) = (start, end)
            && start.earliest() > end.latest()
        {
            self.problem(
                location,
                "end",
                format!("`end` ({end}) is before `start` ({start})"),
            );
        }
    }

    fn endpoint(&mut self, id: &str, field: &str, location: &Location) -> Option<NodeIndex> {
        let found = self.graph.find(id);
        // An id whose own record was rejected is already reported there; saying it is
        // unknown here too would only send the reader looking for a typo.
        if found.is_none() && !self.first_seen.contains_key(id) {
            let known = self.first_seen.keys().map(String::as_str);
            let hint = suggestion(id, known);
            self.problem(
                location,
                field,
                format!("`{field}` names unknown entity `{id}`{hint}"),
            );
        }
        found
    }

    fn add_relation(&mut self, record: &RelationRecord, location: &Location) {
        let rel_type = self.parse_value::<RelationType>(Some(&record.rel_type), "type", location);
        let from = self.endpoint(&record.from, "from", location);
        let to = self.endpoint(&record.to, "to", location);
        let sources = self.resolve_sources(&record.sources, location);
        self.check_inferred(&record.inferred, RELATION_FIELDS, location);
        let start = self.parse_value::<PartialDate>(record.start.as_deref(), "start", location);
        let end = self.parse_value::<PartialDate>(record.end.as_deref(), "end", location);
        self.check_date_order(start, end, location);
        let (Some(rel_type), Some(from), Some(to)) = (rel_type, from, to) else {
            return;
        };
        if from == to {
            self.problem(
                location,
                "to",
                format!(
                    "a `{rel_type}` relation cannot link `{}` to itself",
                    record.from
                ),
            );
            return;
        }
        let (from_kind, to_kind) = (self.graph.entity(from).kind(), self.graph.entity(to).kind());
        if !rel_type.allows(from_kind, to_kind) {
            self.problem(
                location,
                "type",
                format!(
                    "a `{rel_type}` relation goes from {}, not from {from_kind} `{}` to {to_kind} `{}`",
                    rel_type.describe_endpoints(),
                    record.from,
                    record.to
                ),
            );
            return;
        }
        self.graph.add_relation(
            from,
            to,
            Relation {
                rel_type,
                role: record.role.clone(),
                start,
                end,
                sources,
                inferred: record.inferred.clone(),
                description: record.description.clone(),
            },
        );
    }

    /// Reports regions whose `part_of` chain loops back on itself.
    fn check_region_cycles(&mut self) {
        let regions = self.graph.entities_of_kind(EntityKind::Region).to_vec();
        for region in regions {
            let mut seen = vec![region];
            let mut current = self.graph.parent_region(region);
            while let Some(parent) = current {
                if parent == region {
                    let id = self.graph.entity(region).id.clone();
                    let location = self.first_seen.get(&id).cloned().unwrap_or_default();
                    let chain: Vec<_> = seen
                        .iter()
                        .map(|&i| self.graph.entity(i).id.clone())
                        .collect();
                    self.problem(
                        &location,
                        "part_of",
                        format!(
                            "`part_of` makes a loop: {} -> {id}; a region cannot contain itself",
                            chain.join(" -> ")
                        ),
                    );
                    break;
                }
                if seen.contains(&parent) {
                    break;
                }
                seen.push(parent);
                current = self.graph.parent_region(parent);
            }
        }
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

/// A "did you mean" hint naming the closest known id, when one is close enough.
fn suggestion<'a>(id: &str, known: impl Iterator<Item = &'a str>) -> String {
    known
        .map(|candidate| (strsim::jaro_winkler(id, candidate), candidate))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, best)| format!(" (did you mean `{best}`?)"))
        .unwrap_or_else(|| " (no record has this id)".to_owned())
}
