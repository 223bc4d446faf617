/* Specification of models/wfm_simulate: the discrete-event replay agrees
 * with queueing theory where theory is exact (steady-state Erlang C and A,
 * checked against the independent vectors in tests/reference), keeps every
 * contact accounted for, obeys Little's law, is reproducible from its seed
 * and refuses bad input with a named field. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "models/wfm_simulate.h"
#include "tests/support/wfm_erlang_vectors.h"

#define MAX_INTERVALS 400

/* cmocka 1.1 has no float assertion. */
#define assert_close(a, b, tolerance) assert_true(fabs((a) - (b)) <= (tolerance))

/* One queue with constant load: the steady state the Erlang formulas
 * describe, run long enough for tight confidence intervals. */
typedef struct steady_case {
    double offered[MAX_INTERVALS], aht_s[MAX_INTERVALS];
    int seats[MAX_INTERVALS];
    wfm_sim_queue queue;
    wfm_sim_input input;
} steady_case;

static void steady_init(steady_case *c, double offered, double interval_s, double aht_s,
                        int seats, double patience_s, size_t n_intervals)
{
    assert_true(n_intervals <= MAX_INTERVALS);
    for (size_t i = 0; i < n_intervals; i++) {
        c->offered[i] = offered;
        c->aht_s[i] = aht_s;
        c->seats[i] = seats;
    }
    c->queue = (wfm_sim_queue){"phone", c->offered, c->aht_s, c->seats, patience_s, 0};
    c->input = (wfm_sim_input){&c->queue, 1, n_intervals, 0, interval_s};
}

/* Runs the simulation, which must accept the input. */
static wfm_sim_result simulate_ok(const wfm_sim_input *in, const wfm_sim_opts *o)
{
    wfm_sim_result res;
    wfm_error err;
    wfm_error_clear(&err);
    wfm_status st = wfm_simulate(in, o, &res, &err);
    if (st != WFM_OK)
        fail_msg("simulation refused: %s", err.message);
    return res;
}

/* ---- the independent reference ------------------------------------------ */

typedef wfm_erlang_vector reference_row;

/* Data row `wanted` (1 = first row after the header) of the reference. */
static reference_row read_reference(int wanted)
{
    size_t n = 0;
    wfm_erlang_vector *all = wfm_erlang_vectors_load(&n);
    assert_non_null(all);
    assert_true(wanted >= 1 && (size_t)wanted <= n);
    reference_row r = all[wanted - 1];
    free(all);
    return r;
}

static void assert_within(const char *what, double reference, wfm_sim_stat s)
{
    if (reference < s.ci_low || reference > s.ci_high)
        fail_msg("%s: reference %.5f outside the simulated interval [%.5f, %.5f] (mean %.5f)",
                 what, reference, s.ci_low, s.ci_high, s.mean);
}

/* Simulates a reference row in steady state: about 20,000 contacts per
 * replication after one interval of warm-up. The check uses 99.9 %
 * intervals so that six rows times three measures stay reliable. */
static wfm_sim_result simulate_reference(const reference_row *r, steady_case *c)
{
    size_t n = (size_t)ceil(20000.0 / r->calls) + 1;
    if (n > MAX_INTERVALS)
        n = MAX_INTERVALS;
    steady_init(c, r->calls, r->interval_s, r->aht_s, r->agents,
                r->model == 'A' ? r->patience_s : 0, n);
    wfm_sim_opts o;
    wfm_sim_opts_init(&o);
    o.replications = 12;
    o.seed = 2024;
    o.warmup_s = r->interval_s;
    o.confidence = 0.999;
    if (!isnan(r->threshold_s))
        o.threshold_s = r->threshold_s;
    wfm_sim_result res = simulate_ok(&c->input, &o);
    return res;
}

/* Every measure the reference row gives must lie in the simulated interval;
 * rows of model C have no abandonment, rows of model A no service level. */
static void check_reference_rows(const int *rows, size_t n_rows, char model)
{
    for (size_t k = 0; k < n_rows; k++) {
        reference_row r = read_reference(rows[k]);
        assert_int_equal(r.model, model);
        steady_case c;
        wfm_sim_result res = simulate_reference(&r, &c);
        const wfm_sim_summary *t = &res.total[0];
        const struct {
            const char *name;
            double reference;
            wfm_sim_stat simulated;
        } measures[] = {
            {"p_wait", r.p_wait, t->p_wait},
            {"service level", r.service_level, t->service_level},
            {"ASA", r.asa_s, t->asa_s},
            {"p_abandon", r.p_abandon, t->p_abandon},
            {"answer rate", r.answer_rate, t->answer_rate},
            {"occupancy", r.occupancy, t->occupancy},
        };
        for (size_t m = 0; m < sizeof measures / sizeof measures[0]; m++)
            if (!isnan(measures[m].reference))
                assert_within(measures[m].name, measures[m].reference, measures[m].simulated);
        if (model == 'C')
            assert_true(t->answer_rate.mean == 1.0);
        wfm_sim_result_free(&res);
    }
}

static void erlang_c_rows_lie_in_the_simulated_intervals(void **state)
{
    (void)state;
    const int rows[] = {13, 47, 95}; /* 35, 35 and 38 agents, occupancy 0.82-0.89 */
    check_reference_rows(rows, sizeof rows / sizeof rows[0], 'C');
}

static void erlang_a_rows_lie_in_the_simulated_intervals(void **state)
{
    (void)state;
    const int rows[] = {3, 54, 84}; /* 17, 23 and 27 agents, patience 60, 30, 300 s */
    check_reference_rows(rows, sizeof rows / sizeof rows[0], 'A');
}

/* Little's law at the agents: mean busy agents = answer throughput x mean
 * handle time (L = lambda W), here occupancy x seats x horizon = answered x
 * AHT, up to the sampling error of the handle times (about 1/sqrt(N)). */
static void busy_agents_follow_littles_law(void **state)
{
    (void)state;
    steady_case c;
    steady_init(&c, 150, 900, 240, 45, 120, 96);
    wfm_sim_result res = simulate_ok(&c.input, NULL);
    double horizon = 96 * 900.0;
    double busy = res.total[0].occupancy.mean * 45 * horizon;
    double expected = res.total[0].answered * 240;
    assert_true(fabs(busy - expected) / expected < 0.01);
    wfm_sim_result_free(&res);
}

static void every_contact_is_answered_abandoned_or_still_waiting(void **state)
{
    (void)state;
    /* Seats vanish for the last two hours and nobody hangs up: contacts
     * arriving then wait forever and must be reported as still waiting. */
    steady_case c;
    steady_init(&c, 40, 900, 300, 15, 0, 32);
    for (size_t i = 24; i < 32; i++)
        c.seats[i] = 0;
    c.input.intervals_per_day = 16;
    wfm_sim_result res = simulate_ok(&c.input, NULL);
    assert_int_equal(res.n_days, 2);
    double offered = 0;
    for (size_t i = 0; i < 32; i++) {
        const wfm_sim_summary *s = &res.intervals[i];
        assert_close(s->answered + s->abandoned + s->still_waiting, s->offered, 1e-9);
        offered += s->offered;
    }
    assert_true(res.days[1].still_waiting > 0);
    assert_close(res.days[0].still_waiting, 0, 0);
    assert_close(res.total[0].offered, offered, 1e-6);
    /* Poisson arrivals: 32 x 40 expected per replication, 20 replications. */
    assert_true(fabs(res.total[0].offered - 1280) < 4 * sqrt(1280.0 / 20));
    wfm_sim_result_free(&res);
}

static void zero_seats_means_every_caller_abandons(void **state)
{
    (void)state;
    steady_case c;
    steady_init(&c, 30, 900, 200, 0, 90, 8);
    wfm_sim_result res = simulate_ok(&c.input, NULL);
    assert_true(res.total[0].offered > 0);
    assert_close(res.total[0].answer_rate.mean, 0, 0);
    assert_close(res.total[0].p_abandon.mean, 1, 0);
    assert_close(res.total[0].abandoned, res.total[0].offered, 1e-9);
    wfm_sim_result_free(&res);
}

static int stats_equal(wfm_sim_stat a, wfm_sim_stat b)
{
    return a.mean == b.mean && a.ci_low == b.ci_low && a.ci_high == b.ci_high && a.n == b.n;
}

/* Field by field: struct padding makes memcmp meaningless. */
static int summaries_equal(const wfm_sim_summary *a, const wfm_sim_summary *b)
{
    return a->offered == b->offered && a->answered == b->answered &&
           a->abandoned == b->abandoned && a->still_waiting == b->still_waiting &&
           stats_equal(a->answer_rate, b->answer_rate) && stats_equal(a->p_wait, b->p_wait) &&
           stats_equal(a->p_abandon, b->p_abandon) &&
           stats_equal(a->service_level, b->service_level) &&
           stats_equal(a->asa_s, b->asa_s) && stats_equal(a->occupancy, b->occupancy);
}

static void same_seed_same_result_other_seed_other_result(void **state)
{
    (void)state;
    steady_case c;
    steady_init(&c, 60, 900, 180, 14, 60, 16);
    wfm_sim_opts o;
    wfm_sim_opts_init(&o);
    o.seed = 7;
    o.handle_dist = WFM_HANDLE_LOGNORMAL;
    o.handle_cv = 0.8;
    wfm_sim_result a = simulate_ok(&c.input, &o);
    wfm_sim_result b = simulate_ok(&c.input, &o);
    o.seed = 8;
    wfm_sim_result d = simulate_ok(&c.input, &o);
    for (size_t i = 0; i < 16; i++)
        assert_true(summaries_equal(&a.intervals[i], &b.intervals[i]));
    assert_true(summaries_equal(a.total, b.total));
    assert_false(summaries_equal(a.total, d.total));
    wfm_sim_result_free(&a);
    wfm_sim_result_free(&b);
    wfm_sim_result_free(&d);
}

/* With more seats than could ever be busy nobody waits, so occupancy
 * measures the handle times alone: the lognormal keeps the given mean. */
static void lognormal_handle_times_keep_their_mean(void **state)
{
    (void)state;
    steady_case c;
    steady_init(&c, 100, 900, 300, 200, 0, 40);
    wfm_sim_opts o;
    wfm_sim_opts_init(&o);
    o.handle_dist = WFM_HANDLE_LOGNORMAL;
    o.handle_cv = 1.5;
    wfm_sim_result res = simulate_ok(&c.input, &o);
    double busy_s = res.total[0].occupancy.mean * 200 * 40 * 900;
    double mean_handle = busy_s / res.total[0].answered;
    /* 4000 contacts x 20 replications, CV 1.5: standard error ~0.5 %;
     * calls still running at the horizon end are cut off, so tolerate 3 %. */
    assert_true(fabs(mean_handle - 300) / 300 < 0.03);
    assert_close(res.total[0].p_wait.mean, 0, 0);
    wfm_sim_result_free(&res);
}

static void expect_rejected(const wfm_sim_input *in, const wfm_sim_opts *o, const char *field)
{
    wfm_sim_result res;
    wfm_error err;
    wfm_error_clear(&err);
    assert_int_equal(wfm_simulate(in, o, &res, &err), WFM_EINVAL);
    assert_string_equal(err.field, field);
    assert_null(res.total);
}

static void bad_input_is_refused_naming_the_field(void **state)
{
    (void)state;
    steady_case c;
    steady_init(&c, 10, 900, 200, 3, 0, 4);
    c.offered[2] = -1;
    expect_rejected(&c.input, NULL, "offered");
    c.offered[2] = 10;
    c.aht_s[1] = 0;
    expect_rejected(&c.input, NULL, "aht_s");
    c.aht_s[1] = 200;
    c.seats[3] = -2;
    expect_rejected(&c.input, NULL, "seats");
    c.seats[3] = 3;
    c.queue.patience_s = NAN;
    expect_rejected(&c.input, NULL, "patience_s");
    c.queue.patience_s = 0;
    c.input.interval_s = 0;
    expect_rejected(&c.input, NULL, "interval_s");
    c.input.interval_s = 900;

    wfm_sim_opts o;
    wfm_sim_opts_init(&o);
    o.replications = 0;
    expect_rejected(&c.input, &o, "replications");
    wfm_sim_opts_init(&o);
    o.handle_dist = WFM_HANDLE_LOGNORMAL;
    o.handle_cv = 0;
    expect_rejected(&c.input, &o, "handle_cv");
    wfm_sim_opts_init(&o);
    o.confidence = 1;
    expect_rejected(&c.input, &o, "confidence");
    expect_rejected(NULL, NULL, "queues");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(erlang_c_rows_lie_in_the_simulated_intervals),
        cmocka_unit_test(erlang_a_rows_lie_in_the_simulated_intervals),
        cmocka_unit_test(busy_agents_follow_littles_law),
        cmocka_unit_test(every_contact_is_answered_abandoned_or_still_waiting),
        cmocka_unit_test(zero_seats_means_every_caller_abandons),
        cmocka_unit_test(same_seed_same_result_other_seed_other_result),
        cmocka_unit_test(lognormal_handle_times_keep_their_mean),
        cmocka_unit_test(bad_input_is_refused_naming_the_field),
    };
    return cmocka_run_group_tests_name("simulate", tests, NULL, NULL);
}
