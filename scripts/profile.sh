#!/usr/bin/env bash
# Where the server's time goes for one request kind of scripts/load.sh: the release server
# pinned to core 0 with one worker, wrk on core 1 with that kind's Lua script (written by a
# run of scripts/load.sh into target/load/), and `perf record` on the server meanwhile.
#
#   scripts/profile.sh DATA-DIR KIND [seconds]     # e.g. target/gen-100k search 5
#
# Prints wrk's requests/s and perf's flat profile; the recording stays in
# target/load/perf-KIND.data for `perf report -i ... --children`. Needs perf (linux-perf).
set -euo pipefail
cd "$(dirname "$0")/.."
data=$1 name=$2 secs=${3:-5}
port=${REGIOGRAPH_PROFILE_PORT:-18191}
binary=${REGIOGRAPH_BIN:-target/release/regiograph}
script=target/load/$name.lua
[ -f "$script" ] || { echo "$script is missing: run scripts/load.sh $data first" >&2; exit 1; }
command -v perf >/dev/null || { echo "perf is missing (apt-get install linux-perf)" >&2; exit 1; }
taskset -c 0 "$binary" serve --data "$data" --bind "127.0.0.1:$port" --worker-threads 1 \
  --max-in-flight 4096 --response-cache-mb 0 >target/load/profile-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
# A warm-up, so that the caches hold the documents, then the recorded run.
taskset -c 1 wrk -t1 -c32 -d3s -s "$script" "http://127.0.0.1:$port/graphql" >/dev/null
perf record -F 2000 -g --call-graph dwarf,16384 -o "target/load/perf-$name.data" -p $server \
  -- sleep "$secs" >/dev/null 2>&1 &
recording=$!
taskset -c 1 wrk -t1 -c32 "-d${secs}s" -s "$script" "http://127.0.0.1:$port/graphql" | grep Requests/sec
wait $recording
perf report -i "target/load/perf-$name.data" --no-children --percent-limit 0.7 --stdio -g none \
  2>/dev/null | grep -v '^#' | grep -v '^$' | head -40
