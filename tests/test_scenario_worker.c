/* Specification of scenarios on the shared job queue with real worker
 * processes (build/wfm worker, build/wfm-server --worker-only) against one
 * database holding the small synthetic hotline: two workers both take
 * scenario jobs; when the one running a scenario is killed mid-job the
 * other finishes it once the lease has run out, and the result and the
 * draft roster are stored exactly once; a cancel reaches a job running in
 * another process within two seconds. Leases are 2 s so the suite stays
 * short. Needs WFM_TEST_DATABASE_URL, WFM_SOURCE_DIR and WFM_BUILD_DIR. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "core/wfm_clock.h"
#include "data/wfm_jobs.h"
#include "data/wfm_scenario_store.h"
#include "tests/support/wfm_testcenter.h"
#include "tests/support/wfm_testdb.h"
#include "tests/support/wfm_testworker.h"

#define LEASE "2"

/* The worker processes started by the test running now: whatever a failed
 * assertion leaves behind is killed by its teardown. */
static pid_t children[2];

static pid_t spawn(const char *url, const char *id, int server, int slot)
{
    children[slot] = wfm_testworker_spawn(url, id, server, LEASE, "test_scenario_worker");
    return children[slot];
}

static int kill_children(void **state)
{
    (void)state;
    for (int i = 0; i < 2; i++)
        if (children[i] > 0) {
            kill(children[i], SIGKILL);
            waitpid(children[i], NULL, 0);
            children[i] = 0;
        }
    return 0;
}

/* A scenario of the test center's next days with a target and options. */
static long long create(PGconn *db, int days, const char *target, const char *options)
{
    char text[256];
    snprintf(text, sizeof text, "{\"name\": \"week\", \"start_date\": \"%s\", \"days\": %d,"
             " \"target\": \"%s\", \"options\": %s}", WFM_TESTCENTER_NEXT_WEEK, days, target,
             options);
    json_t *spec = json_loads(text, 0, NULL);
    long long id = 0;
    wfm_error err;
    if (wfm_scenario_create(db, WFM_TESTCENTER_ID, spec, &id, NULL, &err))
        fail_msg("create: %s", err.message);
    json_decref(spec);
    return id;
}

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* Polls scenario id until `accept` says yes (returns it; caller decrefs)
 * or timeout_s has passed (fails). */
typedef int (*scenario_test)(const json_t *scenario, const char *want);

static int in_state(const json_t *scenario, const char *want)
{
    return !strcmp(str(scenario, "state"), want);
}

static int in_phase(const json_t *scenario, const char *want)
{
    const json_t *job = json_object_get(scenario, "job");
    return !strcmp(str(job, "state"), "running") &&
           !strcmp(str(json_object_get(job, "progress"), "phase"), want);
}

static json_t *await(PGconn *db, long long id, scenario_test accept, const char *want,
                     double timeout_s)
{
    double give_up = wfm_clock_now_s() + timeout_s;
    for (;;) {
        json_t *scenario = NULL;
        wfm_error err;
        assert_int_equal(wfm_scenario_get(db, id, NULL, &scenario, &err), WFM_OK);
        if (accept(scenario, want))
            return scenario;
        if (wfm_clock_now_s() > give_up)
            fail_msg("scenario %lld is %s after %.1f s, waiting for %s", id,
                     str(scenario, "state"), timeout_s, want);
        json_decref(scenario);
        wfm_clock_sleep_s(0.02);
    }
}

static char *job_column(PGconn *db, long long scenario_id, const char *column)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT j.%s FROM job j JOIN scenario s ON s.job_id = j.id"
             " WHERE s.id = %lld", column, scenario_id);
    return wfm_testdb_scalar(db, sql);
}

/* Polls job id until it is in state (fails after timeout_s). */
static void await_job_state(PGconn *db, long long id, const char *state, double timeout_s)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT state FROM job WHERE id = %lld", id);
    double give_up = wfm_clock_now_s() + timeout_s;
    for (;;) {
        char *now = wfm_testdb_scalar(db, sql);
        int there = !strcmp(now, state);
        if (!there && wfm_clock_now_s() > give_up)
            fail_msg("job %lld is %s after %.1f s, expected %s", id, now, timeout_s, state);
        free(now);
        if (there)
            return;
        wfm_clock_sleep_s(0.02);
    }
}

static void stop_gently(int slot)
{
    int status = -1;
    kill(children[slot], SIGTERM);
    waitpid(children[slot], &status, 0);
    children[slot] = 0;
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void two_workers_share_scenarios_and_one_finishes_what_the_other_died_in(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("scenario_workers");
    assert_int_equal(wfm_testcenter_seed(db), 0);
    char *url = wfm_testdb_url("scenario_workers");
    spawn(url, "wa", 0, 0);
    spawn(url, "wb", 0, 1);
    wfm_testworker_await_connected(db, "wa");
    wfm_testworker_await_connected(db, "wb");

    /* Both take scenarios: with one job thread each, two need both. */
    long long first = create(db, 2, "seats", "{\"time_limit_s\": 5}");
    long long second = create(db, 2, "seats", "{\"time_limit_s\": 5}");
    json_decref(await(db, first, in_state, "succeeded", 60));
    json_decref(await(db, second, in_state, "succeeded", 60));
    char *a = job_column(db, first, "worker_id"), *b = job_column(db, second, "worker_id");
    assert_string_not_equal(a, b);
    free(a);
    free(b);

    /* Kill the one running a scenario while it stores its output; the
     * other takes it over once the lease has run out, and its output is
     * stored once. Another session holds table roster in SHARE mode, so
     * the victim is certain to be inside the job, waiting to write its
     * draft roster, when it dies (waiting for the solve phase instead raced
     * a solve shorter than one heartbeat, and failed on CI). */
    PGconn *holder = PQconnectdb(url);
    assert_int_equal(PQstatus(holder), CONNECTION_OK);
    PQclear(PQexec(holder, "BEGIN"));
    PGresult *locked = PQexec(holder, "LOCK TABLE roster IN SHARE MODE");
    assert_int_equal(PQresultStatus(locked), PGRES_COMMAND_OK);
    PQclear(locked);
    long long id = create(db, 3, "daily-answer-rate", "{\"time_limit_s\": 5}");
    json_decref(await(db, id, in_phase, "storing", 30));
    char *victim = job_column(db, id, "worker_id");
    int v = !strcmp(victim, "wa") ? 0 : 1;
    kill(children[v], SIGKILL);
    waitpid(children[v], NULL, 0);
    children[v] = 0;
    PQclear(PQexec(holder, "COMMIT"));
    PQfinish(holder);
    json_t *scenario = await(db, id, in_state, "succeeded", 60);
    char *taker = job_column(db, id, "worker_id"), *attempts = job_column(db, id, "attempts");
    assert_string_not_equal(taker, victim);
    assert_string_equal(attempts, "2");
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM roster WHERE job_id ="
             " (SELECT job_id FROM scenario WHERE id = %lld)", id);
    char *rosters = wfm_testdb_scalar(db, sql);
    assert_string_equal(rosters, "1");
    assert_int_equal(json_integer_value(json_object_get(scenario, "roster_id")),
                     json_integer_value(json_object_get(json_object_get(scenario, "result"),
                                                        "roster_id")));
    free(rosters);
    free(taker);
    free(attempts);
    free(victim);
    json_decref(scenario);
    stop_gently(1 - v);
    free(url);
    PQfinish(db);
}

static void a_cancel_reaches_another_process_within_two_seconds(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("scenario_cancel");
    char *url = wfm_testdb_url("scenario_cancel");
    pid_t pid = spawn(url, "server", 1, 0);
    char pattern[32];
    snprintf(pattern, sizeof pattern, "%%:%ld", (long)pid);
    wfm_testworker_await_connected(db, pattern);

    wfm_job_spec spec;
    wfm_job_spec_init(&spec);
    spec.kind = "sleep";
    json_t *params = json_pack("{s:i}", "seconds", 60);
    spec.params = params;
    long long id = 0;
    wfm_error err;
    assert_int_equal(wfm_job_enqueue(db, &spec, &id, &err), WFM_OK);
    json_decref(params);
    await_job_state(db, id, "running", 10);
    double asked = wfm_clock_now_s();
    assert_int_equal(wfm_job_cancel(db, id, NULL, NULL, &err), WFM_OK);
    await_job_state(db, id, "cancelled", 2);
    assert_true(wfm_clock_now_s() - asked <= 2.0);
    stop_gently(0);
    free(url);
    PQfinish(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(
            two_workers_share_scenarios_and_one_finishes_what_the_other_died_in, kill_children),
        cmocka_unit_test_teardown(a_cancel_reaches_another_process_within_two_seconds,
                                  kill_children),
    };
    return cmocka_run_group_tests_name("scenarios on worker processes", tests, NULL, NULL);
}
