//! Writing a snapshot: each section through a counting, checksumming writer, then the
//! header, into a hidden file renamed into place.

use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use super::header::{Header, Section};
use super::stream::Summing;
use super::{AnalyticsOut, BUFFER, BUILD_ID, FORMAT_VERSION, HEADER_LEN, SearchOut, SnapshotError};
use crate::Dataset;
use crate::model::shared;

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
        names: data.search.names(),
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
