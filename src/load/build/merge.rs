//! Records that share an external id become one entity: reading a record's external ids,
//! finding the entity it joins, merging it in, and checking that what was merged agrees.

use std::collections::HashMap;

use super::{Builder, article};
use crate::load::records::{EntityRecord, Location};
use crate::model::{
    EntityDetails, EntityKind, ExternalId, ExternalIdScheme, Figure, NodeIndex, ProjectDetails,
    SourceIndex,
};

/// The entity kinds an external id scheme can name.
fn scheme_kinds(scheme: ExternalIdScheme) -> &'static [EntityKind] {
    match scheme {
        ExternalIdScheme::Iso3166 | ExternalIdScheme::Nuts => &[EntityKind::Region],
        ExternalIdScheme::Pic => &[EntityKind::Institution],
        ExternalIdScheme::CordisProject | ExternalIdScheme::KeepProject => &[EntityKind::Project],
        ExternalIdScheme::Kohesio => &[EntityKind::Project, EntityKind::Institution],
    }
}

impl Builder {
    /// Reads and checks a record's external ids (its `external_ids` and, for a region, its
    /// `iso_3166` code); an id stated twice is kept once.
    pub(super) fn external_ids(
        &mut self,
        kind: EntityKind,
        record: &EntityRecord,
        own_sources: &[SourceIndex],
        location: &Location,
    ) -> Vec<ExternalId> {
        let iso = record.iso_3166.iter().map(|code| {
            let stated = (ExternalIdScheme::Iso3166.as_str(), code.as_str());
            (stated, &[][..], &[][..], "iso_3166")
        });
        let listed = record.external_ids.iter().map(|id| {
            let stated = (id.scheme.as_str(), id.value.as_str());
            (stated, &id.versions[..], &id.sources[..], "external_ids")
        });
        let mut ids: Vec<ExternalId> = Vec::new();
        for ((scheme, value), versions, sources, field) in iso.chain(listed).collect::<Vec<_>>() {
            let Some(scheme) = self.parse_value::<ExternalIdScheme>(Some(scheme), field, location)
            else {
                continue;
            };
            if !scheme.accepts(value) {
                let format = scheme.format();
                self.problem(
                    location,
                    field,
                    format!("`{value}` is not a well-formed {scheme} code: expected {format}"),
                );
                continue;
            }
            let kinds = scheme_kinds(scheme);
            if !kinds.contains(&kind) {
                let names: Vec<String> = kinds.iter().map(|k| format!("{k}s")).collect();
                self.problem(
                    location,
                    field,
                    format!(
                        "{scheme} ids name only {}; this record is {} {kind}",
                        names.join(" and "),
                        article(kind)
                    ),
                );
                continue;
            }
            let sources = if sources.is_empty() {
                own_sources.to_vec()
            } else {
                self.resolve_sources(sources, location)
            };
            let versions: Vec<Box<str>> = versions.iter().map(|v| Box::from(v.as_str())).collect();
            match ids
                .iter()
                .position(|id| id.scheme == scheme && &*id.value == value)
            {
                Some(same) => {
                    let merged = merge_sorted(&ids[same].sources, &sources);
                    ids[same].sources = self.share_sources(merged);
                    ids[same].versions = merge_versions(&ids[same].versions, &versions);
                }
                None => {
                    let sources = self.share_sources(sources);
                    ids.push(ExternalId {
                        scheme,
                        value: Box::from(value),
                        versions: versions.into_boxed_slice(),
                        sources,
                    });
                }
            }
        }
        ids
    }

    /// The entity a record is merged into: the one that already holds one of its external
    /// ids, if any. A record whose ids name two entities, or an entity of another kind, is a
    /// conflict: reported with both places, and `Err`.
    pub(super) fn merge_target(
        &mut self,
        kind: EntityKind,
        id: &str,
        external_ids: &[ExternalId],
        location: &Location,
    ) -> Result<Option<NodeIndex>, ()> {
        let mut found: Vec<(NodeIndex, &ExternalId)> = Vec::new();
        for external in external_ids {
            if let Some(node) = self.graph.find_external(external.scheme, &external.value)
                && !found.iter().any(|(other, _)| *other == node)
            {
                found.push((node, external));
            }
        }
        let place = |builder: &Self, node: NodeIndex| {
            let (file, line) = builder
                .entity_places
                .get(node.index())
                .cloned()
                .unwrap_or_default();
            format!("`{}` ({file}:{line})", builder.graph.entity(node).id)
        };
        match found.as_slice() {
            [] => Ok(None),
            [(node, external)] => {
                let other = self.graph.entity(*node).kind();
                if other == kind {
                    return Ok(Some(*node));
                }
                let message = format!(
                    "`{id}` shares the {} id `{}` with the {other} {}, but is a {kind}: one \
                     entity cannot be of two kinds",
                    external.scheme,
                    external.value,
                    place(self, *node),
                );
                self.problem(location, "external_ids", message);
                Err(())
            }
            [(first, first_id), (second, second_id), ..] => {
                let message = format!(
                    "`{id}` would join two entities: its {} id `{}` is {} and its {} id `{}` is \
                     {}; merge those records first, or correct one of the ids",
                    first_id.scheme,
                    first_id.value,
                    place(self, *first),
                    second_id.scheme,
                    second_id.value,
                    place(self, *second),
                );
                self.problem(location, "external_ids", message);
                Err(())
            }
        }
    }

    /// Merges a record into the entity that shares an external id with it: the entity keeps
    /// its id, name, description and kind's fields; it gains the record's sources, external
    /// ids and figures, the record's name and aliases as aliases, and the record's id as a
    /// second id, so that relations naming it reach the entity.
    pub(super) fn merge_into(
        &mut self,
        node: NodeIndex,
        record: EntityRecord,
        sources: &[SourceIndex],
        figures: Vec<Figure>,
        external_ids: Vec<ExternalId>,
        location: &Location,
    ) {
        let all_sources = merge_sorted(&self.graph.entity(node).sources, sources);
        let all_sources = self.share_sources(all_sources);
        let mut ids = self.graph.entity(node).external_ids.to_vec();
        let mut new_ids = Vec::new();
        for external in external_ids {
            match ids
                .iter_mut()
                .find(|id| id.scheme == external.scheme && id.value == external.value)
            {
                Some(same) => {
                    let merged = merge_sorted(&same.sources, &external.sources);
                    same.versions = merge_versions(&same.versions, &external.versions);
                    same.sources = self.share_sources(merged);
                }
                None => {
                    new_ids.push((external.scheme, external.value.clone()));
                    ids.push(external);
                }
            }
        }
        for (scheme, value) in new_ids {
            self.graph.index_external_id(scheme, &value, node);
        }
        if self.graph.find(&record.id).is_none() {
            self.graph.add_id_alias(record.id, node);
        }
        let entity = self.graph.entity_mut(node);
        entity.sources = all_sources;
        entity.external_ids = ids.into_boxed_slice();
        for name in std::iter::once(record.name).chain(record.aliases) {
            if name != entity.name && !entity.aliases.contains(&name) {
                entity.aliases.push(name);
            }
        }
        entity.description = entity.description.take().or(record.description);
        entity.website = entity.website.take().or(record.website);
        entity.figures.extend(figures);
        self.merged
            .entry(node)
            .or_default()
            .push((location.file.clone(), location.line));
    }

    /// Fills in the kind's own fields that the entity lacks from those of a record merged
    /// into it: an institution keeps its first address, and takes a later record's only when
    /// it has none; a project keeps its first status and funding scheme, and takes a later
    /// record's where it has none.
    pub(super) fn merge_details(&mut self, node: NodeIndex, details: EntityDetails) {
        if let (
            EntityDetails::Project { details: first, .. },
            EntityDetails::Project {
                details: Some(later),
                ..
            },
        ) = (&self.graph.entity(node).details, &details)
        {
            let filled = match first {
                None => Some(later.clone()),
                Some(first) if first.status.is_none() || first.funding_scheme.is_none() => {
                    let both = ProjectDetails {
                        status: first.status.clone().or_else(|| later.status.clone()),
                        funding_scheme: first
                            .funding_scheme
                            .clone()
                            .or_else(|| later.funding_scheme.clone()),
                    };
                    self.share_project_details(both)
                }
                Some(_) => None,
            };
            if let Some(filled) = filled
                && let EntityDetails::Project { details, .. } =
                    &mut self.graph.entity_mut(node).details
            {
                *details = Some(filled);
            }
            return;
        }
        let entity = self.graph.entity_mut(node);
        if let (
            EntityDetails::Institution { address, .. },
            EntityDetails::Institution {
                address: later @ Some(_),
                ..
            },
        ) = (&mut entity.details, details)
            && address.is_none()
        {
            *address = later;
        }
    }

    /// Adds the figures of another statement of the same thing (a relation stated by two
    /// records merged into one entity) to `figures`: a figure both state is kept once, citing
    /// the sources of both.
    pub(super) fn merge_figures(&mut self, figures: &mut Vec<Figure>, more: Vec<Figure>) {
        for figure in more {
            match figures.iter_mut().find(|own| own.states_same(&figure)) {
                Some(same) => {
                    let merged = merge_sorted(&same.sources, &figure.sources);
                    same.sources = self.share_sources(merged);
                }
                None => figures.push(figure),
            }
        }
    }

    /// Reports an entity merged from several records that lies in two regions neither of
    /// which contains the other: the records cannot all describe one thing.
    pub(super) fn check_merged_parents(&mut self) {
        let mut merged: Vec<NodeIndex> = self.merged.keys().copied().collect();
        merged.sort();
        for node in merged {
            let parents: Vec<NodeIndex> = self.graph.parent_regions(node).collect();
            let clash = parents.iter().enumerate().find_map(|(i, &a)| {
                parents[i + 1..]
                    .iter()
                    .find(|&&b| !self.graph.is_within(a, b) && !self.graph.is_within(b, a))
                    .map(|&b| (a, b))
            });
            let Some((a, b)) = clash else { continue };
            let (file, line) = self
                .entity_places
                .get(node.index())
                .cloned()
                .unwrap_or_default();
            let places: Vec<String> = std::iter::once((file.clone(), line))
                .chain(self.merged[&node].iter().cloned())
                .map(|(file, line)| format!("{file}:{line}"))
                .collect();
            let graph = &self.graph;
            let message = format!(
                "`{}` lies in both `{}` and `{}`, and neither contains the other: the records \
                 merged into it by a shared external id ({}) contradict each other",
                graph.entity(node).id,
                graph.entity(a).id,
                graph.entity(b).id,
                places.join(", "),
            );
            let location = Location {
                file,
                line,
                field_lines: HashMap::new(),
            };
            self.problem(&location, "part_of", message);
        }
    }

    /// Keeps ids an entity was published under before (a topic merged into another) as
    /// second ids of it, so that links made with them still reach it.
    pub(super) fn add_former_ids(
        &mut self,
        former_ids: &[String],
        kind: EntityKind,
        node: NodeIndex,
        location: &Location,
    ) {
        for id in former_ids {
            if self.check_new_id(id, kind.id_prefix(), location, Some(node))
                && self.graph.find(id).is_none()
            {
                self.graph.add_id_alias(id.clone(), node);
            }
        }
    }
}

/// The union of two sorted source lists, sorted.
pub(super) fn merge_sorted(a: &[SourceIndex], b: &[SourceIndex]) -> Vec<SourceIndex> {
    let mut all: Vec<SourceIndex> = a.iter().chain(b).copied().collect();
    all.sort();
    all.dedup();
    all
}

/// The union of two lists of versions, sorted.
fn merge_versions(a: &[Box<str>], b: &[Box<str>]) -> Box<[Box<str>]> {
    let mut all: Vec<Box<str>> = a.iter().chain(b).cloned().collect();
    all.sort();
    all.dedup();
    all.into_boxed_slice()
}
