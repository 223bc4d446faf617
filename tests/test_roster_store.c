/* Specification of data/wfm_roster_store and the input of the "roster" job
 * (data/wfm_roster_job): a built roster is stored whole or not at all, read
 * back with the optimizer's exports, and published once, recording who and
 * when. The roster is the optimizer's answer for tests/fixtures/
 * roster_small.json, solved once for the whole file; the expectations come
 * from that answer's own structs (what was saved must come back), from
 * counting, and from the state machine draft -> published. Needs
 * WFM_TEST_DATABASE_URL and WFM_SOURCE_DIR. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/wfm_roster_job.h"
#include "data/wfm_roster_store.h"
#include "tests/support/wfm_testdb.h"

typedef struct solved {
    json_t *input;
    wfm_roster_doc doc;
    wfm_roster_result result;
} solved;

static solved fixture;

static json_t *load_fixture(void)
{
    const char *src = getenv("WFM_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fixtures/roster_small.json", src ? src : ".");
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root)
        fail_msg("%s: %s", path, jerr.text);
    return root;
}

static int solve_fixture(void **state)
{
    (void)state;
    wfm_error err;
    wfm_error_clear(&err);
    fixture.input = load_fixture();
    if (wfm_roster_doc_parse(fixture.input, &fixture.doc, &err) != WFM_OK ||
        wfm_roster_solve(&fixture.doc.in, &fixture.doc.opts, &fixture.result, &err) != WFM_OK) {
        fprintf(stderr, "roster fixture: %s\n", err.message);
        return -1;
    }
    return fixture.result.n_shifts > 0 ? 0 : -1;
}

static int free_fixture(void **state)
{
    (void)state;
    wfm_roster_result_free(&fixture.result);
    wfm_roster_doc_free(&fixture.doc);
    json_decref(fixture.input);
    return 0;
}

/* A fresh database with center "north". */
static PGconn *fresh_center(const char *name)
{
    PGconn *db = wfm_testdb_fresh(name);
    assert_non_null(db);
    free(wfm_testdb_scalar(db, "INSERT INTO center (id, name, time_zone)"
                               " VALUES ('north', 'North hotline', 'Asia/Shanghai') RETURNING id"));
    return db;
}

static wfm_status save_roster(PGconn *db, const wfm_roster_result *result, long long *id,
                              wfm_error *err)
{
    wfm_roster_save save;
    wfm_roster_save_init(&save);
    save.center_id = "north";
    save.created_by = "planner";
    save.input = fixture.input;
    save.doc = &fixture.doc;
    save.result = result;
    save.dtstamp = "20261129T000000Z";
    return wfm_roster_store_save(db, &save, id, err);
}

static long long scalar_int(PGconn *db, const char *sql)
{
    char *text = wfm_testdb_scalar(db, sql);
    long long v = text ? strtoll(text, NULL, 10) : -1;
    free(text);
    return v;
}

static int shifts_of_agent(int agent)
{
    int n = 0;
    for (int i = 0; i < fixture.result.n_shifts; i++)
        n += fixture.result.shifts[i].agent == agent;
    return n;
}

static int count_of(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void a_saved_roster_comes_back_as_a_draft_with_its_shifts_and_exports(void **state)
{
    (void)state;
    PGconn *db = fresh_center("roster_store_roundtrip");
    wfm_error err;
    wfm_error_clear(&err);
    long long id = 0;
    assert_int_equal(save_roster(db, &fixture.result, &id, &err), WFM_OK);
    assert_true(id > 0);

    json_t *roster = NULL;
    assert_int_equal(wfm_roster_store_get(db, id, &roster, &err), WFM_OK);
    assert_string_equal(json_string_value(json_object_get(roster, "state")), "draft");
    assert_string_equal(json_string_value(json_object_get(roster, "center_id")), "north");
    assert_string_equal(json_string_value(json_object_get(roster, "created_by")), "planner");
    assert_string_equal(json_string_value(json_object_get(roster, "start_date")), "2026-11-30");
    assert_int_equal(json_integer_value(json_object_get(roster, "days")), fixture.doc.in.n_days);
    assert_true(json_is_null(json_object_get(roster, "published_at")));
    assert_int_equal(json_array_size(json_object_get(roster, "agents")), fixture.doc.in.n_agents);
    json_t *document = json_object_get(roster, "roster");
    assert_int_equal(json_array_size(json_object_get(document, "shifts")),
                     fixture.result.n_shifts);
    assert_float_equal(json_number_value(json_object_get(json_object_get(roster, "kpis"),
                                                         "paid_hours")),
                       fixture.result.paid_hours, 1e-9);
    /* The simulated rate is a stored KPI too (null: this fixture has no patience). */
    assert_non_null(json_object_get(json_object_get(roster, "kpis"), "simulated_answer_rate"));
    json_decref(roster);

    /* The normalized shifts add up to the roster's paid hours. */
    assert_int_equal(scalar_int(db, "SELECT count(*) FROM roster_shift"), fixture.result.n_shifts);
    char *paid_min = wfm_testdb_scalar(db, "SELECT sum(paid_min) FROM roster_shift");
    assert_float_equal(strtod(paid_min, NULL) / 60.0, fixture.result.paid_hours, 1e-9);
    free(paid_min);

    /* Exports: the CSV is the optimizer's, one line a shift under a header;
     * each agent's calendar holds one event a shift of theirs. */
    char *csv = NULL, *expected = wfm_roster_result_csv(&fixture.doc, &fixture.result);
    assert_int_equal(wfm_roster_store_csv(db, id, &csv, &err), WFM_OK);
    assert_string_equal(csv, expected);
    assert_int_equal(count_of(csv, "\n"), fixture.result.n_shifts + 1);
    free(csv);
    free(expected);
    for (int a = 0; a < fixture.doc.in.n_agents; a++) {
        char *ics = NULL;
        assert_int_equal(wfm_roster_store_ical(db, id, fixture.doc.in.agents[a].id, &ics, &err),
                         WFM_OK);
        assert_true(strncmp(ics, "BEGIN:VCALENDAR\r\n", 17) == 0);
        assert_int_equal(count_of(ics, "BEGIN:VEVENT"), shifts_of_agent(a));
        free(ics);
    }
    PQfinish(db);
}

static void publishing_records_who_and_when_and_happens_once(void **state)
{
    (void)state;
    PGconn *db = fresh_center("roster_store_publish");
    wfm_error err;
    wfm_error_clear(&err);
    long long id = 0;
    assert_int_equal(save_roster(db, &fixture.result, &id, &err), WFM_OK);

    assert_int_equal(wfm_roster_store_publish(db, id, "", NULL, &err), WFM_EINVAL);
    assert_string_equal(err.field, "by");
    wfm_error_clear(&err);

    json_t *roster = NULL;
    assert_int_equal(wfm_roster_store_publish(db, id, "lead", &roster, &err), WFM_OK);
    assert_string_equal(json_string_value(json_object_get(roster, "state")), "published");
    assert_string_equal(json_string_value(json_object_get(roster, "published_by")), "lead");
    assert_non_null(json_string_value(json_object_get(roster, "published_at")));
    json_decref(roster);

    assert_int_equal(wfm_roster_store_publish(db, id, "someone", NULL, &err), WFM_ECONFLICT);
    assert_non_null(strstr(err.message, "already published (by lead at "));
    wfm_error_clear(&err);
    assert_int_equal(wfm_roster_store_publish(db, id + 1000, "lead", NULL, &err), WFM_ENOTFOUND);
    assert_string_equal(err.field, "id");
    wfm_error_clear(&err);

    /* The latest published roster, next to a newer draft. */
    long long draft = 0;
    assert_int_equal(save_roster(db, &fixture.result, &draft, &err), WFM_OK);
    json_t *list = NULL;
    assert_int_equal(wfm_roster_store_list(db, "north", "published", 0, 1, &list, &err), WFM_OK);
    assert_int_equal(json_array_size(list), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "id")), id);
    json_decref(list);
    assert_int_equal(wfm_roster_store_list(db, "north", "draft", 0, 50, &list, &err), WFM_OK);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "id")), draft);
    json_decref(list);

    /* A draft can be thrown away with its rows; the published one stays. */
    assert_int_equal(wfm_roster_store_delete(db, draft, &err), WFM_OK);
    assert_int_equal(wfm_roster_store_delete(db, draft, &err), WFM_ENOTFOUND);
    wfm_error_clear(&err);
    assert_int_equal(wfm_roster_store_delete(db, id, &err), WFM_ECONFLICT);
    assert_string_equal(err.field, "state");
    wfm_error_clear(&err);
    assert_int_equal(scalar_int(db, "SELECT count(*) FROM roster"), 1);
    assert_int_equal(scalar_int(db, "SELECT count(DISTINCT roster_id) FROM roster_shift"), 1);
    assert_int_equal(scalar_int(db, "SELECT count(DISTINCT roster_id) FROM roster_calendar"), 1);

    /* The second try changed nothing. */
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT published_by FROM roster WHERE id = %lld", id);
    char *by = wfm_testdb_scalar(db, sql);
    assert_string_equal(by, "lead");
    free(by);
    PQfinish(db);
}

static void a_save_that_fails_part_way_stores_nothing(void **state)
{
    (void)state;
    PGconn *db = fresh_center("roster_store_atomic");
    /* The last shift twice: the roster row and the other shifts insert
     * fine, the duplicate breaks the (roster, agent, day) key. */
    wfm_roster_result broken = fixture.result;
    broken.shifts = calloc((size_t)fixture.result.n_shifts + 1, sizeof *broken.shifts);
    assert_non_null(broken.shifts);
    memcpy(broken.shifts, fixture.result.shifts,
           (size_t)fixture.result.n_shifts * sizeof *broken.shifts);
    broken.shifts[broken.n_shifts] = broken.shifts[broken.n_shifts - 1];
    broken.n_shifts++;
    wfm_error err;
    wfm_error_clear(&err);
    long long id = 0;
    assert_int_equal(save_roster(db, &broken, &id, &err), WFM_ECONFLICT);
    free(broken.shifts);
    assert_int_equal(scalar_int(db, "SELECT count(*) FROM roster"), 0);
    assert_int_equal(scalar_int(db, "SELECT count(*) FROM roster_shift"), 0);
    assert_int_equal(scalar_int(db, "SELECT count(*) FROM roster_calendar"), 0);
    PQfinish(db);
}

static void unknown_ids_are_named(void **state)
{
    (void)state;
    PGconn *db = fresh_center("roster_store_unknown");
    wfm_error err;
    wfm_error_clear(&err);
    wfm_roster_save save;
    wfm_roster_save_init(&save);
    save.center_id = "south";
    save.input = fixture.input;
    save.doc = &fixture.doc;
    save.result = &fixture.result;
    long long id = 0;
    assert_int_equal(wfm_roster_store_save(db, &save, &id, &err), WFM_ENOTFOUND);
    assert_string_equal(err.field, "center_id");
    wfm_error_clear(&err);

    assert_int_equal(save_roster(db, &fixture.result, &id, &err), WFM_OK);
    char *text = NULL;
    assert_int_equal(wfm_roster_store_ical(db, id, "nobody", &text, &err), WFM_ENOTFOUND);
    assert_string_equal(err.field, "agent");
    wfm_error_clear(&err);
    assert_int_equal(wfm_roster_store_csv(db, id + 1, &text, &err), WFM_ENOTFOUND);
    assert_string_equal(err.field, "id");
    wfm_error_clear(&err);
    json_t *list = NULL;
    assert_int_equal(wfm_roster_store_list(db, "south", NULL, 0, 50, &list, &err), WFM_ENOTFOUND);
    wfm_error_clear(&err);
    assert_int_equal(wfm_roster_store_list(db, "north", "final", 0, 50, &list, &err), WFM_EINVAL);
    assert_string_equal(err.field, "state");
    wfm_error_clear(&err);
    assert_int_equal(wfm_roster_store_list(db, "north", NULL, 0, 50, &list, &err), WFM_OK);
    assert_int_equal(json_array_size(list), 1);
    assert_null(json_object_get(json_array_get(list, 0), "roster"));
    json_decref(list);
    PQfinish(db);
}

/* A request without agents and templates takes the center's stored ones. */
static void the_input_takes_stored_agents_and_templates(void **state)
{
    (void)state;
    PGconn *db = fresh_center("roster_store_input");
    wfm_error err;
    wfm_error_clear(&err);
    json_t *request = json_deep_copy(fixture.input);
    json_object_del(request, "agents");
    json_object_del(request, "templates");
    json_object_set_new(request, "created_by", json_string("planner"));

    json_t *input = NULL;
    wfm_roster_doc doc;
    assert_int_equal(wfm_roster_job_input(db, "north", request, &input, &doc, &err), WFM_EINVAL);
    assert_string_equal(err.field, "agents");
    wfm_error_clear(&err);

    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(fixture.input, "agents"), i, item)
        assert_int_equal(wfm_roster_store_put_agent(db, "north", item, &err), WFM_OK);
    json_array_foreach(json_object_get(fixture.input, "templates"), i, item)
        assert_int_equal(wfm_roster_store_put_template(db, "north", item, &err), WFM_OK);
    json_t *no_skills = json_pack("{s:s, s:[]}", "id", "zed", "skills");
    assert_int_equal(wfm_roster_store_put_agent(db, "north", no_skills, &err), WFM_EINVAL);
    assert_string_equal(err.field, "skills");
    wfm_error_clear(&err);
    json_decref(no_skills);

    assert_int_equal(wfm_roster_job_input(db, "north", request, &input, &doc, &err), WFM_OK);
    assert_null(json_object_get(input, "created_by"));
    assert_int_equal(doc.in.n_agents, fixture.doc.in.n_agents);
    assert_int_equal(doc.in.n_templates, fixture.doc.in.n_templates);
    /* Stored agents come back with their rules: the same contract hours. */
    for (int a = 0; a < doc.in.n_agents; a++) {
        int match = -1;
        for (int b = 0; b < fixture.doc.in.n_agents; b++)
            if (!strcmp(doc.in.agents[a].id, fixture.doc.in.agents[b].id))
                match = b;
        assert_true(match >= 0);
        assert_float_equal(doc.in.agents[a].max_week_hours,
                           fixture.doc.in.agents[match].max_week_hours, 1e-12);
        assert_int_equal(doc.in.agents[a].skills, fixture.doc.in.agents[match].skills);
    }
    wfm_roster_doc_free(&doc);
    json_decref(input);

    assert_int_equal(wfm_roster_job_input(db, "south", request, &input, &doc, &err),
                     WFM_ENOTFOUND);
    json_decref(request);
    PQfinish(db);
}

/* The run function outside the queue: a job context on the connection,
 * for center north. */
static wfm_job_ctx *north_job(PGconn *db)
{
    wfm_job_lease lease;
    memset(&lease, 0, sizeof lease);
    snprintf(lease.kind, sizeof lease.kind, "roster");
    snprintf(lease.center_id, sizeof lease.center_id, "north");
    wfm_job_ctx *ctx = wfm_job_ctx_create(db, &lease);
    assert_non_null(ctx);
    return ctx;
}

static void the_roster_job_stores_a_draft_in_the_transaction_it_leaves_open(void **state)
{
    (void)state;
    PGconn *db = fresh_center("roster_store_job");
    json_t *params = json_deep_copy(fixture.input);
    json_object_set_new(params, "created_by", json_string("planner"));
    wfm_job_ctx *ctx = north_job(db);
    wfm_error err;
    wfm_error_clear(&err);
    json_t *result = NULL;
    assert_int_equal(wfm_job_run_roster(params, ctx, &result, &err), WFM_OK);
    /* The worker commits the roster with the job's success. */
    assert_int_equal(PQtransactionStatus(db), PQTRANS_INTRANS);
    PGresult *commit = PQexec(db, "COMMIT");
    assert_int_equal(PQresultStatus(commit), PGRES_COMMAND_OK);
    PQclear(commit);
    long long id = json_integer_value(json_object_get(result, "roster_id"));
    assert_float_equal(json_number_value(json_object_get(result, "paid_hours")),
                       fixture.result.paid_hours, 1e-6);
    json_t *roster = NULL;
    assert_int_equal(wfm_roster_store_get(db, id, &roster, &err), WFM_OK);
    assert_string_equal(json_string_value(json_object_get(roster, "created_by")), "planner");
    json_decref(roster);
    json_decref(result);
    wfm_job_ctx_free(ctx);
    json_decref(params);
    PQfinish(db);
}

static void a_cancelled_roster_job_stops_and_stores_nothing(void **state)
{
    (void)state;
    PGconn *db = fresh_center("roster_store_cancel");
    wfm_job_ctx *ctx = north_job(db);
    wfm_job_ctx_stop(ctx, WFM_JOB_STOP_CANCEL);
    wfm_error err;
    wfm_error_clear(&err);
    json_t *result = NULL;
    assert_int_equal(wfm_job_run_roster(fixture.input, ctx, &result, &err), WFM_ECONFLICT);
    assert_null(result);
    assert_int_equal(scalar_int(db, "SELECT count(*) FROM roster"), 0);
    wfm_job_ctx_free(ctx);
    PQfinish(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_saved_roster_comes_back_as_a_draft_with_its_shifts_and_exports),
        cmocka_unit_test(publishing_records_who_and_when_and_happens_once),
        cmocka_unit_test(a_save_that_fails_part_way_stores_nothing),
        cmocka_unit_test(unknown_ids_are_named),
        cmocka_unit_test(the_input_takes_stored_agents_and_templates),
        cmocka_unit_test(the_roster_job_stores_a_draft_in_the_transaction_it_leaves_open),
        cmocka_unit_test(a_cancelled_roster_job_stops_and_stores_nothing),
    };
    return cmocka_run_group_tests(tests, solve_fixture, free_fixture);
}
