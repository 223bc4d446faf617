/* wfm_history: rows of interval history, their field parsing and their
 * validation, shared by the CSV, JSON and sample paths (see wfm_history.h). */
#include "data/wfm_history.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/wfm_date.h"
#include "core/wfm_tz.h"

static const char *const column_names[WFM_HISTORY_NCOLUMNS] = {
    "queue", "interval_start", "interval_s", "offered",
    "answered", "abandoned", "handle_time_s", "wait_time_s",
};

void wfm_history_set_init(wfm_history_set *set)
{
    memset(set, 0, sizeof *set);
}

void wfm_history_set_free(wfm_history_set *set)
{
    free(set->rows);
    wfm_history_set_init(set);
}

wfm_history_row *wfm_history_set_push(wfm_history_set *set)
{
    if (set->n_rows == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 1024;
        wfm_history_row *grown = realloc(set->rows, cap * sizeof *grown);
        if (!grown)
            return NULL;
        set->rows = grown;
        set->cap = cap;
    }
    wfm_history_row *row = &set->rows[set->n_rows++];
    memset(row, 0, sizeof *row);
    return row;
}

const char *wfm_history_column_name(wfm_history_column column)
{
    return (unsigned)column < WFM_HISTORY_NCOLUMNS ? column_names[column] : "?";
}

int wfm_history_column_find(const char *name)
{
    for (int c = 0; c < WFM_HISTORY_NCOLUMNS; c++)
        if (!strcasecmp(name, column_names[c]))
            return c;
    return -1;
}

wfm_status wfm_history_row_error(wfm_error *err, size_t row_number, wfm_history_column column,
                                 const char *value, const char *what)
{
    return wfm_error_set(err, WFM_EINVAL, column_names[column], "row %zu, column %s: %s ('%.80s')",
                         row_number, column_names[column], what, value);
}

void wfm_history_error_locate(wfm_error *err, const char *array, size_t index)
{
    if (!err->field[0])
        return;
    char column[sizeof err->field], located[2 * sizeof err->field];
    snprintf(column, sizeof column, "%s", err->field);
    snprintf(located, sizeof located, "%s[%zu].%s", array, index, column);
    snprintf(err->field, sizeof err->field, "%.*s", (int)sizeof err->field - 1, located);
}

/* The shorter name inside this file. */
#define row_error wfm_history_row_error

/* Copies text without surrounding blanks into buf; false when too long. */
static bool trimmed(const char *text, char *buf, size_t size)
{
    while (isspace((unsigned char)*text))
        text++;
    size_t len = strlen(text);
    while (len && isspace((unsigned char)text[len - 1]))
        len--;
    if (len >= size)
        return false;
    memcpy(buf, text, len);
    buf[len] = '\0';
    return true;
}

static bool parse_count(const char *s, int64_t *out)
{
    if (!isdigit((unsigned char)*s))
        return false;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v > INT32_MAX)
        return false;
    *out = v;
    return true;
}

static bool parse_seconds(const char *s, double *out)
{
    if (!*s)
        return false;
    char *end;
    double v = strtod(s, &end);
    if (*end || !isfinite(v) || v < 0)
        return false;
    *out = v;
    return true;
}

static bool valid_queue_id(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return false;
    return true;
}

wfm_status wfm_history_field_parse(wfm_history_row *row, wfm_history_column column,
                                   const char *text, size_t row_number, wfm_error *err)
{
    char v[128];
    if (!trimmed(text, v, sizeof v))
        return row_error(err, row_number, column, text, "value too long");
    int64_t count;
    switch (column) {
    case WFM_HISTORY_QUEUE:
        if (strlen(v) >= sizeof row->queue || !valid_queue_id(v))
            return row_error(err, row_number, column, v,
                             "queue must be 1-63 letters, digits, '_' or '-'");
        strcpy(row->queue, v);
        return WFM_OK;
    case WFM_HISTORY_INTERVAL_START:
        if (!wfm_timestamp_parse(v, &row->interval_start))
            return row_error(err, row_number, column, v,
                             "not an ISO 8601 timestamp with a UTC offset "
                             "(e.g. 2026-01-05T08:15:00+08:00)");
        if (row->interval_start < WFM_HISTORY_FIRST_START
            || row->interval_start >= WFM_HISTORY_END_START)
            return row_error(err, row_number, column, v,
                             "interval_start must be from 1970 to 2199");
        return WFM_OK;
    case WFM_HISTORY_INTERVAL_S:
        if (!parse_count(v, &count) || (count != 900 && count != 1800 && count != 3600))
            return row_error(err, row_number, column, v, "interval_s must be 900, 1800 or 3600");
        row->interval_s = (int32_t)count;
        return WFM_OK;
    case WFM_HISTORY_OFFERED:
    case WFM_HISTORY_ANSWERED:
    case WFM_HISTORY_ABANDONED:
        if (!parse_count(v, &count))
            return row_error(err, row_number, column, v, "must be a whole number >= 0");
        *(column == WFM_HISTORY_OFFERED    ? &row->offered
          : column == WFM_HISTORY_ANSWERED ? &row->answered
                                           : &row->abandoned) = count;
        return WFM_OK;
    case WFM_HISTORY_HANDLE_TIME_S:
        if (!parse_seconds(v, &row->handle_time_s))
            return row_error(err, row_number, column, v, "must be a number of seconds >= 0");
        return WFM_OK;
    case WFM_HISTORY_WAIT_TIME_S:
        if (!parse_seconds(v, &row->wait_time_s))
            return row_error(err, row_number, column, v, "must be a number of seconds >= 0");
        return WFM_OK;
    default:
        return wfm_error_set(err, WFM_EINTERNAL, NULL, "unknown history column %d", (int)column);
    }
}

void wfm_history_check_opts_init(wfm_history_check_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->time_zone = "UTC";
    opts->first_row_number = 1;
}

static bool queue_known(const wfm_history_check_opts *opts, const char *queue)
{
    if (!opts->queues)
        return true;
    for (size_t i = 0; i < opts->n_queues; i++)
        if (!strcmp(opts->queues[i], queue))
            return true;
    return false;
}

static wfm_status check_row(const wfm_history_row *r, int32_t offset_s, size_t row_number,
                            const wfm_history_check_opts *opts, wfm_error *err)
{
    char v[64];
    if (!queue_known(opts, r->queue))
        return row_error(err, row_number, WFM_HISTORY_QUEUE, r->queue,
                         "unknown queue (not a queue of this center)");
    if (r->interval_s != 900 && r->interval_s != 1800 && r->interval_s != 3600) {
        snprintf(v, sizeof v, "%d", (int)r->interval_s);
        return row_error(err, row_number, WFM_HISTORY_INTERVAL_S, v,
                         "interval_s must be 900, 1800 or 3600");
    }
    if (r->offered < 0 || r->answered < 0 || r->abandoned < 0) {
        wfm_history_column c = r->offered < 0    ? WFM_HISTORY_OFFERED
                               : r->answered < 0 ? WFM_HISTORY_ANSWERED
                                                 : WFM_HISTORY_ABANDONED;
        return row_error(err, row_number, c, "negative", "must be a whole number >= 0");
    }
    if (r->answered + r->abandoned > r->offered) {
        snprintf(v, sizeof v, "%lld + %lld > %lld", (long long)r->answered,
                 (long long)r->abandoned, (long long)r->offered);
        return row_error(err, row_number, WFM_HISTORY_ANSWERED, v,
                         "answered + abandoned exceeds offered");
    }
    int64_t local = r->interval_start + offset_s;
    if (((local % r->interval_s) + r->interval_s) % r->interval_s != 0) {
        wfm_timestamp_format(r->interval_start, offset_s, v, sizeof v);
        char what[128];
        snprintf(what, sizeof what, "not on a %d-second boundary of local time in %s",
                 (int)r->interval_s, opts->time_zone);
        return row_error(err, row_number, WFM_HISTORY_INTERVAL_START, v, what);
    }
    return WFM_OK;
}

static int compare_queue_start(const void *a, const void *b, void *ctx)
{
    const wfm_history_row *rows = ctx;
    const wfm_history_row *x = &rows[*(const size_t *)a], *y = &rows[*(const size_t *)b];
    int c = strcmp(x->queue, y->queue);
    if (c)
        return c;
    if (x->interval_start != y->interval_start)
        return x->interval_start < y->interval_start ? -1 : 1;
    return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* After sorting by (queue, start), a row overlaps its successor when the
 * successor starts before it ends. */
static wfm_status check_overlaps(const wfm_history_row *rows, size_t n,
                                 const wfm_history_check_opts *opts, size_t *bad,
                                 wfm_error *err)
{
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!order)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory checking %zu rows", n);
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    qsort_r(order, n, sizeof *order, compare_queue_start, (void *)rows);
    wfm_status st = WFM_OK;
    for (size_t k = 1; k < n && st == WFM_OK; k++) {
        const wfm_history_row *prev = &rows[order[k - 1]], *cur = &rows[order[k]];
        if (strcmp(prev->queue, cur->queue)
            || cur->interval_start >= prev->interval_start + prev->interval_s)
            continue;
        size_t first = order[k - 1] < order[k] ? order[k - 1] : order[k];
        size_t second = order[k - 1] < order[k] ? order[k] : order[k - 1];
        char v[32], what[128];
        wfm_timestamp_format(rows[second].interval_start, 0, v, sizeof v);
        snprintf(what, sizeof what, "%s interval of queue %s overlaps row %zu",
                 prev->interval_start == cur->interval_start ? "duplicate" : "overlapping",
                 cur->queue, first + opts->first_row_number);
        st = row_error(err, second + opts->first_row_number, WFM_HISTORY_INTERVAL_START, v, what);
        *bad = second;
    }
    free(order);
    return st;
}

wfm_status wfm_history_validate(const wfm_history_row *rows, size_t n,
                                const wfm_history_check_opts *opts, wfm_error *err)
{
    wfm_history_check_opts defaults;
    if (!opts) {
        wfm_history_check_opts_init(&defaults);
        opts = &defaults;
    }
    if (n == 0)
        return WFM_OK;
    int64_t *starts = malloc(n * sizeof *starts);
    int32_t *offsets = malloc(n * sizeof *offsets);
    wfm_status st = WFM_OK;
    if (!starts || !offsets) {
        st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory checking %zu rows", n);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        starts[i] = rows[i].interval_start;
    st = wfm_tz_offsets(opts->time_zone, starts, n, offsets, err);
    size_t bad = 0; /* the row the failure names */
    for (size_t i = 0; i < n && st == WFM_OK; i++) {
        st = check_row(&rows[i], offsets[i], i + opts->first_row_number, opts, err);
        bad = i;
    }
    if (st == WFM_OK)
        st = check_overlaps(rows, n, opts, &bad, err);
    if (st == WFM_EINVAL && opts->array)
        wfm_history_error_locate(err, opts->array, bad);
done:
    free(starts);
    free(offsets);
    return st;
}
