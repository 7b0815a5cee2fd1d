//! The questions' arguments as text (from GraphQL or a URL), read once for both: ids resolved,
//! years checked, dimension and scale names parsed.

use std::str::FromStr;

use super::{Dimension, Filter, Scale};
use crate::model::{EntityKind, Graph, NodeIndex};

/// Why a question's arguments cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArgumentError {
    /// An id that names no entity.
    #[error("`{argument}`: no entity has the id `{id}`")]
    UnknownEntity {
        /// The argument.
        argument: &'static str,
        /// The id given.
        id: String,
    },
    /// An id that names an entity of another kind.
    #[error("`{argument}` needs {expected}, but `{id}` is a {actual}")]
    WrongKind {
        /// The argument.
        argument: &'static str,
        /// The id given.
        id: String,
        /// What is needed, in words.
        expected: &'static str,
        /// The kind found.
        actual: &'static str,
    },
    /// A year out of range.
    #[error("`{argument}` must be a year from 1000 to 9999; got {year}")]
    BadYear {
        /// The argument.
        argument: &'static str,
        /// The year given.
        year: i64,
    },
    /// Years in the wrong order.
    #[error("`from` ({from}) is after `to` ({to})")]
    ReversedYears {
        /// The first year.
        from: u16,
        /// The last year.
        to: u16,
    },
    /// Too few or too many dimensions.
    #[error("`groupBy` takes one to four dimensions; got {0}")]
    Dimensions(usize),
    /// A name that is not a dimension or a scale.
    #[error("`{argument}`: unknown value `{value}` (expected one of: {expected})")]
    UnknownName {
        /// The argument.
        argument: &'static str,
        /// The value given.
        value: String,
        /// The names accepted.
        expected: &'static str,
    },
}

/// The filters of a question, as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterArgs {
    /// A region id (`in`).
    pub region: Option<String>,
    /// A programme id.
    pub programme: Option<String>,
    /// An institution id.
    pub organisation: Option<String>,
    /// The first year.
    pub from: Option<i64>,
    /// The last year.
    pub to: Option<i64>,
    /// A topic id.
    pub topic: Option<String>,
}

impl FilterArgs {
    /// Resolves the ids and checks the years.
    pub fn resolve(&self, graph: &Graph) -> Result<Filter, ArgumentError> {
        let filter = Filter {
            region: entity(graph, "in", self.region.as_deref(), EntityKind::Region)?,
            programme: entity(
                graph,
                "programme",
                self.programme.as_deref(),
                EntityKind::Programme,
            )?,
            organisation: entity(
                graph,
                "organisation",
                self.organisation.as_deref(),
                EntityKind::Institution,
            )?,
            from: year("from", self.from)?,
            to: year("to", self.to)?,
            topic: entity(graph, "topic", self.topic.as_deref(), EntityKind::Topic)?,
        };
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && from > to
        {
            return Err(ArgumentError::ReversedYears { from, to });
        }
        Ok(filter)
    }
}

/// Resolves the entity whose partners `collaborators` ranks: an institution or a region.
pub fn partner_entity(graph: &Graph, id: &str) -> Result<NodeIndex, ArgumentError> {
    let index = graph.find(id).ok_or_else(|| ArgumentError::UnknownEntity {
        argument: "id",
        id: id.to_owned(),
    })?;
    match graph.entity(index).kind() {
        EntityKind::Institution | EntityKind::Region => Ok(index),
        other => Err(ArgumentError::WrongKind {
            argument: "id",
            id: id.to_owned(),
            expected: "an institution or a region",
            actual: other.as_str(),
        }),
    }
}

/// Checks the number of dimensions.
pub fn check_dimensions(dimensions: &[Dimension]) -> Result<(), ArgumentError> {
    if dimensions.is_empty() || dimensions.len() > 4 {
        return Err(ArgumentError::Dimensions(dimensions.len()));
    }
    Ok(())
}

fn entity(
    graph: &Graph,
    argument: &'static str,
    id: Option<&str>,
    kind: EntityKind,
) -> Result<Option<NodeIndex>, ArgumentError> {
    let Some(id) = id else {
        return Ok(None);
    };
    let index = graph.find(id).ok_or_else(|| ArgumentError::UnknownEntity {
        argument,
        id: id.to_owned(),
    })?;
    let actual = graph.entity(index).kind();
    if actual != kind {
        return Err(ArgumentError::WrongKind {
            argument,
            id: id.to_owned(),
            expected: match kind {
                EntityKind::Region => "a region",
                EntityKind::Programme => "a programme",
                EntityKind::Institution => "an institution",
                _ => "a topic",
            },
            actual: actual.as_str(),
        });
    }
    Ok(Some(index))
}

fn year(argument: &'static str, year: Option<i64>) -> Result<Option<u16>, ArgumentError> {
    year.map(|y| {
        u16::try_from(y)
            .ok()
            .filter(|y| (1000..=9999).contains(y))
            .ok_or(ArgumentError::BadYear { argument, year: y })
    })
    .transpose()
}

impl FromStr for Scale {
    type Err = ArgumentError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_uppercase().as_str() {
            "COUNTRY" => Ok(Scale::Country),
            "NUTS1" => Ok(Scale::Nuts1),
            "NUTS2" => Ok(Scale::Nuts2),
            "NUTS3" => Ok(Scale::Nuts3),
            _ => Err(ArgumentError::UnknownName {
                argument: "level",
                value: text.to_owned(),
                expected: "COUNTRY, NUTS1, NUTS2, NUTS3",
            }),
        }
    }
}

impl FromStr for Dimension {
    type Err = ArgumentError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let dimension = match text.trim().to_ascii_uppercase().as_str() {
            "YEAR" => Dimension::Year,
            "PROGRAMME" => Dimension::Programme,
            "ROLE" => Dimension::Role,
            "INSTITUTION_KIND" => Dimension::InstitutionKind,
            "ORGANISATION" => Dimension::Organisation,
            other => match other.parse::<Scale>() {
                Ok(scale) => Dimension::Region(scale),
                Err(_) => {
                    return Err(ArgumentError::UnknownName {
                        argument: "groupBy",
                        value: text.to_owned(),
                        expected: "COUNTRY, NUTS1, NUTS2, NUTS3, YEAR, PROGRAMME, ROLE, \
                                   INSTITUTION_KIND, ORGANISATION",
                    });
                }
            },
        };
        Ok(dimension)
    }
}

impl Dimension {
    /// The name GraphQL and CSV headers give it.
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Region(Scale::Country) => "COUNTRY",
            Dimension::Region(Scale::Nuts1) => "NUTS1",
            Dimension::Region(Scale::Nuts2) => "NUTS2",
            Dimension::Region(Scale::Nuts3) => "NUTS3",
            Dimension::Year => "YEAR",
            Dimension::Programme => "PROGRAMME",
            Dimension::Role => "ROLE",
            Dimension::InstitutionKind => "INSTITUTION_KIND",
            Dimension::Organisation => "ORGANISATION",
        }
    }
}
