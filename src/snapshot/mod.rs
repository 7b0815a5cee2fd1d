//! Snapshots: a loaded dataset (graph, search index, metrics, participation table, counts and
//! data version) in one file, so that a server starts in seconds instead of reading, checking
//! and indexing the data files again.
//!
//! A snapshot is a fixed header followed by four sections, each of which can be checked and
//! decoded on its own thread:
//!
//! ```text
//! magic "regiograph-snap\n" | format version (u32) | build id (32 bytes, space-padded)
//! | section count (u32) | per section: length (u64), CRC-32 (u32)       (all little-endian)
//! graph:     postcard of the entities and relations (petgraph's table)
//! tables:    postcard of the lookup tables over them (ids, sources, kinds, relation rows)
//! analytics: postcard of the data version, counts, metrics and participations
//! search:    postcard of the suggestion index, the names' word ids and the list of tantivy
//!            files (name, length),
//!            then each tantivy file's bytes as tantivy wrote them
//! ```
//!
//! Values the loader shares (source lists, roles) are written once per section and shared
//! again on reading ([`crate::model::shared`]). Reading refuses, with the reason, a file that
//! is not a snapshot, one of another format version or another build (the build id is a digest
//! of the sources, see `build.rs`), a truncated one, and one whose checksums do not match;
//! every section's checksum is verified before it is decoded, and nothing is returned unless
//! every section decoded whole, so a bad snapshot is never half-served.

mod header;
mod read;
mod stream;
mod write;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::analytics::Metrics;
use crate::analytics::cooperation::Participations;
use crate::model::Stats;
use crate::search::NameWords;
use crate::search::suggest::SuggestIndex;

pub use read::read;
pub use write::{Written, write};

/// The version of the layout; raised whenever a snapshot of the previous one could not be read.
pub const FORMAT_VERSION: u32 = 3;

/// The build that reads and writes snapshots: the crate's version and a digest of its sources.
pub const BUILD_ID: &str = env!("REGIOGRAPH_BUILD_ID");

const MAGIC: &[u8; 16] = b"regiograph-snap\n";
const SECTIONS: usize = 4;
const SECTION_NAMES: [&str; SECTIONS] = ["graph", "tables", "analytics", "search"];
const HEADER_LEN: usize = 16 + 4 + 32 + 4 + SECTIONS * 12;
/// The buffer each section is read through.
const BUFFER: usize = 1 << 20;

/// Why a snapshot could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The file could not be opened, read or written.
    #[error("cannot {action} the snapshot {}: {source}", path.display())]
    Io {
        /// What was being done: `read`, `write`, ...
        action: &'static str,
        /// The snapshot.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file does not start with a snapshot's header.
    #[error("{} is not a regiograph snapshot (it does not start with the snapshot header)", path.display())]
    NotASnapshot {
        /// The file.
        path: PathBuf,
    },
    /// The snapshot is in another format version.
    #[error(
        "{} is a snapshot in format version {found}, but this build reads version {FORMAT_VERSION}; write it again with `regiograph snapshot`",
        path.display()
    )]
    Format {
        /// The snapshot.
        path: PathBuf,
        /// Its format version.
        found: u32,
    },
    /// The snapshot was written by another build.
    #[error(
        "{} was written by another build of regiograph ({found}; this one is {BUILD_ID}); write it again with this build's `regiograph snapshot`",
        path.display()
    )]
    Build {
        /// The snapshot.
        path: PathBuf,
        /// The build that wrote it.
        found: String,
    },
    /// The file is shorter than its header says.
    #[error("{} is truncated: it holds {length} bytes where its header says {expected}", path.display())]
    Truncated {
        /// The snapshot.
        path: PathBuf,
        /// Its length in bytes.
        length: u64,
        /// The length its header gives.
        expected: u64,
    },
    /// A section does not match its checksum or does not decode.
    #[error("{} is corrupted: {reason}", path.display())]
    Corrupted {
        /// The snapshot.
        path: PathBuf,
        /// What is wrong, and in which section.
        reason: String,
    },
    /// The dataset could not be encoded, or its search index read back.
    #[error("the snapshot {} could not be made: {reason}", path.display())]
    Encode {
        /// The snapshot.
        path: PathBuf,
        /// What failed.
        reason: String,
    },
}

/// The analytics section.
#[derive(Serialize)]
pub(super) struct AnalyticsOut<'a> {
    version: &'a str,
    stats: &'a Stats,
    metrics: &'a Metrics,
    participations: &'a Participations,
}

/// The analytics section as read back (the same fields, in the same order, as
/// [`AnalyticsOut`]).
#[derive(Deserialize)]
pub(super) struct AnalyticsIn {
    version: String,
    stats: Stats,
    metrics: Metrics,
    participations: Participations,
}

/// The search section's encoded part; the files' bytes follow it.
#[derive(Serialize)]
pub(super) struct SearchOut<'a> {
    suggestions: &'a SuggestIndex,
    names: &'a NameWords,
    files: Vec<(&'a str, u64)>,
}

/// The search section's encoded part as read back.
#[derive(Deserialize)]
pub(super) struct SearchIn {
    suggestions: SuggestIndex,
    names: NameWords,
    files: Vec<(String, u64)>,
}
