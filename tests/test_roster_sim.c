/* Specification of models/wfm_roster_sim: a roster's seats replayed whole
 * days at a time agree with queueing theory in steady state (Erlang A for
 * live queues, Erlang C's waiting-time distribution for deferred ones, both
 * from models/wfm_erlang's closed forms), improve with seats, lose every
 * caller with no seats, keep callers waiting across midnight, narrow their
 * confidence interval with replications, repeat themselves for a seed, and
 * round fractional seats without losing seat-time. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "models/wfm_erlang.h"
#include "models/wfm_roster_sim.h"

#define PER_DAY 96
#define MAX_DAYS 2
#define SLOTS (PER_DAY * MAX_DAYS)

/* cmocka 1.1 has no float assertion. */
#define assert_close(a, b, tolerance) assert_true(fabs((a) - (b)) <= (tolerance))

/* One queue, constant load and seats over n_days days of 15-minute
 * intervals: the stationary case the Erlang formulas describe. */
typedef struct one_queue {
    double offered[SLOTS], seats[SLOTS];
    wfm_roster_sim_queue queue;
    wfm_roster_sim_input input;
} one_queue;

static void one_queue_init(one_queue *c, double offered, double aht_s, double seats,
                           double patience_s, double deadline_s, int n_days)
{
    for (int i = 0; i < SLOTS; i++) {
        c->offered[i] = offered;
        c->seats[i] = seats;
    }
    c->queue = (wfm_roster_sim_queue){"phone", c->offered, c->seats, aht_s, patience_s, deadline_s};
    c->input = (wfm_roster_sim_input){&c->queue, 1, n_days, PER_DAY, 900};
}

static wfm_roster_sim_result run_ok(const wfm_roster_sim_input *in, const wfm_roster_sim_opts *o)
{
    wfm_roster_sim_result res;
    wfm_error err;
    wfm_error_clear(&err);
    if (wfm_roster_sim_run(in, o, &res, &err) != WFM_OK)
        fail_msg("simulation refused: %s", err.message);
    return res;
}

/* One day of the steady queue used throughout: 100 calls a quarter hour
 * of 240 s (26.7 Erlangs), about 9,600 calls a day. */
static wfm_roster_sim_result steady_day(double seats, double patience_s, double deadline_s,
                                        int replications, double confidence)
{
    static one_queue c;
    one_queue_init(&c, 100, 240, seats, patience_s, deadline_s, 1);
    wfm_roster_sim_opts o;
    wfm_roster_sim_opts_init(&o);
    o.replications = replications;
    o.confidence = confidence;
    return run_ok(&c.input, &o);
}

static void assert_inside(const char *what, double reference, wfm_sim_stat s)
{
    if (reference < s.ci_low || reference > s.ci_high)
        fail_msg("%s: reference %.5f outside the simulated interval [%.5f, %.5f] (mean %.5f)", what,
                 reference, s.ci_low, s.ci_high, s.mean);
}

static wfm_erlang_metrics erlang(double calls, double aht_s, int agents, double patience_s,
                                 double threshold_s)
{
    wfm_erlang_input in;
    wfm_erlang_input_init(&in);
    in.calls = calls;
    in.aht_s = aht_s;
    in.patience_s = patience_s;
    in.threshold_s = threshold_s;
    wfm_erlang_metrics m;
    wfm_error err;
    assert_int_equal(wfm_erlang_metrics_at(&in, agents, &m, &err), WFM_OK);
    return m;
}

/* ---- agreement with theory ----------------------------------------------- */

/* The steady queue on 26 agents (overloaded without abandonment), patience
 * 120 s, twenty days. The start-up from an empty system lasts minutes of a 24-hour day,
 * far inside the interval. */
static void live_day_matches_erlang_a(void **state)
{
    (void)state;
    wfm_roster_sim_result r = steady_day(26, 120, 0, 20, 0.999);
    double reference = erlang(100, 240, 26, 120, 20).answer_rate;
    assert_true(reference > 0.8 && reference < 0.99); /* a case where abandonment matters */
    assert_inside("day answer rate", reference, r.days[0].answer_rate);
    assert_true(r.days[0].answer_rate.ci_high - r.days[0].answer_rate.ci_low < 0.02); /* a sharp check */
    assert_inside("all-queue day answer rate", reference, r.all_days[0].answer_rate);
    assert_close(r.days[0].offered, 9600, 9600 * 0.01);
    assert_close(r.days[0].answered + r.days[0].abandoned, r.days[0].offered, 1e-9);
    wfm_roster_sim_result_free(&r);
}

/* A deferred queue never abandons, and answered within the deadline is
 * Erlang C's service level at the deadline: 1 - C exp(-(n - a) t / aht). */
static void deferred_day_matches_erlang_c_at_the_deadline(void **state)
{
    (void)state;
    wfm_roster_sim_result r = steady_day(30, 0, 60, 20, 0.999);
    double reference = erlang(100, 240, 30, 0, 60).service_level;
    assert_true(reference > 0.6 && reference < 0.95);
    assert_inside("deferred in-time rate", reference, r.days[0].answer_rate);
    assert_close(r.days[0].abandoned, 0, 0);
    assert_true(r.days[0].answered > r.days[0].answered_in_time);
    wfm_roster_sim_result_free(&r);
}

/* ---- properties -------------------------------------------------------- */

static double day_rate(double seats)
{
    wfm_roster_sim_result r = steady_day(seats, 120, 0, 4, 0.95);
    double rate = r.days[0].answer_rate.mean;
    wfm_roster_sim_result_free(&r);
    return rate;
}

static void more_seats_answer_more(void **state)
{
    (void)state;
    double previous = -1;
    for (int seats = 20; seats <= 32; seats += 3) {
        double rate = day_rate(seats);
        assert_true(rate > previous);
        previous = rate;
    }
    assert_true(previous > 0.97);
}

static void zero_seats_answer_nobody(void **state)
{
    (void)state;
    static one_queue c;
    one_queue_init(&c, 100, 240, 0, 120, 0, 1);
    wfm_roster_sim_result r = run_ok(&c.input, NULL);
    assert_true(r.days[0].offered > 0);
    assert_close(r.days[0].answered, 0, 0);
    assert_close(r.days[0].abandoned, r.days[0].offered, 1e-9);
    assert_close(r.days[0].answer_rate.mean, 0, 0);
    assert_close(r.horizon.answer_rate.mean, 0, 0);
    wfm_roster_sim_result_free(&r);
}

/* Callers who never hang up, offered late on day 0 with no seats, are
 * answered on day 1 and counted on the day they called. */
static void callers_keep_waiting_past_midnight(void **state)
{
    (void)state;
    static one_queue c;
    one_queue_init(&c, 0, 240, 0, 0, 0, 2);
    c.offered[PER_DAY - 1] = 30;
    for (int i = PER_DAY; i < 2 * PER_DAY; i++)
        c.seats[i] = 5;
    wfm_roster_sim_result r = run_ok(&c.input, NULL);
    assert_true(r.days[0].offered > 20);
    assert_close(r.days[0].answered, r.days[0].offered, 1e-9);
    assert_close(r.days[0].answer_rate.mean, 1, 1e-12);
    assert_close(r.days[1].offered, 0, 0);
    assert_close(r.days[1].answer_rate.mean, -1, 0); /* nothing offered: no rate */
    assert_int_equal(r.days[1].answer_rate.n, 0);
    wfm_roster_sim_result_free(&r);
}

static double ci_width(int replications)
{
    wfm_roster_sim_result r = steady_day(26, 120, 0, replications, 0.95);
    assert_int_equal(r.days[0].answer_rate.n, replications);
    double width = r.days[0].answer_rate.ci_high - r.days[0].answer_rate.ci_low;
    wfm_roster_sim_result_free(&r);
    return width;
}

static void interval_shrinks_with_replications(void **state)
{
    (void)state;
    double w3 = ci_width(3), w12 = ci_width(12), w40 = ci_width(40);
    assert_true(w3 > w12 && w12 > w40 && w40 > 0);
}

/* Field by field: the structs have padding. */
static void assert_same_day(const wfm_roster_sim_day *a, const wfm_roster_sim_day *b)
{
    assert_true(a->offered == b->offered && a->answered == b->answered &&
                a->abandoned == b->abandoned && a->answered_in_time == b->answered_in_time);
    assert_true(a->answer_rate.mean == b->answer_rate.mean &&
                a->answer_rate.ci_low == b->answer_rate.ci_low &&
                a->answer_rate.ci_high == b->answer_rate.ci_high &&
                a->answer_rate.n == b->answer_rate.n);
}

/* Same seed, same numbers; another seed, other numbers; more replications
 * extend fewer. */
static void same_seed_same_result(void **state)
{
    (void)state;
    static one_queue c;
    one_queue_init(&c, 60, 300, 21.4, 90, 0, 2);
    wfm_roster_sim_opts o;
    wfm_roster_sim_opts_init(&o);
    o.replications = 3;
    o.seed = 7;
    wfm_roster_sim_result a = run_ok(&c.input, &o), b = run_ok(&c.input, &o);
    for (int d = 0; d < 2; d++) {
        assert_same_day(&a.days[d], &b.days[d]);
        assert_same_day(&a.all_days[d], &b.all_days[d]);
    }
    assert_same_day(&a.horizon, &b.horizon);
    o.seed = 8;
    o.replications = 1;
    wfm_roster_sim_result other = run_ok(&c.input, &o);
    assert_true(other.days[0].answered != a.days[0].answered);
    /* Replication k is seed + k: two replications from 7 are one from 7 and one from 8. */
    o.replications = 2;
    o.seed = 7;
    wfm_roster_sim_result two = run_ok(&c.input, &o);
    o.replications = 1;
    wfm_roster_sim_result first = run_ok(&c.input, &o);
    assert_close(two.days[0].answered, (first.days[0].answered + other.days[0].answered) / 2, 0);
    wfm_roster_sim_result_free(&a);
    wfm_roster_sim_result_free(&b);
    wfm_roster_sim_result_free(&other);
    wfm_roster_sim_result_free(&first);
    wfm_roster_sim_result_free(&two);
}

/* All queues together: the pooled counts are the sums, and the pooled rate
 * lies between the queues' rates. */
static void all_queue_day_pools_the_queues(void **state)
{
    (void)state;
    static one_queue live, deferred;
    one_queue_init(&live, 100, 240, 26, 120, 0, 1);
    one_queue_init(&deferred, 40, 300, 12, 0, 1800, 1);
    wfm_roster_sim_queue queues[2] = {live.queue, deferred.queue};
    wfm_roster_sim_input in = {queues, 2, 1, PER_DAY, 900};
    wfm_roster_sim_result r = run_ok(&in, NULL);
    const wfm_roster_sim_day *all = &r.all_days[0];
    assert_close(all->offered, r.days[0].offered + r.days[1].offered, 1e-6);
    assert_close(all->answered_in_time, r.days[0].answered_in_time + r.days[1].answered_in_time,
                 1e-6);
    double lo = fmin(r.days[0].answer_rate.mean, r.days[1].answer_rate.mean);
    double hi = fmax(r.days[0].answer_rate.mean, r.days[1].answer_rate.mean);
    assert_true(all->answer_rate.mean > lo && all->answer_rate.mean < hi);
    assert_true(all->answer_rate.ci_low < all->answer_rate.mean &&
                all->answer_rate.mean < all->answer_rate.ci_high);
    assert_close(r.horizon.offered, all->offered, 1e-6);
    wfm_roster_sim_result_free(&r);
}

/* ---- seat rounding --------------------------------------------------------- */

static void fractional_seats_keep_their_seat_time(void **state)
{
    (void)state;
    const double seats[8] = {0.4, 0.4, 0.4, 0.4, 0.4, 10.5, 10.5, 9.99999999};
    int out[8];
    wfm_roster_sim_round_seats(seats, 8, out);
    double planned = 0;
    long simulated = 0;
    for (int i = 0; i < 8; i++) {
        planned += seats[i];
        simulated += out[i];
        assert_true(fabs(out[i] - seats[i]) < 1);
        assert_true(fabs(simulated - planned) <= 0.5 + 1e-9);
    }
    assert_int_equal(out[0] + out[1] + out[2] + out[3] + out[4], 2); /* 0.4 x 5 = 2 seat-intervals */
    assert_int_equal(out[7], 10);
    const double whole[3] = {3, 0, 7};
    wfm_roster_sim_round_seats(whole, 3, out);
    assert_int_equal(out[0], 3);
    assert_int_equal(out[1], 0);
    assert_int_equal(out[2], 7);
}

static void bad_input_is_refused_naming_the_field(void **state)
{
    (void)state;
    static one_queue c;
    wfm_roster_sim_result r;
    wfm_error err;
    one_queue_init(&c, 10, 240, 5, 60, 0, 1);
    c.seats[3] = -1;
    assert_int_equal(wfm_roster_sim_run(&c.input, NULL, &r, &err), WFM_EINVAL);
    assert_string_equal(err.field, "seats");
    assert_non_null(strstr(err.message, "(-1)"));
    assert_null(r.days);

    one_queue_init(&c, 10, 240, 5, -3, 0, 1);
    assert_int_equal(wfm_roster_sim_run(&c.input, NULL, &r, &err), WFM_EINVAL);
    assert_string_equal(err.field, "patience_s");

    one_queue_init(&c, 10, 0, 5, 60, 0, 1);
    assert_int_equal(wfm_roster_sim_run(&c.input, NULL, &r, &err), WFM_EINVAL);
    assert_string_equal(err.field, "aht_s");

    one_queue_init(&c, 10, 240, 5, 60, 0, 1);
    wfm_roster_sim_opts o;
    wfm_roster_sim_opts_init(&o);
    o.replications = 0;
    assert_int_equal(wfm_roster_sim_run(&c.input, &o, &r, &err), WFM_EINVAL);
    assert_string_equal(err.field, "replications");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(live_day_matches_erlang_a),
        cmocka_unit_test(deferred_day_matches_erlang_c_at_the_deadline),
        cmocka_unit_test(more_seats_answer_more),
        cmocka_unit_test(zero_seats_answer_nobody),
        cmocka_unit_test(callers_keep_waiting_past_midnight),
        cmocka_unit_test(interval_shrinks_with_replications),
        cmocka_unit_test(same_seed_same_result),
        cmocka_unit_test(all_queue_day_pools_the_queues),
        cmocka_unit_test(fractional_seats_keep_their_seat_time),
        cmocka_unit_test(bad_input_is_refused_naming_the_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
