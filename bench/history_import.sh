#!/usr/bin/env bash
# Benchmark: importing a million rows of interval history.
#
# Generates 6 years of the demo hotline (5 queues x 96 intervals x 2192 days
# = 1,052,160 rows) as CSV, then on a private PostgreSQL cluster times
#   1. `wfm history import` of the whole file (parse, validate, COPY, merge),
#   2. the same import again (every row unchanged: nothing written),
# against the named peer measured in the same run:
#   psql's \copy of the same CSV into a bare table with the same columns
#   (no validation, no merge: the floor of what loading can cost).
# Prints rows/s and the ratio of our import time to the peer's.
# Usage: bench/history_import.sh   (after `make`)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
wfm="$here/build/wfm"
[ -x "$wfm" ] || { echo "build first: make" >&2; exit 1; }
work=$(mktemp -d)
pgdir="$here/.pgbench-$$"
cleanup() { "$here/scripts/pg.sh" destroy "$pgdir" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

url=$("$here/scripts/pg.sh" start "$pgdir" wfm_bench)
csv="$work/history.csv"
"$wfm" sample --out "$csv" --end 2026-11-28 --years 6 --seed 7 2>/dev/null
rows=$(($(wc -l <"$csv") - 1))
"$wfm" migrate --database-url "$url" >/dev/null
# Creates the center and its queues (and one year of the same rows).
"$wfm" sample load --database-url "$url" --end 2026-11-28 --years 1 --seed 7 >/dev/null
psql_() { psql "$url" -qtA "$@"; }
psql_ -c "TRUNCATE history"

now() { date +%s.%N; }
t0=$(now)
"$wfm" history import "$csv" --center jinan --database-url "$url"
t1=$(now)
"$wfm" history import "$csv" --center jinan --database-url "$url"
t2=$(now)
psql_ -c "CREATE TABLE peer (queue text, interval_start timestamptz, interval_s int, offered int,
          answered int, abandoned int, handle_time_s float8, wait_time_s float8)"
t3=$(now)
psql_ -c "\\copy peer FROM '$csv' WITH (FORMAT csv, HEADER true)"
t4=$(now)

awk -v n="$rows" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v e="$t4" 'BEGIN {
    ours = b - a; again = c - b; peer = e - d;
    printf "rows: %d\n", n;
    printf "wfm history import (fresh):   %6.2f s  %8.0f rows/s\n", ours, n / ours;
    printf "wfm history import (again):   %6.2f s  %8.0f rows/s\n", again, n / again;
    printf "peer psql \\copy (bare table): %6.2f s  %8.0f rows/s\n", peer, n / peer;
    printf "ratio ours/peer: fresh %.2f, again %.2f\n", ours / peer, again / peer;
}'
