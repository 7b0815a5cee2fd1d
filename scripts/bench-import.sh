#!/usr/bin/env bash
# How fast `regiograph import cordis` is on CORDIS-shaped zips, and how fast the import is
# served: generates the zips (once), imports them, then starts the server on the bundled data
# plus the import and waits until it answers.
#
#   scripts/bench-import.sh [rows]        # default 1000000 participation rows
#
# Prints the import's wall time, rows per second and peak memory (GNU time), then the served
# import's ready time (the server's own `elapsed_ms` log line) and peak memory (VmHWM).
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${1:-1000000}
zips=target/bench-data/cordis-$rows
out=target/bench-data/cordis-$rows-import
cargo build --release --quiet
if [ ! -f "$zips/cordis-fp7projects-csv.zip" ]; then
  target/release/regiograph generate --cordis-rows "$rows" --seed 1 --out "$zips"
fi
if ! command -v /usr/bin/time >/dev/null; then
  echo "GNU time is needed (Debian: apt-get install time)" >&2
  exit 1
fi

/usr/bin/time -f '%e %M' -o target/bench-data/import-time.txt \
  target/release/regiograph import cordis "$zips"/*.zip --out "$out" >target/bench-data/import-summary.txt
read -r seconds kib <target/bench-data/import-time.txt
total=$(awk '$1 == "total" { print $2 }' target/bench-data/import-summary.txt)
echo "import: $total rows in $seconds s ($(awk -v r="$total" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }') rows/s), peak RSS $((kib / 1024)) MiB"
grep '^written' target/bench-data/import-summary.txt

log=target/bench-data/serve-import.log
port=18181
target/release/regiograph serve --data data --data "$out" --bind 127.0.0.1:$port 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  if grep -q 'serving GraphQL' "$log"; then break; fi
  sleep 0.1
done
ready=$(grep -o 'elapsed_ms=[0-9]*' "$log" | head -1 | cut -d= -f2)
hwm=$(awk '/VmHWM/ { print int($2 / 1024) }' /proc/$server/status)
echo "served with the bundled data: ready in $ready ms, peak RSS $hwm MiB"
grep -o 'entities=[0-9]* relations=[0-9]*' "$log" | head -1
