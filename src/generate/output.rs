//! Where generated records go: buffered JSON Lines files, and the count of what was written.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::{GenerateError, Summary};
use crate::load::{EntityRecord, RelationRecord};
use crate::progress::Progress;

/// How many entities are written between two reports of progress.
const PROGRESS_STEP: usize = 4096;

/// A buffered JSON Lines file.
pub(super) struct Writer {
    path: PathBuf,
    out: BufWriter<File>,
}

impl Writer {
    /// Creates (or empties) the file.
    pub(super) fn create(path: &Path) -> Result<Self, GenerateError> {
        let file = File::create(path).map_err(|source| GenerateError::Write {
            path: path.to_owned(),
            source,
        })?;
        Ok(Writer {
            path: path.to_owned(),
            out: BufWriter::with_capacity(1 << 20, file),
        })
    }

    /// Writes one record as a line of JSON.
    pub(super) fn line(&mut self, record: &impl serde::Serialize) -> Result<(), GenerateError> {
        let error = |source| GenerateError::Write {
            path: self.path.clone(),
            source,
        };
        serde_json::to_writer(&mut self.out, record)
            .map_err(|e| error(std::io::Error::other(e)))?;
        self.out.write_all(b"\n").map_err(error)
    }

    /// Writes out what is still buffered.
    pub(super) fn finish(mut self) -> Result<(), GenerateError> {
        self.out.flush().map_err(|source| GenerateError::Write {
            path: self.path,
            source,
        })
    }
}

/// The entity and relation files being written, what they hold so far, and where progress
/// is reported.
pub(super) struct Output<'p> {
    entities: Writer,
    relations: Writer,
    summary: Summary,
    progress: &'p dyn Progress,
}

impl<'p> Output<'p> {
    /// Goes on from `summary` (the sources already written).
    pub(super) fn new(
        entities: Writer,
        relations: Writer,
        summary: Summary,
        progress: &'p dyn Progress,
    ) -> Self {
        Output {
            entities,
            relations,
            summary,
            progress,
        }
    }

    /// Writes an entity that states `shorthand` relations in its own fields (`part_of`,
    /// `located_in`, `programme`, `place`).
    pub(super) fn entity(
        &mut self,
        record: &EntityRecord,
        shorthand: usize,
    ) -> Result<(), GenerateError> {
        self.entities.line(record)?;
        self.summary.entities += 1;
        self.summary.relations += shorthand;
        if self.summary.entities.is_multiple_of(PROGRESS_STEP) {
            self.progress.advance(PROGRESS_STEP as u64);
        }
        Ok(())
    }

    /// Writes a relation.
    pub(super) fn relation(&mut self, record: &RelationRecord) -> Result<(), GenerateError> {
        self.relations.line(record)?;
        self.summary.relations += 1;
        Ok(())
    }

    /// Reports the entities written since the last report of progress.
    pub(super) fn report_rest(&self) {
        self.progress
            .advance((self.summary.entities % PROGRESS_STEP) as u64);
    }

    /// Writes out both files and says what they hold.
    pub(super) fn finish(self) -> Result<Summary, GenerateError> {
        self.entities.finish()?;
        self.relations.finish()?;
        Ok(self.summary)
    }
}
