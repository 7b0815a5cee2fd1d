//! Interreg: keep.eu's project and partner exports (CSV or xlsx) and the programmes' lists of
//! operations (xlsx, one row per partner, title rows above the header).
//!
//! Each input is recognised by its header: a table with an organisation-name column is a table
//! of partners (each row one partner in one project, with what the row says of the project);
//! a table with project columns and no organisation is a table of projects. A keep.eu workbook
//! holds one of each. Tables of projects are read first, so that projects keep their titles.
//! A table whose rows name their programme (keep.eu) identifies projects by their keep.eu id;
//! a list of operations names its programme once, in its title rows (or, failing that, by its
//! file name), and identifies projects by acronym within the programme.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::kohesio::{LineCounter, nuts_of, years_of};
use super::rows::{
    Amount, At, Country, InputFile, OrganisationRow, ParticipationRow, Place, ProgrammeRow,
    ProjectKey, ProjectRow, Refusal,
};
use super::table::{self, Columns, Row};
use super::values::{parse_amount, parse_date, slug};
use super::{Collector, ImportError};
use crate::model::{InstitutionKind, ProgrammeKind};
use crate::progress::Progress;

const PROGRAMME: &[&str] = &["Programme", "Programme name", "Program", "Programme title"];
const PERIOD: &[&str] = &["Period", "Programming period", "Programme period"];
/// keep.eu's project id, read only in tables whose rows name their programme.
const KEEP_ID: &[&str] = &[
    "keep.eu ID",
    "keep.eu project ID",
    "Keep ID",
    "Project ID",
    "Project ID (2021-2027 only)",
    "Project id in keep.eu",
];
const ACRONYM: &[&str] = &[
    "Project acronym",
    "Acronym",
    "Operation acronym",
    "Project short name",
];
const PROJECT_NAME: &[&str] = &[
    "Project name in English",
    "Project name",
    "Project title",
    "Operation name",
    "Name of the operation",
    "Project name (English)",
    "Operation name in English",
];
const START: &[&str] = &[
    "Project start",
    "Project start date",
    "Start date",
    "Operation start date",
    "Start",
];
const END: &[&str] = &[
    "Project end",
    "Project end date",
    "End date",
    "Operation end date",
    "End",
];
/// A project's total budget, in a table of projects.
const PROJECT_TOTAL: &[&str] = &[
    "Project's total budget / expenditure",
    "Project total budget",
    "Total project budget",
    "Project budget",
    "Total budget",
];
/// A project's total eligible expenditure, in a table of projects.
const PROJECT_ELIGIBLE: &[&str] = &[
    "Total eligible expenditure of the operation",
    "Project total eligible expenditure",
    "Project's total eligible expenditure",
    "Total eligible expenditure",
];
/// A project's EU funding, in a table of projects.
const PROJECT_EU: &[&str] = &[
    "Project's EU funding",
    "Project EU funding",
    "EU funding",
    "ERDF funding",
    "Project's programme co-financing",
];
/// The project's figures a table of partners may repeat on each row: only headers that say
/// they are the project's.
const PARTNER_TABLE_PROJECT_TOTAL: &[&str] = &[
    "Project's total budget / expenditure",
    "Project total budget",
    "Total project budget",
];
const PARTNER_TABLE_PROJECT_ELIGIBLE: &[&str] = &[
    "Total eligible expenditure of the operation",
    "Project total eligible expenditure",
    "Project's total eligible expenditure",
];
const PARTNER_TABLE_PROJECT_EU: &[&str] = &["Project's EU funding", "Project EU funding"];
const PARTNER_BUDGET: &[&str] = &[
    "Partner's total eligible budget / expenditure",
    "Partner's total budget",
    "Partner total budget",
    "Partner budget",
];
const PARTNER_ELIGIBLE: &[&str] = &[
    "Eligible expenditure",
    "Partner's eligible expenditure",
    "Partner eligible expenditure",
    "Total eligible expenditure of the partner",
    "Total eligible expenditure",
];
const PARTNER_EU: &[&str] = &[
    "Partner's programme co-financing (EUR) (2021-2027 only)",
    "Partner's programme co-financing (EUR)",
    "Partner's programme co-financing",
    "ERDF contribution (2014-2020 only)",
    "ERDF contribution",
    "Partner's EU funding",
    "EU contribution",
    "EU funding",
    "Interreg funding",
];
const ORGANISATION: &[&str] = &[
    "Organisation in English",
    "Organisation name in English",
    "Partner name in English",
    "Partner name",
    "Organisation name",
    "Organisation",
    "Name of the partner",
    "Partner organisation",
    "Beneficiary name",
];
const ORGANISATION_ORIGINAL: &[&str] = &[
    "Organisation in original language",
    "Partner name in original language",
    "Organisation in language 2",
    "Beneficiary name in original language",
];
const SHORT_NAME: &[&str] = &[
    "Partner acronym",
    "Organisation acronym",
    "Partner short name",
    "Abbreviation",
];
const ROLE: &[&str] = &[
    "Lead partner",
    "Lead partner (Y/N)",
    "Is lead partner",
    "Has the lead of the operation (Y/N)",
    "Lead",
    "Partner role",
    "Role",
    "Type",
    "Partner status",
];
const KIND: &[&str] = &[
    "Type of Organisation",
    "Type of organisation",
    "Organisation type",
    "Partner type",
    "Type of partner",
];
const PIC: &[&str] = &[
    "Participant Identification Code",
    "PIC",
    "PIC number",
    "PIC code",
    "Partner PIC",
    "Organisation PIC",
];
const COUNTRY_CODE: &[&str] = &[
    "Country code",
    "Partner country code",
    "Country ISO code",
    "NUTS 0",
    "NUTS0",
];
const COUNTRY: &[&str] = &["Country", "Partner country", "Country name"];
const TOWN: &[&str] = &[
    "Town",
    "City",
    "Town/City",
    "Partner town",
    "Locality",
    "Municipality",
];
const POSTCODE: &[&str] = &["Postcode", "Postal code", "Post code", "ZIP code"];
const STREET: &[&str] = &["Street", "Address", "Street and number", "Partner address"];
const NUTS3: &[&str] = &[
    "NUTS3 code (or equivalent)",
    "NUTS 3 code",
    "NUTS3 code",
    "NUTS3",
    "NUTS 3",
];
const NUTS2: &[&str] = &[
    "NUTS2 code (or equivalent)",
    "NUTS 2 code",
    "NUTS2 code",
    "NUTS2",
    "NUTS 2",
];
const NUTS1: &[&str] = &[
    "NUTS1 code (or equivalent)",
    "NUTS 1 code",
    "NUTS1 code",
    "NUTS1",
    "NUTS 1",
];
const NUTS: &[&str] = &["NUTS code", "NUTS", "NUTS region"];
const WEBSITE: &[&str] = &["Partner website", "Organisation website", "Website"];
const UPDATED: &[&str] = &[
    "Date of last update",
    "Last update",
    "Update date",
    "Last updated",
];

/// What a table's rows describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Projects,
    Partners,
}

/// A table read from an input, waiting to be taken.
struct Table {
    /// The collector's handle of the input file.
    handle: usize,
    kind: Kind,
    /// The name rows are placed in (the file, or the file and its sheet).
    file: Arc<str>,
    columns: Columns,
    rows: Vec<Result<Row, (At, String)>>,
    /// The programme every row belongs to, for a table whose rows do not name it.
    programme: Option<ProgrammeRow>,
}

/// Reads Interreg files into the collector.
pub fn read(
    inputs: &[PathBuf],
    collector: &mut Collector<'_>,
    progress: &dyn Progress,
) -> Result<(), ImportError> {
    let mut tables = Vec::new();
    for path in inputs {
        let name = super::file_name(path);
        progress.start(&name, 0);
        let bytes = super::read_file(path)?;
        let read = if is_csv(path) {
            csv_tables(&name, &bytes, collector)?
        } else {
            workbook_tables(path, &name, bytes, collector)?
        };
        tables.extend(read);
        progress.finish();
    }
    // Projects first, so that a project is named by its title rather than by the acronym a
    // partner row gives.
    tables.sort_by_key(|t| t.kind == Kind::Partners);
    for table in tables {
        progress.start(&table.file, table.rows.len() as u64);
        collector.switch_to(table.handle);
        take_table(&table, collector, progress);
        progress.finish();
    }
    Ok(())
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "csv" | "tsv" | "txt"))
}

/// A keep.eu CSV export: one table, of projects or of partners.
fn csv_tables(
    name: &str,
    bytes: &[u8],
    collector: &mut Collector<'_>,
) -> Result<Vec<Table>, ImportError> {
    let file: Arc<str> = Arc::from(name);
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let separator = table::sniff_separator(body);
    let mut rows = Vec::new();
    let mut lines = LineCounter::default();
    let columns = table::read_csv(body, &file, separator, |_, row| {
        rows.push(lines.correct(row))
    })?;
    let kind = kind_of(&columns).ok_or_else(|| not_interreg(name))?;
    let keep = columns.find(PROGRAMME).is_some();
    let handle = collector.begin_file(source(name, Some(kind), keep, None));
    Ok(vec![Table {
        handle,
        kind,
        file,
        columns,
        rows,
        programme: None,
    }])
}

/// A workbook: keep.eu's export (a sheet of projects and a sheet of partners) or a
/// programme's list of operations (one sheet of partners, the programme in its title rows).
fn workbook_tables(
    path: &Path,
    name: &str,
    bytes: Vec<u8>,
    collector: &mut Collector<'_>,
) -> Result<Vec<Table>, ImportError> {
    let file: Arc<str> = Arc::from(name);
    let partner_known: Vec<&str> = [
        ORGANISATION,
        ORGANISATION_ORIGINAL,
        PIC,
        KIND,
        PARTNER_BUDGET,
        PARTNER_EU,
    ]
    .concat();
    let project_known: Vec<&str> = [
        PROJECT_NAME,
        ACRONYM,
        PROJECT_TOTAL,
        PROJECT_EU,
        START,
        END,
        PERIOD,
        PROGRAMME,
    ]
    .concat();
    let partners = table::read_sheet(bytes.clone(), &file, &partner_known, 2)
        .ok()
        .filter(|(columns, _)| {
            columns
                .find(ORGANISATION)
                .or_else(|| columns.find(ORGANISATION_ORIGINAL))
                .is_some()
        });
    // The sheet found for projects is the partners' sheet again when the workbook has only
    // one: a table with organisations is a table of partners.
    let projects = table::read_sheet(bytes.clone(), &file, &project_known, 3)
        .ok()
        .filter(|(columns, _)| kind_of(columns) == Some(Kind::Projects));
    if partners.is_none() && projects.is_none() {
        return Err(not_interreg(name));
    }
    let keep = partners
        .as_ref()
        .or(projects.as_ref())
        .is_some_and(|(columns, _)| columns.find(PROGRAMME).is_some());
    let titles = if keep {
        Vec::new()
    } else {
        title_rows(&bytes, &partner_known)
    };
    let programme = (!keep).then(|| {
        programme_of_titles(&titles).unwrap_or_else(|| {
            // The workbook does not state its programme: it is named after the file, the only
            // name the input gives it.
            let stem = path
                .file_stem()
                .map_or_else(|| name.to_owned(), |s| s.to_string_lossy().into_owned());
            programme_row(&stem, None)
        })
    });
    let kind = if partners.is_some() {
        Kind::Partners
    } else {
        Kind::Projects
    };
    let both = partners.is_some() && projects.is_some();
    let handle = collector.begin_file(source(
        name,
        (!both).then_some(kind),
        keep,
        programme.as_ref().map(|p| p.name.as_str()),
    ));
    for title in &titles {
        if let Some(date) = update_date(title) {
            collector.note_date(&date);
        }
    }
    let mut tables = Vec::new();
    for (kind, table) in [(Kind::Projects, projects), (Kind::Partners, partners)] {
        let Some((columns, rows)) = table else {
            continue;
        };
        // Two tables of one workbook are told apart by their rows' file name.
        let shown: Arc<str> = if both {
            Arc::from(format!(
                "{name} ({})",
                if kind == Kind::Projects {
                    "projects"
                } else {
                    "partners"
                }
            ))
        } else {
            file.clone()
        };
        let rows = rows
            .into_iter()
            .map(|mut row| {
                row.at.file = shown.clone();
                Ok(row)
            })
            .collect();
        tables.push(Table {
            handle,
            kind,
            file: shown,
            columns,
            rows,
            programme: programme.clone(),
        });
    }
    Ok(tables)
}

/// What a table's columns say its rows describe, if it is an Interreg table at all.
fn kind_of(columns: &Columns) -> Option<Kind> {
    let organisation = columns
        .find(ORGANISATION)
        .or_else(|| columns.find(ORGANISATION_ORIGINAL));
    let project = columns
        .find(ACRONYM)
        .or_else(|| columns.find(PROJECT_NAME))
        .or_else(|| columns.find(KEEP_ID));
    match (organisation, project) {
        (Some(_), Some(_)) => Some(Kind::Partners),
        (None, Some(_)) => Some(Kind::Projects),
        _ => None,
    }
}

fn not_interreg(name: &str) -> ImportError {
    ImportError::Unreadable {
        file: name.to_owned(),
        reason: format!(
            "not an Interreg table: the header names no project (such as {}, {}) or no organisation (such as {})",
            ACRONYM[0], PROJECT_NAME[0], ORGANISATION[0]
        ),
    }
}

/// The source record of an input: keep.eu's export, or a programme's list of operations.
fn source(name: &str, kind: Option<Kind>, keep: bool, programme: Option<&str>) -> InputFile {
    if keep {
        let what = match kind {
            Some(Kind::Projects) => "Interreg projects",
            Some(Kind::Partners) => "Interreg project partners",
            None => "Interreg projects and partners",
        };
        InputFile {
            file_name: name.to_owned(),
            title: format!("keep.eu: {what}"),
            publisher: "Interact (keep.eu)".to_owned(),
            url: Some("https://keep.eu".to_owned()),
            licence: Some(
                "Free reuse with credit to keep.eu and a link to it (keep.eu, About keep.eu)"
                    .to_owned(),
            ),
        }
    } else {
        let programme = programme.unwrap_or("an Interreg programme");
        InputFile {
            file_name: name.to_owned(),
            title: format!("List of operations: {programme}"),
            publisher: format!("Managing authority of {programme}"),
            url: None,
            licence: None,
        }
    }
}

/// The texts of the rows above a workbook's header (its title rows), row by row.
fn title_rows(bytes: &[u8], known: &[&str]) -> Vec<String> {
    use calamine::Reader;
    let Ok(mut workbook) = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)) else {
        return Vec::new();
    };
    for name in workbook.sheet_names() {
        let Ok(range) = workbook.worksheet_range(&name) else {
            continue;
        };
        let rows: Vec<Vec<String>> = range
            .rows()
            .take(30)
            .map(|cells| {
                cells
                    .iter()
                    .map(|c| c.to_string().trim().to_owned())
                    .collect()
            })
            .collect();
        let Some(header) = rows.iter().position(|cells| {
            Columns::new(cells.iter().map(String::as_str)).count_known(known) >= 2
        }) else {
            continue;
        };
        return rows[..header]
            .iter()
            .map(|cells| {
                cells
                    .iter()
                    .filter(|c| !c.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .filter(|row| !row.is_empty())
            .collect();
    }
    Vec::new()
}

/// The programme a list of operations states in its title rows: `Programme: NAME`, a
/// `Programme` label followed by the name, or a title naming an Interreg programme.
fn programme_of_titles(titles: &[String]) -> Option<ProgrammeRow> {
    let is_label = |text: &str| {
        matches!(
            table::normalise(text).as_str(),
            "programme" | "programmename" | "program"
        )
    };
    for title in titles {
        let cells: Vec<&str> = title.split(" | ").collect();
        for (i, text) in cells.iter().enumerate() {
            if let Some((label, value)) = text.split_once(':')
                && is_label(label)
                && !value.trim().is_empty()
            {
                return Some(programme_row(value.trim(), None));
            }
            if is_label(text)
                && let Some(value) = cells.get(i + 1)
            {
                return Some(programme_row(value, None));
            }
        }
    }
    for title in titles {
        let found = title.char_indices().find_map(|(at, _)| {
            title
                .get(at..at + 8)
                .filter(|word| word.eq_ignore_ascii_case("interreg"))
                .and_then(|_| title.get(at..))
        });
        if let Some(name) = found {
            let name = name.split(" | ").next().unwrap_or(name);
            return Some(programme_row(name.trim(), None));
        }
    }
    None
}

/// The date a title row states the data was last updated on (`Date of last update: 31/05/2025`).
fn update_date(title: &str) -> Option<String> {
    let lower = title.to_lowercase();
    if !lower.contains("update") {
        return None;
    }
    title
        .split([':', '|'])
        .skip(1)
        .find_map(|part| parse_date(part.trim()).ok().flatten())
}

/// A programme by its name as published and its period (`Interreg Europe`, `2021-2027`):
/// named with its period once, a cooperation programme.
fn programme_row(name: &str, period: Option<&str>) -> ProgrammeRow {
    let (mut start, mut end) = years_of(name);
    let mut full = name.trim().to_owned();
    if start.is_none()
        && let Some(period) = period
    {
        (start, end) = years_of(period);
        if let (Some(s), Some(e)) = (&start, &end) {
            full = format!("{full} {s}-{e}");
        } else if let Some(s) = &start {
            full = format!("{full} {s}");
        }
    }
    ProgrammeRow {
        slug: slug(&full, 80),
        name: full,
        kind: ProgrammeKind::CooperationProgramme,
        start,
        end,
    }
}

/// A read value, or the refusal of the row.
type Read<T> = Result<T, Refusal>;

/// A cell's text, or `None` when it is empty or says the value is not available (`N.a.`).
fn given(row: &Row, column: Option<usize>) -> Option<String> {
    row.text(column).filter(|t| {
        !matches!(
            t.to_ascii_lowercase().as_str(),
            "n.a." | "n/a" | "na" | "n.a" | "-" | "none" | "null"
        )
    })
}

fn given_in(row: &Row, columns: &Columns, names: &[&str]) -> Option<String> {
    given(row, columns.find(names))
}

fn date(row: &Row, columns: &Columns, names: &[&str], what: &str) -> Read<Option<String>> {
    let Some(text) = given_in(row, columns, names) else {
        return Ok(None);
    };
    parse_date(&text).map_err(|error| Refusal::new("not a date", format!("{what}: {error}")))
}

fn amount(
    row: &Row,
    columns: &Columns,
    names: &[&str],
    label: &'static str,
    amounts: &mut Vec<Amount>,
) -> Read<()> {
    let Some(text) = given_in(row, columns, names) else {
        return Ok(());
    };
    match parse_amount(&text) {
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

/// Takes every row of a table.
fn take_table(table: &Table, collector: &mut Collector<'_>, progress: &dyn Progress) {
    if table.rows.is_empty() {
        collector.summary.file_seen(&At {
            file: table.file.clone(),
            line: 1,
        });
    }
    for row in &table.rows {
        progress.advance(1);
        let row = match row {
            Ok(row) => row,
            Err((at, reason)) => {
                collector.refuse(at, Refusal::new("unreadable row", reason.clone()));
                continue;
            }
        };
        if let Some(date) =
            given_in(row, &table.columns, UPDATED).and_then(|d| parse_date(&d).ok().flatten())
        {
            collector.note_date(&date);
        }
        let taken = project_row(table, row).and_then(|project| match table.kind {
            Kind::Projects => Ok((project, None)),
            Kind::Partners => partner_row(table, row, &project).map(|p| (project, Some(p))),
        });
        match taken {
            Ok((project, None)) => collector.project(&row.at, project),
            Ok((project, Some(partner))) => {
                collector.participation(&row.at, Some(project), partner)
            }
            Err(refusal) => collector.refuse(&row.at, refusal),
        }
    }
}

/// What a row says of its project.
fn project_row(table: &Table, row: &Row) -> Read<ProjectRow> {
    let columns = &table.columns;
    let programme = match given_in(row, columns, PROGRAMME) {
        Some(name) => Some(programme_row(
            &name,
            given_in(row, columns, PERIOD).as_deref(),
        )),
        None => table.programme.clone(),
    };
    let acronym = given_in(row, columns, ACRONYM);
    let title = given_in(row, columns, PROJECT_NAME);
    // Only keep.eu's tables (whose rows name their programme) hold keep.eu's ids; a list of
    // operations' codes are the programme's own.
    let keep_id = if table.programme.is_none() {
        given_in(row, columns, KEEP_ID).filter(|id| id.bytes().all(|b| b.is_ascii_digit()))
    } else {
        None
    };
    let key = match (&keep_id, &programme, acronym.as_ref().or(title.as_ref())) {
        (Some(id), _, _) => ProjectKey::Keep(id.clone()),
        (None, Some(programme), Some(name)) => ProjectKey::Named {
            programme: programme.slug.clone(),
            name: name.clone(),
        },
        (None, None, Some(_)) => {
            return Err(Refusal::new(
                "no project identifier",
                "the row gives no keep.eu id and no programme to name its project in",
            ));
        }
        (None, _, None) => {
            return Err(Refusal::new(
                "no project identifier",
                "the row gives no keep.eu id, acronym or project name",
            ));
        }
    };
    let start = date(row, columns, START, "start date")?;
    let end = date(row, columns, END, "end date")?;
    let mut amounts = Vec::new();
    let (total, eligible, eu) = match table.kind {
        Kind::Projects => (PROJECT_TOTAL, PROJECT_ELIGIBLE, PROJECT_EU),
        Kind::Partners => (
            PARTNER_TABLE_PROJECT_TOTAL,
            PARTNER_TABLE_PROJECT_ELIGIBLE,
            PARTNER_TABLE_PROJECT_EU,
        ),
    };
    amount(row, columns, total, "total budget", &mut amounts)?;
    amount(
        row,
        columns,
        eligible,
        "total eligible expenditure",
        &mut amounts,
    )?;
    amount(row, columns, eu, "EU funding", &mut amounts)?;
    Ok(ProjectRow {
        key: Some(key),
        acronym,
        title,
        programme,
        start,
        end,
        amounts,
        ..ProjectRow::default()
    })
}

/// What a row says of its partner.
fn partner_row(table: &Table, row: &Row, project: &ProjectRow) -> Read<ParticipationRow> {
    let columns = &table.columns;
    let name = given_in(row, columns, ORGANISATION)
        .or_else(|| given_in(row, columns, ORGANISATION_ORIGINAL))
        .ok_or_else(|| Refusal::new("no organisation name", "the partner's name is empty"))?;
    let mut amounts = Vec::new();
    amount(row, columns, PARTNER_BUDGET, "partner budget", &mut amounts)?;
    amount(
        row,
        columns,
        PARTNER_ELIGIBLE,
        "eligible expenditure",
        &mut amounts,
    )?;
    amount(row, columns, PARTNER_EU, "EU contribution", &mut amounts)?;
    let country = given_in(row, columns, COUNTRY_CODE)
        .map(|code| Country::Code(code.to_ascii_uppercase()))
        .or_else(|| {
            given_in(row, columns, COUNTRY).map(|text| {
                if text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase()) {
                    Country::Code(text)
                } else {
                    Country::Name(text)
                }
            })
        });
    let nuts = [NUTS3, NUTS2, NUTS1, NUTS]
        .into_iter()
        .find_map(|names| given_in(row, columns, names).and_then(|c| nuts_of(&c)));
    // A PIC is nine digits; a spreadsheet may show it as a number with a trailing `.0`.
    let pic = given_in(row, columns, PIC).map(|p| p.trim_end_matches(".0").replace(' ', ""));
    let (kind, kind_inferred) =
        match given_in(row, columns, KIND).and_then(|k| institution_kind(&k)) {
            Some((kind, inferred)) => (Some(kind), inferred),
            None => (None, false),
        };
    Ok(ParticipationRow {
        project: project.key.clone(),
        organisation: OrganisationRow {
            pic,
            kohesio: None,
            name,
            short_name: given_in(row, columns, SHORT_NAME),
            kind,
            kind_inferred,
            website: given_in(row, columns, WEBSITE).filter(|_| table.kind == Kind::Partners),
            place: Place {
                country,
                nuts,
                town: given_in(row, columns, TOWN),
                postcode: given_in(row, columns, POSTCODE),
                street: given_in(row, columns, STREET),
                coordinates: None,
            },
        },
        role: given_in(row, columns, ROLE).and_then(|r| role(&r)),
        amounts,
    })
}

/// A partner's role from a lead flag (`Yes`/`No`) or a role (`Lead partner`, `LP`, `Partner`).
fn role(text: &str) -> Option<String> {
    let role = match table::normalise(text).as_str() {
        "yes" | "y" | "true" | "1" | "x" | "lead" | "lp" | "leadpartner" | "leadbeneficiary" => {
            "lead partner"
        }
        "no" | "n" | "false" | "0" | "partner" | "pp" | "projectpartner" | "beneficiary" => {
            "partner"
        }
        "associatedpartner" | "associated" | "ap" => "associated partner",
        _ => return None,
    };
    Some(role.to_owned())
}

/// An organisation type of keep.eu and the lists of operations as a kind, where the type says
/// it, and whether the kind is inferred from a broader category.
fn institution_kind(text: &str) -> Option<(InstitutionKind, bool)> {
    Some(match table::normalise(text).as_str() {
        "localpublicauthority" | "regionalpublicauthority" | "nationalpublicauthority" => {
            (InstitutionKind::Government, false)
        }
        "sectoralagency" => (InstitutionKind::Agency, false),
        "sme"
        | "smallandmediumenterprise"
        | "enterpriseexceptsme"
        | "enterprise"
        | "largeenterprise" => (InstitutionKind::Company, false),
        "interestgroupsincludingngos" => (InstitutionKind::Association, false),
        "educationtrainingcentreandschool" => (InstitutionKind::EducationCentre, false),
        // Higher education and research organisations are mostly universities, but research
        // centres share the category: the kind is marked as inferred.
        "highereducationandresearch" | "highereducationandresearchorganisations" => {
            (InstitutionKind::University, true)
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::import::kohesio::tests::{entity, figure, fixture, reference, refusals};
    use crate::import::{Records, Summary};
    use crate::load::RelationRecord;
    use crate::progress::Silent;

    const PROJECTS: &str = "keep-projects.csv";
    const PARTNERS: &str = "keep-partners.csv";
    const OPERATIONS: &str = "list-of-operations-example-nowhere.xlsx";

    fn import(names: &[&str]) -> (Records, Summary) {
        let inputs: Vec<PathBuf> = names
            .iter()
            .map(|n| fixture(&format!("interreg/{n}")))
            .collect();
        crate::import::read(
            crate::import::Format::Interreg,
            &inputs,
            reference(),
            &Silent,
        )
        .expect("the fixtures read")
    }

    fn partner_in<'r>(records: &'r Records, from: &str, to: &str) -> &'r RelationRecord {
        records
            .relations
            .iter()
            .find(|r| r.rel_type == "partner_in" && r.from == from && r.to == to)
            .unwrap_or_else(|| panic!("no partner_in from {from} to {to}"))
    }

    fn relation_figure(relation: &RelationRecord, label: &str) -> Option<f64> {
        relation
            .figures
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.value)
    }

    #[test]
    fn accounts_for_every_row_with_its_line_and_reason() {
        // Partners first, as a shell's glob gives them: projects are still read first.
        let (_, summary) = import(&[PARTNERS, PROJECTS, OPERATIONS]);
        let counts = |file: &str| {
            let c = &summary.files[file];
            (c.rows, c.imported, c.merged, c.refused)
        };
        assert_eq!(counts(PROJECTS), (5, 2, 0, 3));
        assert_eq!(
            refusals(&summary, PROJECTS),
            vec![
                (4, "amount not a number"),
                (5, "no project identifier"),
                (6, "not a date")
            ]
        );
        // The second row of the sea-basin project's lead partner names a project and a PIC
        // already read: it is merged.
        assert_eq!(counts(PARTNERS), (8, 5, 1, 2));
        assert_eq!(
            refusals(&summary, PARTNERS),
            vec![(5, "no organisation name"), (6, "malformed PIC")]
        );
        assert_eq!(counts(OPERATIONS), (5, 3, 0, 2));
        assert_eq!(
            refusals(&summary, OPERATIONS),
            vec![(8, "amount not a number"), (9, "no organisation name")]
        );
    }

    #[test]
    fn reads_keep_eu_projects_and_programmes() {
        let (records, _) = import(&[PARTNERS, PROJECTS, OPERATIONS]);
        let digi = entity(&records, "project:keep-999001");
        assert_eq!(digi.name, "Example digital regions network");
        assert_eq!(digi.aliases, vec!["EXAMPLE-DIGI"]);
        assert_eq!(
            (digi.start.as_deref(), digi.end.as_deref()),
            (Some("2023-03-01"), Some("2027-02-28"))
        );
        assert_eq!(figure(digi, "total budget"), Some(1_950_000.0));
        assert_eq!(figure(digi, "EU funding"), Some(1_560_000.0));
        assert_eq!(
            digi.programme.as_deref(),
            Some("programme:interreg-europe-2021-2027")
        );
        let europe = entity(&records, "programme:interreg-europe-2021-2027");
        assert_eq!(europe.name, "Interreg Europe 2021-2027");
        assert_eq!(europe.kind.as_deref(), Some("cooperation_programme"));
        assert_eq!(
            (europe.start.as_deref(), europe.end.as_deref()),
            (Some("2021"), Some("2027"))
        );
        // Without a keep.eu id, a project is named by its acronym within its programme.
        let sea = entity(&records, "project:2014-2020-interreg-vb-example-sea-exsea");
        assert_eq!(sea.name, "Example sea-basin cooperation");
        assert_eq!(figure(sea, "total budget"), Some(2_349_367.02));
        assert_eq!(figure(sea, "EU funding"), Some(1_879_493.6));
        assert_eq!(
            records.sources[0].title,
            "keep.eu: Interreg project partners"
        );
        assert_eq!(records.sources[1].title, "keep.eu: Interreg projects");
    }

    #[test]
    fn keeps_one_institution_per_pic_across_files() {
        let (records, _) = import(&[PARTNERS, PROJECTS, OPERATIONS]);
        let agency = entity(&records, "institution:pic-999999001");
        assert_eq!(agency.name, "Example Regional Agency");
        assert_eq!(agency.kind.as_deref(), Some("agency"));
        assert_eq!(agency.sources.len(), 2);
        let lead = partner_in(&records, "institution:pic-999999001", "project:keep-999001");
        assert_eq!(lead.role.as_deref(), Some("lead partner"));
        assert_eq!(relation_figure(lead, "partner budget"), Some(250_000.0));
        assert_eq!(relation_figure(lead, "EU contribution"), Some(200_000.0));
        let sea = partner_in(
            &records,
            "institution:pic-999999001",
            "project:2014-2020-interreg-vb-example-sea-exsea",
        );
        assert_eq!(relation_figure(sea, "partner budget"), Some(1000.5));
        assert_eq!(relation_figure(sea, "EU contribution"), Some(850.43));
        let nature = partner_in(
            &records,
            "institution:pic-999999001",
            "project:interreg-vi-a-example-nowhere-2021-2027-exnw",
        );
        assert_eq!(nature.role.as_deref(), Some("lead partner"));
        assert_eq!(
            relation_figure(nature, "eligible expenditure"),
            Some(300_000.0)
        );
        assert_eq!(relation_figure(nature, "EU contribution"), Some(240_000.0));
        let university = entity(&records, "institution:pic-999999002");
        assert_eq!(university.kind.as_deref(), Some("university"));
        let exchange = partner_in(
            &records,
            "institution:pic-999999002",
            "project:interreg-vi-a-example-nowhere-2021-2027-exnw2",
        );
        assert_eq!(
            relation_figure(exchange, "eligible expenditure"),
            Some(12_500.75)
        );
        assert_eq!(relation_figure(exchange, "EU contribution"), Some(10_000.6));
        let pics = records
            .entities
            .iter()
            .filter(|e| e.id.starts_with("institution:pic-"))
            .count();
        assert_eq!(pics, 2);
        let coastal = partner_in(
            &records,
            "institution:example-coastal-company-porto-portugal",
            "project:keep-999001",
        );
        assert_eq!(coastal.role.as_deref(), Some("partner"));
        assert_eq!(relation_figure(coastal, "partner budget"), Some(90_000.0));
    }

    #[test]
    fn places_partners_by_nuts_code_or_country_name() {
        let (records, summary) = import(&[PARTNERS, PROJECTS, OPERATIONS]);
        let located = |id: &str| entity(&records, id).located_in.clone();
        assert_eq!(
            located("institution:pic-999999001").as_deref(),
            Some("region:es-s")
        );
        assert_eq!(
            located("institution:pic-999999002").as_deref(),
            Some("region:nuts-el303")
        );
        assert_eq!(
            located("institution:example-coastal-company-porto-portugal").as_deref(),
            Some("region:nuts-pt11")
        );
        // A country name alone places a partner in its country.
        let council = records
            .entities
            .iter()
            .find(|e| e.name.starts_with("Example Local Council"))
            .expect("the council");
        assert_eq!(council.located_in.as_deref(), Some("region:es"));
        assert_eq!(council.kind.as_deref(), Some("government"));
        // An unknown NUTS code is counted; the partner is placed in its country.
        let unknown = records
            .entities
            .iter()
            .find(|e| e.name == "Example Unknown Place Association")
            .expect("the association");
        assert_eq!(unknown.located_in.as_deref(), Some("region:es"));
        assert_eq!(unknown.kind.as_deref(), Some("association"));
        assert_eq!(summary.unknown_nuts.get("ZZ999"), Some(&1));
    }

    #[test]
    fn reads_a_list_of_operations_under_its_title_rows() {
        let (records, _) = import(&[OPERATIONS]);
        let programme = entity(
            &records,
            "programme:interreg-vi-a-example-nowhere-2021-2027",
        );
        assert_eq!(programme.name, "Interreg VI-A Example-Nowhere 2021-2027");
        let park = entity(
            &records,
            "project:interreg-vi-a-example-nowhere-2021-2027-exnw",
        );
        assert_eq!(park.name, "Example cross-border nature park");
        assert_eq!(
            (park.start.as_deref(), park.end.as_deref()),
            (Some("2023-09-01"), Some("2026-08-31"))
        );
        let source = &records.sources[0];
        assert_eq!(
            source.title,
            "List of operations: Interreg VI-A Example-Nowhere 2021-2027"
        );
        assert_eq!(source.date.as_deref(), Some("2025-05-31"));
        let municipality = records
            .entities
            .iter()
            .find(|e| e.name == "Example Northern Municipality")
            .expect("the municipality");
        assert_eq!(municipality.located_in.as_deref(), Some("region:nuts-pt11"));
        assert_eq!(municipality.kind.as_deref(), Some("government"));
    }

    #[test]
    fn refuses_a_file_that_is_not_interreg() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let csv = dir.path().join("other.csv");
        std::fs::write(&csv, "id;title\n1;x\n").expect("written");
        let error = crate::import::read(
            crate::import::Format::Interreg,
            &[csv],
            reference(),
            &Silent,
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(
            error.starts_with("other.csv: not an Interreg table"),
            "{error}"
        );
        let xlsx = dir.path().join("other.xlsx");
        std::fs::write(&xlsx, "not a workbook").expect("written");
        let error = crate::import::read(
            crate::import::Format::Interreg,
            &[xlsx],
            reference(),
            &Silent,
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(error.starts_with("other.xlsx: "), "{error}");
    }

    #[test]
    fn reads_roles_kinds_and_programmes() {
        assert_eq!(role("Yes").as_deref(), Some("lead partner"));
        assert_eq!(role("LP").as_deref(), Some("lead partner"));
        assert_eq!(role("Project partner").as_deref(), Some("partner"));
        assert_eq!(role("Local public authority"), None);
        assert_eq!(
            institution_kind("SME"),
            Some((InstitutionKind::Company, false))
        );
        assert_eq!(institution_kind("Business support organisation"), None);
        let programme = programme_row("2014 - 2020 INTERREG VB North Sea", Some("2014-2020"));
        assert_eq!(programme.name, "2014 - 2020 INTERREG VB North Sea");
        assert_eq!(programme.slug, "2014-2020-interreg-vb-north-sea");
        assert_eq!(
            programme_row("Interreg Europe", Some("2021-2027")).slug,
            "interreg-europe-2021-2027"
        );
        assert_eq!(
            update_date("Date of last update: | 31/05/2025").as_deref(),
            Some("2025-05-31")
        );
    }
}
