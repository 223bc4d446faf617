/* Specification of the what-if scenario API as a planner's client sees it:
 * build/wfm-server runs on a free loopback port against a fresh database
 * holding a small synthetic hotline (tests/support/wfm_testcenter.h) and
 * runs the scenario jobs itself. A scenario is created with 202 and links,
 * runs the whole pipeline in the background, and ends with a result and a
 * draft roster; one with 20 % more volume needs more paid hours than the
 * base, and the comparison says so; a running scenario is cancelled within
 * two seconds; bad specs are refused naming the field.
 * Needs WFM_TEST_DATABASE_URL, WFM_SOURCE_DIR and WFM_BUILD_DIR. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wfm_clock.h"
#include "tests/support/wfm_testcenter.h"
#include "tests/support/wfm_testdb.h"
#include "tests/support/wfm_testserver.h"

static wfm_testserver server;

static int start(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("scenario_api");
    int seeded = db ? wfm_testcenter_seed(db) : -1;
    PQfinish(db);
    if (seeded)
        return -1;
    char *url = wfm_testdb_url("scenario_api");
    /* As a plain `make run` server: it runs its own jobs. */
    wfm_testserver_start(url, NULL, &server);
    free(url);
    return 0;
}

static int stop(void **state)
{
    (void)state;
    return wfm_testserver_stop(&server) == 0 ? 0 : -1;
}

static json_t *request(const char *method, const char *path, const char *body, long status)
{
    wfm_testreply r;
    wfm_testserver_request(&server, method, path, body, &r);
    if (r.status != status)
        fail_msg("%s %s: %ld, expected %ld: %s", method, path, r.status, status,
                 r.body ? r.body : "");
    json_t *root = r.body ? wfm_testreply_json(&r) : NULL;
    wfm_testreply_free(&r);
    return root;
}

/* method path body gives a JSON error with this status naming field. */
static void assert_refused(const char *method, const char *path, const char *body, long status,
                           const char *field)
{
    json_t *root = request(method, path, body, status);
    json_t *error = json_object_get(root, "error");
    assert_non_null(json_string_value(json_object_get(error, "message")));
    if (field) {
        const char *named = json_string_value(json_object_get(error, "field"));
        if (!named || strcmp(named, field))
            fail_msg("%s %s: field %s, expected %s (%s)", method, path, named ? named : "null",
                     field, json_string_value(json_object_get(error, "message")));
    }
    json_decref(root);
}

/* A scenario of the test center's next week with these overrides and
 * options (JSON text). */
static char *spec_text(const char *name, int days, const char *overrides, const char *options)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    fprintf(f, "{\"name\": \"%s\", \"start_date\": \"%s\", \"days\": %d, \"target\": \"seats\","
               " \"overrides\": %s, \"options\": %s}",
            name, WFM_TESTCENTER_NEXT_WEEK, days, overrides, options);
    fclose(f);
    return text;
}

/* POSTs a scenario; returns its id after checking the 202 and its links. */
static long long create(const char *name, int days, const char *overrides, const char *options)
{
    char *body = spec_text(name, days, overrides, options);
    wfm_testreply r;
    wfm_testserver_request(&server, "POST", "/v1/centers/north/scenarios", body, &r);
    free(body);
    if (r.status != 202)
        fail_msg("POST scenario: %ld %s", r.status, r.body ? r.body : "");
    json_t *reply = wfm_testreply_json(&r);
    json_t *scenario = json_object_get(reply, "scenario");
    long long id = json_integer_value(json_object_get(scenario, "id"));
    char self[64];
    snprintf(self, sizeof self, "/v1/scenarios/%lld", id);
    assert_string_equal(r.location, self);
    json_t *links = json_object_get(reply, "links");
    assert_string_equal(json_string_value(json_object_get(links, "self")), self);
    char job[64];
    snprintf(job, sizeof job, "/v1/jobs/%lld",
             json_integer_value(json_object_get(json_object_get(scenario, "job"), "id")));
    assert_string_equal(json_string_value(json_object_get(links, "job")), job);
    assert_string_equal(json_string_value(json_object_get(scenario, "name")), name);
    assert_true(json_is_null(json_object_get(scenario, "result")));
    json_decref(reply);
    wfm_testreply_free(&r);
    return id;
}

static json_t *get_scenario(long long id)
{
    char path[64];
    snprintf(path, sizeof path, "/v1/scenarios/%lld", id);
    return request("GET", path, NULL, 200);
}

static const char *state_of(const json_t *scenario)
{
    return json_string_value(json_object_get(scenario, "state"));
}

/* Polls scenario id until its state is `state` (fails after timeout_s). */
static json_t *await_state(long long id, const char *state, double timeout_s)
{
    double give_up = wfm_clock_now_s() + timeout_s;
    for (;;) {
        json_t *scenario = get_scenario(id);
        if (!strcmp(state_of(scenario), state))
            return scenario;
        if (wfm_clock_now_s() > give_up)
            fail_msg("scenario %lld is %s after %.1f s, expected %s (error %s)", id,
                     state_of(scenario), timeout_s, state,
                     json_string_value(json_object_get(json_object_get(scenario, "error"),
                                                       "message")));
        json_decref(scenario);
        wfm_clock_sleep_s(0.05);
    }
}

static double number(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_number(v))
        fail_msg("%s is not a number", key);
    return json_number_value(v);
}

/* Figures of a succeeded scenario's result that hold by definition. */
static void assert_result_consistent(const json_t *result, int days)
{
    double paid = number(result, "paid_hours");
    assert_true(paid > 0);
    assert_true(fabs(number(result, "cost") - paid * number(result, "cost_per_paid_hour")) < 1e-6);
    assert_true(number(result, "agents_rostered") >= 1);
    assert_true(number(result, "agents_needed") >= 1);
    json_t *per_day = json_object_get(result, "days");
    assert_int_equal(json_array_size(per_day), days);
    double paid_by_day = 0;
    int short_by_day = 0;
    size_t i;
    json_t *day;
    json_array_foreach(per_day, i, day) {
        paid_by_day += number(day, "paid_hours");
        short_by_day += (int)number(day, "intervals_short");
        /* Simulated figures are null unless the simulation ran. */
        if (json_is_null(json_object_get(result, "simulated_answer_rate")))
            assert_true(json_is_null(json_object_get(day, "simulated_answer_rate")));
    }
    assert_string_equal(json_string_value(json_object_get(json_array_get(per_day, 0), "date")),
                        WFM_TESTCENTER_NEXT_WEEK);
    assert_true(fabs(paid_by_day - paid) < 1e-6);
    assert_int_equal(short_by_day, (int)number(result, "intervals_short"));
}

static void more_volume_needs_more_paid_hours_and_the_comparison_says_so(void **state)
{
    (void)state;
    const char *options = "{\"time_limit_s\": 5}";
    long long base = create("base", 2, "{}", options);
    long long busier = create("volume +20%", 2, "{\"volume_factor\": 1.2}", options);
    json_t *b = await_state(base, "succeeded", 90);
    json_t *p = await_state(busier, "succeeded", 90);
    assert_result_consistent(json_object_get(b, "result"), 2);
    assert_result_consistent(json_object_get(p, "result"), 2);
    assert_non_null(json_string_value(json_object_get(p, "finished_at")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(p, "job"), "state")),
                        "succeeded");

    /* Its roster is stored as a draft, linked both ways. */
    long long roster_id = (long long)number(json_object_get(p, "result"), "roster_id");
    assert_int_equal(json_integer_value(json_object_get(p, "roster_id")), roster_id);
    char path[128];
    snprintf(path, sizeof path, "/v1/rosters/%lld", roster_id);
    json_t *roster = request("GET", path, NULL, 200);
    assert_string_equal(state_of(roster), "draft");
    json_decref(roster);

    snprintf(path, sizeof path, "/v1/centers/north/scenarios/compare?ids=%lld,%lld", base, busier);
    json_t *comparison = request("GET", path, NULL, 200);
    assert_int_equal(json_integer_value(json_object_get(comparison, "reference")), base);
    json_t *rows = json_object_get(comparison, "scenarios");
    assert_int_equal(json_array_size(rows), 2);
    json_t *reference = json_array_get(rows, 0), *other = json_array_get(rows, 1);
    assert_int_equal(json_integer_value(json_object_get(other, "id")), busier);
    double base_hours = number(json_object_get(b, "result"), "paid_hours");
    double busier_hours = number(json_object_get(p, "result"), "paid_hours");
    assert_true(busier_hours > base_hours);
    json_t *delta = json_object_get(other, "delta");
    assert_true(fabs(number(delta, "paid_hours") - (busier_hours - base_hours)) < 1e-6);
    assert_true(number(delta, "cost") > 0);
    assert_true(number(json_object_get(reference, "delta"), "paid_hours") == 0);
    assert_int_equal(json_array_size(json_object_get(other, "days")), 2);
    /* The roster was replayed by the discrete-event simulation: each day's
     * simulated answer rate is a share inside its own 95 % interval. */
    json_t *day;
    size_t d;
    json_array_foreach(json_object_get(other, "days"), d, day) {
        double rate = number(day, "simulated_answer_rate");
        json_t *ci = json_object_get(day, "simulated_ci95");
        assert_true(rate >= 0 && rate <= 1);
        assert_true(json_real_value(json_array_get(ci, 0)) <= rate + 1e-12);
        assert_true(rate <= json_real_value(json_array_get(ci, 1)) + 1e-12);
    }
    json_decref(comparison);

    /* The listing pages newest first. */
    json_t *page = request("GET", "/v1/centers/north/scenarios?limit=1", NULL, 200);
    json_t *first = json_array_get(json_object_get(page, "scenarios"), 0);
    assert_int_equal(json_integer_value(json_object_get(first, "id")), busier);
    assert_int_equal(json_integer_value(json_object_get(page, "next_before_id")), busier);
    json_decref(page);
    snprintf(path, sizeof path, "/v1/centers/north/scenarios?limit=1&before_id=%lld", busier);
    page = request("GET", path, NULL, 200);
    first = json_array_get(json_object_get(page, "scenarios"), 0);
    assert_int_equal(json_integer_value(json_object_get(first, "id")), base);
    json_decref(page);

    /* Deleting it takes its draft roster along. */
    snprintf(path, sizeof path, "/v1/scenarios/%lld", busier);
    json_decref(request("DELETE", path, NULL, 204));
    assert_refused("GET", path, NULL, 404, "id");
    snprintf(path, sizeof path, "/v1/rosters/%lld", roster_id);
    assert_refused("GET", path, NULL, 404, "id");
    json_decref(b);
    json_decref(p);
}

static void a_running_scenario_is_cancelled_within_two_seconds(void **state)
{
    (void)state;
    /* Four weeks: a solve long enough to be still running when the cancel
     * comes (one week of this small center could finish first, racing
     * the cancel). */
    long long id = create("four weeks", 28, "{}", "{\"time_limit_s\": 120}");
    json_decref(await_state(id, "running", 30));
    char path[64];
    snprintf(path, sizeof path, "/v1/scenarios/%lld", id);
    /* Not deleted while it runs. */
    assert_refused("DELETE", path, NULL, 409, "state");
    snprintf(path, sizeof path, "/v1/scenarios/%lld/cancel", id);
    double asked = wfm_clock_now_s();
    json_t *reply = request("POST", path, NULL, 202);
    json_decref(reply);
    json_t *scenario = await_state(id, "cancelled", 2);
    assert_true(wfm_clock_now_s() - asked <= 2.0);
    assert_true(json_is_null(json_object_get(scenario, "result")));
    json_decref(scenario);
    /* Cancelling again is a no-op; comparing it is a conflict naming it. */
    json_decref(request("POST", path, NULL, 200));
    snprintf(path, sizeof path, "/v1/centers/north/scenarios/compare?ids=%lld", id);
    assert_refused("GET", path, NULL, 409, "ids");
}

static void bad_specs_are_refused_naming_the_field(void **state)
{
    (void)state;
    static const struct {
        const char *body, *field;
    } cases[] = {
        {"{\"start_date\": \"2026-11-30\"}", "name"},
        {"{\"name\": \"x\"}", "start_date"},
        {"{\"name\": \"x\", \"start_date\": \"2026-02-30\"}", "start_date"},
        {"{\"name\": \"x\", \"start_date\": \"2026-11-30\", \"days\": 0}", "days"},
        {"{\"name\": \"x\", \"start_date\": \"2026-11-30\", \"target\": \"cheap\"}", "target"},
        {"{\"name\": \"\", \"start_date\": \"2026-11-30\"}", "name"},
        {"{\"name\": \"x\", \"start_date\": \"2026-11-30\", \"weeks\": 2}", "weeks"},
        {"{\"name\": \"x\", \"start_date\": \"2026-11-30\", \"overrides\": []}", "overrides"},
        {"{\"name\": \"x\", \"start_date\": \"2026-11-30\","
         " \"overrides\": {\"volume_factor\": -1}}", "overrides.volume_factor"},
        {"{\"name\": \"x\", \"start_date\": \"2026-11-30\","
         " \"overrides\": {\"volume_factor\": {\"fax\": 1.2}}}", "overrides.volume_factor.fax"},
        {"{\"name\": \"x\", \"start_date\": \"2026-11-30\","
         " \"overrides\": {\"aht_factor\": {\"phone\": 0}}}", "overrides.aht_factor.phone"},
        {"{\"name\": \"x\", \"start_date\": \"2026-11-30\","
         " \"overrides\": {\"shrinkage\": 0.95}}", "overrides.shrinkage"},
        {"{\"name\": \"x\", \"start_date\": \"2026-11-30\","
         " \"overrides\": {\"answer_rate\": 1.5}}", "overrides.answer_rate"},
        {"{\"name\": \"x\", \"start_date\": \"2026-11-30\","
         " \"overrides\": {\"volume\": 1.2}}", "overrides.volume"},
        {"{\"name\": \"x\", \"start_date\": \"2026-11-30\","
         " \"options\": {\"time_limit_s\": 3600}}", "options.time_limit_s"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_refused("POST", "/v1/centers/north/scenarios", cases[i].body, 400, cases[i].field);
    assert_refused("POST", "/v1/centers/north/scenarios", "{\"name\": ", 400, NULL);
    /* Valid but over the service's four-week horizon: 422, as for rosters. */
    assert_refused("POST", "/v1/centers/north/scenarios",
                   "{\"name\": \"x\", \"start_date\": \"2026-11-30\", \"days\": 29}", 422, "days");
    assert_refused("POST", "/v1/centers/south/scenarios",
                   "{\"name\": \"x\", \"start_date\": \"2026-11-30\"}", 404, "center_id");
    /* Nothing was stored by any of them. */
    json_t *page = request("GET", "/v1/centers/north/scenarios", NULL, 200);
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(page, "scenarios"), i, s)
        assert_string_not_equal(json_string_value(json_object_get(s, "name")), "x");
    json_decref(page);
}

static void unknown_and_malformed_ids(void **state)
{
    (void)state;
    assert_refused("GET", "/v1/scenarios/987654", NULL, 404, "id");
    assert_refused("GET", "/v1/scenarios/abc", NULL, 400, "id");
    assert_refused("POST", "/v1/scenarios/987654/cancel", NULL, 404, "id");
    assert_refused("DELETE", "/v1/scenarios/987654", NULL, 404, "id");
    assert_refused("GET", "/v1/centers/south/scenarios", NULL, 404, "center_id");
    assert_refused("GET", "/v1/centers/north/scenarios?limit=0", NULL, 400, "limit");
    assert_refused("GET", "/v1/centers/north/scenarios/compare", NULL, 400, "ids");
    assert_refused("GET", "/v1/centers/north/scenarios/compare?ids=1,x", NULL, 400, "ids");
    assert_refused("GET", "/v1/centers/north/scenarios/compare?ids=987654", NULL, 404, "ids");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_specs_are_refused_naming_the_field),
        cmocka_unit_test(unknown_and_malformed_ids),
        cmocka_unit_test(more_volume_needs_more_paid_hours_and_the_comparison_says_so),
        cmocka_unit_test(a_running_scenario_is_cancelled_within_two_seconds),
    };
    return cmocka_run_group_tests(tests, start, stop);
}
