/* wfm_testcli: build/wfm as a child process (see wfm_testcli.h). */
#include "tests/support/wfm_testcli.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "tests/support/wfm_testdb.h"

void wfm_testcli_run(const char *db_name, const char *args, int with_stderr,
                     wfm_testcli_result *r)
{
    const char *build = getenv("WFM_BUILD_DIR");
    char *url = wfm_testdb_url(db_name);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "WFM_DATABASE_URL='%s' '%s/wfm' %s %s", url,
             build ? build : "build", args, with_stderr ? "2>&1" : "2>/dev/null");
    free(url);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(r->out, 1, sizeof r->out - 1, p);
    r->out[n] = '\0';
    int st = pclose(p);
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

json_t *wfm_testcli_json(const wfm_testcli_result *r)
{
    json_t *out = json_loads(r->out, JSON_DECODE_ANY, NULL);
    if (!out)
        fail_msg("not JSON: %s", r->out);
    return out;
}

int wfm_testcli_output(const char *args, char *out, size_t size)
{
    const char *dir = getenv("WFM_BUILD_DIR");
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "%s/wfm %s 2>&1", dir ? dir : "build", args);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t len = fread(out, 1, size - 1, p);
    out[len] = '\0';
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
