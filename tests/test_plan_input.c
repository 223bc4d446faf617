/* Specification of data/wfm_plan_input: a center's stored history turned
 * into the roster input document, with overrides.
 *
 * The center "metro" (UTC, 15-minute intervals) has a live phone queue and
 * a deferred sms queue (reply within 30 minutes), eight weeks of synthetic
 * history (tests/support/wfm_synth: Poisson arrivals with a known daily and
 * weekly shape; 6 % of phone callers abandon, waiting 90 s each; handle
 * times from the generator), two stored agents and one shift template.
 * The horizon is the week after the history.
 *
 * Expectations come from arithmetic on the base document (a factor of 1
 * changes nothing; shrinkage s divides the agents by 1 - s), from the
 * models called directly (Erlang A answer rate at the seats required, one
 * seat fewer, and along the curve), from the history's own totals
 * (patience) and from the shape a curve must have. Needs
 * WFM_TEST_DATABASE_URL. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wfm_date.h"
#include "data/wfm_history_store.h"
#include "data/wfm_plan_input.h"
#include "data/wfm_roster_store.h"
#include "models/wfm_erlang.h"
#include "optimizer/wfm_roster_io.h"
#include "tests/support/wfm_synth.h"
#include "tests/support/wfm_testdb.h"

#define DB "wfm_plan_input"
#define WEEKS 8
#define PER_DAY 96
#define ABANDON_SHARE 0.06
#define WAIT_PER_ABANDON_S 90.0

static PGconn *db;
static int32_t start_day;             /* the horizon's first day */
static json_t *base;                  /* the document without overrides */
static double phone_abandoned, phone_waited; /* the last 8 weeks' totals */

/* Synthetic rows of one queue: offered from wfm_synth, answered and
 * abandoned and times from fixed shares. */
static void import_queue(const char *queue, double per_day, unsigned long seed)
{
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    so.contacts_per_day = per_day;
    so.seed = seed;
    int32_t first = start_day - WEEKS * 7;
    wfm_series *s = wfm_synth_series(&so, first, WEEKS * 7, 1);
    wfm_history_set set;
    wfm_history_set_init(&set);
    for (size_t i = 0; i < s->n; i++) {
        wfm_history_row *r = wfm_history_set_push(&set);
        snprintf(r->queue, sizeof r->queue, "%s", queue);
        r->interval_start = (int64_t)s->day[i] * 86400 + (int64_t)s->slot[i] * 900;
        r->interval_s = 900;
        r->offered = (int64_t)s->offered[i];
        r->abandoned = (int64_t)floor(ABANDON_SHARE * (double)r->offered);
        r->answered = r->offered - r->abandoned;
        r->handle_time_s = (double)r->answered * s->aht_s[i];
        r->wait_time_s = (double)r->abandoned * WAIT_PER_ABANDON_S;
        if (!strcmp(queue, "phone")) {
            phone_abandoned += (double)r->abandoned;
            phone_waited += r->wait_time_s;
        }
    }
    wfm_error err;
    assert_int_equal(wfm_history_store_import(db, "metro", set.rows, set.n_rows, 1, NULL, &err),
                     WFM_OK);
    wfm_history_set_free(&set);
    wfm_series_delete(s);
}

static void put_json(wfm_status (*put)(PGconn *, const char *, const json_t *, wfm_error *),
                     const char *text)
{
    json_t *item = json_loads(text, 0, NULL);
    wfm_error err;
    assert_non_null(item);
    assert_int_equal(put(db, "metro", item, &err), WFM_OK);
    json_decref(item);
}

/* The spec of the horizon with overrides (JSON text, NULL: none). */
static json_t *spec_with(const char *overrides)
{
    char date[16];
    wfm_date_format(start_day, date, sizeof date);
    json_t *spec = json_pack("{s:s, s:i}", "start_date", date, "days", 7);
    if (overrides)
        json_object_set_new(spec, "overrides", json_loads(overrides, 0, NULL));
    return spec;
}

static wfm_status build(const char *overrides, json_t **doc, wfm_error *err)
{
    json_t *spec = spec_with(overrides);
    wfm_status st = wfm_plan_input_build(db, "metro", spec, doc, NULL, err);
    json_decref(spec);
    return st;
}

static json_t *build_ok(const char *overrides)
{
    json_t *doc = NULL;
    wfm_error err;
    wfm_error_clear(&err);
    if (build(overrides, &doc, &err) != WFM_OK)
        fail_msg("%s: %s", overrides ? overrides : "base", err.message);
    return doc;
}

static int setup(void **state)
{
    (void)state;
    db = wfm_testdb_fresh(DB);
    start_day = wfm_date_from_ymd(2026, 3, 2);
    PQclear(PQexec(db, "INSERT INTO center (id, name, time_zone) VALUES ('metro', 'Metro', 'UTC');"
                       "INSERT INTO queue (center_id, id, channel, kind, deadline_s) VALUES"
                       " ('metro', 'phone', 'phone', 'live', NULL),"
                       " ('metro', 'sms', 'sms', 'deferred', 1800)"));
    import_queue("phone", 3000, 7);
    import_queue("sms", 600, 8);
    put_json(wfm_roster_store_put_agent, "{\"id\": \"ann\", \"skills\": [\"phone\", \"sms\"]}");
    put_json(wfm_roster_store_put_agent, "{\"id\": \"bob\", \"skills\": [\"phone\"]}");
    put_json(wfm_roster_store_put_template,
             "{\"name\": \"day\", \"start_earliest_min\": 360, \"start_latest_min\": 840,"
             " \"start_step_min\": 60, \"length_min\": 480}");
    base = build_ok(NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(base);
    PQfinish(db);
    return 0;
}

/* ---- reading the document ------------------------------------------------------ */

static double cell(const json_t *doc, const char *key, const char *queue, int day, int i)
{
    return json_number_value(
        json_array_get(json_array_get(json_object_get(json_object_get(doc, key), queue), day), i));
}

static const json_t *curve_of(const json_t *doc, const char *queue, int day, int i)
{
    return json_array_get(
        json_array_get(json_object_get(json_object_get(doc, "answered_curve"), queue), day), i);
}

static const json_t *queue_of(const json_t *doc, const char *name)
{
    size_t k;
    const json_t *q;
    json_array_foreach(json_object_get(doc, "queues"), k, q)
        if (!strcmp(json_string_value(json_object_get(q, "name")), name))
            return q;
    fail_msg("no queue %s", name);
    return NULL;
}

/* The (day, interval) of the n busiest phone intervals of the base. */
static void busiest(int n, int *days, int *intervals)
{
    for (int k = 0; k < n; k++) {
        double best = -1;
        for (int d = 0; d < 7; d++)
            for (int i = 0; i < PER_DAY; i++) {
                double v = cell(base, "offered", "phone", d, i);
                int taken = 0;
                for (int j = 0; j < k; j++)
                    taken |= days[j] == d && intervals[j] == i;
                if (!taken && v > best) {
                    best = v;
                    days[k] = d;
                    intervals[k] = i;
                }
            }
    }
}

/* ---- the specification ---------------------------------------------------------- */

static void the_document_is_a_roster_input_the_optimizer_reads(void **state)
{
    (void)state;
    wfm_roster_doc doc;
    wfm_error err;
    assert_int_equal(wfm_roster_doc_parse(base, &doc, &err), WFM_OK);
    assert_int_equal(doc.in.n_days, 7);
    assert_int_equal(doc.in.intervals_per_day, PER_DAY);
    assert_int_equal(doc.in.n_queues, 2);
    assert_int_equal(doc.in.n_agents, 2);
    assert_int_equal(doc.in.n_templates, 1);
    assert_int_equal(doc.opts.target, WFM_ROSTER_TARGET_DAILY_ANSWER_RATE);
    assert_true(doc.in.curve_max_seats >= 1);
    for (int q = 0; q < doc.in.n_queues; q++)
        assert_true(doc.in.queues[q].patience_s ==
                    json_number_value(json_object_get(queue_of(base, doc.in.queues[q].name),
                                                      "patience_s")));
    assert_int_equal(wfm_roster_validate(&doc.in, &doc.opts, &err), WFM_OK);
    wfm_roster_doc_free(&doc);
    assert_string_equal(json_string_value(json_object_get(queue_of(base, "sms"), "kind")),
                        "deferred");
}

/* Brown et al. (2005): theta = abandoned / waiting time, shrunk toward a
 * 120 s prior with the weight of 10 abandons (models/wfm_patience.h). */
static void phone_patience_comes_from_the_history(void **state)
{
    (void)state;
    double expected = (phone_waited + 10 * 120.0) / (phone_abandoned + 10);
    double got = json_number_value(json_object_get(queue_of(base, "phone"), "patience_s"));
    assert_true(fabs(got - WAIT_PER_ABANDON_S) < 1.0);
    assert_true(fabs(got - expected) < 1e-9 * expected);
}

/* Seats from Erlang A directly: the seats required answer 95 %, one fewer
 * does not; the curve is calls x answer rate at each seat count. */
static void required_seats_and_curve_match_erlang_a(void **state)
{
    (void)state;
    int days[3], intervals[3];
    busiest(3, days, intervals);
    double patience = json_number_value(json_object_get(queue_of(base, "phone"), "patience_s"));
    for (int k = 0; k < 3; k++) {
        wfm_erlang_input in;
        wfm_erlang_input_init(&in);
        in.calls = cell(base, "offered", "phone", days[k], intervals[k]);
        in.aht_s = cell(base, "aht_s", "phone", days[k], intervals[k]);
        in.patience_s = patience;
        int seats = (int)cell(base, "required", "phone", days[k], intervals[k]);
        wfm_erlang_metrics at, below;
        wfm_error err;
        assert_true(seats > 1);
        assert_int_equal(wfm_erlang_metrics_at(&in, seats, &at, &err), WFM_OK);
        assert_int_equal(wfm_erlang_metrics_at(&in, seats - 1, &below, &err), WFM_OK);
        assert_true(at.answer_rate >= 0.95);
        assert_true(below.answer_rate < 0.95);
        const json_t *curve = curve_of(base, "phone", days[k], intervals[k]);
        for (int n = seats - 2; n <= seats + 2; n += 2) {
            wfm_erlang_metrics m;
            assert_int_equal(wfm_erlang_metrics_at(&in, n, &m, &err), WFM_OK);
            double answered = json_number_value(json_array_get(curve, n));
            assert_true(fabs(answered - in.calls * m.answer_rate) < 1e-9 * in.calls);
        }
    }
}

static void curves_are_non_decreasing_and_concave(void **state)
{
    (void)state;
    const char *queues[] = {"phone", "sms"};
    for (int q = 0; q < 2; q++)
        for (int d = 0; d < 7; d++)
            for (int i = 0; i < PER_DAY; i++) {
                const json_t *c = curve_of(base, queues[q], d, i);
                size_t n = json_array_size(c);
                assert_true(n > 2);
                assert_true(json_number_value(json_array_get(c, 0)) == 0);
                double prev_inc = INFINITY;
                for (size_t k = 1; k < n; k++) {
                    double inc = json_number_value(json_array_get(c, k)) -
                                 json_number_value(json_array_get(c, k - 1));
                    assert_true(inc >= -1e-12);
                    assert_true(inc <= prev_inc + 1e-9);
                    prev_inc = inc;
                }
                double last = json_number_value(json_array_get(c, n - 1));
                assert_true(last <= cell(base, "offered", queues[q], d, i) + 1e-9);
            }
}

/* Deferred work: the agents required answer the interval's workload, and
 * the curve is that capacity, capped at the workload. */
static void deferred_agents_cover_their_paced_workload(void **state)
{
    (void)state;
    double per_agent = 900.0 / json_number_value(json_object_get(queue_of(base, "sms"), "aht_s"));
    double load = 0;
    for (int d = 0; d < 7; d++)
        for (int i = 0; i < PER_DAY; i++) {
            double work = cell(base, "offered", "sms", d, i);
            int agents = (int)cell(base, "required", "sms", d, i);
            load += work;
            assert_true(agents * per_agent >= work - 1e-9);
            assert_true((agents - 1) * per_agent < work || agents == 0);
            const json_t *c = curve_of(base, "sms", d, i);
            assert_true(fabs(json_number_value(json_array_get(c, 1)) - fmin(work, per_agent)) <
                        1e-9);
        }
    /* the week repeating itself: what is paced is what arrives, within a day's backlog */
    assert_true(load > 0);
}

static void a_volume_factor_of_one_changes_nothing(void **state)
{
    (void)state;
    json_t *same = build_ok("{\"volume_factor\": 1, \"day_volume_factor\": {}}");
    assert_true(json_equal(json_object_get(same, "required"), json_object_get(base, "required")));
    assert_true(json_equal(json_object_get(same, "offered"), json_object_get(base, "offered")));
    json_decref(same);
}

static void twenty_percent_more_volume_needs_more_seats_when_busy(void **state)
{
    (void)state;
    json_t *more = build_ok("{\"volume_factor\": {\"phone\": 1.2}}");
    int days[20], intervals[20], more_seats = 0, base_seats = 0;
    busiest(20, days, intervals);
    for (int k = 0; k < 20; k++) {
        double b = cell(base, "offered", "phone", days[k], intervals[k]);
        assert_true(fabs(cell(more, "offered", "phone", days[k], intervals[k]) - 1.2 * b) <
                    1e-9 * b);
        int seats = (int)cell(more, "required", "phone", days[k], intervals[k]);
        int before = (int)cell(base, "required", "phone", days[k], intervals[k]);
        assert_true(seats >= before);
        more_seats += seats;
        base_seats += before;
    }
    assert_true(more_seats > base_seats);
    /* sms was not named: unchanged */
    assert_true(json_equal(json_object_get(json_object_get(more, "required"), "sms"),
                           json_object_get(json_object_get(base, "required"), "sms")));
    json_decref(more);
}

static void shrinkage_divides_the_agents_required(void **state)
{
    (void)state;
    json_t *shrunk = build_ok("{\"shrinkage\": 0.3}");
    const char *queues[] = {"phone", "sms"};
    for (int q = 0; q < 2; q++)
        for (int d = 0; d < 7; d++)
            for (int i = 0; i < PER_DAY; i++) {
                double b = cell(base, "required", queues[q], d, i);
                assert_int_equal((int)cell(shrunk, "required", queues[q], d, i),
                                 (int)ceil(b / 0.7 - 1e-9));
            }
    json_decref(shrunk);
}

static void opening_hours_leave_no_seats_outside(void **state)
{
    (void)state;
    json_t *open = build_ok("{\"opening_hours\": {\"phone\": {\"open_min\": 480, \"close_min\": 1200}}}");
    double before = 0, after = 0, last_evening = 0;
    for (int d = 0; d < 7; d++)
        for (int i = 0; i < PER_DAY; i++) {
            int inside = i >= 32 && i < 80;
            before += cell(base, "offered", "phone", d, i);
            after += cell(open, "offered", "phone", d, i);
            if (d == 6 && i >= 80)
                last_evening += cell(base, "offered", "phone", d, i);
            if (!inside) {
                assert_true(cell(open, "required", "phone", d, i) == 0);
                assert_true(cell(open, "offered", "phone", d, i) == 0);
            }
        }
    /* calls while closed wait for the opening; the last evening's fall past the week */
    assert_true(fabs(after - (before - last_evening)) < 1e-6 * before);
    assert_true(cell(open, "offered", "phone", 1, 32) > cell(base, "offered", "phone", 1, 32));
    json_decref(open);
}

static void headcount_and_new_hires_shape_the_agents(void **state)
{
    (void)state;
    json_t *doc = build_ok("{\"max_agents\": 1, \"new_hires\": [{\"count\": 2, \"skills\":"
                           " [\"sms\"], \"max_week_hours\": 20}]}");
    const json_t *agents = json_object_get(doc, "agents");
    assert_int_equal(json_array_size(agents), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(agents, 0), "id")), "ann");
    assert_string_equal(json_string_value(json_object_get(json_array_get(agents, 2), "id")),
                        "hire-2");
    assert_true(json_number_value(json_object_get(json_array_get(agents, 2), "max_week_hours")) ==
                20);
    json_decref(doc);
}

static void target_and_answer_rate_reach_the_options(void **state)
{
    (void)state;
    char date[16];
    wfm_date_format(start_day, date, sizeof date);
    json_t *spec = json_pack("{s:s, s:s, s:{s:f}, s:{s:f}}", "start_date", date, "target", "seats",
                             "overrides", "answer_rate", 0.8, "options", "time_limit_s", 5.0);
    json_t *doc = NULL;
    wfm_error err;
    assert_int_equal(wfm_plan_input_build(db, "metro", spec, &doc, NULL, &err), WFM_OK);
    const json_t *options = json_object_get(doc, "options");
    assert_string_equal(json_string_value(json_object_get(options, "target")), "seats");
    assert_true(json_number_value(json_object_get(options, "daily_answer_rate")) == 0.8);
    assert_true(json_number_value(json_object_get(options, "time_limit_s")) == 5);
    int days[1], intervals[1];
    busiest(1, days, intervals);
    assert_true(cell(doc, "required", "phone", days[0], intervals[0]) <
                cell(base, "required", "phone", days[0], intervals[0]));
    json_decref(doc);
    json_decref(spec);
}

static void info_reports_the_forecast_and_overrides(void **state)
{
    (void)state;
    json_t *spec = spec_with("{\"aht_factor\": {\"sms\": 1.1}}"), *doc = NULL, *info = NULL;
    wfm_error err;
    assert_int_equal(wfm_plan_input_build(db, "metro", spec, &doc, &info, &err), WFM_OK);
    const json_t *phone = json_object_get(json_object_get(info, "forecast"), "phone");
    double total = json_number_value(json_object_get(phone, "offered_total"));
    assert_true(json_number_value(json_object_get(phone, "offered_lo95")) < total);
    assert_true(json_number_value(json_object_get(phone, "offered_hi95")) > total);
    /* a week of a 3,000-a-day queue, forecast from eight such weeks */
    assert_true(total > 0.8 * 7 * 3000 && total < 1.2 * 7 * 3000);
    assert_non_null(json_object_get(json_object_get(info, "overrides"), "aht_factor"));
    double sms_aht = json_number_value(json_object_get(queue_of(doc, "sms"), "aht_s"));
    double base_aht = json_number_value(json_object_get(queue_of(base, "sms"), "aht_s"));
    assert_true(fabs(sms_aht - 1.1 * base_aht) < 1e-9 * base_aht);
    json_decref(info);
    json_decref(doc);
    json_decref(spec);
}

/* Each bad override: the status, the field named and the value quoted. */
static void expect_refused(const char *overrides, const char *field, const char *in_message)
{
    json_t *doc = NULL;
    wfm_error err;
    wfm_error_clear(&err);
    assert_int_equal(build(overrides, &doc, &err), WFM_EINVAL);
    assert_null(doc);
    assert_string_equal(err.field, field);
    if (!strstr(err.message, in_message))
        fail_msg("'%s' does not mention '%s'", err.message, in_message);
}

static void every_bad_override_is_named_with_its_value(void **state)
{
    (void)state;
    expect_refused("{\"volume_factor\": {\"fax\": 2}}", "overrides.volume_factor.fax", "fax");
    expect_refused("{\"volume_factor\": -1}", "overrides.volume_factor", "-1");
    expect_refused("{\"aht_factor\": {\"phone\": \"x\"}}", "overrides.aht_factor.phone", "\"x\"");
    expect_refused("{\"shrinkage\": 0.95}", "overrides.shrinkage", "0.95");
    expect_refused("{\"answer_rate\": 1.5}", "overrides.answer_rate", "1.5");
    expect_refused("{\"colour\": 1}", "overrides.colour", "colour");
    expect_refused("{\"day_volume_factor\": {\"2026-01-01\": 2}}",
                   "overrides.day_volume_factor.2026-01-01", "outside the horizon");
    expect_refused("{\"service_level\": {\"share\": 0.8, \"secs\": 20}}", "overrides.service_level",
                   "secs");
    expect_refused("{\"new_hires\": [{\"count\": 2, \"skills\": [\"fax\"]}]}",
                   "overrides.new_hires[0].skills", "fax");
    expect_refused("{\"opening_hours\": {\"phone\": {\"open_min\": 485, \"close_min\": 1200}}}",
                   "overrides.opening_hours.phone", "485");
    expect_refused("{\"max_agents\": 2.5}", "overrides.max_agents", "2.5");
}

static void unknown_center_and_bad_horizon_are_refused(void **state)
{
    (void)state;
    json_t *spec = spec_with(NULL), *doc = NULL;
    wfm_error err;
    assert_int_equal(wfm_plan_input_build(db, "nowhere", spec, &doc, NULL, &err), WFM_ENOTFOUND);
    assert_null(doc);
    json_object_set_new(spec, "start_date", json_string("2026-02-30"));
    assert_int_equal(wfm_plan_input_build(db, "metro", spec, &doc, NULL, &err), WFM_EINVAL);
    assert_string_equal(err.field, "start_date");
    json_object_set_new(spec, "start_date", json_string("2025-01-06"));
    assert_int_equal(wfm_plan_input_build(db, "metro", spec, &doc, NULL, &err), WFM_EINVAL);
    assert_string_equal(err.field, "history");
    json_object_set_new(spec, "start_date", json_string("2026-06-01"));
    assert_int_equal(wfm_plan_input_build(db, "metro", spec, &doc, NULL, &err), WFM_EINVAL);
    assert_string_equal(err.field, "start_date");
    json_object_set_new(spec, "start_date", json_string("2026-03-02"));
    json_object_set_new(spec, "days", json_integer(29));
    assert_int_equal(wfm_plan_input_build(db, "metro", spec, &doc, NULL, &err), WFM_EINVAL);
    assert_string_equal(err.field, "days");
    json_decref(spec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_document_is_a_roster_input_the_optimizer_reads),
        cmocka_unit_test(phone_patience_comes_from_the_history),
        cmocka_unit_test(required_seats_and_curve_match_erlang_a),
        cmocka_unit_test(curves_are_non_decreasing_and_concave),
        cmocka_unit_test(deferred_agents_cover_their_paced_workload),
        cmocka_unit_test(a_volume_factor_of_one_changes_nothing),
        cmocka_unit_test(twenty_percent_more_volume_needs_more_seats_when_busy),
        cmocka_unit_test(shrinkage_divides_the_agents_required),
        cmocka_unit_test(opening_hours_leave_no_seats_outside),
        cmocka_unit_test(headcount_and_new_hires_shape_the_agents),
        cmocka_unit_test(target_and_answer_rate_reach_the_options),
        cmocka_unit_test(info_reports_the_forecast_and_overrides),
        cmocka_unit_test(every_bad_override_is_named_with_its_value),
        cmocka_unit_test(unknown_center_and_bad_horizon_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
