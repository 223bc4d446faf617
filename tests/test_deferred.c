/* Specification of models/wfm_deferred: deadline staffing for text
 * channels. Checked by replaying the plan as a FIFO fluid queue: every
 * interval's contacts must be within_share answered by its deadline and
 * fully answered by all_by_s. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "models/wfm_deferred.h"

enum { DAYS = 3, COUNT = DAYS * 96 };

static wfm_deferred_opts sms(void)
{
    wfm_deferred_opts o;
    wfm_deferred_opts_init(&o); /* 900 s intervals, 90 % within 2 h */
    o.aht_s = 180;              /* 5 contacts a seat an interval */
    return o;
}

/* Replays seats[] through a FIFO queue and checks each cohort's deadlines:
 * answered by the end of interval k + deadline/interval - 1 must cover
 * everything before cohort k plus its due share. */
static void assert_deadlines_met(const double *contacts, size_t count, const wfm_deferred_opts *o,
                                 const int *seats, const double *backlog)
{
    double answered_by_end[COUNT], waiting = o->initial_backlog, answered = 0;
    for (size_t j = 0; j < count; j++) {
        waiting += contacts[j];
        double done = fmin(waiting, seats[j] * o->interval_s / o->aht_s);
        waiting -= done;
        answered += done;
        answered_by_end[j] = answered;
        assert_true(fabs(backlog[j] - waiting) < 1e-6);
    }
    size_t due_in = (size_t)(o->deadline_s / o->interval_s), all_in = 2 * due_in;
    double before = o->initial_backlog;
    for (size_t k = 0; k < count; k++) {
        if (k + due_in - 1 < count)
            assert_true(answered_by_end[k + due_in - 1] >=
                        before + o->within_share * contacts[k] - 1e-6);
        if (k + all_in - 1 < count)
            assert_true(answered_by_end[k + all_in - 1] >= before + contacts[k] - 1e-6);
        before += contacts[k];
    }
}

static void daily_profile_meets_every_deadline(void **state)
{
    (void)state;
    double contacts[COUNT];
    for (int i = 0; i < COUNT; i++) {
        double h = (i % 96) / 4.0;
        contacts[i] = 2 + 40 * exp(-pow((h - 11) / 3, 2)) + 7 * (i % 5);
    }
    wfm_deferred_opts o = sms();
    int seats[COUNT];
    double backlog[COUNT];
    assert_int_equal(wfm_deferred_staff(contacts, COUNT, &o, seats, backlog, NULL), WFM_OK);
    assert_deadlines_met(contacts, COUNT, &o, seats, backlog);
    /* deferring smooths the peak: fewer seats at the top than answering
     * each interval's peak at once would need (ceil(max / 5)) */
    int peak = 0;
    for (int i = 0; i < COUNT; i++)
        peak = seats[i] > peak ? seats[i] : peak;
    assert_true(peak < ceil((2 + 40 + 28) / 5.0));
}

static void steady_load_needs_its_work_rate(void **state)
{
    (void)state;
    double contacts[COUNT];
    for (int i = 0; i < COUNT; i++)
        contacts[i] = 23; /* 4.6 seats of work an interval */
    wfm_deferred_opts o = sms();
    int seats[COUNT];
    double backlog[COUNT];
    assert_int_equal(wfm_deferred_staff(contacts, COUNT, &o, seats, backlog, NULL), WFM_OK);
    assert_deadlines_met(contacts, COUNT, &o, seats, backlog);
    double seat_intervals = 0;
    for (int i = 96; i < COUNT; i++)
        seat_intervals += seats[i];
    /* in the long run, the work (up to the change in backlog over the window)
     * plus at most one seat of rounding */
    double mean = seat_intervals / (COUNT - 96);
    assert_true(mean >= 4.6 - 0.05 && mean <= 5.6);
    assert_true(backlog[COUNT - 1] <= 23 * 8);
}

static void a_burst_is_spread_then_cleared(void **state)
{
    (void)state;
    double contacts[COUNT] = {0};
    contacts[10] = 400; /* a Weibo storm: 80 seat-intervals of work */
    wfm_deferred_opts o = sms();
    o.initial_backlog = 30;
    int seats[COUNT];
    double backlog[COUNT];
    assert_int_equal(wfm_deferred_staff(contacts, COUNT, &o, seats, backlog, NULL), WFM_OK);
    assert_deadlines_met(contacts, COUNT, &o, seats, backlog);
    assert_true(seats[10] < 80 / 2); /* spread over the 2 h window, not all at once */
    assert_true(backlog[40] == 0);    /* the 10 % tail is cleared too */
    assert_int_equal(seats[COUNT - 1], 0);
}

static void bad_input_names_the_field(void **state)
{
    (void)state;
    double contacts[3] = {4, -1, 2};
    int seats[3];
    double backlog[3];
    wfm_error err;
    wfm_deferred_opts o = sms();
    assert_int_equal(wfm_deferred_staff(contacts, 3, &o, seats, backlog, &err), WFM_EINVAL);
    assert_string_equal(err.field, "contacts[1]");
    contacts[1] = 1;
    o.aht_s = 0;
    assert_int_equal(wfm_deferred_staff(contacts, 3, &o, seats, backlog, &err), WFM_EINVAL);
    assert_string_equal(err.field, "aht_s");
    o = sms();
    o.within_share = 1.2;
    assert_int_equal(wfm_deferred_staff(contacts, 3, &o, seats, backlog, &err), WFM_EINVAL);
    assert_string_equal(err.field, "within_share");
    o = sms();
    o.all_by_s = 60;
    assert_int_equal(wfm_deferred_staff(contacts, 3, &o, seats, backlog, &err), WFM_EINVAL);
    assert_string_equal(err.field, "all_by_s");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(daily_profile_meets_every_deadline),
        cmocka_unit_test(steady_load_needs_its_work_rate),
        cmocka_unit_test(a_burst_is_spread_then_cleared),
        cmocka_unit_test(bad_input_names_the_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
