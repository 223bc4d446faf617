/* POST /v1/centers/{id}/actuals: interval results per queue and a real-time
 * snapshot from the phone system, every 5-15 minutes. The whole post is
 * checked before anything is stored (a defect names the row, field and
 * value: 400; an unknown center or queue: 404), then stored, re-planned and
 * committed in one transaction; the new live plan replaces the cached one.
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
#include "api/wfm_db.h"
#include "api/wfm_live.h"
#include "api/wfm_routes.h"
#include "api/wfm_server.h"
#include "core/wfm_date.h"
#include "data/wfm_history.h"
#include "data/wfm_history_json.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ROWS 2000       /* a day of 15-minute intervals for 20 queues */
#define MAX_FIELD_TEXT 80   /* how much of a bad value a message quotes */
#define ROWS "intervals"    /* the array errors name: intervals[3].offered */

typedef struct center_info {
    int interval_s;
    char time_zone[64];
    char **queues;
    size_t n_queues;
} center_info;

typedef struct actuals_post {
    int64_t as_of;
    wfm_history_set rows;
    int has_snapshot;
    int64_t taken_at;
    json_int_t logged_in, on_break, available;
    json_t *waiting; /* borrowed from the body: queue -> count */
} actuals_post;

/* The value as short JSON text for messages. */
static void describe(const json_t *v, char *buf, size_t size)
{
    char *text = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    snprintf(buf, size, "%.*s", MAX_FIELD_TEXT, text ? text : "nothing");
    free(text);
}

static wfm_status bad_value(wfm_error *err, const char *where, const char *key,
                            const json_t *v, const char *expected)
{
    char field[64], shown[MAX_FIELD_TEXT + 1];
    snprintf(field, sizeof field, "%s%s%s", where, *where ? "." : "", key);
    describe(v, shown, sizeof shown);
    return wfm_error_set(err, WFM_EINVAL, field, "%s must be %s, not %s", field, expected, shown);
}

static wfm_status get_count(const json_t *obj, const char *where, const char *key,
                            json_int_t *out, wfm_error *err)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000000)
        return bad_value(err, where, key, v, "a whole number >= 0");
    *out = json_integer_value(v);
    return WFM_OK;
}

static wfm_status get_time(const json_t *obj, const char *where, const char *key,
                           int64_t *out, wfm_error *err)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_string(v) || !wfm_timestamp_parse(json_string_value(v), out))
        return bad_value(err, where, key, v, "an ISO 8601 time with a UTC offset");
    return WFM_OK;
}

static int known_queue(const center_info *c, const char *id)
{
    for (size_t i = 0; i < c->n_queues; i++)
        if (!strcmp(c->queues[i], id))
            return 1;
    return 0;
}

/* One element of intervals, field by field, by the history import's own
 * parser (data/wfm_history_json): the same values are accepted and
 * refused with the same words. interval_s may be left out: the center's. */
static wfm_status parse_row(const json_t *obj, size_t i, const center_info *c,
                            wfm_history_row *row, wfm_error *err)
{
    if (!json_is_object(obj)) {
        char where[32];
        snprintf(where, sizeof where, ROWS "[%zu]", i);
        return bad_value(err, "", where, obj, "an object");
    }
    row->interval_s = c->interval_s;
    for (int col = 0; col < WFM_HISTORY_NCOLUMNS; col++) {
        const json_t *v = json_object_get(obj, wfm_history_column_name(col));
        if (!v && col == WFM_HISTORY_INTERVAL_S)
            continue;
        if (wfm_history_json_field(row, col, v, i, err) != WFM_OK) {
            wfm_history_error_locate(err, ROWS, i);
            return err->status;
        }
    }
    return WFM_OK;
}

/* What a live report asks beyond the history rules: the center's own
 * interval length, and an interval that has ended by as_of. */
static wfm_status check_live_row(const wfm_history_row *r, size_t i, const center_info *c,
                                 int64_t as_of, wfm_error *err)
{
    char value[48], what[64];
    wfm_status st = WFM_OK;
    if (r->interval_s != c->interval_s) {
        snprintf(value, sizeof value, "%d", (int)r->interval_s);
        snprintf(what, sizeof what, "interval_s must be the center's, %d", c->interval_s);
        st = wfm_history_row_error(err, i, WFM_HISTORY_INTERVAL_S, value, what);
    } else if (r->interval_start + r->interval_s > as_of) {
        wfm_timestamp_format(r->interval_start, 0, value, sizeof value);
        st = wfm_history_row_error(err, i, WFM_HISTORY_INTERVAL_START, value,
                                   "the interval has not ended by as_of");
    }
    if (st != WFM_OK)
        wfm_history_error_locate(err, ROWS, i);
    return st;
}

/* Parses every row, then checks them as the history import does (queues
 * of the center, intervals on its local grid, counts consistent, no queue
 * and interval twice), then the live rules. Rows are numbered from 0 in
 * messages, as the array's indices. */
static wfm_status parse_rows(const json_t *list, const center_info *c, actuals_post *p,
                             wfm_error *err)
{
    if (!list)
        return WFM_OK;
    if (!json_is_array(list))
        return bad_value(err, "", ROWS, list, "an array");
    size_t n = json_array_size(list);
    if (n > MAX_ROWS)
        return wfm_error_set(err, WFM_ETOOBIG, ROWS, "at most %d intervals per post (%zu)",
                             MAX_ROWS, n);
    for (size_t i = 0; i < n; i++) {
        wfm_history_row *row = wfm_history_set_push(&p->rows);
        if (!row)
            return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the intervals");
        wfm_status st = parse_row(json_array_get(list, i), i, c, row, err);
        if (st != WFM_OK)
            return st;
    }
    wfm_history_check_opts check;
    wfm_history_check_opts_init(&check);
    check.time_zone = c->time_zone;
    check.queues = (const char *const *)c->queues;
    check.n_queues = c->n_queues;
    check.first_row_number = 0;
    check.array = ROWS;
    wfm_status st = wfm_history_validate(p->rows.rows, n, &check, err);
    for (size_t i = 0; i < n && st == WFM_OK; i++)
        st = check_live_row(&p->rows.rows[i], i, c, p->as_of, err);
    return st;
}

static wfm_status parse_waiting(const json_t *waiting, const center_info *c, wfm_error *err)
{
    if (!waiting)
        return WFM_OK;
    if (!json_is_object(waiting))
        return bad_value(err, "realtime", "contacts_waiting", waiting, "an object queue -> count");
    const char *queue;
    const json_t *v;
    json_object_foreach((json_t *)waiting, queue, v) {
        char where[48];
        snprintf(where, sizeof where, "realtime.contacts_waiting");
        if (!known_queue(c, queue))
            return wfm_error_set(err, WFM_EINVAL, where, "%s: no queue '%.64s' in this center",
                                 where, queue);
        json_int_t n;
        wfm_status st = get_count(waiting, where, queue, &n, err);
        if (st != WFM_OK)
            return st;
    }
    return WFM_OK;
}

static wfm_status parse_snapshot(const json_t *rt, const center_info *c, actuals_post *p,
                                 wfm_error *err)
{
    if (!rt)
        return WFM_OK;
    if (!json_is_object(rt))
        return bad_value(err, "", "realtime", rt, "an object");
    p->has_snapshot = 1;
    p->taken_at = p->as_of;
    wfm_status st = json_object_get(rt, "taken_at")
                        ? get_time(rt, "realtime", "taken_at", &p->taken_at, err)
                        : WFM_OK;
    const json_t *agents = json_object_get(rt, "agents");
    if (st == WFM_OK && !json_is_object(agents))
        return bad_value(err, "realtime", "agents", agents,
                         "an object {logged_in, on_break, available}");
    if (st == WFM_OK)
        st = get_count(agents, "realtime.agents", "logged_in", &p->logged_in, err);
    if (st == WFM_OK)
        st = get_count(agents, "realtime.agents", "on_break", &p->on_break, err);
    if (st == WFM_OK)
        st = get_count(agents, "realtime.agents", "available", &p->available, err);
    if (st == WFM_OK && p->on_break + p->available > p->logged_in)
        return wfm_error_set(err, WFM_EINVAL, "realtime.agents",
                             "realtime.agents: on_break + available (%lld + %lld) exceeds "
                             "logged_in (%lld)", (long long)p->on_break,
                             (long long)p->available, (long long)p->logged_in);
    p->waiting = json_object_get(rt, "contacts_waiting");
    return st == WFM_OK ? parse_waiting(p->waiting, c, err) : st;
}

static wfm_status parse_post(const json_t *body, const center_info *c, actuals_post *p,
                             wfm_error *err)
{
    const json_t *list = json_object_get(body, "intervals");
    const json_t *rt = json_object_get(body, "realtime");
    if (!list && !rt)
        return wfm_error_set(err, WFM_EINVAL, "intervals",
                             "the body needs intervals, realtime or both");
    wfm_status st = parse_rows(list, c, p, err);
    return st == WFM_OK ? parse_snapshot(rt, c, p, err) : st;
}

/* ---- the database ------------------------------------------------------ */

static void center_info_free(center_info *c)
{
    for (size_t i = 0; i < c->n_queues; i++)
        free(c->queues[i]);
    free(c->queues);
}

/* The center's interval, time zone and queue ids. */
static wfm_status load_center_info(PGconn *db, const char *center, center_info *c,
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
static wfm_status store_rows(PGconn *db, const char *center, const center_info *c,
                             const actuals_post *p, wfm_error *err)
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

static wfm_status store_snapshot(PGconn *db, const char *center, const actuals_post *p,
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
static wfm_status ingest(PGconn *db, const char *center, const center_info *c,
                         const actuals_post *p, wfm_live_stored *plan, wfm_error *replan_err,
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

static void respond(const wfm_http_request *req, wfm_http_response *res, const actuals_post *p,
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
    actuals_post post = {.as_of = (int64_t)time(NULL)};
    wfm_history_set_init(&post.rows);
    center_info center = {0};
    wfm_live_stored plan = {0};
    PGconn *db = NULL;
    wfm_status st = json_object_get(body, "as_of")
                        ? get_time(body, "", "as_of", &post.as_of, &err)
                        : WFM_OK;
    if (st == WFM_OK)
        st = (db = wfm_db_acquire(req->server, &err)) ? WFM_OK : err.status;
    if (st == WFM_OK)
        st = wfm_live_cache_load(wfm_server_live_cache(req->server), db, &err);
    if (st == WFM_OK)
        st = load_center_info(db, req->params[0], &center, &err);
    if (st == WFM_OK)
        st = parse_post(body, &center, &post, &err);
    if (st == WFM_OK)
        st = ingest(db, req->params[0], &center, &post, &plan, &replan_err, &err);
    if (st == WFM_OK)
        respond(req, res, &post, &plan, &replan_err);
    else
        wfm_http_error_from(res, &err);
    wfm_db_release(req->server, db);
    free(plan.text);
    wfm_history_set_free(&post.rows);
    center_info_free(&center);
    json_decref(body);
}
