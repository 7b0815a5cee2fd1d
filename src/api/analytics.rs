//! The network-analysis entry points: paths, neighbourhoods, connections, centrality,
//! components and communities, and partner suggestions.

use std::sync::Arc;

use async_graphql::{
    ComplexObject, Context, ErrorExtensions, ID, MergedObject, Object, Result, SimpleObject,
};

use super::args::{blocking, check_range, dataset, resolve};
use super::enums::{CentralityMeasure, EntityKind, RelationType};
use super::error::UserError;
use super::objects::{Entity, Institution, PartialDate, Relation, Topic};
use super::page::{MAX_PAGE_SIZE, Page, paginate};
use crate::Dataset;
use crate::analytics::{self, Filter, MAX_NEIGHBORHOOD_DEPTH, MAX_PATH_LENGTH, MAX_PATHS, Period};
use crate::model::{self, EdgeIndex, NodeIndex};

/// A chain of relations that explains how two entities are connected.
#[derive(SimpleObject)]
pub struct Path {
    /// The number of relations on the path.
    pub length: usize,
    /// The entities along the path, from `from` to `to`.
    pub entities: Vec<Entity>,
    /// The relations between consecutive entities, in order; each carries its sources.
    pub relations: Vec<Relation>,
}

impl Path {
    fn new(data: &Arc<Dataset>, path: &analytics::Path) -> Self {
        Path {
            length: path.len(),
            entities: entities(data, &path.entities),
            relations: relations(data, &path.relations),
        }
    }
}

fn entities(data: &Arc<Dataset>, indices: &[NodeIndex]) -> Vec<Entity> {
    indices.iter().map(|&i| Entity::new(data, i)).collect()
}

fn relations(data: &Arc<Dataset>, indices: &[EdgeIndex]) -> Vec<Relation> {
    indices
        .iter()
        .map(|&index| Relation {
            data: data.clone(),
            index,
        })
        .collect()
}

/// Some entities and every relation among them, ready to draw.
#[derive(SimpleObject)]
pub struct Subgraph {
    /// The entities: the centre first, then by distance.
    pub entities: Vec<Entity>,
    /// Every relation between two of the entities.
    pub relations: Vec<Relation>,
    /// Whether `limit` cut the neighbourhood short.
    pub truncated: bool,
}

/// An entity that two entities are both linked to.
#[derive(SimpleObject)]
pub struct SharedNeighbour {
    /// The common neighbour.
    pub entity: Entity,
    /// The relations between `a` and the common neighbour, each with its sources.
    pub via_a: Vec<Relation>,
    /// The relations between `b` and the common neighbour, each with its sources.
    pub via_b: Vec<Relation>,
}

/// The common neighbours of one kind.
#[derive(SimpleObject)]
pub struct SharedGroup {
    /// The kind of the common neighbours.
    pub kind: EntityKind,
    /// How many there are.
    pub count: usize,
    /// The common neighbours, by name.
    pub entities: Vec<SharedNeighbour>,
}

/// What links two entities.
#[derive(SimpleObject)]
pub struct Connections {
    /// The relations between the two entities, either way, each with its sources.
    pub direct: Vec<Relation>,
    /// The entities both are linked to (programmes, projects, events, topics, partners...),
    /// grouped by kind; kinds with none are left out. At most `limit` of them are listed over
    /// all groups, but each group's `count` counts them all.
    pub shared: Vec<SharedGroup>,
    /// Whether `limit` left some common neighbours out of `shared`.
    pub truncated: bool,
}

/// One place in a ranking.
#[derive(SimpleObject)]
pub struct Ranked {
    /// The place, from 1.
    pub rank: usize,
    /// The value of the measure ranked by.
    pub score: f64,
    /// The entity.
    pub entity: Entity,
}

/// A group of entities: a connected component or a community.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Group {
    /// The group's number: 0 is the largest.
    pub id: usize,
    /// How many entities it has.
    pub size: usize,
    #[graphql(skip)]
    data: Arc<Dataset>,
    #[graphql(skip)]
    grouping: Grouping,
}

/// Which of the groupings computed at load a [`Group`] belongs to.
#[derive(Clone, Copy)]
enum Grouping {
    Components,
    Communities,
}

impl Grouping {
    /// The groups, largest first, each with its members by name.
    fn of(self, data: &Dataset) -> &[Vec<NodeIndex>] {
        match self {
            Grouping::Components => data.metrics.components(),
            Grouping::Communities => data.metrics.communities(),
        }
    }
}

#[ComplexObject]
impl Group {
    /// The entities of the group, by name.
    async fn entities(
        &self,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Start after this cursor.")] after: Option<String>,
    ) -> Result<Page<Entity>> {
        // The members are read where the metrics keep them: a page, not a copy of the group.
        let groups = self.grouping.of(&self.data);
        let members = groups.get(self.id).map_or(&[][..], Vec::as_slice);
        paginate(members, first, after, |&i| Entity::new(&self.data, i))
    }
}

/// An institution suggested as a partner, with the reasons.
#[derive(SimpleObject)]
pub struct PartnerSuggestion {
    /// The suggested institution, from another region.
    pub institution: Institution,
    /// The topics both work on (their own, and those of the projects, programmes and events
    /// they take part in), by name.
    pub shared_topics: Vec<Topic>,
    /// How many relations apart they are.
    pub distance: usize,
    /// A shortest path between the two, with its sources.
    pub path: Path,
}

/// Builds a traversal filter from the filter arguments.
fn traversal_filter(
    relation_types: Option<Vec<RelationType>>,
    kinds: Option<Vec<EntityKind>>,
    as_of: Option<PartialDate>,
    since: Option<PartialDate>,
    until: Option<PartialDate>,
) -> Result<Filter> {
    let period = Period::from_arguments(as_of.map(|d| d.0), since.map(|d| d.0), until.map(|d| d.0))
        .map_err(|error| {
            UserError::BadDate {
                argument: error.argument(),
                message: error.to_string(),
            }
            .extend()
        })?;
    Ok(Filter {
        relation_types: relation_types.map(|t| t.into_iter().map(Into::into).collect()),
        kinds: kinds.map(|k| k.into_iter().map(Into::into).collect()),
        period,
    })
}

/// Declares resolvers that walk the graph under a [`Filter`], writing the filter arguments
/// (`relationTypes`, `kinds`, `asOf`, and `since` and `until` where the resolver names them)
/// with their descriptions after each resolver's own arguments (each followed by a comma),
/// and reading them into the `Filter` named after `where`: the one place these arguments are
/// declared. What `kinds` keeps differs between resolvers, so each gives its description.
/// Each resolver returns a `Result`, which the macro writes out itself so that async-graphql
/// sees it as one.
macro_rules! traversal_resolvers {
    (
        impl $query:ident {
            $(
                $(#[doc = $doc:tt])*
                async fn $name:ident(&$this:tt, $ctx:ident: &Context<'_>, $($arg:tt)*)
                    -> Result<$output:ty>
                where
                    $filter:ident: Filter(kinds = $kinds_doc:tt $(, $since:ident, $until:ident)?)
                $body:block
            )*
        }
    ) => {
        #[Object]
        impl $query {
            $(
                $(#[doc = $doc])*
                async fn $name(
                    &$this,
                    $ctx: &Context<'_>,
                    $($arg)*
                    #[graphql(desc = "Only relations of these types.")]
                    relation_types: Option<Vec<RelationType>>,
                    #[graphql(desc = $kinds_doc)]
                    kinds: Option<Vec<EntityKind>>,
                    #[graphql(
                        desc = "See the network as it stood on this date: only relations and \
                                entities present then."
                    )]
                    as_of: Option<PartialDate>,
                    $(
                        #[graphql(
                            desc = "Only relations and entities present at some time from this \
                                    date on."
                        )]
                        $since: Option<PartialDate>,
                        #[graphql(
                            desc = "Only relations and entities present at some time up to this \
                                    date."
                        )]
                        $until: Option<PartialDate>,
                    )?
                ) -> Result<$output> {
                    let $filter = traversal_filter(
                        relation_types,
                        kinds,
                        as_of,
                        Option::None $(.or($since))?,
                        Option::None $(.or($until))?,
                    )?;
                    $body
                }
            )*
        }
    };
}

/// The entry points for network analysis: traversals under a filter, and measures.
#[derive(MergedObject, Default)]
pub struct AnalyticsQuery(TraversalQuery, MeasureQuery);

/// The entry points that walk the graph under a filter: paths, neighbourhoods, connections.
#[derive(Default)]
pub struct TraversalQuery;

traversal_resolvers! {
    impl TraversalQuery {
        /// A shortest chain of relations (in either direction) between two entities, or null
        /// when none is at most `maxLength` long under the filters. When several chains are
        /// equally short, this is the first the search meets; `paths` lists them all.
        async fn path(
            &self,
            ctx: &Context<'_>,
            #[graphql(desc = "The entity the path starts at.")] from: ID,
            #[graphql(desc = "The entity the path ends at.")] to: ID,
            #[graphql(default = 6, desc = "The most relations the path may have, 1 to 10.")]
            max_length: i32,
        ) -> Result<Option<Path>>
        where
            filter: Filter(
                kinds = "Only pass through entities of these kinds (the two ends are always allowed).",
                since,
                until
            )
        {
            let data = dataset(ctx)?;
            let max_length = check_range("maxLength", max_length, 1, MAX_PATH_LENGTH)?;
            let from = resolve(&data.graph, "from", &from, None)?;
            let to = resolve(&data.graph, "to", &to, None)?;
            // A search that stays small runs where it is asked for; a larger one starts again
            // on the blocking pool (the rule of `crate::cpu`).
            let small = analytics::shortest_path_within(
                &data.graph,
                from,
                to,
                max_length,
                &filter,
                crate::cpu::INLINE_PATH_READS,
            );
            let found = match small {
                Ok(found) => found,
                Err(analytics::OverBudget) => {
                    let shared = data.clone();
                    blocking(move || {
                        analytics::shortest_path(&shared.graph, from, to, max_length, &filter)
                    })
                    .await?
                }
            };
            Ok(found.map(|path| Path::new(data, &path)))
        }

        /// Up to `first` shortest chains of relations between two entities that differ in
        /// their entities, shortest first (Yen's algorithm); empty when there is none under the
        /// filters.
        async fn paths(
            &self,
            ctx: &Context<'_>,
            #[graphql(desc = "The entity the paths start at.")] from: ID,
            #[graphql(desc = "The entity the paths end at.")] to: ID,
            #[graphql(default = 3, desc = "How many paths, 1 to 10.")] first: i32,
            #[graphql(default = 6, desc = "The most relations a path may have, 1 to 10.")]
            max_length: i32,
        ) -> Result<Vec<Path>>
        where
            filter: Filter(
                kinds = "Only pass through entities of these kinds (the two ends are always allowed).",
                since,
                until
            )
        {
            let data = dataset(ctx)?;
            let k = check_range("first", first, 1, MAX_PATHS)?;
            let max_length = check_range("maxLength", max_length, 1, MAX_PATH_LENGTH)?;
            let from = resolve(&data.graph, "from", &from, None)?;
            let to = resolve(&data.graph, "to", &to, None)?;
            let shared = data.clone();
            let found = blocking(move || {
                analytics::k_shortest_paths(&shared.graph, from, to, k, max_length, &filter)
            })
            .await?;
            Ok(found.iter().map(|path| Path::new(data, path)).collect())
        }

        /// The entities at most `depth` relations away from one entity (in either direction),
        /// and every relation among them, under the filters: a subgraph ready to draw.
        async fn neighborhood(
            &self,
            ctx: &Context<'_>,
            #[graphql(desc = "The centre.")] id: ID,
            #[graphql(default = 1, desc = "How many relations away, 1 to 3.")] depth: i32,
            #[graphql(default = 100, desc = "The most entities to return, 1 to 100.")] limit: i32,
        ) -> Result<Subgraph>
        where
            filter: Filter(
                kinds = "Only include entities of these kinds (the centre is always included).",
                since,
                until
            )
        {
            let data = dataset(ctx)?;
            let depth = check_range("depth", depth, 1, MAX_NEIGHBORHOOD_DEPTH)?;
            let limit = check_range("limit", limit, 1, MAX_PAGE_SIZE)?;
            let center = resolve(&data.graph, "id", &id, None)?;
            let shared = data.clone();
            let subgraph = blocking(move || {
                analytics::neighborhood(&shared.graph, center, depth, limit, &filter)
            })
            .await?;
            Ok(Subgraph {
                entities: entities(data, &subgraph.entities),
                relations: relations(data, &subgraph.relations),
                truncated: subgraph.truncated,
            })
        }

        /// What two entities share (the programmes, projects, events, topics and partners both
        /// are linked to, grouped by kind) and their direct relations, each with its sources.
        async fn connections(
            &self,
            ctx: &Context<'_>,
            #[graphql(desc = "The first entity.")] a: ID,
            #[graphql(desc = "The second entity.")] b: ID,
            #[graphql(
                default = 100,
                desc = "The most common neighbours to list over all groups, 1 to 100 (the first by kind, then name); `truncated` says whether some were left out, and each group's `count` counts them all."
            )]
            limit: i32,
        ) -> Result<Connections>
        where
            filter: Filter(kinds = "Only common neighbours of these kinds.")
        {
            let data = dataset(ctx)?;
            let limit = check_range("limit", limit, 1, MAX_PAGE_SIZE)?;
            let a = resolve(&data.graph, "a", &a, None)?;
            let b = resolve(&data.graph, "b", &b, None)?;
            // Reads every relation of both ends (a hub has hundreds of thousands) and counts
            // the common neighbours by kind, keeping the first `limit`.
            let shared = data.clone();
            let (direct, groups, truncated) = blocking(move || {
                let graph = &shared.graph;
                let found = analytics::connections(graph, a, b, &filter);
                let truncated = found.shared.len() > limit;
                let mut groups: Vec<(model::EntityKind, usize, Vec<analytics::Shared>)> =
                    Vec::new();
                for (position, item) in found.shared.into_iter().enumerate() {
                    let kind = graph.entity(item.entity).kind();
                    if groups.last().is_none_or(|group| group.0 != kind) {
                        groups.push((kind, 0, Vec::new()));
                    }
                    if let Some((_, count, listed)) = groups.last_mut() {
                        *count += 1;
                        if position < limit {
                            listed.push(item);
                        }
                    }
                }
                (found.direct, groups, truncated)
            })
            .await?;
            let shared = groups
                .into_iter()
                .map(|(kind, count, listed)| SharedGroup {
                    kind: kind.into(),
                    count,
                    entities: listed
                        .iter()
                        .map(|item| SharedNeighbour {
                            entity: Entity::new(data, item.entity),
                            via_a: relations(data, &item.via_a),
                            via_b: relations(data, &item.via_b),
                        })
                        .collect(),
                })
                .collect();
            Ok(Connections {
                direct: relations(data, &direct),
                shared,
                truncated,
            })
        }
    }
}

/// The entry points for measures over the whole graph: rankings, components, communities and
/// partner suggestions.
#[derive(Default)]
pub struct MeasureQuery;

#[Object]
impl MeasureQuery {
    /// The entities (optionally of one kind) with the highest value of a centrality measure,
    /// highest first; ties by name.
    async fn ranking(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only entities of this kind.")] kind: Option<EntityKind>,
        #[graphql(
            default_with = "CentralityMeasure::PageRank",
            desc = "The measure to rank by."
        )]
        by: CentralityMeasure,
        #[graphql(default = 10, desc = "How many, 1 to 100.")] first: i32,
    ) -> Result<Vec<Ranked>> {
        let data = dataset(ctx)?;
        let first = check_range("first", first, 1, MAX_PAGE_SIZE)?;
        let measure = by.into();
        Ok(data
            .metrics
            .ranking(kind.map(Into::into), measure)
            .iter()
            .copied()
            .take(first)
            .enumerate()
            .map(|(place, i)| Ranked {
                rank: place + 1,
                score: data.metrics.centrality(i).value(measure),
                entity: Entity::new(data, i),
            })
            .collect())
    }

    /// The connected components of the graph (relations taken both ways), largest first.
    async fn components(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 10, desc = "How many, 1 to 100.")] first: i32,
    ) -> Result<Vec<Group>> {
        let data = dataset(ctx)?;
        let first = check_range("first", first, 1, MAX_PAGE_SIZE)?;
        Ok(groups(data, Grouping::Components, first))
    }

    /// The communities found by the Louvain method (modularity, deterministic), largest first.
    async fn communities(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 10, desc = "How many, 1 to 100.")] first: i32,
    ) -> Result<Vec<Group>> {
        let data = dataset(ctx)?;
        let first = check_range("first", first, 1, MAX_PAGE_SIZE)?;
        Ok(groups(data, Grouping::Communities, first))
    }

    /// Institutions in other regions that work on the same topics and are close in the graph
    /// (at most 4 relations) but not yet directly linked, with the reasons: shared topics first,
    /// then the nearest.
    async fn suggest_partners(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The institution to find partners for.")] id: ID,
        #[graphql(desc = "Only partners that work on this topic.")] topic: Option<ID>,
        #[graphql(default = 10, desc = "How many, 1 to 100.")] first: i32,
    ) -> Result<Vec<PartnerSuggestion>> {
        let data = dataset(ctx)?;
        let first = check_range("first", first, 1, MAX_PAGE_SIZE)?;
        let institution = resolve(&data.graph, "id", &id, Some(model::EntityKind::Institution))?;
        let topic = topic
            .map(|t| resolve(&data.graph, "topic", &t, Some(model::EntityKind::Topic)))
            .transpose()?;
        // A walk of four relations from the institution, which meets much of a large graph.
        let shared = data.clone();
        let found =
            blocking(move || analytics::suggest_partners(&shared.graph, institution, topic, first))
                .await?;
        Ok(found
            .iter()
            .map(|s| PartnerSuggestion {
                institution: Institution::new(data, s.institution),
                shared_topics: s
                    .shared_topics
                    .iter()
                    .map(|&t| Topic::new(data, t))
                    .collect(),
                distance: s.path.len(),
                path: Path::new(data, &s.path),
            })
            .collect())
    }
}

fn groups(data: &Arc<Dataset>, grouping: Grouping, first: usize) -> Vec<Group> {
    grouping
        .of(data)
        .iter()
        .take(first)
        .enumerate()
        .map(|(id, members)| Group {
            id,
            size: members.len(),
            data: data.clone(),
            grouping,
        })
        .collect()
}
