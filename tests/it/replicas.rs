//! Replicas behind a real load balancer: `scripts/replicas.py` starts three replicas of the
//! real binary from snapshots and Debian's HAProxy with `deploy/haproxy/haproxy.cfg`, and
//! under load rolls a data reload through the replicas and kills one with SIGKILL. No client
//! request may fail, and the answers must name both data versions.

use serde_json::Value;

use crate::{debian_package, root, text};

#[test]
fn three_replicas_behind_haproxy_lose_no_request_through_a_rolling_reload_and_a_crash() {
    debian_package("/usr/sbin/haproxy", "haproxy");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let report = dir.path().join("report.json");
    let output = std::process::Command::new("python3")
        .arg(root().join("scripts/replicas.py"))
        .args(["--binary", env!("CARGO_BIN_EXE_regiograph")])
        .args(["--haproxy", "/usr/sbin/haproxy"])
        .args(["--seconds", "10", "--connections", "8"])
        .arg("--work")
        .arg(dir.path().join("work"))
        .arg("--json")
        .arg(&report)
        .current_dir(root())
        .output()
        .expect("the script runs");
    let printed = format!("{}{}", text(&output.stdout), text(&output.stderr));
    assert!(output.status.success(), "{printed}");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("the report"))
            .expect("the report is JSON");
    assert_eq!(report["failed"], 0, "{printed}");
    assert!(report["sent"].as_u64() > Some(500), "{printed}");
    let versions = report["answered_by_version"]
        .as_object()
        .expect("answers by version");
    let count = |prefix: &str| {
        versions
            .iter()
            .find(|(name, _)| name.starts_with(prefix))
            .and_then(|(_, count)| count.as_u64())
            .unwrap_or(0)
    };
    assert!(count("A (") > 0 && count("B (") > 0, "{printed}");
    assert_eq!(count("other"), 0, "{printed}");
    // The killed replica left the rotation while it was down; the reloaded ones never did.
    let out = &report["out_of_rotation_seconds"];
    assert!(out["replica1"].as_f64() > Some(0.0), "{printed}");
    assert_eq!(out["replica0"].as_f64(), Some(0.0), "{printed}");
    assert_eq!(out["replica2"].as_f64(), Some(0.0), "{printed}");
    assert_eq!(report["reload_seconds"].as_array().map(Vec::len), Some(3));
}
