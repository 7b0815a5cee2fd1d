//! The graph in two halves, for snapshots: its entities and relations (petgraph's table), and
//! the lookup tables over them (ids, sources, kinds, external ids, the relation rows), each
//! written and read on its own so that both decode at once.

use petgraph::graph::DiGraph;

use super::{FastMap, Graph};
use crate::model::entity::{Entity, Relation, Source, SourceIndex};
use crate::model::kinds::EntityKind;
use crate::model::rows::CompressedRows;
use petgraph::graph::{EdgeIndex, NodeIndex};
use std::collections::HashMap;

/// The graph's lookup tables, borrowed for writing.
#[derive(serde::Serialize)]
pub struct GraphTablesRef<'g> {
    by_id: &'g FastMap<String, NodeIndex>,
    sources: &'g [Source],
    source_by_id: &'g FastMap<String, SourceIndex>,
    by_kind: &'g HashMap<EntityKind, Vec<NodeIndex>>,
    by_external: &'g [FastMap<Box<str>, NodeIndex>],
    links: &'g CompressedRows<(NodeIndex, EdgeIndex)>,
}

/// The graph's lookup tables as read back: the fields of [`GraphTablesRef`], in its order.
#[derive(serde::Deserialize)]
pub struct GraphTables {
    by_id: FastMap<String, NodeIndex>,
    sources: Vec<Source>,
    source_by_id: FastMap<String, SourceIndex>,
    by_kind: HashMap<EntityKind, Vec<NodeIndex>>,
    by_external: Vec<FastMap<Box<str>, NodeIndex>>,
    links: CompressedRows<(NodeIndex, EdgeIndex)>,
}

impl Graph {
    /// The entities and relations, and the tables over them.
    pub fn halves(&self) -> (&DiGraph<Entity, Relation>, GraphTablesRef<'_>) {
        (
            &self.graph,
            GraphTablesRef {
                by_id: &self.by_id,
                sources: &self.sources,
                source_by_id: &self.source_by_id,
                by_kind: &self.by_kind,
                by_external: &self.by_external,
                links: &self.links,
            },
        )
    }

    /// Puts the two halves of [`Graph::halves`] together again, after checking that every
    /// index in the tables names an entity, relation or source there is.
    pub fn from_halves(
        graph: DiGraph<Entity, Relation>,
        tables: GraphTables,
    ) -> Result<Graph, String> {
        let (entities, relations) = (graph.node_count(), graph.edge_count());
        let entity_ok = |node: &NodeIndex| node.index() < entities;
        if !tables.by_id.values().all(entity_ok)
            || !tables.by_kind.values().flatten().all(entity_ok)
            || !tables
                .by_external
                .iter()
                .flat_map(|m| m.values())
                .all(entity_ok)
        {
            return Err("a table names an entity the graph does not hold".to_owned());
        }
        if !tables
            .source_by_id
            .values()
            .all(|s| (s.0 as usize) < tables.sources.len())
        {
            return Err("a table names a source the graph does not hold".to_owned());
        }
        if !tables.links.is_well_formed()
            || tables.links.len() != 2 * entities
            || !(0..tables.links.len()).all(|row| {
                tables
                    .links
                    .row(row)
                    .iter()
                    .all(|(node, edge)| node.index() < entities && edge.index() < relations)
            })
        {
            return Err("the relation rows do not fit the relations".to_owned());
        }
        Ok(Graph {
            graph,
            by_id: tables.by_id,
            sources: tables.sources,
            source_by_id: tables.source_by_id,
            by_kind: tables.by_kind,
            by_external: tables.by_external,
            links: tables.links,
        })
    }
}
