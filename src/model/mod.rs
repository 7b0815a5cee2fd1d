//! The core of regiograph: the cooperation graph and its vocabulary.
//!
//! Nothing here knows about files, search, GraphQL or HTTP; every other module depends on this one.

mod date;
mod entity;
mod external;
mod graph;
mod kinds;
mod period;
mod rows;
pub mod shared;
mod views;

pub use date::{BadDate, PartialDate};
pub use entity::{
    Address, Entity, EntityDetails, Figure, InferredFields, ProjectDetails, Relation, Source,
    SourceIndex, SourceList,
};
pub use external::{ExternalId, ExternalIdScheme};
pub use graph::{Graph, GraphBody, GraphBodyRef, GraphTables, GraphTablesRef};
pub use kinds::{
    EntityKind, EventKind, InstitutionKind, ProgrammeKind, RegionLevel, RelationType, SourceKind,
    UnknownValue,
};
pub use period::{Period, PeriodError};
pub use petgraph::graph::{EdgeIndex, NodeIndex};
pub use rows::CompressedRows;
pub use views::{Direction, RelationRef, Stats};
