/* wfm_forecast_json: a forecast's backtest report as JSON, the same shape
 * for `wfm forecast --backtest-report` and the HTTP API:
 *   {"queue", "chosen", "horizon_days", "models": [{"model", "origins",
 *    "points", "wape", "mase", "coverage80", "coverage95"}]}
 * (a score that could not be computed is null). */
#ifndef WFM_FORECAST_JSON_H
#define WFM_FORECAST_JSON_H

#include <jansson.h>

#include "forecast/wfm_forecast.h"

/* A new reference (caller decrefs); NULL when out of memory. */
json_t *wfm_forecast_report_json(const char *queue, const wfm_forecast *f);

/* v as a JSON real, or null when it is not finite. */
json_t *wfm_json_number_or_null(double v);

#endif
