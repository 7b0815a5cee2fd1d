//! The playground and the explorer in a real browser: tests/browser_check.mjs drives
//! Debian's headless Chromium through playwright-core against the real server on a local
//! port. It fails if any request leaves the machine or a page logs an error; it saves
//! screenshots under `target/screenshots/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::http::Running;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Makes sure Debian's Chromium is there: installs it with apt-get when running as root,
/// otherwise fails saying what to install.
fn chromium() {
    if Path::new(CHROMIUM).is_file() {
        return;
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0");
    assert!(
        root,
        "the browser tests need Chromium at {CHROMIUM}: run `apt-get install -y chromium` as root"
    );
    let install = || {
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends", "chromium"])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .is_ok_and(|s| s.success())
    };
    if !install() {
        let updated = Command::new("apt-get")
            .arg("update")
            .status()
            .is_ok_and(|s| s.success());
        assert!(updated && install(), "apt-get could not install chromium");
    }
    assert!(
        Path::new(CHROMIUM).is_file(),
        "chromium is not at {CHROMIUM}"
    );
}

/// Where the screenshots go: `target/screenshots` (next to cargo's `target/tmp`).
fn screenshots() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("screenshots")
}

#[tokio::test]
async fn the_playground_and_the_explorer_work_in_chromium() {
    tokio::task::spawn_blocking(|| {
        super::node_packages();
        chromium();
    })
    .await
    .expect("the set-up does not panic");
    let server = Running::start().await;
    let base = server.url("");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(root.join("tests").join("browser_check.mjs"))
            .arg(base)
            .arg(screenshots())
            .current_dir(root)
            .output()
            .expect("node runs")
    })
    .await
    .expect("the browser check does not panic");
    server.shutdown().await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the browser check failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The script's last line sums up: every step ran (16 of them) and passed.
    let summary: serde_json::Value = stdout
        .lines()
        .last()
        .and_then(|line| serde_json::from_str(line).ok())
        .unwrap_or_default();
    assert!(summary["steps"].as_u64() >= Some(16), "{stdout}");
    assert_eq!(summary["failed"], 0, "{stdout}");
    assert_eq!(summary["foreign"], 0, "{stdout}");
    assert_eq!(summary["errors"], 0, "{stdout}");
}
