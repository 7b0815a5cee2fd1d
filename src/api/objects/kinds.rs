//! The seven entity kinds as GraphQL objects, each made by `entity_object!` with the shared
//! entity fields and its kind's own, and the `Entity` (made by `entity_interface!` with the
//! same shared fields) and `Node` interfaces.

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
        async fn children(&self) -> Result<Vec<Region>> {
            self.0.over_relations(|h| h.graph().child_regions(h.index).into_iter().map(|i| h.region(i)).collect()).await
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
        async fn units(&self) -> Result<Vec<Institution>> {
            self.0.linked_as(model::Direction::Incoming, model::RelationType::PartOf, model::EntityKind::Institution, Institution).await
        }

        /// The people who hold positions here.
        async fn people(&self) -> Result<Vec<Position>> {
            self.0.views_as(model::Direction::Incoming, model::RelationType::HoldsPosition, Position).await
        }

        /// The projects and programmes it is a partner in, with its role.
        async fn partnerships(&self) -> Result<Vec<Partnership>> {
            self.0.views_as(model::Direction::Outgoing, model::RelationType::PartnerIn, Partnership).await
        }
    }
}

entity_object! {
    /// A named person.
    Person {
        /// The positions this person holds, with the institution and the title as role.
        async fn positions(&self) -> Result<Vec<Position>> {
            self.0.views_as(model::Direction::Outgoing, model::RelationType::HoldsPosition, Position).await
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
        async fn projects(&self) -> Result<Vec<Project>> {
            self.0.linked_as(model::Direction::Incoming, model::RelationType::UnderProgramme, model::EntityKind::Project, Project).await
        }

        /// The partners of this programme, with their roles.
        async fn partners(&self) -> Result<Vec<Partnership>> {
            self.0.views_as(model::Direction::Incoming, model::RelationType::PartnerIn, Partnership).await
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
        ) -> Result<Option<Programme>> {
            let period = as_of.map(|date| crate::analytics::Period::at(date.0));
            self.0.over_relations(move |h| {
                h.graph()
                    .relations_of(h.index, model::Direction::Outgoing, Some(model::RelationType::UnderProgramme))
                    .into_iter()
                    .filter(|r| period.is_none_or(|p| p.contains(r.relation.start, r.relation.end)))
                    .max_by_key(|r| r.relation.start.map(|d| d.earliest()))
                    .map(|r| Programme(Handle::new(h.data.clone(), r.to)))
            }).await
        }

        /// Every programme it belongs to or belonged to, in data order, with the dates of each
        /// in `relations(type: UNDER_PROGRAMME)`.
        async fn programmes(&self) -> Result<Vec<Programme>> {
            self.0.over_relations(|h| {
                h.graph()
                    .linked(h.index, model::Direction::Outgoing, model::RelationType::UnderProgramme)
                    .into_iter()
                    .map(|i| Programme(Handle::new(h.data.clone(), i)))
                    .collect()
            }).await
        }

        /// The partners of this project, with their roles.
        async fn partners(&self) -> Result<Vec<Partnership>> {
            self.0.views_as(model::Direction::Incoming, model::RelationType::PartnerIn, Partnership).await
        }
    }
}

entity_object! {
    /// A theme: a sector, a field, a priority.
    Topic {
        /// The entities that work on or are about this topic, optionally of one kind, by name.
        async fn entities(
            &self,
            #[graphql(desc = "Only entities of this kind.")] kind: Option<EntityKind>,
            #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
            #[graphql(desc = "Start after this cursor.")] after: Option<String>,
        ) -> Result<Page<Entity>> {
            let kind = kind.map(Into::into);
            let found = self.0.over_relations(move |h| h.linked(model::Direction::Incoming, model::RelationType::FocusesOn, kind)).await?;
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
        async fn parent(&self) -> Result<Option<Event>> {
            self.0.over_relations(|h| {
                h.linked(model::Direction::Outgoing, model::RelationType::PartOf, Some(model::EntityKind::Event))
                    .first()
                    .map(|&i| Event(Handle::new(h.data.clone(), i)))
            }).await
        }

        /// The events that are part of this one, by start date; undated ones last.
        async fn parts(&self) -> Result<Vec<Event>> {
            self.0.over_relations(|h| {
                let mut parts = h.linked(model::Direction::Incoming, model::RelationType::PartOf, Some(model::EntityKind::Event));
                h.graph().sort_by_start(&mut parts);
                parts.into_iter().map(|i| Event(Handle::new(h.data.clone(), i))).collect()
            }).await
        }

        /// What was visited during this event, with the date of each stop.
        async fn visits(&self) -> Result<Vec<Relation>> {
            self.0.over_relations(|h| h.relation_views(model::Direction::Outgoing, model::RelationType::Visited)).await
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
