/* wfm_roster_job: the "roster" job kind (see wfm_roster_job.h). */
#include "data/wfm_roster_job.h"

#include "data/wfm_roster_store.h"

wfm_status wfm_roster_job_check(const json_t *input, wfm_roster_doc *doc, wfm_error *err)
{
    wfm_status st = wfm_roster_doc_parse(input, doc, err);
    if (st != WFM_OK)
        return st;
    st = wfm_roster_validate(&doc->in, &doc->opts, err);
    if (st == WFM_OK && doc->opts.time_limit_s > WFM_ROSTER_JOB_MAX_TIME_LIMIT_S)
        st = wfm_error_set(err, WFM_EINVAL, "time_limit_s",
                           "options.time_limit_s must be at most %d s on the server (%g)",
                           WFM_ROSTER_JOB_MAX_TIME_LIMIT_S, doc->opts.time_limit_s);
    if (st != WFM_OK)
        wfm_roster_doc_free(doc);
    return st;
}

wfm_status wfm_roster_job_input(PGconn *db, const char *center_id, const json_t *request,
                                json_t **input, wfm_roster_doc *doc, wfm_error *err)
{
    wfm_status st = wfm_roster_store_input(db, center_id, request, input, err);
    if (st != WFM_OK)
        return st;
    st = wfm_roster_job_check(*input, doc, err);
    if (st != WFM_OK) {
        json_decref(*input);
        *input = NULL;
    }
    return st;
}

/* Solves with progress before and after; the solver itself reports none. */
static wfm_status solve(const wfm_roster_doc *doc, wfm_job_ctx *ctx, wfm_roster_result *result,
                        wfm_error *err)
{
    if (wfm_job_progress(ctx, "solving", 10,
                         json_pack("{s:f}", "time_limit_s", doc->opts.time_limit_s)))
        return wfm_job_stopped(ctx, err);
    wfm_status st = wfm_roster_solve(&doc->in, &doc->opts, result, err);
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
    if (wfm_job_progress(ctx, "preparing", 0, NULL))
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
        *result = json_pack("{s:I, s:f, s:f, s:f, s:i}", "roster_id", (json_int_t)id,
                            "paid_hours", roster.paid_hours, "objective", roster.objective,
                            "gap", roster.gap, "shortfalls", roster.n_shortfalls);
    wfm_roster_result_free(&roster);
    wfm_roster_doc_free(&doc);
    json_decref(input);
    return st;
}
