/* Specification of `wfm scenario` (cli/wfm_cmd_scenario.c), run as a
 * planner runs it against the small synthetic hotline
 * (tests/support/wfm_testcenter.h): `run` computes a scenario in the
 * process, without a server or worker, and prints its result; create, show,
 * list, compare, cancel and delete work on the database; bad specs exit 2
 * naming the field, unknown ids exit 1. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/wfm_testcenter.h"
#include "tests/support/wfm_testcli.h"
#include "tests/support/wfm_testdb.h"

#define DB_NAME "wfm_cmd_scenario"

/* Runs `wfm scenario ARGS` against the test database. */
static void wfm_scenario(const char *args, int with_stderr, wfm_testcli_result *r)
{
    char line[1024];
    snprintf(line, sizeof line, "scenario %s", args);
    wfm_testcli_run(DB_NAME, line, with_stderr, r);
}

/* A spec file for the test center's next two days; returns its path. */
static const char *spec_file(const char *name, const char *overrides)
{
    static char path[256];
    const char *build = getenv("WFM_BUILD_DIR");
    snprintf(path, sizeof path, "%s/tests/test_cmd_scenario_%s.json", build ? build : "build",
             name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "{\"name\": \"%s\", \"start_date\": \"%s\", \"days\": 2, \"target\": \"seats\","
               " \"overrides\": %s, \"options\": {\"time_limit_s\": 5}}",
            name, WFM_TESTCENTER_NEXT_WEEK, overrides);
    fclose(f);
    return path;
}

static int setup(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh(DB_NAME);
    int seeded = db ? wfm_testcenter_seed(db) : -1;
    PQfinish(db);
    return seeded;
}

static void run_computes_a_scenario_here_and_stores_nothing(void **state)
{
    (void)state;
    char args[512];
    snprintf(args, sizeof args, "run --center north --spec %s", spec_file("here", "{}"));
    wfm_testcli_result r;
    wfm_scenario(args, 0, &r);
    assert_int_equal(r.status, 0);
    json_t *result = wfm_testcli_json(&r);
    double paid = json_number_value(json_object_get(result, "paid_hours"));
    assert_true(paid > 0);
    assert_true(fabs(json_number_value(json_object_get(result, "cost")) -
                     paid * json_number_value(json_object_get(result, "cost_per_paid_hour")))
                < 1e-6);
    assert_int_equal(json_array_size(json_object_get(result, "days")), 2);
    assert_true(json_is_null(json_object_get(result, "roster_id")));
    json_decref(result);
    wfm_scenario("list --center north", 0, &r);
    assert_int_equal(r.status, 0);
    json_t *list = wfm_testcli_json(&r);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
}

static void create_show_compare_cancel_and_delete(void **state)
{
    (void)state;
    char args[512];
    wfm_testcli_result r;
    long long ids[2];
    const char *names[2] = {"base", "plus"};
    const char *overrides[2] = {"{}", "{\"volume_factor\": 1.2}"};
    for (int i = 0; i < 2; i++) {
        snprintf(args, sizeof args, "create --center north --spec %s",
                 spec_file(names[i], overrides[i]));
        wfm_scenario(args, 0, &r);
        assert_int_equal(r.status, 0);
        json_t *s = wfm_testcli_json(&r);
        assert_string_equal(json_string_value(json_object_get(s, "state")), "queued");
        ids[i] = json_integer_value(json_object_get(s, "id"));
        json_decref(s);
    }
    snprintf(args, sizeof args, "show %lld", ids[1]);
    wfm_scenario(args, 0, &r);
    assert_int_equal(r.status, 0);
    json_t *s = wfm_testcli_json(&r);
    assert_true(json_number_value(json_object_get(
                    json_object_get(json_object_get(s, "spec"), "overrides"), "volume_factor"))
                == 1.2);
    json_decref(s);

    /* No worker ran them: comparing is refused naming the one not done. */
    snprintf(args, sizeof args, "compare --center north %lld,%lld", ids[0], ids[1]);
    wfm_scenario(args, 1, &r);
    assert_int_equal(r.status, 1);
    char id_text[32];
    snprintf(id_text, sizeof id_text, "scenario %lld is queued", ids[0]);
    assert_non_null(strstr(r.out, id_text));

    snprintf(args, sizeof args, "cancel %lld", ids[0]);
    wfm_scenario(args, 0, &r);
    assert_int_equal(r.status, 0);
    s = wfm_testcli_json(&r);
    assert_string_equal(json_string_value(json_object_get(s, "state")), "cancelled");
    json_decref(s);
    snprintf(args, sizeof args, "delete %lld", ids[0]);
    wfm_scenario(args, 0, &r);
    assert_int_equal(r.status, 0);
    snprintf(args, sizeof args, "show %lld", ids[0]);
    wfm_scenario(args, 0, &r);
    assert_int_equal(r.status, 1);

    wfm_scenario("list --center north --limit 5", 0, &r);
    json_t *list = wfm_testcli_json(&r);
    assert_int_equal(json_array_size(list), 1);
    json_decref(list);
}

static void bad_input_exits_2_naming_the_field(void **state)
{
    (void)state;
    char args[512];
    wfm_testcli_result r;
    snprintf(args, sizeof args, "create --center north --spec %s",
             spec_file("bad", "{\"volume_factor\": {\"fax\": 2}}"));
    wfm_scenario(args, 1, &r);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.out, "overrides.volume_factor.fax"));
    wfm_scenario("create --spec x.json", 1, &r);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.out, "--center"));
    wfm_scenario("show abc", 1, &r);
    assert_int_equal(r.status, 2);
    wfm_scenario("frobnicate", 1, &r);
    assert_int_equal(r.status, 2);
    wfm_scenario("compare --center north 1,x", 1, &r);
    assert_int_equal(r.status, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(run_computes_a_scenario_here_and_stores_nothing),
        cmocka_unit_test(create_show_compare_cancel_and_delete),
        cmocka_unit_test(bad_input_exits_2_naming_the_field),
    };
    return cmocka_run_group_tests_name("wfm scenario", tests, setup, NULL);
}
