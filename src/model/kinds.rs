//! The closed vocabularies of the graph: entity kinds, relation types and per-kind classifications.

use std::fmt;
use std::str::FromStr;

/// Declares a closed vocabulary as a Rust enum whose variants are spelled in snake_case in data files.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident ($what:literal) { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The spelling used in data files.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The accepted spellings, for error messages.
            pub fn expected() -> String {
                [$($text,)+].join(", ")
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownValue {
                        what: $what,
                        value: text.to_owned(),
                        expected: Self::expected(),
                    }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// A value that is not part of a closed vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{value}` (expected one of: {expected})")]
pub struct UnknownValue {
    /// What the vocabulary names, in words.
    pub what: &'static str,
    /// The rejected text.
    pub value: String,
    /// The accepted spellings, comma-separated.
    pub expected: String,
}

vocabulary! {
    /// The kind of an entity; it is also the prefix of the entity's id.
    EntityKind ("entity kind") {
        /// A country, region, province, city or named place.
        Region = "region",
        /// A government body, agency, university, company, cluster and so on.
        Institution = "institution",
        /// A named person.
        Person = "person",
        /// A funding or cooperation programme, strategy, policy instrument or platform.
        Programme = "programme",
        /// A project, or a pairing between regions.
        Project = "project",
        /// A theme: a sector, a field, a priority.
        Topic = "topic",
        /// A visit, meeting, exchange, conference or award, with dates and a place.
        Event = "event",
    }
}

vocabulary! {
    /// The type of a relation between two entities; read it as `from TYPE to`.
    RelationType ("relation type") {
        /// Is inside, or a sub-unit of, the target.
        PartOf = "part_of",
        /// Is based in, or takes place in, the target region.
        LocatedIn = "located_in",
        /// Is the government or authority of the target region.
        Governs = "governs",
        /// Works at the target institution, with the position as role.
        HoldsPosition = "holds_position",
        /// Is a partner in the target project or programme, with a role such as lead partner.
        PartnerIn = "partner_in",
        /// Is paired with the target region under a programme.
        PairedWith = "paired_with",
        /// Belongs to, or is run under, the target programme.
        UnderProgramme = "under_programme",
        /// Is funded or backed by the target.
        FundedBy = "funded_by",
        /// Works on, or is about, the target topic.
        FocusesOn = "focuses_on",
        /// Took part in the target event or project.
        ParticipatedIn = "participated_in",
        /// Visited the target; an event's stop carries the date in `start`.
        Visited = "visited",
        /// Hosted the target event.
        Hosted = "hosted",
        /// Organised the target event.
        Organised = "organised",
        /// Presented the target project or programme.
        Presented = "presented",
        /// Gave an award (named in role) to the target.
        Awarded = "awarded",
        /// Was selected or recognised as good practice by the target.
        RecognisedBy = "recognised_by",
        /// Was set up or carried out with help from the target.
        SupportedBy = "supported_by",
        /// Works together with the target.
        CollaboratesWith = "collaborates_with",
        /// Is, was or plans to be (see role) a member of the target.
        MemberOf = "member_of",
        /// Applies, or plans to apply, for funding from the target.
        SeeksFundingFrom = "seeks_funding_from",
        /// Brings a strategy, method or practice to the target.
        Contributes = "contributes",
        /// Is the next phase or successor of the target programme or project.
        Continues = "continues",
        /// Coordinates the target project or programme (a coordination unit, a lead body that
        /// does not take part as a partner).
        Coordinates = "coordinates",
        /// Owns or runs the target programme, strategy or project as its own.
        Runs = "runs",
        /// The programme or project covers the target region: the region is in its scope, not a
        /// partner.
        Covers = "covers",
        /// The project addresses the target programme as its policy instrument: it aims to
        /// improve it.
        Addresses = "addresses",
        /// Is represented at the target event by participants from it (a region whose
        /// organisations took part).
        RepresentedAt = "represented_at",
    }
}

vocabulary! {
    /// How large a region is.
    RegionLevel ("region level") {
        /// A group of countries or a world region.
        Supranational = "supranational",
        /// A sovereign country.
        Country = "country",
        /// A first-level region: a state, an autonomous community.
        Region = "region",
        /// A province or county.
        Province = "province",
        /// A city, town or municipality.
        City = "city",
        /// A named place that is not a settlement: a canyon, a site.
        Place = "place",
        /// A NUTS 1 region that is not also an ISO 3166-2 subdivision: a group of regions.
        Nuts1 = "nuts1",
        /// A NUTS 2 region that is not also an ISO 3166-2 subdivision.
        Nuts2 = "nuts2",
        /// A NUTS 3 region that is not also an ISO 3166-2 subdivision.
        Nuts3 = "nuts3",
    }
}

vocabulary! {
    /// What sort of body an institution is.
    InstitutionKind ("institution kind") {
        /// A government, ministry or public administration.
        Government = "government",
        /// A public agency or development company.
        Agency = "agency",
        /// A university.
        University = "university",
        /// A faculty or department of a university.
        Faculty = "faculty",
        /// A research centre.
        ResearchCentre = "research_centre",
        /// A school or training centre.
        EducationCentre = "education_centre",
        /// An innovation or technology campus, hub or centre.
        InnovationCentre = "innovation_centre",
        /// A company.
        Company = "company",
        /// A cluster organisation.
        Cluster = "cluster",
        /// An association or federation.
        Association = "association",
        /// A hospital.
        Hospital = "hospital",
        /// A chamber of commerce.
        Chamber = "chamber",
        /// A network of organisations.
        Network = "network",
        /// An international or supranational organisation.
        InternationalOrganisation = "international_organisation",
        /// An office inside a larger body.
        Office = "office",
        /// Anything else.
        Other = "other",
    }
}

vocabulary! {
    /// What sort of programme a programme is.
    ProgrammeKind ("programme kind") {
        /// A programme that pairs cities or regions for cooperation.
        CooperationProgramme = "cooperation_programme",
        /// A programme that funds projects.
        FundingProgramme = "funding_programme",
        /// A policy initiative.
        Initiative = "initiative",
        /// A regional or sectoral strategy.
        Strategy = "strategy",
        /// A policy instrument such as an operational programme.
        PolicyInstrument = "policy_instrument",
        /// A collaboration platform.
        Platform = "platform",
        /// Anything else.
        Other = "other",
    }
}

vocabulary! {
    /// What sort of event an event is.
    EventKind ("event kind") {
        /// A study visit by a delegation.
        StudyVisit = "study_visit",
        /// A visit, or one day or stop of a visit.
        Visit = "visit",
        /// A meeting.
        Meeting = "meeting",
        /// A staff exchange between project partners.
        StaffExchange = "staff_exchange",
        /// A conference or congress.
        Conference = "conference",
        /// An award.
        Award = "award",
        /// Anything else.
        Other = "other",
    }
}

vocabulary! {
    /// What sort of document a source is.
    SourceKind ("source kind") {
        /// A news item.
        News = "news",
        /// A case study.
        CaseStudy = "case_study",
        /// A news item published by a project.
        ProjectNews = "project_news",
        /// A presentation of a project partner.
        PartnerProfile = "partner_profile",
        /// A report.
        Report = "report",
        /// A published dataset or reference code list, read from a file.
        Dataset = "dataset",
        /// Anything else.
        Other = "other",
    }
}

impl EntityKind {
    /// The id prefix of entities of this kind, including the colon.
    pub fn id_prefix(self) -> &'static str {
        match self {
            EntityKind::Region => "region:",
            EntityKind::Institution => "institution:",
            EntityKind::Person => "person:",
            EntityKind::Programme => "programme:",
            EntityKind::Project => "project:",
            EntityKind::Topic => "topic:",
            EntityKind::Event => "event:",
        }
    }
}

impl RelationType {
    /// The entity kinds allowed at the `from` and `to` ends of this relation type.
    ///
    /// For `part_of`, [`RelationType::allows`] further restricts which pairs fit.
    pub fn endpoints(self) -> (&'static [EntityKind], &'static [EntityKind]) {
        use EntityKind::*;
        const ANY: &[EntityKind] = &[
            Region,
            Institution,
            Person,
            Programme,
            Project,
            Topic,
            Event,
        ];
        match self {
            RelationType::PartOf => (
                &[Region, Institution, Event, Project, Programme],
                &[Region, Institution, Event, Project, Programme],
            ),
            RelationType::LocatedIn => (&[Institution, Event, Project, Person], &[Region]),
            RelationType::Governs => (&[Institution], &[Region]),
            RelationType::HoldsPosition => (&[Person], &[Institution]),
            RelationType::PartnerIn => (&[Institution, Region], &[Project, Programme]),
            RelationType::PairedWith => (&[Region], &[Region]),
            RelationType::UnderProgramme => (&[Project, Event], &[Programme]),
            RelationType::FundedBy => (&[Project, Programme], &[Programme, Institution]),
            RelationType::FocusesOn => (ANY, &[Topic]),
            RelationType::ParticipatedIn => {
                (&[Person, Institution, Region], &[Event, Project, Programme])
            }
            RelationType::Visited => (
                &[Event, Person, Institution, Region],
                &[Institution, Region],
            ),
            RelationType::Hosted | RelationType::Organised => (&[Institution, Region], &[Event]),
            RelationType::Presented => (&[Institution, Person], &[Project, Programme]),
            RelationType::Awarded => (&[Event, Institution], &[Project, Institution]),
            RelationType::RecognisedBy => (&[Project, Institution], &[Institution, Programme]),
            RelationType::SupportedBy => (&[Project, Institution, Event], &[Institution]),
            RelationType::CollaboratesWith => (&[Institution, Region], &[Institution, Region]),
            RelationType::MemberOf => (&[Institution, Region], &[Institution, Programme]),
            RelationType::SeeksFundingFrom => (&[Project, Region], &[Institution, Programme]),
            RelationType::Contributes => (
                &[Institution, Region, Programme, Project],
                &[Programme, Project],
            ),
            RelationType::Continues => (&[Programme, Project], &[Programme, Project]),
            RelationType::Coordinates => (&[Institution, Person], &[Project, Programme]),
            RelationType::Runs => (&[Institution, Region], &[Programme, Project]),
            RelationType::Covers => (&[Programme, Project], &[Region]),
            RelationType::Addresses => (&[Project], &[Programme]),
            RelationType::RepresentedAt => (&[Region], &[Event]),
        }
    }

    /// Whether a relation of this type may go from an entity of one kind to one of another.
    ///
    /// `part_of` links like to like (a region to a region, an event to an event), and also
    /// an event to the project or programme it belongs to, and a project to a programme.
    pub fn allows(self, from: EntityKind, to: EntityKind) -> bool {
        use EntityKind::*;
        let (from_kinds, to_kinds) = self.endpoints();
        let listed = from_kinds.contains(&from) && to_kinds.contains(&to);
        match self {
            RelationType::PartOf => {
                listed
                    && (from == to
                        || matches!(
                            (from, to),
                            (Event, Project | Programme) | (Project, Programme)
                        ))
            }
            _ => listed,
        }
    }

    /// The allowed kinds in words, for error messages: `person to institution`.
    pub fn describe_endpoints(self) -> String {
        let list = |kinds: &[EntityKind]| {
            kinds
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join("/")
        };
        match self {
            RelationType::PartOf => {
                "a region, institution, event, project or programme to one of the same kind, \
                 an event to a project or programme, or a project to a programme"
                    .to_owned()
            }
            _ => {
                let (from, to) = self.endpoints();
                format!("{} to {}", list(from), list(to))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_round_trip_through_their_spelling() {
        for kind in RelationType::ALL {
            assert_eq!(kind.as_str().parse::<RelationType>(), Ok(*kind));
        }
        let error = "friend_of".parse::<RelationType>().unwrap_err();
        assert!(error.to_string().contains("part_of, located_in"), "{error}");
    }

    #[test]
    fn part_of_links_like_to_like() {
        use EntityKind::*;
        assert!(RelationType::PartOf.allows(Region, Region));
        assert!(RelationType::PartOf.allows(Event, Project));
        assert!(!RelationType::PartOf.allows(Region, Institution));
        assert!(!RelationType::PartOf.allows(Programme, Project));
        assert!(RelationType::HoldsPosition.allows(Person, Institution));
        assert!(!RelationType::HoldsPosition.allows(Region, Institution));
    }
}
