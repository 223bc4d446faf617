/* wfm_db: a mutex/condvar pool of libpq connections that heals itself after
 * the database restarts (see wfm_db.h). */
#include "api/wfm_db.h"

#include "api/wfm_server.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { ACQUIRE_WAIT_S = 10 };

typedef struct pool_slot {
    PGconn *conn; /* NULL until first used, or after a failed connect */
    bool busy;
} pool_slot;

struct wfm_db_pool {
    char *url;
    unsigned size;
    pool_slot *slots;
    pthread_mutex_t lock;
    pthread_cond_t freed;
};

wfm_db_pool *wfm_db_pool_create(const char *url, unsigned size, wfm_error *err)
{
    if (!url || !*url) {
        wfm_error_set(err, WFM_EINVAL, "database_url", "no database URL given");
        return NULL;
    }
    if (size == 0) {
        wfm_error_set(err, WFM_EINVAL, "size", "a pool needs at least one connection (0)");
        return NULL;
    }
    wfm_db_pool *pool = calloc(1, sizeof *pool);
    if (pool) {
        pool->url = strdup(url);
        pool->slots = calloc(size, sizeof *pool->slots);
    }
    if (!pool || !pool->url || !pool->slots) {
        if (pool) {
            free(pool->url);
            free(pool->slots);
        }
        free(pool);
        wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for a pool of %u", size);
        return NULL;
    }
    pool->size = size;
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->freed, NULL);
    return pool;
}

void wfm_db_pool_destroy(wfm_db_pool *pool)
{
    if (!pool)
        return;
    for (unsigned i = 0; i < pool->size; i++)
        if (pool->slots[i].conn)
            PQfinish(pool->slots[i].conn);
    pthread_cond_destroy(&pool->freed);
    pthread_mutex_destroy(&pool->lock);
    free(pool->slots);
    free(pool->url);
    free(pool);
}

/* libpq prints server notices (among them the "terminating connection"
 * goodbye of a restart) to stderr; give them the log's prefix. */
static void log_notice(void *arg, const char *message)
{
    (void)arg;
    fprintf(stderr, "wfm-server: database: %.*s\n", (int)strcspn(message, "\n"), message);
}

static PGconn *connect_to(const char *url)
{
    /* expand_dbname lets url be a URL or a key=value string; the keywords
     * after it only fill what the URL leaves unset. */
    const char *keys[] = {"dbname", "connect_timeout", "application_name", NULL};
    const char *values[] = {url, "5", "wfm-server", NULL};
    PGconn *conn = PQconnectdbParams(keys, values, 1);
    if (conn)
        PQsetNoticeProcessor(conn, log_notice, NULL);
    return conn;
}

/* Whether conn's idle socket has something to read now. */
static bool socket_readable(PGconn *conn)
{
    struct pollfd pfd = {.fd = PQsocket(conn), .events = POLLIN};
    int ready;
    do
        ready = poll(&pfd, 1, 0);
    while (ready < 0 && errno == EINTR);
    return ready != 0;
}

/* True when the server has closed conn. Costs one poll() when nothing
 * happened. A shutdown arrives as a FATAL message (which libpq reports as
 * a notice, leaving the status OK) followed by the end of the stream, so
 * input is consumed until the socket is quiet or libpq sees the end. */
static bool connection_lost(PGconn *conn)
{
    if (PQstatus(conn) != CONNECTION_OK || PQsocket(conn) < 0)
        return true;
    for (int reads = 0; reads < 16 && socket_readable(conn); reads++) {
        if (!PQconsumeInput(conn) || PQstatus(conn) != CONNECTION_OK)
            return true;
        PGnotify *note;
        while ((note = PQnotifies(conn)))
            PQfreemem(note);
    }
    return PQstatus(conn) != CONNECTION_OK;
}

/* Makes *conn a live connection: opens it, or resets it when lost, then
 * retries once with a fresh connection. Fills err on failure. */
static wfm_status ensure_connected(const char *url, PGconn **conn, wfm_error *err)
{
    if (*conn && !connection_lost(*conn))
        return WFM_OK;
    if (*conn) {
        PQreset(*conn);
        if (PQstatus(*conn) == CONNECTION_OK)
            return WFM_OK;
        PQfinish(*conn);
    }
    *conn = connect_to(url);
    if (*conn && PQstatus(*conn) == CONNECTION_OK)
        return WFM_OK;
    char reason[400] = "out of memory";
    if (*conn) {
        snprintf(reason, sizeof reason, "%s", PQerrorMessage(*conn));
        reason[strcspn(reason, "\n")] = '\0'; /* libpq's first line is the reason */
        PQfinish(*conn);
        *conn = NULL;
    }
    return wfm_error_set(err, WFM_EDB, "database", "database unreachable: %s", reason);
}

static pool_slot *take_free_slot(wfm_db_pool *pool, wfm_error *err)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += ACQUIRE_WAIT_S;
    pthread_mutex_lock(&pool->lock);
    for (;;) {
        for (unsigned i = 0; i < pool->size; i++) {
            if (!pool->slots[i].busy) {
                pool->slots[i].busy = true;
                pthread_mutex_unlock(&pool->lock);
                return &pool->slots[i];
            }
        }
        if (pthread_cond_timedwait(&pool->freed, &pool->lock, &deadline) == ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&pool->lock);
    wfm_error_set(err, WFM_ELIMIT, NULL, "all %u database connections stayed busy for %d s",
                  pool->size, ACQUIRE_WAIT_S);
    return NULL;
}

static void give_back_slot(wfm_db_pool *pool, pool_slot *slot)
{
    pthread_mutex_lock(&pool->lock);
    slot->busy = false;
    pthread_cond_signal(&pool->freed);
    pthread_mutex_unlock(&pool->lock);
}

PGconn *wfm_db_pool_acquire(wfm_db_pool *pool, wfm_error *err)
{
    pool_slot *slot = take_free_slot(pool, err);
    if (!slot)
        return NULL;
    /* Connecting happens outside the lock: a slow database must not stall
     * the threads that only give connections back. */
    if (ensure_connected(pool->url, &slot->conn, err) != WFM_OK) {
        give_back_slot(pool, slot);
        return NULL;
    }
    return slot->conn;
}

void wfm_db_pool_release(wfm_db_pool *pool, PGconn *conn)
{
    if (!conn)
        return;
    if (PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) != PQTRANS_IDLE)
        PQclear(PQexec(conn, "ROLLBACK"));
    for (unsigned i = 0; i < pool->size; i++) {
        if (pool->slots[i].conn == conn) {
            give_back_slot(pool, &pool->slots[i]);
            return;
        }
    }
}

PGconn *wfm_db_acquire(wfm_server *srv, wfm_error *err)
{
    return wfm_db_pool_acquire(wfm_server_db(srv), err);
}

void wfm_db_release(wfm_server *srv, PGconn *conn)
{
    wfm_db_pool_release(wfm_server_db(srv), conn);
}

static wfm_status status_for_sqlstate(const char *state)
{
    if (!state)
        return WFM_EDB; /* no SQLSTATE: the connection itself failed */
    if (!strcmp(state, "23505") || !strcmp(state, "23503"))
        return WFM_ECONFLICT;
    if (!strcmp(state, "23502") || !strcmp(state, "23514") || !strncmp(state, "22", 2))
        return WFM_EINVAL;
    if (!strncmp(state, "08", 2) || !strncmp(state, "57P", 3) || !strncmp(state, "53", 2))
        return WFM_EDB;
    return WFM_EINTERNAL;
}

wfm_status wfm_db_error(const PGresult *res, PGconn *conn, wfm_error *err)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *column = res ? PQresultErrorField(res, PG_DIAG_COLUMN_NAME) : NULL;
    const char *message = res ? PQresultErrorMessage(res) : "";
    if (!message || !*message)
        message = conn ? PQerrorMessage(conn) : "unknown database error";
    wfm_status status = status_for_sqlstate(state);
    char text[400];
    snprintf(text, sizeof text, "%s", message);
    text[strcspn(text, "\n")] = '\0';
    return wfm_error_set(err, status, column ? column : "database", "%s", text);
}

PGresult *wfm_db_query(PGconn *db, const char *sql, int n, const char *const *params,
                       wfm_error *err)
{
    PGresult *r = PQexecParams(db, sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType s = PQresultStatus(r);
    if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK)
        return r;
    wfm_db_error(r, db, err);
    PQclear(r);
    return NULL;
}

wfm_status wfm_db_command(PGconn *db, const char *sql, int n, const char *const *params,
                          wfm_error *err)
{
    PGresult *r = wfm_db_query(db, sql, n, params, err);
    PQclear(r);
    return r ? WFM_OK : err->status;
}
