/* wfm_surge: consecutive intervals above the forecast's upper bound (see
 * wfm_surge.h). */
#include "models/wfm_surge.h"

#include <math.h>

void wfm_surge_opts_init(wfm_surge_opts *opts)
{
    opts->consecutive = 2;
}

static wfm_status check_bounds(const double *upper, size_t n, wfm_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(upper[i]) || upper[i] < 0)
            return wfm_error_set(err, WFM_EINVAL, "upper",
                                 "interval %zu: upper bound must be a finite number >= 0 (%g)",
                                 i, upper[i]);
    return WFM_OK;
}

wfm_status wfm_surge_detect(const double *actual, const double *upper, size_t n,
                            const wfm_surge_opts *opts, wfm_surge_alert *alert, int *found,
                            wfm_error *err)
{
    wfm_surge_opts defaults;
    if (!opts) {
        wfm_surge_opts_init(&defaults);
        opts = &defaults;
    }
    *found = 0;
    if (opts->consecutive < 1)
        return wfm_error_set(err, WFM_EINVAL, "consecutive",
                             "consecutive must be >= 1 (%zu)", opts->consecutive);
    wfm_status st = check_bounds(upper, n, err);
    if (st != WFM_OK)
        return st;
    /* Walk back from the latest interval while it stays above the bound
     * (a NaN compares false, so a missing interval ends the run). */
    size_t run = 0;
    double sum_actual = 0, sum_upper = 0;
    while (run < n && actual[n - 1 - run] > upper[n - 1 - run]) {
        sum_actual += actual[n - 1 - run];
        sum_upper += upper[n - 1 - run];
        run++;
    }
    if (run < opts->consecutive)
        return WFM_OK;
    *found = 1;
    alert->since = n - run;
    alert->intervals = run;
    alert->ratio = sum_upper > 0 ? sum_actual / sum_upper : INFINITY;
    alert->above = (sum_actual - sum_upper) / (double)run;
    return WFM_OK;
}
