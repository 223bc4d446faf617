/* wfm_uncertainty: prediction intervals for offered counts, calibrated on
 * out-of-sample forecast errors (from a rolling-origin backtest).
 *
 * Arrival counts are Poisson-like but overdispersed: the error variance
 * grows with the forecast f as Var(e) = a f + b f^2 (the negative-binomial
 * variance function; a = 1, b = 0 is Poisson). a and b are fitted by least
 * squares of e^2 on (f, f^2), kept non-negative. The standardized errors
 * e / sqrt(a f + b f^2) are not assumed normal: the interval bounds use
 * their empirical 2.5, 10, 90 and 97.5 % quantiles, so skew carries over. */
#ifndef WFM_UNCERTAINTY_H
#define WFM_UNCERTAINTY_H

#include <stddef.h>

#include "core/wfm_error.h"

typedef struct wfm_uncertainty {
    double a, b;                    /* variance = a f + b f^2 */
    double z_lo95, z_lo80, z_hi80, z_hi95; /* standardized error quantiles */
    size_t n;                       /* errors it was calibrated on */
} wfm_uncertainty;

typedef struct wfm_bounds {
    double lo80, hi80, lo95, hi95;
} wfm_bounds;

/* Calibrates u from n pairs of actual and forecast (pairs with a NaN are
 * skipped). Needs at least 20 usable pairs (WFM_EINVAL otherwise). */
wfm_status wfm_uncertainty_fit(const double *actual, const double *forecast, size_t n,
                               wfm_uncertainty *u, wfm_error *err);

/* The 80 % and 95 % interval around forecast f, clipped at 0. */
wfm_bounds wfm_uncertainty_bounds(const wfm_uncertainty *u, double f);

#endif
