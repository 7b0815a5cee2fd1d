//! Raw records as written in data files, before any checking; shared by every file format.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::EntityKind;

/// Where a record was written: the file, the line its block starts on, and the line of each field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// The file, as shown to the user.
    pub file: Arc<str>,
    /// The 1-based line on which the record starts.
    pub line: usize,
    /// The 1-based line of each field, where the format knows it.
    pub field_lines: HashMap<String, usize>,
}

impl Location {
    /// The line of a field, or of the record when the field's line is unknown.
    pub fn line_of(&self, field: &str) -> usize {
        self.field_lines.get(field).copied().unwrap_or(self.line)
    }
}

/// A `[[source]]` record.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRecord {
    /// `source:<slug>`.
    pub id: String,
    /// The document's title.
    pub title: String,
    /// Who published it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Who wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// When it was published, as a partial date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// What sort of document it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Where it can be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A short description in our own words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// For a dataset: the file the facts were read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// For a dataset: the version of the package or release it came in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// For a dataset: the licence it is published under.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
}

/// An external id inside an entity record.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalIdRecord {
    /// The scheme, in snake_case (`iso_3166`, `nuts`, `pic`, ...).
    pub scheme: String,
    /// The code.
    pub value: String,
    /// The versions of the classification the code belongs to (NUTS: `2021`, `2024`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
    /// The sources that state it; the entity's own when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// A figure inside an entity record.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FigureRecord {
    /// What is measured.
    pub label: String,
    /// The value.
    pub value: f64,
    /// The unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Whether the value is approximate.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
    /// The period, as a partial date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// The sources; the entity's own when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// An entity record of any kind; the builder checks which fields apply to the kind.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EntityRecord {
    /// `<kind>:<slug>`.
    pub id: String,
    /// The usual name.
    pub name: String,
    /// Other names and acronyms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// A short description in our own words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// An address a source gives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// The sources that state the entity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Fields whose value is inferred.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<String>,
    /// Stated figures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<FigureRecord>,
    /// The codes other datasets use for the entity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_ids: Vec<ExternalIdRecord>,
    /// Ids the entity was published under before (a record merged into this one); they keep
    /// finding it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub former_ids: Vec<String>,
    /// Region: its level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Region: its ISO 3166 code (the same as an `iso_3166` external id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iso_3166: Option<String>,
    /// Institution, programme, event: its sub-kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Region, institution, event: the enclosing entity (shorthand for a `part_of` relation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    /// Institution: its address as the source publishes it (street, town, postcode, country,
    /// NUTS code, coordinates), kept even where no region of the data matches it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<AddressRecord>,
    /// Institution: its region (shorthand for a `located_in` relation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub located_in: Option<String>,
    /// Event: its place (shorthand for a `located_in` relation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Project: its programme (shorthand for an `under_programme` relation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme: Option<String>,
    /// Programme, project, event: when it started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Programme, project, event: when it ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Project: its status as the dataset publishes it (`SIGNED`, `CLOSED`, `TERMINATED`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Project: its funding scheme as the dataset publishes it (`HORIZON-RIA`, `ERDF`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funding_scheme: Option<String>,
}

/// A `[[relation]]` record.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RelationRecord {
    /// The relation type.
    #[serde(rename = "type")]
    pub rel_type: String,
    /// The id of the entity the relation starts at.
    pub from: String,
    /// The id of the entity the relation ends at.
    pub to: String,
    /// The role, position or award name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// When it started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// When it ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// The sources that state it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Fields whose value is inferred.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<String>,
    /// A short description in our own words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Stated figures about the relation (a partner's EU contribution to a project).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<FigureRecord>,
}

/// An institution's address inside an entity record, as its source publishes it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AddressRecord {
    /// The street and number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// The postcode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// The town or city.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub town: Option<String>,
    /// The country, as the source writes it (a code such as `EL`, or a name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The NUTS code the source gives, whether or not the reference layer knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nuts: Option<String>,
    /// The latitude in degrees (WGS 84), where the source gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    /// The longitude in degrees (WGS 84), where the source gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
}

/// One record of any sort.
// An entity record (with an institution's address) is much larger than the others; boxing it
// would cost an allocation per entity for records that are only moved a few times.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Record {
    /// A source.
    Source(SourceRecord),
    /// An entity of the given kind.
    Entity(EntityKind, EntityRecord),
    /// A relation.
    Relation(RelationRecord),
}

/// A record with the place it was written.
#[derive(Debug, Clone)]
pub struct LocatedRecord {
    /// The record.
    pub record: Record,
    /// Where it was written.
    pub location: Location,
}
