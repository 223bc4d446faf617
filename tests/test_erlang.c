/* Specification of models/wfm_erlang, Erlang B and C: the reference
 * vectors, closed forms for small cases, stability at the extremes, the
 * overloaded case and bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdlib.h>
#include <cmocka.h>

#include "models/wfm_erlang.h"
#include "tests/support/wfm_erlang_vectors.h"

static void every_erlang_c_reference_row_matches(void **state)
{
    (void)state;
    assert_int_equal(wfm_erlang_vectors_check('C'), 151);
}

/* B(n, a) = (a^n/n!) / sum_{k<=n} a^k/k! summed directly: fine for small n. */
static double erlang_b_by_definition(double a, int n)
{
    double term = 1, sum = 1;
    for (int k = 1; k <= n; k++) {
        term *= a / k;
        sum += term;
    }
    return term / sum;
}

static void erlang_b_matches_its_definition(void **state)
{
    (void)state;
    double loads[] = {0.1, 1, 5, 12.5, 40};
    for (size_t i = 0; i < sizeof loads / sizeof loads[0]; i++)
        for (int n = 0; n <= 60; n++) {
            double b;
            assert_int_equal(wfm_erlang_b(loads[i], n, &b, NULL), WFM_OK);
            assert_true(fabs(b - erlang_b_by_definition(loads[i], n)) <= 1e-14);
        }
    double b;
    wfm_erlang_b(5, 10, &b, NULL); /* the classic table value 0.018385 */
    assert_true(fabs(b - 0.0183846) < 1e-7);
}

static void erlang_b_is_stable_at_the_extremes(void **state)
{
    (void)state;
    double b;
    /* 10^6 calls an hour of 300 s on 10,000 seats: a = 83,333 Erlangs. The
     * fluid limit says a share 1 - n/a is lost. */
    double a = 1e6 * 300 / 3600;
    assert_int_equal(wfm_erlang_b(a, 10000, &b, NULL), WFM_OK);
    assert_true(isfinite(b) && fabs(b - (1 - 10000 / a)) < 1e-3);
    /* a tiny load on many seats underflows to exactly 0, not NaN */
    assert_int_equal(wfm_erlang_b(1, 10000, &b, NULL), WFM_OK);
    assert_true(b == 0);
    assert_int_equal(wfm_erlang_b(0, 3, &b, NULL), WFM_OK);
    assert_true(b == 0);
    assert_int_equal(wfm_erlang_b(7, 0, &b, NULL), WFM_OK);
    assert_true(b == 1);
}

static void erlang_c_at_huge_scale_is_finite(void **state)
{
    (void)state;
    wfm_erlang_input in = wfm_test_erlang_input(1e6, 30, 0); /* 1e6 calls/h at 30 s = 8,333 Erlangs */
    in.interval_s = 3600;
    wfm_erlang_metrics m = wfm_test_erlang_metrics(&in, 9000);
    assert_false(m.overloaded);
    assert_true(m.p_wait >= 0 && m.p_wait <= 1 && isfinite(m.asa_s));
    /* Halfin-Whitt: beta = (n-a)/sqrt(a) = 7.3 makes waiting very rare */
    assert_true(m.p_wait < 1e-9);
}

static void load_at_or_above_seats_is_reported_as_overloaded(void **state)
{
    (void)state;
    wfm_erlang_input in = wfm_test_erlang_input(100, 90, 0); /* a = 10 Erlangs */
    int seats[] = {0, 5, 10};
    for (size_t i = 0; i < 3; i++) {
        wfm_erlang_metrics m = wfm_test_erlang_metrics(&in, seats[i]);
        assert_true(m.overloaded);
        assert_true(m.p_wait == 1 && m.service_level == 0 && m.occupancy == 1);
        assert_true(isinf(m.asa_s) && m.asa_s > 0);
    }
    assert_false(wfm_test_erlang_metrics(&in, 11).overloaded);
}

static void more_seats_never_hurt(void **state)
{
    (void)state;
    wfm_erlang_input in = wfm_test_erlang_input(300, 240, 0); /* a = 80 Erlangs */
    wfm_erlang_metrics prev = wfm_test_erlang_metrics(&in, 81);
    for (int n = 82; n <= 200; n++) {
        wfm_erlang_metrics m = wfm_test_erlang_metrics(&in, n);
        assert_true(m.service_level >= prev.service_level);
        assert_true(m.p_wait <= prev.p_wait);
        assert_true(m.asa_s <= prev.asa_s);
        assert_true(m.occupancy < prev.occupancy);
        prev = m;
    }
    assert_true(prev.service_level > 1 - 1e-12);
}

static void no_calls_means_perfect_service(void **state)
{
    (void)state;
    wfm_erlang_input in = wfm_test_erlang_input(0, 240, 0);
    wfm_erlang_metrics m = wfm_test_erlang_metrics(&in, 0);
    assert_false(m.overloaded);
    assert_true(m.service_level == 1 && m.asa_s == 0 && m.occupancy == 0);
}

static void bad_input_names_the_field(void **state)
{
    (void)state;
    wfm_erlang_metrics m;
    wfm_error err;
    wfm_erlang_input in = wfm_test_erlang_input(100, 0, 0);
    assert_int_equal(wfm_erlang_metrics_at(&in, 5, &m, &err), WFM_EINVAL);
    assert_string_equal(err.field, "aht_s");
    in = wfm_test_erlang_input(NAN, 200, 0);
    assert_int_equal(wfm_erlang_metrics_at(&in, 5, &m, &err), WFM_EINVAL);
    assert_string_equal(err.field, "calls");
    in = wfm_test_erlang_input(-1, 200, 0);
    assert_int_equal(wfm_erlang_metrics_at(&in, 5, &m, &err), WFM_EINVAL);
    in = wfm_test_erlang_input(10, 200, 0);
    in.interval_s = 0;
    assert_int_equal(wfm_erlang_metrics_at(&in, 5, &m, &err), WFM_EINVAL);
    assert_string_equal(err.field, "interval_s");
    in = wfm_test_erlang_input(10, 200, 0);
    assert_int_equal(wfm_erlang_metrics_at(&in, -1, &m, &err), WFM_EINVAL);
    assert_string_equal(err.field, "agents");
    assert_int_equal(wfm_erlang_metrics_at(&in, WFM_ERLANG_MAX_SEATS + 1, &m, &err), WFM_EINVAL);
    in.threshold_s = INFINITY;
    assert_int_equal(wfm_erlang_metrics_at(&in, 5, &m, &err), WFM_EINVAL);
    assert_string_equal(err.field, "threshold_s");
    double b;
    assert_int_equal(wfm_erlang_b(-2, 5, &b, &err), WFM_EINVAL);
    assert_string_equal(err.field, "erlangs");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_erlang_c_reference_row_matches),
        cmocka_unit_test(erlang_b_matches_its_definition),
        cmocka_unit_test(erlang_b_is_stable_at_the_extremes),
        cmocka_unit_test(erlang_c_at_huge_scale_is_finite),
        cmocka_unit_test(load_at_or_above_seats_is_reported_as_overloaded),
        cmocka_unit_test(more_seats_never_hurt),
        cmocka_unit_test(no_calls_means_perfect_service),
        cmocka_unit_test(bad_input_names_the_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
