/* wfm_worker: a process's share of the job queue. Runs up to `concurrency`
 * jobs at once, each on its own thread with its own database connection,
 * plus one control thread that LISTENs for new jobs and cancels (waking the
 * job threads at once; a poll every poll_s seconds is the backstop for lost
 * notifications) and renews the leases of the running jobs every
 * heartbeat_s seconds, writing their latest progress. Lost connections are
 * reopened (a database restart costs a few seconds, not the jobs).
 *
 * Used by `wfm worker` and, in-process, by the server (--worker-only or
 * alongside the HTTP threads). */
#ifndef WFM_WORKER_H
#define WFM_WORKER_H

#include <stdatomic.h>
#include <stdio.h>

#include "core/wfm_error.h"
#include "data/wfm_job_kind.h"

typedef struct wfm_worker_opts {
    const char *database_url;  /* required: a libpq connection string or URL */
    const char *worker_id;     /* names this worker in job rows; NULL: "<host>:<pid>" */
    int concurrency;           /* jobs run at once, 1..64; 2 */
    double lease_s;            /* a job whose worker is silent this long is taken again; 30 */
    double heartbeat_s;        /* lease renewal and progress writes, < lease_s / 2;
                                  0 (default): min(1, lease_s / 4) */
    double poll_s;             /* look for work (and dead workers' jobs) at least this
                                  often; 0 (default): min(5, lease_s / 2) */
    const wfm_job_kind *kinds; /* the kinds this worker runs; NULL: wfm_job_kinds */
    FILE *log;                 /* one line per event; stderr; NULL: silent */
} wfm_worker_opts;

void wfm_worker_opts_init(wfm_worker_opts *opts);

/* Runs the worker until *stop becomes nonzero (set it from a signal handler
 * or another thread), then stops taking jobs, asks the running ones to stop
 * at their next checkpoint, puts them back in the queue (not failed: another
 * worker resumes them) and returns WFM_OK. Returns early only for bad opts
 * (WFM_EINVAL naming the field) or when threads cannot be started. An
 * unreachable database is not an error: the worker keeps retrying. */
wfm_status wfm_worker_run(const wfm_worker_opts *opts, const atomic_int *stop, wfm_error *err);

/* The same loop on a thread of its own, for a process that does other work
 * too (the HTTP server running jobs alongside requests):
 *
 *     wfm_worker_handle *jobs = wfm_worker_start(&opts, &err);
 *     ... serve ...
 *     wfm_worker_stop(jobs);   // running jobs back to the queue, thread joined
 *
 * start checks opts first (NULL + WFM_EINVAL naming the field) and copies
 * the strings it needs; NULL + WFM_EINTERNAL when the thread cannot start.
 * stop blocks until the running jobs have reached a checkpoint and been
 * released, then frees the handle; NULL is a no-op. */
typedef struct wfm_worker_handle wfm_worker_handle;

wfm_worker_handle *wfm_worker_start(const wfm_worker_opts *opts, wfm_error *err);
void wfm_worker_stop(wfm_worker_handle *handle);

#endif
