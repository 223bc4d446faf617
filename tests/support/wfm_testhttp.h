/* wfm_testhttp: an in-process server on a free loopback port and a libcurl
 * request helper, for the HTTP integration tests. */
#ifndef WFM_TESTHTTP_H
#define WFM_TESTHTTP_H

#include <jansson.h>

#include "api/wfm_server.h"

/* Starts a server (2 threads, no access log) on 127.0.0.1, port chosen by
 * the system, against database_url. NULL (message on stderr) on failure. */
wfm_server *wfm_testhttp_start(const char *database_url);

/* Sends method path (body with content_type when body is not NULL) to srv
 * and returns the HTTP status; *json gets the parsed reply (NULL when it is
 * not JSON; caller decrefs). Fails the test when the request cannot be made. */
long wfm_testhttp_request(wfm_server *srv, const char *method, const char *path,
                          const char *content_type, const char *body, json_t **json);

/* The "error" object's member key of a reply ("field", "message", "code"). */
const char *wfm_testhttp_error(json_t *reply, const char *key);

#endif
