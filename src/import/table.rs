//! Tables as publishers ship them (CSV with any separator, a byte-order mark or not; xlsx
//! sheets with title rows above the header): rows of text cells, columns found by header name.

use std::io::Read;
use std::sync::Arc;

use super::ImportError;
use super::rows::At;

/// A header name reduced to lower-case letters and digits, so that `Project ID`,
/// `project_id` and `projectID` are the same column.
pub fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The columns of a table, found by name.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    names: Vec<String>,
}

impl Columns {
    /// The columns of a header row.
    pub fn new<'a>(header: impl IntoIterator<Item = &'a str>) -> Self {
        Columns {
            names: header.into_iter().map(normalise).collect(),
        }
    }

    /// The position of the first column named by any of `candidates` (compared normalised).
    pub fn find(&self, candidates: &[&str]) -> Option<usize> {
        candidates.iter().find_map(|candidate| {
            let wanted = normalise(candidate);
            self.names.iter().position(|name| *name == wanted)
        })
    }

    /// How many of `candidates` name a column; used to find the header row of a sheet.
    pub fn count_known(&self, candidates: &[&str]) -> usize {
        candidates
            .iter()
            .filter(|c| self.find(&[c]).is_some())
            .count()
    }
}

/// One data row: its place and its cells.
#[derive(Debug, Clone)]
pub struct Row {
    /// Where it was read.
    pub at: At,
    /// Its cells, as text.
    pub cells: Vec<String>,
}

impl Row {
    /// The trimmed text of a column, or `""` when the column is missing or the row short.
    pub fn get(&self, column: Option<usize>) -> &str {
        column
            .and_then(|c| self.cells.get(c))
            .map_or("", |cell| cell.trim())
    }

    /// The text of a column, or `None` when it is empty.
    pub fn text(&self, column: Option<usize>) -> Option<String> {
        let text = self.get(column);
        (!text.is_empty()).then(|| text.to_owned())
    }

    /// Whether every cell is empty.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// Guesses a CSV file's separator from its header line: the most frequent of `;`, `,`, tab.
pub fn sniff_separator(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|&sep| line.iter().filter(|&&b| b == sep).count())
        .unwrap_or(b',')
}

/// Reads a CSV table: the header row, then every row with the line it starts on. A row that
/// is not valid UTF-8 or cannot be parsed reaches `on_row` as an `Err` with its line, and the
/// reading goes on.
pub fn read_csv(
    input: impl Read,
    file: &Arc<str>,
    separator: u8,
    mut on_row: impl FnMut(&Columns, Result<Row, (At, String)>),
) -> Result<Columns, ImportError> {
    // Rows end at `\n` only: with the default (`\r`, `\n` or `\r\n`), the `csv` crate
    // counts a CRLF row's `\n` as the start of the next row, and every line would be one
    // early. A `\r` left at the end of a row's last cell is trimmed with the cell.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .flexible(true)
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(input);
    let mut record = csv::ByteRecord::new();
    let unreadable = |error: csv::Error| ImportError::Unreadable {
        file: file.to_string(),
        reason: error.to_string(),
    };
    if !reader.read_byte_record(&mut record).map_err(unreadable)? {
        return Err(ImportError::Unreadable {
            file: file.to_string(),
            reason: "the file is empty: no header row".to_owned(),
        });
    }
    let header: Vec<String> = record
        .iter()
        .map(|cell| {
            String::from_utf8_lossy(cell)
                .trim_start_matches('\u{feff}')
                .to_owned()
        })
        .collect();
    let columns = Columns::new(header.iter().map(String::as_str));
    loop {
        let line_before = reader.position().line() as usize;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line_before, |p| p.line() as usize);
                let at = At {
                    file: file.clone(),
                    line,
                };
                let cells: Result<Vec<String>, usize> = record
                    .iter()
                    .enumerate()
                    .map(|(i, cell)| std::str::from_utf8(cell).map(str::to_owned).map_err(|_| i))
                    .collect();
                let row = match cells {
                    Ok(cells) => Ok(Row { at, cells }),
                    Err(column) => {
                        Err((at, format!("column {} is not valid UTF-8 text", column + 1)))
                    }
                };
                if let Ok(row) = &row
                    && row.is_blank()
                {
                    continue;
                }
                on_row(&columns, row);
            }
            Err(error) => {
                let line = error.position().map_or(line_before, |p| p.line() as usize);
                let at = At {
                    file: file.clone(),
                    line,
                };
                // An I/O error ends the file; a malformed row is refused and the rest read.
                if matches!(error.kind(), csv::ErrorKind::Io(_)) {
                    return Err(unreadable(error));
                }
                on_row(&columns, Err((at, error.to_string())));
            }
        }
    }
    Ok(columns)
}

/// Reads the first sheet of a workbook (xlsx, xls, ods) whose header row names at least
/// `min_known` of `known` columns; title rows above the header are skipped. Each data row
/// keeps its spreadsheet row number as its line.
pub fn read_sheet(
    bytes: Vec<u8>,
    file: &Arc<str>,
    known: &[&str],
    min_known: usize,
) -> Result<(Columns, Vec<Row>), ImportError> {
    use calamine::Reader;
    let unreadable = |reason: String| ImportError::Unreadable {
        file: file.to_string(),
        reason,
    };
    let mut workbook = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| unreadable(format!("not a readable workbook: {e}")))?;
    for name in workbook.sheet_names() {
        let Ok(range) = workbook.worksheet_range(&name) else {
            continue;
        };
        let first_row = range.start().map_or(0, |(row, _)| row as usize);
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|cells| cells.iter().map(cell_text).collect())
            .collect();
        // The header is the first of the top rows that names enough known columns.
        let Some(header_at) = rows.iter().take(30).position(|cells| {
            Columns::new(cells.iter().map(String::as_str)).count_known(known) >= min_known
        }) else {
            continue;
        };
        let columns = Columns::new(rows[header_at].iter().map(String::as_str));
        let data = rows
            .into_iter()
            .enumerate()
            .skip(header_at + 1)
            .map(|(i, cells)| Row {
                at: At {
                    file: file.clone(),
                    line: first_row + i + 1,
                },
                cells,
            })
            .filter(|row| !row.is_blank())
            .collect();
        return Ok((columns, data));
    }
    Err(unreadable(format!(
        "no sheet has a header row naming the expected columns (such as {})",
        known.iter().take(4).copied().collect::<Vec<_>>().join(", ")
    )))
}

/// A cell's text: numbers without a trailing `.0`, dates as ISO dates.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()).unwrap_or_else(|| d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel serial date (days since 1899-12-30) as an ISO date.
fn excel_date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Days from 1970-01-01 to the civil date, after Howard Hinnant's algorithm.
    let days = serial.floor() as i64 - 25_569;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// A reader that reports the bytes it reads to a progress display.
pub struct ProgressReader<'p, R> {
    inner: R,
    progress: &'p dyn crate::progress::Progress,
    pending: u64,
}

impl<'p, R: Read> ProgressReader<'p, R> {
    /// Wraps `inner`; the caller has started the phase.
    pub fn new(inner: R, progress: &'p dyn crate::progress::Progress) -> Self {
        ProgressReader {
            inner,
            progress,
            pending: 0,
        }
    }
}

impl<R: Read> Read for ProgressReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pending += n as u64;
        // Report in steps of 1 MiB, so that the display costs nothing per read.
        if self.pending >= 1 << 20 || n == 0 {
            self.progress.advance(self.pending);
            self.pending = 0;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_columns_by_any_spelling() {
        let columns = Columns::new(["projectID", "Project Acronym", "nuts_code"]);
        assert_eq!(columns.find(&["project id"]), Some(0));
        assert_eq!(columns.find(&["acronym", "projectAcronym"]), Some(1));
        assert_eq!(columns.find(&["NUTS code"]), Some(2));
        assert_eq!(columns.find(&["nature"]), None);
    }

    #[test]
    fn sniffs_separators_and_reads_excel_dates() {
        assert_eq!(sniff_separator(b"\"id\";\"acronym\";\"x,y\"\n"), b';');
        assert_eq!(sniff_separator(b"a,b,c\n1;2"), b',');
        assert_eq!(excel_date(45_000.0).as_deref(), Some("2023-03-15"));
        assert_eq!(excel_date(1.0).as_deref(), Some("1899-12-31"));
    }
}
