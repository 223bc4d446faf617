/* Specification of api/wfm_db: the connection pool hands out live
 * connections, heals a connection the database ended, fails fast with
 * WFM_EDB when the database is unreachable, and maps SQLSTATEs to statuses.
 * Runs on the throwaway cluster (WFM_TEST_DATABASE_URL). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/wfm_db.h"
#include "tests/support/wfm_testdb.h"

static void bad_pool_options_are_rejected_by_name(void **state)
{
    (void)state;
    wfm_error err;
    assert_null(wfm_db_pool_create("", 2, &err));
    assert_int_equal(err.status, WFM_EINVAL);
    assert_string_equal(err.field, "database_url");
    assert_null(wfm_db_pool_create("postgresql:///x", 0, &err));
    assert_int_equal(err.status, WFM_EINVAL);
    assert_string_equal(err.field, "size");
}

static void connections_are_reused_after_release(void **state)
{
    (void)state;
    char *url = wfm_testdb_url("wfm_test");
    wfm_error err;
    wfm_db_pool *pool = wfm_db_pool_create(url, 1, &err);
    assert_non_null(pool);
    PGconn *first = wfm_db_pool_acquire(pool, &err);
    assert_non_null(first);
    assert_int_equal(PQstatus(first), CONNECTION_OK);
    /* A transaction left open is rolled back on release. */
    PQclear(PQexec(first, "BEGIN"));
    wfm_db_pool_release(pool, first);
    PGconn *again = wfm_db_pool_acquire(pool, &err);
    assert_ptr_equal(again, first);
    assert_int_equal(PQtransactionStatus(again), PQTRANS_IDLE);
    wfm_db_pool_release(pool, again);
    wfm_db_pool_destroy(pool);
    free(url);
}

static void a_connection_the_database_ended_is_replaced(void **state)
{
    (void)state;
    char *url = wfm_testdb_url("wfm_test");
    wfm_error err;
    wfm_db_pool *pool = wfm_db_pool_create(url, 1, &err);
    PGconn *conn = wfm_db_pool_acquire(pool, &err);
    assert_non_null(conn);
    int old_pid = PQbackendPID(conn);
    wfm_db_pool_release(pool, conn);

    /* What a restart does to every idle connection, done to this one. */
    PGconn *admin = PQconnectdb(url);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%d)", old_pid);
    PGresult *r = PQexec(admin, sql);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    PQclear(r);
    /* pg_terminate_backend only signals: wait until the backend is gone,
     * without touching conn, so the pool is the first to look at it. */
    snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_stat_activity WHERE pid = %d", old_pid);
    int alive = 1;
    for (int i = 0; i < 200 && alive; i++) {
        r = PQexec(admin, sql);
        alive = atoi(PQgetvalue(r, 0, 0));
        PQclear(r);
        struct timespec t = {.tv_nsec = 10 * 1000 * 1000};
        nanosleep(&t, NULL);
    }
    PQfinish(admin);
    assert_int_equal(alive, 0);

    conn = wfm_db_pool_acquire(pool, &err);
    assert_non_null(conn);
    assert_int_equal(PQstatus(conn), CONNECTION_OK);
    assert_int_not_equal(PQbackendPID(conn), old_pid);
    r = PQexec(conn, "SELECT 1");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    PQclear(r);
    wfm_db_pool_release(pool, conn);
    wfm_db_pool_destroy(pool);
    free(url);
}

static void an_unreachable_database_is_edb_with_the_reason(void **state)
{
    (void)state;
    wfm_error err;
    wfm_db_pool *pool =
        wfm_db_pool_create("postgresql:///none?host=/nonexistent-wfm-socket-dir", 1, &err);
    assert_non_null(pool);
    assert_null(wfm_db_pool_acquire(pool, &err));
    assert_int_equal(err.status, WFM_EDB);
    assert_non_null(strstr(err.message, "nonexistent-wfm-socket-dir"));
    /* The slot was given back: the next try fails the same way, not with
     * "all connections busy". */
    assert_null(wfm_db_pool_acquire(pool, &err));
    assert_int_equal(err.status, WFM_EDB);
    wfm_db_pool_destroy(pool);
}

static wfm_status status_of(PGconn *conn, const char *sql, wfm_error *err)
{
    PGresult *r = PQexec(conn, sql);
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    wfm_status st = wfm_db_error(r, conn, err);
    PQclear(r);
    return st;
}

static void sqlstates_map_to_statuses(void **state)
{
    (void)state;
    PGconn *conn = wfm_testdb_fresh("wfm_db_errors");
    wfm_error err;
    PQclear(PQexec(conn, "INSERT INTO center (id, name, time_zone) "
                         "VALUES ('jinan', 'Jinan 12345', 'Asia/Shanghai')"));
    assert_int_equal(status_of(conn, "INSERT INTO center (id, name, time_zone) "
                                     "VALUES ('jinan', 'again', 'Asia/Shanghai')", &err),
                     WFM_ECONFLICT);
    assert_int_equal(status_of(conn, "INSERT INTO center (id, name, time_zone, interval_s) "
                                     "VALUES ('x', 'x', 'UTC', 60)", &err),
                     WFM_EINVAL);
    assert_int_equal(status_of(conn, "SELECT 1/0", &err), WFM_EINVAL);
    assert_int_equal(status_of(conn, "SELECT * FROM no_such_table", &err), WFM_EINTERNAL);
    assert_non_null(strstr(err.message, "no_such_table"));
    PQfinish(conn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_pool_options_are_rejected_by_name),
        cmocka_unit_test(connections_are_reused_after_release),
        cmocka_unit_test(a_connection_the_database_ended_is_replaced),
        cmocka_unit_test(an_unreachable_database_is_edb_with_the_reason),
        cmocka_unit_test(sqlstates_map_to_statuses),
    };
    return cmocka_run_group_tests_name("api/wfm_db", tests, NULL, NULL);
}
