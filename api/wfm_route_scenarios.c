/* Routes of what-if scenarios (docs/scenarios.md): create one (stored and
 * queued as a "scenario" job in one transaction), list a center's, read one
 * with its job's progress, cancel, delete, and compare several side by side
 * with the first as the reference. Stored by data/wfm_scenario_store; run by
 * the job kind of data/wfm_scenario_job. */
#include "api/wfm_db.h"
#include "api/wfm_limits.h"
#include "api/wfm_route_util.h"
#include "api/wfm_routes.h"

#include <stdio.h>
#include <string.h>

#include "data/wfm_jobs.h"
#include "data/wfm_scenario_store.h"

/* Fills res with err's error response and returns false when st failed. A
 * center over its job limit is asked to come back later (429), as the
 * contract has it: queued work drains, unlike a body that is too large. */
static bool answered_ok(wfm_http_response *res, wfm_status st, const wfm_error *err)
{
    if (st == WFM_ELIMIT) {
        wfm_http_error(res, 429, "too_many_requests", err->field, "%s", err->message);
        wfm_http_header(res, "Retry-After", "30");
    } else if (st != WFM_OK)
        wfm_http_error_from(res, err);
    return st == WFM_OK;
}

static void self_link(long long id, char *buf, size_t size)
{
    snprintf(buf, size, "/v1/scenarios/%lld", id);
}

void wfm_route_center_scenarios_post(const wfm_http_request *req, wfm_http_response *res)
{
    json_t *spec = wfm_http_body_object(req, res);
    if (!spec)
        return;
    wfm_error err;
    wfm_error_clear(&err);
    PGconn *db = wfm_db_acquire(req->server, &err);
    long long id = 0, job_id = 0;
    json_t *scenario = NULL;
    wfm_status st = db ? wfm_limits_check_roster(req->server, spec, &err) : err.status;
    if (st == WFM_OK)
        st = wfm_scenario_create(db, req->params[0], spec, &id, &job_id, &err);
    if (st == WFM_OK)
        st = wfm_scenario_get(db, id, NULL, &scenario, &err);
    wfm_db_release(req->server, db);
    json_decref(spec);
    if (!answered_ok(res, st, &err))
        return;
    char self[64], job[64];
    self_link(id, self, sizeof self);
    snprintf(job, sizeof job, "/v1/jobs/%lld", job_id);
    wfm_http_json(res, 202, json_pack("{s:o, s:{s:s, s:s}}", "scenario", scenario, "links",
                                      "self", self, "job", job));
    wfm_http_header(res, "Location", self);
}

void wfm_route_center_scenarios_list(const wfm_http_request *req, wfm_http_response *res)
{
    long long limit = 50, before_id = 0;
    if (!wfm_http_query_positive(req, res, "limit", &limit) ||
        !wfm_http_query_positive(req, res, "before_id", &before_id))
        return;
    wfm_error err;
    wfm_error_clear(&err);
    PGconn *db = wfm_db_acquire(req->server, &err);
    json_t *list = NULL;
    wfm_status st = db ? wfm_scenario_list(db, req->params[0], before_id,
                                           limit > 1000 ? 1000 : (int)limit, &list, &err)
                       : err.status;
    wfm_db_release(req->server, db);
    if (!answered_ok(res, st, &err))
        return;
    wfm_http_list_page(res, "scenarios", list, limit);
}

/* Answers with a scenario's JSON form: no-store while it may still change. */
static void send_scenario(wfm_http_response *res, unsigned status, json_t *scenario)
{
    bool final = wfm_job_state_is_final(json_string_value(json_object_get(scenario, "state")));
    wfm_http_json(res, status, scenario);
    if (!final)
        wfm_http_header(res, "Cache-Control", "no-store");
}

/* What the routes of one scenario do to it: fill *scenario with its JSON
 * form after the operation (delete leaves it NULL). */
typedef wfm_status (*scenario_op)(PGconn *db, long long id, json_t **scenario, wfm_error *err);

static wfm_status read_scenario(PGconn *db, long long id, json_t **scenario, wfm_error *err)
{
    return wfm_scenario_get(db, id, NULL, scenario, err);
}

static wfm_status delete_scenario(PGconn *db, long long id, json_t **scenario, wfm_error *err)
{
    *scenario = NULL;
    return wfm_scenario_delete(db, id, err);
}

/* Whether the caller's token is for the center of scenario id (always
 * without authentication); false with the error response in res (403, or
 * 404 for an unknown scenario) otherwise. */
static bool scenario_of_callers_center(const wfm_http_request *req, wfm_http_response *res,
                                       PGconn *db, long long id, wfm_error *err)
{
    if (!req->token)
        return true;
    json_t *scenario = NULL;
    wfm_status st = wfm_scenario_get(db, id, NULL, &scenario, err);
    bool allowed = answered_ok(res, st, err) &&
                   wfm_http_authorize_center(
                       req, res, json_string_value(json_object_get(scenario, "center_id")));
    json_decref(scenario);
    return allowed;
}

/* Runs op on scenario {id}; answers 204 when it leaves no scenario, 202
 * when the scenario is running after a cancel, else 200 with it. */
static void on_scenario(const wfm_http_request *req, wfm_http_response *res, scenario_op op,
                        bool is_cancel)
{
    long long id;
    PGconn *db;
    wfm_error err;
    if (!wfm_route_open_id(req, res, &id, &db, &err))
        return;
    if (!scenario_of_callers_center(req, res, db, id, &err)) {
        wfm_db_release(req->server, db);
        return;
    }
    json_t *scenario = NULL;
    wfm_status st = op(db, id, &scenario, &err);
    wfm_db_release(req->server, db);
    if (!answered_ok(res, st, &err))
        return;
    if (!scenario) {
        wfm_http_text(res, 204, NULL, NULL, 0);
        return;
    }
    const char *state = json_string_value(json_object_get(scenario, "state"));
    send_scenario(res, is_cancel && state && !strcmp(state, "running") ? 202 : 200, scenario);
}

void wfm_route_scenario_get(const wfm_http_request *req, wfm_http_response *res)
{
    on_scenario(req, res, read_scenario, false);
}

void wfm_route_scenario_cancel(const wfm_http_request *req, wfm_http_response *res)
{
    on_scenario(req, res, wfm_scenario_cancel, true);
}

void wfm_route_scenario_delete(const wfm_http_request *req, wfm_http_response *res)
{
    on_scenario(req, res, delete_scenario, false);
}

void wfm_route_center_scenarios_compare(const wfm_http_request *req, wfm_http_response *res)
{
    long long ids[WFM_SCENARIO_COMPARE_MAX];
    size_t n = 0;
    wfm_error err;
    wfm_error_clear(&err);
    if (!answered_ok(res, wfm_scenario_ids_parse(wfm_http_query(req, "ids"), ids, &n, &err), &err))
        return;
    PGconn *db = wfm_db_acquire(req->server, &err);
    json_t *comparison = NULL;
    wfm_status st = db ? wfm_scenario_compare(db, req->params[0], ids, n, &comparison, &err)
                       : err.status;
    wfm_db_release(req->server, db);
    if (answered_ok(res, st, &err))
        wfm_http_json(res, 200, comparison);
}
