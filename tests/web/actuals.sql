-- The body of POST /v1/centers/jinan/actuals for the browser tests: every
-- queue's intervals of the local day :'day' that ended by :'until' (local
-- HH:MI), at the volume of a week earlier times :'factor', the phone's last
-- two intervals at twice that (a surge), 4 % abandoned, and a real-time
-- board (agents by state, contacts waiting). as_of = :'until'.
\set ON_ERROR_STOP on
\pset tuples_only on
\pset format unaligned
WITH day AS (
    SELECT (:'day'::date)::timestamp AT TIME ZONE 'Asia/Shanghai' AS start,
           (:'day'::date + :'until'::time) AT TIME ZONE 'Asia/Shanghai' AS as_of
), rows AS (
    SELECT h.queue_id, h.interval_start + interval '7 days' AS interval_start,
           round(h.offered * :'factor'::numeric
                 * CASE WHEN h.queue_id = 'phone'
                         AND h.interval_start + interval '7 days' >= d.as_of - interval '37 minutes'
                        THEN 2 ELSE 1 END)::int AS offered,
           CASE WHEN h.answered > 0 THEN h.handle_time_s / h.answered ELSE 300 END AS aht
    FROM history h, day d
    WHERE h.center_id = 'jinan'
      AND h.interval_start >= d.start - interval '7 days'
      AND h.interval_start + interval '7 days 15 minutes' <= d.as_of - interval '7 minutes'
)
SELECT json_build_object(
    'as_of', to_char(d.as_of AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"'),
    'realtime', json_build_object(
        'agents', json_build_object('logged_in', 118, 'on_break', 9, 'available', 6),
        'contacts_waiting', json_build_object('phone', 14, 'wechat', 35)),
    'intervals', json_agg(json_build_object(
        'queue', queue_id,
        'interval_start', to_char(interval_start AT TIME ZONE 'Asia/Shanghai',
                                  'YYYY-MM-DD"T"HH24:MI:SS"+08:00"'),
        'offered', offered,
        'answered', offered - round(offered * 0.04)::int,
        'abandoned', round(offered * 0.04)::int,
        'handle_time_s', round(((offered - round(offered * 0.04)) * aht)::numeric, 1),
        'wait_time_s', round(offered * 0.04) * 60) ORDER BY queue_id, interval_start))
FROM rows, day d GROUP BY d.as_of;
