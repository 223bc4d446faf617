/* wfm_jobs: the background-job queue in PostgreSQL (table `job`, migration
 * 005). The only SQL that touches jobs lives here.
 *
 * Life of a job: enqueue -> queued -> (a worker takes it) running ->
 * succeeded | failed | cancelled. A worker holds a running job by a lease
 * (lease_expires_at) it renews with heartbeats; when a worker dies, its lease
 * runs out and the next taker picks the job up again, until max_attempts
 * attempts have been made, after which wfm_job_close_abandoned (run by every
 * live worker) fails it with the error "worker_lost". Rows are taken with FOR UPDATE SKIP LOCKED, so any number of
 * processes on any machines share the work without ever taking one job twice.
 *
 * Every function that writes on behalf of a running attempt is fenced by the
 * lease (job id + worker id + attempt number): once another worker has taken
 * the job over, a late write from the old holder changes nothing and returns
 * WFM_ECONFLICT.
 *
 * The JSON form of a job (wfm_job_get, wfm_job_list, wfm_job_cancel) is the
 * API's representation (docs/jobs.md):
 *   {"id", "center_id" (null), "kind", "state", "priority", "params", "result" (null),
 *    "error" (null | {"code","message","field"}), "progress": {"phase",
 *    "percent", "detail"}, "attempts", "max_attempts", "worker_id" (null),
 *    "cancel_requested", "created_at", "started_at", "finished_at",
 *    "heartbeat_at", "lease_expires_at"}   (times ISO 8601 UTC or null)
 *
 * The notification channels WFM_JOB_CHANNEL (a job became takeable; payload
 * its kind) and WFM_JOB_CANCEL_CHANNEL (payload the job id) let workers wake
 * at once instead of waiting for their next poll. */
#ifndef WFM_JOBS_H
#define WFM_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "core/wfm_error.h"

#define WFM_JOB_CHANNEL "wfm_job"
#define WFM_JOB_CANCEL_CHANNEL "wfm_job_cancel"
#define WFM_JOB_NAME_MAX 64    /* kind and center id buffers, NUL included */
#define WFM_JOB_WORKER_MAX 128 /* worker id buffer, NUL included */

/* A new job. Fill with wfm_job_spec_init, then set fields. */
typedef struct wfm_job_spec {
    const char *kind;          /* required: [a-z0-9][a-z0-9_-]{0,62} */
    const char *center_id;     /* NULL: a job of no center (no limit applies) */
    const json_t *params;      /* a JSON object (borrowed); NULL means {} */
    int max_attempts;          /* attempts before a job whose worker keeps dying fails; 3 */
    int priority;              /* -100..100, higher taken first; 0 */
    int max_active_per_center; /* queued + running jobs a center may have; 20, 0 = no limit */
} wfm_job_spec;

void wfm_job_spec_init(wfm_job_spec *spec);

/* Adds a queued job and wakes the workers (NOTIFY). On success *id receives
 * its id. WFM_EINVAL names the bad field; WFM_ELIMIT when the center already
 * has max_active_per_center queued or running jobs; WFM_ENOTFOUND when the
 * center does not exist; WFM_EDB when the database fails. */
wfm_status wfm_job_enqueue(PGconn *db, const wfm_job_spec *spec, long long *id, wfm_error *err);

/* One attempt of a job, as held by the worker that took it. */
typedef struct wfm_job_lease {
    long long id;
    int attempt;                          /* 1 on the first attempt */
    int max_attempts;
    char worker_id[WFM_JOB_WORKER_MAX];
    char kind[WFM_JOB_NAME_MAX];
    char center_id[WFM_JOB_NAME_MAX];     /* "" when the job has no center */
    json_t *params;                       /* owned; freed by wfm_job_lease_clear */
} wfm_job_lease;

/* Frees what lease owns and zeroes it. Safe on a zeroed or cleared lease. */
void wfm_job_lease_clear(wfm_job_lease *lease);

/* Takes, for lease_s seconds, a job of one of the n_kinds kinds: first a
 * running one whose lease has expired (its worker died) and which has
 * attempts left and no cancel request, else the queued one of highest
 * priority, oldest first. On
 * success *taken tells whether a job was taken; when it was, lease is filled
 * (release it with wfm_job_lease_clear). worker_id: 1..127 characters naming
 * this worker in the job row. */
wfm_status wfm_job_take(PGconn *db, const char *worker_id, double lease_s,
                        const char *const *kinds, size_t n_kinds,
                        wfm_job_lease *lease, bool *taken, wfm_error *err);

/* Closes the expired jobs that may not be taken again: failed with error
 * code "worker_lost" once max_attempts attempts have been made, cancelled
 * when cancel had been requested. Workers call it with every heartbeat
 * round. *closed (may be NULL) receives how many were closed. */
wfm_status wfm_job_close_abandoned(PGconn *db, int *closed, wfm_error *err);

/* Progress of a running job as its runner reports it. */
typedef struct wfm_job_report {
    const char *phase;      /* short word ("solving"); NULL keeps the stored one */
    double percent;         /* 0..100; clamped */
    const json_t *detail;   /* borrowed; NULL keeps the stored one */
} wfm_job_report;

/* Renews the lease for lease_s seconds from now, stores report (may be NULL)
 * and sets *cancel_requested (may be NULL). WFM_ECONFLICT when this attempt
 * no longer holds the job: the runner must stop, its work will be dropped. */
wfm_status wfm_job_heartbeat(PGconn *db, const wfm_job_lease *lease, double lease_s,
                             const wfm_job_report *report, bool *cancel_requested,
                             wfm_error *err);

/* Ends an attempt. All return WFM_ECONFLICT when the lease was lost.
 * succeed: state succeeded, result stored (borrowed; NULL is stored as null).
 * fail: when retry is true and attempts remain, the job goes back to queued
 *   (for transient failures such as a database error); otherwise state failed
 *   with error {"code","message","field"} made from failure.
 * cancelled: the runner stopped because cancel was requested.
 * release: back to queued without counting this attempt (graceful shutdown).
 * A job whose cancel was requested never goes back to the queue: fail with
 * retry and release end it cancelled instead. */
wfm_status wfm_job_succeed(PGconn *db, const wfm_job_lease *lease, const json_t *result,
                           wfm_error *err);
wfm_status wfm_job_fail(PGconn *db, const wfm_job_lease *lease, const wfm_error *failure,
                        bool retry, wfm_error *err);
wfm_status wfm_job_mark_cancelled(PGconn *db, const wfm_job_lease *lease, wfm_error *err);
wfm_status wfm_job_release(PGconn *db, const wfm_job_lease *lease, wfm_error *err);

/* Asks for job id to be cancelled: a queued job is cancelled at once, a
 * running one is flagged (and its worker notified) and stops at its runner's
 * next checkpoint. Cancelling a cancelled job again is a no-op. When
 * center_id is not NULL the job must belong to that center. *job (may be
 * NULL) receives the job's JSON after the request (caller json_decref()s).
 * WFM_ENOTFOUND: no such job; WFM_ECONFLICT: it has already succeeded or
 * failed. */
wfm_status wfm_job_cancel(PGconn *db, long long id, const char *center_id, json_t **job,
                          wfm_error *err);

/* The JSON form of job id into *job (caller json_decref()s); WFM_ENOTFOUND
 * when there is none, or when center_id is not NULL and differs. */
wfm_status wfm_job_get(PGconn *db, long long id, const char *center_id, json_t **job,
                       wfm_error *err);

/* Which jobs wfm_job_list returns. Fill with wfm_job_filter_init. */
typedef struct wfm_job_filter {
    const char *center_id; /* NULL: every center's and center-less jobs */
    const char *state;     /* NULL or one of the five states */
    const char *kind;      /* NULL or a kind */
    long long before_id;   /* > 0: only ids below (paging, newest first) */
    int limit;             /* 1..500; 50 */
} wfm_job_filter;

void wfm_job_filter_init(wfm_job_filter *filter);

/* The matching jobs, newest first, as a JSON array into *jobs (caller
 * json_decref()s). WFM_EINVAL names a bad filter field. */
wfm_status wfm_job_list(PGconn *db, const wfm_job_filter *filter, json_t **jobs, wfm_error *err);

/* The queue's health, for monitoring and `wfm job stats`, into *stats
 * (caller json_decref()s):
 *   {"queued", "running", "expired_leases" (running, worker silent),
 *    "oldest_queued_age_s" (null when none queued),
 *    "last_hour": {"succeeded", "failed", "cancelled"},
 *    "busy_workers": ["worker id", ...]}
 * center_id NULL: all jobs; otherwise that center's. */
wfm_status wfm_job_stats(PGconn *db, const char *center_id, json_t **stats, wfm_error *err);

/* Deletes finished jobs (succeeded, failed, cancelled) that finished more
 * than older_than_days days ago (>= 0; fractions allowed); queued and
 * running jobs are never touched. *deleted (may be NULL) receives the count.
 * For retention, e.g. `wfm job prune --older-than 30` daily. */
wfm_status wfm_job_prune(PGconn *db, double older_than_days, long long *deleted, wfm_error *err);

/* Whether state is one a job never leaves (succeeded, failed, cancelled). */
bool wfm_job_state_is_final(const char *state);

/* Parses a job id ("42") as given on a command line or in a URL; WFM_EINVAL
 * naming field unless it is a positive integer. */
wfm_status wfm_job_id_parse(const char *text, const char *field, long long *id, wfm_error *err);

#endif
