/* wfm_testserver: wfm-server as a child process for tests (see the header). */
#include "tests/support/wfm_testserver.h"
#include "tests/support/wfm_testhttp.h"

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

static void start_child(const char *database_url, int auth, const char **extra_args,
                        wfm_testserver *srv)
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
    if (!auth)
        argv[argc++] = "--no-auth";
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

void wfm_testserver_start(const char *database_url, const char **extra_args, wfm_testserver *srv)
{
    start_child(database_url, 0, extra_args, srv);
}

void wfm_testserver_start_auth(const char *database_url, const char **extra_args,
                               wfm_testserver *srv)
{
    start_child(database_url, 1, extra_args, srv);
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

void wfm_testserver_request(const wfm_testserver *srv, const char *method, const char *path,
                            const char *body, wfm_testreply *reply)
{
    wfm_testserver_request_token(srv, method, path, body, NULL, reply);
}

void wfm_testserver_request_token(const wfm_testserver *srv, const char *method,
                                  const char *path, const char *body, const char *token,
                                  wfm_testreply *reply)
{
    char authorization[160];
    snprintf(authorization, sizeof authorization, "Authorization: Bearer %s", token ? token : "");
    const char *headers[] = {authorization, NULL};
    wfm_test_reply r = wfm_test_http_port(srv->port, method, path, "application/json", body,
                                          token ? headers : NULL);
    memset(reply, 0, sizeof *reply);
    reply->status = r.status;
    if (r.len) {
        reply->body = r.body; /* ownership moves to reply */
        reply->body_len = r.len;
        r.body = NULL;
    }
    snprintf(reply->location, sizeof reply->location, "%s", r.location);
    snprintf(reply->content_type, sizeof reply->content_type, "%s", r.content_type);
    snprintf(reply->request_id, sizeof reply->request_id, "%s", r.request_id);
    snprintf(reply->allow, sizeof reply->allow, "%s", r.allow);
    wfm_test_reply_free(&r);
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
