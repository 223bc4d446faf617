/* wfm_testserver: wfm-server as a child process for tests (see the header). */
#include "tests/support/wfm_testserver.h"

#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(long ms)
{
    struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000};
    nanosleep(&t, NULL);
}

/* The port the log announces, 0 when it has not yet. */
static unsigned announced_port(const char *log_path)
{
    FILE *f = fopen(log_path, "r");
    if (!f)
        return 0;
    char line[512];
    unsigned port = 0;
    while (!port && fgets(line, sizeof line, f)) {
        const char *at = strstr(line, "listening on port ");
        if (at)
            port = (unsigned)strtoul(at + strlen("listening on port "), NULL, 10);
    }
    fclose(f);
    return port;
}

void wfm_testserver_start(const char *database_url, const char **extra_args, wfm_testserver *srv)
{
    const char *build = getenv("WFM_BUILD_DIR");
    assert_non_null(build);
    char binary[1024];
    snprintf(binary, sizeof binary, "%s/wfm-server", build);
    snprintf(srv->log_path, sizeof srv->log_path, "/tmp/wfm-testserver-XXXXXX");
    int log_fd = mkstemp(srv->log_path);
    assert_true(log_fd >= 0);
    const char *argv[32] = {binary, "--port", "0", "--bind", "127.0.0.1", "--threads", "2",
                            "--database-url", database_url};
    size_t argc = 9;
    for (size_t i = 0; extra_args && extra_args[i] && argc < 31; i++)
        argv[argc++] = extra_args[i];
    argv[argc] = NULL;
    srv->pid = fork();
    assert_true(srv->pid >= 0);
    if (srv->pid == 0) {
        dup2(log_fd, STDERR_FILENO);
        execv(binary, (char **)argv);
        _exit(127);
    }
    close(log_fd);
    srv->port = 0;
    for (int waited = 0; waited < 15000 && !srv->port; waited += 20) {
        sleep_ms(20);
        srv->port = announced_port(srv->log_path);
    }
    if (!srv->port)
        fail_msg("wfm-server did not start; see %s", srv->log_path);
}

int wfm_testserver_stop(wfm_testserver *srv)
{
    kill(srv->pid, SIGTERM);
    int status = 0;
    pid_t done = 0;
    for (int waited = 0; waited < 15000 && done == 0; waited += 10) {
        done = waitpid(srv->pid, &status, WNOHANG);
        if (done == 0)
            sleep_ms(10);
    }
    if (done == 0) {
        kill(srv->pid, SIGKILL);
        waitpid(srv->pid, &status, 0);
        return -1;
    }
    unlink(srv->log_path);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static size_t collect_body(char *data, size_t size, size_t n, void *arg)
{
    wfm_testreply *r = arg;
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
    wfm_testreply *r = arg;
    take_header(line, size * n, "Location", r->location, sizeof r->location);
    take_header(line, size * n, "Content-Type", r->content_type, sizeof r->content_type);
    take_header(line, size * n, "X-Request-Id", r->request_id, sizeof r->request_id);
    take_header(line, size * n, "Allow", r->allow, sizeof r->allow);
    return size * n;
}

void wfm_testserver_request(const wfm_testserver *srv, const char *method, const char *path,
                            const char *body, wfm_testreply *reply)
{
    memset(reply, 0, sizeof *reply);
    CURL *curl = curl_easy_init();
    assert_non_null(curl);
    char url[512];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", srv->port, path);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, reply);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, reply);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    if (body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply->status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK)
        fail_msg("%s %s failed: %s", method, path, curl_easy_strerror(rc));
}

json_t *wfm_testreply_json(const wfm_testreply *reply)
{
    json_error_t jerr;
    json_t *root = reply->body ? json_loads(reply->body, 0, &jerr) : NULL;
    if (!root)
        fail_msg("reply is not JSON: %s", reply->body ? reply->body : "(empty)");
    return root;
}

void wfm_testreply_free(wfm_testreply *reply)
{
    free(reply->body);
    memset(reply, 0, sizeof *reply);
}
