/* Specification of data/wfm_jobs: the job queue in PostgreSQL. Jobs are
 * taken once, by the oldest first; a lease that runs out hands the job to the
 * next taker until max_attempts; every write of an attempt is fenced by its
 * lease; cancel, limits and listing behave as the API documents. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "data/wfm_jobs.h"
#include "tests/support/wfm_testdb.h"

static const char *const sleep_kind[] = {"sleep"};

static void exec_sql(PGconn *db, const char *sql)
{
    PGresult *res = PQexec(db, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(res));
    PQclear(res);
}

static long long enqueue(PGconn *db, const char *kind, const char *center, int max_attempts)
{
    wfm_job_spec spec;
    wfm_job_spec_init(&spec);
    spec.kind = kind;
    spec.center_id = center;
    if (max_attempts)
        spec.max_attempts = max_attempts;
    long long id = 0;
    wfm_error err;
    wfm_status st = wfm_job_enqueue(db, &spec, &id, &err);
    if (st)
        fail_msg("enqueue: %s", err.message);
    return id;
}

static json_t *get(PGconn *db, long long id)
{
    json_t *job = NULL;
    wfm_error err;
    assert_int_equal(wfm_job_get(db, id, NULL, &job, &err), WFM_OK);
    return job;
}

static const char *str(const json_t *job, const char *key)
{
    return json_string_value(json_object_get(job, key));
}

static long long num(const json_t *job, const char *key)
{
    return json_integer_value(json_object_get(job, key));
}

static void assert_state(PGconn *db, long long id, const char *state)
{
    json_t *job = get(db, id);
    assert_string_equal(str(job, "state"), state);
    json_decref(job);
}

static bool take(PGconn *db, const char *worker, wfm_job_lease *lease)
{
    bool taken = false;
    wfm_error err;
    wfm_status st = wfm_job_take(db, worker, 60, sleep_kind, 1, lease, &taken, &err);
    if (st)
        fail_msg("take: %s", err.message);
    return taken;
}

/* A dead worker, as the next taker sees it: its lease is in the past. */
static void expire_lease(PGconn *db, long long id)
{
    char sql[128];
    snprintf(sql, sizeof sql,
             "UPDATE job SET lease_expires_at = now() - interval '1 second' WHERE id = %lld", id);
    exec_sql(db, sql);
}

static void add_centers(PGconn *db)
{
    exec_sql(db, "INSERT INTO center (id, name, time_zone) VALUES"
                               " ('c1', 'C1', 'Asia/Shanghai'), ('c2', 'C2', 'America/New_York')");
}

static void enqueue_rejects_bad_input_naming_the_field(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_jobs_bad_input");
    wfm_job_spec spec;
    wfm_job_spec_init(&spec);
    long long id = 0;
    wfm_error err;

    spec.kind = "Roster Job";
    assert_int_equal(wfm_job_enqueue(db, &spec, &id, &err), WFM_EINVAL);
    assert_string_equal(err.field, "kind");
    assert_non_null(strstr(err.message, "Roster Job"));

    spec.kind = "sleep";
    json_t *array = json_array();
    spec.params = array;
    assert_int_equal(wfm_job_enqueue(db, &spec, &id, &err), WFM_EINVAL);
    assert_string_equal(err.field, "params");
    json_decref(array);

    spec.params = NULL;
    spec.max_attempts = 0;
    assert_int_equal(wfm_job_enqueue(db, &spec, &id, &err), WFM_EINVAL);
    assert_string_equal(err.field, "max_attempts");

    spec.max_attempts = 3;
    spec.center_id = "nowhere";
    assert_int_equal(wfm_job_enqueue(db, &spec, &id, &err), WFM_ENOTFOUND);
    assert_string_equal(err.field, "center_id");
    assert_null(wfm_testdb_scalar(db, "SELECT id FROM job"));
    PQfinish(db);
}

static void enqueued_job_waits_in_the_queue_with_its_params(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_jobs_enqueue");
    wfm_job_spec spec;
    wfm_job_spec_init(&spec);
    spec.kind = "sleep";
    json_t *params = json_pack("{s:f}", "seconds", 2.5);
    spec.params = params;
    long long id = 0;
    wfm_error err;
    assert_int_equal(wfm_job_enqueue(db, &spec, &id, &err), WFM_OK);
    assert_true(id > 0);
    json_t *job = get(db, id);
    assert_int_equal(num(job, "id"), id);
    assert_string_equal(str(job, "state"), "queued");
    assert_string_equal(str(job, "kind"), "sleep");
    assert_true(json_is_null(json_object_get(job, "center_id")));
    assert_true(json_equal(json_object_get(job, "params"), params));
    assert_int_equal(num(job, "attempts"), 0);
    assert_int_equal(num(job, "max_attempts"), 3);
    assert_true(json_is_null(json_object_get(job, "started_at")));
    assert_non_null(strchr(str(job, "created_at"), 'T'));
    json_decref(job);
    json_decref(params);
    PQfinish(db);
}

struct taker {
    char *url;
    char name[32];
    long long ids[64];
    int n;
};

static void *take_all(void *arg)
{
    struct taker *t = arg;
    PGconn *db = PQconnectdb(t->url);
    wfm_job_lease lease;
    bool taken = true;
    wfm_error err;
    while (taken && t->n < 64) {
        if (wfm_job_take(db, t->name, 60, sleep_kind, 1, &lease, &taken, &err) != WFM_OK)
            break;
        if (taken) {
            t->ids[t->n++] = lease.id;
            wfm_job_succeed(db, &lease, NULL, &err);
            wfm_job_lease_clear(&lease);
        }
    }
    PQfinish(db);
    return NULL;
}

static void concurrent_takers_never_get_the_same_job(void **state)
{
    (void)state;
    enum { JOBS = 60, TAKERS = 4 };
    PGconn *db = wfm_testdb_fresh("wfm_jobs_skip_locked");
    for (int i = 0; i < JOBS; i++)
        enqueue(db, "sleep", NULL, 0);
    struct taker takers[TAKERS];
    pthread_t threads[TAKERS];
    for (int t = 0; t < TAKERS; t++) {
        memset(&takers[t], 0, sizeof takers[t]);
        takers[t].url = wfm_testdb_url("wfm_jobs_skip_locked");
        snprintf(takers[t].name, sizeof takers[t].name, "taker%d", t);
        pthread_create(&threads[t], NULL, take_all, &takers[t]);
    }
    int times_taken[JOBS + 1] = {0};
    int total = 0;
    for (int t = 0; t < TAKERS; t++) {
        pthread_join(threads[t], NULL);
        for (int i = 0; i < takers[t].n; i++) {
            assert_in_range(takers[t].ids[i], 1, JOBS);
            times_taken[takers[t].ids[i]]++;
        }
        total += takers[t].n;
        free(takers[t].url);
    }
    assert_int_equal(total, JOBS);
    for (int id = 1; id <= JOBS; id++)
        assert_int_equal(times_taken[id], 1);
    char *succeeded = wfm_testdb_scalar(db, "SELECT count(*) FROM job WHERE state = 'succeeded'");
    assert_string_equal(succeeded, "60");
    free(succeeded);
    PQfinish(db);
}

static void take_serves_the_first_job_of_a_kind_the_worker_knows(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_jobs_take_order");
    long long roster = enqueue(db, "roster", NULL, 0);
    long long first = enqueue(db, "sleep", NULL, 0);
    long long second = enqueue(db, "sleep", NULL, 0);
    wfm_job_lease lease;
    assert_true(take(db, "w1", &lease));
    assert_int_equal(lease.id, first);
    assert_int_equal(lease.attempt, 1);
    assert_string_equal(lease.kind, "sleep");
    assert_string_equal(lease.worker_id, "w1");
    assert_true(json_is_object(lease.params));
    wfm_job_lease_clear(&lease);
    assert_true(take(db, "w1", &lease));
    assert_int_equal(lease.id, second);
    wfm_job_lease_clear(&lease);
    assert_false(take(db, "w1", &lease)); /* the roster job waits for a roster worker */
    assert_state(db, roster, "queued");

    /* Priority before age. */
    long long routine = enqueue(db, "sleep", NULL, 0);
    wfm_job_spec spec;
    wfm_job_spec_init(&spec);
    spec.kind = "sleep";
    spec.priority = 10;
    long long urgent = 0;
    wfm_error err;
    assert_int_equal(wfm_job_enqueue(db, &spec, &urgent, &err), WFM_OK);
    assert_true(take(db, "w1", &lease));
    assert_int_equal(lease.id, urgent);
    wfm_job_lease_clear(&lease);
    assert_true(take(db, "w1", &lease));
    assert_int_equal(lease.id, routine);
    wfm_job_lease_clear(&lease);
    spec.priority = 101;
    assert_int_equal(wfm_job_enqueue(db, &spec, &urgent, &err), WFM_EINVAL);
    assert_string_equal(err.field, "priority");
    json_t *job = get(db, first);
    assert_string_equal(str(job, "state"), "running");
    assert_string_equal(str(job, "worker_id"), "w1");
    assert_non_null(str(job, "lease_expires_at"));
    json_decref(job);
    PQfinish(db);
}

static void a_center_may_have_only_so_many_active_jobs(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_jobs_limit");
    add_centers(db);
    wfm_job_spec spec;
    wfm_job_spec_init(&spec);
    spec.kind = "sleep";
    spec.center_id = "c1";
    spec.max_active_per_center = 2;
    long long ids[3];
    wfm_error err;
    assert_int_equal(wfm_job_enqueue(db, &spec, &ids[0], &err), WFM_OK);
    assert_int_equal(wfm_job_enqueue(db, &spec, &ids[1], &err), WFM_OK);
    assert_int_equal(wfm_job_enqueue(db, &spec, &ids[2], &err), WFM_ELIMIT);
    assert_string_equal(err.field, "center_id");
    assert_non_null(strstr(err.message, "c1"));
    /* Other centers and center-less jobs are not counted against c1. */
    spec.center_id = "c2";
    assert_int_equal(wfm_job_enqueue(db, &spec, &ids[2], &err), WFM_OK);
    spec.center_id = NULL;
    assert_int_equal(wfm_job_enqueue(db, &spec, &ids[2], &err), WFM_OK);
    /* A finished job frees its place. */
    assert_int_equal(wfm_job_cancel(db, ids[0], NULL, NULL, &err), WFM_OK);
    spec.center_id = "c1";
    assert_int_equal(wfm_job_enqueue(db, &spec, &ids[2], &err), WFM_OK);
    PQfinish(db);
}

struct enqueuer {
    char *url;
    int accepted;
};

static void *enqueue_many(void *arg)
{
    struct enqueuer *e = arg;
    PGconn *db = PQconnectdb(e->url);
    wfm_job_spec spec;
    wfm_job_spec_init(&spec);
    spec.kind = "sleep";
    spec.center_id = "c1";
    spec.max_active_per_center = 10;
    for (int i = 0; i < 6; i++) {
        long long id;
        wfm_error err;
        e->accepted += wfm_job_enqueue(db, &spec, &id, &err) == WFM_OK;
    }
    PQfinish(db);
    return NULL;
}

static void concurrent_enqueues_do_not_overshoot_the_limit(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_jobs_limit_race");
    add_centers(db);
    struct enqueuer e[4];
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) {
        e[i] = (struct enqueuer){wfm_testdb_url("wfm_jobs_limit_race"), 0};
        pthread_create(&threads[i], NULL, enqueue_many, &e[i]);
    }
    int accepted = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        accepted += e[i].accepted;
        free(e[i].url);
    }
    assert_int_equal(accepted, 10);
    char *count = wfm_testdb_scalar(db, "SELECT count(*) FROM job");
    assert_string_equal(count, "10");
    free(count);
    PQfinish(db);
}

static void cancelling_a_queued_job_ends_it_at_once(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_jobs_cancel_queued");
    add_centers(db);
    long long id = enqueue(db, "sleep", "c1", 0);
    json_t *job = NULL;
    wfm_error err;
    assert_int_equal(wfm_job_cancel(db, id, "c2", &job, &err), WFM_ENOTFOUND);
    assert_int_equal(wfm_job_cancel(db, id, "c1", &job, &err), WFM_OK);
    assert_string_equal(str(job, "state"), "cancelled");
    assert_true(json_is_true(json_object_get(job, "cancel_requested")));
    assert_non_null(str(job, "finished_at"));
    json_decref(job);
    assert_int_equal(wfm_job_cancel(db, id, NULL, NULL, &err), WFM_OK); /* again: no-op */
    wfm_job_lease lease;
    assert_false(take(db, "w1", &lease));
    assert_int_equal(wfm_job_cancel(db, 999, NULL, NULL, &err), WFM_ENOTFOUND);
    PQfinish(db);
}

static void a_finished_job_cannot_be_cancelled(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_jobs_cancel_done");
    long long id = enqueue(db, "sleep", NULL, 0);
    wfm_job_lease lease;
    wfm_error err;
    assert_true(take(db, "w1", &lease));
    json_t *result = json_pack("{s:i}", "paid_hours", 1234);
    assert_int_equal(wfm_job_succeed(db, &lease, result, &err), WFM_OK);
    assert_int_equal(wfm_job_cancel(db, id, NULL, NULL, &err), WFM_ECONFLICT);
    assert_non_null(strstr(err.message, "succeeded"));
    json_t *job = get(db, id);
    assert_string_equal(str(job, "state"), "succeeded");
    assert_true(json_equal(json_object_get(job, "result"), result));
    assert_non_null(str(job, "finished_at"));
    json_decref(job);
    json_decref(result);
    wfm_job_lease_clear(&lease);
    PQfinish(db);
}

static void heartbeat_shows_progress_and_brings_the_cancel_request(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_jobs_heartbeat");
    long long id = enqueue(db, "sleep", NULL, 0);
    wfm_job_lease lease;
    assert_true(take(db, "w1", &lease));
    json_t *detail = json_pack("{s:f, s:f}", "gap", 0.012, "incumbent", 4321.5);
    wfm_job_report report = {"solving", 40, detail};
    bool cancel = true;
    wfm_error err;
    assert_int_equal(wfm_job_heartbeat(db, &lease, 60, &report, &cancel, &err), WFM_OK);
    assert_false(cancel);
    json_t *job = get(db, id);
    json_t *progress = json_object_get(job, "progress");
    assert_string_equal(str(progress, "phase"), "solving");
    assert_true(json_number_value(json_object_get(progress, "percent")) == 40.0);
    assert_true(json_equal(json_object_get(progress, "detail"), detail));
    json_decref(job);

    json_t *after = NULL;
    assert_int_equal(wfm_job_cancel(db, id, NULL, &after, &err), WFM_OK);
    assert_string_equal(str(after, "state"), "running"); /* until its runner stops */
    json_decref(after);
    assert_int_equal(wfm_job_heartbeat(db, &lease, 60, NULL, &cancel, &err), WFM_OK);
    assert_true(cancel);
    assert_int_equal(wfm_job_mark_cancelled(db, &lease, &err), WFM_OK);
    assert_state(db, id, "cancelled");
    json_decref(detail);
    wfm_job_lease_clear(&lease);
    PQfinish(db);
}

static void a_dead_workers_job_is_taken_again_until_max_attempts(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_jobs_lease");
    long long id = enqueue(db, "sleep", NULL, 2);
    wfm_job_lease first, second, none;
    wfm_error err;
    assert_true(take(db, "dies", &first));
    assert_false(take(db, "other", &none)); /* the lease still holds */
    expire_lease(db, id);
    assert_true(take(db, "other", &second));
    assert_int_equal(second.id, id);
    assert_int_equal(second.attempt, 2);
    /* The first worker wakes up late: its writes change nothing. */
    assert_int_equal(wfm_job_heartbeat(db, &first, 60, NULL, NULL, &err), WFM_ECONFLICT);
    assert_int_equal(wfm_job_succeed(db, &first, NULL, &err), WFM_ECONFLICT);
    assert_non_null(strstr(err.message, "lease lost"));
    assert_state(db, id, "running");
    /* The second worker dies too: no attempts remain, so the job fails. */
    expire_lease(db, id);
    assert_false(take(db, "third", &none));
    int closed = -1;
    assert_int_equal(wfm_job_close_abandoned(db, &closed, &err), WFM_OK);
    assert_int_equal(closed, 1);
    json_t *job = get(db, id);
    assert_string_equal(str(job, "state"), "failed");
    assert_int_equal(num(job, "attempts"), 2);
    json_t *error = json_object_get(job, "error");
    assert_string_equal(str(error, "code"), "worker_lost");
    assert_non_null(strstr(str(error, "message"), "other"));
    json_decref(job);
    wfm_job_lease_clear(&first);
    wfm_job_lease_clear(&second);
    PQfinish(db);
}

static void a_dead_workers_cancelled_job_is_not_taken_again(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_jobs_lease_cancel");
    long long id = enqueue(db, "sleep", NULL, 0);
    wfm_job_lease lease, none;
    wfm_error err;
    assert_true(take(db, "dies", &lease));
    assert_int_equal(wfm_job_cancel(db, id, NULL, NULL, &err), WFM_OK);
    expire_lease(db, id);
    assert_false(take(db, "other", &none));
    assert_state(db, id, "running");
    assert_int_equal(wfm_job_close_abandoned(db, NULL, &err), WFM_OK);
    assert_state(db, id, "cancelled");
    wfm_job_lease_clear(&lease);
    PQfinish(db);
}

static void a_transient_failure_is_retried_and_a_bad_input_is_not(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_jobs_fail");
    long long flaky = enqueue(db, "sleep", NULL, 2);
    wfm_job_lease lease;
    wfm_error failure, err;
    wfm_error_set(&failure, WFM_EDB, NULL, "the database went away");
    assert_true(take(db, "w1", &lease));
    assert_int_equal(wfm_job_fail(db, &lease, &failure, true, &err), WFM_OK);
    assert_state(db, flaky, "queued");
    wfm_job_lease_clear(&lease);
    assert_true(take(db, "w1", &lease));
    assert_int_equal(lease.attempt, 2);
    assert_int_equal(wfm_job_fail(db, &lease, &failure, true, &err), WFM_OK);
    json_t *job = get(db, flaky);
    assert_string_equal(str(job, "state"), "failed");
    assert_string_equal(str(json_object_get(job, "error"), "code"), "database_unavailable");
    json_decref(job);
    wfm_job_lease_clear(&lease);

    long long bad = enqueue(db, "sleep", NULL, 3);
    wfm_error_set(&failure, WFM_EINVAL, "seconds", "seconds must be a number (\"x\")");
    assert_true(take(db, "w1", &lease));
    assert_int_equal(wfm_job_fail(db, &lease, &failure, false, &err), WFM_OK);
    job = get(db, bad);
    assert_string_equal(str(job, "state"), "failed");
    assert_int_equal(num(job, "attempts"), 1);
    json_t *error = json_object_get(job, "error");
    assert_string_equal(str(error, "code"), "invalid_argument");
    assert_string_equal(str(error, "field"), "seconds");
    assert_string_equal(str(error, "message"), failure.message);
    json_decref(job);
    wfm_job_lease_clear(&lease);
    PQfinish(db);
}

static void a_released_job_goes_back_without_using_an_attempt(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_jobs_release");
    long long id = enqueue(db, "sleep", NULL, 1);
    wfm_job_lease lease;
    wfm_error err;
    assert_true(take(db, "w1", &lease));
    assert_int_equal(wfm_job_release(db, &lease, &err), WFM_OK);
    json_t *job = get(db, id);
    assert_string_equal(str(job, "state"), "queued");
    assert_int_equal(num(job, "attempts"), 0);
    assert_true(json_is_null(json_object_get(job, "worker_id")));
    json_decref(job);
    wfm_job_lease_clear(&lease);
    assert_true(take(db, "w2", &lease)); /* max_attempts 1, yet it runs again */
    assert_int_equal(lease.attempt, 1);
    wfm_job_lease_clear(&lease);
    PQfinish(db);
}

static void a_job_whose_cancel_was_requested_never_goes_back_to_the_queue(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_jobs_cancel_release");
    long long released = enqueue(db, "sleep", NULL, 0);
    long long retried = enqueue(db, "sleep", NULL, 0);
    wfm_job_lease a, b, none;
    wfm_error failure, err;
    wfm_error_set(&failure, WFM_EDB, NULL, "the database went away");
    assert_true(take(db, "w1", &a));
    assert_true(take(db, "w1", &b));
    assert_int_equal(wfm_job_cancel(db, released, NULL, NULL, &err), WFM_OK);
    assert_int_equal(wfm_job_cancel(db, retried, NULL, NULL, &err), WFM_OK);
    /* The shutdown and the transient failure raced the cancel. */
    assert_int_equal(wfm_job_release(db, &a, &err), WFM_OK);
    assert_int_equal(wfm_job_fail(db, &b, &failure, true, &err), WFM_OK);
    assert_state(db, released, "cancelled");
    assert_state(db, retried, "cancelled");
    assert_false(take(db, "w2", &none));
    wfm_job_lease_clear(&a);
    wfm_job_lease_clear(&b);
    PQfinish(db);
}

static void list_filters_and_pages_newest_first(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_jobs_list");
    add_centers(db);
    long long a = enqueue(db, "sleep", "c1", 0);
    long long b = enqueue(db, "roster", "c1", 0);
    long long c = enqueue(db, "sleep", "c2", 0);
    long long d = enqueue(db, "sleep", "c1", 0);
    wfm_error err;
    assert_int_equal(wfm_job_cancel(db, d, NULL, NULL, &err), WFM_OK);
    wfm_job_filter f;
    wfm_job_filter_init(&f);
    json_t *jobs = NULL;
    assert_int_equal(wfm_job_list(db, &f, &jobs, &err), WFM_OK);
    assert_int_equal(json_array_size(jobs), 4);
    assert_int_equal(num(json_array_get(jobs, 0), "id"), d);
    json_decref(jobs);

    f.center_id = "c1";
    f.state = "queued";
    assert_int_equal(wfm_job_list(db, &f, &jobs, &err), WFM_OK);
    assert_int_equal(json_array_size(jobs), 2);
    assert_int_equal(num(json_array_get(jobs, 0), "id"), b);
    assert_int_equal(num(json_array_get(jobs, 1), "id"), a);
    json_decref(jobs);

    f.kind = "sleep";
    assert_int_equal(wfm_job_list(db, &f, &jobs, &err), WFM_OK);
    assert_int_equal(json_array_size(jobs), 1);
    json_decref(jobs);

    wfm_job_filter_init(&f);
    f.limit = 1;
    f.before_id = c;
    assert_int_equal(wfm_job_list(db, &f, &jobs, &err), WFM_OK);
    assert_int_equal(json_array_size(jobs), 1);
    assert_int_equal(num(json_array_get(jobs, 0), "id"), b);
    json_decref(jobs);

    f.state = "done";
    assert_int_equal(wfm_job_list(db, &f, &jobs, &err), WFM_EINVAL);
    assert_string_equal(err.field, "state");
    f.state = NULL;
    f.limit = 0;
    assert_int_equal(wfm_job_list(db, &f, &jobs, &err), WFM_EINVAL);
    assert_string_equal(err.field, "limit");
    PQfinish(db);
}

static void prune_deletes_only_jobs_finished_long_enough_ago(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_jobs_prune");
    long long old_done = enqueue(db, "sleep", NULL, 0);
    long long new_done = enqueue(db, "sleep", NULL, 0);
    long long old_queued = enqueue(db, "sleep", NULL, 0);
    wfm_error err;
    assert_int_equal(wfm_job_cancel(db, old_done, NULL, NULL, &err), WFM_OK);
    assert_int_equal(wfm_job_cancel(db, new_done, NULL, NULL, &err), WFM_OK);
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE job SET finished_at = now() - interval '40 days',"
             " created_at = now() - interval '40 days' WHERE id IN (%lld, %lld)",
             old_done, old_queued);
    exec_sql(db, sql);
    long long deleted = -1;
    assert_int_equal(wfm_job_prune(db, 30, &deleted, &err), WFM_OK);
    assert_int_equal(deleted, 1);
    json_t *job = NULL;
    assert_int_equal(wfm_job_get(db, old_done, NULL, &job, &err), WFM_ENOTFOUND);
    assert_state(db, new_done, "cancelled");
    assert_state(db, old_queued, "queued");
    assert_int_equal(wfm_job_prune(db, -1, &deleted, &err), WFM_EINVAL);
    assert_string_equal(err.field, "older_than_days");
    PQfinish(db);
}

static void stats_count_the_queue_and_its_oldest_job(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("wfm_jobs_stats");
    add_centers(db);
    json_t *stats = NULL;
    wfm_error err;
    assert_int_equal(wfm_job_stats(db, NULL, &stats, &err), WFM_OK);
    assert_int_equal(num(stats, "queued"), 0);
    assert_true(json_is_null(json_object_get(stats, "oldest_queued_age_s")));
    json_decref(stats);

    long long oldest = enqueue(db, "sleep", "c1", 0);
    enqueue(db, "sleep", "c1", 0);
    long long other = enqueue(db, "sleep", "c2", 0);
    char sql[128];
    snprintf(sql, sizeof sql,
             "UPDATE job SET created_at = now() - interval '90 seconds' WHERE id = %lld", oldest);
    exec_sql(db, sql);
    wfm_job_lease lease;
    assert_true(take(db, "w1", &lease)); /* the oldest */
    wfm_job_lease_clear(&lease);
    assert_int_equal(wfm_job_cancel(db, other, NULL, NULL, &err), WFM_OK);

    assert_int_equal(wfm_job_stats(db, "c1", &stats, &err), WFM_OK);
    assert_int_equal(num(stats, "queued"), 1);
    assert_int_equal(num(stats, "running"), 1);
    assert_int_equal(num(stats, "expired_leases"), 0);
    double age = json_number_value(json_object_get(stats, "oldest_queued_age_s"));
    assert_true(age >= 0 && age < 60); /* the 90 s old one is running now */
    assert_int_equal(num(json_object_get(stats, "last_hour"), "cancelled"), 0);
    json_t *busy = json_object_get(stats, "busy_workers");
    assert_int_equal(json_array_size(busy), 1);
    assert_string_equal(json_string_value(json_array_get(busy, 0)), "w1");
    json_decref(stats);

    assert_int_equal(wfm_job_stats(db, NULL, &stats, &err), WFM_OK);
    assert_int_equal(num(json_object_get(stats, "last_hour"), "cancelled"), 1);
    json_decref(stats);
    PQfinish(db);
}

static void job_ids_parse_as_positive_integers(void **state)
{
    (void)state;
    long long id = 0;
    wfm_error err;
    assert_int_equal(wfm_job_id_parse("42", "id", &id, &err), WFM_OK);
    assert_int_equal(id, 42);
    const char *bad[] = {"", "0", "-3", "4x", " 5", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(wfm_job_id_parse(bad[i], "id", &id, &err), WFM_EINVAL);
        assert_string_equal(err.field, "id");
    }
}

static void an_unreachable_database_is_a_database_error(void **state)
{
    (void)state;
    PGconn *db = PQconnectdb("postgresql:///nope?host=/nonexistent&connect_timeout=1");
    wfm_job_lease lease;
    bool taken = true;
    wfm_error err;
    assert_int_equal(wfm_job_take(db, "w1", 10, sleep_kind, 1, &lease, &taken, &err), WFM_EDB);
    assert_false(taken);
    assert_non_null(strstr(err.message, "no database connection"));
    PQfinish(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(enqueue_rejects_bad_input_naming_the_field),
        cmocka_unit_test(enqueued_job_waits_in_the_queue_with_its_params),
        cmocka_unit_test(concurrent_takers_never_get_the_same_job),
        cmocka_unit_test(take_serves_the_first_job_of_a_kind_the_worker_knows),
        cmocka_unit_test(a_center_may_have_only_so_many_active_jobs),
        cmocka_unit_test(concurrent_enqueues_do_not_overshoot_the_limit),
        cmocka_unit_test(cancelling_a_queued_job_ends_it_at_once),
        cmocka_unit_test(a_finished_job_cannot_be_cancelled),
        cmocka_unit_test(heartbeat_shows_progress_and_brings_the_cancel_request),
        cmocka_unit_test(a_dead_workers_job_is_taken_again_until_max_attempts),
        cmocka_unit_test(a_dead_workers_cancelled_job_is_not_taken_again),
        cmocka_unit_test(a_transient_failure_is_retried_and_a_bad_input_is_not),
        cmocka_unit_test(a_released_job_goes_back_without_using_an_attempt),
        cmocka_unit_test(a_job_whose_cancel_was_requested_never_goes_back_to_the_queue),
        cmocka_unit_test(list_filters_and_pages_newest_first),
        cmocka_unit_test(prune_deletes_only_jobs_finished_long_enough_ago),
        cmocka_unit_test(stats_count_the_queue_and_its_oldest_job),
        cmocka_unit_test(job_ids_parse_as_positive_integers),
        cmocka_unit_test(an_unreachable_database_is_a_database_error),
    };
    return cmocka_run_group_tests_name("data/wfm_jobs", tests, NULL, NULL);
}
