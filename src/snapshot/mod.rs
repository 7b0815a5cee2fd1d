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
//! search:    postcard of the suggestion index and the list of tantivy files (name, length),
//!            then each tantivy file's bytes as tantivy wrote them
//! ```
//!
//! Values the loader shares (source lists, roles) are written once per section and shared
//! again on reading ([`crate::model::shared`]). Reading refuses, with the reason, a file that
//! is not a snapshot, one of another format version or another build (the build id is a digest
//! of the sources, see `build.rs`), a truncated one, and one whose checksums do not match;
//! every section's checksum is verified before it is decoded, and nothing is returned unless
//! every section decoded whole, so a bad snapshot is never half-served.

mod stream;

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::Dataset;
use crate::analytics::Metrics;
use crate::analytics::cooperation::Participations;
use crate::model::{Graph, GraphBody, GraphTables, Stats, shared};
use crate::search::suggest::SuggestIndex;
use crate::search::{IndexFile, SearchError, SearchIndex};
use stream::{BufferedInput, Summing};

/// The version of the layout; raised whenever a snapshot of the previous one could not be read.
pub const FORMAT_VERSION: u32 = 1;

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

/// The header's account of one section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Section {
    length: u64,
    crc: u32,
}

/// What a snapshot's header says.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Header {
    format: u32,
    build: String,
    sections: [Section; SECTIONS],
}

impl Header {
    fn encode(&self) -> [u8; HEADER_LEN] {
        let mut bytes = [0u8; HEADER_LEN];
        bytes[..16].copy_from_slice(MAGIC);
        bytes[16..20].copy_from_slice(&self.format.to_le_bytes());
        let mut build = [b' '; 32];
        let id = self.build.as_bytes();
        build[..id.len().min(32)].copy_from_slice(&id[..id.len().min(32)]);
        bytes[20..52].copy_from_slice(&build);
        bytes[52..56].copy_from_slice(&(SECTIONS as u32).to_le_bytes());
        for (i, section) in self.sections.iter().enumerate() {
            let at = 56 + i * 12;
            bytes[at..at + 8].copy_from_slice(&section.length.to_le_bytes());
            bytes[at + 8..at + 12].copy_from_slice(&section.crc.to_le_bytes());
        }
        bytes
    }

    /// Reads a header, checking what can be checked before the sections: the magic, the
    /// format version, the build and the number of sections.
    fn decode(bytes: &[u8], path: &Path) -> Result<Header, SnapshotError> {
        let path = || path.to_owned();
        if bytes.len() < 20 || &bytes[..16] != MAGIC {
            return Err(SnapshotError::NotASnapshot { path: path() });
        }
        let u32_at = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let format = u32_at(16);
        if format != FORMAT_VERSION {
            return Err(SnapshotError::Format {
                path: path(),
                found: format,
            });
        }
        if bytes.len() < HEADER_LEN {
            return Err(SnapshotError::Truncated {
                path: path(),
                length: bytes.len() as u64,
                expected: HEADER_LEN as u64,
            });
        }
        let build = String::from_utf8_lossy(&bytes[20..52])
            .trim_end()
            .to_owned();
        if build != BUILD_ID {
            return Err(SnapshotError::Build {
                path: path(),
                found: build,
            });
        }
        if u32_at(52) as usize != SECTIONS {
            return Err(SnapshotError::Corrupted {
                path: path(),
                reason: format!(
                    "its header lists {} sections instead of {SECTIONS}",
                    u32_at(52)
                ),
            });
        }
        let mut sections = [Section::default(); SECTIONS];
        for (i, section) in sections.iter_mut().enumerate() {
            let at = 56 + i * 12;
            let mut length = [0u8; 8];
            length.copy_from_slice(&bytes[at..at + 8]);
            *section = Section {
                length: u64::from_le_bytes(length),
                crc: u32_at(at + 8),
            };
        }
        Ok(Header {
            format,
            build,
            sections,
        })
    }
}

/// The analytics section.
#[derive(Serialize)]
struct AnalyticsOut<'a> {
    version: &'a str,
    stats: &'a Stats,
    metrics: &'a Metrics,
    participations: &'a Participations,
}

/// The analytics section as read back (the same fields, in the same order, as
/// [`AnalyticsOut`]).
#[derive(Deserialize)]
struct AnalyticsIn {
    version: String,
    stats: Stats,
    metrics: Metrics,
    participations: Participations,
}

/// The search section's encoded part; the files' bytes follow it.
#[derive(Serialize)]
struct SearchOut<'a> {
    suggestions: &'a SuggestIndex,
    files: Vec<(&'a str, u64)>,
}

/// The search section's encoded part as read back.
#[derive(Deserialize)]
struct SearchIn {
    suggestions: SuggestIndex,
    files: Vec<(String, u64)>,
}

/// How large a written snapshot is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// The whole file, in bytes.
    pub bytes: u64,
}

/// Writes a dataset to `path` as a snapshot. The file is written beside under a temporary
/// name and renamed into place, so a reader never sees half a snapshot.
pub fn write(data: &Dataset, path: &Path) -> Result<Written, SnapshotError> {
    let name = path.file_name().map_or_else(
        || "snapshot".to_owned(),
        |name| name.to_string_lossy().into_owned(),
    );
    let temporary = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let result = write_to(data, &temporary, path);
    match result {
        Ok(written) => std::fs::rename(&temporary, path)
            .map(|()| written)
            .map_err(|source| SnapshotError::Io {
                action: "write",
                path: path.to_owned(),
                source,
            }),
        Err(error) => {
            let _ = std::fs::remove_file(&temporary);
            Err(error)
        }
    }
}

fn write_to(data: &Dataset, temporary: &Path, path: &Path) -> Result<Written, SnapshotError> {
    let io = |source| SnapshotError::Io {
        action: "write",
        path: path.to_owned(),
        source,
    };
    let encode = |reason: String| SnapshotError::Encode {
        path: path.to_owned(),
        reason,
    };
    let files = data
        .search
        .files()
        .map_err(|error| encode(error.to_string()))?;
    let mut out = BufWriter::with_capacity(BUFFER, File::create(temporary).map_err(io)?);
    out.write_all(&[0u8; HEADER_LEN]).map_err(io)?;
    let postcard_error = |error: postcard::Error| encode(error.to_string());
    let (graph, tables) = data.graph.halves();
    let analytics = AnalyticsOut {
        version: &data.version,
        stats: &data.stats,
        metrics: &data.metrics,
        participations: &data.participations,
    };
    let search = SearchOut {
        suggestions: data.search.suggestions(),
        files: files
            .iter()
            .map(|file| (file.name.as_str(), file.bytes.len() as u64))
            .collect(),
    };
    let sections = [
        write_section(&mut out, |w| {
            postcard::to_io(&graph, w).map(drop).map_err(postcard_error)
        })?,
        write_section(&mut out, |w| {
            postcard::to_io(&tables, w)
                .map(drop)
                .map_err(postcard_error)
        })?,
        write_section(&mut out, |w| {
            postcard::to_io(&analytics, w)
                .map(drop)
                .map_err(postcard_error)
        })?,
        write_section(&mut out, |w| {
            postcard::to_io(&search, &mut *w).map_err(postcard_error)?;
            for file in &files {
                w.write_all(&file.bytes).map_err(io)?;
            }
            Ok(())
        })?,
    ];
    let header = Header {
        format: FORMAT_VERSION,
        build: BUILD_ID.to_owned(),
        sections,
    };
    out.flush().map_err(io)?;
    let mut file = out.into_inner().map_err(|error| io(error.into_error()))?;
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    file.write_all(&header.encode()).map_err(io)?;
    file.sync_all().map_err(io)?;
    Ok(Written {
        bytes: HEADER_LEN as u64 + sections.iter().map(|s| s.length).sum::<u64>(),
    })
}

/// Writes one section through `body`, in its own sharing scope (each section is read on a
/// thread of its own), and returns its length and checksum.
fn write_section(
    out: &mut BufWriter<File>,
    body: impl FnOnce(&mut Summing<&mut BufWriter<File>>) -> Result<(), SnapshotError>,
) -> Result<Section, SnapshotError> {
    let mut summing = Summing::new(out);
    shared::writing(|| body(&mut summing))?;
    let (_, length, crc) = summing.finish();
    Ok(Section { length, crc })
}

/// Reads a snapshot back into a dataset, each section checked against its checksum and
/// decoded on a thread of its own.
pub fn read(path: &Path) -> Result<Dataset, SnapshotError> {
    let io = |source| SnapshotError::Io {
        action: "read",
        path: path.to_owned(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    let length = file.metadata().map_err(io)?.len();
    let mut head = Vec::with_capacity(HEADER_LEN);
    (&mut file)
        .take(HEADER_LEN as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    let header = Header::decode(&head, path)?;
    let expected = HEADER_LEN as u64 + header.sections.iter().map(|s| s.length).sum::<u64>();
    if length < expected {
        return Err(SnapshotError::Truncated {
            path: path.to_owned(),
            length,
            expected,
        });
    }
    if length > expected {
        return Err(SnapshotError::Corrupted {
            path: path.to_owned(),
            reason: format!(
                "it holds {} bytes after its last section",
                length - expected
            ),
        });
    }
    let mut offsets = [HEADER_LEN as u64; SECTIONS];
    for i in 1..SECTIONS {
        offsets[i] = offsets[i - 1] + header.sections[i - 1].length;
    }
    let open = |i: usize| SectionReader::open(path, i, offsets[i], header.sections[i]);
    let (graph, tables, analytics, search) = std::thread::scope(|scope| {
        let graph = scope.spawn(|| section_timed("graph", || open(0)?.decode::<GraphBody>()));
        let tables = scope.spawn(|| section_timed("tables", || open(1)?.decode::<GraphTables>()));
        let analytics =
            scope.spawn(|| section_timed("analytics", || open(2)?.decode::<AnalyticsIn>()));
        let search = section_timed("search", || open(3).and_then(SectionReader::search));
        (join(graph), join(tables), join(analytics), search)
    });
    let (graph, tables, analytics, search) = (graph?, tables?, analytics?, search?);
    let corrupted = |reason: String| SnapshotError::Corrupted {
        path: path.to_owned(),
        reason,
    };
    let graph = Graph::from_halves(graph, tables).map_err(|reason| {
        corrupted(format!(
            "its tables section does not fit its graph: {reason}"
        ))
    })?;
    if !analytics.metrics.covers(graph.entity_count()) {
        return Err(corrupted(
            "its analytics section does not cover the graph's entities".to_owned(),
        ));
    }
    Ok(Dataset {
        graph,
        search,
        metrics: analytics.metrics,
        participations: analytics.participations,
        stats: analytics.stats,
        version: analytics.version,
    })
}

/// Runs the reading of one section, logging how long it took (at debug level).
fn section_timed<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let result = work();
    tracing::debug!(
        section = name,
        ms = started.elapsed().as_millis() as u64,
        "snapshot section read"
    );
    result
}

fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// One section of a snapshot, checked against its checksum and ready to decode.
struct SectionReader {
    path: PathBuf,
    name: &'static str,
    /// The section's unread bytes.
    reader: Box<dyn Read + Send>,
    /// How many there are.
    left: u64,
}

impl SectionReader {
    /// Opens the section and verifies its checksum, reading it once.
    fn open(
        path: &Path,
        index: usize,
        offset: u64,
        section: Section,
    ) -> Result<Self, SnapshotError> {
        let io = |source| SnapshotError::Io {
            action: "read",
            path: path.to_owned(),
            source,
        };
        let name = SECTION_NAMES[index];
        let mut file = File::open(path).map_err(io)?;
        file.seek(SeekFrom::Start(offset)).map_err(io)?;
        let mut hasher = crc32fast::Hasher::new();
        let mut buffer = vec![0u8; BUFFER];
        let mut part = (&mut file).take(section.length);
        loop {
            let read = part.read(&mut buffer).map_err(io)?;
            if read == 0 {
                break;
            }
            hasher.update(&buffer[..read]);
        }
        if hasher.finalize() != section.crc {
            return Err(SnapshotError::Corrupted {
                path: path.to_owned(),
                reason: format!("its {name} section does not match its checksum"),
            });
        }
        file.seek(SeekFrom::Start(offset)).map_err(io)?;
        Ok(SectionReader {
            path: path.to_owned(),
            name,
            reader: Box::new(file.take(section.length)),
            left: section.length,
        })
    }

    fn corrupted(&self, what: impl std::fmt::Display) -> SnapshotError {
        SnapshotError::Corrupted {
            path: self.path.clone(),
            reason: format!("its {} section {what}", self.name),
        }
    }

    /// Decodes the section's postcard value, leaving the reader after it.
    fn value<T: for<'de> Deserialize<'de>>(&mut self) -> Result<T, SnapshotError> {
        let reader = std::mem::replace(&mut self.reader, Box::new(std::io::empty()));
        let input = BufferedInput::new(reader, self.left);
        let mut decoder = postcard::Deserializer::from_flavor(input);
        let value = shared::reading(|| T::deserialize(&mut decoder))
            .map_err(|error| self.corrupted(format_args!("does not decode: {error}")))?;
        let (rest, left) = decoder
            .finalize()
            .map_err(|error| self.corrupted(format_args!("does not decode: {error}")))?;
        self.reader = Box::new(rest);
        self.left = left;
        Ok(value)
    }

    /// Checks that nothing follows what was read.
    fn end(mut self) -> Result<(), SnapshotError> {
        let mut byte = [0u8; 1];
        match self.reader.read(&mut byte) {
            Ok(0) if self.left == 0 => Ok(()),
            Ok(_) => Err(self.corrupted("has bytes after its end")),
            Err(error) => Err(self.corrupted(format_args!("cannot be read: {error}"))),
        }
    }

    /// Decodes a section that holds one postcard value.
    fn decode<T: for<'de> Deserialize<'de>>(mut self) -> Result<T, SnapshotError> {
        let value = self.value()?;
        self.end()?;
        Ok(value)
    }

    /// Reads one tantivy file's bytes.
    fn index_file(&mut self, name: String, length: u64) -> Result<IndexFile, SnapshotError> {
        if length > self.left {
            return Err(self.corrupted(format_args!("ends inside the index file {name}")));
        }
        let mut bytes = vec![0u8; length as usize];
        self.reader
            .read_exact(&mut bytes)
            .map_err(|error| self.corrupted(format_args!("cannot be read: {error}")))?;
        self.left -= length;
        Ok(IndexFile { name, bytes })
    }

    /// Decodes the search section: the suggestions, then each tantivy file, handed to the
    /// index as it is read so that no more than one is held twice.
    fn search(mut self) -> Result<SearchIndex, SnapshotError> {
        let SearchIn { suggestions, files } = self.value()?;
        let mut failure = None;
        let opened = SearchIndex::open(
            files
                .into_iter()
                .map_while(|(name, length)| match self.index_file(name, length) {
                    Ok(file) => Some(file),
                    Err(error) => {
                        failure = Some(error);
                        None
                    }
                }),
            suggestions,
        );
        if let Some(error) = failure {
            return Err(error);
        }
        let opened = opened
            .map_err(|error: SearchError| self.corrupted(format_args!("does not open: {error}")))?;
        self.end()?;
        Ok(opened)
    }
}
