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

use super::kohesio::nuts_of;
use super::rows::{
    Amount, At, Country, InputFile, OrganisationRow, ParticipationRow, Place, ProgrammeRow,
    ProjectKey, ProjectRow, Refusal,
};
use super::table::{self, Columns, Row};
use super::values::{parse_date, row_amount, row_date};
use super::{Collector, ImportError};
use crate::model::InstitutionKind;
use crate::progress::Progress;

mod columns;
mod titles;

use columns::*;
use titles::{programme_of_titles, programme_row, title_rows, update_date};

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
    let columns = table::read_csv(body, &file, separator, |_, row| rows.push(row))?;
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
    match given_in(row, columns, names) {
        Some(text) => row_date(&text, what),
        None => Ok(None),
    }
}

fn amount(
    row: &Row,
    columns: &Columns,
    names: &[&str],
    label: &'static str,
    amounts: &mut Vec<Amount>,
) -> Read<()> {
    match given_in(row, columns, names) {
        Some(text) => row_amount(&text, label, label, amounts),
        None => Ok(()),
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
            place_inferred: false,
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
mod tests;
