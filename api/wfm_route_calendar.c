/* GET and PUT /v1/centers/{id}/calendar: a center's holiday calendar, the
 * ready-made set it follows plus its own entries (data/wfm_calendar_store.h,
 * docs/forecast.md). PUT replaces the set and every custom entry in one
 * transaction. */
#include "api/wfm_db.h"
#include "api/wfm_routes.h"
#include "core/wfm_date.h"
#include "data/wfm_calendar_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *entry_json(const wfm_calendar_entry *e)
{
    char day[16];
    wfm_date_format(e->day, day, sizeof day);
    return json_pack("{s:s, s:s, s:s}", "date", day, "kind",
                     e->kind == WFM_CAL_WORKDAY ? "workday" : "holiday", "name", e->name);
}

/* The effective days of `year`: the ready-made set with the custom entries
 * laid over it. */
static json_t *year_json(const wfm_center_calendar *c, int year, wfm_error *err)
{
    wfm_calendar *cal = NULL;
    if (wfm_center_calendar_build(c, year, year, &cal, err) != WFM_OK)
        return NULL;
    json_t *days = json_array();
    int32_t first = wfm_date_from_ymd(year, 1, 1), last = wfm_date_from_ymd(year, 12, 31);
    for (size_t i = 0; i < cal->n_entries; i++) {
        const wfm_calendar_entry *e = &cal->entries[i];
        if (e->day < first || e->day > last)
            continue;
        json_t *day = entry_json(e);
        json_object_set_new(day, "estimated", json_boolean(e->estimated));
        json_array_append_new(days, day);
    }
    wfm_calendar_delete(cal);
    return days;
}

static json_t *calendar_json(const char *center_id, const wfm_center_calendar *c)
{
    json_t *entries = json_array();
    for (size_t i = 0; i < c->n_entries; i++)
        json_array_append_new(entries, entry_json(&c->entries[i]));
    return json_pack("{s:s, s:s, s:s, s:o}", "center", center_id, "time_zone", c->time_zone,
                     "calendar", wfm_calendar_kind_name(c->kind), "entries", entries);
}

/* ?year=YYYY (1900..2200) or absent (0). Fills res with a 400 on a bad value. */
static int parse_year(const wfm_http_request *req, wfm_http_response *res, int *year)
{
    const char *text = wfm_http_query(req, "year");
    *year = 0;
    if (!text)
        return 0;
    char *end;
    long v = strtol(text, &end, 10);
    if (*end || end == text || v < 1900 || v > 2200) {
        wfm_http_error(res, 400, "invalid_argument", "year", "year must be a year from 1900 to 2200 ('%s')",
                       text);
        return -1;
    }
    *year = (int)v;
    return 0;
}

static void respond(const wfm_http_request *req, wfm_http_response *res, PGconn *db, int year)
{
    wfm_center_calendar c;
    wfm_error err;
    wfm_status st = wfm_calendar_store_get(db, req->params[0], &c, &err);
    if (st != WFM_OK) {
        wfm_http_error_from(res, &err);
        return;
    }
    json_t *body = calendar_json(req->params[0], &c);
    json_t *days = year ? year_json(&c, year, &err) : NULL;
    wfm_center_calendar_free(&c);
    if (year && !days) {
        json_decref(body);
        wfm_http_error_from(res, &err);
        return;
    }
    if (days) {
        json_object_set_new(body, "year", json_integer(year));
        json_object_set_new(body, "days", days);
    }
    wfm_http_json(res, 200, body);
}

void wfm_route_calendar_get(const wfm_http_request *req, wfm_http_response *res)
{
    int year;
    if (parse_year(req, res, &year))
        return;
    wfm_error err;
    PGconn *db = wfm_db_acquire(req->server, &err);
    if (!db) {
        wfm_http_error_from(res, &err);
        return;
    }
    respond(req, res, db, year);
    wfm_db_release(req->server, db);
}

void wfm_route_calendar_put(const wfm_http_request *req, wfm_http_response *res)
{
    json_t *body = wfm_http_body_object(req, res);
    if (!body)
        return;
    wfm_calendar_kind kind;
    wfm_calendar_entry *entries;
    size_t n;
    wfm_error err;
    wfm_status parsed = wfm_calendar_body_parse(body, &kind, &entries, &n, &err);
    json_decref(body);
    if (parsed != WFM_OK) {
        wfm_http_error_from(res, &err);
        return;
    }
    PGconn *db = wfm_db_acquire(req->server, &err);
    wfm_status st = db ? wfm_calendar_store_put(db, req->params[0], kind, entries, n, &err)
                       : err.status;
    free(entries);
    if (st == WFM_OK)
        respond(req, res, db, 0);
    else
        wfm_http_error_from(res, &err);
    if (db)
        wfm_db_release(req->server, db);
}
