//! The graph in two halves, for snapshots: its entities and relations (petgraph's table), and
//! the lookup tables over them (ids, sources, kinds, external ids, the relation rows), each
//! written and read on its own so that both decode at once.

use std::collections::HashMap;
use std::marker::PhantomData;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use serde::de::{self, DeserializeSeed, SeqAccess, Visitor};
use serde::ser::{SerializeTuple, Serializer};

use super::{FastMap, Graph};
use crate::model::entity::{Entity, Relation, Source, SourceIndex};
use crate::model::kinds::EntityKind;
use crate::model::rows::CompressedRows;

/// The entities and relations, borrowed for writing: their two counts, every entity in index
/// order, then every relation with the indexes of its two ends.
pub struct GraphBodyRef<'g>(&'g DiGraph<Entity, Relation>);

/// The entities and relations as read back, into a graph reserved at their counts (petgraph's
/// own reading grows its tables by doubling, which at a million entities copies them several
/// times and leaves the copies' memory behind).
pub struct GraphBody(DiGraph<Entity, Relation>);

impl serde::Serialize for GraphBodyRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Entities<'g>(&'g DiGraph<Entity, Relation>);
        impl serde::Serialize for Entities<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.raw_nodes().iter().map(|node| &node.weight))
            }
        }
        struct Relations<'g>(&'g DiGraph<Entity, Relation>);
        impl serde::Serialize for Relations<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.raw_edges().iter().map(|edge| {
                    (
                        edge.source().index() as u32,
                        edge.target().index() as u32,
                        &edge.weight,
                    )
                }))
            }
        }
        let mut body = serializer.serialize_tuple(4)?;
        body.serialize_element(&(self.0.node_count() as u64))?;
        body.serialize_element(&(self.0.edge_count() as u64))?;
        body.serialize_element(&Entities(self.0))?;
        body.serialize_element(&Relations(self.0))?;
        body.end()
    }
}

impl<'de> serde::Deserialize<'de> for GraphBody {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_tuple(4, BodyVisitor)
    }
}

struct BodyVisitor;

impl<'de> Visitor<'de> for BodyVisitor {
    type Value = GraphBody;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("two counts, the entities and the relations")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<GraphBody, A::Error> {
        let missing = || de::Error::custom("the graph ends early");
        let entities: u64 = seq.next_element()?.ok_or_else(missing)?;
        let relations: u64 = seq.next_element()?.ok_or_else(missing)?;
        if entities >= u64::from(u32::MAX) || relations >= u64::from(u32::MAX) {
            return Err(de::Error::custom(
                "the graph is larger than its indexes can count",
            ));
        }
        let mut graph = DiGraph::with_capacity(entities as usize, relations as usize);
        seq.next_element_seed(Fill::<Entity>(&mut graph, PhantomData))?
            .ok_or_else(missing)?;
        seq.next_element_seed(Fill::<(u32, u32, Relation)>(&mut graph, PhantomData))?
            .ok_or_else(missing)?;
        if graph.node_count() as u64 != entities || graph.edge_count() as u64 != relations {
            return Err(de::Error::custom(
                "the graph holds other counts than it states",
            ));
        }
        Ok(GraphBody(graph))
    }
}

/// Adds a sequence of entities, or of relations with their ends, to a graph as they are read.
struct Fill<'g, T>(&'g mut DiGraph<Entity, Relation>, PhantomData<T>);

/// One item that [`Fill`] adds.
trait Item: Sized {
    fn add<E: de::Error>(self, graph: &mut DiGraph<Entity, Relation>) -> Result<(), E>;
}

impl Item for Entity {
    fn add<E: de::Error>(self, graph: &mut DiGraph<Entity, Relation>) -> Result<(), E> {
        graph.add_node(self);
        Ok(())
    }
}

impl Item for (u32, u32, Relation) {
    fn add<E: de::Error>(self, graph: &mut DiGraph<Entity, Relation>) -> Result<(), E> {
        let (from, to, relation) = self;
        let count = graph.node_count();
        if from as usize >= count || to as usize >= count {
            return Err(E::custom(format!(
                "a relation links entity {from} and {to} of {count}"
            )));
        }
        graph.add_edge(
            NodeIndex::new(from as usize),
            NodeIndex::new(to as usize),
            relation,
        );
        Ok(())
    }
}

impl<'de, T: Item + serde::Deserialize<'de>> DeserializeSeed<'de> for Fill<'_, T> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Item + serde::Deserialize<'de>> Visitor<'de> for Fill<'_, T> {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a sequence of entities or relations")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<T>()? {
            item.add(self.0)?;
        }
        Ok(())
    }
}

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
    pub fn halves(&self) -> (GraphBodyRef<'_>, GraphTablesRef<'_>) {
        (
            GraphBodyRef(&self.graph),
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
    pub fn from_halves(body: GraphBody, tables: GraphTables) -> Result<Graph, String> {
        let graph = body.0;
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
