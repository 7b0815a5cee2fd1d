"""Three regiograph replicas behind HAProxy on loopback, under load, through a rolling data
reload and the death of one replica: does any client request fail?

    python3 scripts/replicas.py [--seconds 30] [--connections 32]
                                [--binary target/release/regiograph] [--json FILE]

It writes two snapshots with the binary given (build it first: `cargo build --release`):
version A of the bundled data, and version B of the bundled data plus tests/fixtures/small.
It starts three replicas from copies of A (`serve --snapshot`, each on its own port, with an
admin token) and HAProxy (Debian's `haproxy`) with the repository's
deploy/haproxy/haproxy.cfg, then runs `--connections` client threads for `--seconds`, each
on one kept-alive connection to HAProxy, sending GraphQL POSTs (one entity by a random id in
`variables`, a search, a ranking, the counts) one after another. Meanwhile:

1. at a fifth of the time, it rolls version B through the replicas one at a time: it
   replaces the replica's snapshot file and calls `POST /admin/reload` on the replica,
   waiting for each before the next;
2. at a half, it kills the second replica with SIGKILL and, `--restart-delay` seconds later
   (as a supervisor would), restarts it from its snapshot on the same port.

A stats thread reads HAProxy's statistics (CSV) every 50 ms to time how long each replica was
out of rotation, and HAProxy's count of the requests it sent again to another replica. The report gives the requests sent and failed (a failure is a connection
error, a status other than 200, a GraphQL error, or an answer without an `x-data-version`
header), the answers from each data version, each replica's time out of rotation, each
reload's duration and the restarted replica's time to ready. It exits with 1 when a request
failed or when either version answered nothing. Only the standard library is used.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "replicas-script"
REPLICAS = 3


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command):
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{result.stderr}")
    return result.stdout


def get_json(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


def wait_ready(port, deadline=120):
    """Seconds until the replica's /ready answers 200."""
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        try:
            get_json(f"http://127.0.0.1:{port}/ready", timeout=1)
            return time.monotonic() - started
        except OSError:
            time.sleep(0.02)
    raise SystemExit(f"the replica on port {port} was not ready after {deadline} s")


class Replica:
    def __init__(self, binary, index, work):
        self.binary = binary
        self.index = index
        self.port = free_port()
        self.snapshot = work / f"replica{index}.snapshot"
        self.log = work / f"replica{index}.log"
        self.process = None

    def start(self):
        command = [
            str(self.binary), "serve", "--snapshot", str(self.snapshot),
            "--bind", f"127.0.0.1:{self.port}", "--admin-token", TOKEN,
        ]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, stderr=log, stdout=log)
        return wait_ready(self.port)

    def install(self, snapshot):
        """Replaces the replica's snapshot file atomically."""
        partial = self.snapshot.with_suffix(".partial")
        shutil.copyfile(snapshot, partial)
        os.replace(partial, self.snapshot)

    def reload(self):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/admin/reload", method="POST",
            headers={"authorization": f"Bearer {TOKEN}"},
        )
        started = time.monotonic()
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.load(response)
        if answer.get("status") != "reloaded":
            raise SystemExit(f"replica {self.index} refused the reload: {answer}")
        return time.monotonic() - started

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Rotation(threading.Thread):
    """Polls HAProxy's statistics and adds up how long each replica was out of rotation."""

    def __init__(self, stats_port):
        super().__init__(daemon=True)
        self.url = f"http://127.0.0.1:{stats_port}/stats;csv"
        self.out = {f"replica{i}": 0.0 for i in range(REPLICAS)}
        self.states = {}
        self.retries = 0
        self.redispatches = 0
        self.running = True

    def read(self):
        with urllib.request.urlopen(self.url, timeout=1) as response:
            lines = response.read().decode().splitlines()
        header = lines[0].lstrip("# ").split(",")
        status = header.index("status")
        retries, redispatches = header.index("wretr"), header.index("wredis")
        states = {}
        for line in lines[1:]:
            fields = line.split(",")
            if len(fields) > status and fields[0] == "regiograph" and fields[1] in self.out:
                states[fields[1]] = fields[status]
            if len(fields) > redispatches and fields[:2] == ["regiograph", "BACKEND"]:
                self.retries = int(fields[retries] or 0)
                self.redispatches = int(fields[redispatches] or 0)
        return states

    def all_up(self):
        states = self.read()
        return len(states) == REPLICAS and all(s == "UP" for s in states.values())

    def run(self):
        last = time.monotonic()
        while self.running:
            time.sleep(0.05)
            try:
                states = self.read()
            except OSError:
                continue
            now = time.monotonic()
            for name, state in states.items():
                # "UP 1/2" still takes requests; "DOWN" and "DOWN 1/2" (coming back) do not.
                if not state.startswith("UP"):
                    self.out[name] += now - last
            self.states = states
            last = now


class Client(threading.Thread):
    """One kept-alive connection to HAProxy, sending queries until told to stop."""

    def __init__(self, port, ids, seed, stop_at):
        super().__init__(daemon=True)
        self.port = port
        self.ids = ids
        self.random = random.Random(seed)
        self.stop_at = stop_at
        self.sent = 0
        self.failures = []
        self.versions = {}
        self.latencies = []

    def request(self):
        choice = self.random.random()
        if choice < 0.6:
            body = {
                "query": "query One($id: ID!) { entity(id: $id) { id name kind } }",
                "variables": {"id": self.random.choice(self.ids)},
            }
        elif choice < 0.8:
            word = self.random.choice(["cantabria", "chihuahua", "university", "energy", "port"])
            body = {
                "query": "query Find($q: String!) { search(query: $q, first: 5) { totalCount hits { entity { id } } } }",
                "variables": {"q": word},
            }
        elif choice < 0.9:
            body = {"query": "{ ranking(by: PAGE_RANK, first: 10) { score entity { id name } } }"}
        else:
            body = {"query": "{ stats { entities relations } }"}
        return json.dumps(body)

    def run(self):
        connection = None
        while time.monotonic() < self.stop_at:
            body = self.request()
            self.sent += 1
            started = time.perf_counter()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.request(
                    "POST", "/graphql", body=body,
                    headers={"content-type": "application/json", "accept": "application/json"},
                )
                response = connection.getresponse()
                answer = response.read()
                version = response.getheader("x-data-version")
                if response.getheader("connection", "").lower() == "close":
                    connection.close()
                    connection = None
                if response.status != 200:
                    self.failures.append(f"status {response.status}: {answer[:200]!r}")
                elif not version:
                    self.failures.append("an answer without an x-data-version header")
                elif b'"errors"' in answer:
                    self.failures.append(f"GraphQL errors: {answer[:200]!r}")
                else:
                    self.versions[version] = self.versions.get(version, 0) + 1
                    self.latencies.append((time.perf_counter() - started) * 1000)
            except (OSError, http.client.HTTPException) as error:
                self.failures.append(f"{type(error).__name__}: {error}")
                if connection is not None:
                    connection.close()
                connection = None
        if connection is not None:
            connection.close()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=str(ROOT / "target/release/regiograph"))
    parser.add_argument("--haproxy", default=shutil.which("haproxy") or "/usr/sbin/haproxy")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--work", default=str(ROOT / "target/replicas"))
    parser.add_argument("--restart-delay", type=float, default=1.0)
    parser.add_argument("--json", help="also write the report as JSON to this file")
    args = parser.parse_args()
    binary = Path(args.binary)
    if not binary.exists():
        raise SystemExit(f"{binary} does not exist: build it first (cargo build --release)")
    if not Path(args.haproxy).exists():
        raise SystemExit("HAProxy is missing: apt-get install haproxy")
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    a, b = work / "a.snapshot", work / "b.snapshot"
    run([binary, "snapshot", "--data", "data", "--out", a])
    run([binary, "snapshot", "--data", "data", "--data", "tests/fixtures/small", "--out", b])

    replicas = [Replica(binary, i, work) for i in range(REPLICAS)]
    haproxy = None
    try:
        for replica in replicas:
            replica.install(a)
            replica.start()
        version_a = get_json(f"http://127.0.0.1:{replicas[0].port}/ready")["version"]
        frontend, stats = free_port(), free_port()
        environment = dict(
            os.environ,
            REGIOGRAPH_FRONTEND=f"127.0.0.1:{frontend}",
            REGIOGRAPH_STATS=f"127.0.0.1:{stats}",
            **{f"REGIOGRAPH_REPLICA{i}": f"127.0.0.1:{r.port}" for i, r in enumerate(replicas)},
        )
        with open(work / "haproxy.log", "wb") as log:
            haproxy = subprocess.Popen(
                [args.haproxy, "-db", "-f", str(ROOT / "deploy/haproxy/haproxy.cfg")],
                cwd=ROOT, env=environment, stdout=log, stderr=log,
            )
        rotation = Rotation(stats)
        deadline = time.monotonic() + 30
        while True:
            try:
                if rotation.all_up():
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or haproxy.poll() is not None:
                raise SystemExit(f"HAProxy did not bring the replicas up; see {work}/haproxy.log")
            time.sleep(0.05)
        listed = get_json(f"http://127.0.0.1:{replicas[0].port}/graphql?query=" +
                          urllib.parse.quote("{ entities(first: 100) { nodes { id } } }"))
        ids = [node["id"] for node in listed["data"]["entities"]["nodes"]]

        rotation.start()
        started = time.monotonic()
        stop_at = started + args.seconds
        clients = [Client(frontend, ids, seed, stop_at) for seed in range(args.connections)]
        for client in clients:
            client.start()

        events = []
        time.sleep(max(0.0, started + args.seconds * 0.2 - time.monotonic()))
        reloads = []
        for replica in replicas:
            replica.install(b)
            reloads.append(replica.reload())
            events.append(f"{time.monotonic() - started:.1f} s: replica{replica.index} reloaded to B")
        time.sleep(max(0.0, started + args.seconds * 0.5 - time.monotonic()))
        victim = replicas[1]
        victim.kill()
        killed = time.monotonic()
        events.append(f"{killed - started:.1f} s: replica1 killed (SIGKILL)")
        time.sleep(args.restart_delay)
        restart = victim.start()
        events.append(f"{time.monotonic() - started:.1f} s: replica1 restarted from its snapshot, ready in {restart:.2f} s")
        for client in clients:
            client.join()
        rotation.running = False
        rotation.join()
        version_b = get_json(f"http://127.0.0.1:{replicas[1].port}/ready")["version"]
    finally:
        if haproxy is not None:
            haproxy.terminate()
            haproxy.wait()
        for replica in replicas:
            replica.stop()

    sent = sum(c.sent for c in clients)
    failures = [f for c in clients for f in c.failures]
    versions = {}
    for client in clients:
        for version, count in client.versions.items():
            versions[version] = versions.get(version, 0) + count
    latencies = [l for c in clients for l in c.latencies]
    report = {
        "seconds": args.seconds,
        "connections": args.connections,
        "sent": sent,
        "failed": len(failures),
        "failures": failures[:20],
        "answered_by_version": {
            f"A ({version_a})": versions.get(version_a, 0),
            f"B ({version_b})": versions.get(version_b, 0),
            "other": sum(n for v, n in versions.items() if v not in (version_a, version_b)),
        },
        "out_of_rotation_seconds": {name: round(t, 2) for name, t in rotation.out.items()},
        "haproxy_retries": rotation.retries,
        "haproxy_redispatches": rotation.redispatches,
        "reload_seconds": [round(t, 2) for t in reloads],
        "restart_to_ready_seconds": round(restart, 2),
        "latency_ms": {"p50": round(percentile(latencies, 50), 2), "p99": round(percentile(latencies, 99), 2),
                       "max": round(max(latencies, default=0), 2)},
        "events": events,
    }
    print(f"{sent} requests over {args.seconds:.0f} s on {args.connections} connections; {len(failures)} failed")
    for name, count in report["answered_by_version"].items():
        print(f"  answered from version {name}: {count}")
    for name, seconds in report["out_of_rotation_seconds"].items():
        print(f"  {name} out of rotation: {seconds:.2f} s")
    print(f"  HAProxy retried {rotation.retries} requests and redispatched {rotation.redispatches} to another replica")
    print(f"  reloads took {', '.join(f'{t:.2f} s' for t in reloads)}; replica1 ready {restart:.2f} s after its restart")
    print(f"  latency p50 {report['latency_ms']['p50']} ms, p99 {report['latency_ms']['p99']} ms, max {report['latency_ms']['max']} ms")
    for event in events:
        print(f"  {event}")
    for failure in failures[:20]:
        print(f"  failed: {failure}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    both = versions.get(version_a, 0) > 0 and versions.get(version_b, 0) > 0
    sys.exit(0 if not failures and both else 1)


if __name__ == "__main__":
    main()
