"""Writes the table of scripts/peers/compare.sh (target/peers/results.md, printed too) from what
the run left in its folder: versions.txt, ready-SERVER.json, timing-SERVER.json and
answers-SERVER.json.

    summary.py RUN_DIR NODES.csv EDGES.csv "SERVER..."
"""

import csv
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import documents  # noqa: E402

NAMES = {"regiograph": "regiograph", "postgraphile": "PostgreSQL + PostGraphile", "strawberry": "Strawberry + networkx"}
KIND_NAMES = {
    "one-entity": "one entity",
    "two-levels": "two levels",
    "path": "shortest path",
    "ranking": "PageRank top 10",
    "search": "one-word search",
}


def load(run, name):
    path = os.path.join(run, name)
    return json.load(open(path, encoding="utf-8")) if os.path.exists(path) else None


def count_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def main():
    run, nodes, edges, servers = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split()
    versions = dict(line.rstrip("\n").split("=", 1) for line in open(os.path.join(run, "versions.txt")))
    ready = {s: load(run, f"ready-{s}.json") for s in servers}
    timing = {s: load(run, f"timing-{s}.json") for s in servers}
    answers = {s: load(run, f"answers-{s}.json") for s in servers}
    version = {
        "regiograph": versions["regiograph"],
        "postgraphile": f"PostgreSQL {versions['postgresql']}, PostGraphile {versions['postgraphile']} (Node.js {versions['node']})",
        "strawberry": f"Strawberry {versions['strawberry-graphql']}, uvicorn {versions['uvicorn']}, networkx {versions['networkx']} (Python {versions['python']})",
    }
    out = []
    out.append(f"Data: `regiograph generate`, {versions['data']}: {count_rows(nodes):,} entities, {count_rows(edges):,} relations. ")
    out.append(
        f"Timing: {versions['timing']}; each server pinned to core 0 (PostgreSQL and PostGraphile together), "
        f"wrk {versions['wrk']} on core 1 with `-t1 -c32`; median round's requests/s.\n"
    )

    def total_ready(s):
        r = ready[s]
        return r["ready_s"] + sum(r["phases"].values())

    head = "| server | version | ready s | peak RSS MiB | RSS (PSS) after timing MiB | " + " | ".join(
        KIND_NAMES[k] + " req/s" for k in documents.KINDS
    ) + " |"
    out.append(head)
    out.append("|" + "---|" * (5 + len(documents.KINDS)))
    for s in servers:
        t = timing[s]
        if t is None:
            continue
        mem = t["memory_after_timing"]
        cells = [
            NAMES[s], version[s], f"{total_ready(s):.1f}", f"{mem['peak_rss_mib']:,.0f}",
            f"{mem['rss_mib']:,.0f} ({mem['pss_mib']:,.0f})",
        ]
        cells += [f"{t['kinds'][k]['rps']:,.0f}" for k in documents.KINDS]
        out.append("| " + " | ".join(cells) + " |")
    peers = [s for s in servers if s != "regiograph" and timing[s]]
    if "regiograph" in servers and timing["regiograph"] and peers:
        cells = ["regiograph / fastest peer", "", "", "", ""]
        for k in documents.KINDS:
            best = max(peers, key=lambda s: timing[s]["kinds"][k]["rps"])
            ratio = timing["regiograph"]["kinds"][k]["rps"] / timing[best]["kinds"][k]["rps"]
            cells.append(f"**{ratio:.1f}x** ({'PostGraphile' if best == 'postgraphile' else 'Strawberry'})")
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    out.append("Latency of the median round (p50 / p99 ms) and server CPU time per request (µs, all server processes, from /proc):\n")
    out.append("| request kind | " + " | ".join(NAMES[s] for s in servers if timing[s]) + " |")
    out.append("|---|" + "---|" * len([s for s in servers if timing[s]]))
    for k in documents.KINDS:
        cells = [KIND_NAMES[k]]
        for s in servers:
            if timing[s]:
                x = timing[s]["kinds"][k]
                cells.append(f"{x['p50_ms']:.2f} / {x['p99_ms']:.2f} ms; {x['cpu_us_per_request']:,.0f} µs")
        out.append("| " + " | ".join(cells) + " |")
    busiest = max(
        ((timing[s]["kinds"][k].get("wrk_cpu_share", 0), s, k) for s in servers if timing[s] for k in documents.KINDS)
    )
    out.append("")
    out.append(
        f"wrk's own use of core 1 was at most {busiest[0]:.0%} ({NAMES[busiest[1]]}, {KIND_NAMES[busiest[2]]})"
        + ("; near 100% the client, not the server, may be the limit." if busiest[0] > 0.9 else ", so the server was the limit.")
    )
    others = max(
        ((timing[s]["kinds"][k].get("core0_others", 0), s, k) for s in servers if timing[s] for k in documents.KINDS)
    )
    out.append(
        f"Other work on core 0 (not the server's; another tenant of the machine) took at most {others[0]:.0%} of it "
        f"in a timed round ({NAMES[others[1]]}, {KIND_NAMES[others[2]]})."
    )
    out.append("")
    out.append("Ready time: from the start of the process (PostgreSQL: of each step) to the first correct answer, the data loaded:\n")
    for s in servers:
        r = ready[s]
        if r is None:
            continue
        if r["phases"]:
            steps = "; ".join(f"{name} {value:.1f} s" for name, value in r["phases"].items())
            out.append(f"- {NAMES[s]}: {total_ready(s):.1f} s = {steps}; PostGraphile start to first answer {r['ready_s']:.1f} s.")
        else:
            out.append(f"- {NAMES[s]}: {r['ready_s']:.1f} s.")
    for s in servers:
        t = timing[s]
        if t:
            m = t["memory_after_warmup"]
            out.append(
                f"- Memory of {NAMES[s]} after the first warm-up: RSS {m['rss_mib']:,.0f} MiB (PSS {m['pss_mib']:,.0f}) "
                f"over {m['processes']} processes."
            )
    out.append("")

    # What the answer checks found, and how the ranking and search answers compare.
    done = [s for s in servers if answers[s]]
    if done:
        a = answers[done[0]]
        out.append(
            f"Answer checks (all passed, or the run would have stopped): {len(a['path_lengths'])} random pairs, "
            f"{a['paths_found']} of them within 10 relations, got paths as long as networkx's `shortest_path_length` "
            f"from every server (and \"no path\" for the others); the names and kinds of 200 random entities and the "
            f"two-level answers of 20 entities were the same from every server.\n"
        )
        tops = {s: [row[0] for row in answers[s]["ranking"]] for s in done}
        for s in done:
            out.append(f"- PageRank top 10 from {NAMES[s]}: " + ", ".join(f"`{x}`" for x in tops[s]))
        if "regiograph" in done:
            for s in done:
                if s != "regiograph":
                    same_set = len(set(tops[s]) & set(tops["regiograph"]))
                    same_order = tops[s] == tops["regiograph"]
                    out.append(
                        f"- {NAMES[s]} shares {same_set} of regiograph's top 10" + (", in the same order." if same_order else ".")
                    )
            scores = {row[0]: row[1] for row in answers["regiograph"]["ranking"]}
            for s in done:
                if s == "regiograph":
                    continue
                diffs = [abs(row[1] - scores[row[0]]) / scores[row[0]] for row in answers[s]["ranking"] if row[0] in scores]
                if diffs:
                    out.append(f"- Largest relative difference of a shared entity's score, {NAMES[s]} against regiograph: {max(diffs):.2e}.")
        words = sorted(answers[done[0]]["search"])
        out.append("")
        for place, s in enumerate(done):
            for other in done[place + 1 :]:
                shared = [len(set(answers[s]["search"][w]) & set(answers[other]["search"][w])) for w in words]
                same = sum(answers[s]["search"][w] == answers[other]["search"][w] for w in words)
                out.append(
                    f"- Search, {NAMES[s]} and {NAMES[other]}: the same ten hits in the same order for {same} of {len(words)} "
                    f"words; on average {statistics.mean(shared):.1f} hits shared (of up to ten)."
                )
    print("\n".join(out))


if __name__ == "__main__":
    main()
