/* wfm_testhttp: a real wfm_server on a free loopback port, in-process,
 * against a fresh test database, and a libcurl client for it. Route tests
 * use these instead of each carrying a server fixture and an HTTP client. */
#ifndef WFM_TESTHTTP_H
#define WFM_TESTHTTP_H

#include <stddef.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "api/wfm_server.h"

typedef struct wfm_test_server {
    wfm_server *server;
    PGconn *db;   /* a connection of the test's own, for seeding and asserting */
    char *db_url; /* the fresh database's URL */
} wfm_test_server;

/* Creates the fresh database db_name (wfm_testdb_fresh), runs seed_sql on it
 * when not NULL, and starts a server on 127.0.0.1 with 2 threads, no
 * access log and authentication OFF, so route tests need no tokens (job
 * workers, when a test needs them, it starts itself). Returns NULL (after
 * printing why) when anything fails. Free with wfm_test_server_stop. */
wfm_test_server *wfm_test_server_start(const char *db_name, const char *seed_sql);
void wfm_test_server_stop(wfm_test_server *ts);

/* The same with authentication ON (the server's defaults: bearer tokens
 * required, 30 s token cache, 100 requests/s per token). */
wfm_test_server *wfm_test_server_start_auth(const char *db_name, const char *seed_sql);

/* The same with the caller's options: o's port, bind address and database
 * URL are replaced (free port on 127.0.0.1, the fresh database); the rest
 * (auth, auth_opts, limits, threads, access_log) is used as given. */
wfm_test_server *wfm_test_server_start_opts(const char *db_name, const char *seed_sql,
                                            const wfm_server_opts *o);

/* Creates a token of role ("viewer", "manager", "planner", "admin") for
 * center in the server's database (wfm_token_create), as `wfm token
 * create` would. Fails the current test when it cannot. Returns a malloc'd
 * "Authorization: Bearer <token>" header line, ready for the headers list
 * of wfm_test_http; the token itself starts at
 * line + strlen("Authorization: Bearer "). Caller frees. */
char *wfm_test_token_header(const wfm_test_server *ts, const char *center, const char *role);

typedef struct wfm_test_reply {
    long status;
    char *body;              /* NUL-terminated, malloc'd ("" when empty) */
    size_t len;
    json_t *json;            /* body parsed as JSON, NULL when it is not */
    char content_type[128];  /* response headers of interest, "" when absent */
    char etag[128];
    char cache_control[128];
    char location[256];
    char allow[128];
    char request_id[80];     /* X-Request-Id */
    char content_encoding[32];
    char www_authenticate[160];
    char retry_after[16];
} wfm_test_reply;

/* Sends `method path` to the server with an optional body (content_type
 * applies to it) and extra request header lines ("If-None-Match: x", NULL
 * terminated list, may be NULL). The line "Accept-Encoding: gzip" makes
 * libcurl ask for gzip and inflate the answer, so body is the plain text
 * while content_encoding says how it travelled. Fails the current cmocka test when the
 * transport fails. Release with wfm_test_reply_free. */
wfm_test_reply wfm_test_http(const wfm_test_server *ts, const char *method, const char *path,
                             const char *content_type, const char *body,
                             const char *const *headers);
void wfm_test_reply_free(wfm_test_reply *r);

/* The same against any server on 127.0.0.1:port (e.g. a child process). */
wfm_test_reply wfm_test_http_port(unsigned port, const char *method, const char *path,
                                  const char *content_type, const char *body,
                                  const char *const *headers);

/* Polls GET /v1/health on 127.0.0.1:port until it answers 200 or timeout_s
 * passes (connection refusals meanwhile are expected: a server starting).
 * Returns 1 when it answered, 0 otherwise. */
int wfm_test_wait_healthy(unsigned port, double timeout_s);

/* The "field" of a JSON error reply ({"error": {...}}), NULL when none. */
const char *wfm_test_error_field(const wfm_test_reply *r);

#endif
