/* Specification of models/wfm_staffing: the fewest seats meeting a
 * composite target, scheduled seats after shrinkage, series, and the
 * answered-calls curve. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "models/wfm_staffing.h"
#include "tests/support/wfm_erlang_vectors.h"

static wfm_staffing_opts answer_rate_target(double rate)
{
    wfm_staffing_opts o;
    wfm_staffing_opts_init(&o);
    o.min_answer_rate = rate;
    return o;
}

static wfm_staffing_result solve(const wfm_erlang_input *in, const wfm_staffing_opts *o)
{
    wfm_staffing_result r;
    wfm_error err;
    assert_int_equal(wfm_staffing_solve(in, o, &r, &err), WFM_OK);
    return r;
}

/* A reference row's own metric, as a target, needs exactly its agents:
 * the metric is strictly better there than with one agent fewer (rows
 * whose metric is within 1e-6 of 1 are skipped: one agent fewer may differ
 * by less than the rounding). */
static void reference_rows_need_exactly_their_agents(void **state)
{
    (void)state;
    size_t n = 0, checked = 0;
    wfm_erlang_vector *rows = wfm_erlang_vectors_load(&n);
    assert_non_null(rows);
    for (size_t i = 0; i < n; i++) {
        double rounding;
        wfm_erlang_input in = wfm_erlang_vector_input(&rows[i], &rounding);
        wfm_staffing_opts o;
        wfm_staffing_opts_init(&o);
        if (rows[i].model == 'A')
            o.min_answer_rate = rows[i].answer_rate - 1e-12;
        else
            o.min_service_level = rows[i].service_level - 1e-12;
        if (o.min_answer_rate + o.min_service_level > 1 - 1e-6)
            continue;
        checked++;
        assert_int_equal(solve(&in, &o).seats, rows[i].agents);
    }
    assert_true(checked > 250);
    free(rows);
}

/* First n from 0 meeting every target, by brute force. */
static int brute_force(const wfm_erlang_input *in, const wfm_staffing_opts *o)
{
    for (int n = 0;; n++) {
        wfm_erlang_metrics m = wfm_test_erlang_metrics(in, n);
        if (!m.overloaded && m.answer_rate >= o->min_answer_rate &&
            (o->min_service_level == 0 || m.service_level >= o->min_service_level) &&
            (o->max_asa_s == 0 || m.asa_s <= o->max_asa_s) &&
            (o->max_occupancy == 0 || m.occupancy <= o->max_occupancy))
            return n;
    }
}

static void composite_targets_match_brute_force(void **state)
{
    (void)state;
    unsigned seed = 7;
    for (int i = 0; i < 300; i++) {
        seed = seed * 1103515245u + 12345u;
        double calls = (seed >> 8) % 600 + 0.5;
        wfm_erlang_input in = wfm_test_erlang_input(calls, 120 + i % 7 * 50, i % 3 ? 30 + i % 5 * 40 : 0);
        in.threshold_s = 10 + i % 4 * 15;
        wfm_staffing_opts o;
        wfm_staffing_opts_init(&o);
        o.min_answer_rate = i % 3 ? 0.9 + (i % 5) * 0.02 : 0;
        o.min_service_level = i % 2 ? 0.8 : 0;
        o.max_asa_s = i % 4 == 0 ? 15 : 0;
        o.max_occupancy = i % 5 == 0 ? 0.85 : 0;
        if (o.min_answer_rate == 0 && o.min_service_level == 0 && o.max_asa_s == 0)
            o.max_occupancy = 0.9;
        assert_int_equal(solve(&in, &o).seats, brute_force(&in, &o));
    }
}

static void shrinkage_scales_up_scheduled_seats(void **state)
{
    (void)state;
    wfm_erlang_input in = wfm_test_erlang_input(0, 300, 0);
    in.calls = 18.0 * 900 / 300; /* a = 18: Erlang C with occupancy <= 0.95 needs 19 */
    wfm_staffing_opts o;
    wfm_staffing_opts_init(&o);
    o.max_occupancy = 0.95;
    o.shrinkage = 0.05;
    wfm_staffing_result r = solve(&in, &o);
    assert_int_equal(r.seats, 19);
    assert_int_equal(r.scheduled_seats, 20); /* 19 / 0.95 = 20 exactly */
    o.shrinkage = 0.3;
    assert_int_equal(solve(&in, &o).scheduled_seats, 28); /* ceil(27.14) */
}

static void result_carries_metrics_at_the_answer(void **state)
{
    (void)state;
    wfm_erlang_input in = wfm_test_erlang_input(250, 240, 90);
    wfm_staffing_opts o = answer_rate_target(0.95);
    wfm_staffing_result r = solve(&in, &o);
    wfm_erlang_metrics at = wfm_test_erlang_metrics(&in, r.seats);
    assert_true(at.answer_rate == r.metrics.answer_rate && at.answer_rate >= 0.95);
    assert_true(r.metrics.service_level == at.service_level);
    assert_true(wfm_test_erlang_metrics(&in, r.seats - 1).answer_rate < 0.95);
}

static void series_equals_interval_by_interval(void **state)
{
    (void)state;
    enum { COUNT = 200 };
    wfm_erlang_input in[COUNT];
    wfm_staffing_result series[COUNT];
    for (int i = 0; i < COUNT; i++)
        in[i] = wfm_test_erlang_input(i % 96 * (i % 13 + 1) * 0.7, 300, 120);
    wfm_staffing_opts o = answer_rate_target(0.97);
    o.targeted_metrics_only = true;
    wfm_error err;
    assert_int_equal(wfm_staffing_solve_series(in, COUNT, &o, series, &err), WFM_OK);
    for (int i = 0; i < COUNT; i++)
        assert_int_equal(series[i].seats, solve(&in[i], &o).seats);
    assert_int_equal(series[0].seats, 0); /* no calls, no seats */
}

/* Loads jumping by orders of magnitude make the carried guess far off; the
 * answer must still be exact: the target met at seats, missed one below. */
static void far_from_the_guess_still_exact(void **state)
{
    (void)state;
    double calls[] = {2, 60000, 5, 330000, 1, 1e6, 40};
    enum { COUNT = sizeof calls / sizeof calls[0] };
    wfm_erlang_input in[COUNT];
    wfm_staffing_result r[COUNT];
    for (int i = 0; i < COUNT; i++) {
        in[i] = wfm_test_erlang_input(calls[i], 300, 120);
        in[i].interval_s = 3600;
    }
    wfm_staffing_opts o = answer_rate_target(0.95);
    wfm_error err;
    assert_int_equal(wfm_staffing_solve_series(in, COUNT, &o, r, &err), WFM_OK);
    for (int i = 0; i < COUNT; i++) {
        assert_true(wfm_test_erlang_metrics(&in[i], r[i].seats).answer_rate >= 0.95);
        assert_true(wfm_test_erlang_metrics(&in[i], r[i].seats - 1).answer_rate < 0.95);
    }
    /* the same for Erlang C, which must also not be overloaded */
    for (int i = 0; i < COUNT; i++)
        in[i].patience_s = 0;
    o = answer_rate_target(0);
    o.max_asa_s = 20;
    assert_int_equal(wfm_staffing_solve_series(in, COUNT, &o, r, &err), WFM_OK);
    for (int i = 0; i < COUNT; i++) {
        assert_true(wfm_test_erlang_metrics(&in[i], r[i].seats).asa_s <= 20);
        wfm_erlang_metrics below = wfm_test_erlang_metrics(&in[i], r[i].seats - 1);
        assert_true(below.overloaded || below.asa_s > 20);
    }
}

static void errors_name_the_field_and_interval(void **state)
{
    (void)state;
    wfm_erlang_input in[3] = {wfm_test_erlang_input(10, 300, 60), wfm_test_erlang_input(10, 0, 60),
                              wfm_test_erlang_input(10, 300, 60)};
    wfm_staffing_result r[3];
    wfm_error err;
    wfm_staffing_opts o = answer_rate_target(0.95);
    assert_int_equal(wfm_staffing_solve_series(in, 3, &o, r, &err), WFM_EINVAL);
    assert_string_equal(err.field, "aht_s");
    assert_non_null(strstr(err.message, "interval 1"));

    wfm_staffing_opts bad;
    wfm_staffing_opts_init(&bad);
    assert_int_equal(wfm_staffing_solve(&in[0], &bad, r, &err), WFM_EINVAL); /* no target */
    bad = answer_rate_target(1.5);
    assert_int_equal(wfm_staffing_solve(&in[0], &bad, r, &err), WFM_EINVAL);
    assert_string_equal(err.field, "min_answer_rate");
    bad = answer_rate_target(NAN);
    assert_int_equal(wfm_staffing_solve(&in[0], &bad, r, &err), WFM_EINVAL);
    bad = answer_rate_target(0.9);
    bad.shrinkage = 1;
    assert_int_equal(wfm_staffing_solve(&in[0], &bad, r, &err), WFM_EINVAL);
    assert_string_equal(err.field, "shrinkage");
    bad = answer_rate_target(0.99);
    bad.max_seats = 3;
    assert_int_equal(wfm_staffing_solve(&in[0], &bad, r, &err), WFM_EINFEASIBLE);
}

static void curve_splits_offered_calls_concavely(void **state)
{
    (void)state;
    double loads[] = {5, 80, 640};
    for (size_t k = 0; k < 3; k++) {
        wfm_erlang_input in = wfm_test_erlang_input(loads[k], 300, 100);
        enum { MAX = 400 };
        double answered[MAX + 1], abandoned[MAX + 1];
        wfm_error err;
        assert_int_equal(wfm_staffing_curve(&in, MAX, answered, abandoned, &err), WFM_OK);
        assert_true(answered[0] == 0 && abandoned[0] == in.calls);
        for (int n = 0; n <= MAX; n++) {
            assert_true(fabs(answered[n] + abandoned[n] - in.calls) < 1e-9 * in.calls);
            if (n % 37 == 0) {
                wfm_erlang_metrics m = wfm_test_erlang_metrics(&in, n);
                assert_true(fabs(answered[n] - in.calls * m.answer_rate) < 1e-9 * in.calls);
            }
            if (n >= 2)
                assert_true(answered[n] - answered[n - 1] <=
                            answered[n - 1] - answered[n - 2] + 1e-9);
            if (n >= 1)
                assert_true(answered[n] >= answered[n - 1]);
        }
        /* one agent can never answer more than it has time for */
        assert_true(answered[1] <= in.interval_s / in.aht_s + 1e-9);
    }
    wfm_erlang_input c = wfm_test_erlang_input(50, 300, 0);
    double a[3], b[3];
    wfm_error err;
    assert_int_equal(wfm_staffing_curve(&c, 2, a, b, &err), WFM_EINVAL);
    assert_string_equal(err.field, "patience_s");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reference_rows_need_exactly_their_agents),
        cmocka_unit_test(composite_targets_match_brute_force),
        cmocka_unit_test(shrinkage_scales_up_scheduled_seats),
        cmocka_unit_test(result_carries_metrics_at_the_answer),
        cmocka_unit_test(series_equals_interval_by_interval),
        cmocka_unit_test(far_from_the_guess_still_exact),
        cmocka_unit_test(errors_name_the_field_and_interval),
        cmocka_unit_test(curve_splits_offered_calls_concavely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
