//! The bundled data, read as plain TOML without the loader: every record cites a source,
//! every reference points at a record, no id is used twice.

use std::collections::{BTreeMap, BTreeSet};

use toml::{Table, Value};

/// Every record of every data file, with its block header and file name.
fn records() -> Vec<(String, String, Table)> {
    let mut found = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(super::data_dir())
        .expect("the data directory")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a readable file");
        let file: Table =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (header, blocks) in file {
            for block in blocks.as_array().into_iter().flatten() {
                let table = block.as_table().cloned().unwrap_or_default();
                found.push((name.clone(), header.clone(), table));
            }
        }
    }
    found
}

fn text<'a>(table: &'a Table, key: &str) -> Option<&'a str> {
    table.get(key).and_then(Value::as_str)
}

fn list(table: &Table, key: &str) -> Vec<String> {
    table
        .get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_reference_resolves_and_every_record_cites_a_source() {
    let records = records();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for (_, _, table) in &records {
        if let Some(id) = text(table, "id") {
            *ids.entry(id.to_owned()).or_default() += 1;
        }
    }
    let duplicates: Vec<_> = ids.iter().filter(|(_, n)| **n > 1).collect();
    assert!(duplicates.is_empty(), "duplicate ids: {duplicates:?}");

    let sources: BTreeSet<&str> = ids
        .keys()
        .map(String::as_str)
        .filter(|id| id.starts_with("source:"))
        .collect();
    let mut problems = Vec::new();
    for (file, header, table) in &records {
        let what = format!(
            "{file} [[{header}]] {}",
            text(table, "id").unwrap_or("(relation)")
        );
        if header == "source" {
            continue;
        }
        let cited = list(table, "sources");
        if cited.is_empty() {
            problems.push(format!("{what}: cites no source"));
        }
        for source in cited {
            if !sources.contains(source.as_str()) {
                problems.push(format!("{what}: unknown source {source}"));
            }
        }
        for key in ["from", "to", "part_of", "located_in", "place", "programme"] {
            if let Some(target) = text(table, key)
                && !ids.contains_key(target)
            {
                problems.push(format!("{what}: {key} names unknown {target}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_data_covers_the_sources_broadly() {
    let records = records();
    let count = |header: &str| records.iter().filter(|(_, h, _)| h == header).count();
    assert_eq!(count("source"), 5, "one source record per source document");
    for header in [
        "region",
        "institution",
        "person",
        "programme",
        "project",
        "topic",
        "event",
    ] {
        assert!(count(header) > 0, "no [[{header}]] record");
    }
    let entities: usize = [
        "region",
        "institution",
        "person",
        "programme",
        "project",
        "topic",
        "event",
    ]
    .iter()
    .map(|h| count(h))
    .sum();
    assert!(entities > 100, "{entities} entities");
    let described = records
        .iter()
        .filter(|(_, h, t)| h != "relation" && h != "source" && t.contains_key("description"))
        .count();
    assert!(
        described * 10 >= entities * 9,
        "most entities have a description: {described} of {entities}"
    );
}

/// A shorthand field (`part_of`, `located_in`, `place`, `programme`) that a record lists in
/// `inferred` makes a relation served with an inferred target, like a relation record would.
#[tokio::test]
async fn inferred_shorthands_are_served_as_inferred_relations() {
    let shorthands = [
        ("part_of", "PART_OF"),
        ("located_in", "LOCATED_IN"),
        ("place", "LOCATED_IN"),
        ("programme", "UNDER_PROGRAMME"),
    ];
    let mut checked = 0;
    for (file, _, record) in records() {
        let Some(id) = text(&record, "id") else {
            continue;
        };
        let inferred = list(&record, "inferred");
        for (field, rel_type) in shorthands {
            let Some(target) = text(&record, field) else {
                continue;
            };
            let found = super::data(&format!(
                r#"{{ entity(id: "{id}") {{ relations(type: {rel_type}, direction: OUT, first: 100) {{ nodes {{ to {{ id }} inferredFields }} }} }} }}"#
            ))
            .await;
            let relations = found["entity"]["relations"]["nodes"]
                .as_array()
                .expect("a list");
            let relation = relations
                .iter()
                .find(|r| r["to"]["id"] == target)
                .unwrap_or_else(|| panic!("{file}: {id} has no {rel_type} to {target}"));
            let expected: Vec<&str> = if inferred.iter().any(|f| f == field) {
                checked += 1;
                vec!["to"]
            } else {
                Vec::new()
            };
            assert_eq!(
                relation["inferredFields"],
                serde_json::json!(expected),
                "{file}: {id} {field}"
            );
        }
    }
    // The bundled data marks some shorthands as inferred (RED.ES's region, Santander's, ...).
    assert!(checked >= 10, "only {checked} inferred shorthands");
}

/// The words of a text as `scripts/source-runs.py` splits them: maximal runs of letters and
/// digits, lower-cased.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Descriptions are in our own words: none shares seven consecutive words with a source
/// document. The sources are not in the repository; `tests/fixtures/source-runs.txt` holds the
/// hashes of their seven-word runs, made by `scripts/source-runs.py`.
#[test]
fn no_description_copies_seven_words_of_a_source() {
    use sha2::Digest;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/source-runs.txt"
    );
    let hashes = std::fs::read_to_string(path).expect("the hashes of the sources' runs");
    let runs: BTreeSet<&str> = hashes.lines().filter(|l| !l.starts_with('#')).collect();
    // About three thousand words in five documents: a short list would prove nothing.
    assert!(runs.len() > 2_500, "only {} hashes in {path}", runs.len());
    let mut copied = Vec::new();
    for (file, header, record) in records() {
        let Some(description) = text(&record, "description") else {
            continue;
        };
        for run in words(description).windows(7) {
            let run = run.join(" ");
            let digest = sha2::Sha256::digest(run.as_bytes());
            let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
            if runs.contains(hash.as_str()) {
                let id = text(&record, "id").unwrap_or("(a relation)");
                copied.push(format!("{file} [[{header}]] {id}: \"{run}\""));
            }
        }
    }
    assert!(
        copied.is_empty(),
        "descriptions that copy seven words of a source (reword them):\n{}",
        copied.join("\n")
    );
}
