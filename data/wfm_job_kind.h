/* wfm_job_kind: what a background job does, by kind name, and the context a
 * running job reports progress through.
 *
 * A kind is a row in the table wfm_job_kinds (wfm_job_kind.c): a name and a
 * run function. Registering a new kind (roster, scenario) is one row there;
 * the queue (wfm_jobs) and the worker (wfm_worker) never change for it.
 *
 * A run function:
 *   wfm_status run(const json_t *params, wfm_job_ctx *ctx, json_t **result,
 *                  wfm_error *err);
 * gets the job's params (a JSON object, borrowed), does the work, and either
 * returns WFM_OK with *result set to a JSON value it hands over (stolen;
 * NULL is stored as null), or a status with err filled (bad params:
 * WFM_EINVAL naming the field; WFM_EDB means "try again": the job is retried
 * while attempts remain). It calls wfm_job_progress at checkpoints, at least
 * every second or so; when that returns nonzero the job must stop: return
 * wfm_job_stopped(ctx, err) promptly (within a second), or WFM_OK with a
 * partial result when the work done so far is worth keeping (a solver's
 * incumbent). It must not keep ctx after it returns.
 *
 * Storing output: a run function may use wfm_job_ctx_db (the job thread's
 * connection). When it writes its output (roster rows, scenario results) it
 * should BEGIN there, write, and return WFM_OK with the transaction still
 * open: the worker then marks the job succeeded in that same transaction and
 * commits, so the output exists exactly when the job has succeeded, and is
 * rolled back when another worker has taken the job over meanwhile. On any
 * other return an open transaction is rolled back. Heartbeats use another
 * connection, so a long transaction does not lose the lease. */
#ifndef WFM_JOB_KIND_H
#define WFM_JOB_KIND_H

#include <jansson.h>
#include <libpq-fe.h>

#include "core/wfm_error.h"
#include "data/wfm_jobs.h"

/* Why a running job is asked to stop (0: it is not). */
typedef enum wfm_job_stop {
    WFM_JOB_GO_ON = 0,
    WFM_JOB_STOP_CANCEL,   /* a user cancelled it: it ends cancelled */
    WFM_JOB_STOP_SHUTDOWN, /* its worker is shutting down: it goes back to the queue */
    WFM_JOB_STOP_LOST      /* another worker took it over: the result is dropped */
} wfm_job_stop;

typedef struct wfm_job_ctx wfm_job_ctx;

typedef wfm_status (*wfm_job_run_fn)(const json_t *params, wfm_job_ctx *ctx,
                                     json_t **result, wfm_error *err);

typedef struct wfm_job_kind {
    const char *name;    /* as in job.kind */
    const char *summary; /* one line for `wfm job kinds` and the docs */
    wfm_job_run_fn run;
} wfm_job_kind;

/* The kinds this build knows, terminated by a row whose name is NULL. */
extern const wfm_job_kind wfm_job_kinds[];

/* The row of table (NULL-terminated) named name, or NULL. */
const wfm_job_kind *wfm_job_kind_find(const wfm_job_kind *table, const char *name);

/* Reports progress: phase (a short word, may be NULL to keep the last),
 * percent (0..100), detail (stolen; may be NULL; e.g. {"gap": 0.004,
 * "incumbent": 1234.5}). Cheap: it only records the values, which the
 * worker's heartbeat writes to the job row about once a second. Returns the
 * reason the job must stop, WFM_JOB_GO_ON (0) when it should go on. */
wfm_job_stop wfm_job_progress(wfm_job_ctx *ctx, const char *phase, double percent,
                              json_t *detail);

/* The reason the job must stop, without reporting anything. */
wfm_job_stop wfm_job_should_stop(const wfm_job_ctx *ctx);

/* Fills err with "job <id> stopped: <reason>" and returns the status a run
 * function returns when it stops early (WFM_ECONFLICT). */
wfm_status wfm_job_stopped(const wfm_job_ctx *ctx, wfm_error *err);

/* The job thread's database connection (NULL when run without one), the
 * job's id (0 when run without a queue) and center ("" when none). */
PGconn *wfm_job_ctx_db(const wfm_job_ctx *ctx);
long long wfm_job_ctx_job_id(const wfm_job_ctx *ctx);
const char *wfm_job_ctx_center_id(const wfm_job_ctx *ctx);

/* For whoever runs jobs (the worker, `wfm job run`, tests). */

/* A context for one attempt. db and lease may be NULL (a run outside the
 * queue); lease is copied without its params. Caller frees with
 * wfm_job_ctx_free once the run function has returned. NULL when out of
 * memory. */
wfm_job_ctx *wfm_job_ctx_create(PGconn *db, const wfm_job_lease *lease);
void wfm_job_ctx_free(wfm_job_ctx *ctx);

/* Asks the run to stop; the first reason given wins. Thread-safe. */
void wfm_job_ctx_stop(wfm_job_ctx *ctx, wfm_job_stop reason);

/* Takes the progress reported since the last call, for a heartbeat. Returns
 * 0 when nothing new was reported; otherwise fills phase (size phase_size),
 * *percent and *detail (a new reference the caller json_decref()s, or NULL)
 * and returns 1. Thread-safe. */
int wfm_job_ctx_take_report(wfm_job_ctx *ctx, char *phase, size_t phase_size,
                            double *percent, json_t **detail);

/* Built-in kind "sleep": an operational diagnostic that exercises the whole
 * path (enqueue, take, heartbeat, progress, cancel, shutdown) without doing
 * real work. params: {"seconds": 0..3600, default 1}. Sleeps in 100 ms steps
 * reporting phase "sleeping", the percent done and {"elapsed_s"}; result
 * {"slept_s"}. */
wfm_status wfm_job_run_sleep(const json_t *params, wfm_job_ctx *ctx, json_t **result,
                             wfm_error *err);

#endif
