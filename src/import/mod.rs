//! Importing the EU's open cooperation data (CORDIS, Interreg, Kohesio) as published, into a
//! data directory in the bulk format.
//!
//! Each reader ([`cordis`], [`interreg`], [`kohesio`]) turns its files into the one shared
//! record shape of [`rows`]; the [`collect::Collector`] turns those rows into entities and
//! relations (one institution per PIC, Kohesio item, or name, town and country; one project
//! per identifier), places organisations on the map of regions the import will be served with
//! ([`places`]), and accounts for every row ([`summary`]). [`write`] writes the directory
//! whole or not at all.

pub mod collect;
pub mod cordis;
pub mod interreg;
pub mod kohesio;
pub mod places;
pub mod rows;
pub mod summary;
pub mod table;
pub mod values;
mod write;

use std::path::{Path, PathBuf};
use std::str::FromStr;

pub use collect::{Collector, Records};
pub use summary::Summary;
pub use write::write_dir;

use crate::model::Graph;
use crate::progress::Progress;

/// Why an import could not run. A bad row is not an error: it is refused and counted.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// An input file could not be opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// An input file is not in the format (not a zip, not a workbook, no expected columns).
    #[error("{file}: {reason}")]
    Unreadable {
        /// The file, as shown to the user.
        file: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No input file was given.
    #[error("no input file was given")]
    NoInput,
    /// The output directory could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// The published datasets regiograph reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CORDIS: EU research projects and their participants (FP7, Horizon 2020, Horizon
    /// Europe), as the publisher's zips or the `project.csv` and `organization.csv` inside.
    Cordis,
    /// Interreg: keep.eu's project and partner exports (CSV or xlsx) and the programmes'
    /// lists of operations (xlsx).
    Interreg,
    /// Kohesio: the per-country project CSV files of cohesion-policy projects.
    Kohesio,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "cordis" => Ok(Format::Cordis),
            "interreg" => Ok(Format::Interreg),
            "kohesio" => Ok(Format::Kohesio),
            other => Err(format!(
                "unknown format `{other}` (expected cordis, interreg or kohesio)"
            )),
        }
    }
}

/// Reads `inputs` in a format into records, placing them on the regions of `served` (the
/// data the import will be served beside) and recognising its entities.
pub fn read(
    format: Format,
    inputs: &[PathBuf],
    served: &Graph,
    progress: &dyn Progress,
) -> Result<(Records, Summary), ImportError> {
    if inputs.is_empty() {
        return Err(ImportError::NoInput);
    }
    let mut collector = Collector::new(served);
    match format {
        Format::Cordis => cordis::read(inputs, &mut collector, progress)?,
        Format::Interreg => interreg::read(inputs, &mut collector, progress)?,
        Format::Kohesio => kohesio::read(inputs, &mut collector, progress)?,
    }
    Ok(collector.finish())
}

/// Reads `inputs` and writes the records to `out` (see [`write_dir`]).
pub fn import(
    format: Format,
    inputs: &[PathBuf],
    served: &Graph,
    out: &Path,
    progress: &dyn Progress,
) -> Result<Summary, ImportError> {
    let (records, summary) = read(format, inputs, served, progress)?;
    progress.start("writing", 0);
    let written = write_dir(&records, &summary, out);
    progress.finish();
    written.map(|()| summary)
}

/// Reads a whole input file, with its name for messages.
pub fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.to_owned(),
        source,
    })
}

/// The file name of a path, as shown in messages and source records.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// How each input is shown: its file name, or, where two inputs share a file name (each
/// programme's `organization.csv`), its directory's name and its file name.
pub(crate) fn shown_names(inputs: &[PathBuf]) -> Vec<String> {
    let names: Vec<String> = inputs.iter().map(|p| file_name(p)).collect();
    inputs
        .iter()
        .zip(&names)
        .map(|(path, name)| {
            if names.iter().filter(|n| *n == name).count() == 1 {
                return name.clone();
            }
            match path.parent().and_then(Path::file_name) {
                Some(dir) => format!("{}/{name}", dir.to_string_lossy()),
                None => path.display().to_string(),
            }
        })
        .collect()
}
