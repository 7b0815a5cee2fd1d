//! The seven entity kinds as GraphQL objects, each made by `entity_object!` with the shared
//! entity fields and its kind's own: here the regions, institutions and people, and in
//! `activities.rs` what they take part in (programmes, projects, topics, events); and the
//! `Entity` (made by `entity_interface!` with the same shared fields) and `Node` interfaces.
//!
//! A list at an entity that grows with the data is a page (a connection with `first` and
//! `after`); the older whole lists (`children`, `units`, ...) still answer, deprecated, beside
//! their paged siblings (`childrenPage`, `unitsPage`, ...), which page the same list.

use super::*;

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
            nuts_codes(self.0.entity())
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
        #[graphql(deprecation = "Unpaged: use `childrenPage`, the same list a page at a time.")]
        async fn children(&self) -> Result<Vec<Region>> {
            self.0.over_relations(|h| h.graph().child_regions(h.index).into_iter().map(|i| h.region(i)).collect()).await
        }

        /// The regions directly inside this one, by name, a page at a time.
        async fn children_page(
            &self,
            #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
            #[graphql(desc = "Start after this cursor.")] after: Option<String>,
        ) -> Result<Page<Region>> {
            self.0.entity_page(|h| h.graph().child_regions(h.index), Region, first, after).await
        }

        /// The institutions located in this region; with `recursive`, also those in the
        /// regions inside it. Sorted by name.
        async fn institutions(
            &self,
            #[graphql(default, desc = "Also those in the regions inside this one, at any depth.")]
            recursive: bool,
            #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
            #[graphql(desc = "Start after this cursor.")] after: Option<String>,
        ) -> Result<Page<Institution>> {
            let found = self.0.over_kind(model::EntityKind::Institution, move |h| {
                let graph = h.graph();
                graph
                    .entities_of_kind(model::EntityKind::Institution)
                    .iter()
                    .copied()
                    .filter(|&i| {
                        if recursive {
                            graph.is_within(i, h.index)
                        } else {
                            graph.parent_region(i) == Some(h.index)
                        }
                    })
                    .collect::<Vec<NodeIndex>>()
            }).await?;
            paginate(&found, first, after, |&i| Institution(Handle::new(self.0.data.clone(), i)))
        }

        /// The events that took place in this region; with `recursive`, also in the regions
        /// inside it. Sorted by start date; events with no date come last.
        async fn events(
            &self,
            #[graphql(default, desc = "Also those in the regions inside this one, at any depth.")]
            recursive: bool,
            #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
            #[graphql(desc = "Start after this cursor.")] after: Option<String>,
        ) -> Result<Page<Event>> {
            let found = self.0.over_kind(model::EntityKind::Event, move |h| {
                let graph = h.graph();
                let mut found: Vec<NodeIndex> = graph
                    .entities_of_kind(model::EntityKind::Event)
                    .iter()
                    .copied()
                    .filter(|&i| {
                        if recursive {
                            graph.is_within(i, h.index)
                        } else {
                            graph.parent_region(i) == Some(h.index)
                        }
                    })
                    .collect();
                graph.sort_by_start(&mut found);
                found
            }).await?;
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
        async fn parent(&self) -> Result<Option<Institution>> {
            self.0.over_relations(|h| {
                h.linked(model::Direction::Outgoing, model::RelationType::PartOf, Some(model::EntityKind::Institution))
                    .first()
                    .map(|&i| Institution(Handle::new(h.data.clone(), i)))
            }).await
        }

        /// The institutions that are part of this one.
        #[graphql(deprecation = "Unpaged: use `unitsPage`, the same list a page at a time.")]
        async fn units(&self) -> Result<Vec<Institution>> {
            self.0.linked_as(model::Direction::Incoming, model::RelationType::PartOf, model::EntityKind::Institution, Institution).await
        }

        /// The institutions that are part of this one, by name, a page at a time.
        async fn units_page(
            &self,
            #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
            #[graphql(desc = "Start after this cursor.")] after: Option<String>,
        ) -> Result<Page<Institution>> {
            let list = |h: &Handle| h.linked(model::Direction::Incoming, model::RelationType::PartOf, Some(model::EntityKind::Institution));
            self.0.entity_page(list, Institution, first, after).await
        }

        /// The people who hold positions here.
        #[graphql(deprecation = "Unpaged: use `peoplePage`, the same list a page at a time.")]
        async fn people(&self) -> Result<Vec<Position>> {
            self.0.views_as(model::Direction::Incoming, model::RelationType::HoldsPosition, Position).await
        }

        /// The positions people hold here, in data order, a page at a time.
        async fn people_page(
            &self,
            #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
            #[graphql(desc = "Start after this cursor.")] after: Option<String>,
        ) -> Result<Page<Position>> {
            self.0.view_page(model::Direction::Incoming, model::RelationType::HoldsPosition, Position, first, after).await
        }

        /// The projects and programmes it is a partner in, with its role.
        #[graphql(deprecation = "Unpaged: use `partnershipsPage`, the same list a page at a time.")]
        async fn partnerships(&self) -> Result<Vec<Partnership>> {
            self.0.views_as(model::Direction::Outgoing, model::RelationType::PartnerIn, Partnership).await
        }

        /// The projects and programmes it is a partner in, with its role, in data order, a
        /// page at a time.
        async fn partnerships_page(
            &self,
            #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
            #[graphql(desc = "Start after this cursor.")] after: Option<String>,
        ) -> Result<Page<Partnership>> {
            self.0.view_page(model::Direction::Outgoing, model::RelationType::PartnerIn, Partnership, first, after).await
        }
    }
}

entity_object! {
    /// A named person.
    Person {
        /// The positions this person holds, with the institution and the title as role.
        #[graphql(deprecation = "Unpaged: use `positionsPage`, the same list a page at a time.")]
        async fn positions(&self) -> Result<Vec<Position>> {
            self.0.views_as(model::Direction::Outgoing, model::RelationType::HoldsPosition, Position).await
        }

        /// The positions this person holds, with the institution and the title as role, in
        /// data order, a page at a time.
        async fn positions_page(
            &self,
            #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
            #[graphql(desc = "Start after this cursor.")] after: Option<String>,
        ) -> Result<Page<Position>> {
            self.0.view_page(model::Direction::Outgoing, model::RelationType::HoldsPosition, Position, first, after).await
        }
    }
}

entity_interface! {
    /// Any entity of the graph.
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
