//! Reads the bulk format, JSON Lines: one record per line, streamed into the builder.
//!
//! A file's name says what its lines hold: `sources.jsonl`, `entities.jsonl` and
//! `relations.jsonl`, or any name ending so (`eu-projects.relations.jsonl`). An entity's kind
//! is read from its id's prefix (`institution:...`). Blank lines and lines starting with `#`
//! are skipped. Parsing runs on its own thread, beside the builder, so that reading and
//! checking overlap.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;

use sha2::Digest;

use super::build::Builder;
use super::records::{EntityRecord, Location, RelationRecord, SourceRecord};
use super::report::Problem;
use crate::model::EntityKind;
use crate::progress::Progress;

/// What the lines of a bulk file hold, read from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Sources; read first, since everything cites them.
    Sources,
    /// Entities; read before relations, which name them.
    Entities,
    /// Relations; read last.
    Relations,
}

impl Role {
    /// The role a file name gives, or `None` for a name that does not end in one.
    pub fn of(path: &Path) -> Option<Role> {
        let stem = path.file_stem()?.to_str()?;
        if stem.ends_with("sources") {
            Some(Role::Sources)
        } else if stem.ends_with("entities") {
            Some(Role::Entities)
        } else if stem.ends_with("relations") {
            Some(Role::Relations)
        } else {
            None
        }
    }
}

/// One parsed line, or what was wrong with it.
// An entity record (with an institution's address) is much larger than the others; boxing it
// would cost an allocation for every entity line of a bulk file to save room in batches of
// only a few thousand lines, a few of which are in flight at a time.
#[allow(clippy::large_enum_variant)]
enum Line {
    Source(SourceRecord),
    Entity(EntityKind, EntityRecord),
    Relation(RelationRecord),
    Problem(String),
}

/// Lines are handed from the parser to the builder in batches, to keep the channel cheap.
const BATCH: usize = 2048;

/// Streams one bulk file into the builder, adding its bytes to the digest (the caller has
/// added its name and size) and reporting progress in bytes.
pub fn stream(
    path: &Path,
    name: &Arc<str>,
    role: Role,
    digest: &mut sha2::Sha256,
    progress: &dyn Progress,
    builder: &mut Builder,
) {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) => {
            builder.report(Problem {
                file: name.clone(),
                line: None,
                message: format!("cannot read the file: {error}"),
            });
            return;
        }
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    progress.start(&format!("reading {file_name}"), size);
    let (sender, receiver) = mpsc::sync_channel::<Vec<(usize, Line)>>(8);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            parse_lines(
                BufReader::with_capacity(1 << 20, file),
                role,
                digest,
                progress,
                &sender,
            )
        });
        for batch in receiver {
            for (line, parsed) in batch {
                let location = Location {
                    file: name.clone(),
                    line,
                    field_lines: Default::default(),
                };
                match parsed {
                    Line::Source(record) => builder.add_source(record, &location),
                    Line::Entity(kind, record) => builder.add_entity_eager(kind, record, &location),
                    Line::Relation(record) => builder.add_relation(&record, &location),
                    Line::Problem(message) => builder.report(Problem {
                        file: name.clone(),
                        line: Some(line),
                        message,
                    }),
                }
            }
        }
    });
    progress.finish();
}

/// Reads and parses lines until the end of the file, sending them on in batches.
fn parse_lines(
    mut reader: impl BufRead,
    role: Role,
    digest: &mut sha2::Sha256,
    progress: &dyn Progress,
    sender: &mpsc::SyncSender<Vec<(usize, Line)>>,
) {
    let mut text = String::new();
    let mut batch = Vec::with_capacity(BATCH);
    let mut number = 0;
    let mut read_since_report = 0;
    loop {
        text.clear();
        number += 1;
        match reader.read_line(&mut text) {
            Ok(0) => break,
            Ok(bytes) => {
                digest.update(text.as_bytes());
                read_since_report += bytes;
                let line = text.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                batch.push((number, parse_line(line, role)));
            }
            Err(error) => {
                // The rest of the file cannot be trusted: report the line and stop.
                batch.push((
                    number,
                    Line::Problem(format!("cannot read the line: {error}")),
                ));
                break;
            }
        }
        if batch.len() == BATCH {
            progress.advance(read_since_report as u64);
            read_since_report = 0;
            if sender.send(std::mem::take(&mut batch)).is_err() {
                return;
            }
        }
    }
    progress.advance(read_since_report as u64);
    // The receiver only goes away when the builder has stopped, so a failed send loses nothing.
    let _ = sender.send(batch);
}

/// Parses one non-blank line.
fn parse_line(line: &str, role: Role) -> Line {
    match role {
        Role::Sources => match serde_json::from_str::<SourceRecord>(line) {
            Ok(record) => Line::Source(record),
            Err(error) => Line::Problem(describe(&error)),
        },
        Role::Relations => match serde_json::from_str::<RelationRecord>(line) {
            Ok(record) => Line::Relation(record),
            Err(error) => Line::Problem(describe(&error)),
        },
        Role::Entities => match serde_json::from_str::<EntityRecord>(line) {
            Ok(record) => match kind_of(&record.id) {
                Some(kind) => Line::Entity(kind, record),
                None => Line::Problem(format!(
                    "id `{}` must start with an entity kind and a colon, one of: {}",
                    record.id,
                    EntityKind::ALL
                        .iter()
                        .map(|kind| kind.id_prefix())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            },
            Err(error) => Line::Problem(describe(&error)),
        },
    }
}

/// The entity kind an id's prefix names.
fn kind_of(id: &str) -> Option<EntityKind> {
    let (prefix, _) = id.split_once(':')?;
    prefix.parse().ok()
}

/// A JSON error in the loader's words: the column instead of serde's "at line 1".
fn describe(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let message = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(message, _)| message);
    let what = if error.is_syntax() || error.is_eof() {
        "invalid JSON"
    } else {
        "invalid record"
    };
    format!("{what} at column {}: {message}", error.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_roles() {
        assert_eq!(
            Role::of(Path::new("d/entities.jsonl")),
            Some(Role::Entities)
        );
        assert_eq!(
            Role::of(Path::new("d/eu.relations.jsonl")),
            Some(Role::Relations)
        );
        assert_eq!(Role::of(Path::new("d/notes.jsonl")), None);
    }

    #[test]
    fn errors_name_the_column_and_the_field() {
        let Line::Problem(message) = parse_line(r#"{"id":"topic:a","nme":"A"}"#, Role::Entities)
        else {
            panic!("an unknown field must be refused");
        };
        assert!(message.contains("unknown field `nme`"), "{message}");
        assert!(message.contains("column"), "{message}");
        let Line::Problem(message) = parse_line(r#"{"id":"thing:a","name":"A"}"#, Role::Entities)
        else {
            panic!("an unknown kind must be refused");
        };
        assert!(message.contains("institution:"), "{message}");
    }
}
