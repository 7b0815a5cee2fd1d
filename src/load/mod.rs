//! Loading a data directory: reading files into records, checking them, and building the graph.
//!
//! Parsing is kept apart from the graph so that a bulk format can feed the same builder.

mod build;
mod jsonl;
mod records;
mod report;
mod toml_format;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use build::{Builder, MAX_LISTED_PROBLEMS, build};
pub use records::{
    AddressRecord, EntityRecord, ExternalIdRecord, FigureRecord, LocatedRecord, Location, Record,
    RelationRecord, SourceRecord,
};
pub use report::{Problem, Report};

use crate::model::Graph;
use crate::progress::{Progress, Silent};

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
    #[error("the data directory {} holds no data file (*.toml or *.jsonl)", path.display())]
    Empty {
        /// The directory.
        path: PathBuf,
    },
    /// No data directory was given.
    #[error("no data directory was given")]
    NoDirectory,
    /// The files hold problems; the report lists all of them.
    #[error("{0}")]
    Invalid(Report),
}

/// Loads every data file of a directory (`*.toml`, then the `*.jsonl` bulk files) into a graph.
pub fn load_dir(dir: &Path) -> Result<Graph, LoadError> {
    load_dir_versioned(dir).map(|(graph, _)| graph)
}

/// Loads a directory like [`load_dir`], and also returns a version: a digest of every file's
/// name and bytes, so that the same files always give the same version.
pub fn load_dir_versioned(dir: &Path) -> Result<(Graph, String), LoadError> {
    load_dir_with_progress(dir, &Silent)
}

/// Loads a directory like [`load_dir_versioned`], reporting progress through `progress`.
pub fn load_dir_with_progress(
    dir: &Path,
    progress: &dyn Progress,
) -> Result<(Graph, String), LoadError> {
    load_dirs_with_progress(&[dir.to_owned()], progress)
}

/// The data files of one directory (`*.toml` and `*.jsonl`), sorted by name.
fn data_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let directory_error = |source| LoadError::Directory {
        path: dir.to_owned(),
        source,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(directory_error)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "toml" || ext == "jsonl")
                && path.is_file()
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(LoadError::Empty {
            path: dir.to_owned(),
        });
    }
    Ok(files)
}

/// Loads several data directories into one graph, reporting progress through `progress`,
/// and returns it with a version: a digest of every file's directory position, name and
/// bytes.
///
/// TOML files are read whole, directory by directory and in file-name order within each;
/// bulk files are streamed. Records go to the builder in the order it needs: every source,
/// then every entity, then every relation, each from the TOML files of every directory
/// first, then from the bulk files. Records that share an external id become one entity
/// (see `docs/data-format.md`), so hand-written TOML records keep their ids and names when a
/// bulk import describes the same entity.
pub fn load_dirs_with_progress(
    dirs: &[PathBuf],
    progress: &dyn Progress,
) -> Result<(Graph, String), LoadError> {
    use sha2::Digest;
    if dirs.is_empty() {
        return Err(LoadError::NoDirectory);
    }
    let mut digest = sha2::Sha256::new();
    let mut files = Vec::new();
    for (position, dir) in dirs.iter().enumerate() {
        files.extend(data_files(dir)?.into_iter().map(|path| (position, path)));
    }
    let mut builder = Builder::new();
    let (mut sources, mut entities, mut relations) = (Vec::new(), Vec::new(), Vec::new());
    let mut bulk = Vec::new();
    for (position, path) in files {
        let name: Arc<str> = Arc::from(path.display().to_string());
        if path.extension().is_some_and(|ext| ext == "jsonl") {
            match jsonl::Role::of(&path) {
                Some(role) => bulk.push((role, position, path, name)),
                None => builder.report(Problem {
                    file: name,
                    line: None,
                    message: "a bulk file's name must end in `sources.jsonl`, \
                              `entities.jsonl` or `relations.jsonl`, which says what its lines hold"
                        .to_owned(),
                }),
            }
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                digest_file(&mut digest, position, &path, text.len() as u64);
                digest.update(text.as_bytes());
                let (file_records, file_problems) = toml_format::parse(&name, &text);
                for problem in file_problems {
                    builder.report(problem);
                }
                for LocatedRecord { record, location } in file_records {
                    match record {
                        Record::Source(source) => sources.push((source, location)),
                        Record::Entity(kind, entity) => entities.push((kind, entity, location)),
                        Record::Relation(relation) => relations.push((relation, location)),
                    }
                }
            }
            Err(error) => builder.report(Problem {
                file: name,
                line: None,
                message: format!("cannot read the file: {error}"),
            }),
        }
    }
    // Sources, entities, relations: each from the TOML files first, then from the bulk files.
    bulk.sort_by_key(|entry| (entry.0, entry.1));
    // Bulk lines are rarely shorter than this many bytes: room for the records they can hold.
    const SHORTEST_LINE: u64 = 80;
    let bulk_bytes = |role: jsonl::Role| -> usize {
        let bytes: u64 = bulk
            .iter()
            .filter(|(r, _, _, _)| *r == role)
            .filter_map(|(_, _, path, _)| std::fs::metadata(path).ok())
            .map(|m| m.len())
            .sum();
        (bytes / SHORTEST_LINE) as usize
    };
    builder.reserve(
        bulk_bytes(jsonl::Role::Entities),
        bulk_bytes(jsonl::Role::Relations) + bulk_bytes(jsonl::Role::Entities),
    );
    for (source, location) in sources {
        builder.add_source(source, &location);
    }
    let mut bulk = bulk.into_iter().peekable();
    let mut stream_role = |role: jsonl::Role, builder: &mut Builder| {
        while let Some((_, position, path, name)) = bulk.next_if(|(r, _, _, _)| *r == role) {
            let size = std::fs::metadata(&path).map_or(0, |m| m.len());
            digest_file(&mut digest, position, &path, size);
            jsonl::stream(&path, &name, role, &mut digest, progress, builder);
        }
    };
    stream_role(jsonl::Role::Sources, &mut builder);
    for (kind, entity, location) in entities {
        builder.add_entity_deferred(kind, entity, &location);
    }
    stream_role(jsonl::Role::Entities, &mut builder);
    for (relation, location) in relations {
        builder.add_relation(&relation, &location);
    }
    stream_role(jsonl::Role::Relations, &mut builder);
    progress.start("checking the graph", 0);
    let graph = builder.finish().map_err(LoadError::Invalid);
    progress.finish();
    let graph = graph?;
    let version: String = digest
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((graph, version))
}

/// Adds one data file's place in the load to the version digest: its directory's position
/// among those loaded, its name and its size. Its contents follow, so that two loads share a
/// version only when they read the same files, in the same order, with the same bytes.
fn digest_file(digest: &mut sha2::Sha256, position: usize, path: &Path, size: u64) {
    use sha2::Digest;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    digest.update((position as u64).to_le_bytes());
    digest.update((file_name.len() as u64).to_le_bytes());
    digest.update(file_name.as_bytes());
    digest.update(size.to_le_bytes());
}

/// Loads records from TOML text, as if it were one file named `name`; for tests and tools.
pub fn load_toml_str(name: &str, text: &str) -> Result<Graph, LoadError> {
    let (records, problems) = toml_format::parse(&Arc::from(name), text);
    build(records, problems).map_err(LoadError::Invalid)
}
