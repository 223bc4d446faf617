/* wfm_routes: the route table (see wfm_routes.h). First match wins, so a
 * literal path must come before a {param} pattern that would also match. */
#include "api/wfm_routes.h"
#include "data/wfm_token.h"

static const wfm_route routes[] = {
    {"GET", "/v1/health", wfm_route_health_get, 0},
    {"POST", "/v1/centers/{id}/history", wfm_route_history_post, WFM_CAN_ADMIN},
    {"GET", "/v1/centers/{id}/calendar", wfm_route_calendar_get, WFM_CAN_VIEW},
    {"PUT", "/v1/centers/{id}/calendar", wfm_route_calendar_put, WFM_CAN_ADMIN},
    {"GET", "/v1/centers/{id}/forecast", wfm_route_forecast_get, WFM_CAN_VIEW},
    {"GET", "/v1/centers/{id}/forecast/backtest", wfm_route_forecast_backtest_get, WFM_CAN_VIEW},
    {"POST", "/v1/erlang", wfm_route_erlang_post, WFM_CAN_VIEW},
    {"POST", "/v1/centers/{id}/actuals", wfm_route_actuals_post, WFM_CAN_ADMIN},
    {"GET", "/v1/centers/{id}/seatplan/live", wfm_route_seatplan_live_get, WFM_CAN_VIEW},
    {"GET", "/v1/centers/{id}/seatplan", wfm_route_seatplan_get, WFM_CAN_VIEW},
    {"GET", "/v1/jobs/{id}", wfm_route_job_get, WFM_CAN_VIEW},
    {"POST", "/v1/jobs/{id}/cancel", wfm_route_job_cancel, WFM_CAN_VIEW},
    {"GET", "/v1/centers/{id}/jobs", wfm_route_center_jobs_list, WFM_CAN_VIEW},
    {"POST", "/v1/centers/{id}/rosters", wfm_route_center_rosters_post, WFM_CAN_ROSTER},
    {"GET", "/v1/centers/{id}/rosters", wfm_route_center_rosters_list, WFM_CAN_VIEW},
    {"GET", "/v1/rosters/{id}", wfm_route_roster_get, WFM_CAN_VIEW},
    {"DELETE", "/v1/rosters/{id}", wfm_route_roster_delete, WFM_CAN_ROSTER},
    {"GET", "/v1/rosters/{id}/export.csv", wfm_route_roster_csv, WFM_CAN_VIEW},
    {"GET", "/v1/rosters/{id}/agents/{agent}/calendar.ics", wfm_route_roster_agent_ical, WFM_CAN_VIEW},
    {"POST", "/v1/rosters/{id}/publish", wfm_route_roster_publish, WFM_CAN_ROSTER},
    {"GET", "/v1/centers/{id}/agents", wfm_route_center_agents_list, WFM_CAN_VIEW},
    {"PUT", "/v1/centers/{id}/agents/{agent}", wfm_route_center_agent_put, WFM_CAN_ADMIN},
    {"GET", "/v1/centers/{id}/shift-templates", wfm_route_center_templates_list, WFM_CAN_VIEW},
    {"PUT", "/v1/centers/{id}/shift-templates/{name}", wfm_route_center_template_put, WFM_CAN_ADMIN},
    {"POST", "/v1/centers/{id}/scenarios", wfm_route_center_scenarios_post, WFM_CAN_SCENARIO},
    {"GET", "/v1/centers/{id}/scenarios", wfm_route_center_scenarios_list, WFM_CAN_VIEW},
    {"GET", "/v1/centers/{id}/scenarios/compare", wfm_route_center_scenarios_compare, WFM_CAN_VIEW},
    {"GET", "/v1/scenarios/{id}", wfm_route_scenario_get, WFM_CAN_VIEW},
    {"POST", "/v1/scenarios/{id}/cancel", wfm_route_scenario_cancel, WFM_CAN_SCENARIO},
    {"DELETE", "/v1/scenarios/{id}", wfm_route_scenario_delete, WFM_CAN_SCENARIO},
    {"GET", "/v1/centers/{id}/actuals", wfm_route_actuals_get, WFM_CAN_VIEW},

    {"GET", "/", wfm_route_web_index, 0},
    {"GET", "/web/{file}", wfm_route_web_file, 0},
};

const wfm_route *wfm_routes_list(size_t *count)
{
    *count = sizeof routes / sizeof routes[0];
    return routes;
}

int wfm_routes_bulk_body(const wfm_route *route)
{
    return route->handler == wfm_route_history_post;
}
