//! The CORDIS reader: EU research projects (FP7, Horizon 2020, Horizon Europe) and their
//! participants, from the publisher's zips or the `project.csv` and `organization.csv` inside.
//!
//! Every project table is read before any organisation table, so that a participation can be
//! checked against the projects of every input. Columns are found by header name, since
//! programmes and years differ (some add `keywords`, some lack `nature`).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::rows::{
    Amount, At, Country, InputFile, OrganisationRow, ParticipationRow, Place, ProgrammeRow,
    ProjectKey, ProjectRow, Refusal,
};
use super::table::{Columns, ProgressReader, Row, read_csv, sniff_separator};
use super::values::{cell, parse_coordinates, parse_date, row_amount, row_date, slug};
use super::{Collector, ImportError, file_name};
use crate::model::{InstitutionKind, ProgrammeKind};
use crate::progress::Progress;

/// What a CORDIS table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    /// `project.csv`: one row per project.
    Projects,
    /// `organization.csv`: one row per participation of an organisation in a project.
    Organisations,
}

/// Where a table is: a file, or a member of a zip.
struct TableInput {
    path: PathBuf,
    /// The input as shown in messages.
    shown: String,
    member: Option<String>,
    table: Table,
    handle: usize,
}

/// Reads CORDIS inputs: zips and loose CSV files, in any order.
pub fn read(
    inputs: &[PathBuf],
    collector: &mut Collector<'_>,
    progress: &dyn Progress,
) -> Result<(), ImportError> {
    let mut tables = Vec::new();
    for (path, shown) in inputs.iter().zip(super::shown_names(inputs)) {
        let handle = collector.begin_file(input_file(&shown));
        if is_zip(path)? {
            tables.extend(zip_tables(path, &shown, handle)?);
        } else {
            let table = csv_table(path)?;
            tables.push(TableInput {
                path: path.clone(),
                shown,
                member: None,
                table,
                handle,
            });
        }
    }
    tables.sort_by_key(|t| t.table != Table::Projects);
    for input in &tables {
        collector.switch_to(input.handle);
        let shown: Arc<str> = match &input.member {
            Some(member) => format!("{}/{member}", input.shown).into(),
            None => input.shown.as_str().into(),
        };
        read_table(input, &shown, collector, progress)?;
    }
    Ok(())
}

/// The source record of an input file, named after the programme its file name gives.
fn input_file(name: &str) -> InputFile {
    let lower = name.to_ascii_lowercase();
    let programme = if lower.contains("horizon") {
        "Horizon Europe projects"
    } else if lower.contains("h2020") {
        "Horizon 2020 projects"
    } else if lower.contains("fp7") {
        "FP7 projects"
    } else {
        "EU research projects"
    };
    InputFile {
        file_name: name.to_owned(),
        title: format!("CORDIS: {programme} and their participants ({name})"),
        publisher: "Publications Office of the European Union (CORDIS)".to_owned(),
        url: Some("https://cordis.europa.eu/".to_owned()),
        // The EU Open Data Portal publishes the CORDIS datasets under CC BY 4.0.
        licence: Some("CC-BY-4.0".to_owned()),
    }
}

fn open(path: &Path) -> Result<File, ImportError> {
    File::open(path).map_err(|source| ImportError::Read {
        path: path.to_owned(),
        source,
    })
}

/// Whether a file is a zip, by its first bytes.
fn is_zip(path: &Path) -> Result<bool, ImportError> {
    let mut magic = [0u8; 4];
    let mut file = open(path)?;
    let n = file.read(&mut magic).map_err(|source| ImportError::Read {
        path: path.to_owned(),
        source,
    })?;
    Ok(n == 4 && magic == *b"PK\x03\x04")
}

fn zip_error(path: &Path, error: &zip::result::ZipError) -> ImportError {
    ImportError::Unreadable {
        file: file_name(path),
        reason: format!("not a readable zip: {error}"),
    }
}

/// The project and organisation tables inside a zip, by member name.
fn zip_tables(path: &Path, shown: &str, handle: usize) -> Result<Vec<TableInput>, ImportError> {
    let archive = zip::ZipArchive::new(open(path)?).map_err(|e| zip_error(path, &e))?;
    let mut tables = Vec::new();
    for member in archive.file_names() {
        let member = member.map_err(|e| zip_error(path, &e))?;
        let member: &str = &member;
        let base = member
            .rsplit('/')
            .next()
            .unwrap_or(member)
            .to_ascii_lowercase();
        let table = match base.as_str() {
            "project.csv" => Table::Projects,
            "organization.csv" | "organisation.csv" => Table::Organisations,
            _ => continue,
        };
        tables.push(TableInput {
            path: path.to_owned(),
            shown: shown.to_owned(),
            member: Some(member.to_owned()),
            table,
            handle,
        });
    }
    if !tables.iter().any(|t| t.table == Table::Projects)
        || !tables.iter().any(|t| t.table == Table::Organisations)
    {
        return Err(ImportError::Unreadable {
            file: file_name(path),
            reason:
                "the zip holds no project.csv and organization.csv, as CORDIS's project zips do"
                    .to_owned(),
        });
    }
    tables.sort_by(|a, b| a.member.cmp(&b.member));
    Ok(tables)
}

/// Which table a loose CSV file is, by its header.
fn csv_table(path: &Path) -> Result<Table, ImportError> {
    let mut head = vec![0u8; 64 * 1024];
    let mut file = open(path)?;
    let n = file.read(&mut head).map_err(|source| ImportError::Read {
        path: path.to_owned(),
        source,
    })?;
    head.truncate(n);
    let separator = sniff_separator(&head);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .flexible(true)
        .from_reader(head.as_slice());
    let header = reader.byte_headers().cloned().unwrap_or_default();
    let names: Vec<String> = header
        .iter()
        .map(|h| {
            String::from_utf8_lossy(h)
                .trim_start_matches('\u{feff}')
                .to_owned()
        })
        .collect();
    let columns = Columns::new(names.iter().map(String::as_str));
    if columns.find(&["organisationID"]).is_some() && columns.find(&["projectID"]).is_some() {
        Ok(Table::Organisations)
    } else if columns.find(&["id"]).is_some() && columns.find(&["acronym"]).is_some() {
        Ok(Table::Projects)
    } else {
        Err(ImportError::Unreadable {
            file: file_name(path),
            reason: "neither a CORDIS project.csv (columns id, acronym, title, ...) nor an \
                     organization.csv (columns projectID, organisationID, name, ...), nor a zip"
                .to_owned(),
        })
    }
}

/// Reads one table into the collector.
fn read_table(
    input: &TableInput,
    shown: &Arc<str>,
    collector: &mut Collector<'_>,
    progress: &dyn Progress,
) -> Result<(), ImportError> {
    let mut rows = RowSink::new(input.table, collector);
    match &input.member {
        None => {
            let file = open(&input.path)?;
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            progress.start(shown, size);
            let mut head = [0u8; 4096];
            let n = File::open(&input.path)
                .and_then(|mut f| f.read(&mut head))
                .unwrap_or(0);
            let separator = sniff_separator(&head[..n]);
            let reader = ProgressReader::new(std::io::BufReader::new(file), progress);
            let columns = read_csv(reader, shown, separator, |columns, row| {
                rows.take(columns, row)
            });
            progress.finish();
            rows.check_columns(&columns?, shown)?;
        }
        Some(member) => {
            let mut archive =
                zip::ZipArchive::new(open(&input.path)?).map_err(|e| zip_error(&input.path, &e))?;
            let entry = archive
                .by_name(member)
                .map_err(|e| zip_error(&input.path, &e))?;
            progress.start(shown, entry.size());
            let reader = ProgressReader::new(std::io::BufReader::new(entry), progress);
            // CORDIS writes `;`-separated files; a header line is checked below.
            let columns = read_csv(reader, shown, b';', |columns, row| rows.take(columns, row));
            progress.finish();
            rows.check_columns(&columns?, shown)?;
        }
    }
    Ok(())
}

/// The columns of the project table.
struct ProjectColumns {
    id: Option<usize>,
    acronym: Option<usize>,
    status: Option<usize>,
    title: Option<usize>,
    start: Option<usize>,
    end: Option<usize>,
    total_cost: Option<usize>,
    ec_max: Option<usize>,
    framework: Option<usize>,
    funding_scheme: Option<usize>,
    updated: Option<usize>,
}

impl ProjectColumns {
    fn new(columns: &Columns) -> Self {
        ProjectColumns {
            id: columns.find(&["id", "projectID"]),
            acronym: columns.find(&["acronym", "projectAcronym"]),
            status: columns.find(&["status"]),
            title: columns.find(&["title"]),
            start: columns.find(&["startDate"]),
            end: columns.find(&["endDate"]),
            total_cost: columns.find(&["totalCost"]),
            ec_max: columns.find(&["ecMaxContribution"]),
            framework: columns.find(&["frameworkProgramme"]),
            funding_scheme: columns.find(&["fundingScheme"]),
            updated: columns.find(&["contentUpdateDate"]),
        }
    }
}

/// The columns of the organisation table.
struct OrganisationColumns {
    project: Option<usize>,
    pic: Option<usize>,
    name: Option<usize>,
    short_name: Option<usize>,
    activity: Option<usize>,
    street: Option<usize>,
    postcode: Option<usize>,
    city: Option<usize>,
    country: Option<usize>,
    nuts: Option<usize>,
    geolocation: Option<usize>,
    url: Option<usize>,
    role: Option<usize>,
    ec: Option<usize>,
    net_ec: Option<usize>,
    total_cost: Option<usize>,
    updated: Option<usize>,
}

impl OrganisationColumns {
    fn new(columns: &Columns) -> Self {
        OrganisationColumns {
            project: columns.find(&["projectID"]),
            pic: columns.find(&["organisationID", "organizationID"]),
            name: columns.find(&["name"]),
            short_name: columns.find(&["shortName"]),
            activity: columns.find(&["activityType"]),
            street: columns.find(&["street"]),
            postcode: columns.find(&["postCode"]),
            city: columns.find(&["city"]),
            country: columns.find(&["country"]),
            nuts: columns.find(&["nutsCode"]),
            geolocation: columns.find(&["geolocation"]),
            url: columns.find(&["organizationURL", "organisationURL"]),
            role: columns.find(&["role"]),
            ec: columns.find(&["ecContribution"]),
            net_ec: columns.find(&["netEcContribution"]),
            total_cost: columns.find(&["totalCost"]),
            updated: columns.find(&["contentUpdateDate"]),
        }
    }
}

/// Receives the rows of one table and hands them to the collector.
struct RowSink<'c, 'g> {
    table: Table,
    collector: &'c mut Collector<'g>,
    projects: Option<ProjectColumns>,
    organisations: Option<OrganisationColumns>,
}

impl<'c, 'g> RowSink<'c, 'g> {
    fn new(table: Table, collector: &'c mut Collector<'g>) -> Self {
        RowSink {
            table,
            collector,
            projects: None,
            organisations: None,
        }
    }

    /// Fails when the header lacks the columns every row needs.
    fn check_columns(&self, columns: &Columns, shown: &Arc<str>) -> Result<(), ImportError> {
        let needed: &[&str] = match self.table {
            Table::Projects => &["id", "title", "frameworkProgramme"],
            Table::Organisations => &["projectID", "organisationID", "name", "country"],
        };
        let missing: Vec<&str> = needed
            .iter()
            .copied()
            .filter(|name| columns.find(&[name]).is_none())
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(ImportError::Unreadable {
            file: shown.to_string(),
            reason: format!(
                "the header lacks the column{} {}: is this a CORDIS {}?",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", "),
                match self.table {
                    Table::Projects => "project.csv",
                    Table::Organisations => "organization.csv",
                }
            ),
        })
    }

    fn take(&mut self, columns: &Columns, row: Result<Row, (At, String)>) {
        let row = match row {
            Ok(row) => row,
            Err((at, reason)) => {
                self.collector
                    .refuse(&at, Refusal::new("unreadable row", reason));
                return;
            }
        };
        match self.table {
            Table::Projects => {
                let c = self
                    .projects
                    .get_or_insert_with(|| ProjectColumns::new(columns));
                let at = row.at.clone();
                if let Some(date) = c
                    .updated
                    .and_then(|u| parse_date(row.get(Some(u))).ok().flatten())
                {
                    self.collector.note_date(&date);
                }
                match project(c, &row) {
                    Ok(project) => self.collector.project(&at, project),
                    Err(refusal) => self.collector.refuse(&at, refusal),
                }
            }
            Table::Organisations => {
                let c = self
                    .organisations
                    .get_or_insert_with(|| OrganisationColumns::new(columns));
                let at = row.at.clone();
                if let Some(date) = c
                    .updated
                    .and_then(|u| parse_date(row.get(Some(u))).ok().flatten())
                {
                    self.collector.note_date(&date);
                }
                match participation(c, &row) {
                    Ok(participation) => self.collector.participation(&at, None, participation),
                    Err(refusal) => self.collector.refuse(&at, refusal),
                }
            }
        }
    }
}

fn date(row: &Row, column: Option<usize>, field: &str) -> Result<Option<String>, Refusal> {
    row_date(row.get(column), field)
}

fn amount(
    row: &Row,
    column: Option<usize>,
    label: &'static str,
    field: &str,
    amounts: &mut Vec<Amount>,
) -> Result<(), Refusal> {
    row_amount(row.get(column), label, field, amounts)
}

/// The programme of a `frameworkProgramme` value.
fn programme(value: &str) -> Option<ProgrammeRow> {
    let value = cell(value)?;
    let (slug_text, name) = match value.to_ascii_uppercase().as_str() {
        "HORIZON" | "HORIZON EUROPE" | "HE" => {
            ("horizon-europe".to_owned(), "Horizon Europe".to_owned())
        }
        "H2020" => ("horizon-2020".to_owned(), "Horizon 2020".to_owned()),
        "FP7" => (
            "fp7".to_owned(),
            "Seventh Framework Programme (FP7)".to_owned(),
        ),
        _ => (format!("cordis-{}", slug(value, 40)), value.to_owned()),
    };
    Some(ProgrammeRow {
        slug: slug_text,
        name,
        kind: ProgrammeKind::FundingProgramme,
        start: None,
        end: None,
    })
}

fn project(c: &ProjectColumns, row: &Row) -> Result<ProjectRow, Refusal> {
    let id = row.get(c.id);
    if id.is_empty() {
        return Err(Refusal::new("no project identifier", "column id is empty"));
    }
    let mut amounts = Vec::new();
    amount(row, c.total_cost, "total cost", "totalCost", &mut amounts)?;
    amount(
        row,
        c.ec_max,
        "maximum EU contribution",
        "ecMaxContribution",
        &mut amounts,
    )?;
    Ok(ProjectRow {
        key: Some(ProjectKey::Cordis(id.to_owned())),
        acronym: row.text(c.acronym),
        title: row.text(c.title),
        programme: programme(row.get(c.framework)),
        start: date(row, c.start, "startDate")?,
        end: date(row, c.end, "endDate")?,
        status: row.text(c.status),
        funding_scheme: row.text(c.funding_scheme),
        amounts,
        place: Place::default(),
    })
}

/// An institution kind from CORDIS's activity type, and whether it is a reading of a broader
/// category.
fn kind(activity: &str) -> (Option<InstitutionKind>, bool) {
    match activity.to_ascii_uppercase().as_str() {
        // Higher or secondary education establishments: nearly all of them are universities,
        // so the kind is marked as inferred.
        "HES" => (Some(InstitutionKind::University), true),
        "REC" => (Some(InstitutionKind::ResearchCentre), false),
        // Private for-profit entities.
        "PRC" => (Some(InstitutionKind::Company), false),
        // Public bodies other than research and education: marked as inferred, since agencies
        // are among them.
        "PUB" => (Some(InstitutionKind::Government), true),
        "OTH" => (Some(InstitutionKind::Other), false),
        _ => (None, false),
    }
}

fn participation(c: &OrganisationColumns, row: &Row) -> Result<ParticipationRow, Refusal> {
    let project = row.get(c.project);
    if project.is_empty() {
        return Err(Refusal::new(
            "no project identifier",
            "column projectID is empty",
        ));
    }
    let name = row.get(c.name);
    if name.is_empty() {
        return Err(Refusal::new("no organisation name", "column name is empty"));
    }
    let mut amounts = Vec::new();
    amount(row, c.ec, "EU contribution", "ecContribution", &mut amounts)?;
    amount(
        row,
        c.net_ec,
        "net EU contribution",
        "netEcContribution",
        &mut amounts,
    )?;
    amount(row, c.total_cost, "total cost", "totalCost", &mut amounts)?;
    let coordinates = parse_coordinates(row.get(c.geolocation))
        .map_err(|e| Refusal::new("coordinates not a place", format!("geolocation: {e}")))?;
    let (kind, kind_inferred) = kind(row.get(c.activity));
    Ok(ParticipationRow {
        project: Some(ProjectKey::Cordis(project.to_owned())),
        organisation: OrganisationRow {
            pic: row.text(c.pic),
            kohesio: None,
            name: name.to_owned(),
            short_name: row.text(c.short_name),
            kind,
            kind_inferred,
            place_inferred: false,
            website: row.text(c.url),
            place: Place {
                country: row.text(c.country).map(Country::Code),
                nuts: row.text(c.nuts),
                town: row.text(c.city),
                postcode: row.text(c.postcode),
                street: row.text(c.street),
                coordinates,
            },
        },
        role: row.text(c.role),
        amounts,
    })
}
