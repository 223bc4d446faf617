/* wfm_routes: the one route table of the server and the handlers in it.
 *
 * Adding a route = a handler in api/wfm_route_<resource>.c, its declaration
 * here, one row in the table in wfm_routes.c, and the path in
 * docs/openapi.json (tests/test_openapi.c fails until it is documented). */
#ifndef WFM_ROUTES_H
#define WFM_ROUTES_H

#include "api/wfm_http.h"

#include <stddef.h>

/* The registered routes, in matching order; *count gets their number.
 * Static storage, never NULL. */
const wfm_route *wfm_routes_list(size_t *count);

/* GET /v1/health: 200 {"status":"ok","database":{"reachable":true,...},
 * "version":...} or 503 {"status":"degraded","database":{"reachable":false,
 * "reason":...}}. */
void wfm_route_health_get(const wfm_http_request *req, wfm_http_response *res);

/* POST /v1/erlang: Erlang C/A metrics at a staffing, the seats a target
 * needs, and a table of metrics per seat count (api/wfm_erlang_json.h).
 * 200 with the answer; 400 naming the field; 413 for a table over 2,001
 * rows; 422 when no staffing meets the target. */
void wfm_route_erlang_post(const wfm_http_request *req, wfm_http_response *res);
/* POST /v1/centers/{id}/history: imports interval history (text/csv or
 * application/json, docs/history-import.md) in one transaction. 200
 * {"center","rows","inserted","updated","unchanged"}; 400 naming row, column
 * and value; 404 unknown center; 415 another content type. */
void wfm_route_history_post(const wfm_http_request *req, wfm_http_response *res);

/* GET and PUT /v1/centers/{id}/calendar: the center's holiday calendar
 * {"center","time_zone","calendar":"china|us|none","entries":[{"date",
 * "kind":"holiday|workday","name"}]} (GET ?year=YYYY adds "days", the
 * effective entries of that year). PUT {"calendar","entries"} replaces both
 * in one transaction; 400 naming the field (entries[3].date) and value;
 * 404 unknown center. */
void wfm_route_calendar_get(const wfm_http_request *req, wfm_http_response *res);
void wfm_route_calendar_put(const wfm_http_request *req, wfm_http_response *res);

/* GET /v1/centers/{id}/forecast?queue=&from=&to=[&model=]: offered (with
 * lo80/hi80/lo95/hi95) and aht_s per interval, the model and its backtest.
 * GET /v1/centers/{id}/forecast/backtest?queue=[&model=]: the backtest
 * report (WAPE, MASE, coverage per model). 400 naming the parameter and
 * value; 404 unknown center or queue; 422 too little history. */
void wfm_route_forecast_get(const wfm_http_request *req, wfm_http_response *res);
void wfm_route_forecast_backtest_get(const wfm_http_request *req, wfm_http_response *res);

#endif
