//! The entity kinds that the regions, institutions and people of `kinds.rs` take part in, as
//! GraphQL objects: programmes, projects, topics and events, each made by `entity_object!`
//! with the shared entity fields and its kind's own.

use super::*;

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
        #[graphql(deprecation = "Unpaged: use `projectsPage`, the same list a page at a time.")]
        async fn projects(&self) -> Result<Vec<Project>> {
            self.0.linked_as(model::Direction::Incoming, model::RelationType::UnderProgramme, model::EntityKind::Project, Project).await
        }

        /// The projects run under this programme, by name, a page at a time.
        async fn projects_page(
            &self,
            #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
            #[graphql(desc = "Start after this cursor.")] after: Option<String>,
        ) -> Result<Page<Project>> {
            let list = |h: &Handle| h.linked(model::Direction::Incoming, model::RelationType::UnderProgramme, Some(model::EntityKind::Project));
            self.0.entity_page(list, Project, first, after).await
        }

        /// The partners of this programme, with their roles.
        #[graphql(deprecation = "Unpaged: use `partnersPage`, the same list a page at a time.")]
        async fn partners(&self) -> Result<Vec<Partnership>> {
            self.0.views_as(model::Direction::Incoming, model::RelationType::PartnerIn, Partnership).await
        }

        /// The partners of this programme, with their roles, in data order, a page at a time.
        async fn partners_page(
            &self,
            #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
            #[graphql(desc = "Start after this cursor.")] after: Option<String>,
        ) -> Result<Page<Partnership>> {
            self.0.view_page(model::Direction::Incoming, model::RelationType::PartnerIn, Partnership, first, after).await
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
        #[graphql(deprecation = "Unpaged: use `programmesPage`, the same list a page at a time.")]
        async fn programmes(&self) -> Result<Vec<Programme>> {
            self.0.over_relations(|h| {
                h.graph()
                    .linked(h.index, model::Direction::Outgoing, model::RelationType::UnderProgramme)
                    .into_iter()
                    .map(|i| Programme(Handle::new(h.data.clone(), i)))
                    .collect()
            }).await
        }

        /// Every programme it belongs to or belonged to, in data order, a page at a time; the
        /// dates of each are in `relations(type: UNDER_PROGRAMME)`.
        async fn programmes_page(
            &self,
            #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
            #[graphql(desc = "Start after this cursor.")] after: Option<String>,
        ) -> Result<Page<Programme>> {
            let list = |h: &Handle| h.graph().linked(h.index, model::Direction::Outgoing, model::RelationType::UnderProgramme);
            self.0.entity_page(list, Programme, first, after).await
        }

        /// The partners of this project, with their roles.
        #[graphql(deprecation = "Unpaged: use `partnersPage`, the same list a page at a time.")]
        async fn partners(&self) -> Result<Vec<Partnership>> {
            self.0.views_as(model::Direction::Incoming, model::RelationType::PartnerIn, Partnership).await
        }

        /// The partners of this project, with their roles, in data order, a page at a time.
        async fn partners_page(
            &self,
            #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
            #[graphql(desc = "Start after this cursor.")] after: Option<String>,
        ) -> Result<Page<Partnership>> {
            self.0.view_page(model::Direction::Incoming, model::RelationType::PartnerIn, Partnership, first, after).await
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
        #[graphql(deprecation = "Unpaged: use `partsPage`, the same list a page at a time.")]
        async fn parts(&self) -> Result<Vec<Event>> {
            self.0.over_relations(|h| event_parts(h).into_iter().map(|i| Event(Handle::new(h.data.clone(), i))).collect()).await
        }

        /// The events that are part of this one, by start date (undated ones last), a page at
        /// a time.
        async fn parts_page(
            &self,
            #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
            #[graphql(desc = "Start after this cursor.")] after: Option<String>,
        ) -> Result<Page<Event>> {
            self.0.entity_page(event_parts, Event, first, after).await
        }

        /// What was visited during this event, with the date of each stop.
        #[graphql(deprecation = "Unpaged: use `visitsPage`, the same list a page at a time.")]
        async fn visits(&self) -> Result<Vec<Relation>> {
            self.0.over_relations(|h| h.relation_views(model::Direction::Outgoing, model::RelationType::Visited)).await
        }

        /// What was visited during this event, with the date of each stop, in data order, a
        /// page at a time.
        async fn visits_page(
            &self,
            #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
            #[graphql(desc = "Start after this cursor.")] after: Option<String>,
        ) -> Result<Page<Relation>> {
            self.0.view_page(model::Direction::Outgoing, model::RelationType::Visited, |relation| relation, first, after).await
        }
    }
}

/// The events that are part of `event`, by start date, undated ones last: the one list behind
/// `Event.parts` and `Event.partsPage`.
fn event_parts(event: &Handle) -> Vec<NodeIndex> {
    let mut parts = event.linked(
        model::Direction::Incoming,
        model::RelationType::PartOf,
        Some(model::EntityKind::Event),
    );
    event.graph().sort_by_start(&mut parts);
    parts
}
