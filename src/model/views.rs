//! What the graph's read-only queries take and hand out: which way to follow relations, a
//! relation seen with its two ends, and the counts of what the graph holds.

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::entity::Relation;
use super::kinds::{EntityKind, RelationType};

/// Which way relations are followed from an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Relations that start at the entity.
    Outgoing,
    /// Relations that end at the entity.
    Incoming,
    /// Both.
    Both,
}

/// One relation seen from the graph: its index, its ends and its data.
#[derive(Debug, Clone, Copy)]
pub struct RelationRef<'g> {
    /// The edge index.
    pub index: EdgeIndex,
    /// The entity the relation starts at.
    pub from: NodeIndex,
    /// The entity the relation ends at.
    pub to: NodeIndex,
    /// The relation's data.
    pub relation: &'g Relation,
}

/// Entity and relation counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stats {
    /// Number of entities of each kind, in [`EntityKind::ALL`] order.
    pub entities_by_kind: Vec<(EntityKind, usize)>,
    /// Number of relations of each type that occurs, in [`RelationType::ALL`] order.
    pub relations_by_type: Vec<(RelationType, usize)>,
    /// Number of sources.
    pub sources: usize,
}
