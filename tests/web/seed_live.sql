-- Live inputs for the browser tests (tests/web/run.sh), for the local day
-- :'day' of the sample center jinan (Asia/Shanghai), history loaded:
-- * live_forecast: the same interval a week earlier (seasonal naive), the
--   95 % bound 2 standard deviations of a Poisson count above it;
-- * live_shift: 140 agents on staggered 9-hour shifts with a 30-minute
--   break 4 hours in (movable by an hour either way), 60 % planned on the
--   phone, the rest on one text queue each.
-- The actuals are posted through the API afterwards (actuals.sql builds the
-- body), so the plan is made the ordinary way.
\set ON_ERROR_STOP on
BEGIN;
DELETE FROM live_forecast WHERE center_id = 'jinan';
DELETE FROM live_shift WHERE center_id = 'jinan';

INSERT INTO live_forecast (center_id, queue_id, interval_start, offered, offered_upper95, aht_s)
SELECT center_id, queue_id, interval_start + interval '7 days', offered,
       offered + 2 * sqrt(offered) + 2,
       CASE WHEN answered > 0 THEN greatest(handle_time_s / answered, 30) ELSE 300 END
FROM history
WHERE center_id = 'jinan'
  AND interval_start >= (:'day'::date - 7)::timestamp AT TIME ZONE 'Asia/Shanghai'
  AND interval_start < (:'day'::date - 5)::timestamp AT TIME ZONE 'Asia/Shanghai';

INSERT INTO live_shift (center_id, agent_id, shift_start, shift_end, skills, planned_queue)
SELECT 'jinan', 'a' || lpad(i::text, 3, '0'), s, s + interval '9 hours',
       ARRAY['phone', text_queue], CASE WHEN i % 5 < 3 THEN 'phone' ELSE text_queue END
FROM generate_series(1, 140) i,
     LATERAL (SELECT (:'day'::date + time '06:00' + (i % 8) * interval '90 minutes')
                     AT TIME ZONE 'Asia/Shanghai' AS s,
                     (ARRAY['wechat', 'sms', 'weibo', 'mailbox'])[1 + i % 4] AS text_queue) x;

INSERT INTO live_shift_break (center_id, agent_id, shift_start, break_start, break_end,
                              earliest_start, latest_start)
SELECT center_id, agent_id, shift_start, shift_start + interval '4 hours',
       shift_start + interval '4 hours 30 minutes', shift_start + interval '3 hours',
       shift_start + interval '5 hours'
FROM live_shift WHERE center_id = 'jinan';
COMMIT;
