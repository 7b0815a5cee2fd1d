//! What the graph holds: entities with their kind's own fields, relations, sources and figures.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::date::PartialDate;
use super::external::{ExternalId, ExternalIdScheme};
use super::kinds::{
    EntityKind, EventKind, InstitutionKind, ProgrammeKind, RegionLevel, RelationType, SourceKind,
};
use super::period::Period;

/// The position of a source in [`Graph::sources`](super::Graph::sources).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceIndex(pub u32);

/// A document that states facts; every entity and relation cites at least one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The stable id, `source:<slug>`.
    pub id: String,
    /// The document's title.
    pub title: String,
    /// Who published it, when known.
    pub publisher: Option<String>,
    /// Who wrote it, when known.
    pub author: Option<String>,
    /// When it was published, when known.
    pub date: Option<PartialDate>,
    /// What sort of document it is.
    pub kind: Option<SourceKind>,
    /// Where it can be read, when known.
    pub url: Option<String>,
    /// A short description in our own words.
    pub description: Option<String>,
    /// For a dataset: the file the facts were read from.
    pub file: Option<String>,
    /// For a dataset: the version of the package or release it came in.
    pub version: Option<String>,
    /// For a dataset: the licence it is published under.
    pub licence: Option<String>,
}

/// A figure that a source states about an entity or a relation.
///
/// Labels, units and source lists repeat across millions of relations (a partner's EU
/// contribution to each of its projects), so the loader shares equal ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// What is measured.
    #[serde(with = "super::shared::arc")]
    pub label: Arc<str>,
    /// The value.
    pub value: f64,
    /// The unit, when there is one.
    #[serde(with = "super::shared::optional")]
    pub unit: Option<Arc<str>>,
    /// Whether the source gives the value as approximate ("almost", "around").
    pub approximate: bool,
    /// The period the figure refers to, when stated.
    pub year: Option<PartialDate>,
    /// The sources that state the figure; equal lists are shared.
    #[serde(with = "super::shared::arc")]
    pub sources: SourceList,
}

impl Figure {
    /// Whether two figures state the same thing (label, value, unit, approximation and
    /// period), whichever sources state them.
    pub fn states_same(&self, other: &Figure) -> bool {
        self.label == other.label
            && self.value.to_bits() == other.value.to_bits()
            && self.unit == other.unit
            && self.approximate == other.approximate
            && self.year == other.year
    }
}

/// An institution's address, as its source publishes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Address {
    /// The street and number.
    pub street: Option<Box<str>>,
    /// The postcode.
    pub postcode: Option<Box<str>>,
    /// The town or city.
    pub town: Option<Box<str>>,
    /// The country, as the source writes it (a code such as `EL`, or a name).
    pub country: Option<Box<str>>,
    /// The NUTS code as the source gives it, whether or not the data holds that region.
    pub nuts: Option<Box<str>>,
    /// The latitude in degrees (WGS 84), from -90 to 90.
    pub latitude: Option<f64>,
    /// The longitude in degrees (WGS 84), from -180 to 180.
    pub longitude: Option<f64>,
}

/// A project's status and funding scheme, as the dataset publishes them (`SIGNED`,
/// `HORIZON-RIA`); at least one is given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProjectDetails {
    /// Its status (`SIGNED`, `CLOSED`, `TERMINATED`).
    pub status: Option<Box<str>>,
    /// Its funding scheme (`HORIZON-RIA`, `RIA`, `ERDF`).
    pub funding_scheme: Option<Box<str>>,
}

/// The fields that only one kind of entity has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EntityDetails {
    /// A region's fields.
    Region {
        /// How large the region is.
        level: RegionLevel,
    },
    /// An institution's fields.
    Institution {
        /// What sort of body it is.
        kind: InstitutionKind,
        /// Its address as the source publishes it, where one does; boxed, since most
        /// institutions have none and an entity should stay small.
        address: Option<Box<Address>>,
    },
    /// A person has no extra fields; positions are relations.
    Person,
    /// A programme's fields.
    Programme {
        /// What sort of programme it is, when known.
        kind: Option<ProgrammeKind>,
        /// When it started.
        start: Option<PartialDate>,
        /// When it ended.
        end: Option<PartialDate>,
    },
    /// A project's fields.
    Project {
        /// When it started.
        start: Option<PartialDate>,
        /// When it ended.
        end: Option<PartialDate>,
        /// Its status and funding scheme as the dataset publishes them, where one does;
        /// shared between projects that state the same pair (a few hundred pairs across
        /// millions of projects), so that a project pays one pointer for them.
        #[serde(with = "super::shared::optional")]
        details: Option<Arc<ProjectDetails>>,
    },
    /// A topic has no extra fields.
    Topic,
    /// An event's fields.
    Event {
        /// What sort of event it is.
        kind: EventKind,
        /// Its first day.
        start: Option<PartialDate>,
        /// Its last day.
        end: Option<PartialDate>,
    },
}

impl EntityDetails {
    /// The entity kind these details belong to.
    pub fn kind(&self) -> EntityKind {
        match self {
            EntityDetails::Region { .. } => EntityKind::Region,
            EntityDetails::Institution { .. } => EntityKind::Institution,
            EntityDetails::Person => EntityKind::Person,
            EntityDetails::Programme { .. } => EntityKind::Programme,
            EntityDetails::Project { .. } => EntityKind::Project,
            EntityDetails::Topic => EntityKind::Topic,
            EntityDetails::Event { .. } => EntityKind::Event,
        }
    }

    /// Whether the entity is present in a period, by the one rule of [`Period::contains`] over
    /// its span: an event with a start and no end lasted one day (or month, or year, as
    /// precise as its start); a programme or project with a start and no end may still be
    /// running; an entity with no date is always present.
    pub fn present_in(&self, period: &Period) -> bool {
        let (start, end) = self.dates();
        let end = match self {
            EntityDetails::Event { .. } => end.or(start),
            _ => end,
        };
        period.contains(start, end)
    }

    /// Whether the entity has a start date (only programmes, projects and events can).
    pub fn is_dated(&self) -> bool {
        self.dates().0.is_some()
    }

    /// The start and end dates, for the kinds that have them.
    pub fn dates(&self) -> (Option<PartialDate>, Option<PartialDate>) {
        match *self {
            EntityDetails::Programme { start, end, .. }
            | EntityDetails::Project { start, end, .. }
            | EntityDetails::Event { start, end, .. } => (start, end),
            _ => (None, None),
        }
    }
}

/// A node of the graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The stable id, `<kind>:<slug>`.
    pub id: String,
    /// The usual name.
    pub name: String,
    /// Other names and acronyms.
    pub aliases: Vec<String>,
    /// A short description in our own words.
    pub description: Option<String>,
    /// An address a source gives.
    pub website: Option<String>,
    /// The sources that state this entity; equal lists are shared.
    #[serde(with = "super::shared::arc")]
    pub sources: SourceList,
    /// Fields whose value is implied by the sources rather than stated.
    pub inferred: Box<[String]>,
    /// Figures the sources state about this entity.
    pub figures: Vec<Figure>,
    /// The codes other datasets use for this entity (ISO 3166, NUTS, PIC, ...).
    pub external_ids: Box<[ExternalId]>,
    /// The kind and the kind's own fields.
    pub details: EntityDetails,
}

impl Entity {
    /// The entity's kind.
    pub fn kind(&self) -> EntityKind {
        self.details.kind()
    }

    /// The entity's first external id of a scheme, if it has one.
    pub fn external_id(&self, scheme: ExternalIdScheme) -> Option<&ExternalId> {
        self.external_ids.iter().find(|id| id.scheme == scheme)
    }
}

/// An edge of the graph: a typed, dated, sourced link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// The relation type; read it as `from TYPE to`.
    pub rel_type: RelationType,
    /// The role, position or award name, when stated; shared between relations that use the
    /// same words, since a graph has millions of relations and few distinct roles.
    #[serde(with = "super::shared::optional")]
    pub role: Option<Arc<str>>,
    /// When it started.
    pub start: Option<PartialDate>,
    /// When it ended.
    pub end: Option<PartialDate>,
    /// The sources that state it; equal lists are shared.
    #[serde(with = "super::shared::arc")]
    pub sources: SourceList,
    /// Fields whose value is implied by the sources rather than stated.
    pub inferred: InferredFields,
    /// A short description in our own words.
    pub description: Option<Box<str>>,
    /// Figures the sources state about the relation (a partner's EU contribution to a
    /// project); a boxed slice, since a graph holds millions of relations and most have none.
    pub figures: Box<[Figure]>,
}

impl Relation {
    /// The fields of a relation record whose value can be marked as inferred.
    pub const INFERABLE: [&'static str; 8] = [
        "type",
        "from",
        "to",
        "role",
        "start",
        "end",
        "description",
        "figures",
    ];
}

/// Which fields of a relation are implied by the sources rather than stated: a set of
/// [`Relation::INFERABLE`], one bit each, so that a relation does not pay for a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InferredFields(u16);

impl InferredFields {
    /// The set of the named fields; names that are not in [`Relation::INFERABLE`] are left
    /// out (the loader reports them).
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Self {
        let bits = names
            .iter()
            .filter_map(|name| Relation::INFERABLE.iter().position(|f| *f == name.as_ref()))
            .fold(0, |bits, position| bits | 1 << position);
        InferredFields(bits)
    }

    /// The names of the fields in the set, in the order of [`Relation::INFERABLE`].
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Relation::INFERABLE
            .into_iter()
            .enumerate()
            .filter(move |(position, _)| self.0 & 1 << position != 0)
            .map(|(_, name)| name)
    }

    /// Whether no field is inferred.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// A list of sources. Lists repeat across entities and relations, so the loader shares
/// equal ones.
pub type SourceList = Arc<[SourceIndex]>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_and_entities_stay_small() {
        // A graph holds millions of relations: figures and inferred fields must not grow them.
        assert!(size_of::<Relation>() <= 80, "{}", size_of::<Relation>());
        // 216, not 208: a project's status and funding scheme (one shared pointer beside its
        // two dates) made the project the largest kind's details, 24 bytes rather than 16;
        // anything less than a pointer would need a table outside the entity.
        assert!(size_of::<Entity>() <= 216, "{}", size_of::<Entity>());
    }

    #[test]
    fn inferred_fields_keep_known_names_in_order() {
        let fields = InferredFields::from_names(&["start", "type", "colour", "start"]);
        assert_eq!(fields.names().collect::<Vec<_>>(), ["type", "start"]);
        assert!(InferredFields::default().is_empty());
        assert!(!fields.is_empty());
    }
}
