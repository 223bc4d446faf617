/* wfm_plan_forecast: one stored queue's forecast laid on a planning
 * horizon's grid of local days and wall-clock slots, with the handle time
 * and patience its history shows. The first stage of the planning
 * pipeline (data/wfm_plan_input.h).
 *
 * What is read: the queue's history in the WFM_PLAN_HISTORY_WEEKS weeks
 * before the horizon's first instant (so a horizon inside the stored
 * history is forecast as it would have been then). That is what the
 * calendar regression fits (104 weeks, with its annual terms) and costs a
 * third of the queue's whole history to read and backtest.
 *
 * The forecast (forecast/wfm_forecast_run): the model with the lowest
 * backtest WAPE (AUTO), over WFM_PLAN_BACKTEST_ORIGINS scored and as many
 * calibrating origins instead of 8 + 8: half the backtest's cost, the
 * choice between three models still made on a month of weeks. Measured on
 * the sample center: ~0.3 s a queue (docs/roster.md).
 *
 * Handle time: the forecast's per-interval AHT (recent same-slot profile),
 * the window's mean where a slot has none. Patience: models/wfm_patience
 * over the last 8 weeks' abandoned and wait time (live queues' callers do
 * not change their patience with the season). */
#ifndef WFM_PLAN_FORECAST_H
#define WFM_PLAN_FORECAST_H

#include <stdint.h>
#include <libpq-fe.h>

#include "core/wfm_error.h"
#include "data/wfm_history.h"
#include "forecast/wfm_calendar.h"
#include "forecast/wfm_model.h"

#define WFM_PLAN_HISTORY_WEEKS 106
#define WFM_PLAN_BACKTEST_ORIGINS 4
#define WFM_PLAN_PATIENCE_WEEKS 8

/* The horizon: `days` local days from start_day in time_zone, intervals of
 * interval_s, [start_utc, end_utc). All borrowed. */
typedef struct wfm_plan_horizon {
    const char *center_id;
    const char *time_zone;
    const wfm_calendar *calendar;
    int32_t interval_s;
    int32_t start_day;
    int days;
    int intervals_per_day; /* 86400 / interval_s */
    int64_t start_utc, end_utc;
} wfm_plan_horizon;

/* A queue's forecast on the horizon's grid: arrays of days *
 * intervals_per_day values, index day * intervals_per_day + slot. A slot a
 * daylight-saving day skips holds 0; a repeated hour's two intervals are
 * added (handle time weighted by their calls). */
typedef struct wfm_plan_forecast {
    double *offered;   /* expected contacts (malloc'd) */
    double *aht_s;     /* seconds, > 0 (malloc'd) */
    double offered_total, lo95_total, hi95_total; /* sums over the horizon of
                                                     the intervals' values and bounds */
    double patience_s; /* mean patience estimated from history */
    double history_aht_s; /* the window's mean handle time */
    wfm_model model;   /* the model the backtest chose */
    int history_days;  /* days of history the forecast had */
} wfm_plan_forecast;

/* Appends to rows (caller-initialized and -freed) the queue's history of
 * the window before the horizon. WFM_EINVAL naming "history" when there
 * is none; WFM_EDB. */
wfm_status wfm_plan_forecast_read(PGconn *db, const wfm_plan_horizon *h, const char *queue,
                                  wfm_history_set *rows, wfm_error *err);

/* Forecasts and lays out the queue from its rows (wfm_plan_forecast_read)
 * into *out (caller frees with wfm_plan_forecast_free, also on failure).
 * No database: callers may run queues in parallel threads. WFM_EINVAL
 * naming "history" when there is too little of it (or none with handle
 * times), "start_date" when the horizon ends more than
 * WFM_FORECAST_MAX_HORIZON_DAYS days after it. */
wfm_status wfm_plan_forecast_compute(const wfm_plan_horizon *h, const char *queue,
                                     const wfm_history_set *rows, wfm_plan_forecast *out,
                                     wfm_error *err);

void wfm_plan_forecast_free(wfm_plan_forecast *f);

#endif
