/* wfm_backtest: rolling-origin evaluation of the forecasting models on one
 * queue's history (Tashman 2000, "Out-of-sample tests of forecasting
 * accuracy", IJF 16).
 *
 * Origins fall at local midnights, step_days apart, the newest one
 * horizon_days before the end of history. At each origin every model is
 * given only the history before it and forecasts horizon_days ahead. The
 * newer half of the origins (at most evaluation_origins) is scored: WAPE =
 * sum |error| / sum actual; MASE = mean absolute error / in-sample mean
 * absolute error of the one-week seasonal naive (Hyndman & Koehler 2006),
 * averaged over origins. The older origins' errors calibrate prediction
 * intervals (wfm_uncertainty) whose coverage is then counted on the scored
 * origins, so coverage is out of sample. Holt-Winters parameters are fitted
 * once, at the oldest origin. */
#ifndef WFM_BACKTEST_H
#define WFM_BACKTEST_H

#include "forecast/wfm_model.h"
#include "forecast/wfm_uncertainty.h"

typedef struct wfm_backtest_opts {
    int evaluation_origins;  /* scored origins (default 8) */
    int calibration_origins; /* older origins for interval calibration (default 8) */
    int step_days;           /* days between origins (default 7) */
    int horizon_days;        /* days forecast from each origin (default 7) */
    int min_history_days;    /* origins with less history before them are
                                skipped (default 21: what Holt-Winters needs) */
} wfm_backtest_opts;

typedef struct wfm_backtest_score {
    wfm_model model;
    int origins;         /* scored origins */
    size_t points;       /* scored intervals with an actual */
    double wape;         /* fraction, 0.1 = 10 % */
    double mase;
    double coverage80;   /* share of actuals inside the 80 % interval; NaN
                            when no older origin was left to calibrate on */
    double coverage95;
    wfm_uncertainty uncertainty; /* calibrated on all origins' errors */
} wfm_backtest_score;

typedef struct wfm_backtest_report {
    int n_scores;
    wfm_backtest_score scores[WFM_MODEL_COUNT - 1]; /* NAIVE, HW, REGRESSION */
    int horizon_days;
    int32_t first_origin_day, last_origin_day;  /* scored origins' days */
} wfm_backtest_report;

void wfm_backtest_opts_init(wfm_backtest_opts *opts);

/* Backtests every concrete model on history into report (caller-owned).
 * Returns WFM_EINVAL naming the days needed when history is too short for
 * even one origin. */
wfm_status wfm_backtest_run(const wfm_series *history, const wfm_model_opts *model_opts,
                            const wfm_backtest_opts *opts, wfm_backtest_report *report,
                            wfm_error *err);

/* The score of model in report, NULL when absent. */
const wfm_backtest_score *wfm_backtest_find(const wfm_backtest_report *report, wfm_model model);

#endif
