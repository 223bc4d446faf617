#!/usr/bin/env bash
# Daily 95 % target vs the classic per-interval requirement, both checked by
# the discrete-event simulation (models/wfm_roster_sim): the sample-like
# center of bench/roster_bench.c with impatient phone callers and text
# deadlines (--equal-rate). Prints each roster's paid hours and simulated
# answer rates (worst queue-day, worst day of all queues, with 95 %
# intervals), then lowers the classic requirement's per-interval answer rate
# by bisection until its roster simulates at the daily roster's worst
# queue-day rate, and reports the paid-hour saving at that equal rate. The
# peer, the classic requirement roster, is solved in the same run.
#
# usage: bench/roster_sim.sh [TIME_LIMIT_S=30] [DAYS=1] [BISECTIONS=6]
# One day by default: GLPK needs minutes for the daily target over a week.
# No contract minimums, or they, not the target, would set the hours.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
limit=${1:-30}
days=${2:-1}
steps=${3:-6}
build=${BUILD:-build}

make -C "$here" -s "$build/bench/roster_bench"
nice -n 10 "$here/$build/bench/roster_bench" --days "$days" --no-minimums --equal-rate \
    --bisections "$steps" --time-limit "$limit"
