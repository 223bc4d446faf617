/* wfm_testcli: runs the built command-line tool for the CLI tests. */
#ifndef WFM_TESTCLI_H
#define WFM_TESTCLI_H

#include <stddef.h>

/* Runs `$WFM_BUILD_DIR/wfm <args> 2>&1` (build/wfm when the variable is
 * unset) and copies up to size - 1 bytes of its output, NUL-terminated, into
 * out. Returns the exit status, or -1 when it could not run or did not exit. */
int wfm_testcli_run(const char *args, char *out, size_t size);

#endif
