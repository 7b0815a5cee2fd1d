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
use super::values::{cell, parse_coordinates, parse_date, row_amount, row_date, slug};
use super::{Collector, ImportError};
use crate::model::{ExternalIdScheme, ProgrammeKind};
use crate::progress::Progress;

mod columns;

use columns::*;

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
    table::read_csv(body, &file, separator, |_, row| {
        seen_row = true;
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
            format!(
                "the beneficiary {} has no name",
                ids.iter()
                    .map(|id| entity_id(id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
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
            // The file places the operation, not its beneficiaries: a beneficiary is placed
            // where its operation takes place, marked as inferred, and given no address.
            Ok(OrganisationRow {
                kohesio,
                name,
                place: place.clone(),
                place_inferred: true,
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
    // Only what reads as a year (1000 to 9999); a period whose end comes before its start
    // says nothing usable.
    let years: Vec<&str> = period
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| part.len() == 4 && part.parse::<crate::model::PartialDate>().is_ok())
        .collect();
    match years.as_slice() {
        [start, end, ..] if start <= end => (Some((*start).to_owned()), Some((*end).to_owned())),
        [_, _, ..] => (None, None),
        [year] => (Some((*year).to_owned()), None),
        [] => (None, None),
    }
}

/// Reads a date column; a cell that is not a date refuses the row.
fn date(row: &Row, column: Option<usize>, what: &str) -> Read<Option<String>> {
    row_date(row.get(column), what)
}

/// Reads an amount column into `amounts`; a cell that is not a number refuses the row.
fn amount(
    row: &Row,
    column: Option<usize>,
    label: &'static str,
    amounts: &mut Vec<Amount>,
) -> Read<()> {
    row_amount(row.get(column), label, label, amounts)
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
pub(crate) mod tests;
