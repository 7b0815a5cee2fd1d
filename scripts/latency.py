"""Latency of GraphQL queries against a running regiograph: each query sent `--rounds` times,
one at a time, after a warm-up; prints p50, p99 and max in milliseconds.

    python3 scripts/latency.py http://127.0.0.1:8080 [--rounds 200] QUERY_FILE...

Every round repeats the same query, so start the server with `--response-cache-mb 0` to
measure answering it rather than the response cache. Each QUERY_FILE holds one GraphQL document; its file name labels the line. Only the standard
library is used, so it runs with any Python 3.
"""

import argparse
import json
import time
import urllib.request
from pathlib import Path


def send(url, query):
    body = json.dumps({"query": query}).encode()
    request = urllib.request.Request(url + "/graphql", data=body, headers={"content-type": "application/json"})
    with urllib.request.urlopen(request) as response:
        answer = json.load(response)
    if "errors" in answer:
        raise SystemExit(f"the query failed: {answer['errors']}")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("queries", nargs="+")
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    print(f"{'query':<36} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for file in args.queries:
        query = Path(file).read_text()
        for _ in range(5):
            send(args.url, query)
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            send(args.url, query)
            times.append((time.perf_counter() - started) * 1000)
        print(f"{Path(file).stem:<36} {percentile(times, 50):8.1f} {percentile(times, 99):8.1f} {max(times):8.1f}")


main()
