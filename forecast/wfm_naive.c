/* wfm_naive: seasonal naive forecast and the MASE scale. */
#include "forecast/wfm_naive.h"

#include <math.h>
#include <stdlib.h>

/* Latest observed value per week slot and per day slot, NaN when none. */
typedef struct latest_values {
    double *by_week_slot;
    double *by_day_slot;
} latest_values;

static wfm_status latest_values_collect(const wfm_series *s, latest_values *lv, wfm_error *err)
{
    int spd = wfm_series_slots_per_day(s);
    lv->by_week_slot = malloc(7 * (size_t)spd * sizeof(double));
    lv->by_day_slot = malloc((size_t)spd * sizeof(double));
    if (!lv->by_week_slot || !lv->by_day_slot)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the naive forecast");
    for (int k = 0; k < 7 * spd; k++)
        lv->by_week_slot[k] = NAN;
    for (int k = 0; k < spd; k++)
        lv->by_day_slot[k] = NAN;
    for (size_t i = 0; i < s->n; i++) {
        if (isnan(s->offered[i]))
            continue;
        lv->by_week_slot[wfm_series_week_slot(s, i)] = s->offered[i];
        lv->by_day_slot[s->slot[i]] = s->offered[i];
    }
    return WFM_OK;
}

static void latest_values_free(latest_values *lv)
{
    free(lv->by_week_slot);
    free(lv->by_day_slot);
}

wfm_status wfm_naive_forecast(const wfm_series *history, const wfm_series *future, double *out,
                              wfm_error *err)
{
    if (wfm_series_count_observed(history) == 0)
        return wfm_error_set(err, WFM_EINVAL, "offered",
                             "history has no observed offered value (all %zu intervals missing)",
                             history->n);
    latest_values lv = {0};
    wfm_status st = latest_values_collect(history, &lv, err);
    for (size_t i = 0; st == WFM_OK && i < future->n; i++) {
        double v = lv.by_week_slot[wfm_series_week_slot(future, i)];
        if (isnan(v))
            v = lv.by_day_slot[future->slot[i]];
        out[i] = isnan(v) ? 0.0 : v;
    }
    latest_values_free(&lv);
    return st;
}

double wfm_naive_scale(const wfm_series *history)
{
    int spd = wfm_series_slots_per_day(history);
    double *last = malloc(7 * (size_t)spd * sizeof *last);
    if (!last)
        return NAN;
    for (int k = 0; k < 7 * spd; k++)
        last[k] = NAN;
    double sum = 0;
    size_t count = 0;
    for (size_t i = 0; i < history->n; i++) {
        double y = history->offered[i];
        if (isnan(y))
            continue;
        int ws = wfm_series_week_slot(history, i);
        if (!isnan(last[ws])) {
            sum += fabs(y - last[ws]);
            count++;
        }
        last[ws] = y;
    }
    free(last);
    return count ? sum / (double)count : NAN;
}
