/* wfm_server: the HTTP server of hotline-wfm. A libmicrohttpd daemon with a
 * pool of worker threads (epoll where the platform has it), one database
 * connection per worker, one route table (wfm_routes.h).
 *
 * Per request it: finds the route and, when the route needs a capability
 * and auth is on, checks the bearer token before reading any body
 * (api/wfm_auth.h: 401/403/429/503); accumulates the body up to the route's
 * limit (max_import_bytes for bulk routes such as the history import,
 * max_body_bytes elsewhere; beyond: 413 JSON, at once when Content-Length
 * already says so); takes the caller's
 * X-Request-Id (when it is 1-64 characters of [A-Za-z0-9._:-]) or makes
 * one, and returns it in X-Request-Id; dispatches over the route table
 * (404/405 JSON for unknown paths/methods); writes one access-log line to
 * stderr:
 *
 *     wfm-server: req=<id> GET /v1/health 200 81B 0.42ms
 *
 * (with " token=<token id>" appended when a valid token was presented, also
 * on a 403: the public half of the token, for audit; never the secret,
 * never the query string).
 *
 * Bodies shared by many answers (wfm_http_shared: the live seat plan) are
 * handed to libmicrohttpd without a copy, large ones as a file sent with
 * sendfile(2). One more thread re-plans the live seat plans at each
 * interval boundary (replan_interval_s; wfm_server_replan_tick).
 *
 * Life cycle:
 *
 *     wfm_server_opts o;
 *     wfm_server_opts_init(&o);
 *     o.port = 8080; o.database_url = url;
 *     wfm_server *srv = wfm_server_start(&o, &err);   // serving now
 *     ... wait for SIGTERM ...
 *     wfm_server_stop(srv);   // stop the timer and accepting, finish in-flight, free
 */
#ifndef WFM_SERVER_H
#define WFM_SERVER_H

#include "api/wfm_http.h"
#include "api/wfm_auth.h"
#include "api/wfm_db.h"
#include "api/wfm_live_cache.h"
#include "core/wfm_error.h"

#include <stddef.h>
#include <stdint.h>

#define WFM_VERSION "0.1.0"

typedef struct wfm_server_opts {
    unsigned port;            /* TCP port; 0 = any free one (see wfm_server_port) */
    const char *bind_address; /* numeric IPv4/IPv6 address; NULL = all interfaces */
    const char *database_url; /* libpq URL; required */
    unsigned threads;         /* worker threads = database connections; 0 = CPUs (min 2) */
    size_t max_body_bytes;    /* larger request bodies get 413; default 1 MiB */
    unsigned shutdown_grace_s;/* how long wfm_server_stop waits for in-flight requests */
    int access_log;           /* nonzero: one line per request to stderr (default 1) */
    unsigned replan_interval_s; /* re-plan live plans at each boundary of this many
                                   seconds of UTC (wfm_live_replan_due); default 900,
                                   0 = never (tests drive wfm_server_replan_tick) */
    size_t max_import_bytes;  /* body limit of bulk routes (history import); default 8 MiB */
    int auth;                 /* nonzero: protected routes need a bearer token (default 1) */
    wfm_auth_opts auth_opts;  /* token cache TTL and per-token rate limit (wfm_auth.h) */
    int max_agents;           /* roster-sized requests with more agents get 422; default 1000 */
} wfm_server_opts;

/* Fills o with the defaults: port 8080, all interfaces, no database URL,
 * threads 0 (= CPUs), 1 MiB bodies (8 MiB imports), 10 s grace, access log
 * on, live plans re-planned every 900 s, authentication on
 * (wfm_auth_opts_init), 1000 agents. */
void wfm_server_opts_init(wfm_server_opts *o);

/* Starts serving o's routes (wfm_routes_list()) on o->port. Connects to
 * the database lazily, so a server whose database is down starts and
 * answers /v1/health with 503. Returns NULL and fills err: WFM_EINVAL for a
 * bad option (field named), WFM_EIO when the port cannot be bound. The
 * server copies what it needs from o. Stop and free with wfm_server_stop. */
wfm_server *wfm_server_start(const wfm_server_opts *o, wfm_error *err);

/* The port the server listens on (the chosen one when o->port was 0). */
unsigned wfm_server_port(const wfm_server *srv);

/* The number of requests that have started and not yet completed. */
unsigned wfm_server_in_flight(const wfm_server *srv);

/* The server's configuration (with defaults resolved) and database pool. */
const wfm_server_opts *wfm_server_options(const wfm_server *srv);
wfm_db_pool *wfm_server_db(wfm_server *srv);

/* The server's cache of live seat plans (never NULL for a running
 * server); owned by the server. */
wfm_live_cache *wfm_server_live_cache(wfm_server *srv);

/* One interval-boundary tick, as the server's timer thread runs it at each
 * multiple of replan_interval_s: re-plans the live plans due at boundary
 * (Unix seconds; wfm_live_replan_due) and updates the cache. Tests call it
 * with the boundary they need instead of waiting for the clock.
 * *replanned (may be NULL) receives the number of centers re-planned. */
wfm_status wfm_server_replan_tick(wfm_server *srv, int64_t boundary, size_t *replanned,
                                  wfm_error *err);

/* The server's token cache, NULL when auth is off. For wfm_auth_expire_all
 * (tests; an operator after revoking a token). */
wfm_auth *wfm_server_auth(wfm_server *srv);

/* Graceful stop: closes the listening socket (new connections are
 * refused), waits up to shutdown_grace_s for in-flight requests to
 * complete, stops the workers, closes the database connections and frees
 * srv. srv may be NULL. */
void wfm_server_stop(wfm_server *srv);

#endif
