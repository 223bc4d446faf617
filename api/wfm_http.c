/* wfm_http: request/response helpers, JSON errors and route matching
 * (see wfm_http.h). Nothing here talks to the network except the two
 * lookups that read from a live libmicrohttpd connection. */
#include "api/wfm_http.h"
#include "data/wfm_token.h"

#include <fcntl.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

static const char JSON_TYPE[] = "application/json";

struct wfm_http_blob {
    atomic_uint refs;
    int fd;      /* memfd with the same bytes, or -1 */
    size_t len;
    char data[]; /* len bytes and a NUL */
};

/* An anonymous in-memory file holding data, sealed against change; -1
 * when it cannot be made (then the bytes go from memory). */
static int memory_file(const char *data, size_t len)
{
    int fd = memfd_create("wfm-http-blob", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)n;
    }
    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
    return fd;
}

wfm_http_blob *wfm_http_blob_create(const char *data, size_t len)
{
    wfm_http_blob *blob = malloc(sizeof *blob + len + 1);
    if (!blob)
        return NULL;
    atomic_init(&blob->refs, 1);
    blob->len = len;
    memcpy(blob->data, data, len);
    blob->data[len] = '\0';
    blob->fd = len >= WFM_HTTP_BLOB_FILE_MIN ? memory_file(data, len) : -1;
    return blob;
}

int wfm_http_blob_fd(const wfm_http_blob *blob) { return blob->fd; }

wfm_http_blob *wfm_http_blob_ref(wfm_http_blob *blob)
{
    /* Relaxed is enough to take a reference: the holder's own keeps the
     * blob alive meanwhile (the reasoning of std::shared_ptr). */
    atomic_fetch_add_explicit(&blob->refs, 1, memory_order_relaxed);
    return blob;
}

void wfm_http_blob_release(wfm_http_blob *blob)
{
    /* acq_rel: every holder's reads happen before the last one frees. */
    if (blob && atomic_fetch_sub_explicit(&blob->refs, 1, memory_order_acq_rel) == 1) {
        if (blob->fd >= 0)
            close(blob->fd);
        free(blob);
    }
}

const char *wfm_http_blob_data(const wfm_http_blob *blob) { return blob->data; }

size_t wfm_http_blob_len(const wfm_http_blob *blob) { return blob->len; }

void wfm_http_response_init(wfm_http_response *res)
{
    memset(res, 0, sizeof *res);
    res->status = 200;
    res->content_type = JSON_TYPE;
}

/* Drops the body res holds, either kind. */
static void drop_body(wfm_http_response *res)
{
    free(res->body);
    wfm_http_blob_release(res->shared);
    res->body = NULL;
    res->shared = NULL;
    res->body_len = 0;
}

void wfm_http_response_free(wfm_http_response *res)
{
    drop_body(res);
    for (size_t i = 0; i < res->n_headers; i++) {
        free(res->headers[i].name);
        free(res->headers[i].value);
    }
    free(res->headers);
    wfm_http_response_init(res);
}

void wfm_http_text(wfm_http_response *res, unsigned status, const char *content_type,
                   char *body, size_t len)
{
    drop_body(res);
    res->status = status;
    res->content_type = content_type ? content_type : JSON_TYPE;
    res->body = body;
    res->body_len = body ? len : 0;
}

void wfm_http_shared(wfm_http_response *res, unsigned status, const char *content_type,
                     wfm_http_blob *blob)
{
    drop_body(res);
    res->status = status;
    res->content_type = content_type ? content_type : JSON_TYPE;
    res->shared = wfm_http_blob_ref(blob);
    res->body_len = blob->len;
}

const char *wfm_http_response_body(const wfm_http_response *res, size_t *len)
{
    *len = res->body_len;
    return res->shared ? res->shared->data : res->body;
}

/* The last-resort answer when even building an error fails: a static
 * text copied into the heap so the response still owns its body. */
static void set_out_of_memory(wfm_http_response *res)
{
    static const char text[] =
        "{\"error\":{\"code\":\"out_of_memory\",\"message\":\"out of memory\",\"field\":null}}\n";
    char *copy = malloc(sizeof text);
    if (copy)
        memcpy(copy, text, sizeof text);
    wfm_http_text(res, 500, JSON_TYPE, copy, copy ? sizeof text - 1 : 0);
}

void wfm_http_json(wfm_http_response *res, unsigned status, json_t *body)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    if (!text) {
        set_out_of_memory(res);
        return;
    }
    size_t len = strlen(text);
    char *with_newline = realloc(text, len + 2);
    if (!with_newline) {
        free(text);
        set_out_of_memory(res);
        return;
    }
    with_newline[len] = '\n';
    with_newline[len + 1] = '\0';
    wfm_http_text(res, status, JSON_TYPE, with_newline, len + 1);
}

static void set_error(wfm_http_response *res, unsigned status, const char *code,
                      const char *field, const char *message)
{
    json_t *field_value = (field && *field) ? json_string(field) : json_null();
    json_t *body = json_pack("{s:{s:s, s:s, s:o}}", "error", "code", code,
                             "message", message, "field", field_value);
    wfm_http_json(res, status, body);
}

void wfm_http_error(wfm_http_response *res, unsigned status, const char *code,
                    const char *field, const char *fmt, ...)
{
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    set_error(res, status, code, field, message);
}

unsigned wfm_http_status_for(wfm_status status)
{
    switch (status) {
    case WFM_OK: return 200;
    case WFM_EINVAL: return 400;
    case WFM_ENOTFOUND: return 404;
    case WFM_ECONFLICT:
    case WFM_ECANCELLED: return 409; /* as a stopped job (wfm_job_stopped) */
    case WFM_ELIMIT: return 429;
    case WFM_EINFEASIBLE:
    case WFM_ETOOBIG: return 422;
    case WFM_EDB: return 503;
    case WFM_ENOMEM:
    case WFM_EIO:
    case WFM_EINTERNAL: return 500;
    }
    return 500;
}

void wfm_http_error_from(wfm_http_response *res, const wfm_error *err)
{
    unsigned status = wfm_http_status_for(err->status);
    if (status < 400)
        status = 500; /* an error record without a failure status is a bug */
    set_error(res, status, wfm_status_name(err->status), err->field,
              err->message[0] ? err->message : wfm_status_name(err->status));
    if (status == 503 || status == 429)
        wfm_http_header(res, "Retry-After", "5");
}

void wfm_http_header(wfm_http_response *res, const char *name, const char *value)
{
    wfm_http_header_field *grown =
        realloc(res->headers, (res->n_headers + 1) * sizeof *res->headers);
    if (!grown)
        return;
    res->headers = grown;
    char *name_copy = strdup(name);
    char *value_copy = strdup(value);
    if (!name_copy || !value_copy) {
        free(name_copy);
        free(value_copy);
        return;
    }
    grown[res->n_headers].name = name_copy;
    grown[res->n_headers].value = value_copy;
    res->n_headers++;
}

const char *wfm_http_response_header(const wfm_http_response *res, const char *name)
{
    for (size_t i = 0; i < res->n_headers; i++)
        if (!strcasecmp(res->headers[i].name, name))
            return res->headers[i].value;
    return NULL;
}

const char *wfm_http_query(const wfm_http_request *req, const char *name)
{
    if (!req->connection)
        return NULL;
    return MHD_lookup_connection_value(req->connection, MHD_GET_ARGUMENT_KIND, name);
}

const char *wfm_http_request_header(const wfm_http_request *req, const char *name)
{
    if (!req->connection)
        return NULL;
    return MHD_lookup_connection_value(req->connection, MHD_HEADER_KIND, name);
}

/* "application/json", "application/json; charset=utf-8" and the
 * "application/problem+json" family are JSON; so is a missing type. */
static int is_json_type(const char *content_type)
{
    if (!content_type)
        return 1;
    size_t len = strcspn(content_type, ";");
    while (len > 0 && content_type[len - 1] == ' ')
        len--;
    return (len == 16 && !strncasecmp(content_type, "application/json", len)) ||
           (len > 17 && !strncasecmp(content_type, "application/", 12) &&
            !strncasecmp(content_type + len - 5, "+json", 5));
}

json_t *wfm_http_body_object(const wfm_http_request *req, wfm_http_response *res)
{
    if (!is_json_type(req->content_type)) {
        wfm_http_error(res, 415, "unsupported_media_type", "Content-Type",
                       "the body must be application/json, not '%s'", req->content_type);
        return NULL;
    }
    if (!req->body || req->body_len == 0) {
        wfm_http_error(res, 400, "invalid_argument", "body",
                       "the request needs a JSON object as its body; it was empty");
        return NULL;
    }
    json_error_t jerr;
    json_t *root = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        wfm_http_error(res, 400, "invalid_json", "body",
                       "the body is not valid JSON: %s (line %d, column %d)",
                       jerr.text, jerr.line, jerr.column);
        return NULL;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        wfm_http_error(res, 400, "invalid_argument", "body",
                       "the body must be a JSON object ({...})");
        return NULL;
    }
    return root;
}

static int is_param_segment(const char *segment, size_t len)
{
    return len > 2 && segment[0] == '{' && segment[len - 1] == '}';
}

int wfm_http_path_match(const char *pattern, const char *path, char *scratch,
                        const char *params[WFM_HTTP_MAX_PARAMS], size_t *n_params)
{
    char *ends[WFM_HTTP_MAX_PARAMS]; /* where each captured value stops */
    size_t n = 0;
    const char *p = pattern;
    char *s = strcpy(scratch, path);
    *n_params = 0;
    for (;;) {
        if (*p == '\0' || *s == '\0')
            break;
        if (*p != '/' || *s != '/')
            return 0;
        p++;
        s++;
        size_t plen = strcspn(p, "/");
        size_t slen = strcspn(s, "/");
        if (is_param_segment(p, plen)) {
            if (slen == 0 || n == WFM_HTTP_MAX_PARAMS)
                return 0;
            params[n] = s;
            ends[n++] = s + slen;
        } else if (plen != slen || strncmp(p, s, plen) != 0) {
            return 0;
        }
        p += plen;
        s += slen;
    }
    if (*p != *s)
        return 0;
    for (size_t i = 0; i < n; i++)
        *ends[i] = '\0'; /* only now: the separators were needed while matching */
    *n_params = n;
    return 1;
}

/* The methods of every route whose pattern matches path, as "GET, POST";
 * written into allow (size bytes). Returns the number of such routes. */
static size_t allowed_methods(const wfm_route *table, size_t n, const char *path,
                              char *scratch, char *allow, size_t size)
{
    const char *params[WFM_HTTP_MAX_PARAMS];
    size_t n_params, found = 0;
    allow[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (!wfm_http_path_match(table[i].pattern, path, scratch, params, &n_params))
            continue;
        if (strstr(allow, table[i].method))
            continue; /* two routes with one method: name it once */
        size_t used = strlen(allow);
        snprintf(allow + used, size - used, "%s%s", found ? ", " : "", table[i].method);
        found++;
    }
    return found;
}

static int method_serves(const char *route_method, const char *method)
{
    return !strcmp(route_method, method) ||
           (!strcmp(method, "HEAD") && !strcmp(route_method, "GET"));
}

const wfm_route *wfm_http_route_find(const wfm_route *table, size_t n, const char *method,
                                     const char *path, char *scratch,
                                     const char *params[WFM_HTTP_MAX_PARAMS], size_t *n_params)
{
    for (size_t i = 0; i < n; i++)
        if (method_serves(table[i].method, method) &&
            wfm_http_path_match(table[i].pattern, path, scratch, params, n_params))
            return &table[i];
    return NULL;
}

const char *wfm_http_route_center(const wfm_route *route, const char *const *params)
{
    static const char prefix[] = "/v1/centers/{id}";
    if (strncmp(route->pattern, prefix, sizeof prefix - 1) ||
        (route->pattern[sizeof prefix - 1] != '/' && route->pattern[sizeof prefix - 1] != '\0'))
        return NULL;
    return params[0];
}

/* "manager or admin": the roles that grant needs, for a 403's message. */
static void roles_granting(unsigned needs, char *out, size_t size)
{
    const wfm_role all[] = {WFM_ROLE_VIEWER, WFM_ROLE_MANAGER, WFM_ROLE_PLANNER, WFM_ROLE_ADMIN};
    size_t used = 0, found = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof all / sizeof all[0] && used < size; i++) {
        if (!wfm_role_allows(all[i], needs))
            continue;
        used += (size_t)snprintf(out + used, size - used, "%s%s", found++ ? " or " : "",
                                 wfm_role_name(all[i]));
    }
}

/* RFC 6750 section 3.1: a token that is valid but not enough is
 * "insufficient_scope". */
static void forbid(wfm_http_response *res, const char *field, const char *message)
{
    set_error(res, 403, "forbidden", field, message);
    wfm_http_header(res, "WWW-Authenticate",
                    "Bearer realm=\"hotline-wfm\", error=\"insufficient_scope\"");
}

int wfm_http_authorize(const wfm_http_request *req, wfm_http_response *res, unsigned needs)
{
    if (!req->token || wfm_role_allows(req->token->role, needs))
        return 1;
    char roles[64], message[160];
    roles_granting(needs, roles, sizeof roles);
    snprintf(message, sizeof message, "a %s token may not do this; it needs the %s role",
             wfm_role_name(req->token->role), roles);
    forbid(res, "Authorization", message);
    return 0;
}

int wfm_http_authorize_center(const wfm_http_request *req, wfm_http_response *res,
                              const char *center_id)
{
    if (!req->token || (center_id && !strcmp(center_id, req->token->center_id)))
        return 1;
    /* The other center is not named: a resource's id must not tell a
     * co-tenant whose it is. */
    char message[160];
    snprintf(message, sizeof message, "the token is for center '%.64s', not for this %s",
             req->token->center_id, center_id ? "center's data" : "system resource");
    forbid(res, "Authorization", message);
    return 0;
}

void wfm_http_dispatch(const wfm_route *table, size_t n, wfm_http_request *req,
                       wfm_http_response *res)
{
    char *scratch = malloc(strlen(req->path) + 1);
    if (!scratch) {
        set_out_of_memory(res);
        return;
    }
    const wfm_route *route =
        wfm_http_route_find(table, n, req->method, req->path, scratch, req->params, &req->n_params);
    if (route) {
        route->handler(req, res);
        free(scratch);
        return;
    }
    char allow[128];
    if (allowed_methods(table, n, req->path, scratch, allow, sizeof allow) == 0) {
        wfm_http_error(res, 404, "not_found", NULL, "no route for %s %s", req->method,
                       req->path);
    } else if (!strcmp(req->method, "OPTIONS")) {
        wfm_http_text(res, 204, NULL, NULL, 0);
        wfm_http_header(res, "Allow", allow);
    } else {
        wfm_http_error(res, 405, "method_not_allowed", NULL,
                       "%s is not allowed on %s; allowed: %s", req->method, req->path, allow);
        wfm_http_header(res, "Allow", allow);
    }
    free(scratch);
}
