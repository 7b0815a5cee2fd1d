//! The command line: `validate` and `serve` refuse broken data with the full report,
//! `schema` prints the published schema.

use std::process::{Command, Output};

fn regiograph(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regiograph"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("REGIOGRAPH_DATA")
        .env_remove("REGIOGRAPH_BIND")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

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
