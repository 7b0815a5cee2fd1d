//! GraphQL object types: thin wrappers over the graph's entities, relations and sources.

use std::sync::Arc;

use async_graphql::{ID, Interface, Object, Result, Scalar, ScalarType, Value};

use super::analytics::Centrality;
use super::args::blocking_if_large;
use super::enums::{
    Direction, EntityKind, EventKind, InstitutionKind, ProgrammeKind, RegionLevel, RelationType,
    SourceKind,
};
use super::page::{Page, paginate};
use crate::Dataset;
use crate::model::{self, EdgeIndex, EntityDetails, Graph, NodeIndex, SourceIndex};

/// A calendar date known to the year, the month or the day: `2017`, `2017-11` or `2023-03-13`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate(pub model::PartialDate);

/// A calendar date known to the year, the month or the day: `2017`, `2017-11` or `2023-03-13`.
#[Scalar(name = "PartialDate")]
impl ScalarType for PartialDate {
    fn parse(value: Value) -> async_graphql::InputValueResult<Self> {
        match &value {
            Value::String(text) => Ok(PartialDate(
                text.parse().map_err(|e: model::BadDate| e.to_string())?,
            )),
            _ => Err(async_graphql::InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}

fn date(value: Option<model::PartialDate>) -> Option<PartialDate> {
    value.map(PartialDate)
}

/// A handle on one entity of a loaded dataset.
#[derive(Clone)]
pub struct Handle {
    data: Arc<Dataset>,
    index: NodeIndex,
}

impl Handle {
    /// Makes a handle; `index` must come from `data`'s graph.
    pub fn new(data: Arc<Dataset>, index: NodeIndex) -> Self {
        Handle { data, index }
    }

    fn graph(&self) -> &Graph {
        &self.data.graph
    }

    fn entity(&self) -> &model::Entity {
        self.data.graph.entity(self.index)
    }

    fn wrap(&self, index: NodeIndex) -> Entity {
        Entity::new(&self.data, index)
    }

    fn sources(&self, indices: &[SourceIndex]) -> Vec<Source> {
        sources(&self.data, indices)
    }

    fn relations(
        &self,
        rel_type: Option<RelationType>,
        direction: Direction,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Relation>> {
        let relations =
            self.graph()
                .relations_of(self.index, direction.into(), rel_type.map(Into::into));
        paginate(&relations, first, after, |r| Relation {
            data: self.data.clone(),
            index: r.index,
        })
    }

    /// The entities linked by one relation type and direction, optionally of one kind, sorted by name.
    fn linked(
        &self,
        direction: model::Direction,
        rel_type: model::RelationType,
        kind: Option<model::EntityKind>,
    ) -> Vec<NodeIndex> {
        let graph = self.graph();
        let mut linked: Vec<NodeIndex> = graph
            .linked(self.index, direction, rel_type)
            .into_iter()
            .filter(|&i| kind.is_none_or(|k| graph.entity(i).kind() == k))
            .collect();
        // By name, then index, so that an entity linked twice is kept once and entities that
        // share a name both stay.
        linked.sort_by(|a, b| (&graph.entity(*a).name, a).cmp(&(&graph.entity(*b).name, b)));
        linked.dedup();
        linked
    }

    fn relation_views(
        &self,
        direction: model::Direction,
        rel_type: model::RelationType,
    ) -> Vec<Relation> {
        self.graph()
            .relations_of(self.index, direction, Some(rel_type))
            .into_iter()
            .map(|r| Relation {
                data: self.data.clone(),
                index: r.index,
            })
            .collect()
    }

    fn region(&self, index: NodeIndex) -> Region {
        Region(Handle::new(self.data.clone(), index))
    }

    /// Runs work that reads this entity's relations: where it is asked for when the entity
    /// has few, on the blocking pool when it is a hub (the rule of [`crate::cpu`]).
    async fn over_relations<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Handle) -> T + Send + 'static,
    ) -> Result<T> {
        let handle = self.clone();
        let degree = self.graph().degree(self.index);
        blocking_if_large(degree, move || work(&handle)).await
    }

    /// Runs work that reads every entity of a kind, on the blocking pool when they are many.
    async fn over_kind<T: Send + 'static>(
        &self,
        kind: model::EntityKind,
        work: impl FnOnce(&Handle) -> T + Send + 'static,
    ) -> Result<T> {
        let handle = self.clone();
        let count = self.graph().entities_of_kind(kind).len();
        blocking_if_large(count, move || work(&handle)).await
    }
}

/// Wraps sources of a dataset as GraphQL objects.
pub(crate) fn sources(data: &Arc<Dataset>, indices: &[SourceIndex]) -> Vec<Source> {
    indices
        .iter()
        .map(|&index| Source::new(data.clone(), index))
        .collect()
}

/// Declares a GraphQL object type for one entity kind, with the fields every entity shares.
macro_rules! entity_object {
    ($(#[$meta:meta])* $name:ident { $($fields:tt)* }) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $name(pub(crate) Handle);

        impl $name {
            /// Wraps the entity at `index`, which must be of this type's kind.
            pub fn new(data: &Arc<Dataset>, index: NodeIndex) -> Self {
                $name(Handle::new(data.clone(), index))
            }
        }

        #[Object]
        impl $name {
            /// The stable, readable id, `<kind>:<slug>` (for example `institution:cimav`).
            async fn id(&self) -> ID {
                ID(self.0.entity().id.clone())
            }

            /// The usual name, as the sources write it.
            async fn name(&self) -> String {
                self.0.entity().name.clone()
            }

            /// The kind of entity.
            async fn kind(&self) -> EntityKind {
                self.0.entity().kind().into()
            }

            /// A short description, in our own words.
            async fn description(&self) -> Option<String> {
                self.0.entity().description.clone()
            }

            /// Other names and acronyms.
            async fn aliases(&self) -> Vec<String> {
                self.0.entity().aliases.clone()
            }

            /// A web address that a source gives.
            async fn website(&self) -> Option<String> {
                self.0.entity().website.clone()
            }

            /// The documents that state this entity.
            async fn sources(&self) -> Vec<Source> {
                self.0.sources(&self.0.entity().sources)
            }

            /// Figures that the sources state about this entity.
            async fn figures(&self) -> Vec<Figure> {
                figures(&self.0.data, &self.0.entity().figures)
            }

            /// Fields whose value the sources imply rather than state.
            async fn inferred_fields(&self) -> Vec<String> {
                self.0.entity().inferred.to_vec()
            }

            /// The codes other datasets use for this entity (ISO 3166, NUTS, PIC, ...), each
            /// with the sources that state it.
            async fn external_ids(&self) -> Vec<crate::api::external::ExternalId> {
                crate::api::external::ExternalId::all(&self.0.data, self.0.index)
            }

            /// The topics this entity works on or is about.
            async fn topics(&self) -> Result<Vec<Topic>> {
                self.0.over_relations(|h| {
                    h.linked(model::Direction::Outgoing, model::RelationType::FocusesOn, Some(model::EntityKind::Topic))
                        .into_iter()
                        .map(|i| Topic(Handle::new(h.data.clone(), i)))
                        .collect()
                }).await
            }

            /// The relations at this entity, optionally of one type and in one direction,
            /// outgoing ones first, each group in data order.
            async fn relations(
                &self,
                #[graphql(name = "type", desc = "Only relations of this type.")] rel_type: Option<RelationType>,
                #[graphql(default, desc = "Which way relations are followed.")] direction: Direction,
                #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
                #[graphql(desc = "Start after this cursor.")] after: Option<String>,
            ) -> Result<Page<Relation>> {
                self.0.over_relations(move |h| h.relations(rel_type, direction, first, after)).await?
            }

            /// How central this entity is in the whole graph (degree, betweenness, PageRank),
            /// and its connected component and community.
            async fn centrality(&self) -> Centrality {
                Centrality::of(&self.0.data, self.0.index)
            }

            $($fields)*
        }
    };
}

mod kinds;
mod relations;
mod sources;

pub use kinds::{Entity, Event, Institution, Node, Person, Programme, Project, Region, Topic};
pub use relations::{Partnership, Position, Relation};
use sources::figures;
pub use sources::{Address, Figure, Source};
