#!/usr/bin/env bash
# What authentication costs on the hottest route, on demand: wrk against
# GET /v1/centers/b1/seatplan/live (served from memory) on two wfm-server
# processes over the same database, in the same run, alternating:
#   - auth on: a viewer token in Authorization, verified once and then taken
#     from the in-process cache (api/wfm_auth.h), with the rate limiter
#     running (its rate set out of reach, so every request is counted and
#     none refused);
#   - --no-auth: the peer, the same route without any check;
#   - auth on with --auth-cache-ttl 0: every request checks its token in
#     PostgreSQL, what the cache saves.
# Prints requests/s and p99 of each round and the ratio of the medians
# auth / no-auth (alternating rounds, because the 2 cores are shared and the
# load drifts).
# The plan is a synthetic one of about 40 kB stored directly, so the bench
# measures serving, not planning.
# Usage: bench/auth.sh [seconds per round] [rounds]   (default 5 s, 6 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
rounds=${2:-6}
scripts/deps.sh wrk
make -j2 all build/bench/auth_bench >/dev/null

work=$(pwd)/.bench-auth-$$
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
    scripts/pg.sh destroy "$work" >/dev/null 2>&1 || true
}
trap cleanup EXIT
url=$(scripts/pg.sh start "$work" wfm_bench)
build/wfm migrate --database-url "$url" >/dev/null

# One center, one stored plan: 5 queues x 32 intervals of seats and moves.
psql -q "$url" <<'SQL'
INSERT INTO center (id, name, time_zone, interval_s) VALUES ('b1', 'bench', 'Asia/Shanghai', 900);
INSERT INTO live_seat_plan (center_id, as_of, etag, plan)
SELECT 'b1', now(), '"bench-1"', json_build_object('center', 'b1', 'intervals',
  json_agg(json_build_object('interval_start', to_char(t, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                             'queue', q, 'seats', 40 + i % 7, 'required', 38 + i % 5,
                             'answer_rate', 0.951, 'moves', json_build_array())))
  FROM generate_series(1, 160) i,
       LATERAL (SELECT now() + (i / 5) * interval '15 minutes' AS t,
                       (ARRAY['phone', 'phone_biz', 'sms', 'weibo', 'wechat'])[1 + i % 5] AS q) x;
SQL
token=$(build/wfm token create --center b1 --role viewer --label bench --database-url "$url")

echo "CPU of the check alone, one thread, 2,000,000 calls (build/bench/auth_bench):"
build/bench/auth_bench "$url" "$token"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start_server() { # port [flags...]
    local port=$1
    shift
    build/wfm-server --port "$port" --bind 127.0.0.1 --database-url "$url" --threads 2 \
        --job-threads 0 --no-migrate "$@" 2>/dev/null &
    pids+=($!)
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/v1/health" >/dev/null && return; sleep 0.1; done
    echo "auth.sh: server on $port did not start" >&2
    exit 1
}
on_port=$(free_port); off_port=$(free_port); db_port=$(free_port)
start_server "$on_port" --rate-limit 1000000 --rate-burst 1000000
start_server "$off_port" --no-auth
start_server "$db_port" --rate-limit 1000000 --rate-burst 1000000 --auth-cache-ttl 0
path=/v1/centers/b1/seatplan/live
status_on=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$on_port$path")
status_none=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$on_port$path")
status_off=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$off_port$path")
echo "GET $path: $(curl -s "http://127.0.0.1:$off_port$path" | wc -c) bytes; auth on: $status_on with the token, $status_none without; --no-auth: $status_off"
[ "$status_on" = 200 ] && [ "$status_none" = 401 ] && [ "$status_off" = 200 ]
echo "wrk -t2 -c64 -d${seconds}s --latency, $rounds rounds alternating (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"

out=$(mktemp)
run_wrk() { # label port [wrk args...]
    local label=$1 port=$2
    shift 2
    wrk -t2 -c64 -d"${seconds}s" --latency "$@" "http://127.0.0.1:$port$path" > "$out"
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
    p99=$(awk '$1 == "99%" {print $2}' "$out")
    printf '  %-24s %10s req/s   p99 %8s  %s\n' "$label" "$rps" "$p99" \
        "$(awk '/Non-2xx|Socket errors/' "$out" | tr '\n' ' ')"
}
on=(); off=(); uncached=()
for round in $(seq "$rounds"); do
    run_wrk "auth on (round $round)" "$on_port" -H "Authorization: Bearer $token"; on+=("$rps")
    run_wrk "--no-auth (round $round)" "$off_port"; off+=("$rps")
    run_wrk "no cache (round $round)" "$db_port" -H "Authorization: Bearer $token"; uncached+=("$rps")
done
rm -f "$out"
python3 - "${on[*]}" "${off[*]}" "${uncached[*]}" <<'PY'
import statistics, sys
on, off, uncached = (statistics.median(float(x) for x in arg.split()) for arg in sys.argv[1:4])
print("  median: auth on %.0f req/s, --no-auth %.0f req/s, auth without cache %.0f req/s"
      % (on, off, uncached))
print("  ratio auth / no-auth: %.3f; auth without cache / no-auth: %.3f" % (on / off, uncached / off))
PY
