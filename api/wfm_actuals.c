/* wfm_actuals: the actuals body, read and checked (see wfm_actuals.h). */
#include "api/wfm_actuals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wfm_date.h"
#include "data/wfm_history_json.h"

#define MAX_FIELD_TEXT 80   /* how much of a bad value a message quotes */
#define ROWS "intervals"    /* the array errors name: intervals[3].offered */

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

static int known_queue(const wfm_actuals_center *c, const char *id)
{
    for (size_t i = 0; i < c->n_queues; i++)
        if (!strcmp(c->queues[i], id))
            return 1;
    return 0;
}

/* One element of intervals, field by field, by the history import's own
 * parser (data/wfm_history_json): the same values are accepted and
 * refused with the same words. interval_s may be left out: the center's. */
static wfm_status parse_row(const json_t *obj, size_t i, const wfm_actuals_center *c,
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
static wfm_status check_live_row(const wfm_history_row *r, size_t i, const wfm_actuals_center *c,
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
static wfm_status parse_rows(const json_t *list, const wfm_actuals_center *c, wfm_actuals_post *p,
                             wfm_error *err)
{
    if (!list)
        return WFM_OK;
    if (!json_is_array(list))
        return bad_value(err, "", ROWS, list, "an array");
    size_t n = json_array_size(list);
    if (n > WFM_ACTUALS_MAX_ROWS)
        return wfm_error_set(err, WFM_ETOOBIG, ROWS, "at most %d intervals per post (%zu)",
                             WFM_ACTUALS_MAX_ROWS, n);
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

static wfm_status parse_waiting(const json_t *waiting, const wfm_actuals_center *c, wfm_error *err)
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

static wfm_status parse_snapshot(const json_t *rt, const wfm_actuals_center *c, wfm_actuals_post *p,
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

wfm_status wfm_actuals_parse(const json_t *body, const wfm_actuals_center *c, wfm_actuals_post *p,
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

wfm_status wfm_actuals_as_of(const json_t *body, int64_t *as_of, wfm_error *err)
{
    return json_object_get(body, "as_of") ? get_time(body, "", "as_of", as_of, err) : WFM_OK;
}

void wfm_actuals_post_init(wfm_actuals_post *p, int64_t as_of)
{
    memset(p, 0, sizeof *p);
    p->as_of = as_of;
    wfm_history_set_init(&p->rows);
}

void wfm_actuals_post_free(wfm_actuals_post *p)
{
    wfm_history_set_free(&p->rows);
}
