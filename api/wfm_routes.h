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

/* GET /: the dashboard (web/index.html). GET /web/{file}: a dashboard file
 * embedded at build time (api/wfm_web.h); 404 for any other name, so no
 * path reaches the file system. Both with ETag, If-None-Match -> 304 and
 * Cache-Control: no-cache. */
void wfm_route_web_index(const wfm_http_request *req, wfm_http_response *res);
void wfm_route_web_file(const wfm_http_request *req, wfm_http_response *res);

#endif
