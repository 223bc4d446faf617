/* wfm_hw: double-seasonal Holt-Winters exponential smoothing for intraday
 * arrivals (Taylor 2003, "Short-term electricity demand forecasting using
 * double seasonal exponential smoothing", JORS 54; applied to call arrivals
 * in Taylor 2008, "A comparison of univariate time series methods for
 * forecasting intraday arrivals at a call center", Management Science 54).
 *
 * State: a level L, a daily profile D[slot] and a weekly profile
 * W[weekday, slot]. Multiplicative form, with y the observation:
 *   L  <- alpha * y / (D W)    + (1 - alpha) * L
 *   D  <- delta * y / (L W)    + (1 - delta) * D
 *   W  <- omega * y / (L D)    + (1 - omega) * W
 *   forecast k steps ahead = L D W + phi^k e,  e = last one-step error
 * (the additive form replaces / by - and the products by sums). The AR(1)
 * term phi^k e is Taylor's adjustment for residual autocorrelation.
 *
 * The profiles are keyed by (weekday, wall-clock slot), so daylight-saving
 * days of 92 or 100 intervals need no special case. Days whose day_kind is
 * not normal (holidays and their neighbours) do not update the states: their
 * one-step forecasts instead give a per-kind factor (observed / forecast),
 * applied to future days of that kind.
 *
 * alpha, delta, omega and phi are fitted by minimizing the one-step sum of
 * squared errors over the last fit_weeks weeks of history with GSL's
 * Nelder-Mead simplex (gsl_multimin_fminimizer_nmsimplex2) on logit-
 * transformed parameters, so each stays in (0, 1). */
#ifndef WFM_HW_H
#define WFM_HW_H

#include "forecast/wfm_series.h"

typedef enum wfm_hw_form {
    WFM_HW_AUTO = 0,       /* fit both, keep the one with the smaller SSE */
    WFM_HW_MULTIPLICATIVE,
    WFM_HW_ADDITIVE
} wfm_hw_form;

typedef struct wfm_hw_opts {
    wfm_hw_form form;   /* default WFM_HW_AUTO */
    int ar1;            /* 1 (default): fit the AR(1) error adjustment; 0: phi = 0 */
    int init_weeks;     /* weeks averaged to start the states (default 2) */
    int fit_weeks;      /* weeks whose one-step SSE is minimized (default 12) */
    int max_iter;       /* simplex iterations per form (default 300) */
    double size_tol;    /* simplex size at which to stop (default 1e-3) */
} wfm_hw_opts;

/* Fitted smoothing parameters. */
typedef struct wfm_hw_params {
    wfm_hw_form form;   /* MULTIPLICATIVE or ADDITIVE after fitting */
    double alpha, delta, omega, phi;
    double sse;         /* one-step SSE over the fitting window */
} wfm_hw_params;

void wfm_hw_opts_init(wfm_hw_opts *opts);

/* Fits the parameters on history. Needs at least init_weeks + 1 weeks of
 * history (WFM_EINVAL otherwise, naming the days available). */
wfm_status wfm_hw_fit(const wfm_series *history, const wfm_hw_opts *opts, wfm_hw_params *params,
                      wfm_error *err);

/* Runs the smoothing over all of history with params and fills
 * out[0 .. future->n) with the forecasts of the intervals of future, which
 * must directly follow history. out is caller-owned. */
wfm_status wfm_hw_forecast(const wfm_series *history, const wfm_hw_opts *opts,
                           const wfm_hw_params *params, const wfm_series *future, double *out,
                           wfm_error *err);

#endif
