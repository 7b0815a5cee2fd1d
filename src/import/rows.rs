//! The one record shape every importer produces: projects, organisations and participations,
//! each with the place it was read from.

use std::sync::Arc;

use crate::model::{InstitutionKind, ProgrammeKind};

/// Where a row was read: the file as shown to the user (a zip member as `archive.zip/member.csv`)
/// and the 1-based line the row starts on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct At {
    /// The file, as shown to the user.
    pub file: Arc<str>,
    /// The 1-based line the row starts on (a spreadsheet's row number).
    pub line: usize,
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// What an input file is: it becomes the source record that every fact read from it cites.
#[derive(Debug, Clone, PartialEq)]
pub struct InputFile {
    /// The file name as given (without its directory), e.g. `cordis-h2020projects-csv.zip`.
    pub file_name: String,
    /// The dataset's title, e.g. `CORDIS: EU research projects under Horizon 2020`.
    pub title: String,
    /// Who publishes the dataset, e.g. `Publications Office of the European Union (CORDIS)`.
    pub publisher: String,
    /// Where the dataset is published, when known.
    pub url: Option<String>,
    /// The licence the publisher gives, when known.
    pub licence: Option<String>,
}

/// The identifier of a project, by the scheme of the dataset it comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProjectKey {
    /// A CORDIS project id (`101056813`).
    Cordis(String),
    /// A keep.eu project id.
    Keep(String),
    /// An EU Knowledge Graph item of a Kohesio operation (`Q2546841`).
    Kohesio(String),
    /// A project without a published identifier (a programme's list of operations): the
    /// programme's slug and the project's acronym or name, as published.
    Named {
        /// The slug of the programme the project belongs to.
        programme: String,
        /// The acronym, or the name when there is no acronym.
        name: String,
    },
}

/// A programme a project belongs to, as an importer names it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeRow {
    /// The slug of its id (`horizon-europe` becomes `programme:horizon-europe`).
    pub slug: String,
    /// Its name (`Horizon Europe`, `Interreg Europe 2021-2027`).
    pub name: String,
    /// What sort of programme it is.
    pub kind: ProgrammeKind,
    /// The first year of its period, when the data gives it.
    pub start: Option<String>,
    /// The last year of its period, when the data gives it.
    pub end: Option<String>,
}

/// A figure in euros as the data states it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    /// What is measured, e.g. `EU contribution`.
    pub label: &'static str,
    /// The value in euros.
    pub value: f64,
}

/// A project as one row describes it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProjectRow {
    /// The project's identifier.
    pub key: Option<ProjectKey>,
    /// The acronym, when there is one.
    pub acronym: Option<String>,
    /// The title or name.
    pub title: Option<String>,
    /// The programme it belongs to.
    pub programme: Option<ProgrammeRow>,
    /// When it started, as a partial ISO date (`2021-09-01`, `2021`).
    pub start: Option<String>,
    /// When it ended, as a partial ISO date.
    pub end: Option<String>,
    /// Its status as published (`SIGNED`, `CLOSED`, `TERMINATED`).
    pub status: Option<String>,
    /// Its funding scheme as published (`HORIZON-RIA`, `ERDF`).
    pub funding_scheme: Option<String>,
    /// Its totals (total cost, maximum EU contribution, EU budget, ...).
    pub amounts: Vec<Amount>,
    /// Where the project takes place, for datasets that place projects (Kohesio).
    pub place: Place,
}

/// Where something is, as a row states it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Place {
    /// The country, as a code (`ES`, `EL`, `UK`, `XK`) or a name (`Spain`).
    pub country: Option<Country>,
    /// The most precise NUTS code the row gives (any level, any version), or a bare country code.
    pub nuts: Option<String>,
    /// The town or city.
    pub town: Option<String>,
    /// The postcode.
    pub postcode: Option<String>,
    /// The street and number.
    pub street: Option<String>,
    /// The coordinates (latitude, longitude) in degrees.
    pub coordinates: Option<(f64, f64)>,
}

/// A country as a row writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Country {
    /// A two-letter code, ISO 3166-1 or the EU's (`EL` for Greece, `UK` for the United Kingdom).
    Code(String),
    /// A name in English (`Spain`, `Czechia`).
    Name(String),
}

impl Country {
    /// The country as written.
    pub fn as_str(&self) -> &str {
        match self {
            Country::Code(code) | Country::Name(code) => code,
        }
    }
}

/// An organisation as one row describes it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrganisationRow {
    /// Its Participant Identification Code (nine digits), when the row gives one.
    pub pic: Option<String>,
    /// Its EU Knowledge Graph item (`Q...`), when the row gives one.
    pub kohesio: Option<String>,
    /// Its name as published (capitals kept).
    pub name: String,
    /// Its short name or acronym, when given.
    pub short_name: Option<String>,
    /// What sort of body it is, read from the dataset's own types.
    pub kind: Option<InstitutionKind>,
    /// Whether the kind is read from a broader category of the dataset (CORDIS's `HES`,
    /// higher or secondary education, becomes a university), and so marked as inferred.
    pub kind_inferred: bool,
    /// Its website, when given.
    pub website: Option<String>,
    /// Where it is.
    pub place: Place,
    /// Whether the place is not the organisation's own but that of what it took part in
    /// (Kohesio places operations, not beneficiaries): the region is then marked as inferred,
    /// and no address is kept.
    pub place_inferred: bool,
}

/// One organisation's part in one project.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParticipationRow {
    /// The project's identifier.
    pub project: Option<ProjectKey>,
    /// The organisation.
    pub organisation: OrganisationRow,
    /// The role as the data names it (`coordinator`, `participant`, `lead partner`, `partner`).
    pub role: Option<String>,
    /// The organisation's amounts in the project (EU contribution, total cost, ...).
    pub amounts: Vec<Amount>,
}

/// Why a row was refused: a reason that the summary groups by, and the detail for this row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The reason, the same words for every row refused for it (`no organisation name`).
    pub reason: &'static str,
    /// What this row holds that caused it (`column name is empty`).
    pub detail: String,
}

impl Refusal {
    /// A refusal with its reason and detail.
    pub fn new(reason: &'static str, detail: impl Into<String>) -> Self {
        Refusal {
            reason,
            detail: detail.into(),
        }
    }
}
