/* Specification of models/wfm_erlang, Erlang A (M/M/n+M): the reference
 * vectors; agreement with a direct birth-death computation (Little's law,
 * the service level by integrating the tagged caller's progress); limits
 * and monotonicity; stability over the whole range of sizes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdlib.h>
#include <cmocka.h>

#include "models/wfm_erlang.h"
#include "tests/support/wfm_erlang_vectors.h"

static void every_erlang_a_reference_row_matches(void **state)
{
    (void)state;
    assert_int_equal(wfm_erlang_vectors_check('A'), 149);
}

/* The stationary distribution of the M/M/n+M birth-death chain, summed
 * directly (independent of the closed forms): fills p_wait and the mean
 * queue length. Weights are kept as logarithms, rescaled by their maximum,
 * so thousands of seats fit; the sum stops once weights fall below e^-800
 * of the largest. */
static void birth_death(double lambda, double mu, double theta, int n, double *p_wait,
                        double *mean_queue)
{
    size_t cap = (size_t)n + 4000000;
    double *log_weight = malloc(cap * sizeof *log_weight), largest = 0;
    assert_non_null(log_weight);
    size_t last = 0;
    log_weight[0] = 0;
    for (size_t j = 1; j < cap; j++) {
        double rate = (int)j <= n ? j * mu : n * mu + (j - n) * theta;
        log_weight[j] = log_weight[j - 1] + log(lambda / rate);
        largest = fmax(largest, log_weight[j]);
        last = j;
        if ((int)j > n && log_weight[j] < largest - 800)
            break;
    }
    long double total = 0, waiting = 0, queue = 0;
    for (size_t j = 0; j <= last; j++) {
        long double w = expl((long double)(log_weight[j] - largest));
        total += w;
        if ((int)j >= n) {
            waiting += w;
            queue += ((int)j - n) * w;
        }
    }
    free(log_weight);
    *p_wait = (double)(waiting / total);
    *mean_queue = (double)(queue / total);
}

static void littles_law_and_p_wait_match_the_birth_death_chain(void **state)
{
    (void)state;
    /* calls per 900 s, aht_s, patience_s, agents: small to 5,000 seats,
     * under and over loaded */
    double cases[][4] = {{200, 180, 60, 35},        {90, 300, 120, 40},
                         {400, 240, 30, 90},        {50, 420, 600, 20},
                         {9900, 900, 9000, 1000},   {45000, 100, 1000, 5000},
                         {50500, 90, 9, 5000}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wfm_erlang_input in = wfm_test_erlang_input(cases[i][0], cases[i][1], cases[i][2]);
        int n = (int)cases[i][3];
        wfm_erlang_metrics m = wfm_test_erlang_metrics(&in, n);
        double lambda = in.calls / in.interval_s, p_wait, mean_queue;
        birth_death(lambda, 1 / in.aht_s, 1 / in.patience_s, n, &p_wait, &mean_queue);
        assert_true(fabs(m.p_wait - p_wait) < 1e-10);
        /* Little: E[Q] = lambda E[W]; and abandonments theta E[Q] = lambda P(Ab) */
        assert_true(fabs(lambda * m.asa_s - mean_queue) < 1e-9 * (1 + mean_queue));
        double abandon_rate = mean_queue / in.patience_s;
        assert_true(fabs(abandon_rate - lambda * m.p_abandon) < 1e-9 * (1e-3 + abandon_rate));
    }
}

/* P(answered within t) by integrating, with RK4, the progress of a tagged
 * caller who found k callers ahead (weights from the birth-death chain):
 * from j ahead it moves to j-1 at rate n mu + j theta, is answered from 0 at
 * rate n mu, and hangs up at rate theta. */
static double service_level_by_integration(double lambda, double mu, double theta, int n,
                                           double t, int cap)
{
    double *p = calloc((size_t)cap + 1, sizeof *p);
    double weight = 1, total = 1, free_seat = 1;
    for (int j = 1; j < n; j++) {
        weight *= lambda / (j * mu);
        total += weight;
        free_seat += weight;
    }
    for (int k = 0; k <= cap; k++) {
        weight *= lambda / (k == 0 ? n * mu : n * mu + k * theta);
        total += weight;
        p[k] = weight;
    }
    for (int k = 0; k <= cap; k++)
        p[k] /= total;
    double answered = 0, h = t / 4000;
    double *stage[4], *tmp = calloc((size_t)cap + 1, sizeof *p);
    for (int s = 0; s < 4; s++)
        stage[s] = calloc((size_t)cap + 1, sizeof *p);
    for (int step = 0; step < 4000; step++) {
        double served[4];
        for (int s = 0; s < 4; s++) {
            double c = s == 0 ? 0 : s == 3 ? h : h / 2;
            for (int j = 0; j <= cap; j++)
                tmp[j] = p[j] + (s ? c * stage[s - 1][j] : 0);
            for (int j = 0; j <= cap; j++)
                stage[s][j] = -(n * mu + j * theta + theta) * tmp[j] +
                              (j < cap ? (n * mu + (j + 1) * theta) * tmp[j + 1] : 0);
            served[s] = n * mu * tmp[0];
        }
        for (int j = 0; j <= cap; j++)
            p[j] += h / 6 * (stage[0][j] + 2 * stage[1][j] + 2 * stage[2][j] + stage[3][j]);
        answered += h / 6 * (served[0] + 2 * served[1] + 2 * served[2] + served[3]);
    }
    for (int s = 0; s < 4; s++)
        free(stage[s]);
    free(tmp);
    free(p);
    return free_seat / total + answered;
}

static void service_level_matches_direct_integration(void **state)
{
    (void)state;
    double cases[][5] = {{120, 180, 60, 22, 20}, {60, 300, 200, 18, 60}, {300, 240, 40, 75, 30}};
    for (size_t i = 0; i < 3; i++) {
        wfm_erlang_input in = wfm_test_erlang_input(cases[i][0], cases[i][1], cases[i][2]);
        in.threshold_s = cases[i][4];
        int n = (int)cases[i][3];
        wfm_erlang_metrics m = wfm_test_erlang_metrics(&in, n);
        double expected = service_level_by_integration(in.calls / in.interval_s, 1 / in.aht_s,
                                                       1 / in.patience_s, n, in.threshold_s, 400);
        assert_true(fabs(m.service_level - expected) < 1e-9);
        assert_true(m.service_level <= m.answer_rate);
    }
}

static void service_level_spans_no_wait_to_answer_rate(void **state)
{
    (void)state;
    wfm_erlang_input in = wfm_test_erlang_input(150, 240, 90);
    in.threshold_s = 0;
    wfm_erlang_metrics at_zero = wfm_test_erlang_metrics(&in, 40);
    assert_true(fabs(at_zero.service_level - (1 - at_zero.p_wait)) < 1e-12);
    in.threshold_s = 1e6;
    wfm_erlang_metrics forever = wfm_test_erlang_metrics(&in, 40);
    assert_true(fabs(forever.service_level - forever.answer_rate) < 1e-12);
}

static void erlang_a_tends_to_erlang_c_as_patience_grows(void **state)
{
    (void)state;
    wfm_erlang_input in = wfm_test_erlang_input(300, 240, 0); /* a = 80 */
    wfm_erlang_metrics c = wfm_test_erlang_metrics(&in, 86);
    in.patience_s = 1e7;
    wfm_erlang_metrics a = wfm_test_erlang_metrics(&in, 86);
    assert_true(fabs(a.p_wait - c.p_wait) < 1e-4);
    assert_true(fabs(a.service_level - c.service_level) < 1e-4);
    assert_true(fabs(a.asa_s - c.asa_s) < 1e-3 * c.asa_s);
    assert_true(a.p_abandon < 1e-5);
}

static void answer_rate_and_service_level_rise_with_seats(void **state)
{
    (void)state;
    wfm_erlang_input in = wfm_test_erlang_input(400, 300, 120); /* a = 133 */
    wfm_erlang_metrics prev = wfm_test_erlang_metrics(&in, 0);
    assert_true(prev.answer_rate == 0 && prev.p_abandon == 1);
    for (int n = 1; n <= 220; n++) {
        wfm_erlang_metrics m = wfm_test_erlang_metrics(&in, n);
        assert_true(m.answer_rate >= prev.answer_rate);
        assert_true(m.service_level >= prev.service_level);
        assert_true(fabs(m.answer_rate + m.p_abandon - 1) < 1e-15);
        assert_false(m.overloaded);
        prev = m;
    }
    assert_true(prev.answer_rate > 1 - 1e-9);
}

static void stays_finite_over_the_whole_range(void **state)
{
    (void)state;
    double calls_per_hour[] = {0.5, 40, 3000, 1e5, 1e6};
    double patience_per_aht[] = {0.01, 0.3, 1, 10, 100};
    int seats[] = {1, 7, 100, 1000, 5000, 10000};
    for (size_t c = 0; c < 5; c++)
        for (size_t p = 0; p < 5; p++)
            for (size_t s = 0; s < 6; s++) {
                wfm_erlang_input in = wfm_test_erlang_input(calls_per_hour[c], 180, 180 * patience_per_aht[p]);
                in.interval_s = 3600;
                wfm_erlang_metrics m = wfm_test_erlang_metrics(&in, seats[s]);
                assert_true(m.p_wait >= 0 && m.p_wait <= 1);
                assert_true(m.p_abandon >= 0 && m.p_abandon <= m.p_wait);
                assert_true(m.service_level >= 0 && m.service_level <= m.answer_rate + 1e-12);
                assert_true(isfinite(m.asa_s) && m.asa_s >= 0);
                assert_true(m.occupancy >= 0 && m.occupancy <= 1);
            }
}

/* Every accepted input, however extreme, gives metrics in range: never
 * NaN, never a negative or infinite wait for Erlang A. */
static void extreme_inputs_stay_in_range(void **state)
{
    (void)state;
    double calls[] = {1e-300, 1e-6, 3, 5e4, 1e7};
    double seconds[] = {1e-9, 0.5, 60, 3600, 1e9};
    double patience[] = {0, 1e-9, 30, 1e5, 1e12};
    int agents[] = {0, 1, 7, 300, 10000};
    size_t accepted = 0;
    for (size_t c = 0; c < 5; c++)
        for (size_t h = 0; h < 5; h++)
            for (size_t i = 0; i < 5; i++)
                for (size_t p = 0; p < 5; p++)
                    for (size_t n = 0; n < 5; n++) {
                        wfm_erlang_input in = wfm_test_erlang_input(calls[c], seconds[h], patience[p]);
                        in.interval_s = seconds[i];
                        in.threshold_s = seconds[(c + p) % 5];
                        wfm_erlang_metrics m;
                        if (wfm_erlang_metrics_at(&in, agents[n], &m, NULL) != WFM_OK)
                            continue; /* load beyond WFM_ERLANG_MAX_LOAD */
                        accepted++;
                        assert_true(m.p_wait >= 0 && m.p_wait <= 1);
                        assert_true(m.service_level >= 0 && m.service_level <= 1);
                        assert_true(m.p_abandon >= 0 && m.p_abandon <= 1);
                        assert_true(m.occupancy >= 0 && m.occupancy <= 1);
                        assert_true(m.asa_s >= 0 && !isnan(m.asa_s));
                        assert_true(isfinite(m.asa_s) || m.overloaded);
                    }
    assert_true(accepted > 2000);
}

static void negative_patience_is_rejected(void **state)
{
    (void)state;
    wfm_erlang_input in = wfm_test_erlang_input(100, 200, -5);
    wfm_erlang_metrics m;
    wfm_error err;
    assert_int_equal(wfm_erlang_metrics_at(&in, 5, &m, &err), WFM_EINVAL);
    assert_string_equal(err.field, "patience_s");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_erlang_a_reference_row_matches),
        cmocka_unit_test(littles_law_and_p_wait_match_the_birth_death_chain),
        cmocka_unit_test(service_level_matches_direct_integration),
        cmocka_unit_test(service_level_spans_no_wait_to_answer_rate),
        cmocka_unit_test(erlang_a_tends_to_erlang_c_as_patience_grows),
        cmocka_unit_test(answer_rate_and_service_level_rise_with_seats),
        cmocka_unit_test(stays_finite_over_the_whole_range),
        cmocka_unit_test(extreme_inputs_stay_in_range),
        cmocka_unit_test(negative_patience_is_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
