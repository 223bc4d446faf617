/* wfm_reforecast: gamma-Poisson day-level rescaling, see header. */
#include "forecast/wfm_reforecast.h"

#include <math.h>

void wfm_reforecast_opts_init(wfm_reforecast_opts *opts)
{
    opts->day_factor_cv = 0.10;
}

wfm_status wfm_reforecast_day(const double *forecast, const double *actual, size_t n_day,
                              size_t n_observed, const wfm_reforecast_opts *opts, double *out,
                              double *factor, wfm_error *err)
{
    if (n_observed > n_day)
        return wfm_error_set(err, WFM_EINVAL, "n_observed",
                             "observed intervals (%zu) exceed the day's intervals (%zu)",
                             n_observed, n_day);
    if (!(opts->day_factor_cv > 0) || !isfinite(opts->day_factor_cv))
        return wfm_error_set(err, WFM_EINVAL, "day_factor_cv", "day_factor_cv must be > 0 (%g)",
                             opts->day_factor_cv);
    for (size_t i = 0; i < n_day; i++)
        if (!isfinite(forecast[i]) || forecast[i] < 0)
            return wfm_error_set(err, WFM_EINVAL, "forecast",
                                 "interval %zu: forecast must be finite and >= 0 (%g)", i, forecast[i]);
    double seen = 0, expected = 0;
    for (size_t i = 0; i < n_observed; i++) {
        if (isnan(actual[i]))
            continue;
        seen += actual[i];
        expected += forecast[i];
    }
    double prior = 1.0 / (opts->day_factor_cv * opts->day_factor_cv);
    double r = (seen + prior) / (expected + prior);
    for (size_t i = 0; i < n_day; i++)
        out[i] = i < n_observed && !isnan(actual[i]) ? actual[i] : forecast[i] * (i < n_observed ? 1 : r);
    if (factor)
        *factor = r;
    return WFM_OK;
}
