/* Specification of wfm-server as a running program: it is started as a
 * child process on a free loopback port and spoken to over HTTP (libcurl).
 * Needs WFM_TEST_DATABASE_URL and WFM_BUILD_DIR (tests/run.sh sets them);
 * the database-restart case makes its own private cluster with
 * scripts/pg.sh (WFM_SOURCE_DIR), so the shared one is never stopped. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/support/wfm_testserver.h"

typedef wfm_testserver server_proc;

typedef struct http_reply {
    long status;
    char *body;
    size_t body_len;
    char request_id[80];
    char allow[80];
} http_reply;

static void sleep_ms(long ms)
{
    struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000};
    nanosleep(&t, NULL);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, n, mem);
    fclose(mem);
    fclose(f);
    return text;
}

static void start_server(const char *database_url, const char **extra_args, server_proc *p)
{
    wfm_testserver_start(database_url, extra_args, p);
}

/* SIGTERM, then the exit status (-1 when it did not exit normally). */
static int stop_server(server_proc *p)
{
    return wfm_testserver_stop(p);
}

static size_t collect_body(char *data, size_t size, size_t n, void *arg)
{
    http_reply *r = arg;
    char *grown = realloc(r->body, r->body_len + size * n + 1);
    assert_non_null(grown);
    r->body = grown;
    memcpy(r->body + r->body_len, data, size * n);
    r->body_len += size * n;
    r->body[r->body_len] = '\0';
    return size * n;
}

/* Copies the value of header `name` from a raw header line, if it is one. */
static void take_header(const char *line, size_t len, const char *name, char *out, size_t size)
{
    size_t name_len = strlen(name);
    if (len <= name_len + 1 || strncasecmp(line, name, name_len) || line[name_len] != ':')
        return;
    const char *v = line + name_len + 1;
    while (*v == ' ')
        v++;
    size_t vlen = len - (size_t)(v - line);
    while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n'))
        vlen--;
    snprintf(out, size, "%.*s", (int)vlen, v);
}

static size_t collect_header(char *line, size_t size, size_t n, void *arg)
{
    http_reply *r = arg;
    take_header(line, size * n, "X-Request-Id", r->request_id, sizeof r->request_id);
    take_header(line, size * n, "Allow", r->allow, sizeof r->allow);
    return size * n;
}

/* A curl handle for method + path on the server, collecting into reply. */
static CURL *prepare(const server_proc *p, const char *method, const char *path,
                     http_reply *reply)
{
    memset(reply, 0, sizeof *reply);
    CURL *curl = curl_easy_init();
    assert_non_null(curl);
    char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", p->port, path);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, reply);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, reply);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
    return curl;
}

static void perform(CURL *curl, struct curl_slist *headers, http_reply *reply)
{
    if (headers)
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK)
        fail_msg("HTTP request failed: %s", curl_easy_strerror(rc));
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply->status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
}

static void request(const server_proc *p, const char *method, const char *path,
                    const char *body, http_reply *reply)
{
    CURL *curl = prepare(p, method, path, reply);
    if (body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    perform(curl, curl_slist_append(NULL, "Content-Type: application/json"), reply);
}

static json_t *reply_json(const http_reply *r)
{
    json_error_t jerr;
    json_t *root = r->body ? json_loads(r->body, 0, &jerr) : NULL;
    if (!root)
        fail_msg("reply is not JSON: %s", r->body ? r->body : "(empty)");
    return root;
}

static const char *error_code(json_t *root)
{
    return json_string_value(json_object_get(json_object_get(root, "error"), "code"));
}

/* Checks r is a JSON error with this status and code, then frees it. */
static void assert_error_reply(http_reply *r, long status, const char *code)
{
    assert_int_equal(r->status, status);
    json_t *root = reply_json(r);
    assert_string_equal(error_code(root), code);
    json_decref(root);
    free(r->body);
}

static void assert_health(const server_proc *p, long status, const char *word, int reachable)
{
    http_reply r;
    request(p, "GET", "/v1/health", NULL, &r);
    assert_int_equal(r.status, status);
    json_t *root = reply_json(&r);
    assert_string_equal(json_string_value(json_object_get(root, "status")), word);
    json_t *db = json_object_get(root, "database");
    assert_int_equal(json_is_true(json_object_get(db, "reachable")), reachable);
    if (!reachable)
        assert_true(json_string_length(json_object_get(db, "reason")) > 0);
    json_decref(root);
    free(r.body);
}

/* One server shared by the cases that do not stop it. */
static int start_shared(void **state)
{
    const char *url = getenv("WFM_TEST_DATABASE_URL");
    if (!url) {
        fprintf(stderr, "WFM_TEST_DATABASE_URL is not set (run through tests/run.sh)\n");
        return -1;
    }
    static server_proc shared;
    const char *args[] = {"--max-body", "1024", NULL};
    start_server(url, args, &shared);
    *state = &shared;
    return 0;
}

static int stop_shared(void **state)
{
    return stop_server(*state) == 0 ? 0 : -1;
}

static void health_is_200_with_json_when_the_database_is_up(void **state)
{
    assert_health(*state, 200, "ok", 1);
}

static void the_server_migrated_the_schema_at_start(void **state)
{
    http_reply r;
    request(*state, "GET", "/v1/health", NULL, &r);
    json_t *root = reply_json(&r);
    json_t *db = json_object_get(root, "database");
    json_int_t expected = json_integer_value(json_object_get(db, "schema_expected"));
    assert_true(expected >= 1); /* 001_centers.sql at least */
    assert_int_equal(json_integer_value(json_object_get(db, "schema_version")), expected);
    json_decref(root);
    free(r.body);
}

static void unknown_paths_are_404_json(void **state)
{
    http_reply r;
    request(*state, "GET", "/v1/no/such/thing?x=1", NULL, &r);
    assert_error_reply(&r, 404, "not_found");
}

static void wrong_methods_are_405_json_with_allow(void **state)
{
    http_reply r;
    request(*state, "DELETE", "/v1/health", NULL, &r);
    assert_string_equal(r.allow, "GET");
    assert_error_reply(&r, 405, "method_not_allowed");
}

static void bodies_over_the_limit_are_413_json(void **state)
{
    char big[4096];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    http_reply r;
    request(*state, "POST", "/v1/health", big, &r); /* Content-Length says it at once */
    assert_error_reply(&r, 413, "payload_too_large");
}

static const char *chunk_source;

static size_t send_in_chunks(char *buf, size_t size, size_t n, void *arg)
{
    size_t *left = arg;
    size_t len = *left < 512 ? *left : 512;
    if (len > size * n)
        len = size * n;
    memcpy(buf, chunk_source, len);
    *left -= len;
    return len;
}

static void chunked_bodies_over_the_limit_are_413_json(void **state)
{
    static char big[3000];
    memset(big, 'y', sizeof big);
    chunk_source = big;
    size_t left = sizeof big;
    http_reply r;
    CURL *curl = prepare(*state, "POST", "/v1/health", &r);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, send_in_chunks);
    curl_easy_setopt(curl, CURLOPT_READDATA, &left);
    struct curl_slist *h = curl_slist_append(NULL, "Transfer-Encoding: chunked");
    h = curl_slist_append(h, "Expect:");
    perform(curl, h, &r);
    assert_error_reply(&r, 413, "payload_too_large");
}

static void request_ids_are_echoed_or_made_and_logged(void **state)
{
    server_proc *p = *state;
    http_reply r;
    CURL *curl = prepare(p, "GET", "/v1/health", &r);
    perform(curl, curl_slist_append(NULL, "X-Request-Id: trace-42.a"), &r);
    assert_string_equal(r.request_id, "trace-42.a");
    free(r.body);

    /* An unsafe id (spaces) is replaced by a generated one. */
    curl = prepare(p, "GET", "/v1/health", &r);
    perform(curl, curl_slist_append(NULL, "X-Request-Id: a b"), &r);
    assert_int_equal(strlen(r.request_id), 16);
    free(r.body);
    char generated[160];
    snprintf(generated, sizeof generated, "req=%s GET /v1/health 200 ", r.request_id);

    char *log = NULL;
    for (int waited = 0; waited < 2000; waited += 20) {
        free(log);
        log = read_file(p->log_path);
        if (log && strstr(log, generated))
            break;
        sleep_ms(20);
    }
    assert_non_null(strstr(log, "req=trace-42.a GET /v1/health 200 "));
    assert_non_null(strstr(log, generated));
    free(log);
}

/* More requests at once than worker threads and database connections:
 * every one is answered, none waits into a timeout. */
static void concurrent_requests_are_all_answered(void **state)
{
    enum { N = 24 };
    http_reply replies[N];
    CURLM *multi = curl_multi_init();
    CURL *handles[N];
    for (int i = 0; i < N; i++) {
        handles[i] = prepare(*state, "GET", "/v1/health", &replies[i]);
        curl_multi_add_handle(multi, handles[i]);
    }
    int running = 1;
    while (running) {
        curl_multi_perform(multi, &running);
        if (running)
            curl_multi_poll(multi, NULL, 0, 100, NULL);
    }
    for (int i = 0; i < N; i++) {
        curl_easy_getinfo(handles[i], CURLINFO_RESPONSE_CODE, &replies[i].status);
        curl_multi_remove_handle(multi, handles[i]);
        curl_easy_cleanup(handles[i]);
        assert_int_equal(replies[i].status, 200);
        free(replies[i].body);
    }
    curl_multi_cleanup(multi);
}

/* The upload of a request is held open across SIGTERM: the server must
 * still answer it, then exit 0. */
typedef struct slow_upload {
    pid_t server;
    int calls;
} slow_upload;

static size_t upload_across_sigterm(char *buf, size_t size, size_t n, void *arg)
{
    slow_upload *u = arg;
    (void)size;
    (void)n;
    u->calls++;
    if (u->calls == 1) {
        buf[0] = '{';
        return 1;
    }
    if (u->calls == 2) {
        sleep_ms(200); /* the server has the headers: the request is in flight */
        kill(u->server, SIGTERM);
        sleep_ms(300);
        buf[0] = '}';
        return 1;
    }
    return 0;
}

static void sigterm_lets_an_in_flight_request_finish_then_exits_0(void **state)
{
    (void)state;
    server_proc p;
    start_server(getenv("WFM_TEST_DATABASE_URL"), NULL, &p);
    slow_upload u = {.server = p.pid};
    http_reply r;
    CURL *curl = prepare(&p, "POST", "/v1/health", &r);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE, 2L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, upload_across_sigterm);
    curl_easy_setopt(curl, CURLOPT_READDATA, &u);
    perform(curl, curl_slist_append(NULL, "Expect:"), &r);
    assert_true(u.calls >= 2);
    assert_error_reply(&r, 405, "method_not_allowed"); /* the complete answer, not a reset */
    assert_int_equal(stop_server(&p), 0); /* already stopping: this only reaps it */
}

/* Runs wfm-server with args (NULL-terminated) and returns its exit status;
 * its stderr goes to the file at log_path. */
static int run_to_exit(const char **args, const char *log_path)
{
    char binary[1024];
    snprintf(binary, sizeof binary, "%s/wfm-server", getenv("WFM_BUILD_DIR"));
    const char *argv[16] = {binary};
    for (size_t i = 0; args[i] && i < 14; i++)
        argv[i + 1] = args[i];
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        FILE *log = freopen(log_path, "w", stderr);
        (void)log;
        execv(binary, (char **)argv);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void bad_flags_exit_2_naming_the_flag_and_value(void **state)
{
    (void)state;
    char log_path[] = "/tmp/wfm-server-usage-XXXXXX";
    close(mkstemp(log_path)); /* a private name: other worktrees may test at once */
    const char *bad_port[] = {"--port", "80x", "--database-url", "postgresql:///x", NULL};
    assert_int_equal(run_to_exit(bad_port, log_path), 2);
    char *log = read_file(log_path);
    assert_non_null(strstr(log, "--port"));
    assert_non_null(strstr(log, "'80x'"));
    free(log);

    const char *bad_threads[] = {"--threads=0", "--database-url", "postgresql:///x", NULL};
    assert_int_equal(run_to_exit(bad_threads, log_path), 2);
    log = read_file(log_path);
    assert_non_null(strstr(log, "--threads"));
    free(log);
    unlink(log_path);
}

static int run_pg(const char *command, const char *dir, char *url, size_t size)
{
    char line[1024];
    snprintf(line, sizeof line, "%s/scripts/pg.sh %s %s wfm_restart", getenv("WFM_SOURCE_DIR"),
             command, dir);
    FILE *out = popen(line, "r");
    if (!out)
        return -1;
    if (url && !fgets(url, (int)size, out))
        url[0] = '\0';
    if (url)
        url[strcspn(url, "\n")] = '\0';
    char sink[256];
    while (fgets(sink, sizeof sink, out))
        ;
    return pclose(out);
}

static void health_follows_the_database_down_and_back_up(void **state)
{
    (void)state;
    char dir[] = "/tmp/wfm-restart-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char url[512];
    assert_int_equal(run_pg("start", dir, url, sizeof url), 0);
    server_proc p;
    start_server(url, NULL, &p);

    assert_health(&p, 200, "ok", 1);
    assert_int_equal(run_pg("stop", dir, NULL, 0), 0);
    assert_health(&p, 503, "degraded", 0);
    assert_health(&p, 503, "degraded", 0); /* stays down, answers fast, no crash */
    assert_int_equal(run_pg("start", dir, url, sizeof url), 0);
    assert_health(&p, 200, "ok", 1);

    assert_int_equal(stop_server(&p), 0);
    run_pg("destroy", dir, NULL, 0);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest shared[] = {
        cmocka_unit_test(health_is_200_with_json_when_the_database_is_up),
        cmocka_unit_test(the_server_migrated_the_schema_at_start),
        cmocka_unit_test(unknown_paths_are_404_json),
        cmocka_unit_test(wrong_methods_are_405_json_with_allow),
        cmocka_unit_test(bodies_over_the_limit_are_413_json),
        cmocka_unit_test(chunked_bodies_over_the_limit_are_413_json),
        cmocka_unit_test(request_ids_are_echoed_or_made_and_logged),
        cmocka_unit_test(concurrent_requests_are_all_answered),
    };
    const struct CMUnitTest own[] = {
        cmocka_unit_test(bad_flags_exit_2_naming_the_flag_and_value),
        cmocka_unit_test(sigterm_lets_an_in_flight_request_finish_then_exits_0),
        cmocka_unit_test(health_follows_the_database_down_and_back_up),
    };
    int failed = cmocka_run_group_tests_name("wfm-server (shared)", shared, start_shared,
                                             stop_shared);
    failed += cmocka_run_group_tests_name("wfm-server (own process)", own, NULL, NULL);
    curl_global_cleanup();
    return failed;
}
