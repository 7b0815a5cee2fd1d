//! Reading a snapshot: the header and the file's length first, then each section checked
//! against its checksum and decoded on a thread of its own, then the halves checked against
//! each other.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::header::{Header, Section};
use super::stream::BufferedInput;
use super::{AnalyticsIn, BUFFER, HEADER_LEN, SECTION_NAMES, SECTIONS, SearchIn, SnapshotError};
use crate::Dataset;
use crate::model::{Graph, GraphBody, GraphTables, shared};
use crate::search::{IndexFile, SearchError, SearchIndex};

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

    /// Decodes the search section: the suggestions and names' words, then each tantivy file, handed to the
    /// index as it is read so that no more than one is held twice.
    fn search(mut self) -> Result<SearchIndex, SnapshotError> {
        let SearchIn {
            suggestions,
            names,
            files,
        } = self.value()?;
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
            names,
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
