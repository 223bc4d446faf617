/* Specification of data/wfm_history_store against a real PostgreSQL: an
 * import is all or nothing, re-importing changes nothing, and the counts
 * say what happened. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "data/wfm_history_store.h"
#include "tests/support/wfm_testdb.h"

#define T0 1767571200 /* 2026-01-05T08:00:00+08:00 */

static long scalar_long(PGconn *db, const char *sql)
{
    char *v = wfm_testdb_scalar(db, sql);
    long out = v ? strtol(v, NULL, 10) : -1;
    free(v);
    return out;
}

static PGconn *fresh_center(const char *dbname)
{
    PGconn *db = wfm_testdb_fresh(dbname);
    PQclear(PQexec(db, "INSERT INTO center (id, name, time_zone) VALUES ('jinan', 'Jinan', 'Asia/Shanghai');"
                       "INSERT INTO queue (center_id, id, channel, kind) VALUES"
                       " ('jinan', 'phone', 'phone', 'live'), ('jinan', 'sms', 'sms', 'deferred')"));
    return db;
}

/* n quarter-hours of phone history from T0, offered = 10 + i. */
static wfm_history_set phone_rows(size_t n)
{
    wfm_history_set set;
    wfm_history_set_init(&set);
    for (size_t i = 0; i < n; i++) {
        wfm_history_row *r = wfm_history_set_push(&set);
        strcpy(r->queue, "phone");
        r->interval_start = T0 + 900 * (int64_t)i;
        r->interval_s = 900;
        r->offered = 10 + (int64_t)i;
        r->answered = 9;
        r->abandoned = 1;
        r->handle_time_s = 2700.25;
        r->wait_time_s = 0.1 * (double)i;
    }
    return set;
}

static void reimport_changes_nothing_and_changed_rows_are_updated(void **state)
{
    (void)state;
    PGconn *db = fresh_center("wfm_history_reimport");
    wfm_history_set set = phone_rows(96);
    wfm_history_import_counts c;
    wfm_error err;
    assert_int_equal(wfm_history_store_import(db, "jinan", set.rows, 96, 2, &c, &err), WFM_OK);
    assert_int_equal(c.inserted, 96);
    assert_int_equal(c.updated, 0);
    assert_int_equal(c.unchanged, 0);
    char *stamp = wfm_testdb_scalar(db, "SELECT max(imported_at) FROM history");

    assert_int_equal(wfm_history_store_import(db, "jinan", set.rows, 96, 2, &c, &err), WFM_OK);
    assert_int_equal(c.inserted, 0);
    assert_int_equal(c.updated, 0);
    assert_int_equal(c.unchanged, 96);
    char *again = wfm_testdb_scalar(db, "SELECT max(imported_at) FROM history");
    assert_string_equal(stamp, again); /* not even touched */

    set.rows[5].offered = 99;
    assert_int_equal(wfm_history_store_import(db, "jinan", set.rows, 96, 2, &c, &err), WFM_OK);
    assert_int_equal(c.updated, 1);
    assert_int_equal(c.unchanged, 95);
    assert_int_equal(scalar_long(db, "SELECT offered FROM history WHERE interval_start = "
                                     "'2026-01-05T09:15:00+08:00'"), 99);
    free(stamp);
    free(again);
    wfm_history_set_free(&set);
    PQfinish(db);
}

static void a_bad_row_leaves_the_table_unchanged(void **state)
{
    (void)state;
    PGconn *db = fresh_center("wfm_history_atomic");
    wfm_history_set set = phone_rows(10);
    wfm_error err;
    assert_int_equal(wfm_history_store_import(db, "jinan", set.rows, 10, 2, NULL, &err), WFM_OK);
    wfm_history_set more = phone_rows(20);
    more.rows[0].offered = 1000;           /* would update */
    strcpy(more.rows[17].queue, "fax");    /* but this row is bad */
    wfm_history_import_counts c;
    assert_int_equal(wfm_history_store_import(db, "jinan", more.rows, 20, 2, &c, &err), WFM_EINVAL);
    assert_string_equal(err.field, "queue");
    assert_non_null(strstr(err.message, "row 19"));
    assert_int_equal(c.inserted + c.updated + c.unchanged, 0);
    assert_int_equal(scalar_long(db, "SELECT count(*) FROM history"), 10);
    assert_int_equal(scalar_long(db, "SELECT max(offered) FROM history"), 19);
    /* A failure inside the database (a constraint added for this test, hit
     * by rows 11..20 after COPY succeeded) rolls the whole import back. */
    PQclear(PQexec(db, "ALTER TABLE history ADD CONSTRAINT small CHECK (offered < 25)"));
    strcpy(more.rows[17].queue, "phone");
    assert_int_equal(wfm_history_store_import(db, "jinan", more.rows, 20, 2, &c, &err), WFM_EDB);
    assert_int_equal(scalar_long(db, "SELECT count(*) FROM history"), 10);
    assert_int_equal(scalar_long(db, "SELECT max(offered) FROM history"), 19);
    wfm_history_set_free(&set);
    wfm_history_set_free(&more);
    PQfinish(db);
}

static void unknown_center_is_not_found(void **state)
{
    (void)state;
    PGconn *db = fresh_center("wfm_history_nocenter");
    wfm_history_set set = phone_rows(1);
    wfm_error err;
    assert_int_equal(wfm_history_store_import(db, "nowhere", set.rows, 1, 2, NULL, &err),
                     WFM_ENOTFOUND);
    assert_string_equal(err.field, "center");
    wfm_history_set_free(&set);
    PQfinish(db);
}

static void a_range_reads_back_exactly(void **state)
{
    (void)state;
    PGconn *db = fresh_center("wfm_history_read");
    wfm_history_set set = phone_rows(96);
    wfm_error err;
    assert_int_equal(wfm_history_store_import(db, "jinan", set.rows, 96, 2, NULL, &err), WFM_OK);
    wfm_history_set back;
    wfm_history_set_init(&back);
    assert_int_equal(wfm_history_store_read(db, "jinan", "phone", T0 + 900 * 10, T0 + 900 * 20,
                                            &back, &err), WFM_OK);
    assert_int_equal(back.n_rows, 10);
    assert_memory_equal(&back.rows[0], &set.rows[10], sizeof back.rows[0] * 10);
    wfm_history_set_free(&back);
    assert_int_equal(wfm_history_store_read(db, "jinan", NULL, 0, INT64_C(4000000000), &back, &err),
                     WFM_OK);
    assert_int_equal(back.n_rows, 96);
    wfm_history_set_free(&back);
    wfm_history_set_free(&set);
    PQfinish(db);
}

static void history_follows_its_queue_like_a_foreign_key(void **state)
{
    (void)state;
    PGconn *db = fresh_center("wfm_history_cascade");
    wfm_history_set set = phone_rows(8);
    wfm_error err;
    assert_int_equal(wfm_history_store_import(db, "jinan", set.rows, 8, 2, NULL, &err), WFM_OK);
    PQclear(PQexec(db, "UPDATE queue SET id = 'hotline' WHERE center_id = 'jinan' AND id = 'phone'"));
    assert_int_equal(scalar_long(db, "SELECT count(*) FROM history WHERE queue_id = 'hotline'"), 8);
    PQclear(PQexec(db, "DELETE FROM center WHERE id = 'jinan'")); /* cascades to queue */
    assert_int_equal(scalar_long(db, "SELECT count(*) FROM history"), 0);
    wfm_history_set_free(&set);
    PQfinish(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reimport_changes_nothing_and_changed_rows_are_updated),
        cmocka_unit_test(a_bad_row_leaves_the_table_unchanged),
        cmocka_unit_test(unknown_center_is_not_found),
        cmocka_unit_test(a_range_reads_back_exactly),
        cmocka_unit_test(history_follows_its_queue_like_a_foreign_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
