"""Starts `serve --data` with each given binary in turn and measures each start.

    python3 scripts/bench-start.py DATA_DIR BINARY... [--starts 3] [--trace]

Binaries take turns (A, B, A, B, ...), so that a change in the machine's load falls on both.
For each start it reads the time to ready from the server's `data loaded and indexed ...
elapsed_ms` log line, and the peak memory (VmHWM) and the memory when ready (VmRSS) from /proc
once the server logs `serving GraphQL` (scripts/bench-snapshot.py uses the same function), then
stops the server; one Markdown table row per start. With --trace the server logs at debug level and
resident memory is sampled every 50 ms: each log line is printed with the memory at that
moment, and the start ends with the sample at the peak. The server gets a clean environment
but for mimalloc's options (MIMALLOC_*). Only the standard library is used.
"""

import argparse
import os
import re
import subprocess
import threading
import time
from pathlib import Path


def memory(pid):
    """VmRSS and VmHWM of a process, in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    value = lambda name: int(re.search(rf"{name}:\s+(\d+) kB", status).group(1)) / 1024
    return value("VmRSS"), value("VmHWM")


def allocator_options():
    """The MIMALLOC_* variables of this environment, passed on to the server."""
    return {k: v for k, v in os.environ.items() if k.startswith("MIMALLOC_")}


def start(binary, serve_args, trace=False, cwd=None):
    """One start of `serve` with `serve_args` (`--data DIR` or `--snapshot FILE`): ready ms,
    peak MiB, ready MiB. scripts/bench-snapshot.py measures its starts with this too."""
    level = "regiograph=debug" if trace else "info"
    began = time.monotonic()
    process = subprocess.Popen(
        [str(binary), "serve", "--bind", "127.0.0.1:0", *serve_args],
        cwd=cwd, stderr=subprocess.PIPE, text=True,
        env={"RUST_LOG": level, "NO_COLOR": "1", "PATH": "/usr/bin:/bin", **allocator_options()},
    )
    samples, done = [], threading.Event()

    def sample():
        while not done.is_set():
            try:
                samples.append((time.monotonic() - began, *memory(process.pid)))
            except (OSError, AttributeError):
                return
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    if trace:
        sampler.start()
    elapsed = None
    try:
        for line in process.stderr:
            if trace:
                rss, _ = memory(process.pid)
                print(f"  {time.monotonic() - began:6.2f} s {rss:6,.0f} MiB | {line.strip()[:160]}")
            found = re.search(r"elapsed_ms=(\d+)", line)
            if found:
                elapsed = int(found.group(1))
            if "serving GraphQL" in line:
                break
        if elapsed is None:
            raise SystemExit(f"the server did not start: {binary} {' '.join(serve_args)}")
        ready, peak = memory(process.pid)
    finally:
        done.set()
        if trace:
            sampler.join()
        process.terminate()
        process.wait()
    if trace and samples:
        at, rss, _ = max(samples, key=lambda s: s[1])
        print(f"  highest sample: {rss:,.0f} MiB at {at:.2f} s")
    return elapsed, peak, ready


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args()
    print("| binary | ready ms | peak RSS MiB | RSS when ready MiB |")
    print("|---|---|---|---|")
    for _ in range(args.starts):
        for binary in args.binaries:
            elapsed, peak, ready = start(binary, ["--data", args.data], args.trace)
            print(f"| {binary} | {elapsed:,} | {peak:,.0f} | {ready:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
