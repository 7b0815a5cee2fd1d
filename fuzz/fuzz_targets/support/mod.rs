//! What the import fuzz targets share: a small served graph built once, a scratch
//! directory per process, and the check every import's output must pass.
//!
//! The served graph is a copy of a few lines of `data/reference-*.jsonl` (Spain, Cantabria,
//! Greece, Portugal, the United Kingdom, Mexico and some NUTS regions) and a hand-written,
//! fictional `curated.toml` whose institutions and project the fixtures' PICs, Kohesio items
//! and CORDIS ids name, so that the "already served" paths of the collector run too.

#![allow(dead_code)] // Each target uses part of this module.

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use regiograph::import::{self, Format};
use regiograph::load::{self, LoadError};
use regiograph::model::Graph;
use regiograph::progress::Silent;

/// The served data, as files written to the scratch directory once.
const SERVED: &[(&str, &str)] = &[
    ("curated.toml", include_str!("../../served/curated.toml")),
    (
        "reference-sources.jsonl",
        include_str!("../../served/reference-sources.jsonl"),
    ),
    (
        "reference-entities.jsonl",
        include_str!("../../served/reference-entities.jsonl"),
    ),
    (
        "reference-relations.jsonl",
        include_str!("../../served/reference-relations.jsonl"),
    ),
];

/// The per-process state of a target.
pub struct Harness {
    /// The served data directory.
    served: PathBuf,
    /// The graph loaded from it.
    graph: Graph,
    /// Where inputs are written, emptied before each input.
    inputs: PathBuf,
    /// Where an import's output directory goes.
    out: PathBuf,
}

/// The harness, built on the first input. The scratch directory is under the temporary
/// directory (`TMPDIR`; `scripts/fuzz.sh` points it at a directory it removes afterwards).
pub fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("regiograph-fuzz-{}", std::process::id()));
        let served = root.join("served");
        let inputs = root.join("inputs");
        std::fs::create_dir_all(&served).expect("create the served directory");
        std::fs::create_dir_all(&inputs).expect("create the inputs directory");
        for (name, text) in SERVED {
            std::fs::write(served.join(name), text).expect("write the served data");
        }
        let (graph, _) = load::load_dirs_with_progress(std::slice::from_ref(&served), &Silent)
            .unwrap_or_else(|e| panic!("the served sample does not load: {e}"));
        Harness {
            served,
            graph,
            inputs,
            out: root.join("import"),
        }
    })
}

impl Harness {
    /// Writes an input file under `name` and returns its path.
    pub fn input(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.inputs.join(name);
        std::fs::write(&path, bytes).expect("write the input file");
        path
    }

    /// Imports `inputs`; when the import succeeds, writes its directory and loads it beside
    /// the served data. A read error is a fine answer to bad input; an output that does not
    /// load is a finding.
    pub fn check(&self, format: Format, inputs: &[PathBuf]) {
        let Ok((records, summary)) = import::read(format, inputs, &self.graph, &Silent) else {
            return;
        };
        import::write_dir(&records, &summary, &self.out)
            .unwrap_or_else(|e| panic!("cannot write the import: {e}"));
        let dirs = [self.served.clone(), self.out.clone()];
        match load::load_dirs_with_progress(&dirs, &Silent) {
            Ok(_) => {}
            Err(LoadError::Invalid(report)) if known_only(&report) => {}
            Err(LoadError::Invalid(report)) => panic!(
                "the import of {format:?} from {} does not load beside the served data:\n{report}",
                shown(inputs)
            ),
            Err(e) => panic!("the import's directory cannot be loaded: {e}"),
        }
    }
}

/// Whether every problem of a report is a known finding that `REGIOGRAPH_FUZZ_KNOWN`
/// (a comma-separated list) asks to let pass, so that a run can look for other findings
/// before the fix lands. Known findings (docs/fuzzing.md):
///
/// - `served-placement`: an import places an organisation or project that the served data
///   already holds (same PIC, Kohesio item or project id) in a region that neither contains
///   nor lies in the served record's region, and the merged entity is refused.
/// - `empty-slug`: an import writes an id whose slug is empty (`programme:cordis-`,
///   `institution:`) for a name with no word `values::slug` keeps, and the relations to it.
/// - `short-year`: an import writes a programme whose `start` or `end` is a year before 1000
///   (`0007`, from a period `0007-2020`), which the loader refuses.
/// - `end-before-start`: an import writes a project or programme whose `end` is before its
///   `start` (the readers do not compare the two dates), which the loader refuses.
fn known_only(report: &regiograph::load::Report) -> bool {
    static KNOWN: OnceLock<Vec<String>> = OnceLock::new();
    let known = KNOWN.get_or_init(|| {
        std::env::var("REGIOGRAPH_FUZZ_KNOWN")
            .unwrap_or_default()
            .split(',')
            .map(|k| k.trim().to_owned())
            .filter(|k| !k.is_empty())
            .collect()
    });
    let served_placement = |p: &regiograph::load::Problem| {
        p.message.contains("neither contains the other")
            && p.message.contains("/served/")
            && p.message.contains("/import/entities.jsonl")
    };
    let end_before_start = |p: &regiograph::load::Problem| {
        p.message.starts_with("`end` (")
            && p.message.contains(") is before `start` (")
            && p.file.ends_with("/import/entities.jsonl")
    };
    let empty_slug = |p: &regiograph::load::Problem| {
        let file = &*p.file;
        (file.ends_with("/import/entities.jsonl") || file.ends_with("/import/relations.jsonl"))
            && ["source:", "institution:", "programme:", "project:"]
                .iter()
                .any(|kind| {
                    let bad =
                        |id: &str| id.ends_with(':') || id.ends_with('-') || id.contains(":-");
                    p.message
                        .split('`')
                        .skip(1)
                        .step_by(2)
                        .any(|quoted| quoted.starts_with(kind) && bad(quoted))
                })
    };
    let short_year = |p: &regiograph::load::Problem| {
        p.message
            .contains("is not a date: the year must have four digits")
            && p.file.ends_with("/import/entities.jsonl")
    };
    let allowed = |p: &regiograph::load::Problem| {
        known.iter().any(|k| {
            (k == "served-placement" && served_placement(p))
                || (k == "end-before-start" && end_before_start(p))
                || (k == "empty-slug" && empty_slug(p))
                || (k == "short-year" && short_year(p))
        })
    };
    report.omitted == 0 && !report.problems.is_empty() && report.problems.iter().all(allowed)
}

fn shown(inputs: &[PathBuf]) -> String {
    inputs
        .iter()
        .filter_map(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Splits fuzzer bytes at NUL bytes into at most `n` parts (the seeds join files with one).
pub fn parts(data: &[u8], n: usize) -> Vec<&[u8]> {
    data.splitn(n, |&b| b == 0).collect()
}

/// Whether bytes start like a zip (and so an xlsx).
pub fn is_zip(data: &[u8]) -> bool {
    data.starts_with(b"PK\x03\x04")
}

/// A zip of `members` (name and bytes), stored uncompressed so that their bytes are the
/// fuzzer's.
pub fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in members {
        writer
            .start_file(*name, options)
            .expect("start a zip member");
        writer.write_all(bytes).expect("write a zip member");
    }
    writer.finish().expect("finish the zip").into_inner()
}

/// Rows of cells from CSV-ish bytes (`;` or `,`, whichever the first line has more of).
pub fn cells(bytes: &[u8]) -> Vec<Vec<String>> {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |c: u8| first.iter().filter(|&&b| b == c).count();
    let separator = if count(b';') > count(b',') {
        b';'
    } else {
        b','
    };
    csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .byte_records()
        .map_while(Result::ok)
        .map(|r| {
            r.iter()
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect()
        })
        .collect()
}

/// An xlsx workbook with one sheet per table of cells. A cell that parses as a number is a
/// number cell; `#d` and a number is a number cell styled as a date; anything else is an
/// inline string.
pub fn xlsx(sheets: &[(&str, Vec<Vec<String>>)]) -> Vec<u8> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut overrides = String::new();
    let mut listed = String::new();
    let mut rels = String::new();
    for (i, (name, rows)) in sheets.iter().enumerate() {
        let n = i + 1;
        overrides.push_str(&format!(
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        ));
        listed.push_str(&format!(
            r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#,
            escape(name)
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
        files.push((
            format!("xl/worksheets/sheet{n}.xml"),
            sheet_xml(rows).into_bytes(),
        ));
    }
    let styles_id = sheets.len() + 1;
    rels.push_str(&format!(
        r#"<Relationship Id="rId{styles_id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
    ));
    let content_types = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>"#
    );
    let root_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{listed}</sheets></workbook>"#
    );
    let workbook_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    // Style 0 is general, style 1 a date (built-in number format 14).
    let styles = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#;
    let mut members: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", root_rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
        ("xl/styles.xml", styles.as_bytes()),
    ];
    members.extend(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    zip(&members)
}

fn sheet_xml(rows: &[Vec<String>]) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        let r = r + 1;
        xml.push_str(&format!(r#"<row r="{r}">"#));
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{r}", column_name(c));
            if cell.is_empty() {
                continue;
            }
            if let Some(date) = cell.strip_prefix("#d")
                && date.trim().parse::<f64>().is_ok()
            {
                xml.push_str(&format!(r#"<c r="{at}" s="1"><v>{}</v></c>"#, date.trim()));
            } else if cell.parse::<f64>().is_ok() {
                xml.push_str(&format!(r#"<c r="{at}"><v>{cell}</v></c>"#));
            } else {
                xml.push_str(&format!(
                    r#"<c r="{at}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                    escape(cell)
                ));
            }
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml
}

/// `A`, `B`, ..., `Z`, `AA`, ... for a 0-based column.
fn column_name(mut c: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Text escaped for XML; characters XML 1.0 cannot hold are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}
