/* wfm_aht: contact-weighted handle-time profile, see header. */
#include "forecast/wfm_aht.h"

#include <math.h>
#include <stdlib.h>

/* Weighted sums per week slot, per day slot, and overall (last cell). */
typedef struct aht_sums {
    double *seconds;
    double *weight;
} aht_sums;

static void add(aht_sums *a, int k, double aht, double weight)
{
    a->seconds[k] += aht * weight;
    a->weight[k] += weight;
}

static double mean_or_nan(const aht_sums *a, int k)
{
    return a->weight[k] > 0 ? a->seconds[k] / a->weight[k] : NAN;
}

wfm_status wfm_aht_forecast(const wfm_series *history, int weeks, const wfm_series *future,
                            double *out, wfm_error *err)
{
    if (weeks < 1)
        return wfm_error_set(err, WFM_EINVAL, "aht_weeks", "aht_weeks must be >= 1 (%d)", weeks);
    int spd = wfm_series_slots_per_day(history);
    int day_base = 7 * spd, overall = 8 * spd, cells = 8 * spd + 1;
    aht_sums a = {calloc((size_t)cells, sizeof(double)), calloc((size_t)cells, sizeof(double))};
    if (!a.seconds || !a.weight) {
        free(a.seconds);
        free(a.weight);
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the AHT forecast");
    }
    size_t begin = history->n ? wfm_series_find_day(history, history->day[history->n - 1] + 1 - 7 * weeks) : 0;
    for (size_t i = begin; i < history->n; i++) {
        double aht = history->aht_s[i], y = history->offered[i];
        if (isnan(aht))
            continue;
        /* An interval with AHT but no recorded volume still counts once. */
        double weight = isnan(y) || y < 1 ? 1.0 : y;
        add(&a, wfm_series_week_slot(history, i), aht, weight);
        add(&a, day_base + history->slot[i], aht, weight);
        add(&a, overall, aht, weight);
    }
    for (size_t i = 0; i < future->n; i++) {
        double v = mean_or_nan(&a, wfm_series_week_slot(future, i));
        if (isnan(v))
            v = mean_or_nan(&a, day_base + future->slot[i]);
        out[i] = isnan(v) ? mean_or_nan(&a, overall) : v;
    }
    free(a.seconds);
    free(a.weight);
    return WFM_OK;
}
