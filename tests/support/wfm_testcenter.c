/* wfm_testcenter: the small synthetic hotline (see wfm_testcenter.h). */
#include "tests/support/wfm_testcenter.h"

#include <stdio.h>

/* Offered per 30-minute interval at local hour h (0..23.5): a floor of one
 * contact plus peaks at 10:00 and 15:00 (phone: 45 and 35 at the peaks),
 * weekdays busier than weekends, history 2 % busier every week; the rest
 * follows from offered with fixed ratios. Deterministic: no noise. */
static const char *const seed_sql[] = {
    "INSERT INTO center (id, name, time_zone, interval_s) VALUES"
    " ('north', 'North test hotline', 'Asia/Shanghai', 1800)",
    "INSERT INTO queue (center_id, id, channel, kind, deadline_s) VALUES"
    " ('north', 'phone', 'phone', 'live', NULL), ('north', 'sms', 'sms', 'deferred', 3600)",
    "INSERT INTO history (center_id, queue_id, interval_start, interval_s, offered, answered,"
    "                     abandoned, handle_time_s, wait_time_s)"
    " SELECT 'north', q.id, (timestamp '2026-10-05' + s.n * interval '30 min')"
    "        AT TIME ZONE 'Asia/Shanghai', 1800, o.offered, o.offered - o.offered / 10,"
    "        o.offered / 10, (o.offered - o.offered / 10) * q.aht,"
    "        (o.offered / 10) * 60 + (o.offered - o.offered / 10) * 12"
    "   FROM (VALUES ('phone', 1.0, 240), ('sms', 0.33, 150)) q(id, share, aht),"
    "        generate_series(0, 56 * 48 - 1) s(n),"
    "        LATERAL (SELECT (s.n % 48) / 2.0 AS h, (s.n / 48) % 7 AS weekday) t,"
    "        LATERAL (SELECT round(q.share * (1 + 45 * exp(-((t.h - 10) ^ 2) / 4)"
    "                              + 35 * exp(-((t.h - 15) ^ 2) / 6))"
    "                     * CASE WHEN t.weekday >= 5 THEN 0.7 ELSE 1 END"
    "                     * (1 + 0.02 * (s.n / 336)))::int AS offered) o",
    NULL};

static const char *const agents[] = {
    "{\"skills\": [\"phone\", \"sms\"], \"max_week_hours\": 40}",
    "{\"skills\": [\"phone\"], \"max_week_hours\": 40}",
};

static const char *const templates[] = {
    "{\"name\": \"day\", \"start_earliest_min\": 360, \"start_latest_min\": 720,"
    " \"start_step_min\": 60, \"length_min\": 510, \"breaks\": [{\"length_min\": 30,"
    " \"paid\": false, \"earliest_min\": 180, \"latest_min\": 300}]}",
    "{\"name\": \"evening\", \"start_earliest_min\": 780, \"start_latest_min\": 900,"
    " \"start_step_min\": 60, \"length_min\": 480, \"breaks\": [{\"length_min\": 30,"
    " \"paid\": true, \"earliest_min\": 180, \"latest_min\": 300}]}",
    "{\"name\": \"night\", \"start_earliest_min\": 1320, \"start_latest_min\": 1320,"
    " \"start_step_min\": 60, \"length_min\": 540, \"breaks\": [{\"length_min\": 60,"
    " \"paid\": false, \"earliest_min\": 240, \"latest_min\": 300}]}",
};

static int exec(PGconn *db, const char *sql, int n, const char *const *values)
{
    PGresult *res = PQexecParams(db, sql, n, NULL, values, NULL, NULL, 0);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "wfm_testcenter: %s\n", PQresultErrorMessage(res));
    PQclear(res);
    return ok ? 0 : -1;
}

int wfm_testcenter_seed(PGconn *db)
{
    for (const char *const *sql = seed_sql; *sql; sql++)
        if (exec(db, *sql, 0, NULL))
            return -1;
    for (int a = 0; a < 30; a++) {
        char id[16];
        snprintf(id, sizeof id, "a%02d", a + 1);
        const char *values[] = {id, agents[a < 20 ? 0 : 1]};
        if (exec(db, "INSERT INTO agent (center_id, id, skills, max_week_hours)"
                     " SELECT 'north', $1, ARRAY(SELECT jsonb_array_elements_text(j->'skills')),"
                     " (j->>'max_week_hours')::float FROM (SELECT $2::jsonb j) x", 2, values))
            return -1;
    }
    for (size_t t = 0; t < sizeof templates / sizeof templates[0]; t++) {
        const char *values[] = {templates[t]};
        if (exec(db, "INSERT INTO shift_template (center_id, name, definition)"
                     " SELECT 'north', $1::jsonb->>'name', $1::jsonb", 1, values))
            return -1;
    }
    return 0;
}
