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
import importlib.util
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measured_start():
    """The start measurement of scripts/bench-start.py (its `start` function)."""
    spec = importlib.util.spec_from_file_location("bench_start", ROOT / "scripts/bench-start.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.start


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
    start = measured_start()
    for label, serve_args in [
        ("data files", ["--data", str(data)]),
        ("snapshot", ["--snapshot", str(snapshot)]),
    ]:
        for _ in range(args.starts):
            elapsed, peak, ready = start(binary, serve_args, cwd=ROOT)
            print(f"| {label} | {elapsed:,} | {peak:,.0f} | {ready:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
