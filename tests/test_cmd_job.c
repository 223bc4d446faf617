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
#include <sys/wait.h>

#include "tests/support/wfm_testdb.h"

#define DB_NAME "wfm_cmd_job"

typedef struct run_result {
    int status;       /* exit status */
    char out[8192];   /* stdout, then stderr */
} run_result;

/* Runs `wfm job ARGS` against the test database. */
static void wfm_job(const char *args, run_result *r)
{
    const char *build = getenv("WFM_BUILD_DIR");
    char *url = wfm_testdb_url(DB_NAME);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "WFM_DATABASE_URL='%s' '%s/wfm' job %s 2>&1", url,
             build ? build : "build", args);
    free(url);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(r->out, 1, sizeof r->out - 1, p);
    r->out[n] = '\0';
    int st = pclose(p);
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static json_t *json_of(const run_result *r)
{
    json_t *out = json_loads(r->out, JSON_DECODE_ANY, NULL);
    if (!out)
        fail_msg("not JSON: %s", r->out);
    return out;
}

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void enqueue_get_cancel_and_list_print_jobs(void **state)
{
    (void)state;
    PQfinish(wfm_testdb_fresh(DB_NAME));
    run_result r;
    wfm_job("enqueue sleep --params '{\"seconds\": 5}' --priority 7", &r);
    assert_int_equal(r.status, 0);
    json_t *job = json_of(&r);
    assert_string_equal(str(job, "state"), "queued");
    assert_int_equal(json_integer_value(json_object_get(job, "priority")), 7);
    long long id = json_integer_value(json_object_get(job, "id"));
    json_decref(job);
    char args[64];
    snprintf(args, sizeof args, "get %lld", id);

    wfm_job(args, &r);
    assert_int_equal(r.status, 0);
    job = json_of(&r);
    assert_true(json_number_value(json_object_get(json_object_get(job, "params"), "seconds")) == 5);
    json_decref(job);

    snprintf(args, sizeof args, "cancel %lld", id);
    wfm_job(args, &r);
    assert_int_equal(r.status, 0);
    job = json_of(&r);
    assert_string_equal(str(job, "state"), "cancelled");
    json_decref(job);

    wfm_job("list --state cancelled", &r);
    assert_int_equal(r.status, 0);
    json_t *jobs = json_of(&r);
    assert_int_equal(json_array_size(jobs), 1);
    json_decref(jobs);

    wfm_job("stats", &r);
    assert_int_equal(r.status, 0);
    json_t *stats = json_of(&r);
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
        run_result r;
        wfm_job(cases[i].args, &r);
        if (r.status != 2 || !strstr(r.out, cases[i].says))
            fail_msg("wfm job %s: exit %d, said: %s", cases[i].args, r.status, r.out);
    }
}

static void a_job_that_does_not_exist_exits_1(void **state)
{
    (void)state;
    run_result r;
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
