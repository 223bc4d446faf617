#!/usr/bin/env bash
# Runs the libFuzzer harnesses built by `make fuzz` (docs/fuzzing.md).
#
#   tests/fuzz/run.sh [-t SECONDS] [NAME...]
#
# Each harness build-fuzz/fuzz_NAME runs SECONDS (default 10) over its seed
# corpus tests/fuzz/corpus/NAME (read only) and a working corpus
# build-fuzz/corpus/NAME, where new inputs go; a crash is kept as
# build-fuzz/crashes/NAME-crash-<sha1> and fails the run. Without NAMEs it
# runs every harness, one after another. One summary line per harness:
# executions, edge coverage, features, corpus size. FUZZ_FLAGS adds libFuzzer
# flags (e.g. FUZZ_FLAGS=-jobs=2); FUZZ_LOG_DIR says where the full logs go
# (default build-fuzz).
set -uo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
build="$here/build-fuzz"
seconds=10
if [ "${1:-}" = "-t" ]; then seconds=$2; shift 2; fi
names=("$@")
if [ "${#names[@]}" -eq 0 ]; then
    for bin in "$build"/fuzz_*; do
        # the harnesses only: not their logs (fuzz_NAME.log)
        case "$bin" in *.*) continue ;; esac
        [ -x "$bin" ] && names+=("$(basename "$bin" | sed 's/^fuzz_//')")
    done
fi

failed=()
for name in "${names[@]}"; do
    bin="$build/fuzz_$name"
    [ -x "$bin" ] || { echo "fuzz: $bin is not built (make fuzz)" >&2; failed+=("$name"); continue; }
    dict="$here/tests/fuzz/json.dict"
    case "$name" in
        history_csv) dict="$here/tests/fuzz/csv.dict" ;;
        query) dict="" ;;
    esac
    mkdir -p "$build/corpus/$name" "$build/crashes" "$here/tests/fuzz/corpus/$name"
    log="${FUZZ_LOG_DIR:-$build}/fuzz_$name.log"
    # -timeout: one input taking 10 s is a hang worth a report; the RSS
    # limit catches an input that makes a parser allocate without bound.
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$build/crashes/$name-" ${dict:+-dict="$dict"} ${FUZZ_FLAGS:-} \
        "$build/corpus/$name" "$here/tests/fuzz/corpus/$name" > "$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    done_line=$(grep -E '^#[0-9]+[[:space:]]' "$log" | tail -1)
    cov=$(echo "$done_line" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$done_line" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$done_line" | sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p')
    printf 'fuzz_%-14s %4ss  execs %-9s cov %-5s ft %-6s corpus %-10s %s\n' "$name" "$seconds" \
        "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$([ $rc -eq 0 ] && echo ok || echo "FAILED (see $log)")"
    if [ $rc -ne 0 ]; then
        failed+=("$name")
        grep -E 'ERROR|runtime error|SUMMARY|Test unit written' "$log" | head -5 >&2
    fi
done
[ "${#failed[@]}" -eq 0 ] || { echo "fuzz: failed: ${failed[*]}" >&2; exit 1; }
