/* wfm_uncertainty: overdispersed-count prediction intervals, see header. */
#include "forecast/wfm_uncertainty.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

#define MIN_ERRORS 20
/* A forecast of (nearly) zero still has a chance of a contact: the
 * variance function is evaluated at no less than this. */
#define MIN_VARIANCE_FORECAST 0.25

static int usable(double actual, double forecast)
{
    return !isnan(actual) && !isnan(forecast);
}

static double variance_at(const wfm_uncertainty *u, double f)
{
    f = fmax(f, MIN_VARIANCE_FORECAST);
    return fmax(u->a * f + u->b * f * f, 1e-9);
}

/* Least squares of e^2 on (f, f^2) without intercept, with a and b kept
 * >= 0 by refitting the one-term model when one comes out negative. */
static void fit_variance(const double *actual, const double *forecast, size_t n, wfm_uncertainty *u)
{
    double s11 = 0, s12 = 0, s22 = 0, t1 = 0, t2 = 0;
    for (size_t i = 0; i < n; i++) {
        if (!usable(actual[i], forecast[i]))
            continue;
        double f = fmax(forecast[i], MIN_VARIANCE_FORECAST), e2 = pow(actual[i] - forecast[i], 2);
        s11 += f * f;
        s12 += f * f * f;
        s22 += f * f * f * f;
        t1 += f * e2;
        t2 += f * f * e2;
    }
    double det = s11 * s22 - s12 * s12;
    u->a = det > 0 ? (t1 * s22 - t2 * s12) / det : 0;
    u->b = det > 0 ? (t2 * s11 - t1 * s12) / det : 0;
    if (u->b < 0 || det <= 0) {
        u->b = 0;
        u->a = s11 > 0 ? t1 / s11 : 1;
    } else if (u->a < 0) {
        u->a = 0;
        u->b = s22 > 0 ? t2 / s22 : 0;
    }
    if (u->a <= 0 && u->b <= 0)
        u->a = 1; /* all errors zero: fall back to Poisson */
}

wfm_status wfm_uncertainty_fit(const double *actual, const double *forecast, size_t n,
                               wfm_uncertainty *u, wfm_error *err)
{
    double *z = malloc((n ? n : 1) * sizeof *z);
    if (!z)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for interval calibration");
    fit_variance(actual, forecast, n, u);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (usable(actual[i], forecast[i]))
            z[m++] = (actual[i] - forecast[i]) / sqrt(variance_at(u, forecast[i]));
    if (m < MIN_ERRORS) {
        free(z);
        return wfm_error_set(err, WFM_EINVAL, "history",
                             "too few backtest errors to calibrate prediction intervals (%zu, need %d)",
                             m, MIN_ERRORS);
    }
    gsl_sort(z, 1, m);
    u->z_lo95 = gsl_stats_quantile_from_sorted_data(z, 1, m, 0.025);
    u->z_lo80 = gsl_stats_quantile_from_sorted_data(z, 1, m, 0.10);
    u->z_hi80 = gsl_stats_quantile_from_sorted_data(z, 1, m, 0.90);
    u->z_hi95 = gsl_stats_quantile_from_sorted_data(z, 1, m, 0.975);
    u->n = m;
    free(z);
    return WFM_OK;
}

wfm_bounds wfm_uncertainty_bounds(const wfm_uncertainty *u, double f)
{
    double sd = sqrt(variance_at(u, f));
    wfm_bounds b = {
        .lo80 = fmax(f + u->z_lo80 * sd, 0.0),
        .hi80 = fmax(f + u->z_hi80 * sd, 0.0),
        .lo95 = fmax(f + u->z_lo95 * sd, 0.0),
        .hi95 = fmax(f + u->z_hi95 * sd, 0.0),
    };
    return b;
}
