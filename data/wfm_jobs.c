/* wfm_jobs: the background-job queue in PostgreSQL (see wfm_jobs.h and
 * docs/jobs.md for the design). */
#include "data/wfm_jobs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Advisory-lock class (first key) serializing enqueues of one center, so two
 * concurrent enqueues cannot both slip under the per-center limit. */
#define WFM_JOB_ENQUEUE_LOCK "5005"

#define TS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/* The API's JSON form of a job row (documented in wfm_jobs.h); json, not
 * jsonb, keeps the keys in this order. */
#define JOB_JSON                                                                     \
    "json_build_object('id', id, 'center_id', center_id, 'kind', kind,"             \
    " 'state', state, 'priority', priority, 'params', params, 'result', result,"    \
    " 'error', error,"                                                               \
    " 'progress', json_build_object('phase', phase, 'percent', percent,"            \
    "   'detail', progress),"                                                        \
    " 'attempts', attempts, 'max_attempts', max_attempts, 'worker_id', worker_id,"   \
    " 'cancel_requested', cancel_requested,"                                         \
    " 'created_at', " TS("created_at") ", 'started_at', " TS("started_at") ","       \
    " 'finished_at', " TS("finished_at") ", 'heartbeat_at', " TS("heartbeat_at") "," \
    " 'lease_expires_at', " TS("lease_expires_at") ")"

/* Fences a write to the attempt a lease names: $1 id, $2 worker, $3 attempt. */
#define LEASE_HELD "id = $1 AND worker_id = $2 AND attempts = $3 AND state = 'running'"

void wfm_job_spec_init(wfm_job_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->max_attempts = 3;
    spec->max_active_per_center = 20;
}

void wfm_job_filter_init(wfm_job_filter *filter)
{
    memset(filter, 0, sizeof *filter);
    filter->limit = 50;
}

void wfm_job_lease_clear(wfm_job_lease *lease)
{
    json_decref(lease->params);
    memset(lease, 0, sizeof *lease);
}

/* Names follow the same rule as the table's CHECK on kind and center ids. */
static bool is_name(const char *s)
{
    if (!s || !*s || strlen(s) >= WFM_JOB_NAME_MAX)
        return false;
    for (const char *c = s; *c; c++) {
        bool ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
                  (c > s && (*c == '_' || *c == '-'));
        if (!ok)
            return false;
    }
    return true;
}

static bool is_state(const char *s)
{
    static const char *const states[] = {"queued", "running", "succeeded", "failed",
                                         "cancelled"};
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
        if (!strcmp(s, states[i]))
            return true;
    return false;
}

/* Runs a parameterized statement; NULL with WFM_EDB in err (naming what was
 * being done) unless it returned rows or completed. */
static PGresult *run(PGconn *db, const char *what, const char *sql, int n,
                     const char *const *values, wfm_error *err)
{
    if (!db || PQstatus(db) != CONNECTION_OK) {
        wfm_error_set(err, WFM_EDB, NULL, "%s: no database connection%s%s", what,
                      db ? ": " : "", db ? PQerrorMessage(db) : "");
        return NULL;
    }
    PGresult *res = PQexecParams(db, sql, n, NULL, values, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        return res;
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    wfm_status status = state && !strcmp(state, "23503") ? WFM_ENOTFOUND : WFM_EDB;
    char msg[400];
    snprintf(msg, sizeof msg, "%s", res ? PQresultErrorMessage(res) : PQerrorMessage(db));
    msg[strcspn(msg, "\n")] = '\0';
    wfm_error_set(err, status, NULL, "%s: %s", what, msg);
    PQclear(res);
    return NULL;
}

/* Runs a statement whose result does not matter beyond success. */
static wfm_status run_only(PGconn *db, const char *what, const char *sql, int n,
                           const char *const *values, wfm_error *err)
{
    PGresult *res = run(db, what, sql, n, values, err);
    PQclear(res);
    return res ? WFM_OK : err->status;
}

/* A JSON value as text for a jsonb parameter; NULL stays NULL (SQL null).
 * Caller free()s. */
static char *json_text(const json_t *value)
{
    return value ? json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
}

/* The single jsonb cell of a one-row result, parsed; NULL when no row. */
static json_t *json_cell(PGresult *res, int col, wfm_error *err)
{
    if (PQntuples(res) < 1 || PQgetisnull(res, 0, col))
        return NULL;
    json_error_t jerr;
    json_t *out = json_loads(PQgetvalue(res, 0, col), JSON_DECODE_ANY, &jerr);
    if (!out)
        wfm_error_set(err, WFM_EINTERNAL, NULL, "stored JSON did not parse: %s", jerr.text);
    return out;
}

static wfm_status notify(PGconn *db, const char *channel, const char *payload, wfm_error *err)
{
    const char *values[] = {channel, payload};
    return run_only(db, "waking the workers", "SELECT pg_notify($1, $2)", 2, values, err);
}

static wfm_status check_spec(const wfm_job_spec *spec, wfm_error *err)
{
    if (!is_name(spec->kind))
        return wfm_error_set(err, WFM_EINVAL, "kind",
                             "kind must be 1-63 characters of a-z, 0-9, _ and - ('%s')",
                             spec->kind ? spec->kind : "(null)");
    if (spec->center_id && !is_name(spec->center_id))
        return wfm_error_set(err, WFM_EINVAL, "center_id", "center_id is not a valid id ('%s')",
                             spec->center_id);
    if (spec->params && !json_is_object(spec->params))
        return wfm_error_set(err, WFM_EINVAL, "params", "params must be a JSON object");
    if (spec->max_attempts < 1 || spec->max_attempts > 100)
        return wfm_error_set(err, WFM_EINVAL, "max_attempts",
                             "max_attempts must be in 1..100 (%d)", spec->max_attempts);
    if (spec->priority < -100 || spec->priority > 100)
        return wfm_error_set(err, WFM_EINVAL, "priority", "priority must be in -100..100 (%d)",
                             spec->priority);
    if (spec->max_active_per_center < 0)
        return wfm_error_set(err, WFM_EINVAL, "max_active_per_center",
                             "max_active_per_center must be >= 0 (%d)",
                             spec->max_active_per_center);
    return WFM_OK;
}

/* Inserts the row unless the center is at its limit; *id = 0 when it is. */
static wfm_status insert_job(PGconn *db, const wfm_job_spec *spec, long long *id,
                             wfm_error *err)
{
    char max_attempts[16], limit[16], priority[16];
    snprintf(max_attempts, sizeof max_attempts, "%d", spec->max_attempts);
    snprintf(limit, sizeof limit, "%d", spec->max_active_per_center);
    snprintf(priority, sizeof priority, "%d", spec->priority);
    char *params = spec->params ? json_text(spec->params) : strdup("{}");
    if (!params)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory encoding params");
    const char *values[] = {spec->center_id, spec->kind, params, max_attempts, limit, priority};
    wfm_status st = WFM_OK;
    if (spec->center_id && spec->max_active_per_center > 0)
        st = run_only(db, "locking the center's job count",
                      "SELECT pg_advisory_xact_lock(" WFM_JOB_ENQUEUE_LOCK ", hashtext($1))", 1,
                      values, err);
    PGresult *res = st ? NULL
        : run(db, "adding the job",
              "INSERT INTO job (center_id, kind, params, max_attempts, priority)"
              " SELECT $1, $2, $3::jsonb, $4::int, $6::smallint"
              " WHERE $1::text IS NULL OR $5::int = 0 OR"
              "  (SELECT count(*) FROM job WHERE center_id = $1"
              "   AND state IN ('queued', 'running')) < $5::int"
              " RETURNING id",
              6, values, err);
    free(params);
    if (!res)
        return err->status;
    *id = PQntuples(res) ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
    PQclear(res);
    return WFM_OK;
}

wfm_status wfm_job_enqueue(PGconn *db, const wfm_job_spec *spec, long long *id, wfm_error *err)
{
    wfm_status st = check_spec(spec, err);
    if (st)
        return st;
    /* Join the caller's transaction when there is one (a roster row and its
     * job then commit together); otherwise make our own. */
    bool own = db && PQtransactionStatus(db) == PQTRANS_IDLE;
    if (own && (st = run_only(db, "starting a transaction", "BEGIN", 0, NULL, err)))
        return st;
    long long new_id = 0;
    st = insert_job(db, spec, &new_id, err);
    if (!st && !new_id)
        st = wfm_error_set(err, WFM_ELIMIT, "center_id",
                           "center '%s' already has %d queued or running jobs (the limit)",
                           spec->center_id, spec->max_active_per_center);
    if (st == WFM_ENOTFOUND)
        wfm_error_set(err, WFM_ENOTFOUND, "center_id", "no center '%s'", spec->center_id);
    if (!st)
        st = notify(db, WFM_JOB_CHANNEL, spec->kind, err);
    if (own) {
        wfm_error ignored;
        if (st)
            run_only(db, "rolling back", "ROLLBACK", 0, NULL, &ignored);
        else
            st = run_only(db, "committing the job", "COMMIT", 0, NULL, err);
    }
    if (!st)
        *id = new_id;
    return st;
}

wfm_status wfm_job_close_abandoned(PGconn *db, int *closed, wfm_error *err)
{
    PGresult *res = run(db, "closing jobs of dead workers",
        "UPDATE job SET finished_at = now(), lease_expires_at = NULL,"
        " state = CASE WHEN cancel_requested THEN 'cancelled' ELSE 'failed' END,"
        " error = CASE WHEN cancel_requested THEN NULL ELSE jsonb_build_object("
        "  'code', 'worker_lost', 'field', NULL, 'message', format("
        "  'the worker running job %s stopped renewing its lease on each of %s attempts"
        " (max_attempts); last worker: %s', id, attempts, worker_id)) END"
        " WHERE id IN (SELECT id FROM job WHERE state = 'running' AND lease_expires_at < now()"
        "  AND (cancel_requested OR attempts >= max_attempts) FOR UPDATE SKIP LOCKED)",
        0, NULL, err);
    if (!res)
        return err->status;
    if (closed)
        *closed = atoi(PQcmdTuples(res));
    PQclear(res);
    return WFM_OK;
}

/* '{a,b}' from names already checked by is_name (no quoting needed). */
static char *text_array(const char *const *names, size_t n, wfm_error *err)
{
    size_t len = 3;
    for (size_t i = 0; i < n; i++) {
        if (!is_name(names[i])) {
            wfm_error_set(err, WFM_EINVAL, "kinds", "'%s' is not a job kind name",
                          names[i] ? names[i] : "(null)");
            return NULL;
        }
        len += strlen(names[i]) + 1;
    }
    char *out = malloc(len);
    if (!out) {
        wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    strcpy(out, "{");
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, ",");
        strcat(out, names[i]);
    }
    strcat(out, "}");
    return out;
}

static wfm_status fill_lease(PGresult *res, const char *worker_id, wfm_job_lease *lease,
                             wfm_error *err)
{
    memset(lease, 0, sizeof *lease);
    lease->id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    lease->attempt = atoi(PQgetvalue(res, 0, 1));
    lease->max_attempts = atoi(PQgetvalue(res, 0, 2));
    snprintf(lease->worker_id, sizeof lease->worker_id, "%s", worker_id);
    snprintf(lease->kind, sizeof lease->kind, "%s", PQgetvalue(res, 0, 3));
    snprintf(lease->center_id, sizeof lease->center_id, "%s", PQgetvalue(res, 0, 4));
    lease->params = json_cell(res, 5, err);
    return lease->params ? WFM_OK : err->status;
}

wfm_status wfm_job_take(PGconn *db, const char *worker_id, double lease_s,
                        const char *const *kinds, size_t n_kinds,
                        wfm_job_lease *lease, bool *taken, wfm_error *err)
{
    *taken = false;
    if (!worker_id || !*worker_id || strlen(worker_id) >= WFM_JOB_WORKER_MAX)
        return wfm_error_set(err, WFM_EINVAL, "worker_id", "worker_id must be 1-%d characters",
                             WFM_JOB_WORKER_MAX - 1);
    if (!(lease_s >= 0.1 && lease_s <= 86400))
        return wfm_error_set(err, WFM_EINVAL, "lease_s", "lease_s must be in 0.1..86400 (%g)",
                             lease_s);
    wfm_status st = WFM_OK;
    char *kind_list = text_array(kinds, n_kinds, err);
    if (!kind_list)
        return err->status;
    char lease_text[32];
    snprintf(lease_text, sizeof lease_text, "%.3f", lease_s);
    const char *values[] = {worker_id, lease_text, kind_list};
    /* Jobs of dead workers first (they are the oldest work), then the queue.
     * Each candidate walks its own partial index (an OR of the two would scan
     * the whole table, finished jobs included), and the second runs only when
     * the first found nothing (COALESCE evaluates its init plans lazily). */
    PGresult *res = run(db, "taking a job",
        "WITH expired AS (SELECT id FROM job WHERE state = 'running'"
        "   AND lease_expires_at < now() AND attempts < max_attempts AND NOT cancel_requested"
        "   AND kind = ANY($3::text[]) ORDER BY lease_expires_at LIMIT 1 FOR UPDATE SKIP LOCKED),"
        " queued AS (SELECT id FROM job WHERE state = 'queued' AND kind = ANY($3::text[])"
        "   ORDER BY priority DESC, created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
        " UPDATE job SET state = 'running', worker_id = $1, attempts = attempts + 1,"
        " started_at = now(), heartbeat_at = now(),"
        " lease_expires_at = now() + make_interval(secs => $2::float8),"
        " phase = '', percent = 0, progress = NULL"
        " WHERE id = coalesce((SELECT id FROM expired), (SELECT id FROM queued))"
        " RETURNING id, attempts, max_attempts, kind, coalesce(center_id, ''), params",
        3, values, err);
    free(kind_list);
    if (!res)
        return err->status;
    if (PQntuples(res) == 1) {
        st = fill_lease(res, worker_id, lease, err);
        *taken = st == WFM_OK;
    }
    PQclear(res);
    return st;
}

/* Runs an UPDATE fenced by the lease ($1-$3; extra values from $4) and
 * returns its result, or NULL with WFM_ECONFLICT when the lease is lost. */
static PGresult *run_fenced(PGconn *db, const wfm_job_lease *lease, const char *what,
                            const char *sql, int n_extra, const char *const *extra,
                            wfm_error *err)
{
    char id[24], attempt[16];
    snprintf(id, sizeof id, "%lld", lease->id);
    snprintf(attempt, sizeof attempt, "%d", lease->attempt);
    const char *values[8] = {id, lease->worker_id, attempt};
    for (int i = 0; i < n_extra && i < 5; i++)
        values[3 + i] = extra[i];
    PGresult *res = run(db, what, sql, 3 + n_extra, values, err);
    if (res && PQntuples(res) == 0) {
        PQclear(res);
        wfm_error_set(err, WFM_ECONFLICT, NULL,
                      "%s: job %lld attempt %d is no longer held by worker '%s' (lease lost)",
                      what, lease->id, lease->attempt, lease->worker_id);
        return NULL;
    }
    return res;
}

wfm_status wfm_job_heartbeat(PGconn *db, const wfm_job_lease *lease, double lease_s,
                             const wfm_job_report *report, bool *cancel_requested,
                             wfm_error *err)
{
    char lease_text[32], percent[32];
    snprintf(lease_text, sizeof lease_text, "%.3f", lease_s);
    double p = report ? report->percent : 0;
    snprintf(percent, sizeof percent, "%.2f", p < 0 ? 0 : p > 100 ? 100 : p);
    char *detail = report ? json_text(report->detail) : NULL;
    const char *extra[] = {lease_text, report ? report->phase : NULL, report ? percent : NULL,
                           detail};
    PGresult *res = run_fenced(db, lease, "renewing the lease",
        "UPDATE job SET heartbeat_at = now(),"
        " lease_expires_at = now() + make_interval(secs => $4::float8),"
        " phase = coalesce($5, phase), percent = coalesce($6::real, percent),"
        " progress = coalesce($7::jsonb, progress)"
        " WHERE " LEASE_HELD " RETURNING cancel_requested",
        4, extra, err);
    free(detail);
    if (!res)
        return err->status;
    if (cancel_requested)
        *cancel_requested = !strcmp(PQgetvalue(res, 0, 0), "t");
    PQclear(res);
    return WFM_OK;
}

/* Ends an attempt with one fenced UPDATE; wakes the workers when the job went
 * back to the queue. */
static wfm_status end_attempt(PGconn *db, const wfm_job_lease *lease, const char *what,
                              const char *sql, int n_extra, const char *const *extra,
                              wfm_error *err)
{
    PGresult *res = run_fenced(db, lease, what, sql, n_extra, extra, err);
    if (!res)
        return err->status;
    bool requeued = !strcmp(PQgetvalue(res, 0, 0), "queued");
    PQclear(res);
    return requeued ? notify(db, WFM_JOB_CHANNEL, lease->kind, err) : WFM_OK;
}

wfm_status wfm_job_succeed(PGconn *db, const wfm_job_lease *lease, const json_t *result,
                           wfm_error *err)
{
    char *text = json_text(result);
    const char *extra[] = {text};
    wfm_status st = end_attempt(db, lease, "storing the job's result",
        "UPDATE job SET state = 'succeeded', result = $4::jsonb, finished_at = now(),"
        " lease_expires_at = NULL, percent = 100"
        " WHERE " LEASE_HELD " RETURNING state",
        1, extra, err);
    free(text);
    return st;
}

wfm_status wfm_job_fail(PGconn *db, const wfm_job_lease *lease, const wfm_error *failure,
                        bool retry, wfm_error *err)
{
    json_t *error = json_pack("{s:s, s:s, s:s?}", "code", wfm_status_name(failure->status),
                              "message", failure->message,
                              "field", failure->field[0] ? failure->field : NULL);
    char *text = json_text(error);
    json_decref(error);
    const char *extra[] = {text, retry ? "true" : "false"};
    wfm_status st = end_attempt(db, lease, "storing the job's error",
        "UPDATE job SET error = $4::jsonb, lease_expires_at = NULL,"
        " state = CASE WHEN NOT ($5::bool AND attempts < max_attempts) THEN 'failed'"
        "  WHEN cancel_requested THEN 'cancelled' ELSE 'queued' END,"
        " finished_at = CASE WHEN $5::bool AND attempts < max_attempts AND NOT cancel_requested"
        "  THEN NULL ELSE now() END"
        " WHERE " LEASE_HELD " RETURNING state",
        2, extra, err);
    free(text);
    return st;
}

wfm_status wfm_job_mark_cancelled(PGconn *db, const wfm_job_lease *lease, wfm_error *err)
{
    return end_attempt(db, lease, "marking the job cancelled",
        "UPDATE job SET state = 'cancelled', finished_at = now(), lease_expires_at = NULL"
        " WHERE " LEASE_HELD " RETURNING state",
        0, NULL, err);
}

wfm_status wfm_job_release(PGconn *db, const wfm_job_lease *lease, wfm_error *err)
{
    return end_attempt(db, lease, "releasing the job",
        "UPDATE job SET lease_expires_at = NULL,"
        " state = CASE WHEN cancel_requested THEN 'cancelled' ELSE 'queued' END,"
        " finished_at = CASE WHEN cancel_requested THEN now() END,"
        " attempts = attempts - CASE WHEN cancel_requested THEN 0 ELSE 1 END,"
        " worker_id = CASE WHEN cancel_requested THEN worker_id END,"
        " started_at = CASE WHEN cancel_requested THEN started_at END,"
        " heartbeat_at = CASE WHEN cancel_requested THEN heartbeat_at END"
        " WHERE " LEASE_HELD " RETURNING state",
        0, NULL, err);
}

wfm_status wfm_job_get(PGconn *db, long long id, const char *center_id, json_t **job,
                       wfm_error *err)
{
    *job = NULL;
    char id_text[24];
    snprintf(id_text, sizeof id_text, "%lld", id);
    const char *values[] = {id_text, center_id};
    PGresult *res = run(db, "reading the job",
                        "SELECT " JOB_JSON " FROM job"
                        " WHERE id = $1 AND ($2::text IS NULL OR center_id = $2)",
                        2, values, err);
    if (!res)
        return err->status;
    wfm_status st = WFM_OK;
    if (PQntuples(res) == 0)
        st = center_id
            ? wfm_error_set(err, WFM_ENOTFOUND, "id", "center '%s' has no job %lld", center_id, id)
            : wfm_error_set(err, WFM_ENOTFOUND, "id", "no job %lld", id);
    else if (!(*job = json_cell(res, 0, err)))
        st = err->status;
    PQclear(res);
    return st;
}

wfm_status wfm_job_cancel(PGconn *db, long long id, const char *center_id, json_t **job,
                          wfm_error *err)
{
    if (job)
        *job = NULL;
    char id_text[24];
    snprintf(id_text, sizeof id_text, "%lld", id);
    const char *values[] = {id_text, center_id};
    PGresult *res = run(db, "cancelling the job",
        "UPDATE job SET cancel_requested = true,"
        " state = CASE WHEN state = 'queued' THEN 'cancelled' ELSE state END,"
        " finished_at = CASE WHEN state = 'queued' THEN now() ELSE finished_at END"
        " WHERE id = $1 AND ($2::text IS NULL OR center_id = $2)"
        "  AND state IN ('queued', 'running') RETURNING state",
        2, values, err);
    if (!res)
        return err->status;
    bool running = PQntuples(res) == 1 && !strcmp(PQgetvalue(res, 0, 0), "running");
    PQclear(res);
    json_t *now = NULL;
    wfm_status st = running ? notify(db, WFM_JOB_CANCEL_CHANNEL, id_text, err) : WFM_OK;
    if (!st)
        st = wfm_job_get(db, id, center_id, &now, err);
    const char *state = now ? json_string_value(json_object_get(now, "state")) : "";
    if (!st && wfm_job_state_is_final(state) && strcmp(state, "cancelled"))
        st = wfm_error_set(err, WFM_ECONFLICT, "id", "job %lld has already %s", id, state);
    if (!st && job)
        *job = now;
    else
        json_decref(now);
    return st;
}

wfm_status wfm_job_list(PGconn *db, const wfm_job_filter *filter, json_t **jobs, wfm_error *err)
{
    *jobs = NULL;
    if (filter->center_id && !is_name(filter->center_id))
        return wfm_error_set(err, WFM_EINVAL, "center_id", "center_id is not a valid id ('%s')",
                             filter->center_id);
    if (filter->state && !is_state(filter->state))
        return wfm_error_set(err, WFM_EINVAL, "state",
                             "state must be queued, running, succeeded, failed or cancelled"
                             " ('%s')", filter->state);
    if (filter->kind && !is_name(filter->kind))
        return wfm_error_set(err, WFM_EINVAL, "kind", "kind is not a valid name ('%s')",
                             filter->kind);
    if (filter->limit < 1 || filter->limit > 500)
        return wfm_error_set(err, WFM_EINVAL, "limit", "limit must be in 1..500 (%d)",
                             filter->limit);
    char before[24], limit[16];
    snprintf(before, sizeof before, "%lld", filter->before_id);
    snprintf(limit, sizeof limit, "%d", filter->limit);
    const char *values[] = {filter->center_id, filter->state, filter->kind, before, limit};
    PGresult *res = run(db, "listing jobs",
        "SELECT coalesce(json_agg(j ORDER BY id DESC), '[]') FROM"
        " (SELECT id, " JOB_JSON " AS j FROM job"
        "  WHERE ($1::text IS NULL OR center_id = $1) AND ($2::text IS NULL OR state = $2)"
        "   AND ($3::text IS NULL OR kind = $3) AND ($4::bigint <= 0 OR id < $4::bigint)"
        "  ORDER BY id DESC LIMIT $5::int) page",
        5, values, err);
    if (!res)
        return err->status;
    *jobs = json_cell(res, 0, err);
    PQclear(res);
    return *jobs ? WFM_OK : err->status;
}

wfm_status wfm_job_id_parse(const char *text, const char *field, long long *id, wfm_error *err)
{
    char *end = NULL;
    errno = 0;
    long long v = text && *text >= '0' && *text <= '9' ? strtoll(text, &end, 10) : 0;
    if (!end || *end || errno || v <= 0)
        return wfm_error_set(err, WFM_EINVAL, field, "%s must be a positive integer ('%s')",
                             field, text ? text : "");
    *id = v;
    return WFM_OK;
}

bool wfm_job_state_is_final(const char *state)
{
    return state && (!strcmp(state, "succeeded") || !strcmp(state, "failed") ||
                     !strcmp(state, "cancelled"));
}

wfm_status wfm_job_prune(PGconn *db, double older_than_days, long long *deleted, wfm_error *err)
{
    if (!(older_than_days >= 0 && older_than_days <= 36500))
        return wfm_error_set(err, WFM_EINVAL, "older_than_days",
                             "older_than_days must be in 0..36500 (%g)", older_than_days);
    char days[32];
    snprintf(days, sizeof days, "%.6f", older_than_days);
    const char *values[] = {days};
    PGresult *res = run(db, "deleting old jobs",
        "DELETE FROM job WHERE state IN ('succeeded', 'failed', 'cancelled')"
        " AND finished_at < now() - $1::float8 * interval '1 day'",
        1, values, err);
    if (!res)
        return err->status;
    if (deleted)
        *deleted = strtoll(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return WFM_OK;
}

wfm_status wfm_job_stats(PGconn *db, const char *center_id, json_t **stats, wfm_error *err)
{
    *stats = NULL;
    const char *values[] = {center_id};
    /* Each count walks a partial index or the recent end of job_finished;
     * $1 is planned with its value, so "$1 IS NULL" folds away. */
#define MINE "($1::text IS NULL OR center_id = $1)"
    PGresult *res = run(db, "reading the queue's health",
        "SELECT json_build_object("
        " 'queued', (SELECT count(*) FROM job WHERE state = 'queued' AND " MINE "),"
        " 'running', (SELECT count(*) FROM job WHERE state = 'running' AND " MINE "),"
        " 'expired_leases', (SELECT count(*) FROM job WHERE state = 'running'"
        "   AND lease_expires_at < now() AND " MINE "),"
        " 'oldest_queued_age_s', (SELECT round(extract(epoch FROM now() - min(created_at))"
        "   ::numeric, 3) FROM job WHERE state = 'queued' AND " MINE "),"
        " 'last_hour', (SELECT json_build_object("
        "   'succeeded', count(*) FILTER (WHERE state = 'succeeded'),"
        "   'failed', count(*) FILTER (WHERE state = 'failed'),"
        "   'cancelled', count(*) FILTER (WHERE state = 'cancelled'))"
        "   FROM job WHERE finished_at > now() - interval '1 hour' AND " MINE "),"
        " 'busy_workers', (SELECT coalesce(json_agg(DISTINCT worker_id), '[]')"
        "   FROM job WHERE state = 'running' AND " MINE "))",
        1, values, err);
    if (!res)
        return err->status;
#undef MINE
    *stats = json_cell(res, 0, err);
    PQclear(res);
    return *stats ? WFM_OK : err->status;
}
