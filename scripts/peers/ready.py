"""Waits for a server of scripts/peers/compare.sh to give its first correct answer (the first
entity of the nodes CSV by id, with its name) and writes OUT_DIR/ready-SERVER.json: the seconds
from --since (the moment the server, or its first loading step, was started) to that answer,
and any earlier phases given as --phase NAME=SECONDS.

    ready.py SERVER URL NODES.csv OUT_DIR --since EPOCH_SECONDS [--pid PID] [--phase NAME=S]...
"""

import argparse
import json
import os
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import documents  # noqa: E402
import peerdata  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("server")
    parser.add_argument("url")
    parser.add_argument("nodes")
    parser.add_argument("out")
    parser.add_argument("--since", type=float, required=True)
    parser.add_argument("--pid", type=int)
    parser.add_argument("--phase", action="append", default=[])
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    ids, names, kinds, _ = peerdata.read_nodes(args.nodes)
    want = [ids[0], names[0], kinds[0].lower()]
    body = json.dumps({"query": documents.DOCUMENTS[args.server]["one-entity"], "variables": {"id": ids[0]}}).encode()
    got = None
    while time.time() - args.since < args.timeout:
        if args.pid and not os.path.exists(f"/proc/{args.pid}"):
            raise SystemExit(f"{args.server} stopped before it answered")
        try:
            request = urllib.request.Request(args.url, body, {"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=30) as response:
                answer = json.load(response)
            got = documents.read(args.server, "one-entity", answer.get("data") or {})
            if got == want:
                break
        except Exception:  # not listening yet, or not ready: try again
            pass
        time.sleep(0.05)
    else:
        raise SystemExit(f"{args.server} gave no correct answer in {args.timeout:.0f} s (last: {got})")
    seconds = time.time() - args.since
    phases = dict((name, float(value)) for name, value in (p.split("=", 1) for p in args.phase))
    with open(os.path.join(args.out, f"ready-{args.server}.json"), "w") as f:
        json.dump({"server": args.server, "ready_s": seconds, "phases": phases}, f, indent=1)
    print(f"{args.server}: first correct answer {seconds:.1f} s after start", file=sys.stderr)


if __name__ == "__main__":
    main()
