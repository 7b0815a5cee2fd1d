"""Draws how load time, memory and query latency grow with the number of entities, from the
results of benches/scale.rs, and prints them as a Markdown table.

    plot-scale.py target/scale/results.jsonl docs/benchmarks/scale.svg
"""
import json
import sys

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

results_path, svg_path = sys.argv[1], sys.argv[2]
# Only complete runs (every operation measured), the last one of each size.
complete = {}
for line in open(results_path):
    if line.strip():
        row = json.loads(line)
        if all(value is not None for value in row["latency"].values()):
            complete[row["entities"]] = row
rows = [complete[size] for size in sorted(complete)]
sizes = [r["entities"] for r in rows]
operations = list(rows[0]["latency"].keys())

figure, (load_axis, memory_axis, latency_axis) = plt.subplots(1, 3, figsize=(15, 4.5))
load_axis.plot(sizes, [r["ready_s"] for r in rows], "o-", label="ready (load + index + metrics)")
load_axis.plot(sizes, [r["load_s"] for r in rows], "s--", label="read and check files")
load_axis.plot(sizes, [r["search_index_s"] for r in rows], "^--", label="search index")
load_axis.plot(sizes, [r["metrics_s"] for r in rows], "v--", label="network metrics")
load_axis.axhline(30, color="grey", linestyle=":", label="target at 1M: 30 s")
load_axis.set(title="Time to ready", xlabel="entities", ylabel="seconds", xscale="log", yscale="log")

memory_axis.plot(sizes, [r["peak_rss_mib"] for r in rows], "o-", label="peak RSS")
memory_axis.plot(sizes, [r["rss_mib"] for r in rows], "s--", label="RSS when ready")
memory_axis.axhline(2048, color="grey", linestyle=":", label="target at 1M: 2 GiB")
memory_axis.set(title="Memory", xlabel="entities", ylabel="MiB", xscale="log", yscale="log")

for name in operations:
    latency_axis.plot(sizes, [r["latency"][name]["p99_us"] / 1000 for r in rows], "o-", label=name)
latency_axis.axhline(10, color="grey", linestyle=":", label="target: 10 ms")
latency_axis.set(title="Query latency, p99", xlabel="entities", ylabel="ms", xscale="log", yscale="log")

for axis in (load_axis, memory_axis, latency_axis):
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=7)
figure.tight_layout()
figure.savefig(svg_path, metadata={"Date": None})

print("| entities | relations | ready s | read+check s | search index s | metrics s | peak RSS MiB | RSS MiB |")
print("|---|---|---|---|---|---|---|---|")
for r in rows:
    print(
        f"| {r['entities']:,} | {r['relations']:,} | {r['ready_s']:.1f} | {r['load_s']:.1f} | "
        f"{r['search_index_s']:.1f} | {r['metrics_s']:.1f} | {r['peak_rss_mib']:.0f} | {r['rss_mib']:.0f} |"
    )
print()
print("| operation | " + " | ".join(f"{n:,}: p50 / p99 µs" for n in sizes) + " |")
print("|---|" + "---|" * len(sizes))
for name in operations:
    cells = [f"{r['latency'][name]['p50_us']:.0f} / {r['latency'][name]['p99_us']:.0f}" for r in rows]
    print(f"| {name} | " + " | ".join(cells) + " |")
