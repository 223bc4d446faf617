/* Routes of background jobs (docs/jobs.md): read one with its progress,
 * cancel one, list a center's. Jobs themselves are created by their
 * resources (rosters, scenarios), which answer 202 with
 * Location: /v1/jobs/{id}. */
#include "api/wfm_db.h"
#include "api/wfm_route_util.h"
#include "api/wfm_routes.h"

#include <string.h>

#include "data/wfm_jobs.h"
#include "data/wfm_token.h"

/* The {id} of /v1/jobs/{id}[/...]; false with a 400 in res when it is not a
 * job id. */
static bool job_id_of(const wfm_http_request *req, wfm_http_response *res, long long *id)
{
    wfm_error err;
    wfm_error_clear(&err);
    if (wfm_job_id_parse(req->n_params ? req->params[0] : NULL, "id", id, &err) == WFM_OK)
        return true;
    wfm_http_error_from(res, &err);
    return false;
}

/* Runs one wfm_jobs call on a pooled connection: fetch fills *out, or the
 * error response is set. Returns whether it succeeded. */
typedef wfm_status (*job_fetch)(PGconn *db, long long id, const char *center_id, json_t **out,
                                wfm_error *err);

static bool with_job(const wfm_http_request *req, wfm_http_response *res, job_fetch fetch,
                     json_t **job)
{
    long long id;
    if (!job_id_of(req, res, &id))
        return false;
    wfm_error err;
    wfm_error_clear(&err);
    PGconn *db = wfm_db_acquire(req->server, &err);
    wfm_status st = db ? fetch(db, id, NULL, job, &err) : err.status;
    wfm_db_release(req->server, db);
    if (st != WFM_OK)
        wfm_http_error_from(res, &err);
    return st == WFM_OK;
}

/* What cancelling a job of kind needs: the capability that created it. */
static unsigned cancel_needs(const char *kind)
{
    if (kind && !strcmp(kind, "roster"))
        return WFM_CAN_ROSTER;
    if (kind && !strcmp(kind, "scenario"))
        return WFM_CAN_SCENARIO;
    return WFM_CAN_ADMIN;
}

/* Whether the caller's token is for job's center (and, with needs != 0, has
 * those capabilities); false with the 403 in res otherwise. */
static bool job_allowed(const wfm_http_request *req, wfm_http_response *res, const json_t *job,
                        unsigned needs)
{
    return wfm_http_authorize_center(req, res,
                                     json_string_value(json_object_get(job, "center_id"))) &&
           (!needs || wfm_http_authorize(req, res, needs));
}

void wfm_route_job_get(const wfm_http_request *req, wfm_http_response *res)
{
    json_t *job = NULL;
    if (!with_job(req, res, wfm_job_get, &job))
        return;
    if (!job_allowed(req, res, job, 0)) {
        json_decref(job);
        return;
    }
    bool final = wfm_job_state_is_final(json_string_value(json_object_get(job, "state")));
    wfm_http_json(res, 200, job);
    /* Pollers of a job in progress must see fresh progress, never a cached copy. */
    if (!final)
        wfm_http_header(res, "Cache-Control", "no-store");
}

void wfm_route_job_cancel(const wfm_http_request *req, wfm_http_response *res)
{
    json_t *job = NULL;
    if (req->token) { /* look before touching: whose job, and of which kind */
        if (!with_job(req, res, wfm_job_get, &job))
            return;
        const char *kind = json_string_value(json_object_get(job, "kind"));
        bool allowed = job_allowed(req, res, job, cancel_needs(kind));
        json_decref(job);
        job = NULL;
        if (!allowed)
            return;
    }
    if (!with_job(req, res, wfm_job_cancel, &job))
        return;
    const char *state = json_string_value(json_object_get(job, "state"));
    wfm_http_json(res, state && !strcmp(state, "running") ? 202 : 200, job);
}

void wfm_route_center_jobs_list(const wfm_http_request *req, wfm_http_response *res)
{
    wfm_job_filter f;
    wfm_job_filter_init(&f);
    f.center_id = req->params[0];
    f.state = wfm_http_query(req, "state");
    f.kind = wfm_http_query(req, "kind");
    long long limit = f.limit;
    if (!wfm_http_query_positive(req, res, "limit", &limit) ||
        !wfm_http_query_positive(req, res, "before_id", &f.before_id))
        return;
    f.limit = limit > 1000 ? 1000 : (int)limit; /* wfm_job_list names the bound */
    wfm_error err;
    wfm_error_clear(&err);
    PGconn *db = wfm_db_acquire(req->server, &err);
    json_t *jobs = NULL;
    wfm_status st = db ? wfm_job_list(db, &f, &jobs, &err) : err.status;
    wfm_db_release(req->server, db);
    if (st != WFM_OK) {
        wfm_http_error_from(res, &err);
        return;
    }
    wfm_http_list_page(res, "jobs", jobs, f.limit);
}
