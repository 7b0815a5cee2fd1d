//! The GraphQL-over-HTTP audit of the npm package `graphql-http` (`auditServer`), run with
//! Node against the real server: no audit may fail, and no warning may appear unless it is
//! listed in [`EXPECTED_WARNINGS`] and explained in docs/hardening.md.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::http::Running;

/// Audit ids that may end in a warning, each with the reason it is accepted.
///
/// The server passes every audit of graphql-http 1.23.1, so the list is empty; an entry here
/// must be explained in docs/hardening.md, section "GraphQL over HTTP audit".
const EXPECTED_WARNINGS: &[(&str, &str)] = &[];

/// Runs tests/graphql_http_audit.mjs against a URL and returns its results.
fn audit(url: &str) -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("node")
        .arg(root.join("tests").join("graphql_http_audit.mjs"))
        .arg(url)
        .current_dir(root)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "the audit script failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Value = serde_json::from_slice(&output.stdout).expect("the script prints JSON");
    results.as_array().cloned().expect("a JSON array")
}

#[tokio::test]
async fn the_server_passes_the_graphql_over_http_audit() {
    tokio::task::spawn_blocking(super::node_packages)
        .await
        .expect("the installation does not panic");
    let server = Running::start().await;
    let url = server.url("/graphql");
    let results = tokio::task::spawn_blocking(move || audit(&url))
        .await
        .expect("the audit does not panic");
    server.shutdown().await;

    // graphql-http 1.23.1 has 61 server audits; far fewer means the script ran none of them.
    assert!(results.len() >= 50, "only {} audits ran", results.len());
    let mut failures = Vec::new();
    for result in &results {
        let id = result["id"].as_str().unwrap_or_default();
        let status = result["status"].as_str().unwrap_or_default();
        let expected = EXPECTED_WARNINGS.iter().any(|(warning, _)| *warning == id);
        match status {
            "ok" => {}
            "warn" | "notice" if expected => {}
            _ => failures.push(format!(
                "{id} {status}: {} ({})",
                result["name"].as_str().unwrap_or_default(),
                result["reason"].as_str().unwrap_or_default()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "the audit found problems:\n{}",
        failures.join("\n")
    );
}
