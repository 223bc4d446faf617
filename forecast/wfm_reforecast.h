/* wfm_reforecast: intraday reforecast of the rest of today from the
 * actuals so far.
 *
 * The day's level is treated as an unknown factor r on the forecast, with a
 * gamma prior of mean 1 and coefficient of variation cv (how much whole
 * days miss their forecast); given Poisson arrivals, the posterior mean
 * after A contacts against F forecast so far is (A + k) / (F + k) with
 * k = 1 / cv^2 (gamma-Poisson conjugacy). Early in the day F is small and
 * the factor stays near 1; as the day is observed it moves to A / F. The
 * rest of the day is the forecast times that factor. */
#ifndef WFM_REFORECAST_H
#define WFM_REFORECAST_H

#include <stddef.h>

#include "core/wfm_error.h"

typedef struct wfm_reforecast_opts {
    double day_factor_cv;   /* default 0.10: days miss by about 10 % */
} wfm_reforecast_opts;

void wfm_reforecast_opts_init(wfm_reforecast_opts *opts);

/* forecast[0 .. n_day) is the day's forecast, actual[0 .. n_observed) the
 * intervals seen so far (NaN = missing, skipped). Fills out[0 .. n_day)
 * (caller-owned): the actuals (or the forecast where missing) up to
 * n_observed, the rescaled forecast after. *factor (may be NULL) receives
 * the factor. WFM_EINVAL for n_observed > n_day, cv <= 0, or a negative
 * or non-finite forecast. */
wfm_status wfm_reforecast_day(const double *forecast, const double *actual, size_t n_day,
                              size_t n_observed, const wfm_reforecast_opts *opts, double *out,
                              double *factor, wfm_error *err);

#endif
