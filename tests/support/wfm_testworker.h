/* wfm_testworker: worker processes for tests of the shared job queue:
 * build/wfm worker or build/wfm-server --worker-only as a child process
 * against a test database, with a short lease, and a wait until it is
 * connected. Needs WFM_BUILD_DIR (tests/run.sh sets it). */
#ifndef WFM_TESTWORKER_H
#define WFM_TESTWORKER_H

#include <libpq-fe.h>
#include <sys/types.h>

/* Starts `wfm worker --worker-id id` (server 0) or `wfm-server
 * --worker-only` (server 1, whose worker id is the default HOST:PID), one
 * job thread, lease lease_s seconds, stderr into
 * build/tests/<log_prefix>_<id>.log. Returns the child's pid. */
pid_t wfm_testworker_spawn(const char *url, const char *id, int server, const char *lease_s,
                           const char *log_prefix);

/* Waits (10 s at most, else fails the test) until the worker whose
 * connections are named like `wfm worker <pattern>` (SQL LIKE) has its
 * control and job connections open. */
void wfm_testworker_await_connected(PGconn *db, const char *pattern);

#endif
