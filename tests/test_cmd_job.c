/* Specification of `wfm job` (cli/wfm_cmd_job.c), run as the operator runs
 * it: jobs print as JSON on stdout, bad usage exits 2 naming what is wrong,
 * a failed lookup exits 1. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/wfm_testcli.h"
#include "tests/support/wfm_testdb.h"

#define DB_NAME "wfm_cmd_job"

/* Runs `wfm job ARGS` against the test database, stderr with stdout. */
static void wfm_job(const char *args, wfm_testcli_result *r)
{
    char line[1024];
    snprintf(line, sizeof line, "job %s", args);
    wfm_testcli_run(DB_NAME, line, 1, r);
}

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void enqueue_get_cancel_and_list_print_jobs(void **state)
{
    (void)state;
    PQfinish(wfm_testdb_fresh(DB_NAME));
    wfm_testcli_result r;
    wfm_job("enqueue sleep --params '{\"seconds\": 5}' --priority 7", &r);
    assert_int_equal(r.status, 0);
    json_t *job = wfm_testcli_json(&r);
    assert_string_equal(str(job, "state"), "queued");
    assert_int_equal(json_integer_value(json_object_get(job, "priority")), 7);
    long long id = json_integer_value(json_object_get(job, "id"));
    json_decref(job);
    char args[64];
    snprintf(args, sizeof args, "get %lld", id);

    wfm_job(args, &r);
    assert_int_equal(r.status, 0);
    job = wfm_testcli_json(&r);
    assert_true(json_number_value(json_object_get(json_object_get(job, "params"), "seconds")) == 5);
    json_decref(job);

    snprintf(args, sizeof args, "cancel %lld", id);
    wfm_job(args, &r);
    assert_int_equal(r.status, 0);
    job = wfm_testcli_json(&r);
    assert_string_equal(str(job, "state"), "cancelled");
    json_decref(job);

    wfm_job("list --state cancelled", &r);
    assert_int_equal(r.status, 0);
    json_t *jobs = wfm_testcli_json(&r);
    assert_int_equal(json_array_size(jobs), 1);
    json_decref(jobs);

    wfm_job("stats", &r);
    assert_int_equal(r.status, 0);
    json_t *stats = wfm_testcli_json(&r);
    assert_int_equal(json_integer_value(json_object_get(stats, "queued")), 0);
    json_decref(stats);
}

static void bad_usage_exits_2_naming_the_problem(void **state)
{
    (void)state;
    struct { const char *args; const char *says; } cases[] = {
        {"enqueue no-such-kind", "unknown kind 'no-such-kind'"},
        {"enqueue sleep --params '[1'", "--params is not JSON"},
        {"enqueue sleep --priority 500", "priority must be in -100..100 (500)"},
        {"get x", "ID must be a positive integer ('x')"},
        {"list --state bogus", "state must be"},
        {"prune", "--older-than"},
        {"frobnicate", "usage: wfm job"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wfm_testcli_result r;
        wfm_job(cases[i].args, &r);
        if (r.status != 2 || !strstr(r.out, cases[i].says))
            fail_msg("wfm job %s: exit %d, said: %s", cases[i].args, r.status, r.out);
    }
}

static void a_job_that_does_not_exist_exits_1(void **state)
{
    (void)state;
    wfm_testcli_result r;
    wfm_job("get 424242", &r);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "no job 424242"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(enqueue_get_cancel_and_list_print_jobs),
        cmocka_unit_test(bad_usage_exits_2_naming_the_problem),
        cmocka_unit_test(a_job_that_does_not_exist_exits_1),
    };
    return cmocka_run_group_tests_name("cli/wfm_cmd_job", tests, NULL, NULL);
}
