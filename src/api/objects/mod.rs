//! GraphQL object types: thin wrappers over the graph's entities, relations and sources.

use std::sync::Arc;

use async_graphql::{
    Description, ID, Interface, Object, OutputType, Result, Scalar, ScalarType, SimpleObject, Value,
};

use super::args::blocking_if_large;
use super::enums::{
    Direction, EntityKind, EventKind, ExternalIdScheme, InstitutionKind, ProgrammeKind,
    RegionLevel, RelationType, SourceKind,
};
use super::page::{Page, paginate, paginate_window};
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
        self.relation_page(
            rel_type.map(Into::into),
            direction.into(),
            first,
            after,
            |relation| relation,
        )
    }

    /// One page of this entity's relations (optionally of one type), in data order, each
    /// wrapped as a relation or one of its views; only the page's relations are wrapped.
    fn relation_page<T: OutputType>(
        &self,
        rel_type: Option<model::RelationType>,
        direction: model::Direction,
        first: Option<i32>,
        after: Option<String>,
        wrap: fn(Relation) -> T,
    ) -> Result<Page<T>> {
        paginate_window(first, after, |start, size| {
            let (total, window) = self
                .graph()
                .relations_window(self.index, direction, rel_type, start, size);
            let page = window
                .into_iter()
                .map(|r| {
                    wrap(Relation {
                        data: self.data.clone(),
                        index: r.index,
                    })
                })
                .collect();
            (total, page)
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

    /// The entities of `kind` linked to this one by `rel_type` in `direction`, as GraphQL
    /// objects; read on the blocking pool when this entity has many relations.
    async fn linked_as<T: Send + 'static>(
        &self,
        direction: model::Direction,
        rel_type: model::RelationType,
        kind: model::EntityKind,
        wrap: fn(Handle) -> T,
    ) -> Result<Vec<T>> {
        self.over_relations(move |h| {
            h.linked(direction, rel_type, Some(kind))
                .into_iter()
                .map(|i| wrap(Handle::new(h.data.clone(), i)))
                .collect()
        })
        .await
    }

    /// This entity's relations of `rel_type` in `direction`, as one of a relation's views
    /// (`Position`, `Partnership`); read on the blocking pool when there are many.
    async fn views_as<T: Send + 'static>(
        &self,
        direction: model::Direction,
        rel_type: model::RelationType,
        wrap: fn(Relation) -> T,
    ) -> Result<Vec<T>> {
        self.over_relations(move |h| {
            h.relation_views(direction, rel_type)
                .into_iter()
                .map(wrap)
                .collect()
        })
        .await
    }

    /// One page of a list of entities that `list` reads from this entity's relations (the
    /// same list an unpaged field answers whole), read on the blocking pool when this entity
    /// has many relations; only the page's entities are wrapped.
    async fn entity_page<T: OutputType>(
        &self,
        list: impl FnOnce(&Handle) -> Vec<NodeIndex> + Send + 'static,
        wrap: fn(Handle) -> T,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<T>> {
        let found = self.over_relations(list).await?;
        paginate(&found, first, after, |&i| {
            wrap(Handle::new(self.data.clone(), i))
        })
    }

    /// One page of this entity's relations of `rel_type` in `direction`, in data order, as one
    /// of a relation's views (the paged [`Handle::views_as`]); the relations are read on the
    /// blocking pool when this entity has many.
    async fn view_page<T: OutputType + Send + 'static>(
        &self,
        direction: model::Direction,
        rel_type: model::RelationType,
        wrap: fn(Relation) -> T,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<T>> {
        self.over_relations(move |h| h.relation_page(Some(rel_type), direction, first, after, wrap))
            .await?
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

/// The fields every entity shares, each written once: its GraphQL name and type as the
/// `Entity` interface spells them, its description, its arguments (name, type, description,
/// and `default` where it has one) and its resolver, whose return type is in brackets (handed
/// on as plain tokens, so that async-graphql sees a `Result` as one). It hands them to `$then!` after `$input`:
/// `entity_object!` makes them every kind's resolvers and `entity_interface!` the fields of
/// the `Entity` interface, so the two cannot differ.
macro_rules! shared_entity_fields {
    ($then:ident! { $($input:tt)* }) => {
        $then! {
            { $($input)* }

            field "id": "ID",
                "The stable, readable id, `<kind>:<slug>` (for example `institution:cimav`)."
            fn id(&self) -> [ID] {
                ID(self.0.entity().id.clone())
            }

            field "name": "String", "The usual name, as the sources write it."
            fn name(&self) -> [String] {
                self.0.entity().name.clone()
            }

            field "kind": "EntityKind", "The kind of entity."
            fn kind(&self) -> [EntityKind] {
                self.0.entity().kind().into()
            }

            field "description": "Option<String>", "A short description, in our own words."
            fn description(&self) -> [Option<String>] {
                self.0.entity().description.clone()
            }

            field "aliases": "Vec<String>", "Other names and acronyms."
            fn aliases(&self) -> [Vec<String>] {
                self.0.entity().aliases.clone()
            }

            field "website": "Option<String>", "A web address that a source gives."
            fn website(&self) -> [Option<String>] {
                self.0.entity().website.clone()
            }

            field "sources": "Vec<Source>", "The documents that state this entity."
            fn sources(&self) -> [Vec<Source>] {
                self.0.sources(&self.0.entity().sources)
            }

            field "figures": "Vec<Figure>", "Figures that the sources state about this entity."
            fn figures(&self) -> [Vec<Figure>] {
                figures(&self.0.data, &self.0.entity().figures)
            }

            field "inferred_fields": "Vec<String>",
                "Fields whose value the sources imply rather than state."
            fn inferred_fields(&self) -> [Vec<String>] {
                self.0.entity().inferred.to_vec()
            }

            field "external_ids": "Vec<ExternalId>",
                "The codes other datasets use for this entity (ISO 3166, NUTS, PIC, ...), each \
                 with the sources that state it."
            fn external_ids(&self) -> [Vec<ExternalId>] {
                ExternalId::all(&self.0.data, self.0.index)
            }

            field "topics": "Vec<Topic>", "The topics this entity works on or is about."
            fn topics(&self) -> [Result<Vec<Topic>>] {
                self.0
                    .over_relations(|h| {
                        h.linked(
                            model::Direction::Outgoing,
                            model::RelationType::FocusesOn,
                            Some(model::EntityKind::Topic),
                        )
                        .into_iter()
                        .map(|i| Topic(Handle::new(h.data.clone(), i)))
                        .collect()
                    })
                    .await
            }

            field "relations": "Page<Relation>",
                "The relations at this entity, optionally of one type and in one direction, \
                 outgoing ones first, each group in data order."
            fn relations(
                &self,
                arg "type": "Option<RelationType>", "Only relations of this type."
                    => rel_type: Option<RelationType>,
                arg "direction": "Direction", "Which way relations are followed.", default
                    => direction: Direction,
                arg "first": "Option<i32>", "Page size, 1 to 100 (default 20)."
                    => first: Option<i32>,
                arg "after": "Option<String>", "Start after this cursor."
                    => after: Option<String>,
            ) -> [Result<Page<Relation>>] {
                // Without a type, a page costs its own size only, so it is cut where it is
                // asked for; with one, every relation of the entity is read.
                if rel_type.is_none() {
                    self.0.relations(rel_type, direction, first, after)
                } else {
                    self.0
                        .over_relations(move |h| h.relations(rel_type, direction, first, after))
                        .await?
                }
            }

            field "centrality": "Centrality",
                "How central this entity is in the whole graph (degree, betweenness, PageRank), \
                 and its connected component and community."
            fn centrality(&self) -> [Centrality] {
                Centrality::of(&self.0.data, self.0.index)
            }
        }
    };
}

/// Declares a GraphQL object type for one entity kind: its description, its name and its own
/// fields, to which it adds the fields every entity shares (`shared_entity_fields!`).
macro_rules! entity_object {
    (
        { $(#[doc = $doc:tt])* $name:ident { $($fields:tt)* } }
        $(
            field $field:tt: $field_type:tt, $field_doc:tt
            fn $method:ident(
                &$this:tt
                $(, arg $arg_name:tt: $arg_type:tt, $arg_doc:tt $(, $arg_default:ident)?
                    => $arg:ident: $arg_rust_type:ty)* $(,)?
            ) -> [$($output:tt)*] $body:block
        )*
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Description)]
        pub struct $name(pub(crate) Handle);

        impl $name {
            /// Wraps the entity at `index`, which must be of this type's kind.
            pub fn new(data: &Arc<Dataset>, index: NodeIndex) -> Self {
                $name(Handle::new(data.clone(), index))
            }
        }

        #[Object(use_type_description)]
        impl $name {
            $(
                // Visible in the whole of `objects`, where the `Entity` interface reads them
                // for the kinds of another file.
                #[doc = $field_doc]
                pub(super) async fn $method(
                    &$this
                    $(, #[graphql(name = $arg_name, desc = $arg_doc $(, $arg_default)?)]
                        $arg: $arg_rust_type)*
                ) -> $($output)* $body
            )*

            $($fields)*
        }
    };
    ($($declaration:tt)*) => {
        shared_entity_fields!(entity_object! { $($declaration)* });
    };
}

/// Declares the `Entity` interface over the entity kinds, with the fields every entity shares
/// (`shared_entity_fields!`) and their descriptions.
macro_rules! entity_interface {
    (
        { $(#[doc = $doc:tt])* pub enum $name:ident { $($variants:tt)* } }
        $(
            field $field:tt: $field_type:tt, $field_doc:tt
            fn $method:ident(
                &$this:tt
                $(, arg $arg_name:tt: $arg_type:tt, $arg_doc:tt $(, $arg_default:ident)?
                    => $arg:ident: $arg_rust_type:ty)* $(,)?
            ) -> [$($output:tt)*] $body:block
        )*
    ) => {
        $(#[doc = $doc])*
        // Clippy mistakes the repeated `ty = ...` of the field list for duplicated attributes.
        #[allow(clippy::duplicated_attributes)]
        #[derive(Interface, Clone)]
        #[graphql(
            name = "Entity",
            $(field(
                name = $field,
                ty = $field_type,
                desc = $field_doc,
                $(arg(name = $arg_name, ty = $arg_type, desc = $arg_doc $(, $arg_default)?),)*
            ),)*
        )]
        pub enum $name { $($variants)* }
    };
    ($($declaration:tt)*) => {
        shared_entity_fields!(entity_interface! { $($declaration)* });
    };
}

mod activities;
mod centrality;
mod external_ids;
mod kinds;
mod relations;
mod sources;

pub use activities::{Event, Programme, Project, Topic};
pub use centrality::Centrality;
pub use external_ids::{ExternalId, nuts_codes};
pub use kinds::{Entity, Institution, Node, Person, Region};
pub use relations::{Partnership, Position, Relation};
use sources::figures;
pub use sources::{Address, Figure, Source};
