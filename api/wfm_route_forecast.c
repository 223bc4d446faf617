/* GET /v1/centers/{id}/forecast and /v1/centers/{id}/forecast/backtest: a
 * stored queue's forecast with prediction intervals, and the backtest that
 * chose its model (docs/forecast.md).
 *
 * The history is read from the database, its features built in the center's
 * zone and calendar (data/wfm_features), and wfm_forecast_run backtests,
 * fits and forecasts. That costs ~0.5-0.8 s a queue for 3 years, so the
 * result is kept in a small in-process cache keyed by center, queue, model,
 * horizon in days, the history's version (row count, latest interval,
 * latest import) and the calendar (zone, kind, entries): any import that
 * changes the queue's history or any calendar edit misses it. A hit costs
 * one small query. The cache holds CACHE_SLOTS results, least recently used
 * evicted; it lives as long as the process. */
#include "api/wfm_db.h"
#include "api/wfm_routes.h"
#include "core/wfm_date.h"
#include "core/wfm_tz.h"
#include "data/wfm_features.h"
#include "data/wfm_forecast_input.h"
#include "data/wfm_forecast_json.h"
#include "forecast/wfm_forecast.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 16
#define BACKTEST_HORIZON_DAYS 7

/* One forecast of a queue: f->n intervals from grid_start. */
typedef struct forecast_result {
    wfm_forecast *f;
    int64_t grid_start;
    int32_t interval_s;
    char time_zone[64];
} forecast_result;

typedef struct cache_slot {
    char key[512];
    forecast_result r;
    unsigned long used;
} cache_slot;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static cache_slot cache[CACHE_SLOTS];
static unsigned long cache_clock;

static void make_key(char *key, size_t size, const char *center, const char *queue,
                     wfm_model model, int days, const wfm_forecast_input *in)
{
    snprintf(key, size, "%s\n%s\n%d\n%d\n%s\n%s\n%llx", center, queue, (int)model, days,
             in->version, in->center.time_zone, wfm_center_calendar_hash(&in->center));
}

/* Runs fn(result, arg) on the cached result of key under the lock; returns
 * whether there was one. */
static int cache_use(const char *key, void (*fn)(const forecast_result *, void *), void *arg)
{
    int hit = 0;
    pthread_mutex_lock(&cache_lock);
    for (int i = 0; i < CACHE_SLOTS && !hit; i++)
        if (cache[i].r.f && !strcmp(cache[i].key, key)) {
            cache[i].used = ++cache_clock;
            fn(&cache[i].r, arg);
            hit = 1;
        }
    pthread_mutex_unlock(&cache_lock);
    return hit;
}

/* Stores r under key (taking r->f over), evicting the least recently used. */
static void cache_put(const char *key, const forecast_result *r)
{
    pthread_mutex_lock(&cache_lock);
    int victim = 0;
    for (int i = 1; i < CACHE_SLOTS; i++)
        if (cache[i].used < cache[victim].used)
            victim = i;
    wfm_forecast_delete(cache[victim].r.f);
    snprintf(cache[victim].key, sizeof cache[victim].key, "%s", key);
    cache[victim].r = *r;
    cache[victim].used = ++cache_clock;
    pthread_mutex_unlock(&cache_lock);
}

/* The query parameters of a forecast request. */
typedef struct forecast_query {
    const char *queue;
    wfm_model model;
    int64_t from, to;   /* the slice returned, [from, to) */
    int days;           /* local days forecast after the history's last day */
} forecast_query;

/* A bound: an ISO 8601 timestamp with offset, or a date meaning local
 * midnight in zone. */
static wfm_status parse_bound(const char *name, const char *text, const char *zone, int64_t *utc,
                              wfm_error *err)
{
    int32_t day;
    if (wfm_timestamp_parse(text, utc))
        return WFM_OK;
    if (wfm_date_parse(text, &day))
        return wfm_tz_day(zone, day, 900, utc, NULL, err);
    return wfm_error_set(err, WFM_EINVAL, name,
                         "%s must be an ISO 8601 timestamp with a UTC offset or a date "
                         "YYYY-MM-DD ('%s')", name, text);
}

static void format_instant(int64_t utc, const char *zone, char *buf, size_t size)
{
    wfm_local_time lt;
    wfm_error err;
    wfm_timestamp_format(utc, wfm_tz_local(zone, utc, &lt, &err) == WFM_OK ? lt.utc_offset_s : 0,
                         buf, size);
}

/* from/to against the history: from at or after its end, to after from and
 * at most WFM_FORECAST_MAX_HORIZON_DAYS local days after its last day.
 * Defaults: from = the end of the history, to = 7 local days after from's. */
static wfm_status check_range(const wfm_http_request *req, const wfm_forecast_input *in,
                              forecast_query *q, wfm_error *err)
{
    const char *zone = in->center.time_zone, *from = wfm_http_query(req, "from"),
               *to = wfm_http_query(req, "to");
    int64_t history_end = in->last_start + in->last_interval_s, limit = 0;
    wfm_local_time last_day, to_day;
    char end_text[40], from_text[40], to_text[40];
    wfm_status st = wfm_tz_local(zone, in->last_start, &last_day, err);
    q->from = history_end;
    if (st == WFM_OK && from)
        st = parse_bound("from", from, zone, &q->from, err);
    if (st == WFM_OK && !to)
        st = wfm_features_horizon_end(q->from, BACKTEST_HORIZON_DAYS - 1, zone, &q->to, err);
    else if (st == WFM_OK)
        st = parse_bound("to", to, zone, &q->to, err);
    if (st == WFM_OK)
        st = wfm_features_horizon_end(in->last_start, WFM_FORECAST_MAX_HORIZON_DAYS, zone, &limit,
                                      err);
    if (st != WFM_OK)
        return st;
    format_instant(history_end, zone, end_text, sizeof end_text);
    format_instant(q->from, zone, from_text, sizeof from_text);
    format_instant(q->to, zone, to_text, sizeof to_text);
    if (q->from < history_end)
        return wfm_error_set(err, WFM_EINVAL, "from", "from (%s) is before the end of the "
                             "history (%s)", from, end_text);
    if (q->to <= q->from)
        return wfm_error_set(err, WFM_EINVAL, "to", "to (%s) must be after from (%s)",
                             to ? to : to_text, from_text);
    format_instant(limit, zone, end_text, sizeof end_text);
    if (q->to > limit)
        return wfm_error_set(err, WFM_EINVAL, to ? "to" : "from",
                             "%s (%s) is more than %d days after the history's last day "
                             "(forecasts end by %s)", to ? "to" : "from + 7 days",
                             to ? to : to_text, WFM_FORECAST_MAX_HORIZON_DAYS, end_text);
    st = wfm_tz_local(zone, q->to - 1, &to_day, err);
    q->days = to_day.day - last_day.day < 1 ? 1 : to_day.day - last_day.day;
    return st;
}

/* Backtests, fits and forecasts days local days after in's history. */
static wfm_status compute(const wfm_forecast_input *in, const char *queue, wfm_model model,
                          int days, forecast_result *r, wfm_error *err)
{
    const wfm_history_set *h = &in->history;
    int y0, y1, m, d;
    wfm_date_to_ymd((int32_t)(h->rows[0].interval_start / 86400) - 1, &y0, &m, &d);
    wfm_date_to_ymd((int32_t)(in->last_start / 86400) + days + 1, &y1, &m, &d);
    wfm_calendar *cal = NULL;
    wfm_series *history = NULL, *future = NULL;
    int64_t first = 0, end = 0;
    memset(r, 0, sizeof *r);
    snprintf(r->time_zone, sizeof r->time_zone, "%s", in->center.time_zone);
    wfm_status st = wfm_center_calendar_build(&in->center, y0, y1 + 1, &cal, err);
    wfm_features_ctx ctx = {.time_zone = in->center.time_zone, .calendar = cal};
    if (st == WFM_OK)
        st = wfm_features_history(h->rows, h->n_rows, queue, &ctx, &history, &first, err);
    if (st == WFM_OK)
        st = wfm_features_horizon_end(in->last_start, days, ctx.time_zone, &end, err);
    r->grid_start = in->last_start + in->last_interval_s;
    r->interval_s = in->last_interval_s;
    if (st == WFM_OK)
        st = wfm_features_grid(r->grid_start, end, r->interval_s, &ctx, &future, err);
    wfm_forecast_opts opts;
    wfm_forecast_opts_init(&opts);
    opts.model = model;
    if (st == WFM_OK && !(r->f = wfm_forecast_run(history, future, &opts, err)))
        st = err->status;
    wfm_series_delete(history);
    wfm_series_delete(future);
    wfm_calendar_delete(cal);
    return st;
}

/* What a request needs from the database and the cache, filled by
 * with_forecast(). */
typedef struct request_ctx {
    const wfm_http_request *req;
    wfm_http_response *res;
    forecast_query q;
    int backtest;       /* the backtest report instead of the intervals */
} request_ctx;

static json_t *intervals_json(const forecast_result *r, const forecast_query *q)
{
    json_t *list = json_array();
    char when[40];
    for (size_t i = 0; i < r->f->n; i++) {
        int64_t t = r->grid_start + (int64_t)i * r->interval_s;
        if (t < q->from || t >= q->to)
            continue;
        format_instant(t, r->time_zone, when, sizeof when);
        json_array_append_new(
            list, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "interval_start", when,
                            "offered", wfm_json_number_or_null(r->f->offered[i]),
                            "lo80", wfm_json_number_or_null(r->f->lo80[i]),
                            "hi80", wfm_json_number_or_null(r->f->hi80[i]),
                            "lo95", wfm_json_number_or_null(r->f->lo95[i]),
                            "hi95", wfm_json_number_or_null(r->f->hi95[i]),
                            "aht_s", wfm_json_number_or_null(r->f->aht_s[i])));
    }
    return list;
}

static void reply(const forecast_result *r, void *arg)
{
    request_ctx *c = arg;
    const char *center = c->req->params[0];
    json_t *report = wfm_forecast_report_json(c->q.queue, r->f);
    if (c->backtest) {
        json_object_set_new(report, "center", json_string(center));
        wfm_http_json(c->res, 200, report);
        return;
    }
    char from[40], to[40];
    format_instant(c->q.from, r->time_zone, from, sizeof from);
    format_instant(c->q.to, r->time_zone, to, sizeof to);
    wfm_http_json(c->res, 200,
                  json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:o}", "center", center,
                            "queue", c->q.queue, "model", wfm_model_name(r->f->model),
                            "time_zone", r->time_zone, "from", from, "to", to, "interval_s",
                            (int)r->interval_s, "intervals", intervals_json(r, &c->q),
                            "backtest", report));
}

/* Too little history is a 422: the request was fine, the data is not. */
static void fail(wfm_http_response *res, const wfm_error *err)
{
    if (err->status == WFM_EINVAL && !strcmp(err->field, "history"))
        wfm_http_error(res, 422, "insufficient_history", "history", "%s", err->message);
    else
        wfm_http_error_from(res, err);
}

/* Loads, checks, computes or takes from the cache, and replies. */
static void serve(request_ctx *c, PGconn *db)
{
    wfm_forecast_input in;
    wfm_error err;
    char key[512];
    const char *center = c->req->params[0];
    wfm_status st = wfm_forecast_input_load(db, center, c->q.queue, 0, &in, &err);
    if (st == WFM_OK && in.n_rows == 0)
        st = wfm_error_set(&err, WFM_EINVAL, "history", "queue %s has no history", c->q.queue);
    if (st == WFM_OK && c->backtest)
        c->q.days = BACKTEST_HORIZON_DAYS;
    else if (st == WFM_OK)
        st = check_range(c->req, &in, &c->q, &err);
    if (st == WFM_OK) {
        make_key(key, sizeof key, center, c->q.queue, c->q.model, c->q.days, &in);
        if (cache_use(key, reply, c)) {
            wfm_forecast_input_free(&in);
            return;
        }
        wfm_forecast_input_free(&in);
        st = wfm_forecast_input_load(db, center, c->q.queue, 1, &in, &err);
    }
    forecast_result r = {0};
    if (st == WFM_OK)
        st = compute(&in, c->q.queue, c->q.model, c->q.days, &r, &err);
    wfm_forecast_input_free(&in);
    if (st != WFM_OK) {
        wfm_forecast_delete(r.f);
        fail(c->res, &err);
        return;
    }
    reply(&r, c);
    cache_put(key, &r);
}

static void handle(const wfm_http_request *req, wfm_http_response *res, int backtest)
{
    request_ctx c = {.req = req, .res = res, .backtest = backtest};
    const char *model = wfm_http_query(req, "model");
    wfm_error err;
    c.q.queue = wfm_http_query(req, "queue");
    c.q.model = WFM_MODEL_AUTO;
    if (!c.q.queue || !*c.q.queue) {
        wfm_http_error(res, 400, "invalid_argument", "queue", "the query parameter queue is required");
        return;
    }
    if (model && wfm_model_parse(model, &c.q.model, &err) != WFM_OK) {
        wfm_http_error_from(res, &err);
        return;
    }
    PGconn *db = wfm_db_acquire(req->server, &err);
    if (!db) {
        wfm_http_error_from(res, &err);
        return;
    }
    serve(&c, db);
    wfm_db_release(req->server, db);
}

void wfm_route_forecast_get(const wfm_http_request *req, wfm_http_response *res)
{
    handle(req, res, 0);
}

void wfm_route_forecast_backtest_get(const wfm_http_request *req, wfm_http_response *res)
{
    handle(req, res, 1);
}
