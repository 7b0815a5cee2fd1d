//! GraphQL enums mirroring the model's closed vocabularies and the analytics' measures.

use async_graphql::Enum;

use crate::model;

/// The kind of an entity.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::EntityKind")]
pub enum EntityKind {
    /// A country, region, province, city or named place.
    Region,
    /// A government body, agency, university, company, cluster and so on.
    Institution,
    /// A named person.
    Person,
    /// A funding or cooperation programme, strategy, policy instrument or platform.
    Programme,
    /// A project, or a pairing between regions.
    Project,
    /// A theme: a sector, a field, a priority.
    Topic,
    /// A visit, meeting, exchange, conference or award, with dates and a place.
    Event,
}

/// The type of a relation; read it as `from TYPE to`.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::RelationType")]
pub enum RelationType {
    /// `from` is inside, or a sub-unit of, `to`.
    PartOf,
    /// `from` is based in, or takes place in, the region `to`.
    LocatedIn,
    /// `from` is the government or authority of the region `to`.
    Governs,
    /// The person `from` works at `to`, with the position as role.
    HoldsPosition,
    /// `from` is a partner in the project or programme `to`, with a role such as lead partner.
    PartnerIn,
    /// The region `from` is paired with the region `to` under a programme (see role).
    PairedWith,
    /// `from` belongs to, or is run under, the programme `to`.
    UnderProgramme,
    /// `from` is funded or backed by `to`.
    FundedBy,
    /// `from` works on, or is about, the topic `to`.
    FocusesOn,
    /// `from` took part in the event, project or programme `to`.
    ParticipatedIn,
    /// `from` visited `to`; a visit's stop carries its date in `start`.
    Visited,
    /// `from` hosted the event `to`.
    Hosted,
    /// `from` organised the event `to`.
    Organised,
    /// `from` presented the project or programme `to`.
    Presented,
    /// `from` gave an award (named in role) to `to`.
    Awarded,
    /// `from` was selected or recognised as good practice by `to`.
    RecognisedBy,
    /// `from` was set up or carried out with help from `to`.
    SupportedBy,
    /// `from` works together with `to`.
    CollaboratesWith,
    /// `from` is, was or plans to be (see role) a member of `to`.
    MemberOf,
    /// `from` applies, or plans to apply, for funding from `to`.
    SeeksFundingFrom,
    /// `from` brings a strategy, method or practice to `to`.
    Contributes,
    /// `from` is the next phase or successor of the programme or project `to`.
    Continues,
    /// `from` coordinates the project or programme `to` (without being a partner in it).
    Coordinates,
    /// `from` owns or runs the programme, strategy or project `to` as its own.
    Runs,
    /// The programme or project `from` covers the region `to`: the region is in its scope.
    Covers,
    /// The project `from` addresses the programme `to` as its policy instrument.
    Addresses,
    /// The region `from` is represented at the event `to` by participants from it.
    RepresentedAt,
}

/// How large a region is.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::RegionLevel")]
pub enum RegionLevel {
    /// A group of countries or a world region.
    Supranational,
    /// A sovereign country.
    Country,
    /// A first-level region: a state, an autonomous community.
    Region,
    /// A province or county.
    Province,
    /// A city, town or municipality.
    City,
    /// A named place that is not a settlement: a canyon, a site.
    Place,
    /// A NUTS 1 region that is not also an ISO 3166-2 subdivision: a group of regions.
    #[graphql(name = "NUTS1")]
    Nuts1,
    /// A NUTS 2 region that is not also an ISO 3166-2 subdivision.
    #[graphql(name = "NUTS2")]
    Nuts2,
    /// A NUTS 3 region that is not also an ISO 3166-2 subdivision.
    #[graphql(name = "NUTS3")]
    Nuts3,
}

/// What sort of body an institution is.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::InstitutionKind")]
pub enum InstitutionKind {
    /// A government, ministry or public administration.
    Government,
    /// A public agency or development company.
    Agency,
    /// A university.
    University,
    /// A faculty or department of a university.
    Faculty,
    /// A research centre.
    ResearchCentre,
    /// A school or training centre.
    EducationCentre,
    /// An innovation or technology campus, hub or centre.
    InnovationCentre,
    /// A company.
    Company,
    /// A cluster organisation.
    Cluster,
    /// An association or federation.
    Association,
    /// A hospital.
    Hospital,
    /// A chamber of commerce.
    Chamber,
    /// A network of organisations.
    Network,
    /// An international or supranational organisation.
    InternationalOrganisation,
    /// An office inside a larger body.
    Office,
    /// Anything else.
    Other,
}

/// What sort of programme a programme is.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::ProgrammeKind")]
pub enum ProgrammeKind {
    /// A programme that pairs cities or regions for cooperation.
    CooperationProgramme,
    /// A programme that funds projects.
    FundingProgramme,
    /// A policy initiative.
    Initiative,
    /// A regional or sectoral strategy.
    Strategy,
    /// A policy instrument such as an operational programme.
    PolicyInstrument,
    /// A collaboration platform.
    Platform,
    /// Anything else.
    Other,
}

/// What sort of event an event is.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::EventKind")]
pub enum EventKind {
    /// A study visit by a delegation.
    StudyVisit,
    /// A visit, or one day or stop of a visit.
    Visit,
    /// A meeting.
    Meeting,
    /// A staff exchange between project partners.
    StaffExchange,
    /// A conference or congress.
    Conference,
    /// An award.
    Award,
    /// Anything else.
    Other,
}

/// What sort of document a source is.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::SourceKind")]
pub enum SourceKind {
    /// A news item.
    News,
    /// A case study.
    CaseStudy,
    /// A news item published by a project.
    ProjectNews,
    /// A presentation of a project partner.
    PartnerProfile,
    /// A report.
    Report,
    /// A published dataset or reference code list, read from a file.
    Dataset,
    /// Anything else.
    Other,
}

/// A scheme of external identifiers: the codes other datasets use for an entity.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::ExternalIdScheme")]
pub enum ExternalIdScheme {
    /// ISO 3166: an ISO 3166-1 alpha-2 country code (`ES`) or an ISO 3166-2 subdivision code
    /// (`ES-CB`), as in Debian's iso-codes.
    #[graphql(name = "ISO_3166")]
    Iso3166,
    /// Eurostat's NUTS classification: a country code and one character per level (`ES`,
    /// `ES1`, `ES13`, `ES130`); the EU writes `EL` for Greece and `UK` for the United Kingdom.
    Nuts,
    /// The EU's Participant Identification Code of an organisation: nine digits (CORDIS's
    /// `organisationID`).
    Pic,
    /// A CORDIS project id: digits (`101056813`).
    CordisProject,
    /// A keep.eu project id: digits.
    KeepProject,
    /// An EU Knowledge Graph item as Kohesio uses it: `Q` and digits (`Q2546841`).
    Kohesio,
}

/// Which relations of an entity to follow.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[graphql(remote = "model::Direction")]
pub enum Direction {
    /// Relations that start at the entity (`from` is the entity).
    #[graphql(name = "OUT")]
    Outgoing,
    /// Relations that end at the entity (`to` is the entity).
    #[graphql(name = "IN")]
    Incoming,
    /// Both.
    #[default]
    Both,
}

/// A centrality measure to rank entities by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CentralityMeasure {
    /// The number of relations.
    Degree,
    /// Betweenness: how often the entity lies on shortest paths between others.
    Betweenness,
    /// PageRank over the directed relations.
    PageRank,
}

impl From<CentralityMeasure> for crate::analytics::Measure {
    fn from(measure: CentralityMeasure) -> Self {
        match measure {
            CentralityMeasure::Degree => crate::analytics::Measure::Degree,
            CentralityMeasure::Betweenness => crate::analytics::Measure::Betweenness,
            CentralityMeasure::PageRank => crate::analytics::Measure::PageRank,
        }
    }
}
