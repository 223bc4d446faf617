/* wfm_testhttp: in-process server and libcurl client for route tests. */
#include "tests/support/wfm_testhttp.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <cmocka.h>
#include <curl/curl.h>

#include "data/wfm_token.h"
#include "tests/support/wfm_testdb.h"

wfm_test_server *wfm_test_server_start(const char *db_name, const char *seed_sql)
{
    wfm_server_opts o;
    wfm_server_opts_init(&o);
    o.threads = 2;
    o.access_log = 0;
    o.auth = 0;
    return wfm_test_server_start_opts(db_name, seed_sql, &o);
}

wfm_test_server *wfm_test_server_start_auth(const char *db_name, const char *seed_sql)
{
    wfm_server_opts o;
    wfm_server_opts_init(&o);
    o.threads = 2;
    o.access_log = 0;
    return wfm_test_server_start_opts(db_name, seed_sql, &o);
}

wfm_test_server *wfm_test_server_start_opts(const char *db_name, const char *seed_sql,
                                            const wfm_server_opts *given)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    wfm_test_server *ts = calloc(1, sizeof *ts);
    ts->db = wfm_testdb_fresh(db_name);
    ts->db_url = wfm_testdb_url(db_name);
    if (seed_sql) {
        PGresult *res = PQexec(ts->db, seed_sql);
        if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
            fprintf(stderr, "wfm_testhttp: seed: %s", PQresultErrorMessage(res));
            PQclear(res);
            wfm_test_server_stop(ts);
            return NULL;
        }
        PQclear(res);
    }
    wfm_server_opts o = *given;
    o.port = 0;
    o.bind_address = "127.0.0.1";
    o.database_url = ts->db_url;
    o.replan_interval_s = 0; /* tests tick with wfm_server_replan_tick */
    wfm_error err;
    ts->server = wfm_server_start(&o, &err);
    if (!ts->server) {
        fprintf(stderr, "wfm_testhttp: server: %s\n", err.message);
        wfm_test_server_stop(ts);
        return NULL;
    }
    return ts;
}

void wfm_test_server_stop(wfm_test_server *ts)
{
    if (!ts)
        return;
    if (ts->server)
        wfm_server_stop(ts->server);
    PQfinish(ts->db);
    free(ts->db_url);
    free(ts);
    curl_global_cleanup();
}

char *wfm_test_token_header(const wfm_test_server *ts, const char *center, const char *role)
{
    wfm_role r;
    wfm_error err;
    wfm_error_clear(&err);
    char token[WFM_TOKEN_MAX];
    if (wfm_role_parse(role, &r, &err) != WFM_OK ||
        wfm_token_create(ts->db, center, r, "test", token, &err) != WFM_OK)
        fail_msg("token for %s/%s: %s", center, role, err.message);
    static const char prefix[] = "Authorization: Bearer ";
    char *line = malloc(sizeof prefix + strlen(token));
    assert_non_null(line);
    snprintf(line, sizeof prefix + strlen(token), "%s%s", prefix, token);
    return line;
}

static size_t collect_body(char *data, size_t size, size_t n, void *arg)
{
    wfm_test_reply *r = arg;
    char *grown = realloc(r->body, r->len + size * n + 1);
    if (!grown)
        return 0;
    memcpy(grown + r->len, data, size * n);
    r->len += size * n;
    grown[r->len] = '\0';
    r->body = grown;
    return size * n;
}

static void keep_header(const char *line, size_t len, const char *name, char *out, size_t cap)
{
    size_t name_len = strlen(name);
    if (len <= name_len + 1 || strncasecmp(line, name, name_len) || line[name_len] != ':')
        return;
    const char *v = line + name_len + 1;
    while (*v == ' ')
        v++;
    snprintf(out, cap, "%.*s", (int)strcspn(v, "\r\n"), v);
}

static size_t collect_header(char *line, size_t size, size_t n, void *arg)
{
    wfm_test_reply *r = arg;
    size_t len = size * n;
    keep_header(line, len, "Content-Type", r->content_type, sizeof r->content_type);
    keep_header(line, len, "ETag", r->etag, sizeof r->etag);
    keep_header(line, len, "Cache-Control", r->cache_control, sizeof r->cache_control);
    keep_header(line, len, "Location", r->location, sizeof r->location);
    keep_header(line, len, "Allow", r->allow, sizeof r->allow);
    keep_header(line, len, "X-Request-Id", r->request_id, sizeof r->request_id);
    keep_header(line, len, "Content-Encoding", r->content_encoding, sizeof r->content_encoding);
    keep_header(line, len, "WWW-Authenticate", r->www_authenticate, sizeof r->www_authenticate);
    keep_header(line, len, "Retry-After", r->retry_after, sizeof r->retry_after);
    return len;
}

wfm_test_reply wfm_test_http(const wfm_test_server *ts, const char *method, const char *path,
                             const char *content_type, const char *body,
                             const char *const *headers)
{
    return wfm_test_http_port(wfm_server_port(ts->server), method, path, content_type, body,
                              headers);
}

wfm_test_reply wfm_test_http_port(unsigned port, const char *method, const char *path,
                                  const char *content_type, const char *body,
                                  const char *const *headers)
{
    wfm_test_reply r;
    memset(&r, 0, sizeof r);
    char url[512], ct[160];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", port, path);
    struct curl_slist *list = NULL;
    if (body && content_type) {
        snprintf(ct, sizeof ct, "Content-Type: %s", content_type);
        list = curl_slist_append(list, ct);
    }
    CURL *curl = curl_easy_init();
    for (size_t i = 0; headers && headers[i]; i++) {
        if (!strcasecmp(headers[i], "Accept-Encoding: gzip"))
            curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");
        else
            list = curl_slist_append(list, headers[i]);
    }
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    if (!strcmp(method, "HEAD"))
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    if (body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(list);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK)
        fail_msg("%s %s: %s", method, path, curl_easy_strerror(rc));
    if (!r.body)
        r.body = calloc(1, 1);
    r.json = json_loads(r.body, 0, NULL);
    return r;
}

void wfm_test_reply_free(wfm_test_reply *r)
{
    json_decref(r->json);
    free(r->body);
    memset(r, 0, sizeof *r);
}

int wfm_test_wait_healthy(unsigned port, double timeout_s)
{
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/v1/health", port);
    for (double waited = 0; waited < timeout_s; waited += 0.05) {
        CURL *curl = curl_easy_init();
        curl_easy_setopt(curl, CURLOPT_URL, url);
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, 5L);
        long status = 0;
        if (curl_easy_perform(curl) == CURLE_OK)
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_cleanup(curl);
        if (status == 200)
            return 1;
        usleep(50 * 1000);
    }
    return 0;
}

const char *wfm_test_error_field(const wfm_test_reply *r)
{
    return json_string_value(json_object_get(json_object_get(r->json, "error"), "field"));
}
