/* wfm_db: the server's pool of PostgreSQL connections.
 *
 * The pool holds at most `size` connections (the server uses one per worker
 * thread, so a handler never waits for another). Connections are opened
 * lazily and checked on every acquire: a connection the server closed (the
 * database restarted, or an administrator ended the backend) is noticed
 * without a round trip, because its socket turns readable with the goodbye,
 * and is reset; when the reset fails it is opened afresh once more. So after
 * the database comes back, the next request works again, with no restart of
 * the server. While the database is down, acquire fails fast with WFM_EDB and
 * the reason libpq gives.
 *
 * Handlers use the two calls of the contract:
 *
 *     wfm_error err;
 *     PGconn *db = wfm_db_acquire(req->server, &err);
 *     if (!db) { wfm_http_error_from(res, &err); return; }
 *     ... PQexecParams(db, ...) ...
 *     wfm_db_release(req->server, db);
 */
#ifndef WFM_DB_H
#define WFM_DB_H

#include "core/wfm_error.h"

#include <libpq-fe.h>

typedef struct wfm_server wfm_server;
typedef struct wfm_db_pool wfm_db_pool;

/* Creates a pool of at most size (>= 1) connections to url (a libpq URL or
 * key=value string). Connects to nothing yet. Returns NULL + WFM_EINVAL for
 * size 0 or an empty url, NULL + WFM_ENOMEM. Free with wfm_db_pool_destroy. */
wfm_db_pool *wfm_db_pool_create(const char *url, unsigned size, wfm_error *err);

/* Closes every connection and frees the pool. All connections must have
 * been released. pool may be NULL. */
void wfm_db_pool_destroy(wfm_db_pool *pool);

/* A live connection for the caller's exclusive use until released. Waits
 * up to 10 s for a free one (then NULL + WFM_ELIMIT). NULL + WFM_EDB with
 * libpq's reason when the database cannot be reached. */
PGconn *wfm_db_pool_acquire(wfm_db_pool *pool, wfm_error *err);

/* Gives conn back. A transaction left open is rolled back first, so the
 * next user starts clean. conn NULL is a no-op. */
void wfm_db_pool_release(wfm_db_pool *pool, PGconn *conn);

/* The contract's names: the pool of a running server. */
PGconn *wfm_db_acquire(wfm_server *srv, wfm_error *err);
void wfm_db_release(wfm_server *srv, PGconn *conn);

/* Fills err from a failed result (res may be NULL: then from conn) and
 * returns the status: SQLSTATE 23505 (unique) -> WFM_ECONFLICT; 23503
 * (foreign key) -> WFM_ECONFLICT; 23502/23514/class 22 (bad value) ->
 * WFM_EINVAL; class 08, 57P, 53 and a lost connection -> WFM_EDB; others
 * WFM_EINTERNAL. field is the column libpq names, if any. */
wfm_status wfm_db_error(const PGresult *res, PGconn *conn, wfm_error *err);

/* Runs sql with text parameters $1..$n. Returns the result (the caller
 * PQclear()s it) when it has rows or is a command, else NULL with err
 * filled by wfm_db_error(). */
PGresult *wfm_db_query(PGconn *db, const char *sql, int n, const char *const *params,
                       wfm_error *err);

/* wfm_db_query for a command whose result is not needed (BEGIN, COMMIT,
 * an INSERT): WFM_OK, or the status with err filled. */
wfm_status wfm_db_command(PGconn *db, const char *sql, int n, const char *const *params,
                          wfm_error *err);

#endif
