#!/usr/bin/env bash
# A worker rides out a PostgreSQL restart: a 4 s sleep job is running when
# the server stops for 2 s; the job's end is still recorded (attempt 1) and a
# job enqueued after the restart runs. Prints the worker's log and the jobs.
# Usage: scripts/jobs_restart_check.sh   (a check to run by hand, not a benchmark)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
make -C "$here" -j2 --no-print-directory build/wfm >/dev/null
dir=$(mktemp -d /tmp/wfm-jobs-restart.XXXXXX)
pid=
cleanup() {
    [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
    "$here/scripts/pg.sh" destroy "$dir" >/dev/null 2>&1 || true
}
trap cleanup EXIT
export WFM_DATABASE_URL=$("$here/scripts/pg.sh" start "$dir" wfm_restart)
wfm="$here/build/wfm"
"$wfm" migrate >/dev/null
"$wfm" worker --worker-id restart --poll-interval 1 2>"$dir/worker.log" &
pid=$!
sleep 0.5
"$wfm" job enqueue sleep --params '{"seconds": 4}' >/dev/null
sleep 1
"$here/scripts/pg.sh" stop "$dir"
sleep 2
"$here/scripts/pg.sh" start "$dir" wfm_restart >/dev/null
"$wfm" job enqueue sleep --params '{"seconds": 0.2}' >/dev/null
"$wfm" job wait 1 --timeout 30 >/dev/null 2>&1 || true
"$wfm" job wait 2 --timeout 30 >/dev/null 2>&1 || true
kill "$pid"; wait "$pid" || true; pid=
cat "$dir/worker.log"
"$wfm" job list | python3 -c 'import json,sys
for j in json.load(sys.stdin): print("job", j["id"], j["state"], "attempts", j["attempts"])'
