/* wfm_forecast: one queue's offered-volume and handle-time forecast with
 * 80 % and 95 % prediction intervals, the model chosen by backtest.
 *
 * Steps: backtest every model on the history (wfm_backtest); pick the
 * requested model or, for AUTO, the one with the lowest scored WAPE; refit
 * it on all of history and forecast the future grid; put the intervals of
 * that model's backtest calibration around it (wfm_uncertainty); forecast
 * AHT from the recent handle-time profile (wfm_aht). */
#ifndef WFM_FORECAST_H
#define WFM_FORECAST_H

#include "forecast/wfm_backtest.h"
#include "forecast/wfm_model.h"
#include "forecast/wfm_series.h"

#define WFM_FORECAST_MAX_HORIZON_DAYS 56

typedef struct wfm_forecast_opts {
    wfm_model model;            /* default WFM_MODEL_AUTO */
    wfm_model_opts models;
    wfm_backtest_opts backtest; /* horizon_days 0 (default): the forecast's
                                   horizon in days, at least 7 */
    int aht_weeks;              /* AHT profile window (default 8) */
} wfm_forecast_opts;

typedef struct wfm_forecast {
    size_t n;                   /* = future->n */
    double *offered;            /* expected contacts per interval */
    double *lo80, *hi80, *lo95, *hi95;
    double *aht_s;              /* NaN when history has no handle time */
    wfm_model model;            /* the model used (never AUTO) */
    wfm_backtest_report backtest;
} wfm_forecast;

void wfm_forecast_opts_init(wfm_forecast_opts *opts);

/* Forecasts the intervals of future (its features set, offered ignored)
 * from history. Both must validate (wfm_series_validate), share interval_s,
 * and future must start on or after history's last day and span 1 to
 * WFM_FORECAST_MAX_HORIZON_DAYS days. Returns NULL and fills err on bad
 * input (naming field and value) or too little history. The caller owns the
 * result and frees it with wfm_forecast_delete. */
wfm_forecast *wfm_forecast_run(const wfm_series *history, const wfm_series *future,
                               const wfm_forecast_opts *opts, wfm_error *err);

void wfm_forecast_delete(wfm_forecast *f);

#endif
