#!/usr/bin/env bash
# Soak test (issue 9), on demand: MINUTES (default 30) of a center's mixed
# load against one wfm-server at SOAK_RATE requests/s (default 1500):
# live-plan polls (98 %), forecast, calendar and roster-list GETs, actuals
# posts every SOAK_ACTUALS_S (5) s, a day of history imported every
# SOAK_HISTORY_S (60) s, a roster job every SOAK_JOB_S (60) s (bench/soak.lua).
# Every request carries a bearer token made with `wfm token create`, so the
# soak runs with authentication on as well as off.
#
# Prints the requests by status, the achieved rate and latency, and the
# server's resident memory (VmRSS) sampled every 10 s; PASS when there is no
# socket error, no status other than 2xx, 304 and the intended 429, the rate
# is at least 1000/s and the RSS grew less than 5 % from the end of the
# warm-up (the first 5 minutes, or a third of a shorter run) to the end.
# Usage: bench/soak.sh [MINUTES]   (docs/robustness.md)
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-30}
rate=${SOAK_RATE:-1500}
connections=${SOAK_CONNECTIONS:-64}
scripts/deps.sh wrk
make -j2 all >/dev/null

work=$(pwd)/.bench-soak-$$
mkdir -p "$work"
server_pid=; sampler_pid=
cleanup() {
    [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; fi
    scripts/pg.sh destroy "$work" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
url=$(scripts/pg.sh start "$work" wfm_soak 2>/dev/null)
build/wfm migrate --database-url "$url" >/dev/null

# The sample center "jinan" with a year of history up to yesterday, and the
# same last day as CSV for the imports (re-imported rows are unchanged).
end=$(TZ=Asia/Shanghai date -d yesterday +%F)
build/wfm sample load --database-url "$url" --center jinan --years 1 --end "$end" >/dev/null
build/wfm sample --out "$work/sample.csv" --years 1 --end "$end" >/dev/null
{ head -1 "$work/sample.csv"; grep ",${end}T" "$work/sample.csv"; } > "$work/history.csv"

# Today's live inputs: a forecast per queue and 120 agents on shift from
# 2 h ago to 8 h from now with a movable break, so actuals re-plan.
psql -q "$url" <<'SQL'
INSERT INTO live_forecast SELECT 'jinan', q.id, t, q.f, q.f * 1.3, q.aht
  FROM generate_series(date_trunc('day', now()) - interval '1 day', now() + interval '10 hours',
                       interval '15 minutes') t,
       (VALUES ('phone', 90.0, 290.0), ('sms', 15.0, 150.0), ('mailbox', 12.0, 540.0),
               ('weibo', 8.0, 260.0), ('wechat', 25.0, 200.0)) q(id, f, aht);
INSERT INTO live_shift SELECT 'jinan', 'a' || lpad(i::text, 3, '0'),
  date_trunc('hour', now()) - interval '2 hours', date_trunc('hour', now()) + interval '8 hours',
  CASE WHEN i <= 70 THEN ARRAY['phone'] WHEN i <= 100 THEN ARRAY['sms', 'weibo', 'wechat']
       ELSE ARRAY['phone', 'sms', 'mailbox', 'weibo', 'wechat'] END,
  CASE WHEN i <= 70 THEN 'phone' WHEN i <= 100 THEN 'wechat' ELSE 'mailbox' END
  FROM generate_series(1, 120) i;
INSERT INTO live_shift_break SELECT center_id, agent_id, shift_start, b, b + interval '30 minutes',
  b - interval '1 hour', b + interval '1 hour'
  FROM (SELECT *, date_trunc('hour', now()) + interval '2 hours'
                  + (row_number() OVER (ORDER BY agent_id) % 8) * interval '15 minutes' AS b
        FROM live_shift) s;
SQL
# The phone system's report: the last 4 intervals of every queue.
psql -qAt "$url" > "$work/actuals.json" <<'SQL'
SELECT json_build_object('intervals', json_agg(json_build_object(
  'queue', queue_id, 'interval_start', to_char(interval_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
  'offered', round(offered), 'answered', round(offered * 0.95), 'abandoned', 0,
  'handle_time_s', round(offered * 0.95) * aht_s, 'wait_time_s', 0)),
  'realtime', json_build_object('agents', json_build_object('logged_in', 110, 'on_break', 8, 'available', 6),
                                'contacts_waiting', json_build_object('phone', 5, 'wechat', 20)))
FROM live_forecast WHERE center_id = 'jinan'
  AND interval_start >= to_timestamp(floor(extract(epoch FROM now()) / 900) * 900) - interval '1 hour'
  AND interval_start < to_timestamp(floor(extract(epoch FROM now()) / 900) * 900);
SQL
# A roster request: the test fixture's two days, queues and agents, for a
# short solve.
python3 - "$work/roster.json" <<'PY'
import json, sys
doc = json.load(open("tests/fixtures/roster_small.json"))
doc["options"] = dict(doc.get("options", {}), time_limit_s=5)
doc["created_by"] = "soak"
json.dump(doc, open(sys.argv[1], "w"))
PY
# An admin token for the writes; a viewer token for each of 40 wall
# dashboards, so no token goes past the server's per-token rate limit.
token=$(build/wfm token create --database-url "$url" --center jinan --role admin --label soak)
viewers=$(for i in $(seq 40); do
              build/wfm token create --database-url "$url" --center jinan --role viewer \
                  --label "dashboard $i"
          done | tr '\n' ' ')

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
# The request log (a line a request) is dropped; errors show in the counts.
build/wfm-server --port "$port" --bind 127.0.0.1 --database-url "$url" --threads 2 \
    --job-threads 1 --no-migrate 2>/dev/null &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/v1/health" >/dev/null && break; sleep 0.1; done
# The first plan, so polls find one from the start.
curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data-binary @"$work/actuals.json" "http://127.0.0.1:$port/v1/centers/jinan/actuals" | head -c 400; echo

# Each kind of request once, so a wrong set-up shows before the long run.
for path in seatplan/live 'forecast?queue=phone' 'forecast?queue=wechat&model=hw' calendar \
            'rosters?limit=5'; do
    code=$(curl -s -o "$work/check.out" -w '%{http_code}' -H "Authorization: Bearer $token" \
               "http://127.0.0.1:$port/v1/centers/jinan/$path")
    echo "  check GET $path: $code $([ "$code" = 200 ] || head -c 300 "$work/check.out")"
done
echo "soak: $minutes min, target $rate requests/s over $connections connections; server pid $server_pid"
echo "  machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
start=$(date +%s)
( while kill -0 "$server_pid" 2>/dev/null; do
      printf '%d %s\n' $(( $(date +%s) - start )) "$(awk '/^VmRSS/ {print $2}' /proc/$server_pid/status)"
      sleep 10
  done ) > "$work/rss.txt" &
sampler_pid=$!

SOAK_TOKEN=$token SOAK_VIEWER_TOKENS=$viewers SOAK_RATE=$rate SOAK_THREADS=2 \
SOAK_ACTUALS=$work/actuals.json SOAK_HISTORY=$work/history.csv SOAK_ROSTER=$work/roster.json \
    wrk -t2 -c"$connections" -d"${minutes}m" --timeout 10s -s bench/soak.lua \
    "http://127.0.0.1:$port" > "$work/wrk.out"
kill "$sampler_pid" 2>/dev/null; sampler_pid=
printf '%d %s\n' $(( $(date +%s) - start )) "$(awk '/^VmRSS/ {print $2}' /proc/$server_pid/status)" >> "$work/rss.txt"
echo "  load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
sed -n '/^requests:/,$p' "$work/wrk.out" | sed 's/^/  /'
jobs=$(psql -qAt "$url" -c "SELECT string_agg(state || ' ' || n, ', ') FROM (SELECT state, count(*) n FROM job GROUP BY state ORDER BY state) s")
echo "  roster jobs: ${jobs:-none}"

warmup=$(( minutes >= 15 ? 300 : minutes * 20 ))
python3 - "$work/rss.txt" "$work/wrk.out" "$warmup" <<'PY'
import re, sys
samples = [tuple(map(int, l.split())) for l in open(sys.argv[1]) if len(l.split()) == 2]
wrk = open(sys.argv[2]).read()
warmup = int(sys.argv[3])
print("  RSS (kB) every 10 s: " + " ".join(str(kb) for _, kb in samples))
after = [kb for t, kb in samples if t >= warmup]
base, last, peak = after[0], after[-1], max(after)
growth = 100.0 * (last - base) / base
print(f"  RSS after warm-up ({warmup} s): {base} kB; at end {last} kB; peak {peak} kB; growth {growth:+.1f} %")
rate = float(re.search(r"= (\d+)/s", wrk).group(1))
sock = sum(map(int, re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", wrk).groups()))
bad = {int(s): int(k) for s, k in re.findall(r"status (\d+): (\d+)", wrk)
       if not (200 <= int(s) < 300 or int(s) in (304, 429))}
checks = [("rate >= 1000/s", rate >= 1000, f"{rate:.0f}/s"),
          ("no unintended errors", not bad and sock == 0, f"socket errors {sock}, statuses {bad or 'none'}"),
          ("RSS growth < 5 % after warm-up", growth < 5, f"{growth:+.1f} %")]
for name, ok, shown in checks:
    print(f"  {'PASS' if ok else 'FAIL'}  {name}: {shown}")
print("soak: " + ("PASS" if all(ok for _, ok, _ in checks) else "FAIL"))
sys.exit(0 if all(ok for _, ok, _ in checks) else 1)
PY
