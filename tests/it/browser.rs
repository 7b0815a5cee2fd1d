//! The playground and the explorer in a real browser: tests/browser_check.mjs drives
//! Debian's headless Chromium through playwright-core against the real binary serving the
//! bundled data and an import of the hand-written CORDIS fixtures (so that the cooperation
//! view has projects, amounts and coordinates to draw) on a local port, and a second server
//! on other data (tests/fixtures/small), whose start page must link only to entities it
//! holds. It fails if any request leaves the machine or a page logs an error; it saves
//! screenshots under `target/screenshots/`.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{cordis_inputs, root};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Makes sure Debian's Chromium is there.
fn chromium() {
    crate::debian_package(CHROMIUM, "chromium");
}

/// Where the screenshots go: `target/screenshots` (next to cargo's `target/tmp`).
fn screenshots() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("screenshots")
}

/// Imports the CORDIS fixtures with the real binary, as `tests/it/import.rs` does: the
/// Horizon Europe tables zipped as CORDIS ships them, the H2020 and FP7 ones as loose files.
/// Returns the directory written under `dir`.
fn import_cordis(dir: &Path) -> PathBuf {
    let out = dir.join("cordis");
    let mut command = Command::new(env!("CARGO_BIN_EXE_regiograph"));
    command.args(["import", "cordis"]).args(cordis_inputs(dir));
    let output = command
        .arg("--out")
        .arg(&out)
        .current_dir(root())
        .env_remove("REGIOGRAPH_DATA")
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "the CORDIS import failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

/// Whether the server on `port` answers `GET /ready` with 200 (plain HTTP/1.1 on a socket).
fn answers_ready(port: u16) -> bool {
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request =
        format!("GET /ready HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut status = [0u8; 12];
    stream.read_exact(&mut status).is_ok() && status.ends_with(b" 200")
}

/// `regiograph serve` on a free local port, stopped when dropped.
struct Served {
    child: Child,
    base: String,
}

impl Served {
    /// Starts the binary on `data` and waits until `/ready` answers (at most a minute).
    fn start(data: &[&Path], log: &Path) -> Self {
        // A port the system just gave out and took back is free for the server to take.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_regiograph"));
        command.arg("serve");
        for dir in data {
            command.arg("--data").arg(dir);
        }
        let child = command
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .current_dir(root())
            .env_remove("REGIOGRAPH_DATA")
            .env_remove("REGIOGRAPH_BIND")
            .env_remove("REGIOGRAPH_ADMIN_TOKEN")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(log).expect("a log file"))
            .spawn()
            .expect("the binary starts");
        let mut served = Served {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = served.child.try_wait() {
                panic!(
                    "the server stopped ({status}):\n{}",
                    std::fs::read_to_string(log).unwrap_or_default()
                );
            }
            if answers_ready(port) {
                return served;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the server was not ready within a minute:\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_playground_and_the_explorer_work_in_chromium() {
    super::node_packages();
    chromium();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let imported = import_cordis(dir.path());
    let server = Served::start(
        &[&root().join("data"), &imported],
        &dir.path().join("serve.log"),
    );
    // Other data than the bundled: the start page must offer only entities it holds.
    let other = Served::start(
        &[&root().join("tests/fixtures/small")],
        &dir.path().join("serve-small.log"),
    );
    let output = Command::new("node")
        .arg(root().join("tests").join("browser_check.mjs"))
        .arg(&server.base)
        .arg(screenshots())
        .arg(&other.base)
        .current_dir(root())
        .output()
        .expect("node runs");
    drop(server);
    drop(other);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the browser check failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The script's last line sums up: every step ran (25 of them, one on the other data)
    // and passed.
    let summary: serde_json::Value = stdout
        .lines()
        .last()
        .and_then(|line| serde_json::from_str(line).ok())
        .unwrap_or_default();
    assert!(summary["steps"].as_u64() >= Some(25), "{stdout}");
    assert_eq!(summary["failed"], 0, "{stdout}");
    assert_eq!(summary["foreign"], 0, "{stdout}");
    assert_eq!(summary["errors"], 0, "{stdout}");
}
