#!/usr/bin/env bash
# How regiograph scales: runs benches/scale.rs once per size (each in its own process, so peak
# memory is that size's own), then writes the table and the plot.
#
#   scripts/bench-scale.sh [sizes]        # default 10000,100000,1000000
#
# Writes target/scale/results.jsonl, target/scale/table.md and docs/benchmarks/scale.svg.
# The plot needs matplotlib: it is installed from PyPI into target/py-plot on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=${1:-10000,100000,1000000}
mkdir -p target/scale target/bench-data
rm -f target/scale/results.jsonl
cargo build --release --quiet
for n in ${sizes//,/ }; do
  dir=target/bench-data/$n-seed1
  if [ ! -f "$dir/relations.jsonl" ]; then
    target/release/regiograph generate --entities "$n" --seed 1 --out "$dir"
  fi
  echo "== $n entities" >&2
  REGIOGRAPH_BENCH_SIZES=$n cargo bench --quiet --bench scale -- --noplot
done

if [ ! -x target/py-plot/bin/python ]; then
  python3 -m venv target/py-plot
  target/py-plot/bin/pip install --quiet -r scripts/requirements-plot.txt
fi
target/py-plot/bin/python scripts/plot-scale.py target/scale/results.jsonl docs/benchmarks/scale.svg \
  | tee target/scale/table.md
