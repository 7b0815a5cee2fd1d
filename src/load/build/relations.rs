//! Relations: checking their ends, kinds, dates and sources, and region containment loops.

use std::collections::HashMap;

use super::merge::merge_sorted;
use super::{Builder, HINTED_PROBLEMS};
use crate::load::records::{Location, RelationRecord};
use crate::model::{EntityKind, InferredFields, NodeIndex, PartialDate, Relation, RelationType};

impl Builder {
    pub(super) fn endpoint(
        &mut self,
        id: &str,
        field: &str,
        location: &Location,
    ) -> Option<NodeIndex> {
        let found = self.graph.find(id);
        // An id whose own record was rejected is already reported there; saying it is
        // unknown here too would only send the reader looking for a typo.
        if found.is_none() && !self.rejected.contains_key(id) {
            // A hint compares the id with every known one: only the first few get one, so
            // that a bulk file full of bad ids is still checked quickly.
            let hint = if self.problems.len() < HINTED_PROBLEMS {
                let graph = &self.graph;
                let known = graph
                    .entity_indices()
                    .map(|index| graph.entity(index).id.as_str())
                    .chain(self.rejected.keys().map(String::as_str));
                suggestion(id, known)
            } else {
                String::new()
            };
            self.problem(
                location,
                field,
                format!("`{field}` names unknown entity `{id}`{hint}"),
            );
        }
        found
    }

    /// Checks a relation and adds it when it is good; both ends must already be added.
    pub fn add_relation(&mut self, record: &RelationRecord, location: &Location) {
        let rel_type = self.parse_value::<RelationType>(Some(&record.rel_type), "type", location);
        let from = self.endpoint(&record.from, "from", location);
        let to = self.endpoint(&record.to, "to", location);
        let sources = self.resolve_sources(&record.sources, location);
        self.check_inferred(&record.inferred, &Relation::INFERABLE, location);
        let figures = self.figures(&record.figures, &sources, location);
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
        let role = record.role.as_deref().map(|role| self.share_text(role));
        let mut relation = Relation {
            rel_type,
            role,
            start,
            end,
            sources: self.share_sources(sources),
            inferred: InferredFields::from_names(&record.inferred),
            description: record.description.as_deref().map(Box::from),
            figures: figures.into_boxed_slice(),
        };
        // Records merged into one entity often state the same relation (a region's parent in
        // two code lists): it is kept once, citing every source, with the figures of both.
        if !self.merged.is_empty()
            && (self.merged.contains_key(&from) || self.merged.contains_key(&to))
            && let Some(same) = self.graph.same_relation(from, to, &relation)
        {
            let existing = self.graph.relation(same).relation;
            let merged = merge_sorted(&existing.sources, &relation.sources);
            let mut figures = existing.figures.to_vec();
            relation.sources = self.share_sources(merged);
            self.merge_figures(&mut figures, relation.figures.into_vec());
            let same = self.graph.relation_mut(same);
            same.sources = relation.sources;
            same.figures = figures.into_boxed_slice();
            return;
        }
        self.graph.add_relation(from, to, relation);
    }

    /// Reports regions whose `part_of` chain loops back on itself.
    pub(super) fn check_region_cycles(&mut self) {
        let regions = self.graph.entities_of_kind(EntityKind::Region).to_vec();
        for region in regions {
            let mut seen = vec![region];
            let mut current = self.graph.parent_region(region);
            while let Some(parent) = current {
                if parent == region {
                    let id = self.graph.entity(region).id.clone();
                    let location = self
                        .entity_places
                        .get(region.index())
                        .map(|(file, line)| Location {
                            file: file.clone(),
                            line: *line,
                            field_lines: HashMap::new(),
                        })
                        .unwrap_or_default();
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

/// A "did you mean" hint naming the closest known id, when one is close enough.
pub(super) fn suggestion<'a>(id: &str, known: impl Iterator<Item = &'a str>) -> String {
    known
        .map(|candidate| (strsim::jaro_winkler(id, candidate), candidate))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, best)| format!(" (did you mean `{best}`?)"))
        .unwrap_or_else(|| " (no record has this id)".to_owned())
}
