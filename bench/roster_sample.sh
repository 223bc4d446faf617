#!/usr/bin/env bash
# Roster benchmark on the sample center (issue 5): the week is not made up
# (bench/roster.sh's roster_bench) but built the way the product builds it:
#   1. a throwaway PostgreSQL cluster, `wfm sample load` (3 years of history
#      ending 2026-11-28, 350 agents, 5 shift templates);
#   2. `wfm plan-input` for the week from 2026-11-30: forecast, Erlang A
#      agents and curves, stored staff -> the roster input document (kept in
#      bench/out/sample_week.json, with the forecast in sample_week_info.json);
#   3. `wfm roster --input` with the seat target: solve time, proven gap,
#      paid hours; the same stage-1 model written as MPS and solved by CBC
#      (Debian coinor-cbc) under a cap: both objectives and their ratio;
#   4. with DAILY=1 also the daily 95 % answer-rate target on the same week.
#
# usage: bench/roster_sample.sh [OUR_TIME_LIMIT_S=60] [CBC_CAP_S=600]
#        (DAILY=1 for step 4; NICE=10 to run under nice)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
ours=${1:-60}
cap=${2:-600}
build=${BUILD:-build}
nice_n=${NICE:-0}
start=2026-11-30

"$here/scripts/deps.sh" coinor-cbc
make -C "$here" -s "$build/wfm"

out="$here/bench/out"
mkdir -p "$out"
work=$(mktemp -d /tmp/wfm-roster-sample.XXXXXX)
cleanup() {
    "$here/scripts/pg.sh" destroy "$work/pg" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

wfm="$here/$build/wfm"
url=$("$here/scripts/pg.sh" start "$work/pg" wfm_bench)
"$wfm" migrate --database-url "$url" >/dev/null
"$wfm" sample load --database-url "$url" --end 2026-11-28 >/dev/null

# The document, built three times: the first run reads a cold cache.
for run in 1 2 3; do
    "$wfm" plan-input --database-url "$url" --center jinan --start "$start" --target seats \
        --time-limit "$ours" --out "$out/sample_week.json" --info "$out/sample_week_info.json" \
        > "$work/plan.txt"
    echo "plan-input run $run: $(head -1 "$work/plan.txt")"
done
tail -n +2 "$work/plan.txt"
echo "document: $out/sample_week.json ($(du -h "$out/sample_week.json" | cut -f1))"

nice -n "$nice_n" "$wfm" roster --input "$out/sample_week.json" --target seats \
    --time-limit "$ours" --write-mps "$work/week.mps" --out-json "$out/sample_week_roster.json" \
    > "$work/ours.txt"
grep -v '^short' "$work/ours.txt"
echo "seats: $(grep -c '^short' "$work/ours.txt" || true) intervals short (listed in $out/sample_week_roster.json)"

nice -n "$nice_n" cbc "$work/week.mps" -sec "$cap" -threads 2 -solve -quit > "$work/cbc.txt" 2>&1 || true
cbc_obj=$(sed -n 's/^Objective value: *\([-0-9.e+]*\).*/\1/p' "$work/cbc.txt" | tail -1)
cbc_state=$(grep -m1 -E '^Result - ' "$work/cbc.txt" || echo "Result - unknown")
cbc_bound=$(sed -n 's/^Lower bound: *\([-0-9.e+]*\).*/\1/p' "$work/cbc.txt" | tail -1)
cbc_time=$(sed -n 's/^Total time (CPU seconds): *\([0-9.]*\).*(Wallclock seconds): *\([0-9.]*\).*/\2/p' \
    "$work/cbc.txt" | tail -1)
our_obj=$(sed -n 's/^shifts .*objective \([0-9.]*\), best bound.*/\1/p' "$work/ours.txt")
our_bound=$(sed -n 's/^shifts .*best bound \([0-9.]*\),.*/\1/p' "$work/ours.txt")
echo "cbc: ${cbc_state#Result - } objective=${cbc_obj:-none} lower_bound=${cbc_bound:-none} wall_s=${cbc_time:-?} cap_s=$cap"
if [ -n "${cbc_obj:-}" ]; then
    awk -v o="$our_obj" -v c="$cbc_obj" 'BEGIN {
        printf "ours (named roster) vs cbc (stage 1): %.2f vs %.2f, ours/cbc = %.4f\n", o, c, o / c }'
fi
if [ -n "${cbc_bound:-}" ]; then
    awk -v o="$our_obj" -v b="$cbc_bound" -v ob="$our_bound" 'BEGIN {
        printf "ours above cbc lower bound: %.2f %% (our own bound %.2f, cbc bound %.2f)\n",
               100 * (o - b) / o, ob, b }'
fi

if [ "${DAILY:-0}" = 1 ]; then
    nice -n "$nice_n" "$wfm" roster --input "$out/sample_week.json" --target daily-answer-rate \
        --time-limit "$ours" > "$work/daily.txt"
    grep -v '^short' "$work/daily.txt"
    echo "daily: $(grep -c '^short' "$work/daily.txt" || true) intervals or days short"
fi
