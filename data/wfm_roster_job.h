/* wfm_roster_job: the background job kind "roster": builds a center's
 * roster with the optimizer (optimizer/wfm_roster.h) and stores it as a
 * draft (data/wfm_roster_store.h).
 *
 * Params, either
 *  - the roster input document of docs/roster.md ("start_date", "days",
 *    "interval_minutes", "queues", "required" or "offered" +
 *    "answered_curve", "options" for the target and time limit), where
 *    "agents" and "templates" may be left out to use the center's stored
 *    ones, or
 *  - a request without "required" and "offered": a plan spec
 *    ({"start_date", "days", "target", "overrides", "options"},
 *    data/wfm_plan_input.h) from which the job builds the document out of
 *    the center's forecast, agents and templates when it runs;
 * plus an optional "created_by". The center is the job's.
 *
 * Progress phases: "preparing" ({"requirements": "request" | "forecast"}),
 * "solving" (about four times a second from
 * inside the solver: {"step": the solver's phase "lp", "dive", "mip",
 * "breaks", "assign" or "evaluate", "elapsed_s", "time_limit_s", and once
 * known "incumbent", "best_bound", "gap"}; percent 10-90 by time spent),
 * "storing" ({"objective", "best_bound", "gap", "paid_hours"}: the named
 * roster and its proven gap). A cancel, a shutdown or a lost lease stops the
 * solve within about a second (the solver's progress callback asks it to
 * give up). Result: {"roster_id", "paid_hours", "objective", "gap",
 * "shortfalls" (how many intervals or days fall short)}. */
#ifndef WFM_ROSTER_JOB_H
#define WFM_ROSTER_JOB_H

#include <stdbool.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "core/wfm_error.h"
#include "data/wfm_job_kind.h"
#include "optimizer/wfm_roster_io.h"

/* The longest solve a job may ask for. A cancel stops a solve at any time;
 * the cap keeps a forgotten request from holding a job thread for hours,
 * and on rosters of a few hundred agents GLPK's search gains little after
 * the first minutes (docs/roster.md). */
#define WFM_ROSTER_JOB_MAX_TIME_LIMIT_S 600

/* The complete, checked input of a center's roster request (see params
 * above; a plan spec is built from the forecast, which takes a second or
 * two; options.time_limit_s at most WFM_ROSTER_JOB_MAX_TIME_LIMIT_S):
 * *input receives the document (new reference, caller
 * json_decref()s) and doc its parse (caller wfm_roster_doc_free()s) on
 * success; nothing to free on failure. WFM_EINVAL naming the field,
 * WFM_ENOTFOUND for an unknown center, WFM_EDB. Serves both the job and the
 * API, which refuses bad input before queueing anything. */
wfm_status wfm_roster_job_input(PGconn *db, const char *center_id, const json_t *request,
                                json_t **input, wfm_roster_doc *doc, wfm_error *err);

/* Whether request asks for its requirements from the center's forecast:
 * it gives neither "required" nor "offered". */
bool wfm_roster_request_from_forecast(const json_t *request);

/* What the API checks on such a request before queueing it, at once (no
 * forecast): wfm_plan_input_check and the time limit above. WFM_EINVAL
 * naming the field, WFM_ENOTFOUND for an unknown center or one without
 * agents or templates, WFM_EDB. */
wfm_status wfm_roster_job_check_forecast(PGconn *db, const char *center_id,
                                         const json_t *request, wfm_error *err);

/* The checks of wfm_roster_job_input on a complete document (agents and
 * templates already filled in), without a database: parse, validate, the
 * server's time limit. On success the caller wfm_roster_doc_free()s doc;
 * on failure nothing needs freeing. WFM_EINVAL naming the field. */
wfm_status wfm_roster_job_check(const json_t *input, wfm_roster_doc *doc, wfm_error *err);

/* The solver's progress reported as a job's (wfm_roster_opts.progress with
 * a wfm_roster_job_watch as cookie): each report becomes the job's progress
 * under phase, percent from from_percent to to_percent by time spent, with
 * {"step", "elapsed_s", "time_limit_s", "incumbent", "best_bound", "gap"};
 * when the job must stop for any reason (cancel, shutdown, lease lost) the
 * solver is told to give up at once (WFM_ROSTER_CANCEL): nothing is worth
 * storing from a roster nobody waits for. */
typedef struct wfm_roster_job_watch {
    wfm_job_ctx *ctx;
    const char *phase;
    double from_percent, to_percent;
} wfm_roster_job_watch;

int wfm_roster_job_report(void *cookie, const wfm_roster_progress *p);

/* The run function of kind "roster" (wfm_job_kind.h). */
wfm_status wfm_job_run_roster(const json_t *params, wfm_job_ctx *ctx, json_t **result,
                              wfm_error *err);

#endif
