//! The schema file is the contract: `schema.graphql` must equal the schema the code serves,
//! and a third-party linter (graphql-schema-linter, pinned by `package.json`) must find every
//! type, field, argument and enum value described and the Relay shapes kept.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

#[test]
fn schema_file_matches_the_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.graphql");
    let served = regiograph::api::sdl();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &served).expect("schema.graphql is writable");
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == served,
        "schema.graphql differs from the schema the code serves; review the change, then run \
         `cargo run -- schema > schema.graphql` (or UPDATE_SCHEMA=1 cargo test schema)"
    );
}

/// The linter's rules the schema must pass: descriptions everywhere a client reads one, and
/// the Relay connection, pagination-argument and `PageInfo` shapes.
const RULES: &[&str] = &[
    "types-have-descriptions",
    "fields-have-descriptions",
    "arguments-have-descriptions",
    "enum-values-have-descriptions",
    "relay-connection-types-spec",
    "relay-connection-arguments-spec",
    "relay-page-info-spec",
];

/// Runs graphql-schema-linter with [`RULES`] on a schema given as text and returns its
/// findings, each as `line:column message (rule)`.
fn lint(schema: &str) -> Vec<String> {
    super::node_packages();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut linter = Command::new("node")
        .arg(
            root.join("node_modules")
                .join("graphql-schema-linter")
                .join("lib")
                .join("cli.js"),
        )
        .args(["--stdin", "--format", "json", "--rules", &RULES.join(",")])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    linter
        .stdin
        .take()
        .expect("the linter's standard input")
        .write_all(schema.as_bytes())
        .expect("the linter reads the schema");
    let output = linter.wait_with_output().expect("the linter finishes");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
        panic!(
            "the linter printed no JSON report:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    report["errors"]
        .as_array()
        .expect("the report lists its findings")
        .iter()
        .map(|finding| {
            format!(
                "{}:{} {} ({})",
                finding["location"]["line"],
                finding["location"]["column"],
                finding["message"].as_str().unwrap_or_default(),
                finding["rule"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn the_linter_finds_every_type_field_argument_and_enum_value_described() {
    // The published file, which `schema_file_matches_the_code` holds equal to the served schema.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.graphql");
    let published = std::fs::read_to_string(path).expect("schema.graphql is readable");
    let findings = lint(&published);
    assert!(
        findings.is_empty(),
        "graphql-schema-linter finds {} problems in schema.graphql:\n{}",
        findings.len(),
        findings.join("\n")
    );
}

#[test]
fn the_linter_reports_each_rule_on_a_schema_that_breaks_it() {
    // Nothing described, a connection without edges or page info, a list of them without
    // `first`/`after`, and no `PageInfo`: every rule has something to report, so a rule the
    // linter did not know or did not run would show here.
    let findings = lint(
        "type Query { things(x: Int): ThingConnection }\n\
         type ThingConnection { count: Int }\n\
         enum Colour { RED }\n",
    );
    for rule in RULES {
        assert!(
            findings
                .iter()
                .any(|finding| finding.ends_with(&format!("({rule})"))),
            "the linter reported nothing for {rule}:\n{}",
            findings.join("\n")
        );
    }
}
