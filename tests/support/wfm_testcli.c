/* wfm_testcli: the built `wfm` run through popen (see wfm_testcli.h). */
#include "tests/support/wfm_testcli.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

int wfm_testcli_run(const char *args, char *out, size_t size)
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
