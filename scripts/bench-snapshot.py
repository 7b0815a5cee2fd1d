"""Start-up from the data files against start-up from a snapshot, on a generated graph.

    python3 scripts/bench-snapshot.py [--entities 1000000] [--starts 3]
                                      [--binary target/release/regiograph]

It generates the graph once (`regiograph generate --seed 1` into target/bench-data/, the
directory the scale bench uses), writes a snapshot of it with `regiograph snapshot` (timed,
with the file's size), then starts `serve` `--starts` times from the files and `--starts`
times from the snapshot. For each start it reads the time to ready from the server's
`data loaded and indexed ... elapsed_ms` log line, and the peak memory (VmHWM) and the memory
when ready (VmRSS) from /proc, then stops the server. It prints one Markdown table row per
start. Build the binary first: `cargo build --release`. Only the standard library is used.
"""

import argparse
import re
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def memory(pid):
    """VmHWM and VmRSS of a process, in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    value = lambda name: int(re.search(rf"{name}:\s+(\d+) kB", status).group(1)) / 1024
    return value("VmHWM"), value("VmRSS")


def start(binary, args):
    """Starts the server, waits until it is ready; its ready time in ms, peak and ready MiB."""
    process = subprocess.Popen(
        [str(binary), "serve", "--bind", "127.0.0.1:0", *args],
        cwd=ROOT, stderr=subprocess.PIPE, text=True,
        env={"RUST_LOG": "info", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )
    elapsed = None
    try:
        for line in process.stderr:
            found = re.search(r"elapsed_ms=(\d+)", line)
            if found:
                elapsed = int(found.group(1))
            if "serving GraphQL" in line:
                break
        if elapsed is None:
            raise SystemExit(f"the server did not start: {' '.join(args)}")
        peak, ready = memory(process.pid)
    finally:
        process.terminate()
        process.wait()
    return elapsed, peak, ready


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--binary", default=str(ROOT / "target/release/regiograph"))
    args = parser.parse_args()
    binary = Path(args.binary)
    data = ROOT / "target/bench-data" / f"{args.entities}-seed1"
    if not (data / "relations.jsonl").exists():
        subprocess.run(
            [str(binary), "generate", "--entities", str(args.entities), "--seed", "1",
             "--out", str(data)],
            cwd=ROOT, check=True,
        )
    snapshot = data.parent / f"{args.entities}-seed1.snapshot"
    started = time.monotonic()
    written = subprocess.run(
        [str(binary), "snapshot", "--data", str(data), "--out", str(snapshot)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    print(written.stdout.strip())
    print(f"snapshot command: {time.monotonic() - started:.1f} s in all (load, index, write)")
    files = sum(f.stat().st_size for f in data.glob("*.jsonl"))
    print(f"data files: {files / 1e6:.0f} MB; snapshot: {snapshot.stat().st_size / 1e6:.0f} MB")
    print()
    print("| start from | ready ms | peak RSS MiB | RSS when ready MiB |")
    print("|---|---|---|---|")
    for label, serve_args in [
        ("data files", ["--data", str(data)]),
        ("snapshot", ["--snapshot", str(snapshot)]),
    ]:
        for _ in range(args.starts):
            elapsed, peak, ready = start(binary, serve_args)
            print(f"| {label} | {elapsed:,} | {peak:,.0f} | {ready:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
