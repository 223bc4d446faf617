/* Specification of data/wfm_worker and `wfm worker`: workers run queued jobs
 * and record how they ended; progress shows while a job runs; a cancelled
 * job stops within two seconds; a shutdown puts running jobs back in the
 * queue; a dropped connection is reopened; two worker processes share one
 * queue (`wfm worker` and `wfm-server --worker-only`), and when one is
 * killed mid-job the other finishes that job once the lease has run out.
 * Leases are 2 s here so the suite stays short. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/wfm_clock.h"
#include "data/wfm_jobs.h"
#include "data/wfm_worker.h"
#include "tests/support/wfm_testdb.h"
#include "tests/support/wfm_testworker.h"

#define LEASE "2"

/* Kinds for these tests: the built-in sleep, a job with bad input, and one
 * whose first attempt hits a database failure. */
static atomic_int flaky_runs;

static wfm_status run_bad_input(const json_t *params, wfm_job_ctx *ctx, json_t **result,
                                wfm_error *err)
{
    (void)params, (void)ctx, (void)result;
    return wfm_error_set(err, WFM_EINVAL, "weeks", "weeks must be 1..4 (9)");
}

static wfm_status run_flaky(const json_t *params, wfm_job_ctx *ctx, json_t **result,
                            wfm_error *err)
{
    (void)params;
    if (atomic_fetch_add(&flaky_runs, 1) == 0)
        return wfm_error_set(err, WFM_EDB, NULL, "connection lost");
    *result = json_pack("{s:I}", "job", (json_int_t)wfm_job_ctx_job_id(ctx));
    return WFM_OK;
}

/* Writes an output row in a transaction it leaves open, as roster and
 * scenario runs do. With {"stolen": true} another worker takes the job over
 * before the run returns. */
static char *output_db_url;

static wfm_status run_with_output(const json_t *params, wfm_job_ctx *ctx, json_t **result,
                                  wfm_error *err)
{
    PGconn *db = wfm_job_ctx_db(ctx);
    char sql[160];
    snprintf(sql, sizeof sql, "BEGIN; INSERT INTO job_output VALUES (%lld)",
             wfm_job_ctx_job_id(ctx));
    PQclear(PQexec(db, sql));
    if (json_is_true(json_object_get(params, "stolen"))) {
        PGconn *thief = PQconnectdb(output_db_url);
        snprintf(sql, sizeof sql, "UPDATE job SET worker_id = 'thief', attempts = attempts + 1"
                 " WHERE id = %lld", wfm_job_ctx_job_id(ctx));
        PQclear(PQexec(thief, sql));
        PQfinish(thief);
    }
    (void)err;
    *result = json_object();
    return WFM_OK;
}

static const wfm_job_kind test_kinds[] = {
    {"sleep", "", wfm_job_run_sleep},
    {"bad-input", "", run_bad_input},
    {"flaky", "", run_flaky},
    {"output", "", run_with_output},
    {NULL, NULL, NULL},
};

typedef struct running_worker {
    wfm_worker_handle *handle;
    char *url;
} running_worker;

static running_worker *start_worker(const char *dbname, const char *id)
{
    running_worker *r = calloc(1, sizeof *r);
    r->url = wfm_testdb_url(dbname);
    wfm_worker_opts opts;
    wfm_worker_opts_init(&opts);
    opts.database_url = r->url;
    opts.worker_id = id;
    opts.lease_s = 2;
    opts.heartbeat_s = 0.2;
    opts.poll_s = 0.2;
    opts.kinds = test_kinds;
    opts.log = NULL;
    wfm_error err;
    r->handle = wfm_worker_start(&opts, &err);
    if (!r->handle)
        fail_msg("worker: %s", err.message);
    return r;
}

static void stop_worker(running_worker *r)
{
    wfm_worker_stop(r->handle);
    free(r->url);
    free(r);
}

static long long enqueue(PGconn *db, const char *kind, const char *params_json)
{
    wfm_job_spec spec;
    wfm_job_spec_init(&spec);
    spec.kind = kind;
    json_t *params = json_loads(params_json, 0, NULL);
    spec.params = params;
    long long id = 0;
    wfm_error err;
    if (wfm_job_enqueue(db, &spec, &id, &err))
        fail_msg("enqueue: %s", err.message);
    json_decref(params);
    return id;
}

static const char *str(const json_t *job, const char *key)
{
    return json_string_value(json_object_get(job, key));
}

/* Polls job id until it is in state (returns it; caller decrefs) or until
 * timeout_s has passed (fails the test). */
static json_t *await_state(PGconn *db, long long id, const char *state, double timeout_s)
{
    double give_up = wfm_clock_now_s() + timeout_s;
    for (;;) {
        json_t *job = NULL;
        wfm_error err;
        assert_int_equal(wfm_job_get(db, id, NULL, &job, &err), WFM_OK);
        if (!strcmp(str(job, "state"), state))
            return job;
        if (wfm_clock_now_s() > give_up)
            fail_msg("job %lld is %s after %.1f s, expected %s", id, str(job, "state"),
                     timeout_s, state);
        json_decref(job);
        wfm_clock_sleep_s(0.05);
    }
}

static void worker_records_results_errors_and_retries(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_worker_outcomes");
    running_worker *w = start_worker("wfm_worker_outcomes", "w1");
    long long slept = enqueue(db, "sleep", "{\"seconds\": 0.2}");
    long long bad = enqueue(db, "bad-input", "{}");
    long long flaky = enqueue(db, "flaky", "{}");

    json_t *job = await_state(db, slept, "succeeded", 5);
    assert_true(json_number_value(json_object_get(json_object_get(job, "result"), "slept_s")) == 0.2);
    assert_string_equal(str(job, "worker_id"), "w1");
    json_decref(job);

    job = await_state(db, bad, "failed", 5);
    json_t *error = json_object_get(job, "error");
    assert_string_equal(str(error, "code"), "invalid_argument");
    assert_string_equal(str(error, "field"), "weeks");
    assert_int_equal(json_integer_value(json_object_get(job, "attempts")), 1);
    json_decref(job);

    job = await_state(db, flaky, "succeeded", 5);
    assert_int_equal(json_integer_value(json_object_get(job, "attempts")), 2);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(job, "result"), "job")),
                     flaky);
    json_decref(job);
    stop_worker(w);
    PQfinish(db);
}

static void output_written_in_the_runs_transaction_commits_with_success(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_worker_output");
    PQclear(PQexec(db, "CREATE TABLE job_output (job_id bigint)"));
    output_db_url = wfm_testdb_url("wfm_worker_output");
    running_worker *w = start_worker("wfm_worker_output", "w1");
    long long kept = enqueue(db, "output", "{}");
    json_decref(await_state(db, kept, "succeeded", 5));
    /* Taken over before it could record success: its output is rolled back. */
    enqueue(db, "output", "{\"stolen\": true}");
    double give_up = wfm_clock_now_s() + 5;
    char *holder = NULL;
    while (wfm_clock_now_s() < give_up) {
        free(holder);
        holder = wfm_testdb_scalar(db, "SELECT worker_id FROM job ORDER BY id DESC LIMIT 1");
        if (!strcmp(holder, "thief"))
            break;
        wfm_clock_sleep_s(0.05);
    }
    assert_string_equal(holder, "thief");
    free(holder);
    stop_worker(w);
    char *outputs = wfm_testdb_scalar(db, "SELECT string_agg(job_id::text, ',') FROM job_output");
    char expected[32];
    snprintf(expected, sizeof expected, "%lld", kept);
    assert_string_equal(outputs, expected);
    free(outputs);
    free(output_db_url);
    PQfinish(db);
}

static void progress_is_visible_while_a_job_runs(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_worker_progress");
    running_worker *w = start_worker("wfm_worker_progress", "w1");
    long long id = enqueue(db, "sleep", "{\"seconds\": 1.5}");
    double give_up = wfm_clock_now_s() + 5;
    double seen_percent = 0;
    while (wfm_clock_now_s() < give_up && seen_percent == 0) {
        json_t *job = NULL;
        wfm_error err;
        assert_int_equal(wfm_job_get(db, id, NULL, &job, &err), WFM_OK);
        json_t *progress = json_object_get(job, "progress");
        if (!strcmp(str(job, "state"), "running") && !strcmp(str(progress, "phase"), "sleeping")) {
            seen_percent = json_number_value(json_object_get(progress, "percent"));
            json_t *elapsed = json_object_get(json_object_get(progress, "detail"), "elapsed_s");
            assert_true(json_number_value(elapsed) >= 0 && json_number_value(elapsed) < 1.5);
        }
        json_decref(job);
        wfm_clock_sleep_s(0.05);
    }
    assert_true(seen_percent > 0 && seen_percent < 100);
    json_decref(await_state(db, id, "succeeded", 5));
    stop_worker(w);
    PQfinish(db);
}

static void a_cancelled_running_job_stops_within_two_seconds(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_worker_cancel");
    running_worker *w = start_worker("wfm_worker_cancel", "w1");
    long long id = enqueue(db, "sleep", "{\"seconds\": 60}");
    json_decref(await_state(db, id, "running", 5));
    double asked = wfm_clock_now_s();
    wfm_error err;
    assert_int_equal(wfm_job_cancel(db, id, NULL, NULL, &err), WFM_OK);
    json_t *job = await_state(db, id, "cancelled", 2);
    assert_true(wfm_clock_now_s() - asked <= 2);
    assert_non_null(str(job, "finished_at"));
    /* It shows where it got to. */
    json_t *progress = json_object_get(job, "progress");
    assert_string_equal(str(progress, "phase"), "sleeping");
    assert_true(json_number_value(json_object_get(progress, "percent")) < 100);
    json_decref(job);
    stop_worker(w);
    PQfinish(db);
}

static void shutdown_puts_running_jobs_back_in_the_queue(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_worker_shutdown");
    running_worker *w = start_worker("wfm_worker_shutdown", "w1");
    long long id = enqueue(db, "sleep", "{\"seconds\": 60}");
    json_decref(await_state(db, id, "running", 5));
    double asked = wfm_clock_now_s();
    stop_worker(w);
    assert_true(wfm_clock_now_s() - asked < 2);
    json_t *job = await_state(db, id, "queued", 0);
    assert_int_equal(json_integer_value(json_object_get(job, "attempts")), 0);
    assert_true(json_is_null(json_object_get(job, "error")));
    json_decref(job);
    PQfinish(db);
}

static void a_dropped_connection_is_reopened(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_worker_reconnect");
    running_worker *w = start_worker("wfm_worker_reconnect", "rc");
    json_decref(await_state(db, enqueue(db, "sleep", "{\"seconds\": 0}"), "succeeded", 5));
    /* What a database restart looks like to the worker. */
    char *killed = wfm_testdb_scalar(db,
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
        " WHERE application_name = 'wfm worker rc'");
    assert_true(atoi(killed) >= 2); /* the control thread and the job threads */
    free(killed);
    json_decref(await_state(db, enqueue(db, "sleep", "{\"seconds\": 0}"), "succeeded", 5));
    stop_worker(w);
    PQfinish(db);
}

static void a_worker_and_a_worker_only_server_share_the_queue_and_outlive_each_other(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_worker_processes");
    char *url = wfm_testdb_url("wfm_worker_processes");
    pid_t pids[2] = {wfm_testworker_spawn(url, "pa", 0, LEASE, "test_worker"),
                     wfm_testworker_spawn(url, "server", 1, LEASE, "test_worker")};
    char server_id[32];
    snprintf(server_id, sizeof server_id, "%%:%ld", (long)pids[1]);
    wfm_testworker_await_connected(db, "pa");
    wfm_testworker_await_connected(db, server_id);

    /* Both take jobs: with one job thread each, four 0.4 s jobs need both. */
    long long ids[4];
    for (int i = 0; i < 4; i++)
        ids[i] = enqueue(db, "sleep", "{\"seconds\": 0.4}");
    for (int i = 0; i < 4; i++)
        json_decref(await_state(db, ids[i], "succeeded", 10));
    char *workers = wfm_testdb_scalar(db, "SELECT count(DISTINCT worker_id)"
                                          " FROM job WHERE state = 'succeeded'");
    assert_string_equal(workers, "2");
    free(workers);

    /* Kill the one running a job; the other finishes it after the lease. */
    long long id = enqueue(db, "sleep", "{\"seconds\": 1}");
    json_t *job = await_state(db, id, "running", 5);
    char victim_id[WFM_JOB_WORKER_MAX];
    snprintf(victim_id, sizeof victim_id, "%s", str(job, "worker_id"));
    int victim = !strcmp(victim_id, "pa") ? 0 : 1;
    json_decref(job);
    kill(pids[victim], SIGKILL);
    waitpid(pids[victim], NULL, 0);
    job = await_state(db, id, "succeeded", 10);
    assert_string_not_equal(str(job, "worker_id"), victim_id);
    assert_int_equal(json_integer_value(json_object_get(job, "attempts")), 2);
    json_decref(job);

    int status = -1;
    kill(pids[1 - victim], SIGTERM);
    waitpid(pids[1 - victim], &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    free(url);
    PQfinish(db);
}

static void bad_options_are_refused_naming_the_field(void **state)
{
    wfm_error err;
    wfm_worker_opts bad;
    wfm_worker_opts_init(&bad);
    bad.database_url = "postgresql:///x";
    bad.poll_s = -1;
    assert_null(wfm_worker_start(&bad, &err));
    assert_string_equal(err.field, "poll_s");

    (void)state;
    wfm_worker_opts opts;
    wfm_worker_opts_init(&opts);
    atomic_int stop;
    atomic_init(&stop, 1);
    assert_int_equal(wfm_worker_run(&opts, &stop, &err), WFM_EINVAL);
    assert_string_equal(err.field, "database_url");
    opts.database_url = "postgresql:///x";
    opts.concurrency = 0;
    assert_int_equal(wfm_worker_run(&opts, &stop, &err), WFM_EINVAL);
    assert_string_equal(err.field, "concurrency");
    opts.concurrency = 1;
    opts.lease_s = 2;
    opts.heartbeat_s = 1.5;
    assert_int_equal(wfm_worker_run(&opts, &stop, &err), WFM_EINVAL);
    assert_string_equal(err.field, "heartbeat_s");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worker_records_results_errors_and_retries),
        cmocka_unit_test(output_written_in_the_runs_transaction_commits_with_success),
        cmocka_unit_test(progress_is_visible_while_a_job_runs),
        cmocka_unit_test(a_cancelled_running_job_stops_within_two_seconds),
        cmocka_unit_test(shutdown_puts_running_jobs_back_in_the_queue),
        cmocka_unit_test(a_dropped_connection_is_reopened),
        cmocka_unit_test(a_worker_and_a_worker_only_server_share_the_queue_and_outlive_each_other),
        cmocka_unit_test(bad_options_are_refused_naming_the_field),
    };
    return cmocka_run_group_tests_name("data/wfm_worker", tests, NULL, NULL);
}
