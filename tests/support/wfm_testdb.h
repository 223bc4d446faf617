/* wfm_testdb: fresh PostgreSQL databases for integration tests, on the
 * throwaway cluster tests/run.sh starts (WFM_TEST_DATABASE_URL). */
#ifndef WFM_TESTDB_H
#define WFM_TESTDB_H

#include <libpq-fe.h>

/* The connection string of database `name` on the test cluster. Returns a
 * malloc'd string the caller frees; NULL when WFM_TEST_DATABASE_URL is unset. */
char *wfm_testdb_url(const char *name);

/* Drops and recreates database `name` (letters, digits, _), applies every
 * migration and returns a connection to it (the caller PQfinish()es it).
 * Aborts the test run with a message when the cluster is unreachable: an
 * integration test that cannot reach its database has failed, not passed. */
PGconn *wfm_testdb_fresh(const char *name);

/* Runs sql on conn and returns the first column of the first row as a
 * malloc'd string (NULL when no row); aborts on a database error. For
 * assertions on stored state. */
char *wfm_testdb_scalar(PGconn *conn, const char *sql);

#endif
