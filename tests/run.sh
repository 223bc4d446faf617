#!/usr/bin/env bash
# Runs the test binaries given as arguments against one throwaway PostgreSQL
# cluster (exported to them as WFM_TEST_DATABASE_URL), then prints one
# closing line "tests: N passed, N failed" counted from cmocka's summaries.
# A binary that dies before its summary counts as one failure.
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
pgdir="$here/.pgtest-$$"
cleanup() { "$here/scripts/pg.sh" destroy "$pgdir" >/dev/null 2>&1 || true; }
trap cleanup EXIT
WFM_TEST_DATABASE_URL=$("$here/scripts/pg.sh" start "$pgdir" wfm_test) || {
    echo "tests: could not start the throwaway PostgreSQL cluster" >&2
    exit 1
}
export WFM_TEST_DATABASE_URL WFM_SOURCE_DIR="$here" WFM_BUILD_DIR="$here/${BUILD:-build}"

passed=0; failed=0; broken=()
for bin in "$@"; do
    out=$(mktemp)
    "$bin" 2>&1 | tee "$out"
    rc=${PIPESTATUS[0]}
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    passed=$((passed + p)); failed=$((failed + f))
    [ "$f" -eq 0 ] || broken+=("$(basename "$bin")")
    rm -f "$out"
done
[ "${#broken[@]}" -eq 0 ] || echo "failing: ${broken[*]}"
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
