/* wfm_regression: a linear regression on calendar effects, fitted by
 * ordinary least squares with GSL.
 *
 * Model, on the log scale z = log(y + 1), so growth, the annual cycle and
 * holidays act multiplicatively on every interval's volume:
 *   z = profile[weekday, slot]                     one per interval of week
 *     + trend * (day - reference_day) / 365
 *     + sum_k a_k sin(2 pi k day / 365.2425) + b_k cos(...)   annual cycle
 *     + effect[day_kind, block of the day]         holidays, their neighbours
 * The profile has 7 x slots_per_day dummy columns; they are absorbed by
 * demeaning within each interval of the week (Frisch-Waugh-Lovell), so only
 * the few dense columns go through the normal equations, solved with GSL's
 * SVD (gsl_linalg_SV_decomp, singular values below 1e-10 of the largest
 * dropped, so a day kind absent from the window does no harm). The forecast
 * is back-transformed with Duan's (1983, JASA 78) smearing estimate per
 * interval of the week: E[y] = exp(mu) * mean(exp(residual)) - 1. */
#ifndef WFM_REGRESSION_H
#define WFM_REGRESSION_H

#include "forecast/wfm_series.h"

typedef struct wfm_regression_opts {
    int fit_weeks;      /* most recent weeks fitted (default 104) */
    int fourier_terms;  /* annual harmonics (default 2); used only when the
                           window spans at least min_days_annual days */
    int min_days_annual;/* default 546 (1.5 years) */
    int day_blocks;     /* day_kind effects per block of the day (default 4) */
} wfm_regression_opts;

void wfm_regression_opts_init(wfm_regression_opts *opts);

/* Fits on history and fills out[0 .. future->n) (caller-owned) with the
 * expected offered counts of future's intervals. Needs at least 14 days of
 * history with observations (WFM_EINVAL otherwise). */
wfm_status wfm_regression_forecast(const wfm_series *history, const wfm_regression_opts *opts,
                                   const wfm_series *future, double *out, wfm_error *err);

#endif
