"""The timing of scripts/peers/compare.sh for one server, by the pinned method of scripts/load.sh:
wrk on core 1 (`taskset -c 1 wrk -t1 -c32 --latency`), the server already running on core 0.

    bench.py SERVER URL ROOT_DIR OUT_DIR --pids PID... [--seconds 10] [--rounds 3] [--warmup 2]

For each request kind it writes a wrk script (OUT_DIR/lua/SERVER-KIND.lua, which sets the
document and its inputs and runs scripts/peers/request.lua), runs it once for --warmup seconds
untimed, then --rounds times for --seconds; each round reads the CPU time of every server
process (the processes under --pids, children included) from /proc around the run. It fails if
any answer was not 200, had GraphQL errors, or timed out. Then it reads the memory of the server
processes (RSS and PSS summed now, and the peaks) and writes OUT_DIR/timing-SERVER.json.
"""

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import documents  # noqa: E402

INPUTS = {"one-entity": "id", "two-levels": "id", "path": "pair", "ranking": "first", "search": "word"}
SEED = 18
TICKS = os.sysconf("SC_CLK_TCK")


def processes(roots):
    """The server's processes: the roots and all their descendants still running."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = open(f"/proc/{entry}/stat").read()
        except OSError:
            continue
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], list(roots)
    while todo:
        pid = todo.pop()
        if os.path.exists(f"/proc/{pid}"):
            found.append(pid)
            todo.extend(children.get(pid, []))
    return found


def cpu_seconds(roots):
    """CPU time (user + system) of the server's processes, with what their exited children
    used (PostgreSQL's backends are children of the postmaster)."""
    total = 0
    for pid in processes(roots):
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime, stime, cutime, cstime are fields 14 to 17 of stat; here from index 11.
        total += sum(int(x) for x in fields[11:15])
    return total / TICKS


def memory(roots):
    """RSS and PSS of the server's processes summed, now and at their peaks, in MiB."""
    rss = pss = peak = 0
    count = 0
    for pid in processes(roots):
        try:
            status = open(f"/proc/{pid}/status").read()
            rollup = open(f"/proc/{pid}/smaps_rollup").read()
        except OSError:
            continue
        count += 1
        rss += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        peak += int(re.search(r"VmHWM:\s+(\d+)", status).group(1))
        pss += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
    return {"processes": count, "rss_mib": rss / 1024, "pss_mib": pss / 1024, "peak_rss_mib": peak / 1024}


def write_lua(out, server, kind, root, lists):
    path = os.path.join(out, "lua", f"{server}-{kind}.lua")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    inputs = INPUTS[kind]
    listing = lists.get(inputs) and os.path.abspath(lists[inputs])
    with open(path, "w") as f:
        f.write(f"-- {kind} against {server}, written by scripts/peers/bench.py.\n")
        f.write("document = " + json.dumps(json.dumps(documents.DOCUMENTS[server][kind])) + "\n")
        f.write(f'inputs = "{inputs}"\n')
        f.write("list = " + (json.dumps(listing) if listing else "nil") + "\n")
        f.write(f"seed = {SEED}\n")
        f.write("dofile(" + json.dumps(os.path.join(root, "scripts/peers/request.lua")) + ")\n")
    return path


def core0_busy():
    """Busy clock ticks of core 0 so far (everything but idle and I/O wait), from /proc/stat."""
    for line in open("/proc/stat"):
        if line.startswith("cpu0 "):
            ticks = [int(x) for x in line.split()[1:]]
            return (sum(ticks[:8]) - ticks[3] - ticks[4]) / TICKS
    return 0.0


def latency_ms(text, percent):
    m = re.search(r"\s%s%%\s+([\d.]+)(us|ms|s)\b" % percent, text)
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]


def run(url, lua, seconds, connections, roots):
    before = cpu_seconds(roots)
    busy_before = core0_busy()
    wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    text = subprocess.run(
        ["taskset", "-c", "1", "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "--latency", "-s", lua, url],
        check=True, capture_output=True, text=True,
    ).stdout
    after = cpu_seconds(roots)
    busy_after = core0_busy()
    wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = (wrk_after.ru_utime + wrk_after.ru_stime) - (wrk_before.ru_utime + wrk_before.ru_stime)
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return {
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "p50_ms": latency_ms(text, 50),
        "p99_ms": latency_ms(text, 99),
        "not_200": int(re.search(r"not-200: (\d+)", text).group(1)),
        "graphql_errors": int(re.search(r"graphql-errors: (\d+)", text).group(1)),
        "socket_errors": sum(int(x) for x in socket.groups()) if socket else 0,
        "cpu_us_per_request": (after - before) * 1e6 / max(requests, 1),
        # The share of core 1 that wrk itself used: near 1, wrk (not the server) was the limit.
        "wrk_cpu_share": wrk_cpu / seconds,
        # The share of core 0 that was busy with anything but the server (another tenant of
        # the machine): the figures of a run where this is large are lower than the server's.
        "core0_others": max(0.0, (busy_after - busy_before) - (after - before)) / seconds,
        "wrk": text,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("server")
    parser.add_argument("url")
    parser.add_argument("root")
    parser.add_argument("out")
    parser.add_argument("--pids", type=int, nargs="+", required=True)
    parser.add_argument("--ids", required=True)
    parser.add_argument("--words", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    lists = {"id": args.ids, "pair": args.ids, "word": args.words}
    results = {"server": args.server, "kinds": {}}
    for kind in documents.KINDS:
        lua = write_lua(args.out, args.server, kind, args.root, lists)
        run(args.url, lua, args.warmup, args.connections, args.pids)
        if kind == documents.KINDS[0]:
            results["memory_after_warmup"] = memory(args.pids)
        rounds = [run(args.url, lua, args.seconds, args.connections, args.pids) for _ in range(args.rounds)]
        bad = sum(r["not_200"] + r["graphql_errors"] + r["socket_errors"] for r in rounds)
        if bad:
            sys.stderr.write(rounds[-1]["wrk"])
            raise SystemExit(f"{args.server} {kind}: {bad} requests failed (not 200, GraphQL errors or timeouts)")
        # A round with no answer at all means the server (or its core) stalled: on a shared
        # machine, most likely someone else's load on core 0. Such a run is not a measurement.
        for r in rounds:
            if r["requests"] == 0:
                sys.stderr.write(r["wrk"])
                raise SystemExit(f"{args.server} {kind}: a round got no answer at all; is core 0 busy?")
        middle = sorted(rounds, key=lambda r: r["rps"])[len(rounds) // 2]
        total = sum(r["requests"] for r in rounds)
        summary = {
            "rps": middle["rps"],
            "p50_ms": middle["p50_ms"],
            "p99_ms": middle["p99_ms"],
            "rounds_rps": [r["rps"] for r in rounds],
            "requests": total,
            "cpu_us_per_request": sum(r["cpu_us_per_request"] * r["requests"] for r in rounds) / max(total, 1),
            "wrk_cpu_share": max(r["wrk_cpu_share"] for r in rounds),
            "core0_others": max(r["core0_others"] for r in rounds),
        }
        results["kinds"][kind] = summary
        print(
            f"{args.server} {kind}: {summary['rps']:.0f} req/s (rounds {', '.join(f'{x:.0f}' for x in summary['rounds_rps'])}), "
            f"p50 {summary['p50_ms']:.2f} ms, p99 {summary['p99_ms']:.2f} ms, {summary['cpu_us_per_request']:.0f} µs CPU/request, "
            f"wrk used {summary['wrk_cpu_share']:.0%} of core 1, others up to {summary['core0_others']:.0%} of core 0",
            file=sys.stderr, flush=True,
        )
    results["memory_after_timing"] = memory(args.pids)
    with open(os.path.join(args.out, f"timing-{args.server}.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
