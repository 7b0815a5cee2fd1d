//! Loading a data directory: reading files into records, checking them, and building the graph.
//!
//! Parsing is kept apart from the graph so that a bulk format can feed the same builder.

mod build;
mod records;
mod report;
mod toml_format;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use build::build;
pub use records::{
    EntityRecord, FigureRecord, LocatedRecord, Location, Record, RelationRecord, SourceRecord,
};
pub use report::{Problem, Report};

use crate::model::Graph;

/// Why a data directory could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The directory itself could not be listed.
    #[error("cannot read the data directory {}: {source}", path.display())]
    Directory {
        /// The directory.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The directory holds no data file.
    #[error("the data directory {} holds no .toml data file", path.display())]
    Empty {
        /// The directory.
        path: PathBuf,
    },
    /// The files hold problems; the report lists all of them.
    #[error("{0}")]
    Invalid(Report),
}

/// Loads every `*.toml` file of a directory, in file-name order, into a graph.
pub fn load_dir(dir: &Path) -> Result<Graph, LoadError> {
    load_dir_versioned(dir).map(|(graph, _)| graph)
}

/// Loads a directory like [`load_dir`], and also returns a version: a digest of every file's
/// name and bytes, so that the same files always give the same version.
pub fn load_dir_versioned(dir: &Path) -> Result<(Graph, String), LoadError> {
    use sha2::Digest;
    let mut digest = sha2::Sha256::new();
    let directory_error = |source| LoadError::Directory {
        path: dir.to_owned(),
        source,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(directory_error)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml") && path.is_file())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(LoadError::Empty {
            path: dir.to_owned(),
        });
    }
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for path in files {
        let name: Arc<str> = Arc::from(path.display().to_string());
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let file_name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                digest.update((file_name.len() as u64).to_le_bytes());
                digest.update(file_name.as_bytes());
                digest.update((text.len() as u64).to_le_bytes());
                digest.update(text.as_bytes());
                let (mut file_records, mut file_problems) = toml_format::parse(&name, &text);
                records.append(&mut file_records);
                problems.append(&mut file_problems);
            }
            Err(error) => problems.push(Problem {
                file: name,
                line: None,
                message: format!("cannot read the file: {error}"),
            }),
        }
    }
    let graph = build(records, problems).map_err(LoadError::Invalid)?;
    let version: String = digest
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((graph, version))
}

/// Loads records from TOML text, as if it were one file named `name`; for tests and tools.
pub fn load_toml_str(name: &str, text: &str) -> Result<Graph, LoadError> {
    let (records, problems) = toml_format::parse(&Arc::from(name), text);
    build(records, problems).map_err(LoadError::Invalid)
}
