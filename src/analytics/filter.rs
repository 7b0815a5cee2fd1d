//! Which relations and entities a traversal may use: relation types, entity kinds and a period.

pub use crate::model::Period;
use crate::model::{EdgeIndex, EntityKind, Graph, NodeIndex, RelationType};

/// Which relations and entities a traversal may use. The default admits everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// The relation types that may be followed; none means every type.
    pub relation_types: Option<Vec<RelationType>>,
    /// The kinds of entity that may be passed through or included; none means every kind.
    /// The ends of a path and the centre of a neighbourhood are admitted whatever their kind.
    pub kinds: Option<Vec<EntityKind>>,
    /// The period the network is seen in; none means all time.
    pub period: Option<Period>,
}

impl Filter {
    /// Whether a relation may be followed: its type is admitted and it is present in the period.
    pub fn allows_relation(&self, graph: &Graph, edge: EdgeIndex) -> bool {
        let relation = graph.relation(edge).relation;
        self.relation_types
            .as_ref()
            .is_none_or(|types| types.contains(&relation.rel_type))
            && self
                .period
                .is_none_or(|period| period.contains(relation.start, relation.end))
    }

    /// Whether an entity may be used: its kind is admitted (or `any_kind` is set, for the ends of
    /// a path) and it is present in the period (see [`EntityDetails::present_in`]).
    pub fn allows_entity(&self, graph: &Graph, entity: NodeIndex, any_kind: bool) -> bool {
        let entity = graph.entity(entity);
        let kind_ok = any_kind
            || self
                .kinds
                .as_ref()
                .is_none_or(|kinds| kinds.contains(&entity.kind()));
        kind_ok
            && self
                .period
                .is_none_or(|period| entity.details.present_in(&period))
    }
}
