/* Specification of data/wfm_migrate: the schema is applied in order, once,
 * atomically per migration, and concurrent migrators do not collide. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "data/wfm_migrate.h"
#include "tests/support/wfm_testdb.h"

static long scalar_long(PGconn *db, const char *sql)
{
    char *v = wfm_testdb_scalar(db, sql);
    long out = v ? strtol(v, NULL, 10) : -1;
    free(v);
    return out;
}

static void embedded_migrations_are_numbered_in_ascending_order(void **state)
{
    (void)state;
    size_t count = 0;
    const wfm_migration *m = wfm_migrations(&count);
    assert_true(count >= 1);
    assert_int_equal(m[0].version, 1);
    assert_string_equal(m[0].name, "001_centers");
    for (size_t i = 1; i < count; i++)
        assert_true(m[i].version > m[i - 1].version);
}

static void fresh_database_gets_every_migration_and_twice_is_a_no_op(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_migrate_twice"); /* applies once */
    size_t count = 0;
    wfm_migrations(&count);
    assert_int_equal(scalar_long(db, "SELECT count(*) FROM schema_migrations"), (long)count);

    wfm_error err;
    int applied = -1;
    assert_int_equal(wfm_migrate_apply(db, &applied, &err), WFM_OK);
    assert_int_equal(applied, 0);
    assert_int_equal(scalar_long(db, "SELECT count(*) FROM schema_migrations"), (long)count);
    PQfinish(db);
}

static void failed_migration_leaves_database_as_it_was(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_migrate_fail");
    /* Back to an empty schema, but with a table that makes 001 fail halfway. */
    PQclear(PQexec(db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
                       "CREATE TABLE queue (x int)"));
    wfm_error err;
    wfm_error_clear(&err);
    int applied = -1;
    assert_int_equal(wfm_migrate_apply(db, &applied, &err), WFM_EDB);
    assert_int_equal(applied, 0);
    assert_non_null(strstr(err.message, "001_centers"));
    assert_non_null(strstr(err.message, "queue"));
    /* 001 created `center` before failing on `queue`: rolled back. */
    assert_int_equal(scalar_long(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'center'"), 0);
    assert_int_equal(scalar_long(db, "SELECT count(*) FROM schema_migrations"), 0);
    PQfinish(db);
}

struct migrator {
    char *url;
    wfm_status status;
    int applied;
};

static void *run_migrator(void *arg)
{
    struct migrator *m = arg;
    PGconn *db = PQconnectdb(m->url);
    wfm_error err;
    m->status = wfm_migrate_apply(db, &m->applied, &err);
    PQfinish(db);
    return NULL;
}

static void concurrent_migrators_apply_each_migration_once(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_migrate_race");
    PQclear(PQexec(db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public"));
    struct migrator a = {wfm_testdb_url("wfm_migrate_race"), WFM_EINTERNAL, -1};
    struct migrator b = {wfm_testdb_url("wfm_migrate_race"), WFM_EINTERNAL, -1};
    pthread_t ta, tb;
    pthread_create(&ta, NULL, run_migrator, &a);
    pthread_create(&tb, NULL, run_migrator, &b);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    size_t count = 0;
    wfm_migrations(&count);
    assert_int_equal(a.status, WFM_OK);
    assert_int_equal(b.status, WFM_OK);
    assert_int_equal(a.applied + b.applied, (int)count);
    assert_int_equal(scalar_long(db, "SELECT count(*) FROM schema_migrations"), (long)count);
    free(a.url);
    free(b.url);
    PQfinish(db);
}

static void unreachable_database_is_a_database_error(void **state)
{
    (void)state;
    PGconn *db = PQconnectdb("postgresql:///nope?host=/nonexistent&connect_timeout=1");
    wfm_error err;
    assert_int_equal(wfm_migrate_apply(db, NULL, &err), WFM_EDB);
    assert_non_null(strstr(err.message, "no database connection"));
    PQfinish(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(embedded_migrations_are_numbered_in_ascending_order),
        cmocka_unit_test(fresh_database_gets_every_migration_and_twice_is_a_no_op),
        cmocka_unit_test(failed_migration_leaves_database_as_it_was),
        cmocka_unit_test(concurrent_migrators_apply_each_migration_once),
        cmocka_unit_test(unreachable_database_is_a_database_error),
    };
    return cmocka_run_group_tests_name("data/wfm_migrate", tests, NULL, NULL);
}
