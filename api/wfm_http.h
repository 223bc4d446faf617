/* wfm_http: the request and response records every route handler works
 * with, the helpers that build JSON answers and JSON errors, and the
 * dispatcher that matches a request against a route table.
 *
 * A handler gets a read-only wfm_http_request and fills a wfm_http_response:
 *
 *     void wfm_route_thing_get(const wfm_http_request *req, wfm_http_response *res)
 *     {
 *         json_t *o = json_pack("{s:s}", "id", req->params[0]);
 *         wfm_http_json(res, 200, o);
 *     }
 *
 * Every error leaves the server as {"error":{"code","message","field"}},
 * where code is a stable snake_case word (wfm_status_name() for errors that
 * come from a wfm_error), message is for people and field names the input
 * to blame, or is null.
 *
 * Status rule (wfm_http_status_for): any fault of the input, syntax or value,
 * is 400; 422 is kept for requests that are valid but have no answer
 * (WFM_EINFEASIBLE). */
#ifndef WFM_HTTP_H
#define WFM_HTTP_H

#include "core/wfm_error.h"

#include <jansson.h>
#include <stddef.h>

struct MHD_Connection;
typedef struct wfm_server wfm_server; /* opaque: config, db pool, ... (wfm_server.h) */
typedef struct wfm_token_info wfm_token_info; /* a verified token (data/wfm_token.h) */

/* Segments named {like_this} in a route pattern capture at most this many
 * values. */
#define WFM_HTTP_MAX_PARAMS 4

typedef struct wfm_http_request {
    const char *method;              /* "GET", "POST", ... */
    const char *path;                /* without query string, percent-decoded */
    const char *params[WFM_HTTP_MAX_PARAMS]; /* values captured by {name} segments, in order */
    size_t n_params;
    const char *body;                /* NUL-terminated copy of the body ("" when none) */
    size_t body_len;
    const char *content_type;        /* may be NULL */
    const char *request_id;
    struct MHD_Connection *connection; /* NULL outside a live server (unit tests) */
    wfm_server *server;              /* NULL outside a live server */
    const wfm_token_info *token;     /* the caller's verified token (api/wfm_auth.h);
                                        NULL when authentication is off or the route
                                        is public: then every check below passes */
} wfm_http_request;

typedef struct wfm_http_header_field {
    char *name;  /* malloc'd, owned by the response */
    char *value; /* malloc'd, owned by the response */
} wfm_http_header_field;

/* An immutable body shared by reference count: a cached answer (the live
 * seat plan) that many responses send at once, none of them copying it.
 * Created with one reference; every holder releases its own. The count is
 * atomic, so threads may take and release references freely; the bytes
 * never change after creation. */
typedef struct wfm_http_blob wfm_http_blob;

/* A blob holding a copy of data[0..len) (plus a NUL after it, not counted);
 * NULL when out of memory. A blob of WFM_HTTP_BLOB_FILE_MIN bytes or more
 * also gets a copy in an anonymous in-memory file (memfd), which the server
 * sends with sendfile(2) like a static file server: the kernel then hands
 * the pages to the socket instead of copying the bytes from user memory
 * on every request. Where that file cannot be made, the bytes are sent
 * from memory. */
#define WFM_HTTP_BLOB_FILE_MIN (32 * 1024)
wfm_http_blob *wfm_http_blob_create(const char *data, size_t len);

/* Takes one more reference to blob and returns it. */
wfm_http_blob *wfm_http_blob_ref(wfm_http_blob *blob);

/* Drops one reference; the last one frees the blob. blob may be NULL. */
void wfm_http_blob_release(wfm_http_blob *blob);

/* The bytes (NUL-terminated) and their length; valid while a reference is
 * held. */
const char *wfm_http_blob_data(const wfm_http_blob *blob);
size_t wfm_http_blob_len(const wfm_http_blob *blob);

/* The in-memory file holding the bytes (read it with pread or sendfile at
 * an explicit offset, never by moving its file offset), or -1 when the
 * blob has none. Owned by the blob: dup() it to keep it longer. */
int wfm_http_blob_fd(const wfm_http_blob *blob);

typedef struct wfm_http_response {
    unsigned status;                 /* default 200 */
    char *body;                      /* malloc'd, owned by the response; NULL = empty */
    wfm_http_blob *shared;           /* or a shared body (one reference owned by the
                                        response); then body is NULL */
    size_t body_len;                 /* the length of either */
    const char *content_type;        /* static string, default application/json */
    wfm_http_header_field *headers;  /* extra headers, added by wfm_http_header() */
    size_t n_headers;
} wfm_http_response;

typedef void (*wfm_route_fn)(const wfm_http_request *req, wfm_http_response *res);

/* One row of a route table: method, pattern ("/v1/centers/{id}") and the
 * handler. Patterns are matched segment by segment; a {name} segment
 * matches any one non-empty segment and captures it into req->params. */
typedef struct wfm_route {
    const char *method;
    const char *pattern;
    wfm_route_fn handler;
    unsigned needs; /* wfm_capability bits (data/wfm_token.h) a caller's token must
                       grant; 0: public (health, the dashboard's static files) */
} wfm_route;

/* Empties res: status 200, no body, application/json, no headers. */
void wfm_http_response_init(wfm_http_response *res);

/* Frees what res owns (body, headers) and empties it again. */
void wfm_http_response_free(wfm_http_response *res);

/* Sets status and the JSON text of body (compact, one trailing newline).
 * Steals the reference to body (json_decref'd here); body NULL is a 500. */
void wfm_http_json(wfm_http_response *res, unsigned status, json_t *body);

/* Sets status, content type (a static string) and a malloc'd body of len
 * bytes, which the response takes over. body may be NULL (empty). */
void wfm_http_text(wfm_http_response *res, unsigned status, const char *content_type,
                   char *body, size_t len);

/* Sets status, content type (a static string) and blob as the body: the
 * response takes a reference of its own (the caller keeps its one) and the
 * server hands the bytes to the network without copying them. */
void wfm_http_shared(wfm_http_response *res, unsigned status, const char *content_type,
                     wfm_http_blob *blob);

/* The body of res whichever way it is held (NULL when empty), and its
 * length in *len. Owned by res. */
const char *wfm_http_response_body(const wfm_http_response *res, size_t *len);

/* Sets status and the body {"error":{"code":code,"message":...,"field":field}}
 * (field null when NULL or ""). code is a snake_case word. */
void wfm_http_error(wfm_http_response *res, unsigned status, const char *code,
                    const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The error response for err: status by wfm_http_status_for(err->status),
 * code wfm_status_name(), message and field from err. A 503 also gets
 * Retry-After, because the database is worth retrying. */
void wfm_http_error_from(wfm_http_response *res, const wfm_error *err);

/* The HTTP status for a wfm_status: EINVAL 400, ENOTFOUND 404, ECONFLICT 409,
 * ELIMIT 413, EINFEASIBLE 422, EDB 503, WFM_OK 200, others 500. */
unsigned wfm_http_status_for(wfm_status status);

/* Adds a response header; name and value are copied. Content-Type is set
 * through res->content_type, not here. */
void wfm_http_header(wfm_http_response *res, const char *name, const char *value);

/* The value of a response header added with wfm_http_header() (case
 * insensitive), NULL if absent. Owned by res. */
const char *wfm_http_response_header(const wfm_http_response *res, const char *name);

/* A query-string argument, percent-decoded; NULL if absent or when there is
 * no live connection. Owned by the connection, valid during the request. */
const char *wfm_http_query(const wfm_http_request *req, const char *name);

/* A request header (case insensitive), NULL if absent. Owned by the
 * connection, valid during the request. */
const char *wfm_http_request_header(const wfm_http_request *req, const char *name);

/* Parses the body as a JSON object. On failure fills res with a 400 (415
 * when the content type is given and is not JSON) naming where the JSON
 * broke, and returns NULL. The caller owns the returned reference. */
json_t *wfm_http_body_object(const wfm_http_request *req, wfm_http_response *res);

/* Matches path against pattern. On a match returns 1 and stores the
 * captured segments in params/n_params: pointers into scratch, a buffer of
 * at least strlen(path) + 1 bytes the caller owns. Returns 0 otherwise. */
int wfm_http_path_match(const char *pattern, const char *path, char *scratch,
                        const char *params[WFM_HTTP_MAX_PARAMS], size_t *n_params);

/* The first route of table[0..n) whose method serves `method` (HEAD is
 * served by GET routes) and whose pattern matches path, with its captured
 * segments in params/n_params (pointers into scratch, as for
 * wfm_http_path_match); NULL when none. */
const wfm_route *wfm_http_route_find(const wfm_route *table, size_t n, const char *method,
                                     const char *path, char *scratch,
                                     const char *params[WFM_HTTP_MAX_PARAMS], size_t *n_params);

/* The center a route addresses by its path: the first captured segment of a
 * pattern that starts "/v1/centers/{id}", else NULL (routes addressed by a
 * job, roster or scenario id check the center of what they load, with
 * wfm_http_authorize_center). */
const char *wfm_http_route_center(const wfm_route *route, const char *const *params);

/* Whether the caller's token grants the capabilities `needs` (wfm_capability
 * bits). Returns 1 when it does (or req->token is NULL: no authentication);
 * otherwise fills res with 403 "forbidden" naming the roles that would do
 * and returns 0. For handlers whose need depends on what they load (a job
 * cancel needs the capability of the job's kind). */
int wfm_http_authorize(const wfm_http_request *req, wfm_http_response *res, unsigned needs);

/* Whether the caller's token belongs to center_id. Returns 1 when it does
 * (or req->token is NULL); otherwise fills res with 403 "forbidden" and
 * returns 0. center_id NULL (a resource of no center, e.g. a system job) is
 * refused to every token. Handlers of /v1/jobs/{id}, /v1/rosters/{id},
 * /v1/scenarios/{id} call it with the center of the loaded resource before
 * answering or changing anything. */
int wfm_http_authorize_center(const wfm_http_request *req, wfm_http_response *res,
                              const char *center_id);

/* Runs the handler of the first route of table[0..n) whose method and
 * pattern match req (HEAD is served by GET routes; MHD drops the body).
 * Fills req->params. When the path matches but the method does not: 405
 * with an Allow header (204 with Allow for OPTIONS); when nothing matches:
 * 404. Both as JSON errors. */
void wfm_http_dispatch(const wfm_route *table, size_t n, wfm_http_request *req,
                       wfm_http_response *res);

#endif
