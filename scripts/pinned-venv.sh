#!/usr/bin/env bash
# Sourced by the scripts that run pinned PyPI packages (scripts/reference.sh,
# scripts/validate-deploy.sh). `pinned_venv DIR REQUIREMENTS` makes a virtual environment in
# DIR on first use and installs exactly the pinned set (without dependencies: every package is
# pinned in the file), again whenever the file changed since the last install.
pinned_venv() {
  local venv=$1 requirements=$2
  if [ ! -x "$venv/bin/python" ]; then
    command -v python3 >/dev/null || { echo "python3 is missing" >&2; exit 1; }
    python3 -m venv "$venv"
  fi
  if ! cmp -s "$requirements" "$venv/requirements-installed.txt"; then
    "$venv/bin/pip" install --quiet --no-deps -r "$requirements"
    cp "$requirements" "$venv/requirements-installed.txt"
  fi
}
