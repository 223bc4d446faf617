/* Specification of models/wfm_requirement: what each interval of a queue
 * is planned for, the agents it needs and its answered-calls curve.
 * Expectations from arithmetic (contacts moved, not lost; capacity = agents
 * x interval / handle time), from Erlang A evaluated directly
 * (wfm_erlang_metrics_at) and from the shape a curve must have. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "models/wfm_erlang.h"
#include "models/wfm_requirement.h"

static void closed_intervals_hand_their_contacts_to_the_next_opening(void **state)
{
    (void)state;
    double v[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    const unsigned char open[8] = {0, 0, 1, 1, 0, 1, 1, 0};
    wfm_requirement_move_closed(v, open, 8);
    const double want[8] = {0, 0, 6, 4, 0, 11, 7, 0}; /* the last 8 falls past the end */
    for (int i = 0; i < 8; i++)
        assert_true(v[i] == want[i]);
    double same[3] = {1, 2, 3};
    wfm_requirement_move_closed(same, NULL, 3);
    assert_true(same[0] == 1 && same[1] == 2 && same[2] == 3);
}

static void live_agents_are_the_fewest_meeting_the_answer_rate(void **state)
{
    (void)state;
    wfm_requirement_opts o;
    wfm_requirement_opts_init(&o);
    o.patience_s = 90;
    double load[3] = {0, 40, 150}, aht[3] = {300, 300, 240};
    int agents[3];
    wfm_error err;
    assert_int_equal(wfm_requirement_seats(load, aht, 3, &o, agents, &err), WFM_OK);
    assert_int_equal(agents[0], 0);
    for (int i = 1; i < 3; i++) {
        wfm_erlang_input in;
        wfm_erlang_input_init(&in);
        in.calls = load[i];
        in.aht_s = aht[i];
        in.patience_s = 90;
        wfm_erlang_metrics at, below;
        assert_int_equal(wfm_erlang_metrics_at(&in, agents[i], &at, &err), WFM_OK);
        assert_int_equal(wfm_erlang_metrics_at(&in, agents[i] - 1, &below, &err), WFM_OK);
        assert_true(at.answer_rate >= 0.95 && below.answer_rate < 0.95);
    }
    /* a service level on top never asks for fewer */
    int with_sl[3];
    o.service_level = 0.8;
    assert_int_equal(wfm_requirement_seats(load, aht, 3, &o, with_sl, &err), WFM_OK);
    assert_true(with_sl[2] >= agents[2]);
}

static void deferred_work_is_paced_and_conserved_over_a_repeating_horizon(void **state)
{
    (void)state;
    enum { N = 96 * 2 };
    double offered[N], load[N];
    for (int i = 0; i < N; i++) /* a burst each morning, quiet nights */
        offered[i] = (i % 96) >= 36 && (i % 96) < 44 ? 40 : 2;
    wfm_requirement_opts o;
    wfm_requirement_opts_init(&o);
    o.deadline_s = 7200;
    wfm_error err;
    assert_int_equal(wfm_requirement_load(offered, N, 300, &o, load, &err), WFM_OK);
    double in = 0, done = 0, peak_in = 0, peak_done = 0;
    for (int i = 0; i < N; i++) {
        in += offered[i];
        done += load[i];
        peak_in = fmax(peak_in, offered[i]);
        peak_done = fmax(peak_done, load[i]);
    }
    /* the backlog the horizon starts with is the one it ends with */
    assert_true(fabs(done - in) < 1e-6 * in);
    /* the deadline spreads the burst */
    assert_true(peak_done < peak_in);
    int agents[N];
    double aht[N];
    for (int i = 0; i < N; i++)
        aht[i] = 300;
    assert_int_equal(wfm_requirement_seats(load, aht, N, &o, agents, &err), WFM_OK);
    for (int i = 0; i < N; i++)
        assert_int_equal(agents[i], (int)ceil(load[i] * 300 / 900 - 1e-9));
}

static void curves_are_concave_and_shrinkage_stretches_them(void **state)
{
    (void)state;
    wfm_requirement_opts o;
    wfm_requirement_opts_init(&o);
    o.patience_s = 120;
    double full[41], shrunk[41];
    wfm_error err;
    assert_int_equal(wfm_requirement_curve(100, 270, 40, &o, full, &err), WFM_OK);
    o.shrinkage = 0.25;
    assert_int_equal(wfm_requirement_curve(100, 270, 40, &o, shrunk, &err), WFM_OK);
    wfm_erlang_input in;
    wfm_erlang_input_init(&in);
    in.calls = 100;
    in.aht_s = 270;
    in.patience_s = 120;
    wfm_erlang_metrics m;
    assert_int_equal(wfm_erlang_metrics_at(&in, 30, &m, &err), WFM_OK);
    assert_true(fabs(full[30] - 100 * m.answer_rate) < 1e-9);
    /* 40 scheduled agents at 25 % shrinkage are 30 on the queue */
    assert_true(fabs(shrunk[40] - full[30]) < 1e-9);
    for (int k = 1; k <= 40; k++) {
        assert_true(full[k] >= full[k - 1] && shrunk[k] >= shrunk[k - 1]);
        if (k >= 2) {
            assert_true(full[k] - full[k - 1] <= full[k - 1] - full[k - 2] + 1e-9);
            assert_true(shrunk[k] - shrunk[k - 1] <= shrunk[k - 1] - shrunk[k - 2] + 1e-9);
        }
    }
    /* deferred: capacity, flat past the work */
    double text[6];
    o.shrinkage = 0;
    o.deadline_s = 1800;
    assert_int_equal(wfm_requirement_curve(10, 300, 5, &o, text, &err), WFM_OK);
    const double want[6] = {0, 3, 6, 9, 10, 10};
    for (int k = 0; k < 6; k++)
        assert_true(fabs(text[k] - want[k]) < 1e-12);
    assert_true(wfm_requirement_curve_agents(100, 0) >= 100 + 40);
}

static void bad_options_are_named(void **state)
{
    (void)state;
    wfm_requirement_opts o;
    wfm_requirement_opts_init(&o);
    wfm_error err;
    assert_int_equal(wfm_requirement_opts_check(&o, &err), WFM_EINVAL); /* live needs patience */
    assert_string_equal(err.field, "patience_s");
    o.patience_s = 60;
    o.shrinkage = 0.95;
    assert_int_equal(wfm_requirement_opts_check(&o, &err), WFM_EINVAL);
    assert_string_equal(err.field, "shrinkage");
    o.shrinkage = 0;
    o.answer_rate = 1.2;
    assert_int_equal(wfm_requirement_opts_check(&o, &err), WFM_EINVAL);
    assert_string_equal(err.field, "answer_rate");
    o.answer_rate = 0.95;
    double bad[2] = {1, -1}, out[2];
    assert_int_equal(wfm_requirement_load(bad, 2, 300, &o, out, &err), WFM_EINVAL);
    assert_non_null(strstr(err.field, "offered"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(closed_intervals_hand_their_contacts_to_the_next_opening),
        cmocka_unit_test(live_agents_are_the_fewest_meeting_the_answer_rate),
        cmocka_unit_test(deferred_work_is_paced_and_conserved_over_a_repeating_horizon),
        cmocka_unit_test(curves_are_concave_and_shrinkage_stretches_them),
        cmocka_unit_test(bad_options_are_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
