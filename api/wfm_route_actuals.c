/* POST /v1/centers/{id}/actuals: interval results per queue and a real-time
 * snapshot from the phone system, every 5-15 minutes. The whole post is
 * checked before anything is stored (api/wfm_actuals: a defect names the
 * row, field and value, an unknown queue too: 400; an unknown center: 404),
 * then stored, re-planned and committed in one transaction; the new live
 * plan replaces the cached one.
 *
 * Body (docs/live.md):
 *   {"as_of": "2026-11-29T10:07:00+08:00",            optional, default now
 *    "intervals": [{"queue", "interval_start", "interval_s" (optional),
 *                   "offered", "answered", "abandoned",
 *                   "handle_time_s", "wait_time_s"}, ...],
 *    "realtime": {"taken_at" (optional, default as_of),
 *                 "agents": {"logged_in", "on_break", "available"},
 *                 "contacts_waiting": {"<queue>": n, ...}}}
 * At least one of intervals and realtime. A re-sent interval replaces the
 * stored one. */
#include "api/wfm_actuals.h"
#include "api/wfm_db.h"
#include "api/wfm_live.h"
#include "api/wfm_routes.h"
#include "api/wfm_server.h"
#include "data/wfm_history.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the database ------------------------------------------------------ */

static void center_free(wfm_actuals_center *c)
{
    for (size_t i = 0; i < c->n_queues; i++)
        free(c->queues[i]);
    free(c->queues);
}

/* The center's interval, time zone and queue ids. */
static wfm_status load_center(PGconn *db, const char *center, wfm_actuals_center *c,
                              wfm_error *err)
{
    const char *params[] = {center};
    PGresult *r = wfm_db_query(db,
        "SELECT c.interval_s, c.time_zone, q.id FROM center c"
        " LEFT JOIN queue q ON q.center_id = c.id WHERE c.id = $1", 1, params, err);
    if (!r)
        return err->status;
    int n = PQntuples(r);
    if (n == 0) {
        PQclear(r);
        return wfm_error_set(err, WFM_ENOTFOUND, "id", "no center '%.64s'", center);
    }
    c->interval_s = atoi(PQgetvalue(r, 0, 0));
    snprintf(c->time_zone, sizeof c->time_zone, "%s", PQgetvalue(r, 0, 1));
    c->queues = calloc((size_t)n, sizeof *c->queues);
    for (int i = 0; c->queues && i < n; i++)
        if (!PQgetisnull(r, i, 2))
            c->queues[c->n_queues++] = strdup(PQgetvalue(r, i, 2));
    PQclear(r);
    return c->queues ? WFM_OK : wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
}

/* Appends the array literal element text to a growing buffer. */
typedef struct text_buf {
    char *data;
    size_t len, cap;
    int failed;
} text_buf;

static void append(text_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(text_buf *b, const char *fmt, ...)
{
    for (int attempt = 0; attempt < 2 && !b->failed; attempt++) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->data ? b->data + b->len : NULL, b->data ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = 1;
        } else if (b->data && (size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        } else {
            size_t cap = (b->cap + (size_t)n + 1) * 2;
            char *grown = realloc(b->data, cap);
            if (!grown)
                b->failed = 1;
            b->data = grown ? grown : b->data;
            b->cap = grown ? cap : b->cap;
        }
    }
}

/* One upsert for all rows: the columns as PostgreSQL array literals (queue
 * ids are checked against the queue table, so they need no quoting). */
static wfm_status store_rows(PGconn *db, const char *center, const wfm_actuals_center *c,
                             const wfm_actuals_post *p, wfm_error *err)
{
    if (p->rows.n_rows == 0)
        return WFM_OK;
    text_buf cols[7] = {0};
    for (size_t i = 0; i < p->rows.n_rows; i++) {
        const wfm_history_row *r = &p->rows.rows[i];
        const char *sep = i ? "," : "{";
        append(&cols[0], "%s%s", sep, r->queue);
        append(&cols[1], "%s%lld", sep, (long long)r->interval_start);
        append(&cols[2], "%s%lld", sep, (long long)r->offered);
        append(&cols[3], "%s%lld", sep, (long long)r->answered);
        append(&cols[4], "%s%lld", sep, (long long)r->abandoned);
        append(&cols[5], "%s%.17g", sep, r->handle_time_s);
        append(&cols[6], "%s%.17g", sep, r->wait_time_s);
    }
    int failed = 0;
    for (int k = 0; k < 7; k++) {
        append(&cols[k], "}");
        failed |= cols[k].failed;
    }
    char interval[16];
    snprintf(interval, sizeof interval, "%d", c->interval_s);
    const char *params[] = {center, interval, cols[0].data, cols[1].data, cols[2].data,
                            cols[3].data, cols[4].data, cols[5].data, cols[6].data};
    wfm_status st = failed ? wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory")
        : wfm_db_command(db,
            "INSERT INTO live_actual (center_id, interval_s, queue_id, interval_start, offered,"
            " answered, abandoned, handle_time_s, wait_time_s)"
            " SELECT $1, $2::int, q, to_timestamp(t), o, a, b, h, w FROM unnest($3::text[],"
            " $4::bigint[], $5::int[], $6::int[], $7::int[], $8::float8[], $9::float8[])"
            " AS x(q, t, o, a, b, h, w)"
            " ON CONFLICT (center_id, queue_id, interval_start) DO UPDATE SET"
            " interval_s = EXCLUDED.interval_s, offered = EXCLUDED.offered,"
            " answered = EXCLUDED.answered, abandoned = EXCLUDED.abandoned,"
            " handle_time_s = EXCLUDED.handle_time_s, wait_time_s = EXCLUDED.wait_time_s,"
            " received_at = now()", 9, params, err);
    for (int k = 0; k < 7; k++)
        free(cols[k].data);
    return st;
}

static wfm_status store_snapshot(PGconn *db, const char *center, const wfm_actuals_post *p,
                                 wfm_error *err)
{
    if (!p->has_snapshot)
        return WFM_OK;
    char t[32], in[24], br[24], av[24];
    snprintf(t, sizeof t, "%lld", (long long)p->taken_at);
    snprintf(in, sizeof in, "%lld", (long long)p->logged_in);
    snprintf(br, sizeof br, "%lld", (long long)p->on_break);
    snprintf(av, sizeof av, "%lld", (long long)p->available);
    char *waiting = p->waiting ? json_dumps(p->waiting, JSON_COMPACT) : strdup("{}");
    if (!waiting)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
    const char *params[] = {center, t, in, br, av, waiting};
    wfm_status st = wfm_db_command(db,
        "WITH s AS (INSERT INTO live_snapshot (center_id, taken_at, agents_logged_in,"
        " agents_on_break, agents_available) VALUES ($1, to_timestamp($2::bigint), $3::int,"
        " $4::int, $5::int) RETURNING id)"
        " INSERT INTO live_snapshot_queue (snapshot_id, queue_id, contacts_waiting)"
        " SELECT s.id, w.key, w.value::int FROM s, json_each_text($6::json) w", 6, params, err);
    free(waiting);
    return st;
}

/* ---- the handler ------------------------------------------------------- */

static json_t *seatplan_json(const char *center, const wfm_live_stored *plan)
{
    char url[128];
    snprintf(url, sizeof url, "/v1/centers/%s/seatplan/live", center);
    return json_pack("{s:s, s:s, s:b, s:I, s:f, s:s}", "url", url, "etag", plan->etag,
                     "changed", plan->changed, "plan_id", (json_int_t)plan->plan_id,
                     "replan_ms", round(plan->replan_ms * 1000) / 1000, "status", "ok");
}

static json_t *replan_failure_json(const wfm_error *err)
{
    return json_pack("{s:s, s:{s:s, s:s, s:s*}}", "status", "failed", "error", "code",
                     wfm_status_name(err->status), "message", err->message, "field",
                     err->field[0] ? err->field : NULL);
}

/* Stores, re-plans, commits. On success *plan holds the new plan (or the
 * failure is in *replan_err and the actuals are stored all the same: the
 * facts stand even when the plan cannot be made). */
static wfm_status ingest(PGconn *db, const char *center, const wfm_actuals_center *c,
                         const wfm_actuals_post *p, wfm_live_stored *plan, wfm_error *replan_err,
                         wfm_error *err)
{
    wfm_status st = wfm_db_command(db, "BEGIN", 0, NULL, err);
    if (st == WFM_OK)
        st = store_rows(db, center, c, p, err);
    if (st == WFM_OK)
        st = store_snapshot(db, center, p, err);
    if (st == WFM_OK) {
        wfm_db_command(db, "SAVEPOINT replan", 0, NULL, err);
        if (wfm_live_replan(db, center, p->as_of, plan, replan_err) != WFM_OK) {
            if (replan_err->status == WFM_EDB) {
                *err = *replan_err;
                st = WFM_EDB;
            } else {
                st = wfm_db_command(db, "ROLLBACK TO SAVEPOINT replan", 0, NULL, err);
            }
        }
    }
    if (st == WFM_OK)
        st = wfm_db_command(db, "COMMIT", 0, NULL, err);
    return st;
}

static void respond(const wfm_http_request *req, wfm_http_response *res, const wfm_actuals_post *p,
                    const wfm_live_stored *plan, const wfm_error *replan_err)
{
    const char *center = req->params[0];
    json_t *seatplan = plan->text ? seatplan_json(center, plan) : replan_failure_json(replan_err);
    if (plan->text) {
        wfm_error cache_err;
        wfm_live_cache_put(wfm_server_live_cache(req->server), center, plan->plan_id,
                           plan->text, plan->len, plan->etag, &cache_err);
    }
    wfm_http_json(res, 201, json_pack("{s:s, s:{s:I, s:b}, s:o}", "center", center, "stored",
                                      "intervals", (json_int_t)p->rows.n_rows, "snapshot",
                                      p->has_snapshot, "seatplan", seatplan));
}

void wfm_route_actuals_post(const wfm_http_request *req, wfm_http_response *res)
{
    json_t *body = wfm_http_body_object(req, res);
    if (!body)
        return;
    wfm_error err, replan_err;
    wfm_error_clear(&err);
    wfm_error_clear(&replan_err);
    wfm_actuals_post post;
    wfm_actuals_post_init(&post, (int64_t)time(NULL));
    wfm_actuals_center center = {0};
    wfm_live_stored plan = {0};
    PGconn *db = NULL;
    wfm_status st = wfm_actuals_as_of(body, &post.as_of, &err);
    if (st == WFM_OK)
        st = (db = wfm_db_acquire(req->server, &err)) ? WFM_OK : err.status;
    if (st == WFM_OK)
        st = wfm_live_cache_load(wfm_server_live_cache(req->server), db, &err);
    if (st == WFM_OK)
        st = load_center(db, req->params[0], &center, &err);
    if (st == WFM_OK)
        st = wfm_actuals_parse(body, &center, &post, &err);
    if (st == WFM_OK)
        st = ingest(db, req->params[0], &center, &post, &plan, &replan_err, &err);
    if (st == WFM_OK)
        respond(req, res, &post, &plan, &replan_err);
    else
        wfm_http_error_from(res, &err);
    wfm_db_release(req->server, db);
    free(plan.text);
    wfm_actuals_post_free(&post);
    center_free(&center);
    json_decref(body);
}
