//! The command line: `validate` and `serve` refuse broken data with the full report,
//! `schema` prints the published schema.

use std::io::BufRead;
use std::process::Command;

use crate::{regiograph, spawn_server, text};

#[test]
fn validate_accepts_the_bundled_data() {
    let output = regiograph(&["validate"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("is valid:"),
        "{}",
        text(&output.stdout)
    );
}

#[test]
fn validate_reports_every_problem_and_fails() {
    let output = regiograph(&["validate", "--data", "tests/fixtures/broken"]);
    assert_eq!(output.status.code(), Some(1));
    let report = text(&output.stderr);
    assert!(report.starts_with("14 problems in the data:"), "{report}");
    assert!(report.contains("tests/fixtures/broken/3-relations.toml:14: `to` names unknown entity `region:vallley` (did you mean `region:valley`?)"), "{report}");
}

#[test]
fn the_data_directory_can_come_from_the_environment() {
    let output = Command::new(env!("CARGO_BIN_EXE_regiograph"))
        .arg("validate")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("REGIOGRAPH_DATA", "tests/fixtures/small")
        .output()
        .expect("the binary runs");
    assert!(output.status.success());
    assert!(
        text(&output.stdout)
            .starts_with("tests/fixtures/small is valid: 3 entities, 2 relations, 1 source")
    );
}

#[test]
fn serve_refuses_to_start_on_invalid_data() {
    let output = regiograph(&[
        "serve",
        "--data",
        "tests/fixtures/broken",
        "--bind",
        "127.0.0.1:0",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("14 problems in the data:"), "{stderr}");
    assert!(stderr.contains("regiograph did not start"), "{stderr}");
}

#[test]
fn schema_prints_the_schema_the_code_serves() {
    let output = regiograph(&["schema"]);
    assert!(output.status.success());
    assert_eq!(text(&output.stdout), regiograph::api::sdl());
}

#[test]
fn serve_answers_then_stops_cleanly_on_sigterm() {
    let (mut child, mut log, address) = spawn_server(&[]);
    assert!(
        std::net::TcpStream::connect(&address).is_ok(),
        "the server accepts connections on {address}"
    );

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().expect("the server exits");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut log, &mut rest).unwrap_or_default();
    assert!(status.success(), "exit {status:?}, log:\n{rest}");
    assert!(rest.contains("SIGTERM received, shutting down"), "{rest}");
}

#[test]
fn sighup_reloads_the_data_and_json_logs_are_json() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for entry in std::fs::read_dir(super::data_dir())
        .expect("the data")
        .flatten()
    {
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copied");
    }
    let data = dir.path().to_string_lossy().into_owned();
    let (mut child, mut log, _) = spawn_server(&["--data", &data, "--log-format", "json"]);
    let hup = Command::new("kill")
        .args(["-HUP", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(hup.success());
    let mut reloaded = None;
    for _ in 0..50 {
        let mut line = String::new();
        if log.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        let entry: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        if entry["fields"]["message"] == "data reloaded" {
            reloaded = Some(entry);
            break;
        }
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let status = child.wait().expect("the server exits");
    let reloaded = reloaded.expect("a `data reloaded` log line after SIGHUP");
    assert_eq!(
        reloaded["fields"]["version"], reloaded["fields"]["previous"],
        "same files, same version"
    );
    assert!(status.success());
}
