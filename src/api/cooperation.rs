//! Cooperation in numbers over GraphQL: `aggregate` (counts and sums of participations by
//! region, year, programme, role, kind or organisation), `cooperation` (the matrix of regions
//! linked by shared projects) and `collaborators`. Thin wrappers over
//! [`crate::analytics::cooperation`].

use std::sync::Arc;

use async_graphql::{
    Context, Description, Enum, ErrorExtensions, ID, Object, Result, SimpleObject,
};

use super::args::{blocking, dataset};
use super::enums::InstitutionKind;
use super::error::UserError;
use super::objects::{Entity, Project, Region};
use super::page::{Page, paginate};
use crate::Dataset;
use crate::analytics::cooperation::{self as coop, Dimension as CoreDimension, Key, Scale};
use crate::model::NodeIndex;

/// What participations are grouped by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// The organisation's country.
    Country,
    /// The organisation's NUTS 1 region (outside NUTS: its first-level ISO 3166-2 subdivision).
    #[graphql(name = "NUTS1")]
    Nuts1,
    /// The organisation's NUTS 2 region (outside NUTS: its first-level ISO 3166-2 subdivision).
    #[graphql(name = "NUTS2")]
    Nuts2,
    /// The organisation's NUTS 3 region (outside NUTS: its second-level ISO 3166-2 subdivision).
    #[graphql(name = "NUTS3")]
    Nuts3,
    /// The year the project started.
    Year,
    /// The project's programme.
    Programme,
    /// The organisation's role in the project, as the data names it.
    Role,
    /// The organisation's kind.
    InstitutionKind,
    /// The organisation itself.
    Organisation,
}

impl From<Dimension> for CoreDimension {
    fn from(dimension: Dimension) -> Self {
        match dimension {
            Dimension::Country => CoreDimension::Region(Scale::Country),
            Dimension::Nuts1 => CoreDimension::Region(Scale::Nuts1),
            Dimension::Nuts2 => CoreDimension::Region(Scale::Nuts2),
            Dimension::Nuts3 => CoreDimension::Region(Scale::Nuts3),
            Dimension::Year => CoreDimension::Year,
            Dimension::Programme => CoreDimension::Programme,
            Dimension::Role => CoreDimension::Role,
            Dimension::InstitutionKind => CoreDimension::InstitutionKind,
            Dimension::Organisation => CoreDimension::Organisation,
        }
    }
}

/// The scale at which regions are counted.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionScale {
    /// Countries.
    Country,
    /// NUTS 1 regions (outside NUTS: first-level ISO 3166-2 subdivisions).
    #[graphql(name = "NUTS1")]
    Nuts1,
    /// NUTS 2 regions (outside NUTS: first-level ISO 3166-2 subdivisions).
    #[graphql(name = "NUTS2")]
    Nuts2,
    /// NUTS 3 regions (outside NUTS: second-level ISO 3166-2 subdivisions).
    #[graphql(name = "NUTS3")]
    Nuts3,
}

impl From<RegionScale> for Scale {
    fn from(scale: RegionScale) -> Self {
        match scale {
            RegionScale::Country => Scale::Country,
            RegionScale::Nuts1 => Scale::Nuts1,
            RegionScale::Nuts2 => Scale::Nuts2,
            RegionScale::Nuts3 => Scale::Nuts3,
        }
    }
}

/// A sum of amounts in euros over participations, and how many of them state one: an amount
/// the data does not give is unknown, not zero.
#[derive(SimpleObject, Debug, Clone, Copy)]
pub struct Amount {
    /// The sum of the amounts the data states, in EUR; null when none states one.
    pub sum: Option<f64>,
    /// How many participations state an amount.
    pub known: usize,
    /// How many participations state none (left out of the sum).
    pub missing: usize,
}

impl From<coop::Sum> for Amount {
    fn from(sum: coop::Sum) -> Self {
        Amount {
            sum: (sum.known > 0).then_some(sum.sum),
            known: sum.known,
            missing: sum.missing,
        }
    }
}

/// One dimension's value for a group.
#[derive(Description)]
pub struct GroupKey {
    dimension: Dimension,
    key: Key,
    data: Arc<Dataset>,
}

#[Object(use_type_description)]
impl GroupKey {
    /// The dimension.
    async fn dimension(&self) -> Dimension {
        self.dimension
    }

    /// The value: a year (`2021`), a role (`coordinator`), a kind (`UNIVERSITY`) or an entity's
    /// id; null when the data does not say (no start date, no region at that scale).
    async fn value(&self) -> Option<String> {
        match &self.key {
            Key::Entity(index) => Some(self.data.graph.entity(*index).id.clone()),
            Key::Year(year) => Some(year.to_string()),
            Key::Text(text) => Some(text.to_string()),
            Key::Kind(kind) => {
                match async_graphql::InputType::to_value(&InstitutionKind::from(*kind)) {
                    async_graphql::Value::Enum(name) => Some(name.to_string()),
                    _ => None,
                }
            }
            Key::Unknown => None,
        }
    }

    /// The region, programme or organisation, for dimensions whose values are entities.
    async fn entity(&self) -> Option<Entity> {
        match self.key {
            Key::Entity(index) => Some(Entity::new(&self.data, index)),
            _ => None,
        }
    }
}

/// A group of participations (an institution `partner_in` a project) and what it counts.
#[derive(Description)]
pub struct ParticipationGroup {
    dimensions: Arc<[Dimension]>,
    group: coop::Group,
    data: Arc<Dataset>,
}

#[Object(use_type_description)]
impl ParticipationGroup {
    /// The group's value of each dimension asked for, in the order asked.
    async fn keys(&self) -> Vec<GroupKey> {
        self.dimensions
            .iter()
            .zip(&self.group.keys)
            .map(|(&dimension, key)| GroupKey {
                dimension,
                key: key.clone(),
                data: self.data.clone(),
            })
            .collect()
    }

    /// The number of distinct projects in the group.
    async fn projects(&self) -> usize {
        self.group.projects
    }

    /// The number of participations (one per organisation, project and role).
    async fn participations(&self) -> usize {
        self.group.participations
    }

    /// The number of distinct organisations in the group.
    async fn organisations(&self) -> usize {
        self.group.organisations
    }

    /// The participations' EU contributions (the `EU contribution` figure of each
    /// `partner_in` relation).
    async fn eu_contribution(&self) -> Amount {
        self.group.eu_contribution.into()
    }

    /// The participations' total costs (the `total cost` figure of each `partner_in`
    /// relation).
    async fn total_cost(&self) -> Amount {
        self.group.total_cost.into()
    }
}

/// Two regions linked by projects with partners in both; the same region twice for projects
/// with two or more partner organisations in it (cooperation within the region).
#[derive(Description)]
pub struct CooperationLink {
    link: coop::Link,
    data: Arc<Dataset>,
}

#[Object(use_type_description)]
impl CooperationLink {
    /// One region.
    async fn a(&self) -> Region {
        Region::new(&self.data, self.link.a)
    }

    /// The other region (the same as `a` for cooperation within a region).
    async fn b(&self) -> Region {
        Region::new(&self.data, self.link.b)
    }

    /// The projects with partners in both regions, each counted once.
    async fn projects(&self) -> usize {
        self.link.projects
    }

    /// The participations, in those projects, of the partners in either region.
    async fn participations(&self) -> usize {
        self.link.participations
    }

    /// The EU contributions of those participations.
    async fn eu_contribution(&self) -> Amount {
        self.link.eu_contribution.into()
    }
}

/// A region's part in the cooperation matrix.
#[derive(Description)]
pub struct CooperationRegion {
    totals: coop::RegionTotals,
    data: Arc<Dataset>,
}

#[Object(use_type_description)]
impl CooperationRegion {
    /// The region.
    async fn region(&self) -> Region {
        Region::new(&self.data, self.totals.region)
    }

    /// The projects with at least one partner in the region.
    async fn projects(&self) -> usize {
        self.totals.projects
    }

    /// The distinct partner organisations in the region.
    async fn organisations(&self) -> usize {
        self.totals.organisations
    }

    /// The participations of organisations in the region.
    async fn participations(&self) -> usize {
        self.totals.participations
    }

    /// The EU contributions of those participations.
    async fn eu_contribution(&self) -> Amount {
        self.totals.eu_contribution.into()
    }
}

/// The cooperation matrix at one scale: regions linked by the projects that have partners in
/// both.
#[derive(Description)]
pub struct Cooperation {
    matrix: Arc<coop::Matrix>,
    data: Arc<Dataset>,
}

#[Object(use_type_description)]
impl Cooperation {
    /// The links between regions, most projects first (ties by name).
    async fn links(
        &self,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Start after this cursor.")] after: Option<String>,
    ) -> Result<Page<CooperationLink>> {
        paginate(&self.matrix.links, first, after, |link| CooperationLink {
            link: link.clone(),
            data: self.data.clone(),
        })
    }

    /// The regions with partners, most projects first (ties by name).
    async fn regions(
        &self,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Start after this cursor.")] after: Option<String>,
    ) -> Result<Page<CooperationRegion>> {
        paginate(&self.matrix.regions, first, after, |totals| {
            CooperationRegion {
                totals: totals.clone(),
                data: self.data.clone(),
            }
        })
    }
}

/// A partner of an organisation or a region, and the projects they share.
#[derive(Description)]
pub struct Collaborator {
    collaborator: coop::Collaborator,
    data: Arc<Dataset>,
}

#[Object(use_type_description)]
impl Collaborator {
    /// The partner: an organisation, or a region at the scale asked for.
    async fn entity(&self) -> Entity {
        Entity::new(&self.data, self.collaborator.entity)
    }

    /// The number of projects shared.
    async fn shared_projects(&self) -> usize {
        self.collaborator.projects.len()
    }

    /// The projects shared.
    #[graphql(deprecation = "Unpaged: use `projectsPage`, the same list a page at a time.")]
    async fn projects(&self) -> Vec<Project> {
        self.collaborator
            .projects
            .iter()
            .map(|&index| Project::new(&self.data, index))
            .collect()
    }

    /// The projects shared, a page at a time.
    async fn projects_page(
        &self,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Start after this cursor.")] after: Option<String>,
    ) -> Result<Page<Project>> {
        // A page of what `collaborators` computed on the pool: the work is the page's.
        paginate(&self.collaborator.projects, first, after, |&index| {
            Project::new(&self.data, index)
        })
    }
}

/// The entry points of cooperation in numbers.
#[derive(Default)]
pub struct CooperationQuery;

/// Reads the filter arguments shared by the three entry points.
fn filter(
    data: &Dataset,
    region: Option<ID>,
    programme: Option<ID>,
    organisation: Option<ID>,
    from: Option<i32>,
    to: Option<i32>,
    topic: Option<ID>,
) -> Result<coop::Filter> {
    let args = coop::FilterArgs {
        region: region.map(|id| id.0),
        programme: programme.map(|id| id.0),
        organisation: organisation.map(|id| id.0),
        from: from.map(i64::from),
        to: to.map(i64::from),
        topic: topic.map(|id| id.0),
    };
    args.resolve(&data.graph).map_err(user_error)
}

/// A question's bad argument as the API's user error.
fn user_error(error: coop::ArgumentError) -> async_graphql::Error {
    match error {
        coop::ArgumentError::UnknownEntity { argument, id } => {
            UserError::UnknownEntity { argument, id }.extend()
        }
        other => async_graphql::Error::new(other.to_string())
            .extend_with(|_, e| e.set("code", "BAD_ARGUMENT")),
    }
}

#[Object]
impl CooperationQuery {
    /// Counts and sums of participations (an institution `partner_in` a project), grouped by
    /// the dimensions asked (all of them at once: `[COUNTRY, YEAR]` gives one group per
    /// country and year). Each group counts each project and organisation once; sums say how
    /// many participations had no amount. Groups with most projects first.
    async fn aggregate(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The dimensions to group by, one to four.")] group_by: Vec<Dimension>,
        #[graphql(
            name = "in",
            desc = "Only participations of organisations inside this region, at any depth."
        )]
        region: Option<ID>,
        #[graphql(desc = "Only projects under this programme.")] programme: Option<ID>,
        #[graphql(desc = "Only projects this organisation takes part in.")] organisation: Option<
            ID,
        >,
        #[graphql(desc = "Only projects that started in or after this year.")] from: Option<i32>,
        #[graphql(desc = "Only projects that started in or before this year.")] to: Option<i32>,
        #[graphql(desc = "Only projects that focus on this topic.")] topic: Option<ID>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Start after this cursor.")] after: Option<String>,
    ) -> Result<Page<ParticipationGroup>> {
        let data = dataset(ctx)?.clone();
        let filter = filter(&data, region, programme, organisation, from, to, topic)?;
        let dimensions: Arc<[Dimension]> = group_by.into();
        let core: Vec<CoreDimension> = dimensions.iter().map(|&d| d.into()).collect();
        coop::check_dimensions(&core).map_err(user_error)?;
        let work = data.clone();
        let groups =
            blocking(move || work.participations.aggregate(&work.graph, &core, &filter)).await?;
        paginate(&groups, first, after, |group| ParticipationGroup {
            dimensions: dimensions.clone(),
            group: group.clone(),
            data: data.clone(),
        })
    }

    /// The cooperation matrix: pairs of regions at a scale linked by the projects that have
    /// partners in both (each project counted once per pair), and each region's totals.
    async fn cooperation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The scale of the regions.")] level: RegionScale,
        #[graphql(
            name = "in",
            desc = "Only projects with a partner inside this region, at any depth."
        )]
        region: Option<ID>,
        #[graphql(desc = "Only projects under this programme.")] programme: Option<ID>,
        #[graphql(desc = "Only projects this organisation takes part in.")] organisation: Option<
            ID,
        >,
        #[graphql(desc = "Only projects that started in or after this year.")] from: Option<i32>,
        #[graphql(desc = "Only projects that started in or before this year.")] to: Option<i32>,
        #[graphql(desc = "Only projects that focus on this topic.")] topic: Option<ID>,
    ) -> Result<Cooperation> {
        let data = dataset(ctx)?.clone();
        let filter = filter(&data, region, programme, organisation, from, to, topic)?;
        let work = data.clone();
        let matrix = blocking(move || {
            work.participations
                .cooperation(&work.graph, level.into(), &filter)
        })
        .await?;
        Ok(Cooperation { matrix, data })
    }

    /// The partners of an organisation (other organisations, or with `level` their regions)
    /// or of a region (other regions at `level`, countries by default), ranked by the number
    /// of projects shared.
    async fn collaborators(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "An institution or a region.")] id: ID,
        #[graphql(desc = "Count partners as their regions at this scale.")] level: Option<
            RegionScale,
        >,
        #[graphql(desc = "Only projects under this programme.")] programme: Option<ID>,
        #[graphql(desc = "Only projects that started in or after this year.")] from: Option<i32>,
        #[graphql(desc = "Only projects that started in or before this year.")] to: Option<i32>,
        #[graphql(desc = "Only projects that focus on this topic.")] topic: Option<ID>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Start after this cursor.")] after: Option<String>,
    ) -> Result<Page<Collaborator>> {
        let data = dataset(ctx)?.clone();
        let entity: NodeIndex = coop::partner_entity(&data.graph, &id).map_err(user_error)?;
        let filter = filter(&data, None, programme, None, from, to, topic)?;
        let work = data.clone();
        let scale = level.map(Scale::from);
        let collaborators = blocking(move || {
            work.participations
                .collaborators(&work.graph, entity, scale, &filter)
        })
        .await?;
        paginate(&collaborators, first, after, |collaborator| Collaborator {
            collaborator: collaborator.clone(),
            data: data.clone(),
        })
    }
}
