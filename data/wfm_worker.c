/* wfm_worker: job threads and the control thread of one worker process
 * (see wfm_worker.h and docs/jobs.md). */
#include "data/wfm_worker.h"

#include <assert.h>
#include <errno.h>
#include <glpk.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "core/wfm_clock.h"
#include "data/wfm_jobs.h"

#define MAX_CONCURRENCY 64
#define MAX_KINDS 64

typedef struct worker worker;

/* One job thread and what the control thread needs of its running job. */
typedef struct slot {
    worker *w;
    int index;
    pthread_t thread;
    PGconn *db;              /* owned by the job thread */
    bool db_down;            /* its outage has been logged */
    pthread_mutex_t lock;    /* guards ctx and held */
    wfm_job_ctx *ctx;        /* NULL when idle */
    wfm_job_lease held;      /* fence of the running attempt (params not copied) */
} slot;

struct worker {
    const wfm_worker_opts *opts;
    char id[WFM_JOB_WORKER_MAX];
    const char *kind_names[MAX_KINDS];
    size_t n_kinds;
    atomic_int stopping;     /* take no more jobs */
    atomic_int jobs_done;    /* every job thread has exited */
    pthread_mutex_t wake_lock;
    pthread_cond_t wake;
    unsigned long wake_seq;  /* bumped on every wake-up */
    slot *slots;
};

__attribute__((format(printf, 2, 3)))
static void log_line(const worker *w, const char *fmt, ...)
{
    FILE *out = w->opts->log;
    if (!out)
        return;
    char stamp[32];
    time_t t = time(NULL);
    struct tm tm;
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(out, "%s wfm worker %s: %s\n", stamp, w->id, line); /* one call: no interleaving */
    fflush(out);
}

void wfm_worker_opts_init(wfm_worker_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->concurrency = 2;
    opts->lease_s = 30;
    opts->heartbeat_s = 0; /* auto */
    opts->poll_s = 0; /* auto */
    opts->log = stderr;
}

static wfm_status check_opts(const wfm_worker_opts *o, wfm_error *err)
{
    if (!o->database_url || !*o->database_url)
        return wfm_error_set(err, WFM_EINVAL, "database_url", "database_url is required");
    if (o->concurrency < 1 || o->concurrency > MAX_CONCURRENCY)
        return wfm_error_set(err, WFM_EINVAL, "concurrency", "concurrency must be in 1..%d (%d)",
                             MAX_CONCURRENCY, o->concurrency);
    if (!(o->lease_s >= 0.5 && o->lease_s <= 86400))
        return wfm_error_set(err, WFM_EINVAL, "lease_s", "lease_s must be in 0.5..86400 (%g)",
                             o->lease_s);
    if (o->heartbeat_s != 0 && !(o->heartbeat_s >= 0.05 && o->heartbeat_s < o->lease_s / 2))
        return wfm_error_set(err, WFM_EINVAL, "heartbeat_s",
                             "heartbeat_s must be at least 0.05 and below half of lease_s"
                             " (%g, lease %g)", o->heartbeat_s, o->lease_s);
    if (o->poll_s != 0 && !(o->poll_s >= 0.05 && o->poll_s <= 3600))
        return wfm_error_set(err, WFM_EINVAL, "poll_s", "poll_s must be in 0.05..3600 (%g)",
                             o->poll_s);
    if (o->worker_id && (!*o->worker_id || strlen(o->worker_id) >= WFM_JOB_WORKER_MAX))
        return wfm_error_set(err, WFM_EINVAL, "worker_id", "worker_id must be 1-%d characters",
                             WFM_JOB_WORKER_MAX - 1);
    return WFM_OK;
}

/* Server notices ("terminating connection due to administrator command")
 * go to the worker's log, not to bare stderr. */
static void log_notice(void *arg, const char *message)
{
    char line[512];
    snprintf(line, sizeof line, "%s", message);
    line[strcspn(line, "\n")] = '\0';
    log_line(arg, "database: %s", line);
}

/* Opens conn again when it is missing or broken. Returns whether it works.
 * *down remembers an outage so that it is logged once, not every retry. */
static bool ensure_connected(worker *w, PGconn **conn, bool *down, const char *role)
{
    if (*conn && PQstatus(*conn) == CONNECTION_OK)
        return true;
    if (*conn && !*down) {
        log_line(w, "%s: lost the database connection", role);
        *down = true;
    }
    PQfinish(*conn);
    char app[64]; /* PostgreSQL keeps 63 bytes of it */
    snprintf(app, sizeof app, "wfm worker %.52s", w->id);
    /* A database host that vanished (no RST) must not hang a thread for
     * the kernel's hours-long TCP defaults: bounded connect, keepalives
     * that notice a dead peer within ~25 s. They come before dbname so the
     * URL's own settings override them. */
    const char *keys[] = {"connect_timeout", "keepalives_idle", "keepalives_interval",
                          "keepalives_count", "dbname", "application_name", NULL};
    const char *vals[] = {"10", "10", "5", "3", w->opts->database_url, app, NULL};
    *conn = PQconnectdbParams(keys, vals, 1);
    if (PQstatus(*conn) == CONNECTION_OK) {
        PQsetNoticeProcessor(*conn, log_notice, w);
        if (*down)
            log_line(w, "%s: reconnected to the database", role);
        *down = false;
        return true;
    }
    if (!*down) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(*conn));
        msg[strcspn(msg, "\n")] = '\0';
        log_line(w, "%s: database unreachable, retrying: %s", role, msg);
    }
    *down = true;
    return false;
}

static void wake_all(worker *w)
{
    pthread_mutex_lock(&w->wake_lock);
    w->wake_seq++;
    pthread_cond_broadcast(&w->wake);
    pthread_mutex_unlock(&w->wake_lock);
}

static unsigned long wake_seq(worker *w)
{
    pthread_mutex_lock(&w->wake_lock);
    unsigned long seq = w->wake_seq;
    pthread_mutex_unlock(&w->wake_lock);
    return seq;
}

/* Waits up to seconds for a wake-up newer than seen (or for stopping). */
static void wait_for_work(worker *w, unsigned long seen, double seconds)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    double end = until.tv_sec + until.tv_nsec / 1e9 + seconds;
    until.tv_sec = (time_t)end;
    until.tv_nsec = (long)((end - (time_t)end) * 1e9);
    pthread_mutex_lock(&w->wake_lock);
    while (w->wake_seq == seen && !atomic_load(&w->stopping))
        if (pthread_cond_timedwait(&w->wake, &w->wake_lock, &until) == ETIMEDOUT)
            break;
    pthread_mutex_unlock(&w->wake_lock);
}

/* How an attempt ends, from the run's status and why it was asked to stop. */
typedef enum outcome { ENDS_SUCCEEDED, ENDS_FAILED, ENDS_CANCELLED, ENDS_RELEASED, ENDS_LOST } outcome;

static outcome outcome_of(wfm_status st, wfm_job_stop stop)
{
    if (stop == WFM_JOB_STOP_LOST)
        return ENDS_LOST;
    if (st == WFM_OK)
        return ENDS_SUCCEEDED;
    if (stop == WFM_JOB_STOP_CANCEL)
        return ENDS_CANCELLED;
    if (stop == WFM_JOB_STOP_SHUTDOWN)
        return ENDS_RELEASED;
    return ENDS_FAILED;
}

static wfm_status record_outcome(PGconn *db, const wfm_job_lease *lease, outcome how,
                                 const json_t *result, const wfm_error *failure, wfm_error *err)
{
    switch (how) {
    case ENDS_SUCCEEDED: return wfm_job_succeed(db, lease, result, err);
    case ENDS_CANCELLED: return wfm_job_mark_cancelled(db, lease, err);
    case ENDS_RELEASED: return wfm_job_release(db, lease, err);
    case ENDS_FAILED:
        /* A database failure is worth another attempt; bad params are not. */
        return wfm_job_fail(db, lease, failure, failure->status == WFM_EDB, err);
    case ENDS_LOST: break;
    }
    return WFM_OK;
}

/* Records how the attempt ended, riding out a database restart for as long
 * as the lease lasts (after that the job is another worker's anyway). */
static void conclude(slot *s, const wfm_job_lease *lease, outcome how, const json_t *result,
                     const wfm_error *failure)
{
    static const char *const words[] = {"succeeded", "failed", "cancelled",
                                        "released to the queue", "lost"};
    worker *w = s->w;
    if (how == ENDS_LOST) {
        log_line(w, "job %lld: another worker took it over; result dropped", lease->id);
        return;
    }
    double give_up = wfm_clock_now_s() + w->opts->lease_s;
    wfm_error err;
    wfm_error_clear(&err);
    wfm_status st = WFM_EDB;
    while (st == WFM_EDB && wfm_clock_now_s() < give_up) {
        if (ensure_connected(w, &s->db, &s->db_down, "job thread"))
            st = record_outcome(s->db, lease, how, result, failure, &err);
        if (st == WFM_EDB)
            wfm_clock_sleep_s(0.5);
    }
    if (st)
        log_line(w, "job %lld: could not record its end (%s): %s", lease->id, words[how],
                 err.message);
    else
        log_line(w, "job %lld (%s): %s%s%s", lease->id, lease->kind, words[how],
                 how == ENDS_FAILED ? ": " : "", how == ENDS_FAILED ? failure->message : "");
}

/* Makes the slot's job visible to the control thread (or hides it: NULL). */
static void publish(slot *s, wfm_job_ctx *ctx, const wfm_job_lease *lease)
{
    pthread_mutex_lock(&s->lock);
    s->ctx = ctx;
    memset(&s->held, 0, sizeof s->held);
    if (lease) {
        s->held = *lease;
        s->held.params = NULL;
    }
    pthread_mutex_unlock(&s->lock);
}

/* A run that returned WFM_OK inside a transaction: the job is marked
 * succeeded in that transaction, which then commits, so the run's output is
 * stored exactly when the job succeeds. False with failure filled
 * (WFM_ECONFLICT: lease lost; WFM_EDB) when that did not happen. */
static bool commit_with_output(PGconn *db, const wfm_job_lease *lease, const json_t *result,
                               wfm_error *failure)
{
    if (wfm_job_succeed(db, lease, result, failure))
        return false;
    PGresult *res = PQexec(db, "COMMIT");
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK && PQtransactionStatus(db) == PQTRANS_IDLE;
    if (!ok)
        wfm_error_set(failure, WFM_EDB, NULL, "committing job %lld's output: %s", lease->id,
                      PQerrorMessage(db));
    PQclear(res);
    return ok;
}

/* Writes the progress reported since the last heartbeat, so a job that
 * ends shows where it got to ("cancelled at 40 %"). Best effort. */
static void flush_progress(slot *s, const wfm_job_lease *lease, wfm_job_ctx *ctx)
{
    char phase[64];
    double percent = 0;
    json_t *detail = NULL;
    if (!wfm_job_ctx_take_report(ctx, phase, sizeof phase, &percent, &detail))
        return;
    wfm_job_report report = {phase, percent, detail};
    wfm_error ignored;
    wfm_job_heartbeat(s->db, lease, s->w->opts->lease_s, &report, NULL, &ignored);
    json_decref(detail);
}

static void run_job(slot *s, const wfm_job_lease *lease)
{
    worker *w = s->w;
    const wfm_job_kind *kind = wfm_job_kind_find(w->opts->kinds, lease->kind);
    assert(kind); /* the take asks only for our kinds */
    wfm_job_ctx *ctx = wfm_job_ctx_create(s->db, lease);
    if (!ctx) {
        wfm_error failure;
        wfm_error_set(&failure, WFM_ENOMEM, NULL, "out of memory starting job %lld", lease->id);
        conclude(s, lease, ENDS_RELEASED, NULL, &failure);
        wfm_job_ctx_free(ctx);
        return;
    }
    log_line(w, "job %lld (%s): attempt %d of %d", lease->id, lease->kind, lease->attempt,
             lease->max_attempts);
    publish(s, ctx, lease);
    if (atomic_load(&w->stopping))
        wfm_job_ctx_stop(ctx, WFM_JOB_STOP_SHUTDOWN);
    json_t *result = NULL;
    wfm_error failure;
    wfm_error_clear(&failure);
    wfm_status st = kind->run(lease->params, ctx, &result, &failure);
    outcome how = outcome_of(st, wfm_job_should_stop(ctx));
    PGTransactionStatusType open_txn = PQtransactionStatus(s->db);
    if (how == ENDS_SUCCEEDED && open_txn == PQTRANS_INTRANS &&
        commit_with_output(s->db, lease, result, &failure)) {
        log_line(w, "job %lld (%s): succeeded, its output committed with it", lease->id,
                 lease->kind);
    } else {
        if (open_txn == PQTRANS_INTRANS || open_txn == PQTRANS_INERROR) {
            PQclear(PQexec(s->db, "ROLLBACK"));
            if (how == ENDS_SUCCEEDED) /* the commit failed: the output is gone */
                how = failure.status == WFM_ECONFLICT ? ENDS_LOST : ENDS_FAILED;
        }
        if (how != ENDS_LOST)
            flush_progress(s, lease, ctx);
        /* The control thread keeps renewing the lease until the end is recorded. */
        conclude(s, lease, how, result, &failure);
    }
    publish(s, NULL, NULL);
    wfm_job_ctx_free(ctx);
    json_decref(result);
}

static void *job_thread(void *arg)
{
    slot *s = arg;
    worker *w = s->w;
    while (!atomic_load(&w->stopping)) {
        unsigned long seen = wake_seq(w);
        if (!ensure_connected(w, &s->db, &s->db_down, "job thread")) {
            wait_for_work(w, seen, w->opts->poll_s);
            continue;
        }
        wfm_job_lease lease;
        bool taken = false;
        wfm_error err;
        wfm_error_clear(&err);
        if (wfm_job_take(s->db, w->id, w->opts->lease_s, w->kind_names, w->n_kinds, &lease,
                         &taken, &err) != WFM_OK)
            log_line(w, "%s", err.message);
        if (!taken) {
            wait_for_work(w, seen, w->opts->poll_s);
            continue;
        }
        run_job(s, &lease);
        wfm_job_lease_clear(&lease);
    }
    /* Roster and scenario runs solve with GLPK, which keeps an environment
     * per thread that nothing frees when the thread ends. */
    glp_free_env();
    PQfinish(s->db);
    s->db = NULL;
    return NULL;
}

/* Renews the lease of the slot's job and writes its progress. */
static void heartbeat_slot(slot *s, PGconn *db)
{
    pthread_mutex_lock(&s->lock);
    wfm_job_lease held = s->held;
    char phase[64] = "";
    double percent = 0;
    json_t *detail = NULL;
    int fresh = s->ctx && wfm_job_ctx_take_report(s->ctx, phase, sizeof phase, &percent, &detail);
    bool busy = s->ctx != NULL;
    pthread_mutex_unlock(&s->lock);
    if (!busy)
        return;
    wfm_job_report report = {phase, percent, detail};
    bool cancel = false;
    wfm_error err;
    wfm_error_clear(&err);
    wfm_status st = wfm_job_heartbeat(db, &held, s->w->opts->lease_s, fresh ? &report : NULL,
                                      &cancel, &err);
    json_decref(detail);
    wfm_job_stop stop = st == WFM_ECONFLICT ? WFM_JOB_STOP_LOST
                      : st == WFM_OK && cancel ? WFM_JOB_STOP_CANCEL : WFM_JOB_GO_ON;
    if (st && st != WFM_ECONFLICT)
        log_line(s->w, "job %lld: heartbeat failed: %s", held.id, err.message);
    pthread_mutex_lock(&s->lock);
    if (stop && s->ctx && s->held.id == held.id && s->held.attempt == held.attempt)
        wfm_job_ctx_stop(s->ctx, stop);
    pthread_mutex_unlock(&s->lock);
}

/* Any live worker closes the jobs whose last worker died (wfm_jobs.h). */
static void close_abandoned(worker *w, PGconn *db)
{
    int closed = 0;
    wfm_error err;
    wfm_error_clear(&err);
    if (wfm_job_close_abandoned(db, &closed, &err))
        log_line(w, "%s", err.message);
    else if (closed)
        log_line(w, "closed %d job(s) whose workers died or that were cancelled meanwhile",
                 closed);
}

/* A cancel notification: stops the job at once when one of ours runs it. */
static void cancel_by_id(worker *w, long long id)
{
    for (int i = 0; i < w->opts->concurrency; i++) {
        slot *s = &w->slots[i];
        pthread_mutex_lock(&s->lock);
        if (s->ctx && s->held.id == id) {
            wfm_job_ctx_stop(s->ctx, WFM_JOB_STOP_CANCEL);
            log_line(w, "job %lld: cancel requested", id);
        }
        pthread_mutex_unlock(&s->lock);
    }
}

static bool listen_on(worker *w, PGconn *db)
{
    PGresult *res = PQexec(db, "LISTEN " WFM_JOB_CHANNEL "; LISTEN " WFM_JOB_CANCEL_CHANNEL);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (ok)
        wake_all(w); /* notifications sent while we were away are lost: look now */
    return ok;
}

/* Waits up to seconds for notifications and dispatches them. Returns false
 * when the connection broke. */
static bool dispatch_notifications(worker *w, PGconn *db, double seconds)
{
    int fd = PQsocket(db);
    if (fd < 0)
        return false;
    fd_set fds;
    FD_ZERO(&fds);
    FD_SET(fd, &fds);
    struct timeval tv = {(time_t)seconds, (suseconds_t)((seconds - (time_t)seconds) * 1e6)};
    if (select(fd + 1, &fds, NULL, NULL, &tv) < 0 && errno != EINTR)
        return false;
    if (!PQconsumeInput(db))
        return false;
    PGnotify *n;
    while ((n = PQnotifies(db))) {
        if (!strcmp(n->relname, WFM_JOB_CANCEL_CHANNEL))
            cancel_by_id(w, strtoll(n->extra, NULL, 10));
        else
            wake_all(w);
        PQfreemem(n);
    }
    return PQstatus(db) == CONNECTION_OK;
}

static void *control_thread(void *arg)
{
    worker *w = arg;
    PGconn *db = NULL;
    bool down = false;
    double next_beat = wfm_clock_now_s();
    while (!atomic_load(&w->jobs_done)) {
        bool fresh = !db || PQstatus(db) != CONNECTION_OK;
        if (fresh && !(ensure_connected(w, &db, &down, "control thread") && listen_on(w, db))) {
            PQfinish(db);
            db = NULL;
            down = true;
            wfm_clock_sleep_s(w->opts->heartbeat_s);
            continue;
        }
        double wait = next_beat - wfm_clock_now_s();
        if (!dispatch_notifications(w, db, wait < 0 ? 0 : wait > 0.2 ? 0.2 : wait))
            continue;
        if (wfm_clock_now_s() >= next_beat) {
            next_beat = wfm_clock_now_s() + w->opts->heartbeat_s;
            for (int i = 0; i < w->opts->concurrency; i++)
                heartbeat_slot(&w->slots[i], db);
            close_abandoned(w, db);
        }
    }
    PQfinish(db);
    return NULL;
}

static wfm_status setup(worker *w, const wfm_worker_opts *opts, wfm_error *err)
{
    memset(w, 0, sizeof *w);
    w->opts = opts;
    if (opts->worker_id) {
        snprintf(w->id, sizeof w->id, "%s", opts->worker_id);
    } else {
        char host[64] = "localhost";
        gethostname(host, sizeof host - 1);
        snprintf(w->id, sizeof w->id, "%s:%ld", host, (long)getpid());
    }
    for (const wfm_job_kind *k = opts->kinds; k->name && w->n_kinds < MAX_KINDS; k++)
        w->kind_names[w->n_kinds++] = k->name;
    if (w->n_kinds == 0)
        return wfm_error_set(err, WFM_EINVAL, "kinds", "the worker knows no job kinds");
    w->slots = calloc((size_t)opts->concurrency, sizeof *w->slots);
    if (!w->slots)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
    atomic_init(&w->stopping, 0);
    atomic_init(&w->jobs_done, 0);
    pthread_mutex_init(&w->wake_lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    for (int i = 0; i < opts->concurrency; i++) {
        w->slots[i].w = w;
        w->slots[i].index = i;
        pthread_mutex_init(&w->slots[i].lock, NULL);
    }
    return WFM_OK;
}

static void teardown(worker *w)
{
    for (int i = 0; i < w->opts->concurrency; i++)
        pthread_mutex_destroy(&w->slots[i].lock);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->wake_lock);
    free(w->slots);
}

/* Stop taking jobs and ask the running ones to come to a checkpoint. */
static void begin_shutdown(worker *w)
{
    atomic_store(&w->stopping, 1);
    for (int i = 0; i < w->opts->concurrency; i++) {
        slot *s = &w->slots[i];
        pthread_mutex_lock(&s->lock);
        if (s->ctx)
            wfm_job_ctx_stop(s->ctx, WFM_JOB_STOP_SHUTDOWN);
        pthread_mutex_unlock(&s->lock);
    }
    wake_all(w);
}

wfm_status wfm_worker_run(const wfm_worker_opts *opts_in, const atomic_int *stop, wfm_error *err)
{
    wfm_status st = check_opts(opts_in, err);
    if (st)
        return st;
    wfm_worker_opts opts = *opts_in;
    if (!opts.kinds)
        opts.kinds = wfm_job_kinds;
    if (opts.heartbeat_s == 0) /* a few beats per lease, at least one a second */
        opts.heartbeat_s = opts.lease_s / 4 < 1 ? opts.lease_s / 4 : 1;
    if (opts.poll_s == 0) /* a dead worker's job waits at most half a lease more */
        opts.poll_s = opts.lease_s / 2 < 5 ? opts.lease_s / 2 : 5;
    worker w;
    if ((st = setup(&w, &opts, err))) {
        free(w.slots);
        return st;
    }
    pthread_t control;
    int started = 0;
    if (pthread_create(&control, NULL, control_thread, &w) == 0) {
        for (; started < opts.concurrency; started++)
            if (pthread_create(&w.slots[started].thread, NULL, job_thread, &w.slots[started]))
                break;
    } else {
        started = -1;
    }
    if (started == opts.concurrency)
        log_line(&w, "started: %d job threads, lease %gs, kinds: %zu", opts.concurrency,
                 opts.lease_s, w.n_kinds);
    while (started == opts.concurrency && !atomic_load(stop))
        wfm_clock_sleep_s(0.05);
    begin_shutdown(&w);
    for (int i = 0; i < started; i++)
        pthread_join(w.slots[i].thread, NULL);
    atomic_store(&w.jobs_done, 1);
    if (started >= 0)
        pthread_join(control, NULL);
    if (started != opts.concurrency)
        st = wfm_error_set(err, WFM_EINTERNAL, NULL, "could not start the worker's threads");
    else
        log_line(&w, "stopped");
    teardown(&w);
    return st;
}

struct wfm_worker_handle {
    pthread_t thread;
    atomic_int stop;
    wfm_worker_opts opts;
    char *database_url;   /* owned copies of the opts' strings */
    char *worker_id;
};

static void *worker_thread(void *arg)
{
    wfm_worker_handle *h = arg;
    wfm_error err;
    wfm_error_clear(&err);
    if (wfm_worker_run(&h->opts, &h->stop, &err) != WFM_OK && h->opts.log)
        fprintf(h->opts.log, "wfm worker: %s\n", err.message);
    return NULL;
}

static void free_handle(wfm_worker_handle *h)
{
    free(h->database_url);
    free(h->worker_id);
    free(h);
}

wfm_worker_handle *wfm_worker_start(const wfm_worker_opts *opts, wfm_error *err)
{
    if (check_opts(opts, err))
        return NULL;
    wfm_worker_handle *h = calloc(1, sizeof *h);
    if (!h) {
        wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    h->opts = *opts;
    h->database_url = strdup(opts->database_url);
    h->worker_id = opts->worker_id ? strdup(opts->worker_id) : NULL;
    h->opts.database_url = h->database_url;
    h->opts.worker_id = h->worker_id;
    atomic_init(&h->stop, 0);
    if (!h->database_url || (opts->worker_id && !h->worker_id) ||
        pthread_create(&h->thread, NULL, worker_thread, h)) {
        free_handle(h);
        wfm_error_set(err, WFM_EINTERNAL, NULL, "could not start the job worker's thread");
        return NULL;
    }
    return h;
}

void wfm_worker_stop(wfm_worker_handle *h)
{
    if (!h)
        return;
    atomic_store(&h->stop, 1);
    pthread_join(h->thread, NULL);
    free_handle(h);
}
