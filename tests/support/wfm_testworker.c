/* wfm_testworker: worker processes for tests (see wfm_testworker.h). */
#include "tests/support/wfm_testworker.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/wfm_clock.h"
#include "tests/support/wfm_testdb.h"

pid_t wfm_testworker_spawn(const char *url, const char *id, int server, const char *lease_s,
                           const char *log_prefix)
{
    const char *build = getenv("WFM_BUILD_DIR");
    char bin[1024], log[1024];
    snprintf(bin, sizeof bin, "%s/%s", build ? build : "build", server ? "wfm-server" : "wfm");
    snprintf(log, sizeof log, "%s/tests/%s_%s.log", build ? build : "build", log_prefix, id);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0)
            dup2(fd, 2);
        if (server)
            execl(bin, bin, "--worker-only", "--database-url", url, "--job-threads", "1",
                  "--job-lease", lease_s, "--no-migrate", (char *)NULL);
        else
            execl(bin, bin, "worker", "--database-url", url, "--worker-id", id,
                  "--concurrency", "1", "--lease", lease_s, (char *)NULL);
        _exit(127);
    }
    return pid;
}

void wfm_testworker_await_connected(PGconn *db, const char *pattern)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_stat_activity"
             " WHERE application_name LIKE 'wfm worker %s'", pattern);
    double give_up = wfm_clock_now_s() + 10;
    for (;;) {
        char *n = wfm_testdb_scalar(db, sql);
        int connected = atoi(n);
        free(n);
        if (connected >= 2)
            return;
        if (wfm_clock_now_s() > give_up)
            fail_msg("worker %s did not connect", pattern);
        wfm_clock_sleep_s(0.05);
    }
}
