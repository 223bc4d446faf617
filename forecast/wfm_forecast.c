/* wfm_forecast: backtest, choose, forecast, intervals, AHT. */
#include "forecast/wfm_forecast.h"

#include <math.h>
#include <stdlib.h>

#include "forecast/wfm_aht.h"

void wfm_forecast_opts_init(wfm_forecast_opts *opts)
{
    opts->model = WFM_MODEL_AUTO;
    wfm_model_opts_init(&opts->models);
    wfm_backtest_opts_init(&opts->backtest);
    opts->backtest.horizon_days = 0;
    opts->aht_weeks = 8;
}

static wfm_forecast *forecast_alloc(size_t n)
{
    wfm_forecast *f = calloc(1, sizeof *f);
    size_t m = n ? n : 1;
    if (!f)
        return NULL;
    f->n = n;
    f->offered = malloc(m * sizeof(double));
    f->lo80 = malloc(m * sizeof(double));
    f->hi80 = malloc(m * sizeof(double));
    f->lo95 = malloc(m * sizeof(double));
    f->hi95 = malloc(m * sizeof(double));
    f->aht_s = malloc(m * sizeof(double));
    if (!f->offered || !f->lo80 || !f->hi80 || !f->lo95 || !f->hi95 || !f->aht_s) {
        wfm_forecast_delete(f);
        return NULL;
    }
    return f;
}

void wfm_forecast_delete(wfm_forecast *f)
{
    if (!f)
        return;
    free(f->offered);
    free(f->lo80);
    free(f->hi80);
    free(f->lo95);
    free(f->hi95);
    free(f->aht_s);
    free(f);
}

static wfm_status check_inputs(const wfm_series *history, const wfm_series *future,
                               const wfm_forecast_opts *opts, wfm_error *err)
{
    wfm_status st = wfm_series_validate(history, "history", err);
    if (st == WFM_OK)
        st = wfm_series_validate(future, "future", err);
    if (st != WFM_OK)
        return st;
    if (opts->model < 0 || opts->model >= WFM_MODEL_COUNT)
        return wfm_error_set(err, WFM_EINVAL, "model", "model code %d is unknown", (int)opts->model);
    if (future->interval_s != history->interval_s)
        return wfm_error_set(err, WFM_EINVAL, "interval_s",
                             "future interval_s (%d) differs from history's (%d)",
                             (int)future->interval_s, (int)history->interval_s);
    if (history->n == 0 || wfm_series_count_observed(history) == 0)
        return wfm_error_set(err, WFM_EINVAL, "offered",
                             "history has no observed offered value (%zu intervals, all missing)",
                             history->n);
    int days = wfm_series_days_spanned(future);
    if (days < 1 || days > WFM_FORECAST_MAX_HORIZON_DAYS)
        return wfm_error_set(err, WFM_EINVAL, "horizon",
                             "the forecast horizon must span 1 to %d days (%d)",
                             WFM_FORECAST_MAX_HORIZON_DAYS, days);
    if (future->day[0] < history->day[history->n - 1])
        return wfm_error_set(err, WFM_EINVAL, "future",
                             "future starts on day %d, before history ends (day %d)",
                             (int)future->day[0], (int)history->day[history->n - 1]);
    return WFM_OK;
}

static wfm_model choose_model(const wfm_forecast_opts *opts, const wfm_backtest_report *report)
{
    if (opts->model != WFM_MODEL_AUTO)
        return opts->model;
    wfm_model best = WFM_MODEL_NAIVE;
    double best_wape = INFINITY;
    for (int k = 0; k < report->n_scores; k++)
        if (report->scores[k].wape < best_wape) {
            best_wape = report->scores[k].wape;
            best = report->scores[k].model;
        }
    return best;
}

static wfm_status forecast_fill(wfm_forecast *f, const wfm_series *history,
                                const wfm_series *future, const wfm_forecast_opts *opts,
                                wfm_error *err)
{
    wfm_backtest_opts bt = opts->backtest;
    if (bt.horizon_days <= 0) {
        int days = wfm_series_days_spanned(future);
        bt.horizon_days = days < 7 ? 7 : days;
    }
    wfm_status st = wfm_backtest_run(history, &opts->models, &bt, &f->backtest, err);
    if (st != WFM_OK)
        return st;
    f->model = choose_model(opts, &f->backtest);
    st = wfm_model_predict(f->model, &opts->models, NULL, history, future, f->offered, err);
    if (st != WFM_OK)
        return st;
    const wfm_uncertainty *u = &wfm_backtest_find(&f->backtest, f->model)->uncertainty;
    for (size_t i = 0; i < f->n; i++) {
        wfm_bounds b = wfm_uncertainty_bounds(u, f->offered[i]);
        f->lo80[i] = b.lo80;
        f->hi80[i] = b.hi80;
        f->lo95[i] = b.lo95;
        f->hi95[i] = b.hi95;
    }
    return wfm_aht_forecast(history, opts->aht_weeks, future, f->aht_s, err);
}

wfm_forecast *wfm_forecast_run(const wfm_series *history, const wfm_series *future,
                               const wfm_forecast_opts *opts, wfm_error *err)
{
    if (check_inputs(history, future, opts, err) != WFM_OK)
        return NULL;
    wfm_forecast *f = forecast_alloc(future->n);
    if (!f) {
        wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for a forecast of %zu intervals", future->n);
        return NULL;
    }
    if (forecast_fill(f, history, future, opts, err) != WFM_OK) {
        wfm_forecast_delete(f);
        return NULL;
    }
    return f;
}
