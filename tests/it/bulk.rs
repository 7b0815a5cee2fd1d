//! The bulk format (JSON Lines) and the generator: same seed same files, the same checks and
//! file:line reports as the hand-edited format, and generated data served through the router.

use std::path::Path;
use std::process::Command;

use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use regiograph::Dataset;
use regiograph::load::{self, LoadError};
use regiograph::server::{AppState, app};
use serde_json::{Value, json};
use tower::ServiceExt;

fn generate(out: &Path, entities: usize, seed: u64) {
    let output = Command::new(env!("CARGO_BIN_EXE_regiograph"))
        .args(["generate", "--entities", &entities.to_string()])
        .args(["--seed", &seed.to_string(), "--out"])
        .arg(out)
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("entities"), "{said}");
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).expect("a generated file")
}

/// The problems a directory's load reports, one line each.
fn problems(dir: &Path) -> String {
    match load::load_dir(dir) {
        Ok(_) => panic!("{} must be refused", dir.display()),
        Err(LoadError::Invalid(report)) => report.to_string(),
        Err(other) => panic!("expected a report, got {other}"),
    }
}

fn write(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).expect("a writable temporary directory");
}

const SOURCES: &str = r#"{"id":"source:s","title":"A source"}
"#;

#[test]
fn the_same_seed_writes_the_same_files_and_another_seed_does_not() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    generate(&a, 2_000, 7);
    generate(&b, 2_000, 7);
    generate(&c, 2_000, 8);
    for file in ["sources.jsonl", "entities.jsonl", "relations.jsonl"] {
        assert_eq!(
            read(&a, file),
            read(&b, file),
            "{file} differs for one seed"
        );
    }
    assert_ne!(read(&a, "entities.jsonl"), read(&c, "entities.jsonl"));
}

#[test]
fn generated_data_has_the_shape_of_cooperation_data() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    generate(dir.path(), 5_000, 1);
    let data = Dataset::load(dir.path()).expect("generated data is valid");
    let graph = &data.graph;
    assert!(
        (4_900..=5_100).contains(&graph.entity_count()),
        "{}",
        graph.entity_count()
    );
    // About five relations per entity.
    let per_entity = graph.relation_count() as f64 / graph.entity_count() as f64;
    assert!((4.0..=6.0).contains(&per_entity), "{per_entity}");
    // Every kind is there.
    let stats = graph.stats();
    assert!(
        stats.entities_by_kind.iter().all(|(_, n)| *n > 0),
        "{stats:?}"
    );
    // Heavy-tailed degrees: the busiest entity has far more relations than the median one.
    let mut degrees: Vec<usize> = graph
        .entity_indices()
        .map(|i| graph.neighbours(i).count())
        .collect();
    degrees.sort_unstable();
    let (median, top) = (degrees[degrees.len() / 2], degrees[degrees.len() - 1]);
    assert!(top > 20 * median.max(1), "median {median}, top {top}");
    // Names in several languages, with accents.
    let text = read(dir.path(), "entities.jsonl");
    assert!(text.chars().any(|c| "áéíóúñçäöüßłøåčřšžőțș".contains(c)));
    // Dates over two decades.
    assert!(text.contains("\"start\":\"200") && text.contains("\"start\":\"202"));
}

#[tokio::test]
async fn generated_data_is_served_like_the_bundled_data() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    generate(dir.path(), 1_000, 3);
    let first: Value = serde_json::from_str(
        read(dir.path(), "entities.jsonl")
            .lines()
            .nth(500)
            .expect("a 501st entity"),
    )
    .expect("a JSON line");
    let data = Dataset::load(dir.path()).expect("generated data is valid");
    let body = json!({
        "query": "query($id: ID!) { entity(id: $id) { id name sources { id } } }",
        "variables": { "id": first["id"] },
    });
    let response = app(AppState::new(data))
        .oneshot(
            Request::post("/graphql")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .expect("a request"),
        )
        .await
        .expect("the router answers");
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    let answer: Value = serde_json::from_slice(&bytes).expect("JSON");
    assert_eq!(answer["data"]["entity"]["name"], first["name"], "{answer}");
    assert_eq!(
        answer["data"]["entity"]["sources"][0]["id"],
        first["sources"][0]
    );
}

#[test]
fn bulk_problems_are_reported_with_file_and_line() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    write(dir.path(), "sources.jsonl", SOURCES);
    write(
        dir.path(),
        "entities.jsonl",
        concat!(
            "# comments and blank lines are skipped\n",
            "{\"id\":\"topic:a\",\"name\":\"A\",\"sources\":[\"source:s\"]}\n",
            "\n",
            "{\"id\":\"topic:b\",\"name\":\"B\",\"sources\":[\"source:s\"]\n",
            "{\"id\":\"topic:c\",\"nme\":\"C\",\"sources\":[\"source:s\"]}\n",
            "{\"id\":\"thing:d\",\"name\":\"D\",\"sources\":[\"source:s\"]}\n",
            "{\"id\":\"topic:a\",\"name\":\"A again\",\"sources\":[\"source:s\"]}\n",
            "{\"id\":\"region:r\",\"name\":\"R\",\"sources\":[\"source:x\"],\"level\":\"city\"}\n",
        ),
    );
    write(
        dir.path(),
        "relations.jsonl",
        concat!(
            "{\"type\":\"focuses_on\",\"from\":\"region:r\",\"to\":\"topic:aa\",\"sources\":[\"source:s\"]}\n",
            "{\"type\":\"likes\",\"from\":\"topic:a\",\"to\":\"region:r\",\"sources\":[\"source:s\"]}\n",
        ),
    );
    write(dir.path(), "notes.jsonl", "{}\n");
    let report = problems(dir.path());
    let entities = dir.path().join("entities.jsonl").display().to_string();
    let relations = dir.path().join("relations.jsonl").display().to_string();
    for expected in [
        format!("{entities}:4: invalid JSON"),
        format!("{entities}:5: invalid record at column"),
        "unknown field `nme`".to_owned(),
        format!("{entities}:6: id `thing:d` must start with an entity kind"),
        format!("{entities}:7: duplicate id `topic:a`: it is already defined at {entities}:2"),
        format!("{entities}:8: unknown source `source:x`"),
        format!("{relations}:1: `to` names unknown entity `topic:aa` (did you mean `topic:a`?)"),
        format!("{relations}:2: `type`"),
        "notes.jsonl: a bulk file's name must end in".to_owned(),
    ] {
        assert!(
            report.contains(&expected),
            "missing {expected:?} in:\n{report}"
        );
    }
}

#[test]
fn bulk_files_extend_the_hand_edited_ones() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for entry in std::fs::read_dir(super::data_dir()).expect("the bundled data") {
        let path = entry.expect("an entry").path();
        if path
            .extension()
            .is_some_and(|e| e == "toml" || e == "jsonl")
        {
            std::fs::copy(&path, dir.path().join(path.file_name().expect("a name")))
                .expect("a copy");
        }
    }
    let bundled = Dataset::load(dir.path()).expect("the bundled data loads");
    // A bulk file may name entities and sources of the TOML files.
    write(
        dir.path(),
        "extra.entities.jsonl",
        "{\"id\":\"topic:bulk-test\",\"name\":\"Bulk test\",\"sources\":[\"source:iuc-case-study-2019\"]}\n",
    );
    write(
        dir.path(),
        "extra.relations.jsonl",
        "{\"type\":\"focuses_on\",\"from\":\"region:cantabria\",\"to\":\"topic:bulk-test\",\"sources\":[\"source:iuc-case-study-2019\"]}\n",
    );
    let extended = Dataset::load(dir.path()).expect("TOML and JSON Lines load together");
    assert_eq!(
        extended.graph.entity_count(),
        bundled.graph.entity_count() + 1
    );
    assert_eq!(
        extended.graph.relation_count(),
        bundled.graph.relation_count() + 1
    );
    assert_ne!(
        extended.version, bundled.version,
        "the version covers bulk files too"
    );
}

#[test]
fn validate_reads_bulk_files_and_stays_quiet_off_a_terminal() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    generate(dir.path(), 500, 2);
    let output = Command::new(env!("CARGO_BIN_EXE_regiograph"))
        .args(["validate", "--data"])
        .arg(dir.path())
        .output()
        .expect("the binary runs");
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("is valid"));
    // No progress bar when standard error is not a terminal.
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn generate_refuses_what_it_cannot_shape_and_says_why() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (args, expected) in [
        (
            ["--entities", "50"],
            "--entities must be at least 100; got 50",
        ),
        (
            ["--relations-per-entity", "0"],
            "--relations-per-entity must be a positive number; got 0",
        ),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_regiograph"))
            .arg("generate")
            .args(args)
            .arg("--out")
            .arg(dir.path())
            .output()
            .expect("the binary runs");
        assert!(!output.status.success());
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(said.contains(expected), "{said}");
    }
    // Nothing was written.
    assert!(!dir.path().join("entities.jsonl").exists());
}
