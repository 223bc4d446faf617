/* GET /v1/centers/{id}/actuals?date=YYYY-MM-DD: the interval actuals the
 * phone system posted for one local day of the center (table live_actual),
 * so the dashboard can draw today's volume against the forecast band and
 * today's answer rate against the target. The live plan itself carries only
 * the day's totals (its reforecast), not the intervals. */
#include "api/wfm_db.h"
#include "api/wfm_routes.h"
#include "core/wfm_date.h"
#include "core/wfm_tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The center's time zone into zone; WFM_ENOTFOUND naming "id" if none. */
static wfm_status center_zone(PGconn *db, const char *center, char *zone, size_t size,
                              wfm_error *err)
{
    const char *params[] = {center};
    PGresult *r = wfm_db_query(db, "SELECT time_zone FROM center WHERE id = $1", 1, params, err);
    if (!r)
        return err->status;
    wfm_status st = WFM_OK;
    if (PQntuples(r) == 0)
        st = wfm_error_set(err, WFM_ENOTFOUND, "id", "no center '%.64s'", center);
    else
        snprintf(zone, size, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    return st;
}

/* The local day asked for (default: today in zone) as [*from, *to) in UTC. */
static wfm_status day_bounds(const char *date_text, const char *zone, int32_t *day,
                             int64_t *from, int64_t *to, wfm_error *err)
{
    if (date_text && !wfm_date_parse(date_text, day))
        return wfm_error_set(err, WFM_EINVAL, "date", "date must be YYYY-MM-DD, not '%.64s'",
                             date_text);
    if (!date_text) {
        wfm_local_time now;
        wfm_status st = wfm_tz_local(zone, (int64_t)time(NULL), &now, err);
        if (st != WFM_OK)
            return st;
        *day = now.day;
    }
    wfm_status st = wfm_tz_day(zone, *day, 900, from, NULL, err);
    return st != WFM_OK ? st : wfm_tz_day(zone, *day + 1, 900, to, NULL, err);
}

/* One row of live_actual (columns: queue, epoch, interval_s, offered,
 * answered, abandoned, handle_time_s, wait_time_s) as JSON, its start in
 * the center's local offset like every other time the API returns. */
static json_t *actual_json(const PGresult *r, int row, const char *zone)
{
    int64_t start = atoll(PQgetvalue(r, row, 1));
    wfm_local_time lt;
    wfm_error err;
    char when[40];
    wfm_timestamp_format(start, wfm_tz_local(zone, start, &lt, &err) == WFM_OK
                                    ? lt.utc_offset_s : 0, when, sizeof when);
    return json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:f, s:f}",
                     "queue", PQgetvalue(r, row, 0), "interval_start", when,
                     "interval_s", atoi(PQgetvalue(r, row, 2)),
                     "offered", atoi(PQgetvalue(r, row, 3)),
                     "answered", atoi(PQgetvalue(r, row, 4)),
                     "abandoned", atoi(PQgetvalue(r, row, 5)),
                     "handle_time_s", atof(PQgetvalue(r, row, 6)),
                     "wait_time_s", atof(PQgetvalue(r, row, 7)));
}

static wfm_status list_actuals(PGconn *db, const char *center, const char *date_text,
                               json_t **out, wfm_error *err)
{
    char zone[64];
    int32_t day;
    int64_t from, to;
    wfm_status st = center_zone(db, center, zone, sizeof zone, err);
    if (st == WFM_OK)
        st = day_bounds(date_text, zone, &day, &from, &to, err);
    if (st != WFM_OK)
        return st;
    char from_text[24], to_text[24], date[16];
    snprintf(from_text, sizeof from_text, "%lld", (long long)from);
    snprintf(to_text, sizeof to_text, "%lld", (long long)to);
    const char *params[] = {center, from_text, to_text};
    PGresult *r = wfm_db_query(db,
        "SELECT queue_id, extract(epoch FROM interval_start)::bigint, interval_s, offered,"
        " answered, abandoned, handle_time_s, wait_time_s FROM live_actual"
        " WHERE center_id = $1 AND interval_start >= to_timestamp($2::bigint)"
        " AND interval_start < to_timestamp($3::bigint) ORDER BY queue_id, interval_start",
        3, params, err);
    if (!r)
        return err->status;
    json_t *rows = json_array();
    for (int i = 0; i < PQntuples(r); i++)
        json_array_append_new(rows, actual_json(r, i, zone));
    PQclear(r);
    wfm_date_format(day, date, sizeof date);
    *out = json_pack("{s:s, s:s, s:o}", "center", center, "date", date, "intervals", rows);
    return *out ? WFM_OK : wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
}

void wfm_route_actuals_get(const wfm_http_request *req, wfm_http_response *res)
{
    wfm_error err;
    wfm_error_clear(&err);
    PGconn *db = wfm_db_acquire(req->server, &err);
    json_t *body = NULL;
    if (!db || list_actuals(db, req->params[0], wfm_http_query(req, "date"), &body, &err) != WFM_OK)
        wfm_http_error_from(res, &err);
    else
        wfm_http_json(res, 200, body);
    wfm_db_release(req->server, db);
}
