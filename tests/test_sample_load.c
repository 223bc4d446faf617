/* Specification of data/wfm_sample_load: the demo center appears with its
 * five queues and its staff (350 agents, five shift templates, a valid
 * roster workforce for those queues), and loading the same sample twice
 * changes nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/wfm_date.h"
#include "data/wfm_roster_store.h"
#include "data/wfm_sample_load.h"
#include "optimizer/wfm_roster_io.h"
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
    assert_int_equal(scalar_long(db, "SELECT count(*) FROM agent"), 350);
    assert_int_equal(scalar_long(db, "SELECT count(*) FROM shift_template"), 5);
    PQfinish(db);
}

/* The stored staff is a workforce the optimizer accepts for the sample's
 * queues, with full- and part-time contracts and every queue covered. */
static void the_sample_staff_is_a_valid_workforce(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_sample_staff");
    wfm_error err;
    int agents = 0, templates = 0;
    assert_int_equal(wfm_sample_center_ensure(db, "jinan", &err), WFM_OK);
    assert_int_equal(wfm_sample_staff_load(db, "jinan", &agents, &templates, &err), WFM_OK);
    assert_int_equal(agents, 350);
    assert_int_equal(templates, 5);
    assert_int_equal(wfm_sample_staff_load(db, "jinan", &agents, &templates, &err), WFM_OK);
    assert_int_equal(agents + templates, 0);
    json_t *request = json_loads("{\"start_date\": \"2026-11-30\", \"days\": 7,"
                                 " \"queues\": [{\"name\": \"phone\"}, {\"name\": \"sms\"},"
                                 " {\"name\": \"mailbox\"}, {\"name\": \"weibo\"},"
                                 " {\"name\": \"wechat\"}], \"required\": {}}", 0, NULL);
    json_t *input = NULL;
    wfm_roster_doc doc;
    assert_int_equal(wfm_roster_store_input(db, "jinan", request, &input, &err), WFM_OK);
    assert_int_equal(wfm_roster_doc_parse(input, &doc, &err), WFM_OK);
    assert_int_equal(wfm_roster_validate(&doc.in, &doc.opts, &err), WFM_OK);
    unsigned covered = 0;
    int part_time = 0;
    for (int a = 0; a < doc.in.n_agents; a++) {
        covered |= doc.in.agents[a].skills;
        part_time += doc.in.agents[a].max_week_hours < 30;
    }
    assert_int_equal(covered, 0x1fu);
    assert_int_equal(part_time, 100);
    wfm_roster_doc_free(&doc);
    json_decref(input);
    json_decref(request);
    PQfinish(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loading_twice_creates_the_center_once_and_changes_nothing),
        cmocka_unit_test(the_sample_staff_is_a_valid_workforce),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
