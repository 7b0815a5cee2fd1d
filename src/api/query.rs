//! Lookups by id, filtered lists per kind, and counts.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result, SimpleObject};

use super::args::{blocking_if_large, dataset, resolve};
use super::enums::{
    CentralityMeasure, EntityKind, EventKind, InstitutionKind, ProgrammeKind, RegionLevel,
    RelationType,
};
use super::objects::{
    Entity, Event, Handle, Institution, Node, PartialDate, Person, Programme, Project, Region,
    Source, Topic,
};
use super::page::{Page, paginate, paginate_parts};
use crate::Dataset;
use crate::model::{self, EntityDetails, Graph, NodeIndex};

/// The most regions `projects(partnersIn:)` takes: each is checked against every partner.
const MAX_PARTNER_REGIONS: usize = 8;

/// The entry points for lookups, lists and counts.
#[derive(Default)]
pub struct CoreQuery;

/// Keeps the entities of a kind that pass a filter, in name order.
fn filtered(
    graph: &Graph,
    kind: model::EntityKind,
    keep: impl Fn(NodeIndex) -> bool,
) -> Vec<NodeIndex> {
    graph
        .entities_of_kind(kind)
        .iter()
        .copied()
        .filter(|&i| keep(i))
        .collect()
}

/// Cuts a page of one kind's entities: from the stored name order when nothing filters them,
/// else from those `keep` keeps, found off the executor when the kind has many entities
/// (the rule of [`crate::cpu`]).
async fn page_of_kind<Node: async_graphql::OutputType>(
    data: &Arc<Dataset>,
    kind: model::EntityKind,
    filtering: bool,
    keep: impl Fn(&Graph, NodeIndex) -> bool + Send + 'static,
    (first, after): (Option<i32>, Option<String>),
    wrap: impl Fn(Handle) -> Node,
) -> Result<Page<Node>> {
    let wrap = |&i: &NodeIndex| wrap(Handle::new(data.clone(), i));
    let all = data.graph.entities_of_kind(kind);
    if !filtering {
        return paginate(all, first, after, wrap);
    }
    let shared = data.clone();
    let found = blocking_if_large(all.len(), move || {
        let graph = &shared.graph;
        filtered(graph, kind, |i| keep(graph, i))
    })
    .await?;
    paginate(&found, first, after, wrap)
}

/// The orders stored at load, as consecutive parts: one ranking, or one name order per kind.
fn stored_order(
    data: &Dataset,
    kind: Option<model::EntityKind>,
    order_by: Option<crate::analytics::Measure>,
) -> Vec<&[NodeIndex]> {
    match order_by {
        Some(measure) => vec![data.metrics.ranking(kind, measure)],
        None => match kind {
            Some(kind) => vec![data.graph.entities_of_kind(kind)],
            None => model::EntityKind::ALL
                .iter()
                .map(|&k| data.graph.entities_of_kind(k))
                .collect(),
        },
    }
}

fn focuses_on(graph: &Graph, entity: NodeIndex, topic: NodeIndex) -> bool {
    graph
        .linked(
            entity,
            model::Direction::Outgoing,
            model::RelationType::FocusesOn,
        )
        .contains(&topic)
}

/// How many entities there are of one kind.
#[derive(SimpleObject)]
pub struct KindCount {
    /// The kind.
    pub kind: EntityKind,
    /// The number of entities of that kind.
    pub count: usize,
}

/// How many relations there are of one type.
#[derive(SimpleObject)]
pub struct TypeCount {
    /// The relation type.
    #[graphql(name = "type")]
    pub rel_type: RelationType,
    /// The number of relations of that type.
    pub count: usize,
}

/// Counts over the whole graph.
#[derive(SimpleObject)]
pub struct Stats {
    /// The number of entities.
    pub entities: usize,
    /// The number of relations.
    pub relations: usize,
    /// The number of sources.
    pub sources: usize,
    /// Entities by kind, every kind listed.
    pub entities_by_kind: Vec<KindCount>,
    /// Relations by type, for the types that occur.
    pub relations_by_type: Vec<TypeCount>,
}

#[Object]
impl CoreQuery {
    /// The entity with this id (for example `region:cantabria`), or null if there is none.
    async fn entity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The entity's id, or the id of a record merged into it.")] id: ID,
    ) -> Result<Option<Entity>> {
        let data = dataset(ctx)?;
        Ok(data.graph.find(&id).map(|i| Entity::new(data, i)))
    }

    /// The object with this id, or null if there is none (Relay's node lookup).
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The object's id.")] id: ID,
    ) -> Result<Option<Node>> {
        let data = dataset(ctx)?;
        Ok(data.graph.find(&id).map(|i| Entity::new(data, i).into()))
    }

    /// All entities, optionally of one kind and present on one date, by kind and name, or from
    /// the most to the least central with `orderBy`.
    async fn entities(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only entities of this kind.")] kind: Option<EntityKind>,
        #[graphql(desc = "Sort by this centrality measure, highest first (ties by name).")]
        order_by: Option<CentralityMeasure>,
        #[graphql(
            desc = "Only entities present on this date (undated ones always are; see `docs/analysis.md`)."
        )]
        as_of: Option<PartialDate>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Start after this cursor.")] after: Option<String>,
    ) -> Result<Page<Entity>> {
        let data = dataset(ctx)?;
        let kind: Option<model::EntityKind> = kind.map(Into::into);
        let order_by: Option<crate::analytics::Measure> = order_by.map(Into::into);
        let wrap = |&i: &NodeIndex| Entity::new(data, i);
        let Some(as_of) = as_of else {
            // Every entity is present: the page is cut from the stored orders, with no work
            // that grows with the graph.
            return paginate_parts(&stored_order(data, kind, order_by), first, after, wrap);
        };
        // A date filter reads every entity of the list, off the executor when they are many.
        let steps = stored_order(data, kind, order_by)
            .iter()
            .map(|part| part.len())
            .sum();
        let shared = data.clone();
        let present = blocking_if_large(steps, move || {
            let present = crate::analytics::Filter {
                period: Some(crate::analytics::Period::at(as_of.0)),
                ..Default::default()
            };
            stored_order(&shared, kind, order_by)
                .iter()
                .flat_map(|part| part.iter().copied())
                .filter(|&i| present.allows_entity(&shared.graph, i, true))
                .collect::<Vec<NodeIndex>>()
        })
        .await?;
        paginate(&present, first, after, wrap)
    }

    /// Regions, optionally of one level and inside one region (transitively), by name.
    async fn regions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only regions of this level.")] level: Option<RegionLevel>,
        #[graphql(name = "in", desc = "Only regions inside this region, at any depth.")]
        within: Option<ID>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Start after this cursor.")] after: Option<String>,
    ) -> Result<Page<Region>> {
        let data = dataset(ctx)?;
        let graph = &data.graph;
        let within = within
            .map(|id| resolve(graph, "in", &id, Some(model::EntityKind::Region)))
            .transpose()?;
        let filtering = level.is_some() || within.is_some();
        let keep = move |graph: &Graph, i: NodeIndex| {
            level.is_none_or(|l| matches!(graph.entity(i).details, EntityDetails::Region { level: own, .. } if own == l.into()))
                && within.is_none_or(|r| r != i && graph.is_within(i, r))
        };
        page_of_kind(
            data,
            model::EntityKind::Region,
            filtering,
            keep,
            (first, after),
            Region,
        )
        .await
    }

    /// Institutions, optionally inside a region (transitively), of one kind, or working on a topic; by name.
    async fn institutions(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            name = "in",
            desc = "Only institutions inside this region, at any depth."
        )]
        within: Option<ID>,
        #[graphql(desc = "Only institutions of this kind.")] kind: Option<InstitutionKind>,
        #[graphql(desc = "Only institutions that work on this topic.")] topic: Option<ID>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Start after this cursor.")] after: Option<String>,
    ) -> Result<Page<Institution>> {
        let data = dataset(ctx)?;
        let graph = &data.graph;
        let within = within
            .map(|id| resolve(graph, "in", &id, Some(model::EntityKind::Region)))
            .transpose()?;
        let topic = topic
            .map(|id| resolve(graph, "topic", &id, Some(model::EntityKind::Topic)))
            .transpose()?;
        let filtering = kind.is_some() || within.is_some() || topic.is_some();
        let keep = move |graph: &Graph, i: NodeIndex| {
            kind.is_none_or(|k| matches!(graph.entity(i).details, EntityDetails::Institution { kind: own, .. } if own == k.into()))
                && within.is_none_or(|r| graph.is_within(i, r))
                && topic.is_none_or(|t| focuses_on(graph, i, t))
        };
        page_of_kind(
            data,
            model::EntityKind::Institution,
            filtering,
            keep,
            (first, after),
            Institution,
        )
        .await
    }

    /// People, optionally those holding a position at one institution, by name.
    async fn people(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only people with a position at this institution.")] at: Option<ID>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Start after this cursor.")] after: Option<String>,
    ) -> Result<Page<Person>> {
        let data = dataset(ctx)?;
        let graph = &data.graph;
        let at = at
            .map(|id| resolve(graph, "at", &id, Some(model::EntityKind::Institution)))
            .transpose()?;
        let keep = move |graph: &Graph, i: NodeIndex| {
            at.is_none_or(|a| {
                graph
                    .linked(
                        i,
                        model::Direction::Outgoing,
                        model::RelationType::HoldsPosition,
                    )
                    .contains(&a)
            })
        };
        page_of_kind(
            data,
            model::EntityKind::Person,
            at.is_some(),
            keep,
            (first, after),
            Person,
        )
        .await
    }

    /// Programmes, optionally of one kind, by name.
    async fn programmes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only programmes of this kind.")] kind: Option<ProgrammeKind>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Start after this cursor.")] after: Option<String>,
    ) -> Result<Page<Programme>> {
        let data = dataset(ctx)?;
        let keep = move |graph: &Graph, i: NodeIndex| {
            kind.is_none_or(|k| matches!(graph.entity(i).details, EntityDetails::Programme { kind: Some(own), .. } if own == k.into()))
        };
        page_of_kind(
            data,
            model::EntityKind::Programme,
            kind.is_some(),
            keep,
            (first, after),
            Programme,
        )
        .await
    }

    /// Projects, optionally under one programme, with one partner, on one topic, or with
    /// partners in given regions; by name.
    async fn projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only projects run under this programme.")] programme: Option<ID>,
        #[graphql(desc = "Only projects in which this institution or region is a partner.")]
        partner: Option<ID>,
        #[graphql(desc = "Only projects that work on this topic.")] topic: Option<ID>,
        #[graphql(
            desc = "Only projects with at least one partner inside each of these regions, at any depth (`[\"region:es-cb\", \"region:mexico\"]`: projects with partners in Cantabria and in Mexico); at most 8 regions."
        )]
        partners_in: Option<Vec<ID>>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Start after this cursor.")] after: Option<String>,
    ) -> Result<Page<Project>> {
        let data = dataset(ctx)?;
        let graph = &data.graph;
        let partners_in = partners_in.unwrap_or_default();
        if partners_in.len() > MAX_PARTNER_REGIONS {
            return Err(async_graphql::Error::new(format!(
                "`partnersIn` takes at most {MAX_PARTNER_REGIONS} regions; got {}",
                partners_in.len()
            )));
        }
        let regions = partners_in
            .iter()
            .map(|id| resolve(graph, "partnersIn", id, Some(model::EntityKind::Region)))
            .collect::<Result<Vec<_>>>()?;
        let programme = programme
            .map(|id| resolve(graph, "programme", &id, Some(model::EntityKind::Programme)))
            .transpose()?;
        let partner = partner
            .map(|id| resolve(graph, "partner", &id, None))
            .transpose()?;
        let topic = topic
            .map(|id| resolve(graph, "topic", &id, Some(model::EntityKind::Topic)))
            .transpose()?;
        let filtering =
            programme.is_some() || partner.is_some() || topic.is_some() || !regions.is_empty();
        let keep = move |graph: &Graph, i: NodeIndex| {
            programme.is_none_or(|p| {
                graph
                    .linked(
                        i,
                        model::Direction::Outgoing,
                        model::RelationType::UnderProgramme,
                    )
                    .contains(&p)
            }) && partner.is_none_or(|p| {
                graph
                    .linked(
                        i,
                        model::Direction::Incoming,
                        model::RelationType::PartnerIn,
                    )
                    .contains(&p)
            }) && topic.is_none_or(|t| focuses_on(graph, i, t))
                && regions.iter().all(|&region| {
                    graph
                        .linked(
                            i,
                            model::Direction::Incoming,
                            model::RelationType::PartnerIn,
                        )
                        .into_iter()
                        .any(|partner| graph.is_within(partner, region))
                })
        };
        page_of_kind(
            data,
            model::EntityKind::Project,
            filtering,
            keep,
            (first, after),
            Project,
        )
        .await
    }

    /// Topics, by name.
    async fn topics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Start after this cursor.")] after: Option<String>,
    ) -> Result<Page<Topic>> {
        let data = dataset(ctx)?;
        let all = data.graph.entities_of_kind(model::EntityKind::Topic);
        paginate(all, first, after, |&i| Topic(Handle::new(data.clone(), i)))
    }

    /// Events, optionally overlapping a period, inside a region (transitively), or of one
    /// kind; by start date, undated events last. An event with no date is left out when a
    /// period is given.
    async fn events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only events that end on or after this date.")] from: Option<PartialDate>,
        #[graphql(desc = "Only events that start on or before this date.")] to: Option<PartialDate>,
        #[graphql(name = "in", desc = "Only events inside this region, at any depth.")]
        within: Option<ID>,
        #[graphql(desc = "Only events of this kind.")] kind: Option<EventKind>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Start after this cursor.")] after: Option<String>,
    ) -> Result<Page<Event>> {
        let data = dataset(ctx)?;
        let graph = &data.graph;
        let within = within
            .map(|id| resolve(graph, "in", &id, Some(model::EntityKind::Region)))
            .transpose()?;
        let (from, to) = (from.map(|d| d.0), to.map(|d| d.0));
        // Sorted by date on every request, so off the executor when there are many events.
        let shared = data.clone();
        let events = graph.entities_of_kind(model::EntityKind::Event).len();
        let found = blocking_if_large(events, move || {
            let graph = &shared.graph;
            let mut found = filtered(graph, model::EntityKind::Event, |i| {
                let details = &graph.entity(i).details;
                // With a period, undated events are left out; dated ones by the one presence rule.
                ((from.is_none() && to.is_none())
                    || (details.is_dated() && details.present_in(&model::Period { from, to })))
                    && kind.is_none_or(|k| matches!(details, EntityDetails::Event { kind: own, .. } if *own == k.into()))
                    && within.is_none_or(|r| graph.is_within(i, r))
            });
            graph.sort_by_start(&mut found);
            found
        })
        .await?;
        paginate(&found, first, after, |&i| {
            Event(Handle::new(data.clone(), i))
        })
    }

    /// The source with this id, or null if there is none.
    async fn source(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The source's id, `source:<slug>`.")] id: ID,
    ) -> Result<Option<Source>> {
        let data = dataset(ctx)?;
        Ok(data
            .graph
            .find_source(&id)
            .map(|i| Source::new(data.clone(), i)))
    }

    /// Every source, in data order.
    async fn sources(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Start after this cursor.")] after: Option<String>,
    ) -> Result<Page<Source>> {
        let data = dataset(ctx)?;
        let indices: Vec<_> = (0..data.graph.sources().len() as u32)
            .map(model::SourceIndex)
            .collect();
        paginate(&indices, first, after, |&i| Source::new(data.clone(), i))
    }

    /// Counts of entities by kind and relations by type.
    async fn stats(&self, ctx: &Context<'_>) -> Result<Stats> {
        let data = dataset(ctx)?;
        // Counted once at load: the answer does not grow with the graph.
        let stats = &data.stats;
        Ok(Stats {
            entities: data.graph.entity_count(),
            relations: data.graph.relation_count(),
            sources: stats.sources,
            entities_by_kind: stats
                .entities_by_kind
                .iter()
                .map(|&(k, count)| KindCount {
                    kind: k.into(),
                    count,
                })
                .collect(),
            relations_by_type: stats
                .relations_by_type
                .iter()
                .map(|&(t, count)| TypeCount {
                    rel_type: t.into(),
                    count,
                })
                .collect(),
        })
    }
}
