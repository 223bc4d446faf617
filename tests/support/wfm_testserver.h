/* wfm_testserver: build/wfm-server as a child process on a free loopback
 * port, and HTTP requests to it with libcurl, for tests that speak to the
 * running program. Failures end the current cmocka test. Needs
 * WFM_BUILD_DIR (tests/run.sh sets it). */
#ifndef WFM_TESTSERVER_H
#define WFM_TESTSERVER_H

#include <jansson.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct wfm_testserver {
    pid_t pid;
    unsigned port;
    char log_path[64]; /* the server's stderr */
} wfm_testserver;

typedef struct wfm_testreply {
    long status;
    char *body;             /* malloc'd, NUL-terminated; NULL when empty */
    size_t body_len;
    char location[256];     /* response headers, "" when absent */
    char content_type[128];
    char request_id[80];    /* X-Request-Id */
    char allow[128];
} wfm_testreply;

/* Starts wfm-server --port 0 --bind 127.0.0.1 --threads 2 --no-auth
 * --database-url database_url plus extra_args (NULL-terminated, may be
 * NULL) and waits until its log says where it listens. Authentication is
 * off, so tests of other features need no tokens. */
void wfm_testserver_start(const char *database_url, const char **extra_args, wfm_testserver *srv);

/* The same without --no-auth: protected routes need a bearer token. */
void wfm_testserver_start_auth(const char *database_url, const char **extra_args,
                               wfm_testserver *srv);

/* SIGTERM, waits up to 15 s; the exit status, or -1 when it did not exit
 * normally (then it is killed). Removes the log. */
int wfm_testserver_stop(wfm_testserver *srv);

/* Sends method path with body (JSON, may be NULL) and fills reply (the
 * caller frees it with wfm_testreply_free). */
void wfm_testserver_request(const wfm_testserver *srv, const char *method, const char *path,
                            const char *body, wfm_testreply *reply);

/* The same with "Authorization: Bearer <token>" (token NULL: none). */
void wfm_testserver_request_token(const wfm_testserver *srv, const char *method,
                                  const char *path, const char *body, const char *token,
                                  wfm_testreply *reply);

/* The reply's body parsed as JSON (caller json_decref()s); fails the test
 * when it is not JSON. */
json_t *wfm_testreply_json(const wfm_testreply *reply);

void wfm_testreply_free(wfm_testreply *reply);

#endif
