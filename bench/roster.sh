#!/usr/bin/env bash
# Roster benchmark: the sample-like week (bench/roster_bench.c) solved by
# hotline-wfm (GLPK) with both targets, then the same seat-target stage-1
# model written as MPS and solved by CBC (Debian coinor-cbc) under a cap;
# prints both objectives and their ratio; then paid hours with the daily
# 95 % answer-rate target vs the per-interval requirement.
#
# usage: bench/roster.sh [OUR_TIME_LIMIT_S=50] [CBC_CAP_S=600]
#        bench/roster.sh --sample [...]   the week of the sample center, built
#                                          by the forecast pipeline (bench/roster_sample.sh)
set -euo pipefail
if [ "${1:-}" = --sample ]; then
    shift
    exec "$(dirname "$0")/roster_sample.sh" "$@"
fi

here=$(cd "$(dirname "$0")/.." && pwd)
ours=${1:-50}
cap=${2:-600}
build=${BUILD:-build}

"$here/scripts/deps.sh" coinor-cbc
make -C "$here" -s "$build/bench/roster_bench"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Not piped into a pager: GLPK writes the MPS while printing to stdout.
"$here/$build/bench/roster_bench" --only seats --time-limit "$ours" --write-mps "$work/roster.mps" \
    > "$work/ours.txt"
cat "$work/ours.txt"

cbc "$work/roster.mps" -sec "$cap" -threads 2 -solve -quit > "$work/cbc.txt" 2>&1 || true
cbc_obj=$(sed -n 's/^Objective value: *\([-0-9.e+]*\).*/\1/p' "$work/cbc.txt" | tail -1)
cbc_state=$(grep -m1 -E '^Result - ' "$work/cbc.txt" || echo "Result - unknown")
cbc_bound=$(sed -n 's/^Lower bound: *\([-0-9.e+]*\).*/\1/p' "$work/cbc.txt" | tail -1)
cbc_time=$(sed -n 's/^Total time (CPU seconds): *\([0-9.]*\).*(Wallclock seconds): *\([0-9.]*\).*/\2/p' \
    "$work/cbc.txt" | tail -1)
our_obj=$(sed -n 's/^seats: .*plan_objective=\([0-9.]*\).*/\1/p' "$work/ours.txt")
echo "cbc: ${cbc_state#Result - } objective=${cbc_obj:-none} lower_bound=${cbc_bound:-none} wall_s=${cbc_time:-?} cap_s=$cap"
if [ -n "${cbc_obj:-}" ]; then
    awk -v o="$our_obj" -v c="$cbc_obj" 'BEGIN {
        printf "ours vs cbc (seat-target stage 1): %.2f vs %.2f, ours/cbc = %.4f\n", o, c, o / c }'
fi

# Day-level 95 % target vs the classic requirement. One day: GLPK's simplex
# needs minutes for the week's LP with the answered-curve increments.
# No contract minimums here, or they, not the target, would set the hours.
"$here/$build/bench/roster_bench" --days 1 --no-minimums --time-limit "$ours"
