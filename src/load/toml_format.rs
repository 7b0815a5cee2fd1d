//! Reads the hand-edited TOML format: one `[[kind]]` block per record, comments allowed.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::records::{LocatedRecord, Location, Record};
use super::report::Problem;
use crate::model::EntityKind;

/// Maps byte offsets to 1-based line numbers.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }
}

/// The block headers a data file may use, and what they hold.
fn block_kind(header: &str) -> Option<Option<EntityKind>> {
    match header {
        "source" | "relation" => Some(None),
        other => other.parse::<EntityKind>().ok().map(Some),
    }
}

const HEADERS: &str = "[[source]], [[region]], [[institution]], [[person]], [[programme]], \
                       [[project]], [[topic]], [[event]], [[relation]]";

/// Parses one TOML data file into records, reporting every problem it can find.
///
/// Syntax errors do not stop the reading: the parser recovers, and the records it could
/// still read are returned beside the problems.
pub fn parse(file: &Arc<str>, text: &str) -> (Vec<LocatedRecord>, Vec<Problem>) {
    let lines = LineIndex::new(text);
    let problem = |span: Option<Range<usize>>, message: String| Problem {
        file: file.clone(),
        line: span.map(|s| lines.line(s.start)),
        message,
    };
    let (table, errors) = DeTable::parse_recoverable(text);
    let mut problems: Vec<Problem> = errors
        .iter()
        .map(|e| {
            problem(
                e.span(),
                format!("TOML syntax error: {}", e.message().trim_end()),
            )
        })
        .collect();
    let mut records = Vec::new();
    for (key, value) in table.get_ref() {
        let header = key.get_ref().as_ref();
        let Some(kind) = block_kind(header) else {
            problems.push(problem(
                Some(key.span()),
                format!("unknown block `{header}`; a data file holds only {HEADERS} blocks"),
            ));
            continue;
        };
        let DeValue::Array(items) = value.get_ref() else {
            problems.push(problem(
                Some(key.span()),
                format!("`{header}` must be written as a `[[{header}]]` block (two brackets), one per record"),
            ));
            continue;
        };
        for item in items.iter() {
            let location = Location {
                file: file.clone(),
                line: lines.line(item.span().start),
                field_lines: field_lines(item, &lines),
            };
            let record = match kind {
                None if header == "source" => deserialize(item).map(Record::Source),
                None => deserialize(item).map(Record::Relation),
                Some(kind) => deserialize(item).map(|r| Record::Entity(kind, r)),
            };
            match record {
                Ok(record) => records.push(LocatedRecord { record, location }),
                Err(error) => {
                    let line = error
                        .span()
                        .map(|s| lines.line(s.start))
                        .unwrap_or(location.line);
                    problems.push(Problem {
                        file: file.clone(),
                        line: Some(line),
                        message: format!(
                            "in this `[[{header}]]` block: {}",
                            error.message().trim_end()
                        ),
                    });
                }
            }
        }
    }
    (records, problems)
}

fn deserialize<T: DeserializeOwned>(item: &Spanned<DeValue<'_>>) -> Result<T, toml::de::Error> {
    let mut owned = item.clone();
    owned.get_mut().make_owned();
    T::deserialize(ValueDeserializer::from(owned))
}

fn field_lines(item: &Spanned<DeValue<'_>>, lines: &LineIndex) -> HashMap<String, usize> {
    match item.get_ref() {
        DeValue::Table(table) => table
            .iter()
            .map(|(key, _)| (key.get_ref().to_string(), lines.line(key.span().start)))
            .collect(),
        _ => HashMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_from_one() {
        let lines = LineIndex::new("a\nbc\n\nd");
        assert_eq!([0, 2, 3, 5, 6].map(|o| lines.line(o)), [1, 2, 2, 3, 4]);
    }

    #[test]
    fn reads_records_with_field_lines() {
        let text =
            "# a comment\n[[topic]]\nid = \"topic:x\"\n\nname = \"X\"\nsources = [\"source:s\"]\n";
        let (records, problems) = parse(&Arc::from("t.toml"), text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].location.line, 2);
        assert_eq!(records[0].location.line_of("name"), 5);
    }
}
