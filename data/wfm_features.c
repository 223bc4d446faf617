/* wfm_features: history rows -> forecast series with local calendar
 * features (see wfm_features.h). */
#include "data/wfm_features.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/wfm_date.h"
#include "core/wfm_tz.h"

/* Twenty years of 15-minute intervals: more is a malformed input. */
#define MAX_GRID_INTERVALS (20L * 366 * 96)

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

wfm_status wfm_features_fill(wfm_series *s, int64_t first_utc, const wfm_features_ctx *ctx,
                             wfm_error *err)
{
    int64_t *utc = malloc((s->n ? s->n : 1) * sizeof *utc);
    int32_t *offset = malloc((s->n ? s->n : 1) * sizeof *offset);
    wfm_status st = utc && offset ? WFM_OK : wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; st == WFM_OK && i < s->n; i++)
        utc[i] = first_utc + (int64_t)i * s->interval_s;
    if (st == WFM_OK)
        st = wfm_tz_offsets(ctx->time_zone, utc, s->n, offset, err);
    for (size_t i = 0; st == WFM_OK && i < s->n; i++) {
        int64_t local = utc[i] + offset[i], day = floor_div(local, 86400);
        s->day[i] = (int32_t)day;
        s->slot[i] = (int16_t)((local - day * 86400) / s->interval_s);
        s->weekday[i] = (int8_t)(wfm_date_weekday((int32_t)day) - 1);
        s->day_kind[i] = (int8_t)(ctx->calendar ? wfm_calendar_day_kind(ctx->calendar, (int32_t)day)
                                                : WFM_DAY_NORMAL);
    }
    free(utc);
    free(offset);
    return st;
}

/* First and last start and the interval length of queue's rows. */
static wfm_status queue_extent(const wfm_history_row *rows, size_t n, const char *queue,
                               int64_t *first, int64_t *last, int32_t *interval_s, wfm_error *err)
{
    int found = 0;
    for (size_t r = 0; r < n; r++) {
        const wfm_history_row *row = &rows[r];
        if (strcmp(row->queue, queue))
            continue;
        if (!found) {
            *first = *last = row->interval_start;
            *interval_s = row->interval_s;
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
    if (*interval_s <= 0 || 3600 % *interval_s)
        return wfm_error_set(err, WFM_EINVAL, "interval_s",
                             "queue %s: interval_s must divide an hour (%d)", queue, (int)*interval_s);
    if ((*last - *first) / *interval_s >= MAX_GRID_INTERVALS)
        return wfm_error_set(err, WFM_ETOOBIG, "interval_start",
                             "queue %s: history spans more than %ld intervals", queue,
                             MAX_GRID_INTERVALS);
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

wfm_status wfm_features_history(const wfm_history_row *rows, size_t n, const char *queue,
                                const wfm_features_ctx *ctx, wfm_series **out,
                                int64_t *first_utc, wfm_error *err)
{
    int64_t first = 0, last = 0;
    int32_t interval_s = 0;
    *out = NULL;
    wfm_status st = queue_extent(rows, n, queue, &first, &last, &interval_s, err);
    if (st != WFM_OK)
        return st;
    wfm_series *s = wfm_series_create((size_t)((last - first) / interval_s + 1), interval_s, err);
    if (!s)
        return err->status;
    st = wfm_features_fill(s, first, ctx, err);
    for (size_t r = 0; st == WFM_OK && r < n; r++)
        if (!strcmp(rows[r].queue, queue))
            st = place_row(s, &rows[r], first, r, err);
    if (st != WFM_OK) {
        wfm_series_delete(s);
        return st;
    }
    *first_utc = first;
    *out = s;
    return WFM_OK;
}

wfm_status wfm_features_grid(int64_t from_utc, int64_t to_utc, int32_t interval_s,
                             const wfm_features_ctx *ctx, wfm_series **out, wfm_error *err)
{
    *out = NULL;
    if (interval_s <= 0 || to_utc <= from_utc)
        return wfm_error_set(err, WFM_EINVAL, "to", "the grid ends (%lld) before it starts (%lld)",
                             (long long)to_utc, (long long)from_utc);
    size_t n = (size_t)((to_utc - from_utc + interval_s - 1) / interval_s);
    wfm_series *s = wfm_series_create(n, interval_s, err);
    if (!s)
        return err->status;
    wfm_status st = wfm_features_fill(s, from_utc, ctx, err);
    if (st != WFM_OK) {
        wfm_series_delete(s);
        return st;
    }
    *out = s;
    return WFM_OK;
}

wfm_status wfm_features_horizon_end(int64_t utc, int days, const char *time_zone,
                                    int64_t *end_utc, wfm_error *err)
{
    wfm_local_time lt;
    wfm_status st = wfm_tz_local(time_zone, utc, &lt, err);
    if (st != WFM_OK)
        return st;
    return wfm_tz_day(time_zone, lt.day + days + 1, 900, end_utc, NULL, err);
}

wfm_status wfm_features_queues(const wfm_history_row *rows, size_t n, const char ***names,
                               size_t *n_names, wfm_error *err)
{
    const char **list = malloc((n ? n : 1) * sizeof *list);
    *names = NULL;
    *n_names = 0;
    if (!list)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
    size_t count = 0;
    for (size_t r = 0; r < n; r++) {
        size_t k = 0;
        while (k < count && strcmp(list[k], rows[r].queue))
            k++;
        if (k == count)
            list[count++] = rows[r].queue;
    }
    *names = list;
    *n_names = count;
    return WFM_OK;
}
