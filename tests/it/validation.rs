//! Loading and validation: every problem in a data directory is reported at once, with
//! file, line and what to fix, and nothing in loading panics on bad input.

use std::path::Path;

use regiograph::load::{self, LoadError};

/// Loads TOML text as one file named `t.toml` and returns the report's lines.
fn problems(text: &str) -> Vec<String> {
    match load::load_toml_str("t.toml", text) {
        Ok(graph) => panic!(
            "expected problems, but {} entities loaded",
            graph.entity_count()
        ),
        Err(LoadError::Invalid(report)) => {
            report.problems.iter().map(ToString::to_string).collect()
        }
        Err(other) => panic!("expected a validation report, got {other}"),
    }
}

/// Checks that loading `text` reports exactly one problem, equal to `expected`.
fn check_problem(text: &str, expected: &str) {
    assert_eq!(
        problems(text),
        vec![expected.to_owned()],
        "for data:\n{text}"
    );
}

const SOURCE: &str = "[[source]]\nid = \"source:s\"\ntitle = \"S\"\n";

#[test]
fn broken_fixture_reports_every_problem_at_once() {
    let Err(LoadError::Invalid(report)) = load::load_dir(Path::new("tests/fixtures/broken")) else {
        panic!("the broken fixture must not load");
    };
    insta::assert_snapshot!(report.to_string());
}

#[test]
fn a_syntax_error_does_not_hide_the_records_after_it() {
    let text = format!(
        "{SOURCE}[[topic]]\nid = \"topic:a\"\nname = \"A\nsources = [\"source:s\"]\n\n\
         [[topic]]\nid = \"topic:b\"\nname = \"B\"\nsources = [\"source:s\"]\n\n\
         [[relation]]\ntype = \"focuses_on\"\nfrom = \"topic:a\"\nto = \"topic:b\"\nsources = [\"source:s\"]\n"
    );
    let found = problems(&text);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("t.toml:6: TOML syntax error")),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|p| p.contains("topic:b")),
        "topic:b was lost: {found:?}"
    );
}

#[test]
fn each_kind_of_mistake_has_its_own_message() {
    let topic = |extra: &str| {
        format!(
            "{SOURCE}[[topic]]\nid = \"topic:t\"\nname = \"T\"\nsources = [\"source:s\"]\n{extra}"
        )
    };
    check_problem(
        &topic("colour = \"red\"\n"),
        "t.toml:8: in this `[[topic]]` block: unknown field `colour`, expected one of `id`, `name`, `aliases`, `description`, `website`, `sources`, `inferred`, `figures`, `external_ids`, `former_ids`, `level`, `iso_3166`, `kind`, `part_of`, `address`, `located_in`, `place`, `programme`, `start`, `end`, `status`, `funding_scheme`",
    );
    check_problem(
        &topic("level = \"city\"\n"),
        "t.toml:8: field `level` does not apply to a topic; its own fields are: none",
    );
    // A former id is an id like any other: no other record may take it.
    check_problem(
        &format!(
            "{}[[topic]]\nid = \"topic:u\"\nname = \"U\"\nsources = [\"source:s\"]\n",
            topic("former_ids = [\"topic:u\"]\n")
        ),
        "t.toml:10: duplicate id `topic:u`: it is already defined at t.toml:4; give this record another id",
    );
    // External ids: the scheme, the code's shape, and the kinds a scheme can name.
    let region = |extra: &str| {
        format!(
            "{SOURCE}[[region]]\nid = \"region:r\"\nname = \"R\"\nlevel = \"region\"\nsources = [\"source:s\"]\n{extra}"
        )
    };
    check_problem(
        &region("external_ids = [{ scheme = \"nuts3\", value = \"ES130\" }]\n"),
        "t.toml:9: `external_ids`: unknown external id scheme `nuts3` (expected one of: iso_3166, nuts, pic, cordis_project, keep_project, kohesio)",
    );
    check_problem(
        &region("external_ids = [{ scheme = \"nuts\", value = \"es13\" }]\n"),
        "t.toml:9: `es13` is not a well-formed nuts code: expected two capital letters and up to three more capital letters or digits (`ES13`)",
    );
    check_problem(
        &region("iso_3166 = \"ESP\"\n"),
        "t.toml:9: `ESP` is not a well-formed iso_3166 code: expected two capital letters (ISO 3166-1 alpha-2, `ES`), or those, a hyphen and one to three capital letters or digits (ISO 3166-2, `ES-CB`)",
    );
    check_problem(
        &region("external_ids = [{ scheme = \"pic\", value = \"999999999\" }]\n"),
        "t.toml:9: pic ids name only institutions; this record is a region",
    );
    check_problem(
        &topic("inferred = [\"colour\"]\n"),
        "t.toml:8: `inferred` names `colour`, which is not a field of this record that can be inferred",
    );
    check_problem(
        &format!(
            "{SOURCE}[[institution]]\nid = \"institution:i\"\nname = \"I\"\nsources = [\"source:s\"]\n"
        ),
        "t.toml:5: an institution needs a `kind` field",
    );
    check_problem(
        &format!(
            "{SOURCE}[[topic]]\nid = \"topic:Big Letters\"\nname = \"T\"\nsources = [\"source:s\"]\n"
        ),
        "t.toml:5: id `topic:Big Letters`: after `topic:` use lowercase ASCII letters, digits and single hyphens",
    );
    check_problem(
        &format!("{SOURCE}[[topic]]\nid = \"topic:t\"\nname = \"\"\nsources = [\"source:s\"]\n"),
        "t.toml:6: an entity needs a non-empty `name`",
    );
    check_problem(
        &format!("topic = 3\n{SOURCE}"),
        "t.toml:1: `topic` must be written as a `[[topic]]` block (two brackets), one per record",
    );
    check_problem(
        &format!(
            "{SOURCE}[[event]]\nid = \"event:e\"\nname = \"E\"\nkind = \"meeting\"\nstart = \"2023-02-30\"\nsources = [\"source:s\"]\n"
        ),
        "t.toml:8: `start`: `2023-02-30` is not a date: the day does not exist in that month (write YYYY, YYYY-MM or YYYY-MM-DD)",
    );
}

#[test]
fn a_region_that_contains_itself_is_reported() {
    let text = format!(
        "{SOURCE}[[region]]\nid = \"region:a\"\nname = \"A\"\nlevel = \"city\"\npart_of = \"region:b\"\nsources = [\"source:s\"]\n\n\
         [[region]]\nid = \"region:b\"\nname = \"B\"\nlevel = \"city\"\npart_of = \"region:a\"\nsources = [\"source:s\"]\n"
    );
    let found = problems(&text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].contains("`part_of` makes a loop: region:a -> region:b -> region:a"),
        "{found:?}"
    );
}

#[test]
fn hostile_data_files_are_reported_not_panicked_on() {
    let deep = format!("x = {}{}", "[".repeat(100_000), "]".repeat(100_000));
    let found = problems(&deep);
    assert!(!found.is_empty());
    let long_key = format!("[[{}]]\n", "k".repeat(1_000_000));
    assert!(problems(&long_key)[0].contains("unknown block"));
    assert!(!problems("\u{0}\u{1}\u{2} = = =").is_empty());
}

#[test]
fn unreadable_and_missing_data_are_clear_errors() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let error = load::load_dir(dir.path()).expect_err("an empty directory is not a dataset");
    assert!(error.to_string().contains("holds no data file"), "{error}");

    let error = load::load_dirs_with_progress(&[], &regiograph::progress::Silent)
        .expect_err("no directory is no dataset");
    assert_eq!(error.to_string(), "no data directory was given");

    let missing = dir.path().join("nowhere");
    let error = load::load_dir(&missing).expect_err("a missing directory is not a dataset");
    assert!(
        error
            .to_string()
            .starts_with("cannot read the data directory"),
        "{error}"
    );

    std::fs::write(dir.path().join("bad.toml"), [0xff, 0xfe, 0x00]).expect("writable");
    let error = load::load_dir(dir.path()).expect_err("a binary file is not data");
    assert!(
        error.to_string().contains("bad.toml: cannot read the file"),
        "{error}"
    );
}

#[test]
fn the_small_fixture_and_the_bundled_data_are_valid() {
    let graph =
        load::load_dir(Path::new("tests/fixtures/small")).expect("the small fixture is valid");
    assert_eq!((graph.entity_count(), graph.relation_count()), (3, 2));
    load::load_dir(&super::data_dir()).expect("the bundled data is valid");
}
