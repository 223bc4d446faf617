/* wfm_server: the libmicrohttpd daemon, body accumulation, request ids,
 * access log and graceful stop (see wfm_server.h). */
#include "api/wfm_server.h"

#include "api/wfm_routes.h"
#include "api/wfm_live.h"
#include "api/wfm_live_cache.h"
#include "data/wfm_token.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum {
    MAX_THREADS = 256,
    DRAIN_MAX = 1 << 20, /* a refused upload is read this far, then the connection closed */
    REQUEST_ID_MAX = 64,
    /* Wall dashboards keep connections open; a load test opens hundreds at
     * once. Both well above libmicrohttpd's defaults (about 1000 and 511). */
    CONNECTION_LIMIT = 4096,
    LISTEN_BACKLOG = 4096,
    /* Per connection: request line and headers, the response headers and
     * the pieces of a body on their way in. libmicrohttpd clears the
     * whole area between two requests of a keep-alive connection, so its
     * 32 KiB default costs a 32 KiB memset per request; 16 KiB still holds
     * a browser's headers with cookies and a bearer token (larger: 431). */
    CONNECTION_MEMORY = 16 * 1024,
};

struct wfm_server {
    wfm_server_opts opts; /* with the strings below in place of the caller's */
    char *database_url;
    char *bind_address;
    struct MHD_Daemon *daemon;
    wfm_db_pool *db;
    wfm_live_cache *live; /* latest live seat plan per center (wfm_live_cache.h) */
    wfm_auth *auth;       /* verified tokens and rate buckets; NULL when auth is off */
    const wfm_route *routes;
    size_t n_routes;
    unsigned port;
    atomic_uint in_flight;
    atomic_ullong requests_seen;
    unsigned long long id_seed; /* random per process, so ids differ across restarts */
    /* The interval-boundary re-plan timer (replan_interval_s > 0). */
    pthread_t ticker;
    int ticker_running;
    pthread_mutex_t tick_lock;
    pthread_cond_t tick_wake;   /* signalled by wfm_server_stop */
    int stopping;               /* under tick_lock */
};

/* What the server keeps about one request between libmicrohttpd's calls. */
typedef struct request_state {
    char *body;
    size_t body_len;
    size_t body_cap;
    size_t body_limit;     /* the route's: max_import_bytes or max_body_bytes */
    size_t dropped;        /* bytes read past the limit and thrown away */
    int too_large;
    int answered;          /* a response is queued already (refused before the body) */
    int refused;           /* refusal holds the answer, sent when the request ends */
    wfm_http_response refusal;
    int authenticated;     /* token holds the caller's verified token, admitted */
    wfm_token_info token;
    struct timespec started;
    char request_id[REQUEST_ID_MAX + 1];
} request_state;

void wfm_server_opts_init(wfm_server_opts *o)
{
    memset(o, 0, sizeof *o);
    o->port = 8080;
    o->max_body_bytes = 1u << 20;
    o->shutdown_grace_s = 10;
    o->access_log = 1;
    o->replan_interval_s = 900;
    o->max_import_bytes = 8u << 20;
    o->auth = 1;
    wfm_auth_opts_init(&o->auth_opts);
    o->max_agents = 1000;
}

unsigned wfm_server_port(const wfm_server *srv) { return srv->port; }

unsigned wfm_server_in_flight(const wfm_server *srv)
{
    return atomic_load(&((wfm_server *)srv)->in_flight);
}

const wfm_server_opts *wfm_server_options(const wfm_server *srv) { return &srv->opts; }

wfm_db_pool *wfm_server_db(wfm_server *srv) { return srv->db; }

wfm_auth *wfm_server_auth(wfm_server *srv) { return srv->auth; }

static double ms_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1e3 + (now.tv_nsec - start->tv_nsec) / 1e6;
}

/* A caller's id is echoed only when it is short and harmless in a header
 * and a log line; anything else is replaced, not rejected. */
static int request_id_acceptable(const char *id)
{
    size_t len = id ? strlen(id) : 0;
    if (len == 0 || len > REQUEST_ID_MAX)
        return 0;
    for (const char *c = id; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              (*c >= '0' && *c <= '9') || strchr("._:-", *c)))
            return 0;
    return 1;
}

static void choose_request_id(wfm_server *srv, struct MHD_Connection *c, char *out)
{
    const char *given = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Request-Id");
    if (request_id_acceptable(given)) {
        snprintf(out, REQUEST_ID_MAX + 1, "%s", given);
        return;
    }
    /* Seed plus a counter times an odd constant (Knuth's multiplicative
     * hash): unique within the process, and not guessable in sequence. */
    unsigned long long n = atomic_fetch_add(&srv->requests_seen, 1) + 1;
    snprintf(out, REQUEST_ID_MAX + 1, "%016llx", srv->id_seed ^ (n * 0x9E3779B97F4A7C15ull));
}

static int declared_body_too_large(struct MHD_Connection *c, size_t max)
{
    const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    return length && strtoull(length, NULL, 10) > max;
}

/* Appends data to the body; returns 0, or -1 when the body would exceed max
 * (then nothing more is kept). */
static int append_body(request_state *st, const char *data, size_t len, size_t max)
{
    if (st->too_large || len > max - st->body_len)
        return -1;
    if (st->body_len + len + 1 > st->body_cap) {
        size_t cap = st->body_cap ? st->body_cap : 4096;
        while (cap < st->body_len + len + 1)
            cap *= 2;
        char *grown = realloc(st->body, cap);
        if (!grown)
            return -1;
        st->body = grown;
        st->body_cap = cap;
    }
    memcpy(st->body + st->body_len, data, len);
    st->body_len += len;
    st->body[st->body_len] = '\0';
    return 0;
}

static void log_access(const wfm_server *srv, const request_state *st, const char *method,
                       const char *url, const wfm_http_response *res)
{
    if (!srv->opts.access_log)
        return;
    fprintf(stderr, "wfm-server: req=%s %s %s %u %zuB %.2fms%s%s\n", st->request_id, method,
            url, res->status, res->body_len, ms_since(&st->started),
            st->token.token_id[0] ? " token=" : "", st->token.token_id);
}

static void release_blob(void *blob)
{
    wfm_http_blob_release(blob);
}

/* The libmicrohttpd response for res's body, which it takes: an owned body
 * is freed by libmicrohttpd; a shared one is sent from the blob's memory
 * file with sendfile(2) when it has one (large bodies: no copy through user
 * memory), else from the blob itself, whose reference the response then
 * holds until the send completes. */
static struct MHD_Response *mhd_response_for(wfm_http_response *res)
{
    struct MHD_Response *r;
    int file = res->shared && wfm_http_blob_fd(res->shared) >= 0
                   ? fcntl(wfm_http_blob_fd(res->shared), F_DUPFD_CLOEXEC, 0)
                   : -1;
    if (file >= 0) {
        /* libmicrohttpd sends a file response with sendfile(2) at its own
         * offset and closes this descriptor when done; the memfd's pages
         * live as long as any descriptor does, so the blob can go now. */
        r = MHD_create_response_from_fd64(res->body_len, file);
        if (!r)
            close(file);
    } else if (res->shared) {
        r = MHD_create_response_from_buffer_with_free_callback_cls(
            res->body_len, (void *)wfm_http_blob_data(res->shared), release_blob, res->shared);
        if (r)
            res->shared = NULL; /* the reference goes with r */
    } else if (res->body) {
        r = MHD_create_response_from_buffer(res->body_len, res->body, MHD_RESPMEM_MUST_FREE);
        if (r)
            res->body = NULL;
    } else {
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    return r;
}

/* Hands res to libmicrohttpd (which takes the body), with the request id
 * and the extra headers, and writes the access-log line. */
static enum MHD_Result send_response(wfm_server *srv, struct MHD_Connection *c,
                                     const request_state *st, const char *method,
                                     const char *url, wfm_http_response *res)
{
    log_access(srv, st, method, url, res);
    struct MHD_Response *r = mhd_response_for(res);
    if (!r) {
        wfm_http_response_free(res);
        return MHD_NO;
    }
    if (res->status != 204)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
    MHD_add_response_header(r, "X-Request-Id", st->request_id);
    for (size_t i = 0; i < res->n_headers; i++)
        MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
    enum MHD_Result queued = MHD_queue_response(c, res->status, r);
    MHD_destroy_response(r);
    wfm_http_response_free(res);
    return queued;
}

static enum MHD_Result send_too_large(wfm_server *srv, struct MHD_Connection *c,
                                      request_state *st, const char *method,
                                      const char *url)
{
    wfm_http_response res;
    wfm_http_response_init(&res);
    wfm_http_error(&res, 413, "payload_too_large", "body",
                   "the request body is larger than the limit of %zu bytes", st->body_limit);
    st->answered = 1;
    return send_response(srv, c, st, method, url, &res);
}

static enum MHD_Result serve(wfm_server *srv, struct MHD_Connection *c, request_state *st,
                             const char *method, const char *url)
{
    wfm_http_request req = {
        .method = method,
        .path = url,
        .body = st->body ? st->body : "",
        .body_len = st->body_len,
        .content_type =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
        .request_id = st->request_id,
        .connection = c,
        .server = srv,
        .token = st->authenticated ? &st->token : NULL,
    };
    wfm_http_response res;
    wfm_http_response_init(&res);
    wfm_http_dispatch(srv->routes, srv->n_routes, &req, &res);
    return send_response(srv, c, st, method, url, &res);
}

/* Whether the request says a body follows (a Content-Length above 0, or
 * chunked transfer). */
static int announces_body(struct MHD_Connection *c)
{
    const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    return MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding") ||
           (length && strtoull(length, NULL, 10) > 0);
}

/* The first look at a request, when its headers are in and no body has
 * been read: the route's body limit, then (auth on, protected route) the
 * token. A refusal is queued at once, so libmicrohttpd skips "100 Continue"
 * and closes the connection instead of reading an upload nobody will use. */
static enum MHD_Result admit(wfm_server *srv, struct MHD_Connection *c, request_state *st,
                             const char *method, const char *url)
{
    char *scratch = malloc(strlen(url) + 1);
    if (!scratch)
        return MHD_NO;
    const char *params[WFM_HTTP_MAX_PARAMS];
    size_t n_params = 0;
    const wfm_route *route =
        wfm_http_route_find(srv->routes, srv->n_routes, method, url, scratch, params, &n_params);
    st->body_limit = route && wfm_routes_bulk_body(route) ? srv->opts.max_import_bytes
                                                          : srv->opts.max_body_bytes;
    wfm_http_response res;
    wfm_http_response_init(&res);
    int refused = 0;
    if (route && route->needs && srv->auth) {
        const char *authorization =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
        refused = !wfm_auth_admit(srv->auth, srv->db, authorization, route->needs,
                                  wfm_http_route_center(route, params), &st->token, &res);
        st->authenticated = !refused;
    }
    free(scratch);
    if (refused && !announces_body(c)) {
        /* Answered once the request ends, like any other, so the client's
         * connection stays open (an answer queued before the end of a
         * request makes libmicrohttpd close it). */
        st->refused = 1;
        st->refusal = res;
        return MHD_YES;
    }
    if (refused) {
        st->answered = 1;
        return send_response(srv, c, st, method, url, &res);
    }
    wfm_http_response_free(&res);
    if (declared_body_too_large(c, st->body_limit))
        return send_too_large(srv, c, st, method, url);
    return MHD_YES;
}

/* Bytes of a body that grew past its limit (chunked, or longer than its
 * Content-Length said): libmicrohttpd 0.9.75 cannot queue a response in the
 * middle of an upload (MHD_queue_response refuses until the request is
 * complete), so up to DRAIN_MAX more bytes are read and dropped, and a
 * client a little over the limit still gets its 413 JSON at the end; past
 * that the connection is closed instead of being read on. Nothing dropped
 * is kept in memory. */
static enum MHD_Result drop_body(request_state *st, size_t len)
{
    st->too_large = 1;
    st->dropped += len;
    return st->dropped > DRAIN_MAX ? MHD_NO : MHD_YES;
}

/* libmicrohttpd calls this once when the headers are in, once per piece of
 * body, and once more when the request is complete. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    wfm_server *srv = cls;
    request_state *st = *con_cls;
    if (!st) {
        st = calloc(1, sizeof *st);
        if (!st)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &st->started);
        choose_request_id(srv, c, st->request_id);
        atomic_fetch_add(&srv->in_flight, 1);
        *con_cls = st;
        return admit(srv, c, st, method, url);
    }
    if (*upload_data_size > 0) {
        enum MHD_Result go_on = MHD_YES;
        if (st->answered || st->refused || st->too_large ||
            append_body(st, upload_data, *upload_data_size, st->body_limit) != 0)
            go_on = drop_body(st, *upload_data_size);
        *upload_data_size = 0;
        return go_on;
    }
    if (st->answered)
        return MHD_YES;
    if (st->refused) {
        st->refused = 0;
        return send_response(srv, c, st, method, url, &st->refusal);
    }
    if (st->too_large)
        return send_too_large(srv, c, st, method, url);
    return serve(srv, c, st, method, url);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode how)
{
    (void)c;
    (void)how;
    wfm_server *srv = cls;
    request_state *st = *con_cls;
    if (!st)
        return;
    wfm_http_response_free(&st->refusal); /* when the request ended before it was sent */
    free(st->body);
    free(st);
    *con_cls = NULL;
    atomic_fetch_sub(&srv->in_flight, 1);
}

static void log_mhd(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    fprintf(stderr, "wfm-server: libmicrohttpd: %s\n", line);
}

static unsigned default_threads(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus < 2 ? 2 : cpus > MAX_THREADS ? MAX_THREADS : (unsigned)cpus;
}

static wfm_status check_options(const wfm_server_opts *o, wfm_error *err)
{
    if (!o->database_url || !*o->database_url)
        return wfm_error_set(err, WFM_EINVAL, "database_url",
                             "no database URL (--database-url or WFM_DATABASE_URL)");
    if (o->port > 65535)
        return wfm_error_set(err, WFM_EINVAL, "port", "port must be 0..65535 (%u)", o->port);
    if (o->threads > MAX_THREADS)
        return wfm_error_set(err, WFM_EINVAL, "threads", "threads must be 1..%d (%u)",
                             MAX_THREADS, o->threads);
    if (o->replan_interval_s > 86400)
        return wfm_error_set(err, WFM_EINVAL, "replan_interval_s",
                             "replan_interval_s must be 0..86400 (%u)", o->replan_interval_s);
    if (o->max_body_bytes == 0)
        return wfm_error_set(err, WFM_EINVAL, "max_body_bytes",
                             "max_body_bytes must be at least 1 (0)");
    if (o->max_import_bytes == 0)
        return wfm_error_set(err, WFM_EINVAL, "max_import_bytes",
                             "max_import_bytes must be at least 1 (0)");
    if (!(o->auth_opts.cache_ttl_s >= 0) || !(o->auth_opts.rate_per_s >= 0) ||
        o->auth_opts.max_tokens == 0)
        return wfm_error_set(err, WFM_EINVAL, "auth_opts",
                             "auth_opts: cache_ttl_s and rate_per_s must be >= 0 and max_tokens "
                             ">= 1 (%g, %g, %zu)", o->auth_opts.cache_ttl_s,
                             o->auth_opts.rate_per_s, o->auth_opts.max_tokens);
    return WFM_OK;
}

/* Fills addr for a numeric bind address; returns the MHD flag its family
 * needs (MHD_USE_IPv6 or 0), or -1 when the address is not numeric. */
static int parse_bind_address(const char *text, unsigned port, struct sockaddr_storage *addr)
{
    memset(addr, 0, sizeof *addr);
    struct sockaddr_in *v4 = (struct sockaddr_in *)addr;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)addr;
    if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
        return 0;
    }
    if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        return MHD_USE_IPv6;
    }
    return -1;
}

static struct MHD_Daemon *start_daemon(wfm_server *srv, unsigned flags,
                                       const struct sockaddr_storage *addr)
{
    struct MHD_OptionItem options[] = {
        {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)log_mhd, NULL}, /* first, to catch all */
        {MHD_OPTION_THREAD_POOL_SIZE, srv->opts.threads, NULL},
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, srv},
        {MHD_OPTION_CONNECTION_TIMEOUT, 60, NULL},
        {MHD_OPTION_CONNECTION_LIMIT, CONNECTION_LIMIT, NULL},
        {MHD_OPTION_LISTEN_BACKLOG_SIZE, LISTEN_BACKLOG, NULL},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONNECTION_MEMORY, NULL},
        {addr ? MHD_OPTION_SOCK_ADDR : MHD_OPTION_END, 0, (void *)addr},
        {MHD_OPTION_END, 0, NULL},
    };
    return MHD_start_daemon(flags, (uint16_t)srv->opts.port, NULL, NULL, on_request, srv,
                            MHD_OPTION_ARRAY, options, MHD_OPTION_END);
}

static wfm_status listen_on(wfm_server *srv, wfm_error *err)
{
    /* ITC lets MHD_quiesce_daemon wake the pool; epoll scales the pool.
     * Turbo reads and writes before asking epoll. Without it, libmicrohttpd
     * 0.9.75 (Debian 12) with epoll and a thread pool sometimes leaves new
     * keep-alive connections unread after their first answer: under
     * wrk -c256 the server sat idle in epoll_wait with a request queued on
     * all 256 sockets (a run of 4 s answered 256 requests). Four series of
     * 4-second runs each met it within 1 to 28 runs (the build before this
     * change too); with turbo, 100 runs never did. */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES)
        flags |= MHD_USE_EPOLL | MHD_USE_TURBO;
    if (srv->bind_address) {
        struct sockaddr_storage addr;
        int family_flag = parse_bind_address(srv->bind_address, srv->opts.port, &addr);
        if (family_flag < 0)
            return wfm_error_set(err, WFM_EINVAL, "bind_address",
                                 "bind address must be a numeric IPv4 or IPv6 address ('%s')",
                                 srv->bind_address);
        srv->daemon = start_daemon(srv, flags | (unsigned)family_flag, &addr);
    } else {
        /* Both families on one socket, so `curl localhost` works whichever
         * address localhost resolves to; IPv4 only where IPv6 is absent. */
        srv->daemon = start_daemon(srv, flags | MHD_USE_DUAL_STACK, NULL);
        if (!srv->daemon)
            srv->daemon = start_daemon(srv, flags, NULL);
    }
    if (!srv->daemon)
        return wfm_error_set(err, WFM_EIO, "port", "cannot listen on port %u (in use?)",
                             srv->opts.port);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info && info->port ? info->port : srv->opts.port;
    return WFM_OK;
}

wfm_status wfm_server_replan_tick(wfm_server *srv, int64_t boundary, size_t *replanned,
                                  wfm_error *err)
{
    PGconn *db = wfm_db_pool_acquire(srv->db, err);
    if (!db)
        return err->status;
    wfm_status st = wfm_live_cache_load(srv->live, db, err);
    if (st == WFM_OK)
        st = wfm_live_replan_due(db, srv->live, boundary, replanned, err);
    wfm_db_pool_release(srv->db, db);
    return st;
}

/* Sleeps until the wall clock reaches t (Unix seconds) or the server
 * stops; returns nonzero when stopping. */
static int wait_until(wfm_server *srv, int64_t t)
{
    struct timespec deadline = {.tv_sec = (time_t)t};
    pthread_mutex_lock(&srv->tick_lock);
    while (!srv->stopping && time(NULL) < t)
        if (pthread_cond_timedwait(&srv->tick_wake, &srv->tick_lock, &deadline) != 0)
            break;
    int stopping = srv->stopping;
    pthread_mutex_unlock(&srv->tick_lock);
    return stopping;
}

/* The timer: at each multiple of replan_interval_s of the wall clock (so
 * every server of a deployment ticks at the same boundaries, and a
 * restart does not shift them), one wfm_server_replan_tick. A second late
 * so the boundary has surely passed on the database's clock too. */
static void *run_ticker(void *arg)
{
    wfm_server *srv = arg;
    int64_t step = srv->opts.replan_interval_s;
    for (;;) {
        int64_t boundary = ((int64_t)time(NULL) / step + 1) * step;
        if (wait_until(srv, boundary + 1))
            return NULL;
        size_t replanned = 0;
        wfm_error err;
        wfm_error_clear(&err);
        struct timespec start;
        clock_gettime(CLOCK_MONOTONIC, &start);
        if (wfm_server_replan_tick(srv, boundary, &replanned, &err) != WFM_OK)
            fprintf(stderr, "wfm-server: boundary re-plan: %s\n", err.message);
        if (replanned)
            fprintf(stderr, "wfm-server: boundary re-plan: %zu center(s) in %.0fms\n",
                    replanned, ms_since(&start));
    }
}

static void start_ticker(wfm_server *srv)
{
    if (srv->opts.replan_interval_s == 0)
        return;
    srv->ticker_running = pthread_create(&srv->ticker, NULL, run_ticker, srv) == 0;
    if (!srv->ticker_running)
        fprintf(stderr, "wfm-server: no boundary re-plan timer (thread failed)\n");
}

static void stop_ticker(wfm_server *srv)
{
    pthread_mutex_lock(&srv->tick_lock);
    srv->stopping = 1;
    pthread_cond_broadcast(&srv->tick_wake);
    pthread_mutex_unlock(&srv->tick_lock);
    if (srv->ticker_running)
        pthread_join(srv->ticker, NULL);
    srv->ticker_running = 0;
}

static void free_server(wfm_server *srv)
{
    pthread_mutex_destroy(&srv->tick_lock);
    pthread_cond_destroy(&srv->tick_wake);
    wfm_db_pool_destroy(srv->db);
    wfm_live_cache_destroy(srv->live);
    wfm_auth_destroy(srv->auth);
    free(srv->database_url);
    free(srv->bind_address);
    free(srv);
}

/* Fills the live plan cache before the first request, so the wall
 * dashboards see the last plan right after a restart. A database that is
 * down now is not fatal: the routes load the cache on first use instead. */
static void preload_live_plans(wfm_server *srv)
{
    wfm_error ignored;
    PGconn *db = wfm_db_pool_acquire(srv->db, &ignored);
    if (!db)
        return;
    wfm_live_cache_load(srv->live, db, &ignored);
    wfm_db_pool_release(srv->db, db);
}

wfm_server *wfm_server_start(const wfm_server_opts *o, wfm_error *err)
{
    if (check_options(o, err) != WFM_OK)
        return NULL;
    wfm_server *srv = calloc(1, sizeof *srv);
    if (!srv) {
        wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the server");
        return NULL;
    }
    srv->opts = *o;
    pthread_mutex_init(&srv->tick_lock, NULL);
    pthread_cond_init(&srv->tick_wake, NULL); /* CLOCK_REALTIME: boundaries are wall-clock times */
    if (srv->opts.threads == 0)
        srv->opts.threads = default_threads();
    srv->database_url = strdup(o->database_url);
    srv->bind_address = o->bind_address ? strdup(o->bind_address) : NULL;
    if (!srv->database_url || (o->bind_address && !srv->bind_address)) {
        wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the server");
        free_server(srv);
        return NULL;
    }
    srv->opts.database_url = srv->database_url;
    srv->opts.bind_address = srv->bind_address;
    srv->routes = wfm_routes_list(&srv->n_routes);
    if (getrandom(&srv->id_seed, sizeof srv->id_seed, 0) != sizeof srv->id_seed)
        srv->id_seed = (unsigned long long)time(NULL) ^ ((unsigned long long)getpid() << 32);
    /* One connection per worker: a handler never waits for another's. */
    srv->db = wfm_db_pool_create(srv->database_url, srv->opts.threads, err);
    srv->live = srv->db ? wfm_live_cache_create() : NULL;
    srv->auth = srv->live && o->auth ? wfm_auth_create(&o->auth_opts) : NULL;
    if (srv->db && (!srv->live || (o->auth && !srv->auth))) {
        wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the server");
        wfm_live_cache_destroy(srv->live);
        srv->live = NULL;
    }
    if (srv->live)
        preload_live_plans(srv);
    if (!srv->live || listen_on(srv, err) != WFM_OK) {
        free_server(srv);
        return NULL;
    }
    start_ticker(srv);
    return srv;
}

void wfm_server_stop(wfm_server *srv)
{
    if (!srv)
        return;
    stop_ticker(srv);
    MHD_socket listener = MHD_quiesce_daemon(srv->daemon);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    struct timespec start, pause = {.tv_nsec = 10 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (atomic_load(&srv->in_flight) > 0 &&
           ms_since(&start) < srv->opts.shutdown_grace_s * 1e3)
        nanosleep(&pause, NULL);
    MHD_stop_daemon(srv->daemon);
    free_server(srv);
}

wfm_live_cache *wfm_server_live_cache(wfm_server *srv)
{
    return srv->live;
}
