/* wfm_routes: the route table (see wfm_routes.h). First match wins, so a
 * literal path must come before a {param} pattern that would also match. */
#include "api/wfm_routes.h"

static const wfm_route routes[] = {
    {"GET", "/v1/health", wfm_route_health_get},
    {"POST", "/v1/centers/{id}/history", wfm_route_history_post},
    {"GET", "/v1/centers/{id}/calendar", wfm_route_calendar_get},
    {"PUT", "/v1/centers/{id}/calendar", wfm_route_calendar_put},
    {"GET", "/v1/centers/{id}/forecast", wfm_route_forecast_get},
    {"GET", "/v1/centers/{id}/forecast/backtest", wfm_route_forecast_backtest_get},
    {"POST", "/v1/erlang", wfm_route_erlang_post},
};

const wfm_route *wfm_routes_list(size_t *count)
{
    *count = sizeof routes / sizeof routes[0];
    return routes;
}
