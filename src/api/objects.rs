//! GraphQL object types: thin wrappers over the graph's entities, relations and sources.

use std::sync::Arc;

use async_graphql::{ID, Interface, Object, Result, Scalar, ScalarType, Value};

use super::analytics::Centrality;
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
}

/// Wraps sources of a dataset as GraphQL objects.
pub(crate) fn sources(data: &Arc<Dataset>, indices: &[SourceIndex]) -> Vec<Source> {
    indices
        .iter()
        .map(|&index| Source {
            data: data.clone(),
            index,
        })
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
            async fn external_ids(&self) -> Vec<super::external::ExternalId> {
                super::external::ExternalId::all(&self.0.data, self.0.index)
            }

            /// The topics this entity works on or is about.
            async fn topics(&self) -> Vec<Topic> {
                self.0
                    .linked(model::Direction::Outgoing, model::RelationType::FocusesOn, Some(model::EntityKind::Topic))
                    .into_iter()
                    .map(|i| Topic(Handle::new(self.0.data.clone(), i)))
                    .collect()
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
                self.0.relations(rel_type, direction, first, after)
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

entity_object! {
    /// A country, region, province, city or named place.
    Region {
        /// How large the region is.
        async fn level(&self) -> Option<RegionLevel> {
            match self.0.entity().details {
                EntityDetails::Region { level, .. } => Some(level.into()),
                _ => None,
            }
        }

        /// The ISO 3166 code (ISO 3166-1 alpha-2 for countries, ISO 3166-2 for subdivisions),
        /// where a data package confirms it; all codes are in `externalIds`.
        async fn iso3166(&self) -> Option<String> {
            self.0.entity().external_id(model::ExternalIdScheme::Iso3166).map(|id| id.value.to_string())
        }

        /// The region's NUTS codes (of every NUTS version the data holds), most recent
        /// version first; empty outside the NUTS classification.
        async fn nuts(&self) -> Vec<String> {
            super::external::nuts_codes(self.0.entity())
        }

        /// The region this one is part of: the first of `parents`.
        async fn parent(&self) -> Option<Region> {
            self.0.graph().parent_region(self.0.index).map(|i| self.0.region(i))
        }

        /// Every region this one is directly part of, in data order: usually one; two where
        /// it lies in regions of two classifications (an ISO 3166 country and a NUTS 1 region).
        async fn parents(&self) -> Vec<Region> {
            self.0.graph().parent_regions(self.0.index).map(|i| self.0.region(i)).collect()
        }

        /// The enclosing regions, from the nearest to the largest.
        async fn ancestors(&self) -> Vec<Region> {
            let graph = self.0.graph();
            let mut chain = Vec::new();
            let mut current = graph.parent_region(self.0.index);
            while let Some(parent) = current {
                if parent == self.0.index || chain.len() > graph.entity_count() {
                    break;
                }
                chain.push(self.0.region(parent));
                current = graph.parent_region(parent);
            }
            chain
        }

        /// The regions directly inside this one, by name.
        async fn children(&self) -> Vec<Region> {
            self.0.graph().child_regions(self.0.index).into_iter().map(|i| self.0.region(i)).collect()
        }

        /// The institutions located in this region; with `recursive`, also those in the
        /// regions inside it. Sorted by name.
        async fn institutions(
            &self,
            #[graphql(default)] recursive: bool,
            first: Option<i32>,
            after: Option<String>,
        ) -> Result<Page<Institution>> {
            let graph = self.0.graph();
            let found: Vec<NodeIndex> = graph
                .entities_of_kind(model::EntityKind::Institution)
                .iter()
                .copied()
                .filter(|&i| {
                    if recursive {
                        graph.is_within(i, self.0.index)
                    } else {
                        graph.parent_region(i) == Some(self.0.index)
                    }
                })
                .collect();
            paginate(&found, first, after, |&i| Institution(Handle::new(self.0.data.clone(), i)))
        }

        /// The events that took place in this region; with `recursive`, also in the regions
        /// inside it. Sorted by start date; events with no date come last.
        async fn events(
            &self,
            #[graphql(default)] recursive: bool,
            first: Option<i32>,
            after: Option<String>,
        ) -> Result<Page<Event>> {
            let graph = self.0.graph();
            let mut found: Vec<NodeIndex> = graph
                .entities_of_kind(model::EntityKind::Event)
                .iter()
                .copied()
                .filter(|&i| {
                    if recursive {
                        graph.is_within(i, self.0.index)
                    } else {
                        graph.parent_region(i) == Some(self.0.index)
                    }
                })
                .collect();
            graph.sort_by_start(&mut found);
            paginate(&found, first, after, |&i| Event(Handle::new(self.0.data.clone(), i)))
        }
    }
}

entity_object! {
    /// A government body, agency, university, company, cluster, hospital, chamber, network...
    Institution {
        /// What sort of body it is.
        async fn institution_kind(&self) -> Option<InstitutionKind> {
            match self.0.entity().details {
                EntityDetails::Institution { kind, .. } => Some(kind.into()),
                _ => None,
            }
        }

        /// Its address as the source publishes it (street, postcode, town, country, NUTS code,
        /// coordinates), where one does; it may name a region the data does not hold.
        async fn address(&self) -> Option<Address> {
            match &self.0.entity().details {
                EntityDetails::Institution { address: Some(address), .. } => Some(Address((**address).clone())),
                _ => None,
            }
        }

        /// The region it is located in.
        async fn location(&self) -> Option<Region> {
            self.0.graph().parent_region(self.0.index).map(|i| self.0.region(i))
        }

        /// The larger institution it is part of (a faculty's university).
        async fn parent(&self) -> Option<Institution> {
            self.0
                .linked(model::Direction::Outgoing, model::RelationType::PartOf, Some(model::EntityKind::Institution))
                .first()
                .map(|&i| Institution(Handle::new(self.0.data.clone(), i)))
        }

        /// The institutions that are part of this one.
        async fn units(&self) -> Vec<Institution> {
            self.0
                .linked(model::Direction::Incoming, model::RelationType::PartOf, Some(model::EntityKind::Institution))
                .into_iter()
                .map(|i| Institution(Handle::new(self.0.data.clone(), i)))
                .collect()
        }

        /// The people who hold positions here.
        async fn people(&self) -> Vec<Position> {
            self.0.relation_views(model::Direction::Incoming, model::RelationType::HoldsPosition).into_iter().map(Position).collect()
        }

        /// The projects and programmes it is a partner in, with its role.
        async fn partnerships(&self) -> Vec<Partnership> {
            self.0.relation_views(model::Direction::Outgoing, model::RelationType::PartnerIn).into_iter().map(Partnership).collect()
        }
    }
}

entity_object! {
    /// A named person.
    Person {
        /// The positions this person holds, with the institution and the title as role.
        async fn positions(&self) -> Vec<Position> {
            self.0.relation_views(model::Direction::Outgoing, model::RelationType::HoldsPosition).into_iter().map(Position).collect()
        }
    }
}

entity_object! {
    /// A funding or cooperation programme, strategy, policy instrument or platform.
    Programme {
        /// What sort of programme it is.
        async fn programme_kind(&self) -> Option<ProgrammeKind> {
            match self.0.entity().details {
                EntityDetails::Programme { kind, .. } => kind.map(Into::into),
                _ => None,
            }
        }

        /// When it started.
        async fn start(&self) -> Option<PartialDate> {
            date(self.0.entity().details.dates().0)
        }

        /// When it ended.
        async fn end(&self) -> Option<PartialDate> {
            date(self.0.entity().details.dates().1)
        }

        /// The projects run under this programme.
        async fn projects(&self) -> Vec<Project> {
            self.0
                .linked(model::Direction::Incoming, model::RelationType::UnderProgramme, Some(model::EntityKind::Project))
                .into_iter()
                .map(|i| Project(Handle::new(self.0.data.clone(), i)))
                .collect()
        }

        /// The partners of this programme, with their roles.
        async fn partners(&self) -> Vec<Partnership> {
            self.0.relation_views(model::Direction::Incoming, model::RelationType::PartnerIn).into_iter().map(Partnership).collect()
        }
    }
}

entity_object! {
    /// A project, or a pairing between regions.
    Project {
        /// When it started.
        async fn start(&self) -> Option<PartialDate> {
            date(self.0.entity().details.dates().0)
        }

        /// When it ended.
        async fn end(&self) -> Option<PartialDate> {
            date(self.0.entity().details.dates().1)
        }

        /// Its status as the dataset publishes it (`SIGNED`, `CLOSED`, `TERMINATED`), where
        /// one does.
        async fn status(&self) -> Option<String> {
            match &self.0.entity().details {
                EntityDetails::Project { details: Some(details), .. } => details.status.as_deref().map(str::to_owned),
                _ => None,
            }
        }

        /// Its funding scheme as the dataset publishes it (`HORIZON-RIA`, `RIA`, `ERDF`),
        /// where one does.
        async fn funding_scheme(&self) -> Option<String> {
            match &self.0.entity().details {
                EntityDetails::Project { details: Some(details), .. } => details.funding_scheme.as_deref().map(str::to_owned),
                _ => None,
            }
        }

        /// The programme it belongs to: of its `under_programme` relations (present on
        /// `asOf`, when given), the one that started last; a relation with no start counts
        /// as the earliest. A project moved from one programme to its next phase answers the
        /// newer one, or the one of that date.
        async fn programme(
            &self,
            #[graphql(desc = "The programme on this date.")] as_of: Option<PartialDate>,
        ) -> Option<Programme> {
            let period = as_of.map(|date| crate::analytics::Period::at(date.0));
            self.0
                .graph()
                .relations_of(self.0.index, model::Direction::Outgoing, Some(model::RelationType::UnderProgramme))
                .into_iter()
                .filter(|r| period.is_none_or(|p| p.contains(r.relation.start, r.relation.end)))
                .max_by_key(|r| r.relation.start.map(|d| d.earliest()))
                .map(|r| Programme(Handle::new(self.0.data.clone(), r.to)))
        }

        /// Every programme it belongs to or belonged to, in data order, with the dates of each
        /// in `relations(type: UNDER_PROGRAMME)`.
        async fn programmes(&self) -> Vec<Programme> {
            self.0
                .graph()
                .linked(self.0.index, model::Direction::Outgoing, model::RelationType::UnderProgramme)
                .into_iter()
                .map(|i| Programme(Handle::new(self.0.data.clone(), i)))
                .collect()
        }

        /// The partners of this project, with their roles.
        async fn partners(&self) -> Vec<Partnership> {
            self.0.relation_views(model::Direction::Incoming, model::RelationType::PartnerIn).into_iter().map(Partnership).collect()
        }
    }
}

entity_object! {
    /// A theme: a sector, a field, a priority.
    Topic {
        /// The entities that work on or are about this topic, optionally of one kind, by name.
        async fn entities(
            &self,
            kind: Option<EntityKind>,
            first: Option<i32>,
            after: Option<String>,
        ) -> Result<Page<Entity>> {
            let found = self.0.linked(model::Direction::Incoming, model::RelationType::FocusesOn, kind.map(Into::into));
            paginate(&found, first, after, |&i| self.0.wrap(i))
        }
    }
}

entity_object! {
    /// A visit, meeting, exchange, conference or award, with dates and a place.
    Event {
        /// What sort of event it is.
        async fn event_kind(&self) -> Option<EventKind> {
            match self.0.entity().details {
                EntityDetails::Event { kind, .. } => Some(kind.into()),
                _ => None,
            }
        }

        /// Its first day.
        async fn start(&self) -> Option<PartialDate> {
            date(self.0.entity().details.dates().0)
        }

        /// Its last day.
        async fn end(&self) -> Option<PartialDate> {
            date(self.0.entity().details.dates().1)
        }

        /// Where it took place.
        async fn place(&self) -> Option<Region> {
            self.0.graph().parent_region(self.0.index).map(|i| self.0.region(i))
        }

        /// The larger event it is part of (a visit's day is part of the visit).
        async fn parent(&self) -> Option<Event> {
            self.0
                .linked(model::Direction::Outgoing, model::RelationType::PartOf, Some(model::EntityKind::Event))
                .first()
                .map(|&i| Event(Handle::new(self.0.data.clone(), i)))
        }

        /// The events that are part of this one, by start date; undated ones last.
        async fn parts(&self) -> Vec<Event> {
            let graph = self.0.graph();
            let mut parts = self.0.linked(model::Direction::Incoming, model::RelationType::PartOf, Some(model::EntityKind::Event));
            graph.sort_by_start(&mut parts);
            parts.into_iter().map(|i| Event(Handle::new(self.0.data.clone(), i))).collect()
        }

        /// What was visited during this event, with the date of each stop.
        async fn visits(&self) -> Vec<Relation> {
            self.0.relation_views(model::Direction::Outgoing, model::RelationType::Visited)
        }
    }
}

/// Any entity of the graph.
// Clippy mistakes the repeated `ty = ...` of the field list for duplicated attributes.
#[allow(clippy::duplicated_attributes)]
#[derive(Interface, Clone)]
#[graphql(
    name = "Entity",
    field(
        name = "id",
        ty = "ID",
        desc = "The stable, readable id, `<kind>:<slug>`."
    ),
    field(
        name = "name",
        ty = "String",
        desc = "The usual name, as the sources write it."
    ),
    field(name = "kind", ty = "EntityKind", desc = "The kind of entity."),
    field(
        name = "description",
        ty = "Option<String>",
        desc = "A short description, in our own words."
    ),
    field(
        name = "aliases",
        ty = "Vec<String>",
        desc = "Other names and acronyms."
    ),
    field(
        name = "website",
        ty = "Option<String>",
        desc = "A web address that a source gives."
    ),
    field(
        name = "sources",
        ty = "Vec<Source>",
        desc = "The documents that state this entity."
    ),
    field(
        name = "figures",
        ty = "Vec<Figure>",
        desc = "Figures that the sources state about this entity."
    ),
    field(
        name = "inferred_fields",
        ty = "Vec<String>",
        desc = "Fields whose value the sources imply rather than state."
    ),
    field(
        name = "external_ids",
        ty = "Vec<super::external::ExternalId>",
        desc = "The codes other datasets use for this entity (ISO 3166, NUTS, PIC, ...), each with the sources that state it."
    ),
    field(
        name = "topics",
        ty = "Vec<Topic>",
        desc = "The topics this entity works on or is about."
    ),
    field(
        name = "relations",
        ty = "Page<Relation>",
        desc = "The relations at this entity, optionally of one type and in one direction.",
        arg(
            name = "type",
            ty = "Option<RelationType>",
            desc = "Only relations of this type."
        ),
        arg(
            name = "direction",
            ty = "Direction",
            default,
            desc = "Which way relations are followed."
        ),
        arg(
            name = "first",
            ty = "Option<i32>",
            desc = "Page size, 1 to 100 (default 20)."
        ),
        arg(
            name = "after",
            ty = "Option<String>",
            desc = "Start after this cursor."
        ),
    ),
    field(
        name = "centrality",
        ty = "Centrality",
        desc = "How central this entity is in the whole graph (degree, betweenness, PageRank), and its connected component and community."
    )
)]
pub enum Entity {
    /// A region.
    Region(Region),
    /// An institution.
    Institution(Institution),
    /// A person.
    Person(Person),
    /// A programme.
    Programme(Programme),
    /// A project.
    Project(Project),
    /// A topic.
    Topic(Topic),
    /// An event.
    Event(Event),
}

impl Entity {
    /// Wraps the entity at `index` in the object type of its kind.
    pub fn new(data: &Arc<Dataset>, index: NodeIndex) -> Self {
        let handle = Handle::new(data.clone(), index);
        match data.graph.entity(index).kind() {
            model::EntityKind::Region => Entity::Region(Region(handle)),
            model::EntityKind::Institution => Entity::Institution(Institution(handle)),
            model::EntityKind::Person => Entity::Person(Person(handle)),
            model::EntityKind::Programme => Entity::Programme(Programme(handle)),
            model::EntityKind::Project => Entity::Project(Project(handle)),
            model::EntityKind::Topic => Entity::Topic(Topic(handle)),
            model::EntityKind::Event => Entity::Event(Event(handle)),
        }
    }
}

/// An object with a globally unique id (Relay's node interface).
#[derive(Interface, Clone)]
#[graphql(field(name = "id", ty = "ID", desc = "The globally unique id."))]
pub enum Node {
    /// A region.
    Region(Region),
    /// An institution.
    Institution(Institution),
    /// A person.
    Person(Person),
    /// A programme.
    Programme(Programme),
    /// A project.
    Project(Project),
    /// A topic.
    Topic(Topic),
    /// An event.
    Event(Event),
}

impl From<Entity> for Node {
    fn from(entity: Entity) -> Self {
        match entity {
            Entity::Region(e) => Node::Region(e),
            Entity::Institution(e) => Node::Institution(e),
            Entity::Person(e) => Node::Person(e),
            Entity::Programme(e) => Node::Programme(e),
            Entity::Project(e) => Node::Project(e),
            Entity::Topic(e) => Node::Topic(e),
            Entity::Event(e) => Node::Event(e),
        }
    }
}

/// A typed, dated and sourced link between two entities; read it as `from TYPE to`.
#[derive(Clone)]
pub struct Relation {
    pub(crate) data: Arc<Dataset>,
    pub(crate) index: EdgeIndex,
}

impl Relation {
    fn view(&self) -> model::RelationRef<'_> {
        self.data.graph.relation(self.index)
    }
}

#[Object]
impl Relation {
    /// A readable id, `<from> <type> <to>`, unique within the loaded data (a `#n` suffix tells
    /// apart several relations of one type between the same two entities).
    async fn id(&self) -> ID {
        let graph = &self.data.graph;
        let view = self.view();
        let twins = graph
            .relations_of(
                view.from,
                model::Direction::Outgoing,
                Some(view.relation.rel_type),
            )
            .into_iter()
            .filter(|r| r.to == view.to)
            .position(|r| r.index == self.index)
            .unwrap_or(0);
        let base = format!(
            "{} {} {}",
            graph.entity(view.from).id,
            view.relation.rel_type,
            graph.entity(view.to).id
        );
        ID(if twins == 0 {
            base
        } else {
            format!("{base} #{}", twins + 1)
        })
    }

    /// The relation type.
    #[graphql(name = "type")]
    async fn rel_type(&self) -> RelationType {
        self.view().relation.rel_type.into()
    }

    /// The role, position or award name, where a source states it.
    async fn role(&self) -> Option<String> {
        self.view().relation.role.as_deref().map(str::to_owned)
    }

    /// When it started.
    async fn start(&self) -> Option<PartialDate> {
        date(self.view().relation.start)
    }

    /// When it ended.
    async fn end(&self) -> Option<PartialDate> {
        date(self.view().relation.end)
    }

    /// The entity the relation starts at.
    async fn from(&self) -> Entity {
        Entity::new(&self.data, self.view().from)
    }

    /// The entity the relation ends at.
    async fn to(&self) -> Entity {
        Entity::new(&self.data, self.view().to)
    }

    /// The documents that state this relation.
    async fn sources(&self) -> Vec<Source> {
        sources(&self.data, &self.view().relation.sources)
    }

    /// A short description, in our own words.
    async fn description(&self) -> Option<String> {
        self.view()
            .relation
            .description
            .as_deref()
            .map(str::to_owned)
    }

    /// Fields whose value the sources imply rather than state.
    async fn inferred_fields(&self) -> Vec<String> {
        let inferred = self.view().relation.inferred;
        inferred.names().map(str::to_owned).collect()
    }

    /// Figures that the sources state about this relation, such as a partner's EU
    /// contribution to a project, in data order.
    async fn figures(&self) -> Vec<Figure> {
        figures(&self.data, &self.view().relation.figures)
    }
}

/// A position a person holds at an institution.
#[derive(Clone)]
pub struct Position(Relation);

#[Object]
impl Position {
    /// The person.
    async fn person(&self) -> Person {
        Person(Handle::new(self.0.data.clone(), self.0.view().from))
    }

    /// The institution.
    async fn institution(&self) -> Institution {
        Institution(Handle::new(self.0.data.clone(), self.0.view().to))
    }

    /// The title of the position.
    async fn role(&self) -> Option<String> {
        self.0.view().relation.role.as_deref().map(str::to_owned)
    }

    /// When it started.
    async fn start(&self) -> Option<PartialDate> {
        date(self.0.view().relation.start)
    }

    /// When it ended.
    async fn end(&self) -> Option<PartialDate> {
        date(self.0.view().relation.end)
    }

    /// The documents that state it.
    async fn sources(&self) -> Vec<Source> {
        sources(&self.0.data, &self.0.view().relation.sources)
    }
}

/// A partner in a project or programme, with its role.
#[derive(Clone)]
pub struct Partnership(Relation);

#[Object]
impl Partnership {
    /// The partner: an institution or a region.
    async fn partner(&self) -> Entity {
        Entity::new(&self.0.data, self.0.view().from)
    }

    /// The project or programme.
    async fn of(&self) -> Entity {
        Entity::new(&self.0.data, self.0.view().to)
    }

    /// The role, such as lead partner.
    async fn role(&self) -> Option<String> {
        self.0.view().relation.role.as_deref().map(str::to_owned)
    }

    /// When the partnership started.
    async fn start(&self) -> Option<PartialDate> {
        date(self.0.view().relation.start)
    }

    /// When it ended.
    async fn end(&self) -> Option<PartialDate> {
        date(self.0.view().relation.end)
    }

    /// The documents that state it.
    async fn sources(&self) -> Vec<Source> {
        sources(&self.0.data, &self.0.view().relation.sources)
    }

    /// Figures that the sources state about the partnership, such as the partner's EU
    /// contribution, its net EU contribution and its total cost, in data order.
    async fn figures(&self) -> Vec<Figure> {
        figures(&self.0.data, &self.0.view().relation.figures)
    }
}

/// A document that states facts: a news item, a case study, a partner profile.
#[derive(Clone)]
pub struct Source {
    data: Arc<Dataset>,
    index: SourceIndex,
}

impl Source {
    /// Wraps the source at `index`.
    pub fn new(data: Arc<Dataset>, index: SourceIndex) -> Self {
        Source { data, index }
    }

    fn record(&self) -> &model::Source {
        self.data.graph.source(self.index)
    }
}

#[Object]
impl Source {
    /// The stable id, `source:<slug>`.
    async fn id(&self) -> ID {
        ID(self.record().id.clone())
    }

    /// The document's title.
    async fn title(&self) -> String {
        self.record().title.clone()
    }

    /// Who published it, where known.
    async fn publisher(&self) -> Option<String> {
        self.record().publisher.clone()
    }

    /// Who wrote it, where known.
    async fn author(&self) -> Option<String> {
        self.record().author.clone()
    }

    /// When it was published, where known.
    async fn date(&self) -> Option<PartialDate> {
        date(self.record().date)
    }

    /// What sort of document it is.
    async fn kind(&self) -> Option<SourceKind> {
        self.record().kind.map(Into::into)
    }

    /// Where it can be read, where known.
    async fn url(&self) -> Option<String> {
        self.record().url.clone()
    }

    /// A short description, in our own words.
    async fn description(&self) -> Option<String> {
        self.record().description.clone()
    }

    /// For a dataset: the file the facts were read from (an import cites the file it came
    /// from; reference data the file inside its package).
    async fn file(&self) -> Option<String> {
        self.record().file.clone()
    }

    /// For a dataset: the version of the package or release it came in.
    async fn version(&self) -> Option<String> {
        self.record().version.clone()
    }

    /// For a dataset: the licence it is published under.
    async fn licence(&self) -> Option<String> {
        self.record().licence.clone()
    }
}

/// A figure that a source states about an entity or a relation.
#[derive(Clone)]
pub struct Figure {
    data: Arc<Dataset>,
    figure: model::Figure,
}

/// Wraps figures of a dataset as GraphQL objects.
fn figures(data: &Arc<Dataset>, figures: &[model::Figure]) -> Vec<Figure> {
    figures
        .iter()
        .map(|figure| Figure {
            data: data.clone(),
            figure: figure.clone(),
        })
        .collect()
}

#[Object]
impl Figure {
    /// What is measured.
    async fn label(&self) -> &str {
        &self.figure.label
    }

    /// The value.
    async fn value(&self) -> f64 {
        self.figure.value
    }

    /// The unit, where there is one.
    async fn unit(&self) -> Option<&str> {
        self.figure.unit.as_deref()
    }

    /// Whether the source gives the value as approximate ("almost", "around").
    async fn approximate(&self) -> bool {
        self.figure.approximate
    }

    /// The period the figure refers to, where stated.
    async fn year(&self) -> Option<PartialDate> {
        date(self.figure.year)
    }

    /// The documents that state the figure.
    async fn sources(&self) -> Vec<Source> {
        sources(&self.data, &self.figure.sources)
    }
}

/// An institution's address, as the source publishes it.
#[derive(Clone)]
pub struct Address(model::Address);

/// An institution's address, as the source publishes it: any field may be missing, and none
/// has to match a region of the data.
#[Object]
impl Address {
    /// The street and number, as the source publishes it.
    async fn street(&self) -> Option<&str> {
        self.0.street.as_deref()
    }

    /// The postcode, as the source publishes it.
    async fn postcode(&self) -> Option<&str> {
        self.0.postcode.as_deref()
    }

    /// The town or city, as the source publishes it.
    async fn town(&self) -> Option<&str> {
        self.0.town.as_deref()
    }

    /// The country, as the source publishes it: a code (such as `EL` for Greece) or a name.
    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }

    /// The NUTS code, as the source publishes it, whether or not the reference layer knows
    /// that region (the institution's region is its `location`).
    async fn nuts(&self) -> Option<&str> {
        self.0.nuts.as_deref()
    }

    /// The latitude in degrees (WGS 84), as the source publishes it.
    async fn latitude(&self) -> Option<f64> {
        self.0.latitude
    }

    /// The longitude in degrees (WGS 84), as the source publishes it.
    async fn longitude(&self) -> Option<f64> {
        self.0.longitude
    }
}
