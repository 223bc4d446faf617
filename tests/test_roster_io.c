/* Specification of optimizer/wfm_roster_io: the documented example input
 * parses and solves; JSON, CSV and iCalendar outputs carry the roster;
 * bad documents are refused with the field named. */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "optimizer/wfm_roster_io.h"

static json_t *load_named(const char *name)
{
    const char *dir = getenv("WFM_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/%s", dir ? dir : ".", name);
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    assert_non_null(root);
    return root;
}

static json_t *load_fixture(void)
{
    return load_named("roster_small.json");
}

/* The same roster input with calls offered at 80 % of what its requirement
 * serves, phone callers with a patience of 120 s, SMS answered within 30
 * minutes. */
static json_t *fixture_with_callers(void)
{
    return load_named("roster_small_callers.json");
}

static void example_parses_into_the_documented_fields(void **state)
{
    (void)state;
    json_t *root = load_fixture();
    wfm_roster_doc doc;
    wfm_error err;
    assert_int_equal(wfm_roster_doc_parse(root, &doc, &err), WFM_OK);
    assert_int_equal(doc.in.n_days, 2);
    assert_int_equal(doc.in.intervals_per_day, 48);
    assert_int_equal(doc.in.first_weekday, 0); /* 2026-11-30 is a Monday */
    assert_int_equal(doc.in.n_queues, 2);
    assert_int_equal(doc.in.n_templates, 2);
    assert_int_equal(doc.templates[1].weekdays, 0x1f);
    assert_int_equal(doc.templates[0].n_breaks, 2);
    assert_int_equal(doc.agents[2].skills, 3);
    assert_int_equal(doc.agents[2].time_off[1], 1);
    assert_int_equal(doc.agents[5].min_rest_min, 720);
    assert_int_equal(doc.agents[0].preferred_template, 0);
    assert_float_equal(doc.in.required[wfm_roster_slot(&doc.in, 0, 0, 18)], 4, 0);
    wfm_roster_doc_free(&doc);
    json_decref(root);
}

static void outputs_carry_the_roster(void **state)
{
    (void)state;
    json_t *root = load_fixture();
    wfm_roster_doc doc;
    wfm_error err;
    assert_int_equal(wfm_roster_doc_parse(root, &doc, &err), WFM_OK);
    wfm_roster_result r;
    assert_int_equal(wfm_roster_solve(&doc.in, &doc.opts, &r, &err), WFM_OK);
    assert_true(r.n_shifts > 0);

    json_t *out = wfm_roster_result_json(&doc, &r);
    assert_int_equal(json_array_size(json_object_get(out, "shifts")), r.n_shifts);
    assert_int_equal(json_array_size(json_object_get(out, "coverage")), 2 * 2 * 48);
    assert_int_equal(json_array_size(json_object_get(out, "shortfalls")), r.n_shortfalls);
    json_decref(out);

    char *csv = wfm_roster_result_csv(&doc, &r);
    int lines = 0;
    for (const char *p = csv; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, r.n_shifts + 1);
    assert_memory_equal(csv, "agent,date,template,start,end,paid_hours,breaks\r\n", 49);
    free(csv);

    int agent = r.shifts[0].agent, events = 0;
    char *ics = wfm_roster_agent_ical(&doc, &r, agent, "20261129T000000Z");
    assert_memory_equal(ics, "BEGIN:VCALENDAR\r\n", 17);
    assert_non_null(strstr(ics, "END:VCALENDAR\r\n"));
    for (const char *line = ics; *line;) { /* RFC 5545: CRLF lines of at most 75 octets */
        const char *end = strstr(line, "\r\n");
        assert_non_null(end);
        assert_true(end - line <= 75);
        events += !strncmp(line, "BEGIN:VEVENT", 12);
        line = end + 2;
    }
    int expected = 0;
    for (int k = 0; k < r.n_shifts; k++)
        expected += r.shifts[k].agent == agent;
    assert_int_equal(events, expected);
    free(ics);
    wfm_roster_result_free(&r);
    wfm_roster_doc_free(&doc);
    json_decref(root);
}

static void assert_simulated_rate(const json_t *obj)
{
    const json_t *ci = json_object_get(obj, "simulated_ci95");
    double rate = json_real_value(json_object_get(obj, "simulated_answer_rate"));
    assert_true(json_is_real(json_object_get(obj, "simulated_answer_rate")));
    assert_int_equal(json_array_size(ci), 2);
    assert_true(rate > 0 && rate <= 1);
    assert_true(json_real_value(json_array_get(ci, 0)) <= rate);
    assert_true(rate <= json_real_value(json_array_get(ci, 1)));
}

static json_t *solve_to_json(json_t *root, wfm_roster_result *r)
{
    wfm_roster_doc doc;
    wfm_error err;
    assert_int_equal(wfm_roster_doc_parse(root, &doc, &err), WFM_OK);
    assert_int_equal(wfm_roster_solve(&doc.in, &doc.opts, r, &err), WFM_OK);
    json_t *out = wfm_roster_result_json(&doc, r);
    wfm_roster_doc_free(&doc);
    return out;
}

/* With offered calls, handle time and patience (or a deadline) for every
 * queue the roster is replayed: every queue-day, every day and the horizon
 * carry a simulated rate inside its interval. */
static void outputs_carry_the_simulated_answer_rate(void **state)
{
    (void)state;
    json_t *root = fixture_with_callers();
    json_object_set_new(json_object_get(root, "options"), "simulate",
                        json_pack("{s:i, s:i}", "replications", 5, "seed", 3));
    wfm_roster_result r;
    json_t *out = solve_to_json(root, &r);
    assert_int_equal(r.sim.replications, 5);
    const json_t *kpis = json_object_get(out, "kpis");
    assert_simulated_rate(kpis);
    assert_int_equal(json_integer_value(json_object_get(kpis, "simulation_replications")), 5);
    double worst = json_real_value(json_object_get(kpis, "simulated_min_day_answer_rate"));
    size_t d;
    json_t *day;
    json_array_foreach(json_object_get(out, "days"), d, day) {
        assert_simulated_rate(day);
        assert_true(json_real_value(json_object_get(day, "simulated_answer_rate")) >= worst);
        assert_true(json_is_real(json_object_get(day, "answer_rate")) ||
                    json_is_null(json_object_get(day, "answer_rate")));
        size_t q;
        json_t *queue;
        json_array_foreach(json_object_get(day, "queues"), q, queue)
            assert_simulated_rate(queue);
    }
    assert_non_null(json_object_get(kpis, "simulated_min_day"));
    json_decref(out);
    wfm_roster_result_free(&r);
    json_decref(root);
}

/* Handle times less variable than exponential (lognormal, CV 0.3) queue
 * less: the same roster simulates a higher answer rate. */
static void lognormal_handle_times_are_an_option(void **state)
{
    (void)state;
    double rate[2];
    for (int k = 0; k < 2; k++) {
        json_t *root = fixture_with_callers();
        json_object_set_new(json_object_get(root, "options"), "simulate",
                            json_pack("{s:i, s:f}", "replications", 20, "handle_cv", k ? 0.3 : 0.0));
        wfm_roster_result r;
        json_t *out = solve_to_json(root, &r);
        rate[k] = r.sim.horizon.answer_rate.mean;
        assert_true(r.sim.horizon.answer_rate.ci_high - r.sim.horizon.answer_rate.ci_low < 0.02);
        json_decref(out);
        wfm_roster_result_free(&r);
        json_decref(root);
    }
    assert_true(rate[1] > rate[0] + 0.01);
}

/* Without a patience the callers' behaviour is unknown: no simulation, and
 * the fields say so with null. "simulate": false turns it off. */
static void no_simulation_without_patience_or_when_off(void **state)
{
    (void)state;
    json_t *root = fixture_with_callers();
    json_object_del(json_array_get(json_object_get(root, "queues"), 0), "patience_s");
    wfm_roster_result r;
    json_t *out = solve_to_json(root, &r);
    assert_null(r.sim.days);
    const json_t *kpis = json_object_get(out, "kpis");
    assert_true(json_is_null(json_object_get(kpis, "simulated_answer_rate")));
    assert_true(json_is_null(json_object_get(kpis, "simulated_ci95")));
    assert_int_equal(json_integer_value(json_object_get(kpis, "simulation_replications")), 0);
    json_decref(out);
    wfm_roster_result_free(&r);
    json_decref(root);

    root = fixture_with_callers();
    json_object_set_new(json_object_get(root, "options"), "simulate", json_false());
    out = solve_to_json(root, &r);
    assert_null(r.sim.days);
    json_decref(out);
    wfm_roster_result_free(&r);
    json_decref(root);
}

static void expect_refused(const char *patch_key, json_t *value, const char *field)
{
    json_t *root = load_fixture();
    json_object_set_new(root, patch_key, value);
    wfm_roster_doc doc;
    wfm_error err;
    assert_int_equal(wfm_roster_doc_parse(root, &doc, &err), WFM_EINVAL);
    assert_string_equal(err.field, field);
    json_decref(root);
}

static void bad_documents_are_refused_with_the_field(void **state)
{
    (void)state;
    expect_refused("start_date", json_string("30/11/2026"), "start_date");
    expect_refused("interval_minutes", json_integer(7), "interval_minutes");
    expect_refused("agents", json_pack("[{s:s, s:[s]}]", "id", "x", "skills", "fax"), "skills");
    expect_refused("required", json_pack("{s:[]}", "fax"), "required");
    expect_refused("options", json_pack("{s:s}", "simulate", "yes"), "options.simulate");
    expect_refused("options", json_pack("{s:{s:i}}", "simulate", "seed", -1), "options.simulate.seed");
}

/* Found by tests/fuzz/fuzz_roster_doc: a number beyond int's range was
 * converted to int, which is undefined behaviour. It now saturates, so the
 * range checks still name the field. */
static void numbers_beyond_int_range_saturate(void **state)
{
    (void)state;
    expect_refused("days", json_real(1e300), "days");
    expect_refused("interval_minutes", json_real(-1e300), "interval_minutes");
    json_t *root = load_fixture();
    json_t *agent = json_array_get(json_object_get(root, "agents"), 0);
    json_object_set_new(agent, "max_consecutive_days", json_real(1e12));
    json_object_set_new(agent, "min_rest_hours", json_real(-1e300));
    wfm_roster_doc doc;
    wfm_error err;
    assert_int_equal(wfm_roster_doc_parse(root, &doc, &err), WFM_OK);
    assert_int_equal(doc.agents[0].max_consecutive_days, INT_MAX);
    assert_int_equal(doc.agents[0].min_rest_min, INT_MIN);
    wfm_roster_doc_free(&doc);
    json_decref(root);
}

/* Found while writing tests/fuzz/fuzz_roster_doc: a small document made the
 * parser allocate an answered curve of gigabytes. 2 queues x 28 days x 1440
 * one-minute intervals x 1000 seats is 77 Mi values, over
 * WFM_ROSTER_MAX_CURVE_VALUES: refused before anything is allocated. */
static void oversized_answered_curve_is_refused(void **state)
{
    (void)state;
    json_t *root = load_fixture();
    json_t *seats = json_array();
    for (int k = 0; k < 1000; k++)
        json_array_append_new(seats, json_integer(k));
    json_object_set_new(root, "days", json_integer(28));
    json_object_set_new(root, "interval_minutes", json_integer(1));
    json_object_set_new(root, "answered_curve", json_pack("{s:[[o]]}", "phone", seats));
    wfm_roster_doc doc;
    wfm_error err;
    assert_int_equal(wfm_roster_doc_parse(root, &doc, &err), WFM_EINVAL);
    assert_string_equal(err.field, "answered_curve");
    json_decref(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(example_parses_into_the_documented_fields),
        cmocka_unit_test(outputs_carry_the_roster),
        cmocka_unit_test(outputs_carry_the_simulated_answer_rate),
        cmocka_unit_test(lognormal_handle_times_are_an_option),
        cmocka_unit_test(no_simulation_without_patience_or_when_off),
        cmocka_unit_test(bad_documents_are_refused_with_the_field),
        cmocka_unit_test(numbers_beyond_int_range_saturate),
        cmocka_unit_test(oversized_answered_curve_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
