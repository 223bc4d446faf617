#!/usr/bin/env bash
# `make test-web`: the dashboard in headless Debian Chromium, driven by
# playwright-core (tests/web/dashboard.test.mjs, node's own test runner),
# against a real build/wfm-server with the sample data. Steps:
#   1. Chromium and a Chinese font (scripts/deps.sh chromium
#      fonts-wqy-microhei) and node_modules (npm ci) if missing;
#   2. a throwaway PostgreSQL cluster, migrations, one year of sample history
#      (1-2 s; the forecast needs 28 days, the dashboard no more);
#   3. live inputs for today (tests/web/seed_live.sql) and today's actuals up
#      to 14:00 local posted through the API (tests/web/actuals.sql); two
#      rosters built through the API: a week of 350 agents
#      (tests/web/roster_week.mjs) and tests/fixtures/roster_small.json;
#      two one-day scenarios when the server has the scenario API
#      (tests/web/seed_scenarios.mjs);
#   4. the tests, screenshots in build/web-artifacts/.
# WFM_WEB_AUTH=token (default) creates an admin token with `wfm token
# create` and the tests open the page with #token=...; WFM_WEB_AUTH=off
# runs the server with WFM_AUTH=off and no token. Prints
# "web tests: N passed, M failed" last; exits nonzero on any failure.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
build="$here/${BUILD:-build}"
web="$here/tests/web"
artifacts="$build/web-artifacts"
auth=${WFM_WEB_AUTH:-token}
work=$(mktemp -d "${TMPDIR:-/tmp}/wfm-web.XXXXXX")
pgdir="$here/.pgtest-web-$$"
server_pid=

cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    "$here/scripts/pg.sh" destroy "$pgdir" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "web tests: $*" >&2; echo "web tests: 0 passed, 1 failed"; exit 1; }

"$here/scripts/deps.sh" chromium fonts-wqy-microhei || fail "no chromium or CJK font"
command -v node >/dev/null && command -v npm >/dev/null || "$here/scripts/deps.sh" nodejs npm \
    || fail "no node/npm"
if [ ! -d "$web/node_modules/playwright-core" ]; then
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed"
fi
[ -x "$build/wfm-server" ] && [ -x "$build/wfm" ] || fail "build first (make)"

url=$("$here/scripts/pg.sh" start "$pgdir" wfm_web) || fail "could not start PostgreSQL"
"$build/wfm" migrate --database-url "$url" >/dev/null
"$build/wfm" sample load --database-url "$url" --years 1 >/dev/null

# Today in the center's zone: the sample ends yesterday, so today is the
# first forecast day. The actuals claim to be reported at 14:07 local
# whatever the real time is (as_of may be given), so the run does not
# depend on the hour it starts.
day=$(TZ=Asia/Shanghai date +%F)
psql -q -X "$url" -v day="$day" -f "$web/seed_live.sql" >/dev/null
psql -q -X "$url" -v day="$day" -v until=14:07 -v factor=1.08 -f "$web/actuals.sql" >"$work/actuals1.json"
psql -q -X "$url" -v day="$day" -v until=14:22 -v factor=1.08 -f "$web/actuals.sql" >"$work/actuals2.json"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token=
viewer_token=
# Plans change only when the tests post actuals: no re-plan at the clock's
# interval boundaries (WFM_REPLAN_INTERVAL_S=0), which would otherwise land
# inside a run now and then and change the plan under a test.
server_env=(WFM_REPLAN_INTERVAL_S=0)
if [ "$auth" = token ]; then
    token=$("$build/wfm" token create --database-url "$url" --center jinan --role admin \
            --label web-tests | tail -n 1) || fail "wfm token create failed"
    [ -n "$token" ] || fail "wfm token create printed no token"
    # A wall screen's token: reads only, so a publish with it is refused.
    viewer_token=$("$build/wfm" token create --database-url "$url" --center jinan --role viewer \
                   --label web-tests-viewer | tail -n 1) || fail "wfm token create failed"
else
    server_env+=(WFM_AUTH=off)
fi
env "${server_env[@]}" "$build/wfm-server" --port "$port" --bind 127.0.0.1 --database-url "$url" \
    --threads 4 >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 50); do
    curl -fs "$base/v1/health" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fs "$base/v1/health" >/dev/null || { cat "$work/server.log" >&2; fail "server did not start"; }

auth_header=()
[ -z "$token" ] || auth_header=(-H "Authorization: Bearer $token")
post() { curl -fsS "${auth_header[@]}" -H 'Content-Type: application/json' --data @"$2" "$base$1"; }
post /v1/centers/jinan/actuals "$work/actuals1.json" >/dev/null || fail "posting actuals failed"
# A roster built through the API: its job polled until it succeeded.
build_roster() {
    local job state=
    job=$(post /v1/centers/jinan/rosters "$1" \
          | python3 -c 'import json,sys; print(json.load(sys.stdin)["job"]["id"])') \
        || fail "roster request $1 failed"
    for _ in $(seq 300); do
        state=$(curl -fs "${auth_header[@]}" "$base/v1/jobs/$job" \
                | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
        [ "$state" = succeeded ] && return 0
        case "$state" in failed|cancelled) fail "roster job $job $state" ;; esac
        sleep 0.2
    done
    fail "roster job $job did not finish"
}
# A week of 350 agents (the timeline's paging), then two days of 8 (publish).
node "$web/roster_week.mjs" "$(TZ=Asia/Shanghai date -d 'next monday' +%F)" 350 >"$work/week.json"
build_roster "$work/week.json"
build_roster "$here/tests/fixtures/roster_small.json"
WFM_WEB_TOKEN="$token" node "$web/seed_scenarios.mjs" "$base" "$(TZ=Asia/Shanghai date -d 'next monday' +%F)" \
    || fail "the scenarios could not be made"

rm -rf "$artifacts" && mkdir -p "$artifacts"
out="$work/tests.out"
set +e
WFM_WEB_BASE="$base" WFM_WEB_TOKEN="$token" WFM_WEB_VIEWER_TOKEN="$viewer_token" \
WFM_WEB_ARTIFACTS="$artifacts" \
WFM_WEB_ACTUALS_NEXT="$work/actuals2.json" \
    node --test --test-reporter=spec --test-concurrency=1 "$web/dashboard.test.mjs" 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
set -e
passed=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$out" | tail -n 1)
failed=$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$out" | tail -n 1)
passed=${passed:-0}; failed=${failed:-0}
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "screenshots: $artifacts"
echo "web tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
