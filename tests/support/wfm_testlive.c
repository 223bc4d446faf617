/* wfm_testlive: the live tests' center and report (see the header). */
#include "tests/support/wfm_testlive.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>

static void exec_sql(PGconn *db, const char *sql)
{
    PGresult *r = PQexec(db, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
}

void wfm_testlive_seed(PGconn *db)
{
    exec_sql(db, "INSERT INTO center (id, name, time_zone, interval_s)"
             " VALUES ('c1', '12345 hotline', 'Asia/Shanghai', 900)");
    exec_sql(db, "INSERT INTO queue (center_id, id, channel, kind, deadline_s) VALUES"
             " ('c1', 'phone', 'phone', 'live', NULL), ('c1', 'wechat', 'wechat', 'deferred', 3600)");
    exec_sql(db, "INSERT INTO live_forecast (center_id, queue_id, interval_start, offered,"
             " offered_upper95, aht_s)"
             " SELECT 'c1', q.id, t, q.f, q.u, q.aht FROM"
             " generate_series('2026-11-27T00:00+08'::timestamptz, '2026-11-28T08:00+08',"
             "   '15 minutes') t,"
             " (VALUES ('phone', 40.0, 55.0, 300.0), ('wechat', 20.0, 30.0, 400.0)) q(id, f, u, aht)");
    exec_sql(db, "INSERT INTO live_shift (center_id, agent_id, shift_start, shift_end, skills,"
             " planned_queue)"
             " SELECT 'c1', 'a' || lpad(i::text, 2, '0'), '2026-11-27T08:00+08',"
             " '2026-11-27T18:00+08', ARRAY['phone', 'wechat'],"
             " CASE WHEN i <= 8 THEN 'phone' ELSE 'wechat' END FROM generate_series(1, 12) i");
    exec_sql(db, "INSERT INTO live_shift_break SELECT center_id, agent_id, shift_start,"
             " '2026-11-27T12:00+08', '2026-11-27T12:30+08', '2026-11-27T11:30+08',"
             " '2026-11-27T13:00+08' FROM live_shift");
}

/* The phone system's report: phone and wechat for 08:00 .. 10:00 local, at
 * `phone` and 20 contacts per interval; phone_hot overrides 09:30, 09:45. */
char *wfm_testlive_actuals(int phone, int phone_hot)
{
    json_t *rows = json_array();
    for (int i = 0; i < 8; i++) {
        char start[40];
        snprintf(start, sizeof start, "2026-11-27T%02d:%02d:00+08:00", 8 + i / 4, i % 4 * 15);
        int offered = i >= 6 && phone_hot ? phone_hot : phone;
        json_array_append_new(rows, json_pack("{s:s, s:s, s:i, s:i, s:i, s:f, s:f}", "queue",
            "phone", "interval_start", start, "offered", offered, "answered", offered - 1,
            "abandoned", 1, "handle_time_s", 300.0 * (offered - 1), "wait_time_s", 900.0));
        json_array_append_new(rows, json_pack("{s:s, s:s, s:i, s:i, s:i, s:f, s:f}", "queue",
            "wechat", "interval_start", start, "offered", 20, "answered", 20, "abandoned", 0,
            "handle_time_s", 8000.0, "wait_time_s", 0.0));
    }
    json_t *doc = json_pack("{s:s, s:o, s:{s:{s:i, s:i, s:i}, s:{s:i, s:i}}}", "as_of", WFM_TESTLIVE_AS_OF,
        "intervals", rows, "realtime", "agents", "logged_in", 12, "on_break", 1, "available",
        3, "contacts_waiting", "phone", 4, "wechat", 35);
    char *text = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    return text;
}

