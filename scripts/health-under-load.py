"""How long /health takes while heavy GraphQL queries run, on a generated graph.

    python3 scripts/health-under-load.py [--entities 300000] [--seconds 20] [--clients 4]
                                         [--binary target/release/regiograph]

It generates the graph once (`regiograph generate --seed 1` into target/bench-data/, the
directory the scale bench uses), serves it on a loopback port with the binary given (build it
first: `cargo build --release`), and measures /health one request at a time for `--seconds`
with the server idle, then for `--seconds` while `--clients` threads send heavy queries
(suggestPartners, projects(topic:), institutions(in:), Region.institutions(recursive: true),
connections, stats) one after another. It prints /health's p50, p99 and maximum in both
phases, and each heavy query's count and median. Everything stays on 127.0.0.1; the server
is stopped at the end. Only the standard library is used.
"""

import argparse
import json
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def post(url, query, timeout=120):
    body = json.dumps({"query": query}).encode()
    request = urllib.request.Request(
        url + "/graphql", data=body, headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        answer = json.load(response)
    if "errors" in answer:
        raise SystemExit(f"the query failed: {query}\n{answer['errors']}")
    return answer["data"]


def health(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url + "/health", timeout=120) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def probe(url, seconds, interval=0.02):
    """/health one request at a time, `interval` apart, for `seconds`; the times in ms."""
    times = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        times.append(health(url))
        time.sleep(interval)
    return times


def heavy_queries(url):
    """The heavy queries, on the busiest institutions and topic and the largest country."""
    ranked = post(url, "{ ranking(kind: INSTITUTION, by: DEGREE, first: 2) { entity { id } } }")
    a, b = (r["entity"]["id"] for r in ranked["ranking"])
    topic = post(url, "{ ranking(kind: TOPIC, by: DEGREE, first: 1) { entity { id } } }")
    topic = topic["ranking"][0]["entity"]["id"]
    countries = post(url, "{ regions(level: COUNTRY, first: 1) { nodes { id } } }")
    country = countries["regions"]["nodes"][0]["id"]
    return {
        "suggestPartners": f'{{ suggestPartners(id: "{a}") {{ institution {{ id }} distance }} }}',
        "projects(topic:)": f'{{ projects(topic: "{topic}") {{ totalCount nodes {{ id }} }} }}',
        "institutions(in:)": f'{{ institutions(in: "{country}") {{ totalCount nodes {{ id }} }} }}',
        "Region.institutions(recursive)": f'{{ entity(id: "{country}") {{ ... on Region {{ institutions(recursive: true) {{ totalCount }} }} }} }}',
        "connections": f'{{ connections(a: "{a}", b: "{b}") {{ direct {{ type }} shared {{ kind count entities {{ entity {{ id }} }} }} }} }}',
        "stats": "{ stats { entities relations entitiesByKind { kind count } relationsByType { type count } } }",
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=300_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--binary", default=str(ROOT / "target/release/regiograph"))
    parser.add_argument("--port", type=int, default=18282)
    parser.add_argument("--worker-threads", type=int, default=None)
    args = parser.parse_args()
    if not 1 <= args.clients <= 16 or not 1 <= args.seconds <= 300:
        raise SystemExit("--clients is 1 to 16 and --seconds 1 to 300")

    data = ROOT / f"target/bench-data/{args.entities}-seed1"
    if not (data / "entities.jsonl").exists():
        print(f"== generating {args.entities} entities into {data}", file=sys.stderr)
        subprocess.run(
            [args.binary, "generate", "--entities", str(args.entities), "--seed", "1", "--out", str(data)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    url = f"http://127.0.0.1:{args.port}"
    # The response cache is off: each heavy query must be computed, not read back.
    command = [args.binary, "serve", "--data", str(data), "--bind", f"127.0.0.1:{args.port}",
               "--response-cache-mb", "0"]
    if args.worker_threads:
        command += ["--worker-threads", str(args.worker_threads)]
    log = open(ROOT / "target/health-under-load.log", "w")
    server = subprocess.Popen(command, stdout=log, stderr=log)
    try:
        for _ in range(1200):
            try:
                health(url)
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit("the server stopped; see target/health-under-load.log")
                time.sleep(0.5)
        queries = heavy_queries(url)
        for query in queries.values():
            post(url, query)  # Warm-up, and a check that each query succeeds.

        idle = probe(url, args.seconds)

        stop = threading.Event()
        timings = {name: [] for name in queries}
        lock = threading.Lock()

        def client(offset):
            names = list(queries)
            i = offset
            while not stop.is_set():
                name = names[i % len(names)]
                started = time.perf_counter()
                post(url, queries[name])
                with lock:
                    timings[name].append((time.perf_counter() - started) * 1000)
                i += 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        busy = probe(url, args.seconds)
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=60)

    print(f"data: {args.entities} entities (seed 1); {args.clients} clients; {args.seconds:g} s per phase")
    print(f"{'/health':<34} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for label, times in (("idle", idle), ("under heavy queries", busy)):
        print(f"{label:<34} {len(times):8} {percentile(times, 50):8.2f} {percentile(times, 99):8.2f} {max(times):8.2f}")
    print(f"{'heavy query':<34} {'answered':>8} {'p50 ms':>8}")
    for name, times in timings.items():
        median = f"{percentile(times, 50):8.1f}" if times else "       -"
        print(f"{name:<34} {len(times):8} {median}")


main()
