/* wfm_actuals: the actuals body, read and checked (see wfm_actuals.h). */
#include "api/wfm_actuals.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wfm_date.h"

#define MAX_FIELD_TEXT 80 /* how much of a bad value a message quotes */

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

static wfm_status get_seconds(const json_t *obj, const char *where, const char *key,
                              double *out, wfm_error *err)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_number(v) || !isfinite(json_number_value(v)) || json_number_value(v) < 0)
        return bad_value(err, where, key, v, "a number of seconds >= 0");
    *out = json_number_value(v);
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

static wfm_status get_queue(const json_t *obj, const char *where, const char *key,
                            const wfm_actuals_center *c, const char **out, wfm_error *err)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_string(v) || !json_string_length(v))
        return bad_value(err, where, key, v, "a queue id");
    if (!known_queue(c, json_string_value(v))) {
        char field[64];
        snprintf(field, sizeof field, "%s.%s", where, key);
        return wfm_error_set(err, WFM_ENOTFOUND, field, "%s: no queue '%.64s' in this center",
                             field, json_string_value(v));
    }
    *out = json_string_value(v);
    return WFM_OK;
}

/* The checks across fields of one row. */
static wfm_status check_row(const wfm_actual_row *r, const char *where, const wfm_actuals_center *c,
                            int64_t as_of, wfm_error *err)
{
    char field[64];
    snprintf(field, sizeof field, "%s.interval_start", where);
    if ((r->start + c->utc_offset_s) % c->interval_s)
        return wfm_error_set(err, WFM_EINVAL, field,
                             "%s must start an interval of %d s on the center's clock", field,
                             c->interval_s);
    if (r->start + c->interval_s > as_of)
        return wfm_error_set(err, WFM_EINVAL, field,
                             "%s: the interval has not ended by as_of", field);
    if (r->answered + r->abandoned > r->offered) {
        snprintf(field, sizeof field, "%s.answered", where);
        return wfm_error_set(err, WFM_EINVAL, field,
                             "%s: answered + abandoned (%lld + %lld) exceeds offered (%lld)",
                             where, (long long)r->answered, (long long)r->abandoned,
                             (long long)r->offered);
    }
    return WFM_OK;
}

static wfm_status parse_row(const json_t *obj, size_t i, const wfm_actuals_center *c, int64_t as_of,
                            wfm_actual_row *r, wfm_error *err)
{
    char where[32];
    snprintf(where, sizeof where, "intervals[%zu]", i);
    if (!json_is_object(obj))
        return bad_value(err, "", where, obj, "an object");
    const json_t *len = json_object_get(obj, "interval_s");
    if (len && (!json_is_integer(len) || json_integer_value(len) != c->interval_s)) {
        char expected[48];
        snprintf(expected, sizeof expected, "the center's interval, %d", c->interval_s);
        return bad_value(err, where, "interval_s", len, expected);
    }
    wfm_status st = get_queue(obj, where, "queue", c, &r->queue, err);
    if (st == WFM_OK)
        st = get_time(obj, where, "interval_start", &r->start, err);
    if (st == WFM_OK)
        st = get_count(obj, where, "offered", &r->offered, err);
    if (st == WFM_OK)
        st = get_count(obj, where, "answered", &r->answered, err);
    if (st == WFM_OK)
        st = get_count(obj, where, "abandoned", &r->abandoned, err);
    if (st == WFM_OK)
        st = get_seconds(obj, where, "handle_time_s", &r->handle_time_s, err);
    if (st == WFM_OK)
        st = get_seconds(obj, where, "wait_time_s", &r->wait_time_s, err);
    return st == WFM_OK ? check_row(r, where, c, as_of, err) : st;
}

static wfm_status check_duplicates(const wfm_actual_row *rows, size_t n, wfm_error *err)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (rows[i].start == rows[j].start && !strcmp(rows[i].queue, rows[j].queue)) {
                char field[64];
                snprintf(field, sizeof field, "intervals[%zu].interval_start", i);
                return wfm_error_set(err, WFM_EINVAL, field,
                                     "intervals[%zu] repeats queue '%s' and interval_start of "
                                     "intervals[%zu]", i, rows[i].queue, j);
            }
    return WFM_OK;
}

static wfm_status parse_rows(const json_t *list, const wfm_actuals_center *c, wfm_actuals_post *p,
                             wfm_error *err)
{
    if (!list)
        return WFM_OK;
    if (!json_is_array(list))
        return bad_value(err, "", "intervals", list, "an array");
    p->n_rows = json_array_size(list);
    if (p->n_rows > WFM_ACTUALS_MAX_ROWS)
        return wfm_error_set(err, WFM_ELIMIT, "intervals",
                             "at most %d intervals per post (%zu)", WFM_ACTUALS_MAX_ROWS, p->n_rows);
    p->rows = calloc(p->n_rows ? p->n_rows : 1, sizeof *p->rows);
    if (!p->rows)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the intervals");
    for (size_t i = 0; i < p->n_rows; i++) {
        wfm_status st = parse_row(json_array_get(list, i), i, c, p->as_of, &p->rows[i], err);
        if (st != WFM_OK)
            return st;
    }
    return check_duplicates(p->rows, p->n_rows, err);
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
            return wfm_error_set(err, WFM_ENOTFOUND, where, "%s: no queue '%.64s' in this center",
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

void wfm_actuals_post_free(wfm_actuals_post *p)
{
    free(p->rows);
    p->rows = NULL;
    p->n_rows = 0;
}
