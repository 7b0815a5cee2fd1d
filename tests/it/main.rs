//! Integration tests: each module tries one capability through the real router or the real
//! server, on the bundled data, the way a user would.

mod analytics;
mod audit;
mod browser;
mod bulk;
mod cli;
mod connections;
mod cooperation;
mod curation;
mod data;
mod datasets;
mod deployment;
mod direct;
mod entities;
mod entity_pages;
mod executor;
mod export;
mod figures;
mod hardening;
mod http;
mod import;
mod lists;
mod properties;
mod readme;
mod reference;
mod replicas;
mod response_cache;
mod schema;
mod search;
mod snapshot;
mod validation;
mod web;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use regiograph::Dataset;
use regiograph::server::{AppState, app};
use serde_json::{Value, json};
use tower::ServiceExt;

/// The repository's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the real binary from the repository's root, without a `REGIOGRAPH_DATA` from outside.
pub fn regiograph(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_regiograph"))
        .args(args)
        .current_dir(root())
        .env_remove("REGIOGRAPH_DATA")
        .env_remove("REGIOGRAPH_SNAPSHOT")
        .env_remove("REGIOGRAPH_BIND")
        .output()
        .expect("the binary runs")
}

/// Starts `regiograph serve` on a free port with `args`, and returns the child, its log (read
/// up to the "serving" line) and the address it listens on.
pub fn spawn_server(
    args: &[&str],
) -> (
    std::process::Child,
    std::io::BufReader<std::process::ChildStderr>,
    String,
) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_regiograph"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(args)
        .current_dir(root())
        .env_remove("REGIOGRAPH_DATA")
        .env_remove("REGIOGRAPH_SNAPSHOT")
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut log = std::io::BufReader::new(child.stderr.take().expect("a stderr pipe"));
    let mut seen = String::new();
    for _ in 0..50 {
        let mut line = String::new();
        if log.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        seen.push_str(&line);
        if let Some(rest) = line.split("serving GraphQL on http://").nth(1)
            && let Some(address) = rest.split('/').next()
        {
            let address = address.to_owned();
            return (child, log, address);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not start:\n{seen}");
}

/// Makes sure a Debian package's file is there: installs the package with apt-get when
/// running as root (as CI does), otherwise fails saying what to install.
pub fn debian_package(file: &str, package: &str) {
    if Path::new(file).is_file() {
        return;
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0");
    assert!(
        root,
        "this test needs {file}: run `apt-get install -y {package}` as root"
    );
    let install = || {
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends", package])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .is_ok_and(|s| s.success())
    };
    if !install() {
        let updated = Command::new("apt-get")
            .arg("update")
            .status()
            .is_ok_and(|s| s.success());
        assert!(updated && install(), "apt-get could not install {package}");
    }
    assert!(
        Path::new(file).is_file(),
        "{package} did not install {file}"
    );
}

/// A command's output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The hand-written CORDIS fixtures as a user gives them to `regiograph import cordis`: the
/// Horizon Europe tables zipped into `dir` as CORDIS ships them, then the H2020 and FP7
/// tables as loose files.
pub fn cordis_inputs(dir: &Path) -> Vec<PathBuf> {
    let fixtures = root().join("tests/fixtures/import/cordis");
    let zip_path = dir.join("cordis-HORIZONprojects-csv.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).expect("a zip file"));
    for member in ["project.csv", "organization.csv"] {
        zip.start_file(member, zip::write::SimpleFileOptions::default())
            .expect("a zip member");
        let bytes = std::fs::read(fixtures.join("horizon").join(member)).expect("a fixture");
        std::io::Write::write_all(&mut zip, &bytes).expect("written");
    }
    zip.finish().expect("a complete zip");
    let mut inputs = vec![zip_path];
    for programme in ["h2020", "fp7"] {
        for table in ["project.csv", "organization.csv"] {
            inputs.push(fixtures.join(programme).join(table));
        }
    }
    inputs
}

/// The bundled data directory.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// A generated graph of 5,000 entities (seed 12), written into `dir` and loaded: big enough
/// that its hubs have more relations than [`regiograph::cpu::INLINE_STEPS`] (the bundled
/// data has no such hub).
pub fn generated(dir: &Path) -> Dataset {
    let options = regiograph::generate::GenerateOptions {
        entities: 5_000,
        seed: 12,
        relations_per_entity: 5.0,
    };
    regiograph::generate::generate(options, dir, &regiograph::progress::Silent)
        .expect("the generator writes its files");
    Dataset::load(dir).expect("generated data loads")
}

/// The app state over the bundled data, loaded once for the whole test run.
pub fn state() -> AppState {
    static STATE: OnceLock<AppState> = OnceLock::new();
    STATE
        .get_or_init(|| match Dataset::load(&data_dir()) {
            Ok(data) => AppState::new(data),
            Err(error) => panic!("the bundled data must load:\n{error}"),
        })
        .clone()
}

/// The app state over several data directories loaded into one graph; a test whose data
/// does not load fails with the loader's whole report.
pub fn state_of(dirs: &[PathBuf]) -> AppState {
    match Dataset::load_dirs_with_progress(dirs, &regiograph::progress::Silent) {
        Ok((data, _)) => AppState::new(data),
        Err(error) => panic!(
            "{} must load:\n{error}",
            dirs.iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Sends a request through the real router and returns the status and the body as text.
pub async fn send(request: Request<Body>) -> (StatusCode, String) {
    send_to(&state(), request).await
}

/// Sends a request through the real router over another dataset's state.
pub async fn send_to(state: &AppState, request: Request<Body>) -> (StatusCode, String) {
    let response = app(state.clone())
        .oneshot(request)
        .await
        .expect("the router never fails");
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a readable body")
        .to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// The value of the metric `name` (a whole name, with its `_total` for a counter) in the
/// server's `/metrics`.
pub async fn metric(state: &AppState, name: &str) -> f64 {
    let request = Request::get("/metrics")
        .body(Body::empty())
        .expect("a request");
    let (_, text) = send_to(state, request).await;
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in /metrics:\n{text}"))
}

/// Runs a query that must succeed through the real router over another dataset's state, and
/// returns its `data`.
pub async fn data_on(state: &AppState, query: &str) -> Value {
    let body = json!({ "query": query }).to_string();
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("a valid request");
    let (status, text) = send_to(state, request).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let answer: Value = serde_json::from_str(&text).expect("JSON");
    assert!(answer.get("errors").is_none(), "{query}\n{answer:#}");
    answer["data"].clone()
}

/// POSTs a GraphQL query with variables and returns the whole response (`data` and `errors`).
pub async fn query_with(query: &str, variables: Value) -> Value {
    let body = json!({ "query": query, "variables": variables }).to_string();
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("a valid request");
    let (status, text) = send(request).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).expect("a JSON response")
}

/// A document of `levels` fragments that each spread the next twice: 2^levels fields once
/// expanded, in a few kilobytes.
pub fn fragment_bomb(levels: usize) -> String {
    let mut bomb = String::from("query { ...F0 }\n");
    for i in 0..levels {
        bomb.push_str(&format!(
            "fragment F{i} on Query {{ ...F{} ...F{} }}\n",
            i + 1,
            i + 1
        ));
    }
    bomb.push_str(&format!(
        "fragment F{levels} on Query {{ stats {{ entities }} }}\n"
    ));
    bomb
}

/// POSTs a GraphQL query with request extensions (such as `persistedQuery`); an empty query
/// is left out of the body. Returns the whole response.
pub async fn query_with_extensions(query: &str, extensions: Value) -> Value {
    let mut body = json!({ "extensions": extensions });
    if !query.is_empty() {
        body["query"] = json!(query);
    }
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("a valid request");
    let (status, text) = send(request).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).expect("a JSON response")
}

/// POSTs a GraphQL query and returns the whole response.
pub async fn query(query: &str) -> Value {
    query_with(query, json!({})).await
}

/// Runs a query that must succeed and returns its `data`.
pub async fn data(query_text: &str) -> Value {
    let response = query(query_text).await;
    assert!(
        response.get("errors").is_none(),
        "unexpected errors for {query_text}:\n{response:#}"
    );
    response["data"].clone()
}

/// Runs a query and checks that its `data` is exactly `expected`.
pub async fn check(query_text: &str, expected: Value) {
    let actual = data(query_text).await;
    assert_eq!(actual, expected, "for query {query_text}");
}

/// Runs a query that must fail and returns its error messages.
pub async fn errors(query_text: &str) -> Vec<String> {
    let response = query(query_text).await;
    let errors = response["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("expected errors for {query_text}, got {response:#}"));
    errors
        .iter()
        .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Runs a query that must fail and checks that one error message contains `expected`.
pub async fn check_error(query_text: &str, expected: &str) {
    let messages = errors(query_text).await;
    assert!(
        messages.iter().any(|m| m.contains(expected)),
        "expected an error containing {expected:?} for {query_text}, got {messages:?}"
    );
}

/// The ids of a list of objects that each have an `id`.
pub fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .map(|items| items.iter().filter_map(|i| i["id"].as_str()).collect())
        .unwrap_or_default()
}

/// The Python of a virtual environment under `target/` with `tests/requirements.txt` installed;
/// made on first use, so the test runs on a fresh machine with Python 3 and access to PyPI.
pub fn python() -> PathBuf {
    static SETUP: Mutex<()> = Mutex::new(());
    let _guard = SETUP.lock().unwrap_or_else(|e| e.into_inner());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let venv = root.join("target").join("py");
    let python = venv.join("bin").join("python");
    let ready = Command::new(&python)
        .args(["-c", "import networkx, pandas"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ready {
        let status = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .expect("python3 runs");
        assert!(status.success(), "python3 -m venv failed");
        let status = Command::new(venv.join("bin").join("pip"))
            .args(["install", "--quiet", "-r"])
            .arg(root.join("tests").join("requirements.txt"))
            .status()
            .expect("pip runs");
        assert!(
            status.success(),
            "pip install -r tests/requirements.txt failed"
        );
    }
    python
}

/// Installs the test tooling that `package.json` pins (graphql-http for the audit,
/// graphql-schema-linter for the schema, playwright-core for the browser tests) with `npm ci`
/// when any of it is missing, once per run and never twice at the same time.
pub fn node_packages() {
    static SETUP: Mutex<()> = Mutex::new(());
    let _guard = SETUP.lock().unwrap_or_else(|e| e.into_inner());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let packages = ["graphql-http", "graphql-schema-linter", "playwright-core"];
    let installed = packages.iter().all(|package| {
        root.join("node_modules")
            .join(package)
            .join("package.json")
            .is_file()
    });
    if installed {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(root)
        .status()
        .expect("npm runs (install Node.js 20 or newer with npm)");
    assert!(status.success(), "npm ci failed");
}
