//! The in-memory cooperation graph: entities as nodes, typed relations as edges, sources beside them.

mod halves;

use std::collections::HashMap;

/// A hash map with a fast hash for ids. The ids come from the data files, not from requests,
/// and foldhash still seeds each map at random.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

pub use halves::{GraphBody, GraphBodyRef, GraphTables, GraphTablesRef};

use super::entity::{Entity, Relation, Source, SourceIndex};
use super::external::ExternalIdScheme;
use super::kinds::{EntityKind, RelationType, SourceKind};
use super::rows::CompressedRows;
use super::views::{Direction, RelationRef, Stats};

/// The cooperation graph. It is built once by the loader and never changed afterwards.
#[derive(Debug, Default)]
pub struct Graph {
    graph: DiGraph<Entity, Relation>,
    by_id: FastMap<String, NodeIndex>,
    sources: Vec<Source>,
    source_by_id: FastMap<String, SourceIndex>,
    by_kind: HashMap<EntityKind, Vec<NodeIndex>>,
    /// Entities by external id: one map per scheme (in [`ExternalIdScheme::ALL`] order), so
    /// that a lookup borrows the code instead of building a key.
    by_external: Vec<FastMap<Box<str>, NodeIndex>>,
    /// Every entity's relations, two rows per entity: entity `i`'s outgoing relations in load
    /// order (row `2i`), then its incoming ones (row `2i + 1`), each with the entity at the other
    /// end (a relation from an entity to itself would appear twice in its rows, as in
    /// petgraph). Built by [`Graph::finish`].
    ///
    /// petgraph keeps a node's edges as a linked list through the edge table, so walking a
    /// hub's fifty thousand relations touches fifty thousand scattered edges; walking its rows
    /// here reads one contiguous block. Traversals (paths, neighbourhoods, containment) read
    /// this table and touch a relation's data only when they need it.
    links: CompressedRows<(NodeIndex, EdgeIndex)>,
}

impl Graph {
    /// Makes room for about this many more entities and relations, so that a bulk load does
    /// not copy the graph each time it grows. Room that is never used is never touched, so it
    /// costs address space, not memory.
    pub fn reserve(&mut self, entities: usize, relations: usize) {
        self.graph.reserve_nodes(entities);
        self.graph.reserve_edges(relations);
        self.by_id.reserve(entities);
    }

    /// Adds a source; the caller guarantees its id is new.
    pub fn add_source(&mut self, source: Source) -> SourceIndex {
        let index = SourceIndex(self.sources.len() as u32);
        self.source_by_id.insert(source.id.clone(), index);
        self.sources.push(source);
        index
    }

    /// Adds an entity; the caller guarantees its id is new.
    pub fn add_entity(&mut self, entity: Entity) -> NodeIndex {
        let id = entity.id.clone();
        let kind = entity.kind();
        let index = self.graph.add_node(entity);
        self.by_id.insert(id, index);
        self.by_kind.entry(kind).or_default().push(index);
        index
    }

    /// The entity at an index, to merge another record into it while loading.
    pub fn entity_mut(&mut self, index: NodeIndex) -> &mut Entity {
        &mut self.graph[index]
    }

    /// Makes `id` a second id of an entity (the id of a record merged into it), so that
    /// [`Graph::find`] and relations naming it reach the entity; the caller guarantees the
    /// id is new.
    pub fn add_id_alias(&mut self, id: String, index: NodeIndex) {
        self.by_id.insert(id, index);
    }

    /// Indexes an external id of an entity; the caller guarantees no other entity holds it.
    pub fn index_external_id(&mut self, scheme: ExternalIdScheme, value: &str, index: NodeIndex) {
        if self.by_external.is_empty() {
            self.by_external = ExternalIdScheme::ALL
                .iter()
                .map(|_| FastMap::default())
                .collect();
        }
        self.by_external[scheme.position()].insert(Box::from(value), index);
    }

    /// Looks an entity up by one of its external ids.
    pub fn find_external(&self, scheme: ExternalIdScheme, value: &str) -> Option<NodeIndex> {
        self.by_external
            .get(scheme.position())
            .and_then(|codes| codes.get(value))
            .copied()
    }

    /// The relation between `from` and `to` of a type, with the same role and dates, that is
    /// already in the graph; for the loader, which merges a repeated statement of a relation
    /// into the one it has. Reads petgraph's edges, since the relation table is not built yet.
    pub fn same_relation(
        &self,
        from: NodeIndex,
        to: NodeIndex,
        relation: &Relation,
    ) -> Option<EdgeIndex> {
        self.graph.edges_connecting(from, to).find_map(|edge| {
            let other = edge.weight();
            (other.rel_type == relation.rel_type
                && other.role == relation.role
                && other.start == relation.start
                && other.end == relation.end)
                .then(|| petgraph::visit::EdgeRef::id(&edge))
        })
    }

    /// The relation at an index, to merge another statement of it while loading.
    pub fn relation_mut(&mut self, index: EdgeIndex) -> &mut Relation {
        &mut self.graph[index]
    }

    /// Adds a relation between two entities already in the graph.
    pub fn add_relation(
        &mut self,
        from: NodeIndex,
        to: NodeIndex,
        relation: Relation,
    ) -> EdgeIndex {
        self.graph.add_edge(from, to, relation)
    }

    /// Whether a document (anything but a dataset) states the entity: true for the curated
    /// data, false for what only reference tables or imported datasets hold. Search and
    /// suggestions put documented entities first among equal matches.
    pub fn is_documented(&self, entity: NodeIndex) -> bool {
        self.entity(entity)
            .sources
            .iter()
            .any(|&source| self.source(source).kind != Some(SourceKind::Dataset))
    }

    /// The number of relations at an entity, either way, in constant time.
    pub fn degree(&self, entity: NodeIndex) -> usize {
        self.row(entity, Direction::Both).len()
    }

    /// Lays out each entity's relations for traversal, and sorts the per-kind lists by name,
    /// then id, so that lists are stable and readable.
    ///
    /// Every traversal (relations of an entity, neighbours, degrees, containment) reads the
    /// table this builds, so the loader calls it once every relation is in and before it
    /// checks containment.
    pub fn finish(&mut self) {
        // Two counting passes over the edge table (no sort): each relation goes to its start's
        // outgoing row and its end's incoming row.
        let edges = self
            .graph
            .raw_edges()
            .iter()
            .enumerate()
            .flat_map(|(i, edge)| {
                let id = EdgeIndex::new(i);
                let (from, to) = (edge.source(), edge.target());
                [
                    (2 * from.index(), (to, id)),
                    (2 * to.index() + 1, (from, id)),
                ]
            });
        self.links = CompressedRows::grouped(2 * self.graph.node_count(), edges);
        let graph = &self.graph;
        for list in self.by_kind.values_mut() {
            // Each name is lower-cased once, not at every comparison.
            list.sort_by_cached_key(|&index| {
                let entity = &graph[index];
                (entity.name.to_lowercase(), entity.id.clone())
            });
        }
    }

    /// The slots of an entity's relations in one direction, or both: outgoing ones first;
    /// empty before the table is built.
    fn row(&self, entity: NodeIndex, direction: Direction) -> &[(NodeIndex, EdgeIndex)] {
        let i = entity.index();
        self.links.rows(match direction {
            Direction::Outgoing => 2 * i..2 * i + 1,
            Direction::Incoming => 2 * i + 1..2 * i + 2,
            Direction::Both => 2 * i..2 * i + 2,
        })
    }

    /// Looks an entity up by id.
    pub fn find(&self, id: &str) -> Option<NodeIndex> {
        self.by_id.get(id).copied()
    }

    /// Looks a source up by id.
    pub fn find_source(&self, id: &str) -> Option<SourceIndex> {
        self.source_by_id.get(id).copied()
    }

    /// The entity at an index.
    ///
    /// Indexes come from this graph, so they are always valid.
    pub fn entity(&self, index: NodeIndex) -> &Entity {
        &self.graph[index]
    }

    /// The relation at an index, with its ends.
    pub fn relation(&self, index: EdgeIndex) -> RelationRef<'_> {
        let (from, to) = self.graph.edge_endpoints(index).unwrap_or_default();
        RelationRef {
            index,
            from,
            to,
            relation: &self.graph[index],
        }
    }

    /// The source at an index.
    pub fn source(&self, index: SourceIndex) -> &Source {
        &self.sources[index.0 as usize]
    }

    /// All sources, in load order.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// Number of entities.
    pub fn entity_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of relations.
    pub fn relation_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// All entity indexes, in load order.
    pub fn entity_indices(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph.node_indices()
    }

    /// All relation indexes, in load order.
    pub fn relation_indices(&self) -> impl Iterator<Item = EdgeIndex> + '_ {
        self.graph.edge_indices()
    }

    /// The entities of one kind, sorted by name.
    pub fn entities_of_kind(&self, kind: EntityKind) -> &[NodeIndex] {
        self.by_kind
            .get(&kind)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The relations at an entity, in the given direction, optionally of one type.
    ///
    /// Outgoing relations come first, then incoming ones, each in load order.
    pub fn relations_of(
        &self,
        entity: NodeIndex,
        direction: Direction,
        rel_type: Option<RelationType>,
    ) -> Vec<RelationRef<'_>> {
        let row = self.row(entity, direction);
        let outgoing = match direction {
            Direction::Outgoing => row.len(),
            Direction::Incoming => 0,
            Direction::Both => self.row(entity, Direction::Outgoing).len(),
        };
        row.iter()
            .enumerate()
            .filter_map(|(slot, &(other, index))| {
                let relation = &self.graph[index];
                if rel_type.is_some_and(|t| relation.rel_type != t) {
                    return None;
                }
                let (from, to) = if slot < outgoing {
                    (entity, other)
                } else {
                    (other, entity)
                };
                Some(RelationRef {
                    index,
                    from,
                    to,
                    relation,
                })
            })
            .collect()
    }

    /// One window of [`Graph::relations_of`]: the relations at positions `start..start + size`
    /// of that list, and the list's length. Without a type, the work is the window's, however
    /// many relations the entity has; with one, it is a pass over them that keeps only the
    /// window.
    pub fn relations_window(
        &self,
        entity: NodeIndex,
        direction: Direction,
        rel_type: Option<RelationType>,
        start: usize,
        size: usize,
    ) -> (usize, Vec<RelationRef<'_>>) {
        let row = self.row(entity, direction);
        let outgoing = match direction {
            Direction::Outgoing => row.len(),
            Direction::Incoming => 0,
            Direction::Both => self.row(entity, Direction::Outgoing).len(),
        };
        let at = |slot: usize| {
            let (other, index) = row[slot];
            let (from, to) = if slot < outgoing {
                (entity, other)
            } else {
                (other, entity)
            };
            RelationRef {
                index,
                from,
                to,
                relation: &self.graph[index],
            }
        };
        match rel_type {
            None => {
                let total = row.len();
                let first = start.min(total);
                let last = first.saturating_add(size).min(total);
                (total, (first..last).map(at).collect())
            }
            Some(wanted) => {
                let mut total = 0;
                let mut window = Vec::new();
                for (slot, &(_, index)) in row.iter().enumerate() {
                    if self.graph[index].rel_type != wanted {
                        continue;
                    }
                    if total >= start && total - start < size {
                        window.push(at(slot));
                    }
                    total += 1;
                }
                (total, window)
            }
        }
    }

    /// The entities linked to `entity` by relations of `rel_type` in `direction`.
    pub fn linked(
        &self,
        entity: NodeIndex,
        direction: Direction,
        rel_type: RelationType,
    ) -> Vec<NodeIndex> {
        self.relations_of(entity, direction, Some(rel_type))
            .into_iter()
            .map(|r| if r.from == entity { r.to } else { r.from })
            .collect()
    }

    /// The neighbours of an entity regardless of direction, with the connecting relation:
    /// outgoing relations first, then incoming ones, each in load order.
    pub fn neighbours(
        &self,
        entity: NodeIndex,
    ) -> impl Iterator<Item = (NodeIndex, EdgeIndex)> + '_ {
        self.neighbour_slice(entity).iter().copied()
    }

    /// The neighbours of an entity regardless of direction, with the connecting relation, as
    /// one contiguous slice: outgoing relations first, then incoming ones, each in load order.
    pub fn neighbour_slice(&self, entity: NodeIndex) -> &[(NodeIndex, EdgeIndex)] {
        self.row(entity, Direction::Both)
    }

    /// The region an entity is directly in: a region's `part_of` parent, or the `located_in`
    /// target of an institution, event, project or person.
    pub fn parent_region(&self, entity: NodeIndex) -> Option<NodeIndex> {
        self.parent_regions(entity).next()
    }

    /// The entity that directly contains another: its region (see [`Graph::parent_region`])
    /// or, for an entity with no region of its own, the entity of the same kind it is
    /// `part_of` (a faculty's university, a visit day's visit).
    pub fn container(&self, entity: NodeIndex) -> Option<NodeIndex> {
        self.parent_region(entity).or_else(|| {
            let kind = self.entity(entity).kind();
            self.linked(entity, Direction::Outgoing, RelationType::PartOf)
                .into_iter()
                .find(|&target| self.entity(target).kind() == kind)
        })
    }

    /// The regions an entity lies in directly: for a region, every region it is `part_of`;
    /// for other entities, every region it is `located_in`. Most entities have one; a region
    /// may lie in two of different classifications (an ISO 3166 country and a NUTS 1 region).
    pub fn parent_regions(&self, entity: NodeIndex) -> impl Iterator<Item = NodeIndex> + '_ {
        let rel_type = match self.entity(entity).kind() {
            EntityKind::Region => RelationType::PartOf,
            _ => RelationType::LocatedIn,
        };
        self.row(entity, Direction::Outgoing)
            .iter()
            .filter(move |&&(target, relation)| {
                self.graph[relation].rel_type == rel_type
                    && self.entity(target).kind() == EntityKind::Region
            })
            .map(|&(target, _)| target)
    }

    /// Whether `entity` lies in `region`, directly or through enclosing entities, following
    /// every enclosing region (see [`Graph::parent_regions`]) or, for an entity with none, the
    /// entity of the same kind it is `part_of`.
    ///
    /// A region lies in itself. Cycles in the data cannot make this loop: the walk visits each
    /// entity once.
    pub fn is_within(&self, entity: NodeIndex, region: NodeIndex) -> bool {
        // Most entities lie in one region at each step: follow that chain without allocating,
        // and only where an entity lies in several, search all of them.
        let mut current = entity;
        for _ in 0..=self.entity_count() {
            if current == region {
                return true;
            }
            let mut parents = self.parent_regions(current);
            match (parents.next(), parents.next()) {
                (Some(parent), None) => current = parent,
                (None, _) => match self.container(current) {
                    Some(container) => current = container,
                    None => return false,
                },
                (Some(_), Some(_)) => return self.is_within_any_parent(current, region),
            }
        }
        false
    }

    /// [`Graph::is_within`] from an entity that lies in several regions: every enclosing
    /// region is searched, each once.
    fn is_within_any_parent(&self, entity: NodeIndex, region: NodeIndex) -> bool {
        let mut stack = vec![entity];
        let mut seen: Vec<NodeIndex> = Vec::new();
        while let Some(current) = stack.pop() {
            if current == region {
                return true;
            }
            if seen.contains(&current) {
                continue;
            }
            seen.push(current);
            let before = stack.len();
            stack.extend(self.parent_regions(current));
            if stack.len() == before {
                stack.extend(self.container(current));
            }
        }
        false
    }

    /// The regions directly inside a region (its `part_of` children), sorted by name.
    pub fn child_regions(&self, region: NodeIndex) -> Vec<NodeIndex> {
        let mut children: Vec<_> = self
            .linked(region, Direction::Incoming, RelationType::PartOf)
            .into_iter()
            .filter(|&child| self.entity(child).kind() == EntityKind::Region)
            .collect();
        // By name, then index, so that a child linked twice is next to itself and kept once,
        // and children that share a name both stay.
        children.sort_by(|a, b| (&self.entity(*a).name, a).cmp(&(&self.entity(*b).name, b)));
        children.dedup();
        children
    }

    /// Sorts entities by start date, earliest first; entities with no date come last.
    pub fn sort_by_start(&self, entities: &mut [NodeIndex]) {
        entities.sort_by_key(|&i| {
            let start = self.entity(i).details.dates().0;
            (start.is_none(), start)
        });
    }

    /// Counts of entities by kind and relations by type.
    pub fn stats(&self) -> Stats {
        let entities_by_kind = EntityKind::ALL
            .iter()
            .map(|&kind| (kind, self.entities_of_kind(kind).len()))
            .collect();
        let mut by_type: HashMap<RelationType, usize> = HashMap::new();
        for edge in self.graph.edge_weights() {
            *by_type.entry(edge.rel_type).or_default() += 1;
        }
        let relations_by_type = RelationType::ALL
            .iter()
            .filter_map(|t| by_type.get(t).map(|&n| (*t, n)))
            .collect();
        Stats {
            entities_by_kind,
            relations_by_type,
            sources: self.sources.len(),
        }
    }
}
