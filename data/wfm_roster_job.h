/* wfm_roster_job: the background job kind "roster": builds a center's
 * roster with the optimizer (optimizer/wfm_roster.h) and stores it as a
 * draft (data/wfm_roster_store.h).
 *
 * Params: the roster input document of docs/roster.md ("start_date",
 * "days", "interval_minutes", "queues", "required" or "offered" +
 * "answered_curve", "options" for the target and time limit), where
 * "agents" and "templates" may be left out to use the center's stored
 * ones, plus an optional "created_by". The center is the job's. Requirements
 * are given inline: the forecasts are not stored per center yet.
 *
 * Progress phases: "preparing", "solving" ({"time_limit_s"}), "storing"
 * ({"objective", "best_bound", "gap", "paid_hours"}: the incumbent and its
 * proven gap). A cancel is honoured before and after the solve; the solve
 * itself ends within its time limit. Result: {"roster_id", "paid_hours",
 * "objective", "gap", "shortfalls" (how many intervals or days fall short)}. */
#ifndef WFM_ROSTER_JOB_H
#define WFM_ROSTER_JOB_H

#include <jansson.h>
#include <libpq-fe.h>

#include "core/wfm_error.h"
#include "data/wfm_job_kind.h"
#include "optimizer/wfm_roster_io.h"

/* The longest solve a job may ask for: a job thread is held for the whole
 * solve, which a cancel cannot interrupt. */
#define WFM_ROSTER_JOB_MAX_TIME_LIMIT_S 600

/* The complete, checked input of a center's roster request (see params
 * above; options.time_limit_s at most WFM_ROSTER_JOB_MAX_TIME_LIMIT_S): *input receives the document (new reference, caller
 * json_decref()s) and doc its parse (caller wfm_roster_doc_free()s) on
 * success; nothing to free on failure. WFM_EINVAL naming the field,
 * WFM_ENOTFOUND for an unknown center, WFM_EDB. Serves both the job and the
 * API, which refuses bad input before queueing anything. */
wfm_status wfm_roster_job_input(PGconn *db, const char *center_id, const json_t *request,
                                json_t **input, wfm_roster_doc *doc, wfm_error *err);

/* The checks of wfm_roster_job_input on a complete document (agents and
 * templates already filled in), without a database: parse, validate, the
 * server's time limit. On success the caller wfm_roster_doc_free()s doc;
 * on failure nothing needs freeing. WFM_EINVAL naming the field. */
wfm_status wfm_roster_job_check(const json_t *input, wfm_roster_doc *doc, wfm_error *err);

/* The run function of kind "roster" (wfm_job_kind.h). */
wfm_status wfm_job_run_roster(const json_t *params, wfm_job_ctx *ctx, json_t **result,
                              wfm_error *err);

#endif
