/* wfm_series: allocation, views and validation of forecasting input. */
#include "forecast/wfm_series.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

wfm_series *wfm_series_create(size_t n, int32_t interval_s, wfm_error *err)
{
    if (interval_s <= 0 || 86400 % interval_s != 0) {
        wfm_error_set(err, WFM_EINVAL, "interval_s",
                      "interval_s must divide a day into whole intervals (%d)", (int)interval_s);
        return NULL;
    }
    wfm_series *s = calloc(1, sizeof *s);
    size_t m = n ? n : 1;
    if (s) {
        s->offered = malloc(m * sizeof *s->offered);
        s->aht_s = malloc(m * sizeof *s->aht_s);
        s->day = calloc(m, sizeof *s->day);
        s->slot = calloc(m, sizeof *s->slot);
        s->weekday = calloc(m, sizeof *s->weekday);
        s->day_kind = calloc(m, sizeof *s->day_kind);
    }
    if (!s || !s->offered || !s->aht_s || !s->day || !s->slot || !s->weekday || !s->day_kind) {
        wfm_series_delete(s);
        wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for a series of %zu intervals", n);
        return NULL;
    }
    s->n = n;
    s->interval_s = interval_s;
    for (size_t i = 0; i < n; i++)
        s->offered[i] = s->aht_s[i] = NAN;
    return s;
}

void wfm_series_delete(wfm_series *s)
{
    if (!s)
        return;
    free(s->offered);
    free(s->aht_s);
    free(s->day);
    free(s->slot);
    free(s->weekday);
    free(s->day_kind);
    free(s);
}

wfm_series wfm_series_view(const wfm_series *s, size_t begin, size_t count)
{
    assert(begin + count <= s->n);
    wfm_series v = *s;
    v.n = count;
    v.offered += begin;
    v.aht_s += begin;
    v.day += begin;
    v.slot += begin;
    v.weekday += begin;
    v.day_kind += begin;
    return v;
}

int wfm_series_slots_per_day(const wfm_series *s)
{
    return 86400 / s->interval_s;
}

int wfm_series_week_slot(const wfm_series *s, size_t i)
{
    return s->weekday[i] * wfm_series_slots_per_day(s) + s->slot[i];
}

static wfm_status check_features(const wfm_series *s, const char *name, size_t i, wfm_error *err)
{
    int spd = wfm_series_slots_per_day(s);
    if (s->slot[i] < 0 || s->slot[i] >= spd)
        return wfm_error_set(err, WFM_EINVAL, "slot", "%s interval %zu: slot %d is outside [0, %d)",
                             name, i, s->slot[i], spd);
    if (s->weekday[i] < 0 || s->weekday[i] > 6)
        return wfm_error_set(err, WFM_EINVAL, "weekday",
                             "%s interval %zu: weekday %d is outside 0 (Monday) .. 6 (Sunday)",
                             name, i, s->weekday[i]);
    if (s->day_kind[i] < 0 || s->day_kind[i] >= WFM_DAY_KINDS)
        return wfm_error_set(err, WFM_EINVAL, "day_kind", "%s interval %zu: day_kind %d is unknown",
                             name, i, s->day_kind[i]);
    if (i > 0 && s->day[i] < s->day[i - 1])
        return wfm_error_set(err, WFM_EINVAL, "day",
                             "%s interval %zu: day %d goes back in time (previous %d)",
                             name, i, (int)s->day[i], (int)s->day[i - 1]);
    return WFM_OK;
}

static wfm_status check_values(const wfm_series *s, const char *name, size_t i, wfm_error *err)
{
    double v = s->offered[i], a = s->aht_s[i];
    if (isinf(v) || v < 0)
        return wfm_error_set(err, WFM_EINVAL, "offered", "%s interval %zu: offered must be >= 0 (%g)",
                             name, i, v);
    if (isinf(a) || a <= 0)
        return wfm_error_set(err, WFM_EINVAL, "aht_s", "%s interval %zu: aht_s must be > 0 (%g)",
                             name, i, a);
    return WFM_OK;
}

wfm_status wfm_series_validate(const wfm_series *s, const char *name, wfm_error *err)
{
    if (s->interval_s <= 0 || 86400 % s->interval_s != 0)
        return wfm_error_set(err, WFM_EINVAL, "interval_s",
                             "%s: interval_s must divide a day into whole intervals (%d)", name,
                             (int)s->interval_s);
    for (size_t i = 0; i < s->n; i++) {
        wfm_status st = check_features(s, name, i, err);
        if (st == WFM_OK)
            st = check_values(s, name, i, err);
        if (st != WFM_OK)
            return st;
    }
    return WFM_OK;
}

size_t wfm_series_count_observed(const wfm_series *s)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        k += !isnan(s->offered[i]);
    return k;
}

size_t wfm_series_find_day(const wfm_series *s, int32_t day)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->day[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int wfm_series_days_spanned(const wfm_series *s)
{
    return s->n ? s->day[s->n - 1] - s->day[0] + 1 : 0;
}
