#!/usr/bin/env bash
# HTTP throughput of typical dashboard and research queries, each measured right after
# /health in the same run, so that the ratio to /health holds on a busy machine.
#
#   scripts/load.sh [data-dir] [seconds-per-run]     # default: bundled data, 5 s
#
# The figures in BENCHMARKS.md use a generated graph of 100,000 entities:
#   regiograph generate --entities 100000 --seed 1 --out target/gen-100k
#   REGIOGRAPH_LOAD_ROUNDS=3 scripts/load.sh target/gen-100k 10
#
# Each query is measured in REGIOGRAPH_LOAD_ROUNDS rounds (default 5) of /health then the
# query; the median round's figures are reported, with every round's ratio.
#
# The server runs pinned to core 0 with one worker thread; wrk runs pinned to core 1. With no
# data directory, the bundled data is used. It installs wrk from Debian when it is missing,
# builds the release binary, and writes target/load/results.md (and prints it).
set -euo pipefail
cd "$(dirname "$0")/.."

data=${1:-data}
seconds=${2:-5}
rounds=${REGIOGRAPH_LOAD_ROUNDS:-5}
port=${REGIOGRAPH_LOAD_PORT:-18181}
connections=${REGIOGRAPH_LOAD_CONNECTIONS:-32}
out=target/load
mkdir -p "$out"

if ! command -v wrk >/dev/null; then
  echo "== installing wrk" >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is missing: install it (apt-get install wrk) and run again" >&2
    exit 1
  fi
fi
cores=$(nproc)
if [ "$cores" -lt 2 ]; then
  echo "this script pins the server and wrk to two different cores; this machine has $cores" >&2
  exit 1
fi

# REGIOGRAPH_BIN measures another build (an older one, for a before-and-after figure).
binary=${REGIOGRAPH_BIN:-}
if [ -z "$binary" ]; then
  cargo build --release --quiet
  binary=target/release/regiograph
fi

# The response cache is off, since every round repeats one query: what is measured is answering it.
taskset -c 0 "$binary" serve --data "$data" --bind "127.0.0.1:$port" --worker-threads 1 \
  --max-in-flight 4096 --response-cache-mb 0 >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  if curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 $server 2>/dev/null; then cat "$out/server.log" >&2; exit 1; fi
  sleep 0.5
done

# Entities to ask about: every entity id of the data, read from the export, of which a seeded
# sample of 10,000 is drawn. Each request takes its ids at random from the sample (seeded in
# Lua), and sends them in `variables`, as dashboards and generated clients do: one query text,
# a different id every time.
"$binary" export --data "$data" --format csv-nodes --out "$out/nodes.csv"
python3 - "$out/nodes.csv" "$out/ids.txt" <<'EOF2'
import csv, random, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    ids = [row["id"] for row in csv.DictReader(f)]
random.Random(18).shuffle(ids)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("\n".join(ids[:10000]) + "\n")
EOF2
# Words to search for: a seeded sample of 1,000 of the distinct words (four letters or more)
# of the data's names, so that one-word searches also run on words that are not the same
# every time.
python3 - "$out/nodes.csv" "$out/words.txt" <<'EOF2'
import csv, random, re, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    words = sorted({w.lower() for row in csv.DictReader(f) for w in re.findall(r"[^\W\d_]{4,}", row["label"])})
random.Random(18).shuffle(words)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("\n".join(words[:1000]) + "\n")
EOF2

# One Lua script per query: wrk POSTs the document to /graphql with variables naming random
# entities ($id, or $a and $b), drawn from ids.txt (or random words from another file) with a
# fixed seed.
scenario() { # name, GraphQL document, variable names (space-separated; may be empty), values file
  local name=$1 document=$2 variables=${3:-} values=${4:-$out/ids.txt}
  python3 - "$out/$name.lua" "$document" "$values" "$variables" <<'EOF2'
import json, sys
path, document, ids, variables = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split()
# The body is the query, then the variables object, whose values Lua fills in per request.
prefix = json.dumps({"query": document})[:-1] + ', "variables": {'
with open(path, "w") as f:
    f.write('wrk.method = "POST"\n')
    f.write('wrk.headers["Content-Type"] = "application/json"\n')
    f.write("local ids = {}\n")
    f.write("for line in io.lines(%s) do ids[#ids + 1] = line end\n" % json.dumps(ids))
    f.write("math.randomseed(18)\n")
    f.write("local prefix = %s\n" % json.dumps(prefix))
    f.write("local names = {%s}\n" % ", ".join(json.dumps(v) for v in variables))
    f.write("""request = function()
  local parts = {}
  for i, name in ipairs(names) do
    -- Ids are plain text (letters, digits, '-', ':', '/', '.') and words are letters, so
    -- they need no JSON escaping.
    parts[i] = '"' .. name .. '": "' .. ids[math.random(#ids)] .. '"'
  end
  return wrk.format(nil, nil, nil, prefix .. table.concat(parts, ", ") .. "}}")
end
""")
    # Any answer other than 200 counts as an error in wrk's report.
    f.write('response = function(status) if status ~= 200 then wrk.thread:stop() end end\n')
EOF2
}
scenario one-entity 'query ($id: ID!) { entity(id: $id) { id name kind } }' id
scenario nested-two-levels 'query ($id: ID!) { entity(id: $id) { name out: relations(direction: OUT, first: 10) { edges { node { type to { name out: relations(direction: OUT, first: 10) { edges { node { type to { name } } } } in: relations(direction: IN, first: 10) { edges { node { type from { name } } } } } } } } in: relations(direction: IN, first: 10) { edges { node { type from { name out: relations(direction: OUT, first: 10) { edges { node { type to { name } } } } in: relations(direction: IN, first: 10) { edges { node { type from { name } } } } } } } } } }' id
scenario path 'query ($a: ID!, $b: ID!) { path(from: $a, to: $b, maxLength: 10) { entities { id name } } }' "a b"
scenario ranking '{ ranking(by: PAGE_RANK, first: 10) { score entity { id name } } }'
scenario search '{ search(query: "university", first: 10) { totalCount edges { node { entity { id name } } } } }'
scenario search-words 'query ($q: String!) { search(query: $q, first: 10) { totalCount edges { node { entity { id name } } } } }' q "$out/words.txt"
scenario dashboard-stats '{ stats { entities relations entitiesByKind { kind count } relationsByType { type count } } }'
scenario neighbourhood 'query ($id: ID!) { neighborhood(id: $id, depth: 2) { truncated entities { id kind } relations { type } } }' id

# The server's CPU time so far (user + system, in clock ticks), from /proc.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }

run() { # url, lua script or empty -> "requests/s p50 p99 errors cpu-µs-per-request"
  local url=$1 script=${2:-}
  local args=(-t1 "-c$connections" "-d${seconds}s" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  local before after
  before=$(cpu_ticks)
  taskset -c 1 wrk "${args[@]}" "$url" >"$out/last.txt"
  after=$(cpu_ticks)
  python3 - "$out/last.txt" "$((after - before))" "$(getconf CLK_TCK)" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
ticks, per_second = int(sys.argv[2]), int(sys.argv[3])
requests = int(re.search(r"(\d+) requests in", text).group(1))
cpu_us = ticks / per_second * 1e6 / max(requests, 1)
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
def latency(p):
    m = re.search(r"\s%s%%\s+([\d.]+)(us|ms|s)" % p, text)
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{rps:.0f} {latency(50):.2f} {latency(99):.2f} {errors.group(1) if errors else 0} {cpu_us:.2f}")
EOF
}

results="$out/results.md"
{
  echo "| query | requests/s | /health requests/s (just before) | ratio (median of $rounds) | ratios of the rounds, in order | p50 ms | p99 ms | server CPU µs per request: query / health = ratio |"
  echo "|---|---|---|---|---|---|---|---|"
} >"$results"
for name in ${REGIOGRAPH_LOAD_QUERIES:-one-entity nested-two-levels path ranking search search-words dashboard-stats neighbourhood}; do
  rounds_file="$out/$name.rounds"
  : >"$rounds_file"
  # Rounds alternate /health and the query, so that a slow spell of the machine falls on both
  # sides of some ratio; the median of the rounds' ratios is reported.
  for _ in $(seq 1 "$rounds"); do
    read -r health_rps _ _ _ health_cpu < <(run "http://127.0.0.1:$port/health")
    read -r rps p50 p99 errors cpu < <(run "http://127.0.0.1:$port/graphql" "$out/$name.lua")
    if [ "$errors" != 0 ]; then echo "$name: $errors answers were not 200" >&2; exit 1; fi
    echo "$health_rps $rps $p50 $p99 $health_cpu $cpu" >>"$rounds_file"
  done
  python3 - "$rounds_file" "$name" >>"$results" <<'EOF'
import sys
rounds = [list(map(float, line.split())) for line in open(sys.argv[1]) if line.strip()]
ratios = ", ".join(f"{r[1] / r[0]:.3f}" for r in rounds)  # in the order measured
health, rps, p50, p99, _, _ = sorted(rounds, key=lambda r: r[1] / r[0])[len(rounds) // 2]
# The server's CPU time per request, summed over the rounds: steadier than throughput on a
# machine whose other tenants take turns.
health_cpu = sum(r[4] * r[0] for r in rounds) / sum(r[0] for r in rounds)
cpu = sum(r[5] * r[1] for r in rounds) / sum(r[1] for r in rounds)
print(f"| {sys.argv[2]} | {rps:.0f} | {health:.0f} | {rps / health:.3f}x | {ratios} | {p50:.2f} | {p99:.2f} | {cpu:.1f} / {health_cpu:.1f} = {health_cpu / cpu:.3f}x |")
EOF
done
echo "data: $data; $(grep -o 'entities=[0-9]* relations=[0-9]*' "$out/server.log" | head -1);" \
  "server: taskset -c 0, --worker-threads 1; wrk: taskset -c 1, 1 thread, $connections connections, ${seconds} s per run, $rounds rounds" >>"$results"
cat "$results"
