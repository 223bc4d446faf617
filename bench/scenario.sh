#!/usr/bin/env bash
# What-if scenario benchmark (issue 7), on demand: the sample center (`wfm
# sample load`: the demo hotline's history, agents and shift templates) in a
# private, throwaway PostgreSQL cluster; one worker process (`wfm worker
# --concurrency 1`); a one-week scenario (+20 % volume) end to end through
# the queue: created -> taken -> forecast -> requirements -> roster ->
# stored. Prints the seconds of each phase, as the job measured them, and
# the total from creation to the job's success. Target: < 10 s on 2 cores.
#
# Peer, in the same run: the same week's base roster as a plain "roster" job
# (the roster input the scenario's pipeline built for the base, requirements
# inline, the same solver options), on the same worker: the optimizer alone,
# without forecast and requirements.
#
# Usage: bench/scenario.sh [TIME_LIMIT_S=5] [YEARS_OF_HISTORY=3]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
limit=${1:-5}
years=${2:-3}
make -C "$here" -j2 --no-print-directory build/wfm >/dev/null
wfm="$here/build/wfm"
pgdir=$(mktemp -d /tmp/wfm-scenario-bench.XXXXXX)
worker_pid=
cleanup() {
    # SIGKILL: a worker stops gracefully only at a job's next checkpoint.
    if [ -n "$worker_pid" ]; then kill -9 "$worker_pid" 2>/dev/null; wait "$worker_pid" 2>/dev/null || true; fi
    "$here/scripts/pg.sh" destroy "$pgdir" >/dev/null 2>&1 || true
}
trap cleanup EXIT
url=$("$here/scripts/pg.sh" start "$pgdir" wfm_bench)
export WFM_DATABASE_URL=$url
"$wfm" migrate >/dev/null
end=2026-11-29   # a Sunday: the scenario's week starts the next day
start=2026-11-30
echo "loading the sample center ($years years of history ending $end) ..."
"$wfm" sample load --center jinan --end "$end" --years "$years" >/dev/null

# Seconds between two timestamptz columns of a job.
job_seconds() { psql -qAt "$url" -c "SELECT round(extract(epoch FROM $2 - $1)::numeric, 2) FROM job WHERE id = $3"; }

"$wfm" worker --concurrency 1 --worker-id bench 2>"$pgdir/worker.log" &
worker_pid=$!

cat >"$pgdir/spec.json" <<EOF
{"name": "volume +20%", "start_date": "$start", "days": 7, "target": "seats",
 "overrides": {"volume_factor": 1.2}, "options": {"time_limit_s": $limit}}
EOF
scenario=$("$wfm" scenario create --center jinan --spec "$pgdir/spec.json")
sid=$(jq -r .id <<<"$scenario")
job=$(jq -r .job.id <<<"$scenario")
"$wfm" job wait "$job" --timeout 600 >/dev/null 2>&1 || { echo "scenario job failed:"; "$wfm" scenario show "$sid"; exit 1; }
result=$("$wfm" scenario show "$sid")
run=$(job_seconds started_at finished_at "$job")
total=$(job_seconds created_at finished_at "$job")
phases=$(jq -r '.result.phase_seconds' <<<"$result")
forecast=$(jq -r '.forecast' <<<"$phases")
roster=$(jq -r '.roster' <<<"$phases")
simulation=$(jq -r '.simulation // 0' <<<"$phases")
storing=$(echo "$run - $forecast - $roster - $simulation" | bc -l)

# The peer: the base week's roster input (the pipeline without overrides),
# as a plain roster job.
cat >"$pgdir/base.json" <<EOF
{"name": "base", "start_date": "$start", "days": 7, "target": "seats",
 "options": {"time_limit_s": $limit}}
EOF
base=$("$wfm" scenario create --center jinan --spec "$pgdir/base.json")
base_job=$(jq -r .job.id <<<"$base")
"$wfm" job wait "$base_job" --timeout 600 >/dev/null 2>&1
# (Queued in SQL as wfm_job_enqueue does it: the document, with its
# answered-calls curves, is too long for a command-line argument.)
# (sed, not head: head would leave psql writing into a closed pipe, which
# pipefail turns into a failed assignment.)
roster_job=$(psql -qAt "$url" <<SQL | sed -n 1p
INSERT INTO job (center_id, kind, params)
SELECT 'jinan', 'roster', r.input FROM roster r JOIN scenario s ON s.roster_id = r.id
 WHERE s.id = $(jq -r .id <<<"$base") RETURNING id;
SELECT pg_notify('wfm_job', 'roster');
SQL
)
"$wfm" job wait "$roster_job" --timeout 600 >/dev/null 2>&1
peer_run=$(job_seconds started_at finished_at "$roster_job")
peer_total=$(job_seconds created_at finished_at "$roster_job")

printf 'scenario "volume +20%%", one week of the sample center, %s cores, time limit %s s\n' "$(nproc)" "$limit"
printf '  forecast + requirements   %6.2f s\n' "$forecast"
printf '  roster                    %6.2f s\n' "$roster"
printf '  simulation                %6.2f s\n' "$simulation"
printf '  storing                   %6.2f s\n' "$storing"
printf '  total, created -> stored  %6.2f s   (target < 10 s)\n' "$total"
jq -r '.result | "  paid hours \(.paid_hours), agents rostered \(.agents_rostered), Erlang lower bound \(.agents_needed) agents, intervals short \(.intervals_short), proven gap \(.gap)"' <<<"$result"
printf 'peer: plain "roster" job, the same week'"'"'s base input, same options\n'
printf '  total, created -> stored  %6.2f s   (run %.2f s)\n' "$peer_total" "$peer_run"
printf 'ratio scenario/roster job   %6.2f\n' "$(echo "$total / $peer_total" | bc -l)"
