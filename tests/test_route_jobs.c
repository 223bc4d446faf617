/* Specification of the job routes over HTTP (api/wfm_route_jobs.c), against
 * a real wfm_server on a free port and a worker running in-process: a job's
 * progress shows while it runs, cancel answers 202 and the job stops, a
 * center's list pages, bad ids and filters are 400 naming the field. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/wfm_server.h"
#include "core/wfm_clock.h"
#include "data/wfm_jobs.h"
#include "data/wfm_worker.h"
#include "tests/support/wfm_testdb.h"
#include "tests/support/wfm_testhttp.h"

#define DB_NAME "wfm_route_jobs"

typedef struct fixture {
    wfm_test_server *ts;
    PGconn *db;
} fixture;

typedef wfm_test_reply reply;

/* method path on the fixture's server; the JSON answer (caller decrefs). */
static json_t *http(const fixture *f, const char *method, const char *path, reply *r)
{
    *r = wfm_test_http(f->ts, method, path, NULL, NULL, NULL);
    json_t *out = r->json; /* the caller owns it; status and headers stay in r */
    r->json = NULL;
    free(r->body);
    r->body = NULL;
    if (!out)
        fail_msg("%s %s: %ld without a JSON body", method, path, r->status);
    return out;
}

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static const char *error_field(const json_t *answer)
{
    return str(json_object_get(answer, "error"), "field");
}

/* method path answers 400 blaming field (any field when NULL). */
static void assert_bad_request(const fixture *f, const char *method, const char *path,
                               const char *field)
{
    reply r;
    json_t *answer = http(f, method, path, &r);
    assert_int_equal(r.status, 400);
    if (field)
        assert_string_equal(error_field(answer), field);
    json_decref(answer);
}

static int start(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->ts = wfm_test_server_start(DB_NAME, "INSERT INTO center (id, name, time_zone)"
                                           " VALUES ('c1', 'C1', 'Asia/Shanghai')");
    if (!f->ts)
        return -1;
    f->db = f->ts->db;
    *state = f;
    return 0;
}

static int stop(void **state)
{
    fixture *f = *state;
    wfm_test_server_stop(f->ts);
    free(f);
    return 0;
}

static long long enqueue(const fixture *f, const char *center, double seconds)
{
    wfm_job_spec spec;
    wfm_job_spec_init(&spec);
    spec.kind = "sleep";
    spec.center_id = center;
    json_t *params = json_pack("{s:f}", "seconds", seconds);
    spec.params = params;
    long long id = 0;
    wfm_error err;
    if (wfm_job_enqueue(f->db, &spec, &id, &err))
        fail_msg("enqueue: %s", err.message);
    json_decref(params);
    return id;
}

static void a_running_jobs_progress_shows_and_cancel_stops_it(void **state)
{
    fixture *f = *state;
    wfm_worker_opts opts;
    wfm_worker_opts_init(&opts);
    opts.database_url = f->ts->db_url;
    opts.worker_id = "http-test";
    opts.heartbeat_s = 0.2;
    opts.log = NULL;
    wfm_error err;
    wfm_worker_handle *worker = wfm_worker_start(&opts, &err);
    assert_non_null(worker);

    long long id = enqueue(f, "c1", 60);
    char path[64];
    snprintf(path, sizeof path, "/v1/jobs/%lld", id);
    reply r;
    double give_up = wfm_clock_now_s() + 5;
    double percent = 0;
    while (percent == 0 && wfm_clock_now_s() < give_up) {
        json_t *job = http(f, "GET", path, &r);
        assert_int_equal(r.status, 200);
        assert_string_equal(r.cache_control, "no-store");
        assert_int_equal(json_integer_value(json_object_get(job, "id")), id);
        percent = json_number_value(json_object_get(json_object_get(job, "progress"), "percent"));
        json_decref(job);
        wfm_clock_sleep_s(0.1);
    }
    assert_true(percent > 0);

    snprintf(path, sizeof path, "/v1/jobs/%lld/cancel", id);
    json_t *job = http(f, "POST", path, &r);
    assert_int_equal(r.status, 202); /* running: it stops at its next checkpoint */
    assert_true(json_is_true(json_object_get(job, "cancel_requested")));
    json_decref(job);

    snprintf(path, sizeof path, "/v1/jobs/%lld", id);
    double asked = wfm_clock_now_s();
    char state_now[16] = "";
    while (strcmp(state_now, "cancelled") && wfm_clock_now_s() - asked < 2) {
        job = http(f, "GET", path, &r);
        snprintf(state_now, sizeof state_now, "%s", str(job, "state"));
        json_decref(job);
        wfm_clock_sleep_s(0.05);
    }
    assert_string_equal(state_now, "cancelled");
    assert_string_equal(r.cache_control, ""); /* a finished job may be cached */

    wfm_worker_stop(worker);
}

static void cancel_answers_200_when_queued_and_409_when_finished(void **state)
{
    fixture *f = *state;
    long long id = enqueue(f, "c1", 1);
    char path[64];
    snprintf(path, sizeof path, "/v1/jobs/%lld/cancel", id);
    reply r;
    json_t *job = http(f, "POST", path, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(str(job, "state"), "cancelled");
    json_decref(job);

    long long done = enqueue(f, "c1", 0);
    PQclear(PQexec(f->db, "UPDATE job SET state = 'succeeded', finished_at = now()"
                          " WHERE state = 'queued'"));
    snprintf(path, sizeof path, "/v1/jobs/%lld/cancel", done);
    json_t *answer = http(f, "POST", path, &r);
    assert_int_equal(r.status, 409);
    assert_string_equal(str(json_object_get(answer, "error"), "code"), "conflict");
    json_decref(answer);
}

static void unknown_and_malformed_job_ids_are_404_and_400(void **state)
{
    fixture *f = *state;
    reply r;
    json_t *answer = http(f, "GET", "/v1/jobs/987654", &r);
    assert_int_equal(r.status, 404);
    assert_string_equal(str(json_object_get(answer, "error"), "code"), "not_found");
    json_decref(answer);
    assert_bad_request(f, "GET", "/v1/jobs/abc", "id");
    assert_bad_request(f, "POST", "/v1/jobs/-1/cancel", "id");
}

static void a_centers_jobs_page_newest_first(void **state)
{
    fixture *f = *state;
    long long older = enqueue(f, "c1", 1);
    long long newer = enqueue(f, "c1", 1);
    reply r;
    json_t *page = http(f, "GET", "/v1/centers/c1/jobs?state=queued&limit=1", &r);
    assert_int_equal(r.status, 200);
    json_t *jobs = json_object_get(page, "jobs");
    assert_int_equal(json_array_size(jobs), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(jobs, 0), "id")), newer);
    long long next = json_integer_value(json_object_get(page, "next_before_id"));
    assert_int_equal(next, newer);
    json_decref(page);

    char path[96];
    snprintf(path, sizeof path, "/v1/centers/c1/jobs?state=queued&limit=1&before_id=%lld", next);
    page = http(f, "GET", path, &r);
    jobs = json_object_get(page, "jobs");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(jobs, 0), "id")), older);
    json_decref(page);

    page = http(f, "GET", "/v1/centers/nowhere/jobs", &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(json_array_size(json_object_get(page, "jobs")), 0);
    assert_true(json_is_null(json_object_get(page, "next_before_id")));
    json_decref(page);

    assert_bad_request(f, "GET", "/v1/centers/c1/jobs?state=done", "state");
    assert_bad_request(f, "GET", "/v1/centers/c1/jobs?limit=0", "limit");
    assert_bad_request(f, "GET", "/v1/centers/c1/jobs?limit=5000", "limit");
    assert_bad_request(f, "GET", "/v1/centers/c1/jobs?before_id=x", "before_id");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_running_jobs_progress_shows_and_cancel_stops_it),
        cmocka_unit_test(cancel_answers_200_when_queued_and_409_when_finished),
        cmocka_unit_test(unknown_and_malformed_job_ids_are_404_and_400),
        cmocka_unit_test(a_centers_jobs_page_newest_first),
    };
    int failed = cmocka_run_group_tests_name("api/wfm_route_jobs", tests, start, stop);
    return failed;
}
