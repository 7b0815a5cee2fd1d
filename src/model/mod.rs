//! The core of regiograph: the cooperation graph and its vocabulary.
//!
//! Nothing here knows about files, search, GraphQL or HTTP; every other module depends on this one.

mod date;
mod external;
mod graph;
mod kinds;

pub use date::{BadDate, PartialDate};
pub use external::{ExternalId, ExternalIdScheme};
pub use graph::{
    Direction, Entity, EntityDetails, Figure, Graph, Relation, RelationRef, Source, SourceIndex,
    SourceList, Stats,
};
pub use kinds::{
    EntityKind, EventKind, InstitutionKind, ProgrammeKind, RegionLevel, RelationType, SourceKind,
    UnknownValue,
};
pub use petgraph::graph::{EdgeIndex, NodeIndex};
