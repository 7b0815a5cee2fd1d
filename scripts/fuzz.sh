#!/usr/bin/env bash
# Runs cargo-fuzz targets for a number of seconds each (see docs/fuzzing.md).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS defaults to 180; the targets default to the import readers (import_cordis,
# import_interreg, import_kohesio); `all` runs every target of fuzz/Cargo.toml. Each import
# target's corpus, fuzz/corpus/<target>/, is seeded from the hand-written fixtures in
# tests/fixtures/import/ (not committed: fuzz/.gitignore). FUZZ_SANITIZER chooses the
# sanitizer (default `address`, falling back to `none` if the AddressSanitizer build fails);
# FUZZ_JOBS, if set, runs that many fuzzing processes per target. Extra libFuzzer flags can
# go in FUZZ_ARGS. REGIOGRAPH_FUZZ_KNOWN lets known findings pass (docs/fuzzing.md).
# LeakSanitizer is off: it reports glibc's thread-exit bookkeeping
# (__cxa_thread_atexit_impl) for the loader's parser threads. Exits non-zero if any target
# found something (see fuzz/artifacts/).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-180}
shift || true
if [[ $# -eq 0 ]]; then
    targets=(import_cordis import_interreg import_kohesio)
elif [[ $1 == all ]]; then
    mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' "$root/fuzz/Cargo.toml" | grep -v '^regiograph-fuzz$')
else
    targets=("$@")
fi

# cargo-fuzz passes nightly-only flags to rustc; RUSTC_BOOTSTRAP lets stable accept them.
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

fixtures=$root/tests/fixtures/import
# Writes the seeds of a target into its corpus directory. Two files are joined with a NUL
# byte, which the targets split at (see fuzz/fuzz_targets/*.rs).
seed() {
    local target=$1 corpus=$root/fuzz/corpus/$1
    mkdir -p "$corpus"
    join() { cat "$1"; printf '\0'; cat "$2"; }
    case $target in
    import_cordis)
        for programme in fp7 h2020 horizon; do
            local dir=$fixtures/cordis/$programme
            join "$dir/project.csv" "$dir/organization.csv" >"$corpus/seed-$programme"
            cp "$dir/project.csv" "$corpus/seed-$programme-project"
            cp "$dir/organization.csv" "$corpus/seed-$programme-organization"
            # The publisher's zips are deflated; these seeds exercise the zip reader itself.
            if command -v python3 >/dev/null; then
                python3 - "$dir" "$corpus/seed-$programme-zip" <<'EOF'
import sys, zipfile
source, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name in ("project.csv", "organization.csv"):
        z.write(f"{source}/{name}", f"csv/{name}")
EOF
            fi
        done
        ;;
    import_interreg)
        local dir=$fixtures/interreg
        join "$dir/keep-projects.csv" "$dir/keep-partners.csv" >"$corpus/seed-keep"
        cp "$dir/keep-projects.csv" "$corpus/seed-keep-projects"
        cp "$dir/keep-partners.csv" "$corpus/seed-keep-partners"
        for workbook in "$dir"/*.xlsx; do
            cp "$workbook" "$corpus/seed-$(basename "$workbook" .xlsx)"
        done
        ;;
    import_kohesio)
        local dir=$fixtures/kohesio
        join "$dir/ES-pp14-20-fixture.csv" "$dir/PT-pp21-27-fixture.csv" >"$corpus/seed-es-pt"
        cp "$dir/ES-pp14-20-fixture.csv" "$corpus/seed-es"
        cp "$dir/PT-pp21-27-fixture.csv" "$corpus/seed-pt"
        ;;
    esac
}

# Inputs and import output go to a scratch directory (in memory where /dev/shm exists),
# removed at the end.
scratch=$(mktemp -d -p /dev/shm regiograph-fuzz.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$scratch"' EXIT

cd "$root/fuzz"
sanitizer=${FUZZ_SANITIZER:-address}
failed=()
for target in "${targets[@]}"; do
    seed "$target"
    if ! cargo fuzz build -s "$sanitizer" "$target"; then
        if [[ $sanitizer == none ]]; then
            failed+=("$target (build)")
            continue
        fi
        echo "fuzz.sh: the $sanitizer build of $target failed; trying without a sanitizer" >&2
        sanitizer=none
        cargo fuzz build -s none "$target" || { failed+=("$target (build)"); continue; }
    fi
    jobs=()
    if [[ -n ${FUZZ_JOBS:-} ]]; then
        jobs=("-jobs=$FUZZ_JOBS" "-workers=$FUZZ_JOBS")
    fi
    echo "fuzz.sh: $target for ${seconds}s (sanitizer: $sanitizer)" >&2
    # shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags.
    if ! TMPDIR=$scratch cargo fuzz run -s "$sanitizer" "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=30 -print_final_stats=1 -detect_leaks=0 \
        "${jobs[@]}" ${FUZZ_ARGS:-}; then
        failed+=("$target")
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzz.sh: findings or failures in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzz.sh: every target ran clean for ${seconds}s" >&2
