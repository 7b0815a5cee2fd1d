//! Snapshots, tried on the real binary: a server started from a snapshot answers every query
//! exactly as one started from the files, each kind of damaged snapshot is refused with its
//! reason, and a reload keeps the old data when the new snapshot is bad and swaps in a good one.

use std::path::{Path, PathBuf};
use std::process::Child;

use serde_json::{Value, json};

use crate::{regiograph, root, spawn_server, text};

/// A running server that stops when the test ends, however it ends.
struct Server {
    child: Child,
    address: String,
    /// The server's log, kept open for as long as it runs.
    _log: std::io::BufReader<std::process::ChildStderr>,
}

impl Server {
    fn start(args: &[&str]) -> Self {
        let (child, log, address) = spawn_server(args);
        Server {
            child,
            address,
            _log: log,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Posts a GraphQL query; returns the answer's body and its `x-data-version` header.
    async fn ask(&self, query: &str) -> (String, String) {
        let response = reqwest::Client::new()
            .post(self.url("/graphql"))
            .json(&json!({ "query": query }))
            .send()
            .await
            .expect("the server answers");
        let version = response
            .headers()
            .get("x-data-version")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (response.text().await.expect("a body"), version)
    }

    async fn ready(&self) -> Value {
        reqwest::get(self.url("/ready"))
            .await
            .expect("/ready answers")
            .json()
            .await
            .expect("/ready is JSON")
    }

    async fn reload(&self) -> (u16, Value) {
        let response = reqwest::Client::new()
            .post(self.url("/admin/reload"))
            .bearer_auth("secret")
            .send()
            .await
            .expect("/admin/reload answers");
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON answer"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Writes a snapshot of `dirs` to `out` with the real binary.
fn snapshot(dirs: &[&str], out: &Path) {
    let mut args = vec!["snapshot"];
    for dir in dirs {
        args.extend(["--data", dir]);
    }
    let out_text = out.to_str().expect("a UTF-8 path");
    args.extend(["--out", out_text]);
    let output = regiograph(&args);
    assert!(
        output.status.success(),
        "snapshot failed:\n{}",
        text(&output.stderr)
    );
    assert!(text(&output.stdout).contains("serve it with: regiograph serve --snapshot"));
}

/// The playground's example queries, the README's and a few more that reach every part a
/// snapshot stores: search, suggestions, rankings, groups, paths and cooperation.
fn queries() -> Vec<String> {
    let page = std::fs::read_to_string(root().join("web/src/playground.html")).expect("the page");
    let start = page
        .find(r#"<script type="application/json" id="examples">"#)
        .expect("the examples block");
    let rest = &page[start..];
    let block = &rest[rest.find('>').map_or(0, |i| i + 1)..rest.find("</script>").unwrap_or(0)];
    let tabs: Vec<Value> = serde_json::from_str(block).expect("the examples are JSON");
    let mut queries: Vec<String> = tabs
        .iter()
        .filter_map(|tab| tab["query"].as_str().map(str::to_owned))
        .collect();
    queries.extend(crate::readme::readme_queries());
    queries.extend(
        [
            "{ stats { entities relations sources } }",
            r#"{ search(query: "santander university", first: 20) { totalCount hits { score matchedFields entity { id name } highlights { text } } } }"#,
            r#"{ search(query: "chihuahua -ciudad", kinds: [INSTITUTION, PROJECT]) { totalCount facets { kind count } } }"#,
            r#"{ suggest(prefix: "cant", first: 10) { id name } }"#,
            "{ ranking(by: BETWEENNESS, first: 20) { score entity { id } } }",
            "{ ranking(kind: INSTITUTION, by: PAGE_RANK, first: 20) { score entity { id } } }",
            "{ components(first: 5) { id size entities(first: 5) { edges { node { id } } } } }",
            "{ communities(first: 5) { id size entities(first: 5) { edges { node { id } } } } }",
            r#"{ entities(orderBy: DEGREE, first: 50) { totalCount edges { node { id name centrality { degree betweenness pageRank component community } } } } }"#,
            r#"{ paths(from: "region:cantabria", to: "region:chihuahua", first: 3) { entities { id } } }"#,
            "{ cooperation(level: COUNTRY) { links(first: 50) { edges { node { a { id } b { id } projects } } } } }",
            "{ aggregate(groupBy: [COUNTRY, YEAR], first: 50) { totalCount edges { node { projects participations } } } }",
        ]
        .map(str::to_owned),
    );
    queries
}

#[tokio::test]
async fn a_server_started_from_a_snapshot_answers_as_one_started_from_the_files() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("bundled.snapshot");
    snapshot(&["data"], &file);
    let from_files = Server::start(&[]);
    let from_snapshot = Server::start(&["--snapshot", file.to_str().expect("UTF-8")]);
    let (files_ready, snapshot_ready) = (from_files.ready().await, from_snapshot.ready().await);
    assert_eq!(files_ready, snapshot_ready, "the same version and counts");
    let version = files_ready["version"]
        .as_str()
        .expect("a version")
        .to_owned();
    let queries = queries();
    assert!(queries.len() >= 25, "{} queries", queries.len());
    for query in &queries {
        let (expected, expected_version) = from_files.ask(query).await;
        let (answer, answered_version) = from_snapshot.ask(query).await;
        assert!(
            !expected.contains(r#""errors""#),
            "the query itself fails:\n{query}\n{expected}"
        );
        // Byte for byte: fields come in query order (src/api/order.rs), whatever finishes first.
        assert_eq!(answer, expected, "the answers differ for:\n{query}");
        assert_eq!(answered_version, version);
        assert_eq!(expected_version, version);
    }
    // The exports read the graph and the metrics too.
    for path in [
        "/export/json",
        "/export/csv-nodes",
        "/export/cooperation?level=NUTS2",
    ] {
        let fetch = |server: &Server| {
            let url = server.url(path);
            async move {
                reqwest::get(url)
                    .await
                    .expect("an answer")
                    .text()
                    .await
                    .expect("a body")
            }
        };
        assert_eq!(
            fetch(&from_snapshot).await,
            fetch(&from_files).await,
            "{path}"
        );
    }
}

/// Where each section of a snapshot starts, read from its header.
fn section_starts(bytes: &[u8]) -> Vec<usize> {
    let count = u32::from_le_bytes(bytes[52..56].try_into().expect("four bytes")) as usize;
    let mut start = 56 + count * 12;
    (0..count)
        .map(|i| {
            let at = 56 + i * 12;
            let length = u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
            let section = start;
            start += length as usize;
            section
        })
        .collect()
}

/// Starts `serve --snapshot file`, which must refuse; returns what it printed.
fn refused(file: &Path) -> String {
    let output = regiograph(&[
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--snapshot",
        file.to_str().expect("UTF-8"),
    ]);
    let printed = text(&output.stderr);
    assert!(
        !output.status.success(),
        "served a bad snapshot:\n{printed}"
    );
    assert!(!printed.contains("serving GraphQL"), "{printed}");
    assert!(printed.contains("regiograph did not start"), "{printed}");
    printed
}

#[test]
fn every_damaged_snapshot_is_refused_with_its_reason() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let good = dir.path().join("good.snapshot");
    snapshot(&["tests/fixtures/small"], &good);
    let bytes = std::fs::read(&good).expect("the snapshot");
    let damaged = |name: &str, bytes: &[u8]| -> PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("written");
        path
    };
    let expect = |name: &str, bytes: &[u8], reason: &str| {
        let printed = refused(&damaged(name, bytes));
        assert!(
            printed.contains(reason),
            "{name}: expected {reason:?} in:\n{printed}"
        );
    };
    expect("half", &bytes[..bytes.len() / 2], "is truncated");
    expect("last-byte", &bytes[..bytes.len() - 1], "is truncated");
    expect("in-header", &bytes[..40], "is truncated");
    expect("empty", &[], "is not a regiograph snapshot");
    expect(
        "toml",
        &std::fs::read(root().join("tests/fixtures/small/graph.toml")).expect("a data file"),
        "is not a regiograph snapshot",
    );
    let mut longer = bytes.clone();
    longer.extend_from_slice(b"more");
    expect("longer", &longer, "4 bytes after its last section");
    let mut older = bytes.clone();
    older[16..20].copy_from_slice(&0u32.to_le_bytes());
    expect("older", &older, "format version 0");
    let mut other_build = bytes.clone();
    other_build[20..52].copy_from_slice(b"0.0.1-00000000deadbeef          ");
    expect(
        "other-build",
        &other_build,
        "was written by another build of regiograph (0.0.1-00000000deadbeef",
    );
    // One flipped bit in the middle of each section is caught by that section's checksum.
    let starts = section_starts(&bytes);
    assert_eq!(starts.len(), 4);
    let mut ends = starts[1..].to_vec();
    ends.push(bytes.len());
    for ((start, end), name) in
        starts
            .iter()
            .zip(&ends)
            .zip(["graph", "tables", "analytics", "search"])
    {
        let mut flipped = bytes.clone();
        flipped[(start + end) / 2] ^= 0x10;
        expect(
            name,
            &flipped,
            &format!("is corrupted: its {name} section does not match its checksum"),
        );
    }
    let missing = refused(&dir.path().join("missing.snapshot"));
    assert!(missing.contains("cannot read the snapshot"), "{missing}");
    // The good one still serves.
    let server = Server::start(&["--snapshot", good.to_str().expect("UTF-8")]);
    drop(server);
}

#[tokio::test]
async fn a_reload_keeps_the_old_data_on_a_bad_snapshot_and_swaps_in_a_good_one() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("served.snapshot");
    snapshot(&["tests/fixtures/small"], &file);
    let good_small = std::fs::read(&file).expect("the snapshot");
    let server = Server::start(&[
        "--snapshot",
        file.to_str().expect("UTF-8"),
        "--admin-token",
        "secret",
    ]);
    let before = server.ready().await;
    let stats = "{ stats { entities } }";
    let (small_answer, small_version) = server.ask(stats).await;
    assert_eq!(
        small_version,
        before["version"].as_str().expect("a version")
    );

    // A truncated snapshot is refused and the old data keeps serving.
    std::fs::write(&file, &good_small[..good_small.len() - 10]).expect("written");
    let (status, answer) = server.reload().await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["status"], "refused");
    assert!(
        answer["problems"]
            .as_str()
            .is_some_and(|p| p.contains("is truncated")),
        "{answer}"
    );
    assert_eq!(server.ready().await, before);
    assert_eq!(
        server.ask(stats).await,
        (small_answer.clone(), small_version.clone())
    );

    // A missing one too.
    std::fs::remove_file(&file).expect("removed");
    let (status, answer) = server.reload().await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(server.ready().await, before);

    // A good snapshot of other data swaps in, and answers carry its version.
    snapshot(&["data"], &file);
    let (status, answer) = server.reload().await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["previousVersion"], before["version"]);
    let after = server.ready().await;
    assert_ne!(after["version"], before["version"]);
    assert!(after["entities"].as_u64() > before["entities"].as_u64());
    let (bundled_answer, bundled_version) = server.ask(stats).await;
    assert_ne!(bundled_answer, small_answer);
    assert_eq!(
        bundled_version,
        after["version"].as_str().expect("a version")
    );
}
