#!/usr/bin/env bash
# Live seat plan benchmark (issue 6), on demand:
#   1. the re-plan after one actuals post for 350 agents x 5 queues, as the
#      server measures it (seatplan.replan_ms of the POST answer: reading
#      the day from PostgreSQL, reforecast, LP, JSON, storing), 5 posts;
#   2. wrk, 256 connections for 30 s, against GET .../seatplan/live, and
#      nginx (Debian) serving the same JSON from a file on another loopback
#      port in the same run: requests/s and p99 of both, and the ratio;
#      once plain and once with Accept-Encoding: gzip (both serve a copy
#      compressed in advance: the server's cache, nginx's gzip_static).
# Usage: bench/live.sh [seconds] [rounds]   (default 30 s, 1 round)
# With several rounds, wfm-server and nginx take turns (wfm, nginx, wfm,
# nginx, ...), so a change in the machine's load hits both alike; the
# ratio printed is then the median of the rounds' ratios.
# WFM_BENCH_BASELINE=path/to/an/older/wfm-server adds that build to every
# round of the GET runs (same database, same plan), to see what a change
# did under the same load, e.g. the build of commit C:
#   git archive C | (mkdir -p /tmp/wfm-base && tar -x -C /tmp/wfm-base) &&
#   make -C /tmp/wfm-base -j2 build/wfm-server
#   WFM_BENCH_BASELINE=/tmp/wfm-base/build/wfm-server bench/live.sh 10 3
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
rounds=${2:-1}
scripts/deps.sh wrk nginx-light
make -j2 all >/dev/null

work=$(pwd)/.bench-live-$$
www=$(mktemp -d /tmp/wfm-live-www.XXXXXX)
server_pid=; nginx_pid=; baseline_pid=
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; fi
    if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null || true; fi
    if [ -n "$baseline_pid" ]; then kill "$baseline_pid" 2>/dev/null; wait "$baseline_pid" 2>/dev/null || true; fi
    scripts/pg.sh destroy "$work" >/dev/null 2>&1 || true
    rm -rf "$www"
}
trap cleanup EXIT
url=$(scripts/pg.sh start "$work" wfm_bench)
build/wfm migrate --database-url "$url" >/dev/null

# A center at 15-minute intervals: two phone queues, three text queues.
# 350 agents on shift from 2 h ago to 8 h from now, one 30-minute break each
# in the next 4 hours (movable by an hour), skills in four groups.
psql -q "$url" <<'SQL'
INSERT INTO center (id, name, time_zone, interval_s) VALUES ('b1', 'bench', 'Asia/Shanghai', 900);
INSERT INTO queue (center_id, id, channel, kind, deadline_s) VALUES
  ('b1', 'phone', 'phone', 'live', NULL), ('b1', 'phone_biz', 'phone', 'live', NULL),
  ('b1', 'sms', 'sms', 'deferred', 7200), ('b1', 'weibo', 'weibo', 'deferred', 3600),
  ('b1', 'wechat', 'wechat', 'deferred', 3600);
INSERT INTO live_forecast SELECT 'b1', q.id, t, q.f, q.f * 1.3, q.aht
  FROM generate_series(date_trunc('day', now()) - interval '1 day', now() + interval '10 hours',
                       interval '15 minutes') t,
       (VALUES ('phone', 300.0, 300.0), ('phone_biz', 100.0, 240.0), ('sms', 60.0, 300.0),
               ('weibo', 30.0, 600.0), ('wechat', 120.0, 400.0)) q(id, f, aht);
INSERT INTO live_shift SELECT 'b1', 'agent' || lpad(i::text, 3, '0'),
  date_trunc('hour', now()) - interval '2 hours', date_trunc('hour', now()) + interval '8 hours',
  CASE WHEN i <= 150 THEN ARRAY['phone'] WHEN i <= 230 THEN ARRAY['phone', 'phone_biz']
       WHEN i <= 290 THEN ARRAY['sms', 'weibo', 'wechat']
       ELSE ARRAY['phone', 'phone_biz', 'sms', 'weibo', 'wechat'] END,
  CASE WHEN i <= 180 THEN 'phone' WHEN i <= 230 THEN 'phone_biz' WHEN i <= 250 THEN 'sms'
       WHEN i <= 260 THEN 'weibo' ELSE 'wechat' END
  FROM generate_series(1, 350) i;
INSERT INTO live_shift_break SELECT center_id, agent_id, shift_start, b, b + interval '30 minutes',
  b - interval '1 hour', b + interval '1 hour'
  FROM (SELECT *, date_trunc('hour', now()) + interval '2 hours'
                  + (row_number() OVER (ORDER BY agent_id) % 8) * interval '15 minutes' AS b
        FROM live_shift) s;
SQL
# The phone system's report: the last 8 intervals of every queue, 10 % hot.
psql -qAt "$url" > "$work/actuals.json" <<'SQL'
SELECT json_build_object('intervals', json_agg(json_build_object(
  'queue', queue_id, 'interval_start', to_char(interval_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
  'offered', round(offered * 1.1), 'answered', round(offered), 'abandoned', 0,
  'handle_time_s', round(offered) * aht_s, 'wait_time_s', 0)),
  'realtime', json_build_object('agents', json_build_object('logged_in', 300, 'on_break', 20, 'available', 15),
                                'contacts_waiting', json_build_object('phone', 12, 'wechat', 80)))
FROM live_forecast WHERE center_id = 'b1'
  AND interval_start >= to_timestamp(floor(extract(epoch FROM now()) / 900) * 900) - interval '2 hours'
  AND interval_start < to_timestamp(floor(extract(epoch FROM now()) / 900) * 900);
SQL

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
# No background jobs and no boundary timer here (environment, so an older
# baseline build without the timer's flag starts too): both would only add
# noise, and a boundary re-plan during the run would make the server's
# bytes differ from nginx's copy of them.
export WFM_JOB_THREADS=0 WFM_REPLAN_INTERVAL_S=0 WFM_AUTH=off
build/wfm-server --port "$port" --bind 127.0.0.1 --database-url "$url" --threads 2 2>/dev/null &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/v1/health" >/dev/null && break; sleep 0.1; done

echo "re-plan after one actuals post, 350 agents x 5 queues x 32 intervals (server-side):"
times=()
for i in 1 2 3 4 5; do
    ms=$(curl -sf -H 'Content-Type: application/json' --data-binary @"$work/actuals.json" \
             "http://127.0.0.1:$port/v1/centers/b1/actuals" |
         python3 -c 'import json,sys; p=json.load(sys.stdin)["seatplan"]; print(p.get("replan_ms", "failed: %s" % p.get("error")))')
    times+=("$ms")
done
printf '  replan_ms: %s\n' "${times[*]}"
printf '  median: %s ms\n' "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)"

path=/v1/centers/b1/seatplan/live
curl -sf "http://127.0.0.1:$port$path" > "$www/live.json"
[ -z "${WFM_BENCH_KEEP_PLAN:-}" ] || cp "$www/live.json" "$WFM_BENCH_KEEP_PLAN"
gzip -6 -k "$www/live.json"
chmod 755 "$www"; chmod 644 "$www/live.json" "$www/live.json.gz"
nport=$(free_port)
bport=
if [ -n "${WFM_BENCH_BASELINE:-}" ]; then
    bport=$(free_port)
    "$WFM_BENCH_BASELINE" --port "$bport" --bind 127.0.0.1 --database-url "$url" --threads 2 \
        --no-migrate 2>/dev/null &
    baseline_pid=$!
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$bport/v1/health" >/dev/null && break; sleep 0.1; done
fi
cat > "$www/nginx.conf" <<EOF2
worker_processes 2;
pid $www/nginx.pid;
error_log $www/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    open_file_cache max=16;
    open_file_cache_valid 60s;
    keepalive_requests 10000000;
    types { application/json json; }
    server {
        listen 127.0.0.1:$nport;
        location = $path { alias $www/live.json; default_type application/json;
                           gzip_static on; gzip_vary on;
                           add_header Cache-Control no-cache; }
    }
}
EOF2
nginx -c "$www/nginx.conf" -p "$www" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$nport$path" >/dev/null && break; sleep 0.1; done
curl -s -o /dev/null -D - -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port$path" | grep -i '^HTTP\|^content-\|^etag' | sed 's/^/  wfm-server: /'
curl -s -o /dev/null -D - -H 'Accept-Encoding: gzip' "http://127.0.0.1:$nport$path" | grep -i '^HTTP\|^content-\|^etag' | sed 's/^/  nginx:      /'
echo "GET live plan: $(wc -c < "$www/live.json") bytes of JSON ($(wc -c < "$www/live.json.gz") gzip); wrk -t2 -c256 -d${seconds}s --latency, $rounds round(s)"

run_wrk() { # url label [wrk header args...]
    local url=$1 label=$2
    shift 2
    wrk -t2 -c256 -d"${seconds}s" --latency "$@" "$url" > "$www/wrk.out"
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$www/wrk.out")
    p99=$(awk '$1 == "99%" {print $2}' "$www/wrk.out")
    errs=$(awk '/Non-2xx|Socket errors/' "$www/wrk.out")
    printf '  %-22s %10s req/s   p99 %8s  %s\n' "$label" "$rps" "$p99" "$errs"
}
compare() { # label [wrk header args...]
    local label=$1 ratios=()
    shift
    for round in $(seq "$rounds"); do
        run_wrk "http://127.0.0.1:$port$path" "wfm-server $label" "$@"
        local wfm_rps=$rps
        [ -z "$bport" ] || run_wrk "http://127.0.0.1:$bport$path" "baseline $label" "$@"
        run_wrk "http://127.0.0.1:$nport$path" "nginx $label" "$@"
        ratios+=("$(python3 -c "print('%.2f' % ($wfm_rps / $rps))")")
    done
    printf '  ratio wfm-server / nginx (%s): %s\n' "$label" \
        "$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')${ratios[1]+ (rounds: ${ratios[*]})}"
}
echo "  (load average before: $(cut -d" " -f1-3 /proc/loadavg); other processes share the 2 cores)"
compare plain
compare gzip -H 'Accept-Encoding: gzip'
