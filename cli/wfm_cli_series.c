/* wfm_cli_series: series and future grids from history rows, see header. */
#include "cli/wfm_cli_series.h"

#include <math.h>
#include <string.h>

/* Twenty years of 15-minute intervals: more is a malformed file. */
#define MAX_GRID_INTERVALS (20L * 366 * 96)

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

wfm_cli_features wfm_cli_interval_features(int64_t utc, int32_t interval_s, int32_t utc_offset_s)
{
    int64_t local = utc + utc_offset_s, day = floor_div(local, 86400);
    wfm_cli_features f = {
        .day = (int32_t)day,
        .slot = (int16_t)((local - day * 86400) / interval_s),
        .weekday = (int8_t)(((day + 3) % 7 + 7) % 7), /* 1970-01-01 was a Thursday */
        .day_kind = WFM_DAY_NORMAL,                   /* no holiday calendar yet */
    };
    return f;
}

static void set_features(wfm_series *s, size_t i, int64_t utc, int32_t offset)
{
    wfm_cli_features f = wfm_cli_interval_features(utc, s->interval_s, offset);
    s->day[i] = f.day;
    s->slot[i] = f.slot;
    s->weekday[i] = f.weekday;
    s->day_kind[i] = f.day_kind;
}

/* First and last start and the interval length of queue's rows. */
static wfm_status queue_extent(const wfm_cli_history *h, const char *queue, int64_t *first,
                               int64_t *last, int32_t *interval_s, int32_t *offset, wfm_error *err)
{
    int found = 0;
    for (size_t r = 0; r < h->n; r++) {
        const wfm_history_row *row = &h->rows[r];
        if (strcmp(row->queue, queue))
            continue;
        if (!found) {
            *first = *last = row->interval_start;
            *interval_s = row->interval_s;
            *offset = h->utc_offset_s[r];
            found = 1;
        }
        if (row->interval_s != *interval_s)
            return wfm_error_set(err, WFM_EINVAL, "interval_s",
                                 "queue %s: row %zu has interval_s %d, earlier rows %d", queue,
                                 r + 1, (int)row->interval_s, (int)*interval_s);
        *first = row->interval_start < *first ? row->interval_start : *first;
        *last = row->interval_start > *last ? row->interval_start : *last;
    }
    if (!found)
        return wfm_error_set(err, WFM_ENOTFOUND, "queue", "no history rows for queue %s", queue);
    if (*interval_s <= 0 || 86400 % *interval_s)
        return wfm_error_set(err, WFM_EINVAL, "interval_s",
                             "queue %s: interval_s must divide a day (%d)", queue, (int)*interval_s);
    if ((*last - *first) / *interval_s >= MAX_GRID_INTERVALS)
        return wfm_error_set(err, WFM_ELIMIT, "interval_start",
                             "queue %s: history spans more than %ld intervals", queue, MAX_GRID_INTERVALS);
    return WFM_OK;
}

static wfm_status place_row(wfm_series *s, const wfm_history_row *row, int64_t first, size_t r,
                            wfm_error *err)
{
    int64_t offset_in_grid = row->interval_start - first;
    if (offset_in_grid % s->interval_s)
        return wfm_error_set(err, WFM_EINVAL, "interval_start",
                             "row %zu: queue %s interval_start is off the %d-second grid", r + 1,
                             row->queue, (int)s->interval_s);
    size_t i = (size_t)(offset_in_grid / s->interval_s);
    if (!isnan(s->offered[i]))
        return wfm_error_set(err, WFM_EINVAL, "interval_start",
                             "row %zu: queue %s has this interval_start twice", r + 1, row->queue);
    s->offered[i] = (double)row->offered;
    s->aht_s[i] = row->answered > 0 && row->handle_time_s > 0
                      ? row->handle_time_s / (double)row->answered
                      : NAN;
    return WFM_OK;
}

wfm_status wfm_cli_series_build(const wfm_cli_history *h, const char *queue, wfm_series **out,
                                int64_t *first_utc, int32_t *utc_offset_s, wfm_error *err)
{
    int64_t first = 0, last = 0;
    int32_t interval_s = 0;
    *out = NULL;
    wfm_status st = queue_extent(h, queue, &first, &last, &interval_s, utc_offset_s, err);
    if (st != WFM_OK)
        return st;
    wfm_series *s = wfm_series_create((size_t)((last - first) / interval_s + 1), interval_s, err);
    if (!s)
        return err->status;
    for (size_t i = 0; i < s->n; i++)
        set_features(s, i, first + (int64_t)i * interval_s, *utc_offset_s);
    for (size_t r = 0; st == WFM_OK && r < h->n; r++)
        if (!strcmp(h->rows[r].queue, queue))
            st = place_row(s, &h->rows[r], first, r, err);
    if (st != WFM_OK) {
        wfm_series_delete(s);
        return st;
    }
    *first_utc = first;
    *out = s;
    return WFM_OK;
}

wfm_status wfm_cli_future_build(int64_t last_utc, int32_t interval_s, int32_t utc_offset_s,
                                int horizon_days, wfm_series **out, wfm_error *err)
{
    size_t n = (size_t)horizon_days * (size_t)(86400 / interval_s);
    *out = wfm_series_create(n, interval_s, err);
    if (!*out)
        return err->status;
    for (size_t i = 0; i < n; i++)
        set_features(*out, i, last_utc + (int64_t)(i + 1) * interval_s, utc_offset_s);
    return WFM_OK;
}
