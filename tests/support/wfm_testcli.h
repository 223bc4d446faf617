/* wfm_testcli: build/wfm run as a user runs it, against a test database,
 * for the specifications of the command-line tool. Needs WFM_BUILD_DIR. */
#ifndef WFM_TESTCLI_H
#define WFM_TESTCLI_H

#include <stddef.h>
#include <jansson.h>

typedef struct wfm_testcli_result {
    int status;       /* exit status; -1 when it did not exit normally */
    char out[65536];  /* stdout (and stderr when asked), NUL-terminated */
} wfm_testcli_result;

/* Runs `wfm ARGS` (a shell-quoted command line) with WFM_DATABASE_URL set
 * to test database db_name; stderr joins stdout when with_stderr is set,
 * else it is dropped. Fails the test when it cannot be started. */
void wfm_testcli_run(const char *db_name, const char *args, int with_stderr,
                     wfm_testcli_result *r);

/* The output parsed as JSON (caller json_decref()s); fails the test when
 * it is not JSON. */
json_t *wfm_testcli_json(const wfm_testcli_result *r);

/* Runs `$WFM_BUILD_DIR/wfm <args> 2>&1` (build/wfm when the variable is
 * unset) without a database and copies up to size - 1 bytes of its output,
 * NUL-terminated, into out. Returns the exit status, or -1 when it could not
 * run or did not exit. */
int wfm_testcli_output(const char *args, char *out, size_t size);

#endif
