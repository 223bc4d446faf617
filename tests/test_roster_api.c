/* Specification of the roster API as a client sees it: build/wfm-server
 * runs on a free loopback port against a fresh database and does its own
 * background jobs; a roster request (tests/fixtures/roster_small.json) is
 * accepted with 202 and a job URL, the job is polled until it succeeds,
 * the roster read back with its CSV and iCalendar exports, then published.
 * Bad input and unknown ids are answered with JSON errors naming the field.
 * A request without requirements is built from center north's forecast
 * (five synthetic weeks of a phone and an sms queue, tests/support/
 * wfm_synth), exactly as data/wfm_plan_input builds it.
 * A long roster job reports the solver's progress and is cancelled within
 * two seconds. Needs WFM_TEST_DATABASE_URL, WFM_SOURCE_DIR and WFM_BUILD_DIR. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/wfm_date.h"
#include "data/wfm_history_store.h"
#include "data/wfm_plan_input.h"
#include "tests/support/wfm_synth.h"
#include "core/wfm_clock.h"
#include "tests/support/wfm_testdb.h"
#include "tests/support/wfm_testserver.h"

static wfm_testserver server;

#define FORECAST_WEEK "2026-11-30"

/* North's queues and five weeks of their history before FORECAST_WEEK. */
static void add_history(PGconn *db)
{
    free(wfm_testdb_scalar(db, "INSERT INTO queue (center_id, id, channel, kind, deadline_s)"
                               " VALUES ('north', 'phone', 'phone', 'live', NULL),"
                               " ('north', 'sms', 'sms', 'deferred', 1800) RETURNING id"));
    int32_t first = wfm_date_from_ymd(2026, 11, 30) - 35;
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    wfm_history_set set;
    wfm_history_set_init(&set);
    so.contacts_per_day = 300;
    wfm_synth_history(&so, "phone", first, 35, 8 * 3600, 0.05, 60, &set);
    so.contacts_per_day = 80;
    wfm_synth_history(&so, "sms", first, 35, 8 * 3600, 0.01, 60, &set);
    wfm_error err;
    if (wfm_history_store_import(db, "north", set.rows, set.n_rows, 1, NULL, &err) != WFM_OK)
        fail_msg("importing north's history: %s", err.message);
    wfm_history_set_free(&set);
}

static int start(void **state)
{
    (void)state;
    PGconn *db = wfm_testdb_fresh("roster_api");
    if (!db)
        return -1;
    free(wfm_testdb_scalar(db, "INSERT INTO center (id, name, time_zone)"
                               " VALUES ('north', 'North hotline', 'Asia/Shanghai') RETURNING id"));
    add_history(db);
    PQfinish(db);
    char *url = wfm_testdb_url("roster_api");
    /* No flags beyond the address: jobs run as in a plain `make run` server. */
    wfm_testserver_start(url, NULL, &server);
    free(url);
    return 0;
}

static int stop(void **state)
{
    (void)state;
    return wfm_testserver_stop(&server) == 0 ? 0 : -1;
}

static size_t count_of(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* method path body gives a JSON error with this status naming field. */
static void assert_refused(const char *method, const char *path, const char *body, long status,
                           const char *field)
{
    wfm_testreply r;
    wfm_testserver_request(&server, method, path, body, &r);
    assert_int_equal(r.status, status);
    json_t *root = wfm_testreply_json(&r);
    json_t *error = json_object_get(root, "error");
    assert_non_null(json_string_value(json_object_get(error, "message")));
    if (field)
        assert_string_equal(json_string_value(json_object_get(error, "field")), field);
    json_decref(root);
    wfm_testreply_free(&r);
}

/* The fixture as a request body, changed by key = value (NULL: as is). */
static char *request_body(const char *key, json_t *value)
{
    const char *src = getenv("WFM_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fixtures/roster_small.json", src ? src : ".");
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    assert_non_null(doc);
    json_object_set_new(doc, "created_by", json_string("planner"));
    if (key)
        json_object_set_new(doc, key, value);
    char *text = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    return text;
}

/* GETs path until the job is final (60 s at most); returns the job. */
static json_t *await_job(const char *path)
{
    for (int waited = 0; waited < 60000; waited += 100) {
        wfm_testreply r;
        wfm_testserver_request(&server, "GET", path, NULL, &r);
        assert_int_equal(r.status, 200);
        json_t *job = wfm_testreply_json(&r);
        wfm_testreply_free(&r);
        const char *state = json_string_value(json_object_get(job, "state"));
        if (strcmp(state, "queued") && strcmp(state, "running"))
            return job;
        json_decref(job);
        struct timespec pause = {.tv_nsec = 100 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    fail_msg("job %s did not end within 60 s", path);
    return NULL;
}

static json_t *get_json(const char *path, long status)
{
    wfm_testreply r;
    wfm_testserver_request(&server, "GET", path, NULL, &r);
    assert_int_equal(r.status, status);
    json_t *root = wfm_testreply_json(&r);
    wfm_testreply_free(&r);
    return root;
}

/* Each shift of the roster document is a line of the CSV, and every
 * agent's calendar has one event a shift of theirs. */
static void assert_exports_match(long long id, json_t *shifts)
{
    char path[160];
    snprintf(path, sizeof path, "/v1/rosters/%lld/export.csv", id);
    wfm_testreply csv;
    wfm_testserver_request(&server, "GET", path, NULL, &csv);
    assert_int_equal(csv.status, 200);
    assert_non_null(strstr(csv.content_type, "text/csv"));
    assert_int_equal(count_of(csv.body, "\n"), json_array_size(shifts) + 1);
    size_t i;
    json_t *s;
    json_array_foreach(shifts, i, s) {
        char line[200];
        snprintf(line, sizeof line, "\n%s,%s,%s,%s,%s,",
                 json_string_value(json_object_get(s, "agent")),
                 json_string_value(json_object_get(s, "date")),
                 json_string_value(json_object_get(s, "template")),
                 json_string_value(json_object_get(s, "start")),
                 json_string_value(json_object_get(s, "end")));
        assert_non_null(strstr(csv.body, line));
    }
    wfm_testreply_free(&csv);

    const char *agent = json_string_value(json_object_get(json_array_get(shifts, 0), "agent"));
    size_t theirs = 0;
    json_array_foreach(shifts, i, s) theirs +=
        !strcmp(json_string_value(json_object_get(s, "agent")), agent);
    snprintf(path, sizeof path, "/v1/rosters/%lld/agents/%s/calendar.ics", id, agent);
    wfm_testreply ics;
    wfm_testserver_request(&server, "GET", path, NULL, &ics);
    assert_int_equal(ics.status, 200);
    assert_non_null(strstr(ics.content_type, "text/calendar"));
    assert_int_equal(count_of(ics.body, "BEGIN:VEVENT"), theirs);
    wfm_testreply_free(&ics);
}

/* POSTs a roster request for center north, awaits its job and returns the
 * new roster's id. */
static long long build_roster(const char *body)
{
    wfm_testreply accepted;
    wfm_testserver_request(&server, "POST", "/v1/centers/north/rosters", body, &accepted);
    assert_int_equal(accepted.status, 202);
    json_t *reply = wfm_testreply_json(&accepted);
    const char *job_url = json_string_value(json_object_get(json_object_get(reply, "links"), "job"));
    assert_non_null(job_url);
    assert_string_equal(accepted.location, job_url);
    assert_string_equal(json_string_value(json_object_get(json_object_get(reply, "job"), "kind")),
                        "roster");

    json_t *job = await_job(job_url);
    assert_string_equal(json_string_value(json_object_get(job, "state")), "succeeded");
    json_t *result = json_object_get(job, "result");
    assert_true(json_number_value(json_object_get(result, "gap")) >= 0);
    assert_true(json_number_value(json_object_get(result, "paid_hours")) > 0);
    long long id = json_integer_value(json_object_get(result, "roster_id"));
    assert_true(id > 0);
    json_decref(job);
    json_decref(reply);
    wfm_testreply_free(&accepted);
    return id;
}

static void a_roster_is_built_in_the_background_read_exported_and_published(void **state)
{
    (void)state;
    char *body = request_body(NULL, NULL);
    long long id = build_roster(body);
    free(body);
    char path[96];
    snprintf(path, sizeof path, "/v1/rosters/%lld", id);
    json_t *roster = get_json(path, 200);
    assert_string_equal(json_string_value(json_object_get(roster, "state")), "draft");
    assert_string_equal(json_string_value(json_object_get(roster, "created_by")), "planner");
    json_t *shifts = json_object_get(json_object_get(roster, "roster"), "shifts");
    assert_true(json_array_size(shifts) > 0);
    assert_exports_match(id, shifts);
    json_decref(roster);

    json_t *list = get_json("/v1/centers/north/rosters", 200);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(
                         json_object_get(list, "rosters"), 0), "id")), id);
    json_decref(list);

    snprintf(path, sizeof path, "/v1/rosters/%lld/publish", id);
    assert_refused("POST", path, "{}", 400, "by");
    wfm_testreply published;
    wfm_testserver_request(&server, "POST", path, "{\"by\": \"lead\"}", &published);
    assert_int_equal(published.status, 200);
    roster = wfm_testreply_json(&published);
    assert_string_equal(json_string_value(json_object_get(roster, "state")), "published");
    assert_string_equal(json_string_value(json_object_get(roster, "published_by")), "lead");
    assert_non_null(json_string_value(json_object_get(roster, "published_at")));
    json_decref(roster);
    wfm_testreply_free(&published);
    assert_refused("POST", path, "{\"by\": \"lead\"}", 409, "state");
    snprintf(path, sizeof path, "/v1/rosters/%lld", id);
    assert_refused("DELETE", path, NULL, 409, "state");
}

/* PUTs each item of the fixture's key array to center north's base path. */
static void put_each(const char *key, const char *name_key, const char *base)
{
    char *text = request_body(NULL, NULL);
    json_t *doc = json_loads(text, 0, NULL);
    free(text);
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(doc, key), i, item) {
        char path[160];
        snprintf(path, sizeof path, "%s/%s", base,
                 json_string_value(json_object_get(item, name_key)));
        char *body = json_dumps(item, JSON_COMPACT);
        wfm_testreply r;
        wfm_testserver_request(&server, "PUT", path, body, &r);
        assert_int_equal(r.status, 200);
        wfm_testreply_free(&r);
        free(body);
    }
    json_decref(doc);
}

static void stored_agents_and_templates_serve_a_request_that_gives_none(void **state)
{
    (void)state;
    put_each("agents", "id", "/v1/centers/north/agents");
    put_each("templates", "name", "/v1/centers/north/shift-templates");
    json_t *agents = get_json("/v1/centers/north/agents", 200);
    assert_int_equal(json_array_size(json_object_get(agents, "agents")), 8);
    json_decref(agents);
    json_t *templates = get_json("/v1/centers/north/shift-templates", 200);
    assert_int_equal(json_array_size(json_object_get(templates, "templates")), 2);
    json_decref(templates);

    char *text = request_body(NULL, NULL);
    json_t *request = json_loads(text, 0, NULL);
    free(text);
    json_object_del(request, "agents");
    json_object_del(request, "templates");
    text = json_dumps(request, JSON_COMPACT);
    json_decref(request);
    long long id = build_roster(text);
    free(text);
    char path[96];
    snprintf(path, sizeof path, "/v1/rosters/%lld", id);
    json_t *roster = get_json(path, 200);
    assert_int_equal(json_array_size(json_object_get(roster, "agents")), 8);
    json_decref(roster);
    wfm_testreply deleted;
    wfm_testserver_request(&server, "DELETE", path, NULL, &deleted);
    assert_int_equal(deleted.status, 204);
    wfm_testreply_free(&deleted);
    assert_refused("GET", path, NULL, 404, "id");

    assert_refused("PUT", "/v1/centers/north/agents/zed", "{\"skills\": []}", 400, "skills");
    assert_refused("PUT", "/v1/centers/north/agents/zed", "{\"id\": \"ana\", \"skills\": [\"phone\"]}",
                   400, "id");
    assert_refused("PUT", "/v1/centers/south/agents/zed", "{\"skills\": [\"phone\"]}", 404,
                   "center_id");
    assert_refused("PUT", "/v1/centers/north/shift-templates/x", "[]", 400, NULL);
}

/* Four weeks of 15-minute intervals, two queues, 90 agents in three skill
 * groups, no gap allowed and ten minutes: a solve that runs far longer than
 * this test waits. */
static char *long_request(void)
{
    enum { DAYS = 28, PER_DAY = 96, AGENTS = 90 };
    json_t *phone = json_array(), *sms = json_array(), *agents = json_array();
    for (int d = 0; d < DAYS; d++) {
        json_t *p = json_array(), *s = json_array();
        for (int i = 0; i < PER_DAY; i++) {
            json_array_append_new(p, json_integer(2 + (i * 7 + d * 3) % 11 / 2));
            json_array_append_new(s, json_integer(1 + (i * 5 + d) % 7 / 3));
        }
        json_array_append_new(phone, p);
        json_array_append_new(sms, s);
    }
    const char *skills[] = {"[\"phone\"]", "[\"sms\"]", "[\"phone\", \"sms\"]"};
    for (int a = 0; a < AGENTS; a++) {
        char id[16];
        snprintf(id, sizeof id, "a%02d", a);
        json_array_append_new(agents, json_pack("{s:s, s:o, s:i}", "id", id, "skills",
                                                json_loads(skills[a % 3], 0, NULL),
                                                "min_week_hours", 16));
    }
    json_t *doc = json_pack(
        "{s:s, s:i, s:i, s:[{s:s, s:i}, {s:s, s:i}], s:{s:o, s:o}, s:o, s:{s:i, s:i}}",
        "start_date", "2026-11-30", "days", DAYS, "interval_minutes", 15, "queues", "name",
        "phone", "aht_s", 240, "name", "sms", "aht_s", 180, "required", "phone", phone, "sms", sms,
        "agents", agents, "options", "time_limit_s", 600, "mip_gap", 0);
    json_object_set_new(doc, "templates", json_loads(
        "[{\"name\": \"eight\", \"start_earliest_min\": 0, \"start_latest_min\": 1425,"
        " \"start_step_min\": 30, \"length_min\": 480, \"breaks\": ["
        "{\"length_min\": 30, \"paid\": false, \"earliest_min\": 180, \"latest_min\": 300},"
        "{\"length_min\": 15, \"paid\": true, \"earliest_min\": 360, \"latest_min\": 420}]}]",
        0, NULL));
    char *text = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    return text;
}

/* The job's progress once the solver reports from inside (detail.step),
 * polled for up to 60 s. */
static json_t *await_solver_progress(const char *job_url)
{
    for (int waited = 0; waited < 60000; waited += 50) {
        json_t *job = get_json(job_url, 200);
        json_t *detail = json_object_get(json_object_get(job, "progress"), "detail");
        if (json_string_value(json_object_get(detail, "step")))
            return job;
        assert_string_not_equal(json_string_value(json_object_get(job, "state")), "succeeded");
        json_decref(job);
        struct timespec pause = {.tv_nsec = 50 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    fail_msg("job %s showed no solver progress within 60 s", job_url);
    return NULL;
}

static size_t roster_count(void)
{
    json_t *list = get_json("/v1/centers/north/rosters?limit=100", 200);
    size_t n = json_array_size(json_object_get(list, "rosters"));
    json_decref(list);
    return n;
}

/* The solver reports while it runs, and a cancel stops it mid-solve: the
 * job is cancelled within two seconds and no roster is stored. */
static void a_running_roster_job_reports_progress_and_is_cancelled_within_two_seconds(void **state)
{
    (void)state;
    size_t before = roster_count();
    char *body = long_request();
    wfm_testreply accepted;
    wfm_testserver_request(&server, "POST", "/v1/centers/north/rosters", body, &accepted);
    free(body);
    assert_int_equal(accepted.status, 202);
    json_t *job = await_solver_progress(accepted.location);
    json_t *progress = json_object_get(job, "progress");
    assert_string_equal(json_string_value(json_object_get(progress, "phase")), "solving");
    json_t *detail = json_object_get(progress, "detail");
    assert_float_equal(json_number_value(json_object_get(detail, "time_limit_s")), 600, 1e-9);
    assert_true(json_number_value(json_object_get(detail, "elapsed_s")) >= 0);
    json_decref(job);

    char path[300];
    snprintf(path, sizeof path, "%s/cancel", accepted.location);
    double asked = wfm_clock_now_s();
    wfm_testreply cancel;
    wfm_testserver_request(&server, "POST", path, NULL, &cancel);
    assert_true(cancel.status == 200 || cancel.status == 202);
    wfm_testreply_free(&cancel);
    job = await_job(accepted.location);
    double took = wfm_clock_now_s() - asked;
    assert_string_equal(json_string_value(json_object_get(job, "state")), "cancelled");
    assert_true(took <= 2.0);
    json_decref(job);
    assert_int_equal(roster_count(), before);
    wfm_testreply_free(&accepted);
}

static void bad_requests_are_refused_naming_the_field(void **state)
{
    (void)state;
    char *body = request_body("days", json_integer(0));
    assert_refused("POST", "/v1/centers/north/rosters", body, 400, "days");
    free(body);
    body = request_body("queues", json_string("phone"));
    assert_refused("POST", "/v1/centers/north/rosters", body, 400, "queues");
    free(body);
    json_t *options = json_pack("{s:s, s:i}", "target", "seats", "time_limit_s", 3600);
    body = request_body("options", options);
    assert_refused("POST", "/v1/centers/north/rosters", body, 400, "time_limit_s");
    free(body);
    body = request_body("created_by", json_integer(7));
    assert_refused("POST", "/v1/centers/north/rosters", body, 400, "created_by");
    free(body);
    assert_refused("POST", "/v1/centers/north/rosters", "{\"days\": ", 400, NULL);
    body = request_body(NULL, NULL);
    assert_refused("POST", "/v1/centers/south/rosters", body, 404, "center_id");
    free(body);
}

/* The request of a forecast roster for FORECAST_WEEK with these overrides. */
static json_t *forecast_request(const char *overrides)
{
    return json_pack("{s:s, s:i, s:s, s:o, s:{s:i}, s:s}", "start_date", FORECAST_WEEK, "days", 2,
                     "target", "seats", "overrides", json_loads(overrides, 0, NULL), "options",
                     "time_limit_s", 10, "created_by", "planner");
}

/* The document data/wfm_plan_input builds for request, on the server's
 * database. */
static json_t *pipeline_document(const json_t *request)
{
    char *url = wfm_testdb_url("roster_api");
    PGconn *db = PQconnectdb(url);
    free(url);
    json_t *doc = NULL;
    wfm_error err;
    if (wfm_plan_input_build(db, "north", request, &doc, NULL, &err) != WFM_OK)
        fail_msg("plan input: %s", err.message);
    PQfinish(db);
    return doc;
}

static void a_request_without_requirements_is_built_from_the_forecast(void **state)
{
    (void)state;
    put_each("agents", "id", "/v1/centers/north/agents");
    put_each("templates", "name", "/v1/centers/north/shift-templates");
    json_t *request = forecast_request("{\"volume_factor\": {\"phone\": 1.1}}");
    char *body = json_dumps(request, JSON_COMPACT);
    long long id = build_roster(body);
    free(body);
    char path[96];
    snprintf(path, sizeof path, "/v1/rosters/%lld", id);
    json_t *roster = get_json(path, 200);
    assert_string_equal(json_string_value(json_object_get(roster, "start_date")), FORECAST_WEEK);
    assert_string_equal(json_string_value(json_object_get(roster, "created_by")), "planner");
    /* every interval's requirement is the pipeline's */
    json_t *doc = pipeline_document(request);
    json_t *coverage = json_object_get(json_object_get(roster, "roster"), "coverage"), *row;
    size_t i, per_queue = 2 * 96, phone_seats = 0;
    assert_int_equal(json_array_size(coverage), 2 * per_queue);
    json_array_foreach(coverage, i, row) {
        const char *queue = json_string_value(json_object_get(row, "queue"));
        size_t k = i % per_queue;
        json_t *want = json_array_get(json_array_get(json_object_get(json_object_get(doc,
                                      "required"), queue), (int)(k / 96)), k % 96);
        assert_true(json_number_value(json_object_get(row, "required")) ==
                    json_number_value(want));
        phone_seats += !strcmp(queue, "phone") ? (size_t)json_number_value(want) : 0;
    }
    assert_true(phone_seats > 0);
    json_decref(doc);
    json_decref(roster);
    json_decref(request);
}

static void bad_forecast_requests_are_refused_before_queueing(void **state)
{
    (void)state;
    json_t *request = forecast_request("{\"volume_factor\": {\"fax\": 2}}");
    char *body = json_dumps(request, JSON_COMPACT);
    assert_refused("POST", "/v1/centers/north/rosters", body, 400, "overrides.volume_factor.fax");
    assert_refused("POST", "/v1/centers/south/rosters", body, 404, "center_id");
    free(body);
    json_object_set_new(request, "overrides", json_object());
    json_object_set_new(request, "options", json_pack("{s:i}", "time_limit_s", 3600));
    body = json_dumps(request, JSON_COMPACT);
    assert_refused("POST", "/v1/centers/north/rosters", body, 400, "time_limit_s");
    free(body);
    json_object_del(request, "options");
    json_object_set_new(request, "start_date", json_string("2026-13-01"));
    body = json_dumps(request, JSON_COMPACT);
    assert_refused("POST", "/v1/centers/north/rosters", body, 400, "start_date");
    free(body);
    json_decref(request);
}

static void unknown_rosters_are_404(void **state)
{
    (void)state;
    assert_refused("GET", "/v1/rosters/987654", NULL, 404, "id");
    assert_refused("GET", "/v1/rosters/987654/export.csv", NULL, 404, "id");
    assert_refused("GET", "/v1/rosters/987654/agents/ana/calendar.ics", NULL, 404, "id");
    assert_refused("POST", "/v1/rosters/987654/publish", "{\"by\": \"lead\"}", 404, "id");
    assert_refused("GET", "/v1/rosters/abc", NULL, 400, "id");
    assert_refused("GET", "/v1/centers/south/rosters", NULL, 404, "center_id");
    assert_refused("GET", "/v1/centers/north/rosters?state=final", NULL, 400, "state");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_roster_is_built_in_the_background_read_exported_and_published),
        cmocka_unit_test(stored_agents_and_templates_serve_a_request_that_gives_none),
        cmocka_unit_test(a_running_roster_job_reports_progress_and_is_cancelled_within_two_seconds),
        cmocka_unit_test(bad_requests_are_refused_naming_the_field),
        cmocka_unit_test(unknown_rosters_are_404),
        cmocka_unit_test(a_request_without_requirements_is_built_from_the_forecast),
        cmocka_unit_test(bad_forecast_requests_are_refused_before_queueing),
    };
    return cmocka_run_group_tests(tests, start, stop);
}
