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

/* Whether route takes bulk uploads (the history import), whose bodies may
 * reach the server's max_import_bytes instead of max_body_bytes. */
int wfm_routes_bulk_body(const wfm_route *route);

/* GET /v1/health: 200 {"status":"ok","database":{"reachable":true,...},
 * "version":...} or 503 {"status":"degraded","database":{"reachable":false,
 * "reason":...}}. */
void wfm_route_health_get(const wfm_http_request *req, wfm_http_response *res);

/* POST /v1/erlang: Erlang C/A metrics at a staffing, the seats a target
 * needs, and a table of metrics per seat count (api/wfm_erlang_json.h).
 * 200 with the answer; 400 naming the field; 422 for a table over 2,001
 * rows or when no staffing meets the target. */
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

/* GET /v1/jobs/{id}: the job with its progress (JSON form in
 * data/wfm_jobs.h); 404 when there is none. */
void wfm_route_job_get(const wfm_http_request *req, wfm_http_response *res);

/* POST /v1/jobs/{id}/cancel: 200 with the job when it is cancelled now (it
 * was queued, or already cancelled), 202 when it is running and stops at its
 * next checkpoint; 404; 409 when it already succeeded or failed. */
void wfm_route_job_cancel(const wfm_http_request *req, wfm_http_response *res);

/* GET /v1/centers/{id}/jobs?state=&kind=&limit=&before_id=: the center's
 * jobs, newest first: {"jobs": [...], "next_before_id": id | null}. */
void wfm_route_center_jobs_list(const wfm_http_request *req, wfm_http_response *res);

/* POST /v1/centers/{id}/actuals: interval actuals and a real-time snapshot;
 * stores them, re-plans, answers 201 with the new plan's ETag
 * (api/wfm_route_actuals.c, docs/live.md). */
void wfm_route_actuals_post(const wfm_http_request *req, wfm_http_response *res);

/* GET /v1/centers/{id}/seatplan/live: the latest plan from memory, ETag,
 * If-None-Match -> 304, Cache-Control: no-cache. */
void wfm_route_seatplan_live_get(const wfm_http_request *req, wfm_http_response *res);

/* GET /v1/centers/{id}/seatplan?at=ISO8601: the plan in force then (404
 * when none). */
void wfm_route_seatplan_get(const wfm_http_request *req, wfm_http_response *res);

/* Rosters (api/wfm_route_rosters.c, docs/roster.md "API and storage").
 * POST /v1/centers/{id}/rosters: checks the input document (agents and
 * templates default to the center's stored ones), queues a "roster" job:
 * 202 {"job", "links": {"job"}} with Location: /v1/jobs/{job}; 400 naming
 * the field; 404 for an unknown center; 422 naming "days" or "agents" over
 * the server's limits; 429 (Retry-After) when the center has too many jobs
 * queued. */
void wfm_route_center_rosters_post(const wfm_http_request *req, wfm_http_response *res);

/* GET /v1/centers/{id}/rosters?state=&limit=&before_id=: newest first,
 * {"rosters": [...], "next_before_id"}; 400 naming a bad state or limit;
 * 404 for an unknown center. */
void wfm_route_center_rosters_list(const wfm_http_request *req, wfm_http_response *res);

/* GET /v1/rosters/{id}: the roster with its document and export links; 404. */
void wfm_route_roster_get(const wfm_http_request *req, wfm_http_response *res);

/* DELETE /v1/rosters/{id}: 204, a draft is gone; 404; 409 for a published
 * roster, which is kept. */
void wfm_route_roster_delete(const wfm_http_request *req, wfm_http_response *res);

/* GET /v1/rosters/{id}/export.csv: text/csv, one line a shift; 404. */
void wfm_route_roster_csv(const wfm_http_request *req, wfm_http_response *res);

/* GET /v1/rosters/{id}/agents/{agent}/calendar.ics: text/calendar; 404
 * naming "id" or "agent". */
void wfm_route_roster_agent_ical(const wfm_http_request *req, wfm_http_response *res);

/* POST /v1/rosters/{id}/publish {"by": name}: 200 with the roster,
 * published; 400 naming "by"; 404; 409 when already published. */
void wfm_route_roster_publish(const wfm_http_request *req, wfm_http_response *res);

/* The agents and shift templates a center's rosters are built from when a
 * roster request gives none (api/wfm_route_rosters.c). PUT stores or
 * replaces one in the roster input document's form (the path names it;
 * the rules are checked in full when a roster is requested): 200 with it;
 * 400 naming the field; 404 for an unknown center. GET lists them:
 * {"agents": [...]} ordered by id, {"templates": [...]} by name. */
void wfm_route_center_agent_put(const wfm_http_request *req, wfm_http_response *res);
void wfm_route_center_agents_list(const wfm_http_request *req, wfm_http_response *res);
void wfm_route_center_template_put(const wfm_http_request *req, wfm_http_response *res);
void wfm_route_center_templates_list(const wfm_http_request *req, wfm_http_response *res);

/* What-if scenarios (api/wfm_route_scenarios.c, docs/scenarios.md).
 * POST /v1/centers/{id}/scenarios: checks the spec (400 naming the field;
 * 404 unknown center), stores it and queues its "scenario" job in one
 * transaction: 202 {"scenario", "links": {"self", "job"}}, Location
 * /v1/scenarios/{sid}; 429 with Retry-After when the center has too many
 * jobs queued. GET /v1/centers/{id}/scenarios?limit=&before_id=: newest
 * first, {"scenarios": [...], "next_before_id"}. GET /v1/scenarios/{sid}:
 * the scenario with its job's progress and, once succeeded, its result.
 * POST /v1/scenarios/{sid}/cancel: 200 (cancelled now) or 202 (running,
 * stops at its next checkpoint); 409 when it already succeeded or failed.
 * DELETE /v1/scenarios/{sid}: 204; 409 while running.
 * GET /v1/centers/{id}/scenarios/compare?ids=3,7,9: side by side with the
 * deltas against the first; 404 for an id not the center's, 409 naming one
 * that has not succeeded. */
void wfm_route_center_scenarios_post(const wfm_http_request *req, wfm_http_response *res);
void wfm_route_center_scenarios_list(const wfm_http_request *req, wfm_http_response *res);
void wfm_route_center_scenarios_compare(const wfm_http_request *req, wfm_http_response *res);
void wfm_route_scenario_get(const wfm_http_request *req, wfm_http_response *res);
void wfm_route_scenario_cancel(const wfm_http_request *req, wfm_http_response *res);
void wfm_route_scenario_delete(const wfm_http_request *req, wfm_http_response *res);

/* GET /: the dashboard (web/index.html). GET /web/{file}: a dashboard file
 * embedded at build time (api/wfm_web.h); 404 for any other name, so no
 * path reaches the file system. Both with ETag, If-None-Match -> 304 and
 * Cache-Control: no-cache. */
void wfm_route_web_index(const wfm_http_request *req, wfm_http_response *res);
void wfm_route_web_file(const wfm_http_request *req, wfm_http_response *res);

/* GET /v1/centers/{id}/actuals?date=YYYY-MM-DD: the interval actuals stored
 * for that local day of the center (default today in its zone), ordered by
 * queue and interval: {"center", "date", "intervals": [{"queue",
 * "interval_start", "interval_s", "offered", "answered", "abandoned",
 * "handle_time_s", "wait_time_s"}]}; 400 naming "date"; 404 naming "id"
 * (api/wfm_route_actuals_get.c). */
void wfm_route_actuals_get(const wfm_http_request *req, wfm_http_response *res);

#endif
