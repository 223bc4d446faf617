/* Specification of data/wfm_sample_load: the demo center appears with its
 * five queues, and loading the same sample twice changes nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/wfm_date.h"
#include "data/wfm_sample_load.h"
#include "tests/support/wfm_testdb.h"

static long scalar_long(PGconn *db, const char *sql)
{
    char *v = wfm_testdb_scalar(db, sql);
    long out = v ? strtol(v, NULL, 10) : -1;
    free(v);
    return out;
}

static void loading_twice_creates_the_center_once_and_changes_nothing(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_sample_load");
    wfm_sample_opts o;
    wfm_sample_opts_init(&o);
    o.end_day = wfm_date_from_ymd(2026, 11, 28);
    o.years = 1;
    wfm_history_import_counts c;
    size_t n = 0;
    wfm_error err;
    assert_int_equal(wfm_sample_load(db, "jinan", &o, &n, &c, &err), WFM_OK);
    assert_int_equal(n, 5 * 96 * 365);
    assert_int_equal(c.inserted, n);
    assert_int_equal(scalar_long(db, "SELECT count(*) FROM queue WHERE center_id = 'jinan'"), 5);
    assert_int_equal(scalar_long(db, "SELECT count(*) FROM queue WHERE kind = 'live'"), 1);
    assert_int_equal(wfm_sample_load(db, "jinan", &o, &n, &c, &err), WFM_OK);
    assert_int_equal(c.inserted, 0);
    assert_int_equal(c.updated, 0);
    assert_int_equal(c.unchanged, n);
    assert_int_equal(scalar_long(db, "SELECT count(*) FROM center"), 1);
    assert_int_equal(scalar_long(db, "SELECT count(*) FROM history"), (long)n);
    PQfinish(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loading_twice_creates_the_center_once_and_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
