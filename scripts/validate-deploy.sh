#!/usr/bin/env bash
# Validates the Kubernetes manifests against the Kubernetes API's own schemas (see
# docs/deployment.md):
#
#   scripts/validate-deploy.sh [FILE...]        # default: every manifest in deploy/kubernetes/
#   scripts/validate-deploy.sh --json FILE...   # print the files' documents as one JSON array
#
# It installs kubernetes-validate and its dependencies (pinned in scripts/requirements-deploy.txt)
# into target/py-deploy on first use; after that it needs no network, since the schemas ship
# inside the package. Every manifest is checked strictly (an unknown field is an error) against
# Kubernetes $KUBERNETES_VERSION, and a kind or apiVersion without a schema fails too, where
# kubernetes-validate itself only warns. kustomization.yaml is kustomize's file, not a
# Kubernetes resource, so the default list leaves it out.
set -euo pipefail
KUBERNETES_VERSION=1.33.0

json=false
if [ "${1:-}" = "--json" ]; then
  json=true
  shift
fi
files=()
for file in "$@"; do
  files+=("$(realpath "$file")")   # relative to the caller's directory
done
cd "$(dirname "$0")/.."
if [ ${#files[@]} = 0 ]; then
  for file in deploy/kubernetes/*.yaml; do
    [ "$(basename "$file")" = kustomization.yaml ] || files+=("$file")
  done
fi

venv=target/py-deploy
requirements=scripts/requirements-deploy.txt
# shellcheck source=scripts/pinned-venv.sh
source scripts/pinned-venv.sh
pinned_venv "$venv" "$requirements"

if $json; then
  exec "$venv/bin/python" -c '
import json, sys, yaml
documents = []
for name in sys.argv[1:]:
    with open(name) as f:
        documents += [d for d in yaml.safe_load_all(f) if d is not None]
json.dump(documents, sys.stdout)
' "${files[@]}"
fi

status=0
output=$("$venv/bin/kubernetes-validate" --strict --quiet \
  --kubernetes-version "$KUBERNETES_VERSION" "${files[@]}" 2>&1) || status=$?
if [ -n "$output" ]; then
  echo "$output"
fi
if [ "$status" != 0 ]; then
  exit "$status"
fi
# A WARN line is a document with no schema to check it against (a misspelt kind or apiVersion).
if grep -q '^WARN' <<<"$output"; then
  exit 1
fi
echo "${#files[@]} manifest file(s) valid for Kubernetes $KUBERNETES_VERSION"
