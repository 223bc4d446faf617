/* wfm_roster_job: the "roster" job kind (see wfm_roster_job.h). */
#include "data/wfm_roster_job.h"

#include <glpk.h>
#include <math.h>

#include "data/wfm_plan_input.h"
#include "data/wfm_roster_store.h"

bool wfm_roster_request_from_forecast(const json_t *request)
{
    return !json_object_get(request, "required") && !json_object_get(request, "offered");
}

static wfm_status check_time_limit(double time_limit_s, wfm_error *err)
{
    if (time_limit_s > WFM_ROSTER_JOB_MAX_TIME_LIMIT_S)
        return wfm_error_set(err, WFM_EINVAL, "time_limit_s",
                             "options.time_limit_s must be at most %d s on the server (%g)",
                             WFM_ROSTER_JOB_MAX_TIME_LIMIT_S, time_limit_s);
    return WFM_OK;
}

wfm_status wfm_roster_job_check_forecast(PGconn *db, const char *center_id,
                                         const json_t *request, wfm_error *err)
{
    wfm_status st = wfm_plan_input_check(db, center_id, request, err);
    const json_t *limit = json_object_get(json_object_get(request, "options"), "time_limit_s");
    return st == WFM_OK ? check_time_limit(json_number_value(limit), err) : st;
}

/* The document of a request: built from the forecast, or the request with
 * the stored agents and templates filled in. */
static wfm_status input_document(PGconn *db, const char *center_id, const json_t *request,
                                 json_t **input, wfm_error *err)
{
    if (!wfm_roster_request_from_forecast(request))
        return wfm_roster_store_input(db, center_id, request, input, err);
    if (!json_is_object(request))
        return wfm_error_set(err, WFM_EINVAL, NULL, "the roster request must be a JSON object");
    return wfm_plan_input_build(db, center_id, request, input, NULL, err);
}

wfm_status wfm_roster_job_check(const json_t *input, wfm_roster_doc *doc, wfm_error *err)
{
    wfm_status st = wfm_roster_doc_parse(input, doc, err);
    if (st != WFM_OK)
        return st;
    st = wfm_roster_validate(&doc->in, &doc->opts, err);
    if (st == WFM_OK)
        st = check_time_limit(doc->opts.time_limit_s, err);
    if (st != WFM_OK)
        wfm_roster_doc_free(doc);
    return st;
}

wfm_status wfm_roster_job_input(PGconn *db, const char *center_id, const json_t *request,
                                json_t **input, wfm_roster_doc *doc, wfm_error *err)
{
    wfm_status st = input_document(db, center_id, request, input, err);
    if (st != WFM_OK)
        return st;
    st = wfm_roster_job_check(*input, doc, err);
    if (st != WFM_OK) {
        json_decref(*input);
        *input = NULL;
    }
    return st;
}

static void set_if_known(json_t *detail, const char *key, double value)
{
    if (isfinite(value))
        json_object_set_new(detail, key, json_real(value));
}

int wfm_roster_job_report(void *cookie, const wfm_roster_progress *p)
{
    const wfm_roster_job_watch *watch = cookie;
    json_t *detail = json_pack("{s:s, s:f, s:f}", "step", p->phase, "elapsed_s", p->elapsed_s,
                               "time_limit_s", p->time_limit_s);
    if (detail) {
        set_if_known(detail, "incumbent", p->incumbent);
        set_if_known(detail, "best_bound", p->best_bound);
        set_if_known(detail, "gap", p->gap);
    }
    double spent = p->time_limit_s > 0 ? fmin(1, p->elapsed_s / p->time_limit_s) : 0;
    double percent = watch->from_percent + (watch->to_percent - watch->from_percent) * spent;
    return wfm_job_progress(watch->ctx, watch->phase, percent, detail) ? WFM_ROSTER_CANCEL
                                                                        : WFM_ROSTER_GO_ON;
}

/* Solves, the solver reporting its progress through the job and stopping
 * when the job must. */
static wfm_status solve(const wfm_roster_doc *doc, wfm_job_ctx *ctx, wfm_roster_result *result,
                        wfm_error *err)
{
    wfm_roster_opts opts = doc->opts;
    wfm_roster_job_watch watch = {ctx, "solving", 10, 90};
    opts.progress = wfm_roster_job_report;
    opts.progress_cookie = &watch;
    wfm_status st = wfm_roster_solve(&doc->in, &opts, result, err);
    /* GLPK keeps an environment per thread that nothing frees when a job
     * thread ends (as api/wfm_live.c); the solve is over, so free it now. */
    glp_free_env();
    if (st == WFM_ECANCELLED && wfm_job_should_stop(ctx))
        return wfm_job_stopped(ctx, err);
    if (st != WFM_OK)
        return st;
    json_t *incumbent = json_pack("{s:f, s:f, s:f, s:f}", "objective", result->objective,
                                  "best_bound", result->best_bound, "gap", result->gap,
                                  "paid_hours", result->paid_hours);
    if (wfm_job_progress(ctx, "storing", 90, incumbent))
        return wfm_job_stopped(ctx, err);
    return WFM_OK;
}

/* Stores the roster inside a transaction left open for the worker, which
 * commits it with the job's success (wfm_job_kind.h). */
static wfm_status store(PGconn *db, const json_t *params, const json_t *input,
                        const wfm_roster_doc *doc, const wfm_roster_result *result,
                        wfm_job_ctx *ctx, long long *id, wfm_error *err)
{
    PGresult *begin = PQexec(db, "BEGIN");
    int began = PQresultStatus(begin) == PGRES_COMMAND_OK;
    PQclear(begin);
    if (!began)
        return wfm_error_set(err, WFM_EDB, NULL, "storing the roster: BEGIN failed: %s",
                             PQerrorMessage(db));
    wfm_roster_save save;
    wfm_roster_save_init(&save);
    save.center_id = wfm_job_ctx_center_id(ctx);
    save.created_by = json_string_value(json_object_get(params, "created_by"));
    save.job_id = wfm_job_ctx_job_id(ctx);
    save.input = input;
    save.doc = doc;
    save.result = result;
    return wfm_roster_store_save(db, &save, id, err);
}

wfm_status wfm_job_run_roster(const json_t *params, wfm_job_ctx *ctx, json_t **result,
                              wfm_error *err)
{
    PGconn *db = wfm_job_ctx_db(ctx);
    const char *center_id = wfm_job_ctx_center_id(ctx);
    if (!db || !center_id[0])
        return wfm_error_set(err, WFM_EINVAL, "center_id",
                             "a roster job runs on the queue for a center");
    json_t *from = json_pack("{s:s}", "requirements",
                             wfm_roster_request_from_forecast(params) ? "forecast" : "request");
    if (wfm_job_progress(ctx, "preparing", 0, from))
        return wfm_job_stopped(ctx, err);
    json_t *input = NULL;
    wfm_roster_doc doc;
    wfm_status st = wfm_roster_job_input(db, center_id, params, &input, &doc, err);
    if (st != WFM_OK)
        return st;
    wfm_roster_result roster = {0};
    long long id = 0;
    st = solve(&doc, ctx, &roster, err);
    if (st == WFM_OK)
        st = store(db, params, input, &doc, &roster, ctx, &id, err);
    if (st == WFM_OK)
        *result = json_pack("{s:I, s:f, s:f, s:f, s:i, s:o}", "roster_id", (json_int_t)id,
                            "paid_hours", roster.paid_hours, "objective", roster.objective,
                            "gap", roster.gap, "shortfalls", roster.n_shortfalls,
                            "simulated_answer_rate",
                            roster.sim.days && roster.sim.horizon.answer_rate.n > 0
                                ? json_real(roster.sim.horizon.answer_rate.mean)
                                : json_null());
    wfm_roster_result_free(&roster);
    wfm_roster_doc_free(&doc);
    json_decref(input);
    return st;
}
