/* Specification of data/wfm_scenario_store (no worker runs here): a
 * scenario and its job are stored together or not at all; the scenario's
 * state follows its job's, whichever process changes the job; a result is
 * stored only with success; deleting, cancelling and paging; and the
 * comparison's deltas against the reference.
 * Needs WFM_TEST_DATABASE_URL. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/wfm_jobs.h"
#include "data/wfm_scenario_store.h"
#include "tests/support/wfm_testdb.h"

static PGconn *fresh(const char *name)
{
    PGconn *db = wfm_testdb_fresh(name);
    free(wfm_testdb_scalar(db, "INSERT INTO center (id, name, time_zone) VALUES"
                               " ('north', 'North', 'Asia/Shanghai') RETURNING id"));
    free(wfm_testdb_scalar(db, "INSERT INTO queue (center_id, id, channel, kind) VALUES"
                               " ('north', 'phone', 'phone', 'live') RETURNING id"));
    return db;
}

static wfm_status create(PGconn *db, const char *spec_text, long long *id, long long *job,
                         wfm_error *err)
{
    json_t *spec = json_loads(spec_text, 0, NULL);
    assert_non_null(spec);
    wfm_status st = wfm_scenario_create(db, "north", spec, id, job, err);
    json_decref(spec);
    return st;
}

#define BASE "{\"name\": \"base\", \"start_date\": \"2026-11-30\"}"

static long long count(PGconn *db, const char *sql)
{
    char *n = wfm_testdb_scalar(db, sql);
    long long v = atoll(n);
    free(n);
    return v;
}

static const char *state_of(const json_t *scenario)
{
    return json_string_value(json_object_get(scenario, "state"));
}

static void a_scenario_and_its_job_are_stored_together_or_not_at_all(void **state)
{
    (void)state;
    PGconn *db = fresh("scenario_store_create");
    long long id = 0, job = 0;
    wfm_error err;
    assert_int_equal(create(db, BASE, &id, &job, &err), WFM_OK);
    json_t *s = NULL;
    assert_int_equal(wfm_scenario_get(db, id, "north", &s, &err), WFM_OK);
    assert_string_equal(state_of(s), "queued");
    json_t *j = json_object_get(s, "job");
    assert_int_equal(json_integer_value(json_object_get(j, "id")), job);
    assert_string_equal(json_string_value(json_object_get(j, "state")), "queued");
    assert_string_equal(json_string_value(json_object_get(json_object_get(s, "spec"), "name")),
                        "base");
    json_decref(s);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM job WHERE id = %lld AND kind = 'scenario'"
             " AND params->>'scenario_id' = '%lld'", job, id);
    assert_int_equal(count(db, sql), 1);

    /* Over the center's job limit: neither row is left behind. */
    free(wfm_testdb_scalar(db, "INSERT INTO job (center_id, kind)"
                               " SELECT 'north', 'sleep' FROM generate_series(1, 19) RETURNING 1"));
    assert_int_equal(create(db, BASE, &id, &job, &err), WFM_ELIMIT);
    assert_int_equal(count(db, "SELECT count(*) FROM scenario"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM job WHERE kind = 'scenario'"), 1);

    /* A bad spec or an unknown center stores nothing either. */
    assert_int_equal(create(db, "{\"name\": \"x\", \"start_date\": \"2026-11-30\","
                                " \"overrides\": {\"volume_factor\": {\"fax\": 2}}}",
                            &id, &job, &err), WFM_EINVAL);
    assert_string_equal(err.field, "overrides.volume_factor.fax");
    json_t *spec = json_loads(BASE, 0, NULL);
    assert_int_equal(wfm_scenario_create(db, "south", spec, &id, &job, &err), WFM_ENOTFOUND);
    assert_string_equal(err.field, "center_id");
    json_decref(spec);
    assert_int_equal(count(db, "SELECT count(*) FROM scenario"), 1);
    PQfinish(db);
}

static void the_state_follows_the_job_and_a_result_needs_success(void **state)
{
    (void)state;
    PGconn *db = fresh("scenario_store_state");
    long long id = 0, job = 0;
    wfm_error err;
    assert_int_equal(create(db, BASE, &id, &job, &err), WFM_OK);
    /* What a worker does to the job row: take it, then fail it. */
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE job SET state = 'running', worker_id = 'w',"
             " lease_expires_at = now() + interval '1 min' WHERE id = %lld RETURNING id", job);
    free(wfm_testdb_scalar(db, sql));
    json_t *s = NULL;
    assert_int_equal(wfm_scenario_get(db, id, NULL, &s, &err), WFM_OK);
    assert_string_equal(state_of(s), "running");
    json_decref(s);
    /* Running, it is neither deleted nor given a result without success. */
    assert_int_equal(wfm_scenario_delete(db, id, &err), WFM_ECONFLICT);
    assert_string_equal(err.field, "state");
    snprintf(sql, sizeof sql, "UPDATE job SET state = 'failed', finished_at = now(), error ="
             " '{\"code\": \"invalid_argument\", \"message\": \"m\", \"field\": \"days\"}'"
             " WHERE id = %lld RETURNING id", job);
    free(wfm_testdb_scalar(db, sql));
    assert_int_equal(wfm_scenario_get(db, id, NULL, &s, &err), WFM_OK);
    assert_string_equal(state_of(s), "failed");
    assert_string_equal(json_string_value(json_object_get(json_object_get(s, "error"), "field")),
                        "days");
    assert_non_null(json_string_value(json_object_get(s, "finished_at")));
    json_decref(s);
    assert_int_equal(wfm_scenario_cancel(db, id, NULL, &err), WFM_ECONFLICT);
    assert_string_equal(err.field, "state");

    /* A job cannot succeed without its scenario's result (written in the
     * same transaction by the run), nor a result be stored without the
     * state turning succeeded. */
    long long other = 0;
    assert_int_equal(create(db, BASE, &other, &job, &err), WFM_OK);
    snprintf(sql, sizeof sql, "UPDATE job SET state = 'succeeded', finished_at = now()"
             " WHERE id = %lld", job);
    PGresult *res = PQexec(db, sql);
    assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
    PQclear(res);
    json_t *result = json_pack("{s:f}", "paid_hours", 12.5);
    assert_int_equal(wfm_scenario_store_result(db, other, 0, result, &err), WFM_OK);
    json_decref(result);
    assert_int_equal(wfm_scenario_get(db, other, NULL, &s, &err), WFM_OK);
    assert_string_equal(state_of(s), "succeeded");
    assert_true(json_number_value(json_object_get(json_object_get(s, "result"), "paid_hours"))
                == 12.5);
    json_decref(s);
    json_t *empty = json_object();
    assert_int_equal(wfm_scenario_store_result(db, 987654, 0, empty, &err), WFM_ENOTFOUND);
    json_decref(empty);

    /* Pruning the job keeps the scenario's outcome. */
    free(wfm_testdb_scalar(db, "DELETE FROM job RETURNING id"));
    assert_int_equal(wfm_scenario_get(db, id, NULL, &s, &err), WFM_OK);
    assert_string_equal(state_of(s), "failed");
    assert_true(json_is_null(json_object_get(s, "job")));
    json_decref(s);
    PQfinish(db);
}

static void cancel_delete_list_and_unknown_ids(void **state)
{
    (void)state;
    PGconn *db = fresh("scenario_store_list");
    long long ids[3], job = 0;
    wfm_error err;
    for (int i = 0; i < 3; i++)
        assert_int_equal(create(db, BASE, &ids[i], &job, &err), WFM_OK);
    json_t *s = NULL;
    assert_int_equal(wfm_scenario_cancel(db, ids[2], &s, &err), WFM_OK);
    assert_string_equal(state_of(s), "cancelled");
    json_decref(s);
    assert_int_equal(wfm_scenario_cancel(db, ids[2], NULL, &err), WFM_OK); /* again: no-op */

    json_t *page = NULL;
    assert_int_equal(wfm_scenario_list(db, "north", 0, 2, &page, &err), WFM_OK);
    assert_int_equal(json_array_size(page), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(page, 0), "id")), ids[2]);
    json_decref(page);
    assert_int_equal(wfm_scenario_list(db, "north", ids[1], 2, &page, &err), WFM_OK);
    assert_int_equal(json_array_size(page), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(page, 0), "id")), ids[0]);
    json_decref(page);
    assert_int_equal(wfm_scenario_list(db, "south", 0, 2, &page, &err), WFM_ENOTFOUND);
    assert_int_equal(wfm_scenario_list(db, "north", 0, 0, &page, &err), WFM_EINVAL);
    assert_string_equal(err.field, "limit");

    /* Deleting a queued one cancels its job; the scenario is gone. */
    assert_int_equal(wfm_scenario_delete(db, ids[0], &err), WFM_OK);
    assert_int_equal(wfm_scenario_get(db, ids[0], NULL, &s, &err), WFM_ENOTFOUND);
    assert_string_equal(err.field, "id");
    assert_int_equal(count(db, "SELECT count(*) FROM job WHERE state = 'queued'"), 1);
    /* Another center's id is not found through this one. */
    free(wfm_testdb_scalar(db, "INSERT INTO center (id, name, time_zone) VALUES"
                               " ('south', 'South', 'UTC') RETURNING id"));
    assert_int_equal(wfm_scenario_get(db, ids[1], "south", &s, &err), WFM_ENOTFOUND);
    PQfinish(db);
}

/* A succeeded scenario's JSON form with these figures. */
static json_t *succeeded(long long id, double paid_hours, int agents, int short_intervals)
{
    return json_pack("{s:I, s:s, s:s, s:{s:f, s:f, s:i, s:i, s:i, s:f, s:n, s:[]}}", "id",
                     (json_int_t)id, "name", "s", "state", "succeeded", "result", "paid_hours",
                     paid_hours, "cost", paid_hours * 30, "agents_needed", agents,
                     "agents_rostered", agents + 2, "intervals_short", short_intervals,
                     "predicted_answer_rate", 0.95, "simulated_answer_rate", "days");
}

static void the_comparison_gives_deltas_against_the_first(void **state)
{
    (void)state;
    json_t *rows[3] = {succeeded(3, 1000, 60, 4), succeeded(7, 1180.5, 70, 0),
                       succeeded(9, 950, 58, 12)};
    json_t *cmp = wfm_scenario_compare_rows((const json_t *const *)rows, 3);
    assert_int_equal(json_array_size(cmp), 3);
    json_t *reference = json_object_get(json_array_get(cmp, 0), "delta");
    assert_true(json_number_value(json_object_get(reference, "paid_hours")) == 0);
    json_t *more = json_object_get(json_array_get(cmp, 1), "delta");
    assert_true(json_number_value(json_object_get(more, "paid_hours")) == 180.5);
    assert_true(json_number_value(json_object_get(more, "cost")) == 180.5 * 30);
    assert_int_equal(json_integer_value(json_object_get(more, "agents_needed")), 10);
    assert_int_equal(json_integer_value(json_object_get(more, "intervals_short")), -4);
    /* No simulation on either side: no delta, not a zero. */
    assert_true(json_is_null(json_object_get(more, "simulated_answer_rate")));
    json_t *fewer = json_object_get(json_array_get(cmp, 2), "delta");
    assert_true(json_number_value(json_object_get(fewer, "paid_hours")) == -50);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(cmp, 2), "id")), 9);
    json_decref(cmp);
    for (int i = 0; i < 3; i++)
        json_decref(rows[i]);

    long long ids[WFM_SCENARIO_COMPARE_MAX];
    size_t n = 0;
    wfm_error err;
    assert_int_equal(wfm_scenario_ids_parse("3,7,9", ids, &n, &err), WFM_OK);
    assert_int_equal(n, 3);
    assert_int_equal(ids[2], 9);
    static const char *const bad[] = {"", "3,", ",3", "3,x", "0", "-2", "3;7"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(wfm_scenario_ids_parse(bad[i], ids, &n, &err), WFM_EINVAL);
        assert_string_equal(err.field, "ids");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_scenario_and_its_job_are_stored_together_or_not_at_all),
        cmocka_unit_test(the_state_follows_the_job_and_a_result_needs_success),
        cmocka_unit_test(cancel_delete_list_and_unknown_ids),
        cmocka_unit_test(the_comparison_gives_deltas_against_the_first),
    };
    return cmocka_run_group_tests_name("data/wfm_scenario_store", tests, NULL, NULL);
}
