/* wfm_plan_forecast: a stored queue's forecast on a planning horizon's grid
 * (see wfm_plan_forecast.h). */
#include "data/wfm_plan_forecast.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/wfm_features.h"
#include "data/wfm_history_store.h"
#include "forecast/wfm_forecast.h"
#include "models/wfm_patience.h"

#define WEEK_S (7 * 86400LL)

void wfm_plan_forecast_free(wfm_plan_forecast *f)
{
    free(f->offered);
    free(f->aht_s);
    memset(f, 0, sizeof *f);
}

/* Handle time and patience of the window's rows; the last
 * WFM_PLAN_PATIENCE_WEEKS weeks for patience. */
static wfm_status history_means(const wfm_history_set *h, int64_t start_utc,
                                wfm_plan_forecast *out, const char *queue, wfm_error *err)
{
    double handle = 0, answered = 0, abandoned = 0, waited = 0;
    int64_t recent = start_utc - WFM_PLAN_PATIENCE_WEEKS * WEEK_S;
    for (size_t i = 0; i < h->n_rows; i++) {
        const wfm_history_row *r = &h->rows[i];
        handle += r->handle_time_s;
        answered += (double)r->answered;
        if (r->interval_start >= recent) {
            abandoned += (double)r->abandoned;
            waited += r->wait_time_s;
        }
    }
    if (!(answered > 0 && handle > 0))
        return wfm_error_set(err, WFM_EINVAL, "history",
                             "queue '%s' has no answered contacts with handle times in the %d "
                             "weeks before the horizon", queue, WFM_PLAN_HISTORY_WEEKS);
    out->history_aht_s = handle / answered;
    wfm_patience_opts po;
    wfm_patience_opts_init(&po);
    wfm_patience_estimate est;
    wfm_status st = wfm_patience_estimate_pooled(&abandoned, &waited, 1, &po, &est, err);
    out->patience_s = est.patience_s;
    return st;
}

static wfm_status grid_alloc(const wfm_plan_horizon *h, wfm_plan_forecast *out, wfm_error *err)
{
    size_t n = (size_t)h->days * h->intervals_per_day;
    out->offered = calloc(n, sizeof(double));
    out->aht_s = calloc(n, sizeof(double));
    if (!out->offered || !out->aht_s)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for a forecast grid");
    return WFM_OK;
}

/* The forecast's intervals of the horizon, by local day and slot. */
static void lay_out(const wfm_plan_horizon *h, const wfm_series *future, int64_t future_start,
                    const wfm_forecast *f, wfm_plan_forecast *out)
{
    size_t n = (size_t)h->days * h->intervals_per_day;
    double *handled = calloc(n, sizeof(double)); /* calls x aht, for the weighted mean */
    for (size_t i = 0; i < future->n; i++) {
        int64_t t = future_start + (int64_t)i * h->interval_s;
        int day = future->day[i] - h->start_day;
        if (t < h->start_utc || day < 0 || day >= h->days)
            continue;
        size_t k = (size_t)day * h->intervals_per_day + future->slot[i];
        double calls = fmax(0, f->offered[i]);
        double aht = isfinite(f->aht_s[i]) && f->aht_s[i] > 0 ? f->aht_s[i] : out->history_aht_s;
        out->offered[k] += calls;
        if (handled)
            handled[k] += calls * aht;
        out->aht_s[k] = aht; /* the last one, where no calls weight them */
        out->offered_total += calls;
        out->lo95_total += fmax(0, f->lo95[i]);
        out->hi95_total += fmax(0, f->hi95[i]);
    }
    for (size_t k = 0; k < n; k++) {
        if (handled && out->offered[k] > 0)
            out->aht_s[k] = handled[k] / out->offered[k];
        if (!(out->aht_s[k] > 0))
            out->aht_s[k] = out->history_aht_s;
    }
    free(handled);
}

/* The history as a series, the future grid up to the horizon's end, the
 * forecast. */
static wfm_status forecast(const wfm_plan_horizon *h, const wfm_history_set *rows,
                           const char *queue, wfm_plan_forecast *out, wfm_error *err)
{
    wfm_features_ctx ctx = {.time_zone = h->time_zone, .calendar = h->calendar};
    wfm_series *history = NULL, *future = NULL;
    wfm_forecast *f = NULL;
    int64_t first = 0;
    wfm_status st = wfm_features_history(rows->rows, rows->n_rows, queue, &ctx, &history, &first,
                                         err);
    int64_t history_end = first + (history ? (int64_t)history->n * h->interval_s : 0);
    if (st == WFM_OK && h->end_utc - history_end > WFM_FORECAST_MAX_HORIZON_DAYS * 86400LL)
        st = wfm_error_set(err, WFM_EINVAL, "start_date",
                           "queue '%s': the horizon ends %lld days after its history (at most "
                           "%d days can be forecast)", queue,
                           (long long)((h->end_utc - history_end) / 86400),
                           WFM_FORECAST_MAX_HORIZON_DAYS);
    if (st == WFM_OK)
        st = wfm_features_grid(history_end, h->end_utc, h->interval_s, &ctx, &future, err);
    wfm_forecast_opts opts;
    wfm_forecast_opts_init(&opts);
    opts.backtest.evaluation_origins = WFM_PLAN_BACKTEST_ORIGINS;
    opts.backtest.calibration_origins = WFM_PLAN_BACKTEST_ORIGINS;
    if (st == WFM_OK && !(f = wfm_forecast_run(history, future, &opts, err)))
        st = err->status;
    if (st == WFM_OK) {
        out->model = f->model;
        out->history_days = wfm_series_days_spanned(history);
        lay_out(h, future, history_end, f, out);
    }
    wfm_forecast_delete(f);
    wfm_series_delete(history);
    wfm_series_delete(future);
    return st;
}

wfm_status wfm_plan_forecast_read(PGconn *db, const wfm_plan_horizon *h, const char *queue,
                                  wfm_history_set *rows, wfm_error *err)
{
    wfm_status st = wfm_history_store_read(db, h->center_id, queue,
                                           h->start_utc - WFM_PLAN_HISTORY_WEEKS * WEEK_S,
                                           h->start_utc, rows, err);
    if (st == WFM_OK && rows->n_rows == 0)
        st = wfm_error_set(err, WFM_EINVAL, "history",
                           "queue '%s' has no history in the %d weeks before the horizon", queue,
                           WFM_PLAN_HISTORY_WEEKS);
    return st;
}

wfm_status wfm_plan_forecast_compute(const wfm_plan_horizon *h, const char *queue,
                                     const wfm_history_set *rows, wfm_plan_forecast *out,
                                     wfm_error *err)
{
    memset(out, 0, sizeof *out);
    wfm_status st = grid_alloc(h, out, err);
    if (st == WFM_OK)
        st = history_means(rows, h->start_utc, out, queue, err);
    if (st == WFM_OK)
        st = forecast(h, rows, queue, out, err);
    return st;
}
