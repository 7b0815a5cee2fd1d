//! Kohesio: the per-country CSV files of cohesion-policy projects (operations) that the
//! European Commission publishes on kohesio.ec.europa.eu, one row per operation and beneficiary.
//!
//! Columns are found by header name in any of the spellings Kohesio has used
//! (`Operation_Unique_Identifier` or `Operation URI`, ...), and columns the reader does not know
//! are ignored. A row becomes one participation of each beneficiary it names in the operation,
//! with the operation itself; a row that names no beneficiary at all still describes its
//! operation and is taken as a project. See `docs/import.md` for the rules.

use std::path::PathBuf;
use std::sync::Arc;

use super::rows::{
    Amount, At, Country, InputFile, OrganisationRow, ParticipationRow, Place, ProgrammeRow,
    ProjectKey, ProjectRow, Refusal,
};
use super::table::{self, Columns, Row};
use super::values::{cell, parse_amount, parse_coordinates, parse_date, slug};
use super::{Collector, ImportError};
use crate::model::{ExternalIdScheme, ProgrammeKind};
use crate::progress::Progress;

/// The operation's EU Knowledge Graph item (`https://linkedopendata.eu/entity/Q...`).
const OPERATION: &[&str] = &[
    "Operation_Unique_Identifier",
    "Operation URI",
    "Operation ID",
    "Operation identifier",
    "Kohesio ID",
    "Project ID",
    "Project URI",
];
/// The operation's name in English.
const NAME_ENGLISH: &[&str] = &[
    "Operation_Name_English",
    "Operation name in English",
    "Operation Name",
    "Project name",
    "Project Name English",
    "Project title",
];
/// The operation's name in the programme's language.
const NAME_ORIGINAL: &[&str] = &[
    "Operation_Name_Programme_Language",
    "Operation name in programme language",
    "Operation name (original language)",
    "Original name",
];
const START: &[&str] = &[
    "Operation_Start_Date",
    "Operation start date",
    "Start date",
    "Start",
];
const END: &[&str] = &[
    "Operation_End_Date",
    "Operation end date",
    "End date",
    "End",
];
const TOTAL: &[&str] = &[
    "Total_Eligible_Expenditure_amount",
    "Total eligible expenditure",
    "Total eligible expenditure amount",
    "Total Eligible Expenditure (EUR)",
    "Total budget",
];
const CURRENCY: &[&str] = &["Total_Eligible_Expenditure_Currency", "Currency"];
const EU_BUDGET: &[&str] = &[
    "Project_EU_Budget",
    "EU budget",
    "EU Budget contribution",
    "EU contribution",
    "Project EU budget",
];
const BENEFICIARY_ID: &[&str] = &[
    "Beneficiary_Unique_Identifier",
    "Beneficiary URI",
    "Beneficiary ID",
    "Beneficiary identifier",
];
const BENEFICIARY_NAME: &[&str] = &[
    "Beneficiary_Name",
    "Beneficiary name",
    "Beneficiary",
    "BeneficiaryLabel",
    "Beneficiary label",
    "Beneficiaries",
];
const COUNTRY_CODE: &[&str] = &[
    "Country_Code",
    "Country code",
    "CountryCode",
    "Country ISO code",
];
const COUNTRY: &[&str] = &["Country", "Country name"];
const POSTCODE: &[&str] = &[
    "Postal_Code",
    "Postcode",
    "Postal code",
    "Location_Indicator_Postcode",
];
const COORDINATES: &[&str] = &[
    "Location_Indicator_latitude_longitude",
    "Coordinates",
    "Latitude longitude",
];
const NUTS3: &[&str] = &[
    "NUTS3_Code",
    "NUTS 3 code",
    "NUTS3",
    "NUTS 3",
    "Location_Indicator_NUTS_code",
];
const NUTS2: &[&str] = &["NUTS2_Code", "NUTS 2 code", "NUTS2", "NUTS 2"];
const NUTS1: &[&str] = &["NUTS1_Code", "NUTS 1 code", "NUTS1", "NUTS 1"];
const FUND: &[&str] = &["Fund_Code", "Fund code", "Fund", "Fund_Name"];
const PROGRAMME_CODE: &[&str] = &[
    "Programme_Code",
    "Programme CCI",
    "Programme_CCI",
    "CCI",
    "Programme code",
];
const PROGRAMME_NAME: &[&str] = &["Programme_Name", "Programme name", "Programme"];
const PERIOD: &[&str] = &["Programming_Period", "Programming period", "Period"];
const UPDATED: &[&str] = &[
    "Date_Of_Last_Update",
    "Date of last update",
    "Last update",
    "Update date",
    "Last_Update",
];

/// The publisher's name for the source record.
const PUBLISHER: &str = "European Commission (Kohesio)";
/// The licence of the data on europa.eu sites: the Commission's reuse policy.
const LICENCE: &str = "European Commission reuse policy (Commission Decision 2011/833/EU)";

/// The columns of a Kohesio file, found once from its header.
struct Layout {
    operation: Option<usize>,
    name_english: Option<usize>,
    name_original: Option<usize>,
    start: Option<usize>,
    end: Option<usize>,
    total: Option<usize>,
    currency: Option<usize>,
    eu_budget: Option<usize>,
    beneficiary_id: Option<usize>,
    beneficiary_name: Option<usize>,
    country_code: Option<usize>,
    country: Option<usize>,
    postcode: Option<usize>,
    coordinates: Option<usize>,
    nuts: [Option<usize>; 3],
    fund: Option<usize>,
    programme_code: Option<usize>,
    programme_name: Option<usize>,
    period: Option<usize>,
    updated: Option<usize>,
}

impl Layout {
    fn new(columns: &Columns) -> Self {
        Layout {
            operation: columns.find(OPERATION),
            name_english: columns.find(NAME_ENGLISH),
            name_original: columns.find(NAME_ORIGINAL),
            start: columns.find(START),
            end: columns.find(END),
            total: columns.find(TOTAL),
            currency: columns.find(CURRENCY),
            eu_budget: columns.find(EU_BUDGET),
            beneficiary_id: columns.find(BENEFICIARY_ID),
            beneficiary_name: columns.find(BENEFICIARY_NAME),
            country_code: columns.find(COUNTRY_CODE),
            country: columns.find(COUNTRY),
            postcode: columns.find(POSTCODE),
            coordinates: columns.find(COORDINATES),
            nuts: [
                columns.find(NUTS3),
                columns.find(NUTS2),
                columns.find(NUTS1),
            ],
            fund: columns.find(FUND),
            programme_code: columns.find(PROGRAMME_CODE),
            programme_name: columns.find(PROGRAMME_NAME),
            period: columns.find(PERIOD),
            updated: columns.find(UPDATED),
        }
    }

    /// The columns a Kohesio file cannot do without, by the name of the first spelling.
    fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.operation.is_none() {
            missing.push(OPERATION[0]);
        }
        if self.name_english.is_none() && self.name_original.is_none() {
            missing.push(NAME_ENGLISH[0]);
        }
        if self.beneficiary_id.is_none() && self.beneficiary_name.is_none() {
            missing.push(BENEFICIARY_NAME[0]);
        }
        missing
    }
}

/// Reads Kohesio project files into the collector.
pub fn read(
    inputs: &[PathBuf],
    collector: &mut Collector<'_>,
    progress: &dyn Progress,
) -> Result<(), ImportError> {
    for path in inputs {
        let name = super::file_name(path);
        let bytes = super::read_file(path)?;
        read_bytes(&name, &bytes, collector, progress)?;
    }
    Ok(())
}

/// Reads one Kohesio CSV file, given as its bytes.
fn read_bytes(
    name: &str,
    bytes: &[u8],
    collector: &mut Collector<'_>,
    progress: &dyn Progress,
) -> Result<(), ImportError> {
    let file: Arc<str> = Arc::from(name);
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let separator = table::sniff_separator(body);
    let (columns, first) = peek(body, separator, &file)?;
    let layout = Layout::new(&columns);
    let missing = layout.missing();
    if !missing.is_empty() {
        return Err(ImportError::Unreadable {
            file: name.to_owned(),
            reason: format!(
                "not a Kohesio project file: no column {} in the header",
                missing.join(", ")
            ),
        });
    }
    let country = country_of_file(name).or_else(|| {
        first.as_ref().and_then(|cells| {
            let row = Row {
                at: At {
                    file: file.clone(),
                    line: 2,
                },
                cells: cells.clone(),
            };
            row.text(layout.country).or_else(|| {
                row.text(layout.country_code)
                    .and_then(|c| country_name(&c).map(str::to_owned))
            })
        })
    });
    collector.begin_file(InputFile {
        file_name: name.to_owned(),
        title: match &country {
            Some(country) => format!("Kohesio: cohesion policy projects ({country})"),
            None => "Kohesio: cohesion policy projects".to_owned(),
        },
        publisher: PUBLISHER.to_owned(),
        url: Some("https://kohesio.ec.europa.eu".to_owned()),
        licence: Some(LICENCE.to_owned()),
    });
    let lines = body.iter().filter(|&&b| b == b'\n').count() as u64;
    progress.start(name, lines);
    let mut done = 1_usize;
    let mut seen_row = false;
    let mut lines = LineCounter::default();
    table::read_csv(body, &file, separator, |_, row| {
        seen_row = true;
        let row = lines.correct(row);
        let line = match &row {
            Ok(row) => row.at.line,
            Err((at, _)) => at.line,
        };
        if line > done {
            progress.advance((line - done) as u64);
            done = line;
        }
        match row {
            Ok(row) => take_row(&layout, &row, collector),
            Err((at, reason)) => collector.refuse(&at, Refusal::new("unreadable row", reason)),
        }
    })?;
    if !seen_row {
        collector.summary.file_seen(&At { file, line: 1 });
    }
    progress.finish();
    Ok(())
}

/// Corrects the lines CSV rows are said to start on: with CRLF line ends the `csv` crate
/// places every row one line early (it takes the `\n` of a `\r\n` as the start of the next
/// row). A row starts at least one line after the previous row's last line, and the first one
/// after the header; a line given later than that (a correct one, or after blank lines) is kept.
#[derive(Debug)]
pub(crate) struct LineCounter {
    /// The first line the next row can start on.
    next: usize,
}

impl Default for LineCounter {
    fn default() -> Self {
        // The header is line 1.
        LineCounter { next: 2 }
    }
}

impl LineCounter {
    /// The row with its line corrected.
    pub(crate) fn correct(&mut self, row: Result<Row, (At, String)>) -> Result<Row, (At, String)> {
        match row {
            Ok(mut row) => {
                row.at.line = row.at.line.max(self.next);
                let breaks: usize = row.cells.iter().map(|c| c.matches('\n').count()).sum();
                self.next = row.at.line + breaks + 1;
                Ok(row)
            }
            Err((mut at, reason)) => {
                at.line = at.line.max(self.next);
                self.next = at.line + 1;
                Err((at, reason))
            }
        }
    }
}

/// The header and the first data row's cells, to check the columns and name the source
/// before the rows are read.
fn peek(
    body: &[u8],
    separator: u8,
    file: &Arc<str>,
) -> Result<(Columns, Option<Vec<String>>), ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .flexible(true)
        .has_headers(false)
        .from_reader(body);
    let mut records = reader.byte_records();
    let unreadable = |reason: String| ImportError::Unreadable {
        file: file.to_string(),
        reason,
    };
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(error)) => return Err(unreadable(error.to_string())),
        None => return Err(unreadable("the file is empty: no header row".to_owned())),
    };
    let names: Vec<String> = header
        .iter()
        .map(|cell| String::from_utf8_lossy(cell).into_owned())
        .collect();
    let first = records.next().and_then(Result::ok).map(|record| {
        record
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect()
    });
    Ok((Columns::new(names.iter().map(String::as_str)), first))
}

/// A value the row gives, or a refusal.
type Read<T> = Result<T, Refusal>;

/// Takes one data row: the operation with each of its beneficiaries.
fn take_row(layout: &Layout, row: &Row, collector: &mut Collector<'_>) {
    let (project, beneficiaries) = match read_row(layout, row) {
        Ok(read) => read,
        Err(refusal) => {
            collector.refuse(&row.at, refusal);
            return;
        }
    };
    if let Some(date) = row
        .text(layout.updated)
        .and_then(|d| parse_date(&d).ok().flatten())
    {
        collector.note_date(&date);
    }
    let key = project.key.clone();
    let participation = |organisation: OrganisationRow| ParticipationRow {
        project: key.clone(),
        organisation,
        role: Some("beneficiary".to_owned()),
        ..ParticipationRow::default()
    };
    let participations = beneficiaries.into_iter().map(participation).collect();
    collector.participations(&row.at, Some(project), participations);
}

/// Reads a row's operation and beneficiaries, or the reason to refuse it.
fn read_row(layout: &Layout, row: &Row) -> Read<(ProjectRow, Vec<OrganisationRow>)> {
    let operation = row.text(layout.operation).ok_or_else(|| {
        Refusal::new(
            "no project identifier",
            "the operation's identifier is empty",
        )
    })?;
    let q = entity_id(&operation);
    if !ExternalIdScheme::Kohesio.accepts(&q) {
        return Err(Refusal::new(
            "malformed project identifier",
            format!(
                "`{operation}` is not a Kohesio item (`Q` and digits, or its linkedopendata.eu URI)"
            ),
        ));
    }
    let title = row
        .text(layout.name_english)
        .or_else(|| row.text(layout.name_original));
    let start = date(row, layout.start, "start date")?;
    let end = date(row, layout.end, "end date")?;
    let mut amounts = Vec::new();
    // Kohesio states the eligible expenditure with its currency; an amount in another
    // currency is left out rather than taken as euros.
    let in_euros = row
        .text(layout.currency)
        .is_none_or(|c| c.eq_ignore_ascii_case("EUR") || c == "€");
    if in_euros {
        amount(
            row,
            layout.total,
            "total eligible expenditure",
            &mut amounts,
        )?;
    }
    amount(row, layout.eu_budget, "EU funding", &mut amounts)?;
    let country = row
        .text(layout.country_code)
        .map(|code| Country::Code(code.to_ascii_uppercase()))
        .or_else(|| row.text(layout.country).map(|name| country_of_text(&name)));
    let nuts = layout
        .nuts
        .iter()
        .find_map(|&column| row.text(column).and_then(|c| nuts_of(&c)));
    let coordinates = row
        .text(layout.coordinates)
        .and_then(|text| coordinates_of(&text));
    let place = Place {
        country: country.clone(),
        nuts: nuts.clone(),
        postcode: row.text(layout.postcode),
        coordinates,
        ..Place::default()
    };
    let project = ProjectRow {
        key: Some(ProjectKey::Kohesio(q)),
        acronym: None,
        title,
        programme: programme(layout, row),
        start,
        end,
        status: None,
        funding_scheme: row.text(layout.fund),
        amounts,
        place,
    };
    // The beneficiary is placed where the row places the operation, the only place it gives.
    let beneficiary_place = Place {
        country,
        nuts,
        ..Place::default()
    };
    let beneficiaries = beneficiaries(layout, row, &beneficiary_place)?;
    Ok((project, beneficiaries))
}

/// The beneficiaries a row names: one, or several in cells separated by `;`, paired in order
/// with their identifiers.
fn beneficiaries(layout: &Layout, row: &Row, place: &Place) -> Read<Vec<OrganisationRow>> {
    let ids = split_list(row.get(layout.beneficiary_id));
    let names_cell = row.get(layout.beneficiary_name);
    // A name may hold a `;` of its own: the name cell is split only when the identifier cell
    // names several beneficiaries.
    let names = if ids.len() > 1 {
        split_list(names_cell)
    } else {
        cell(names_cell).map(str::to_owned).into_iter().collect()
    };
    if ids.is_empty() && names.is_empty() {
        return Ok(Vec::new());
    }
    if names.is_empty() {
        return Err(Refusal::new(
            "no organisation name",
            format!("the beneficiary {} has no name", ids.join(", ")),
        ));
    }
    if ids.len() > 1 && ids.len() != names.len() {
        return Err(Refusal::new(
            "beneficiaries do not pair with their identifiers",
            format!(
                "{} beneficiary identifiers but {} names",
                ids.len(),
                names.len()
            ),
        ));
    }
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let kohesio = match ids.get(i) {
                Some(id) => {
                    let q = entity_id(id);
                    if !ExternalIdScheme::Kohesio.accepts(&q) {
                        return Err(Refusal::new(
                            "malformed Kohesio id",
                            format!("beneficiary identifier `{id}` is not a Kohesio item"),
                        ));
                    }
                    Some(q)
                }
                None => None,
            };
            Ok(OrganisationRow {
                kohesio,
                name,
                place: place.clone(),
                ..OrganisationRow::default()
            })
        })
        .collect()
}

/// The programme a row names: by its CCI code when given, else by its name.
fn programme(layout: &Layout, row: &Row) -> Option<ProgrammeRow> {
    let code = row.text(layout.programme_code);
    let name = row.text(layout.programme_name);
    let base = code.as_deref().or(name.as_deref())?;
    let slug = format!("kohesio-{}", slug(base, 60));
    let period = row.text(layout.period);
    let (start, end) = period.as_deref().map_or((None, None), years_of);
    // A CCI code starts with the first year of its period (`2014ES16RFOP006`).
    let start = start.or_else(|| {
        code.as_deref()
            .and_then(|c| c.get(..4))
            .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_owned)
    });
    Some(ProgrammeRow {
        slug,
        name: name.or(code).unwrap_or_default(),
        kind: ProgrammeKind::FundingProgramme,
        start,
        end,
    })
}

/// The first and last years of a period written `2014-2020` or `2014 - 2020`.
pub(crate) fn years_of(period: &str) -> (Option<String>, Option<String>) {
    let years: Vec<&str> = period
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| part.len() == 4)
        .collect();
    match years.as_slice() {
        [start, end, ..] => (Some((*start).to_owned()), Some((*end).to_owned())),
        [year] => (Some((*year).to_owned()), None),
        [] => (None, None),
    }
}

/// Reads a date column; a cell that is not a date refuses the row.
fn date(row: &Row, column: Option<usize>, what: &str) -> Read<Option<String>> {
    parse_date(row.get(column))
        .map_err(|error| Refusal::new("not a date", format!("{what}: {error}")))
}

/// Reads an amount column into `amounts`; a cell that is not a number refuses the row.
fn amount(
    row: &Row,
    column: Option<usize>,
    label: &'static str,
    amounts: &mut Vec<Amount>,
) -> Read<()> {
    match parse_amount(row.get(column)) {
        Ok(Some(value)) => {
            amounts.push(Amount { label, value });
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(error) => Err(Refusal::new(
            "amount not a number",
            format!("{label}: {error}"),
        )),
    }
}

/// The `Q...` item of an EU Knowledge Graph URI (`https://linkedopendata.eu/entity/Q123`), or
/// the text itself.
pub(crate) fn entity_id(text: &str) -> String {
    let text = text.trim().trim_end_matches('/');
    text.rsplit('/').next().unwrap_or(text).trim().to_owned()
}

/// The items of a cell that lists several, separated by `;` or `|`.
fn split_list(text: &str) -> Vec<String> {
    text.split([';', '|'])
        .filter_map(|part| cell(part).map(str::to_owned))
        .collect()
}

/// A NUTS code from a cell: the code itself, or the code before its label (`ES130 Cantabria`);
/// for a cell listing several codes, the code they all lie in (their common prefix), if any.
pub(crate) fn nuts_of(text: &str) -> Option<String> {
    let codes: Vec<String> = text
        .split([';', ',', '|'])
        .filter_map(|part| {
            let code: String = part
                .trim()
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            (code.len() >= 2).then(|| code.to_ascii_uppercase())
        })
        .collect();
    let first = codes.first()?;
    let common = codes.iter().skip(1).fold(first.len(), |len, code| {
        first
            .bytes()
            .zip(code.bytes())
            .take(len)
            .take_while(|(a, b)| a == b)
            .count()
    });
    (common >= 2).then(|| first[..common].to_owned())
}

/// Coordinates written `43.46,-3.80` (latitude first) or as a WKT point `Point(-3.80 43.46)`
/// (longitude first); anything else is left out.
fn coordinates_of(text: &str) -> Option<(f64, f64)> {
    let lower = text.trim().to_ascii_lowercase();
    if let Some(inner) = lower
        .strip_prefix("point(")
        .and_then(|t| t.strip_suffix(')'))
    {
        let mut parts = inner.split_whitespace().map(str::parse::<f64>);
        let (Some(Ok(lon)), Some(Ok(lat))) = (parts.next(), parts.next()) else {
            return None;
        };
        return ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon))
            .then_some((lat, lon));
    }
    parse_coordinates(text).ok().flatten()
}

/// A country cell: a two-letter code, or a name.
fn country_of_text(text: &str) -> Country {
    if text.len() == 2 && text.bytes().all(|b| b.is_ascii_alphabetic()) {
        Country::Code(text.to_ascii_uppercase())
    } else {
        Country::Name(text.to_owned())
    }
}

/// The country a Kohesio file name states (`ES-pp14-20-20230929.csv`, `latest_PL.csv`).
fn country_of_file(name: &str) -> Option<String> {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    stem.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| part.len() == 2 && part.bytes().all(|b| b.is_ascii_uppercase()))
        .find_map(country_name)
        .map(str::to_owned)
}

/// The English name of a member state, by its ISO or EU code.
fn country_name(code: &str) -> Option<&'static str> {
    Some(match code.to_ascii_uppercase().as_str() {
        "AT" => "Austria",
        "BE" => "Belgium",
        "BG" => "Bulgaria",
        "CY" => "Cyprus",
        "CZ" => "Czechia",
        "DE" => "Germany",
        "DK" => "Denmark",
        "EE" => "Estonia",
        "EL" | "GR" => "Greece",
        "ES" => "Spain",
        "FI" => "Finland",
        "FR" => "France",
        "HR" => "Croatia",
        "HU" => "Hungary",
        "IE" => "Ireland",
        "IT" => "Italy",
        "LT" => "Lithuania",
        "LU" => "Luxembourg",
        "LV" => "Latvia",
        "MT" => "Malta",
        "NL" => "Netherlands",
        "PL" => "Poland",
        "PT" => "Portugal",
        "RO" => "Romania",
        "SE" => "Sweden",
        "SI" => "Slovenia",
        "SK" => "Slovakia",
        "UK" => "United Kingdom",
        _ => return None,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::{Path, PathBuf};
    use std::sync::OnceLock;

    use super::*;
    use crate::import::{Records, Summary};
    use crate::load::EntityRecord;
    use crate::model::Graph;
    use crate::progress::Silent;

    /// The reference layer (countries and NUTS regions), loaded once for every reader's tests.
    pub(crate) fn reference() -> &'static Graph {
        static GRAPH: OnceLock<Graph> = OnceLock::new();
        GRAPH.get_or_init(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            let dir = tempfile::tempdir().expect("a temporary directory");
            for name in [
                "reference-entities.jsonl",
                "reference-relations.jsonl",
                "reference-sources.jsonl",
            ] {
                std::fs::copy(root.join("data").join(name), dir.path().join(name))
                    .expect("the reference layer");
            }
            crate::load::load_dirs_with_progress(&[dir.path().to_owned()], &Silent)
                .expect("the reference layer loads")
                .0
        })
    }

    /// A fixture file by its name under `tests/fixtures/import/`.
    pub(crate) fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import")
            .join(name)
    }

    /// An entity of the records by id.
    pub(crate) fn entity<'r>(records: &'r Records, id: &str) -> &'r EntityRecord {
        records
            .entities
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| panic!("no entity {id}"))
    }

    /// A figure of an entity by label.
    pub(crate) fn figure(entity: &EntityRecord, label: &str) -> Option<f64> {
        entity
            .figures
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.value)
    }

    /// The refusals of a file as (line, reason).
    pub(crate) fn refusals(summary: &Summary, file: &str) -> Vec<(usize, &'static str)> {
        summary
            .refusals
            .iter()
            .filter(|r| r.at.file.as_ref() == file)
            .map(|r| (r.at.line, r.refusal.reason))
            .collect()
    }

    fn import(names: &[&str]) -> (Records, Summary) {
        let inputs: Vec<PathBuf> = names
            .iter()
            .map(|n| fixture(&format!("kohesio/{n}")))
            .collect();
        crate::import::read(
            crate::import::Format::Kohesio,
            &inputs,
            reference(),
            &Silent,
        )
        .expect("the fixtures read")
    }

    const ES: &str = "ES-pp14-20-fixture.csv";
    const PT: &str = "PT-pp21-27-fixture.csv";

    #[test]
    fn accounts_for_every_row_with_its_line_and_reason() {
        let (_, summary) = import(&[ES, PT]);
        let es = &summary.files[ES];
        assert_eq!((es.rows, es.imported, es.merged, es.refused), (10, 5, 0, 5));
        assert_eq!(
            refusals(&summary, ES),
            vec![
                (6, "no organisation name"),
                (7, "amount not a number"),
                (8, "not a date"),
                (11, "malformed project identifier"),
                (12, "unreadable row"),
            ]
        );
        let pt = &summary.files[PT];
        assert_eq!((pt.rows, pt.imported, pt.merged, pt.refused), (2, 2, 0, 0));
    }

    #[test]
    fn keeps_one_institution_per_item_across_files() {
        let (records, _) = import(&[ES, PT]);
        let institutions: Vec<&str> = records
            .entities
            .iter()
            .filter(|e| e.id.starts_with("institution:"))
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(
            institutions,
            vec![
                "institution:kohesio-q999999101",
                "institution:kohesio-q999999102",
                "institution:kohesio-q999999103",
                "institution:kohesio-q999999107",
                "institution:kohesio-q999999301",
            ]
        );
        let university = entity(&records, "institution:kohesio-q999999102");
        assert_eq!(university.name, "Test University of Nowhere");
        assert_eq!(university.aliases, vec!["TEST UNIVERSITY OF NOWHERE"]);
        assert_eq!(university.sources.len(), 2);
        // The operation of two rows is one project, with both beneficiaries.
        let partners = records
            .relations
            .iter()
            .filter(|r| r.to == "project:kohesio-q999999001" && r.rel_type == "partner_in")
            .count();
        assert_eq!(partners, 2);
        // Two beneficiaries in one cell are two participations of one row.
        let shared: Vec<&str> = records
            .relations
            .iter()
            .filter(|r| r.to == "project:kohesio-q999999002")
            .map(|r| r.from.as_str())
            .collect();
        assert_eq!(
            shared,
            vec![
                "institution:kohesio-q999999101",
                "institution:kohesio-q999999103"
            ]
        );
        assert!(
            records
                .relations
                .iter()
                .all(|r| r.rel_type != "partner_in" || r.role.as_deref() == Some("beneficiary"))
        );
    }

    #[test]
    fn reads_amounts_dates_and_programmes() {
        let (records, _) = import(&[ES, PT]);
        let pilot = entity(&records, "project:kohesio-q999999001");
        assert_eq!(pilot.name, "Example smart harbour pilot");
        assert_eq!(pilot.start.as_deref(), Some("2017-03-01"));
        assert_eq!(pilot.end.as_deref(), Some("2020-12-31"));
        assert_eq!(
            figure(pilot, "total eligible expenditure"),
            Some(1_234_567.5)
        );
        assert_eq!(figure(pilot, "EU funding"), Some(617_283.75));
        let comma = entity(&records, "project:kohesio-q999999002");
        assert_eq!(figure(comma, "total eligible expenditure"), Some(250_000.5));
        assert_eq!(figure(comma, "EU funding"), Some(200_000.4));
        let grouped = entity(&records, "project:kohesio-q999999201");
        assert_eq!(
            figure(grouped, "total eligible expenditure"),
            Some(1_234_567.89)
        );
        assert_eq!(figure(grouped, "EU funding"), Some(1_049_382.71));
        // A co-financing rate is a percentage, not an amount in euros.
        assert!(
            records
                .entities
                .iter()
                .flat_map(|e| &e.figures)
                .all(|f| f.unit.as_deref() == Some("EUR"))
        );
        assert_eq!(
            pilot.programme.as_deref(),
            Some("programme:kohesio-2014es16rfop999")
        );
        let programme = entity(&records, "programme:kohesio-2014es16rfop999");
        assert_eq!(
            programme.name,
            "Example ERDF Programme for Cantabria 2014-2020 (fixture)"
        );
        assert_eq!(programme.kind.as_deref(), Some("funding_programme"));
        assert_eq!(
            (programme.start.as_deref(), programme.end.as_deref()),
            (Some("2014"), Some("2020"))
        );
        // A row without a beneficiary still brings its operation.
        let unnamed = entity(&records, "project:kohesio-q999999007");
        assert_eq!(figure(unnamed, "EU funding"), Some(1500.25));
        assert_eq!(
            records.sources[0].title,
            "Kohesio: cohesion policy projects (Spain)"
        );
        assert_eq!(
            records.sources[1].title,
            "Kohesio: cohesion policy projects (Portugal)"
        );
        assert_eq!(records.sources[0].date, None);
    }

    #[test]
    fn places_beneficiaries_and_operations_by_nuts_code() {
        let (records, summary) = import(&[ES, PT]);
        let agency = entity(&records, "institution:kohesio-q999999101");
        assert_eq!(agency.located_in.as_deref(), Some("region:es-s"));
        let northern = entity(&records, "institution:kohesio-q999999301");
        assert_eq!(northern.located_in.as_deref(), Some("region:nuts-pt111"));
        // An unknown NUTS code is counted, and the row placed in its country.
        let unknown = entity(&records, "institution:kohesio-q999999107");
        assert_eq!(unknown.located_in.as_deref(), Some("region:es"));
        assert_eq!(summary.unknown_nuts.get("ZZ999"), Some(&2));
        let placed = records
            .relations
            .iter()
            .find(|r| r.from == "project:kohesio-q999999001" && r.rel_type == "located_in")
            .map(|r| r.to.as_str());
        assert_eq!(placed, Some("region:es-s"));
    }

    #[test]
    fn refuses_a_file_without_the_columns() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("other.csv");
        std::fs::write(&path, "id,title\r\n1,x\r\n").expect("written");
        let error = crate::import::read(
            crate::import::Format::Kohesio,
            &[path],
            reference(),
            &Silent,
        )
        .err()
        .map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some(
                "other.csv: not a Kohesio project file: no column Operation_Unique_Identifier, Operation_Name_English, Beneficiary_Name in the header"
            )
        );
    }

    #[test]
    fn reads_the_values_of_cells() {
        assert_eq!(
            entity_id("https://linkedopendata.eu/entity/Q2546841"),
            "Q2546841"
        );
        assert_eq!(entity_id("Q7"), "Q7");
        assert_eq!(nuts_of("ES130 Cantabria").as_deref(), Some("ES130"));
        assert_eq!(nuts_of("ES130; ES120").as_deref(), Some("ES1"));
        assert_eq!(nuts_of("ES130; PT11"), None);
        assert_eq!(coordinates_of("Point(-3.80 43.46)"), Some((43.46, -3.8)));
        assert_eq!(coordinates_of("43.46,-3.80"), Some((43.46, -3.8)));
        assert_eq!(coordinates_of("somewhere"), None);
        assert_eq!(
            years_of("2014 - 2020"),
            (Some("2014".into()), Some("2020".into()))
        );
        assert_eq!(
            country_of_file("ES-pp14-20-20230929.csv").as_deref(),
            Some("Spain")
        );
        assert_eq!(country_of_file("latest_EL.csv").as_deref(), Some("Greece"));
        assert_eq!(country_of_file("projects.csv"), None);
    }
}
