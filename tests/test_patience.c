/* Specification of models/wfm_patience: abandoned / waiting time, pooled,
 * shrunk toward a prior when abandons are few. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "models/wfm_patience.h"

static wfm_patience_opts no_prior(void)
{
    wfm_patience_opts o;
    wfm_patience_opts_init(&o);
    o.prior_abandons = 0;
    return o;
}

static void pooled_estimate_is_abandons_over_waiting_time(void **state)
{
    (void)state;
    double abandoned[] = {10, 30, 0, 60};
    double waited[] = {1000, 2500, 100, 8400}; /* 100 abandons over 12,000 s */
    wfm_patience_opts o = no_prior();
    wfm_patience_estimate e;
    assert_int_equal(wfm_patience_estimate_pooled(abandoned, waited, 4, &o, &e, NULL), WFM_OK);
    assert_true(fabs(e.theta_per_s - 100.0 / 12000) < 1e-15);
    assert_true(fabs(e.patience_s - 120) < 1e-12);
    assert_true(e.prior_weight == 0);
}

static void few_abandons_lean_on_the_prior(void **state)
{
    (void)state;
    wfm_patience_opts o;
    wfm_patience_opts_init(&o); /* 10 pseudo-abandons at 120 s */
    wfm_patience_estimate e;
    /* no data at all: the prior */
    assert_int_equal(wfm_patience_estimate_pooled(NULL, NULL, 0, &o, &e, NULL), WFM_OK);
    assert_true(fabs(e.patience_s - 120) < 1e-12 && e.prior_weight == 1);
    /* 2 abandons in 2,000 s of waiting would say 1,000 s; the prior pulls it
     * to (2000 + 1200) / (2 + 10) = 266.7 s */
    double abandoned[] = {2}, waited[] = {2000};
    assert_int_equal(wfm_patience_estimate_pooled(abandoned, waited, 1, &o, &e, NULL), WFM_OK);
    assert_true(fabs(e.patience_s - 3200.0 / 12) < 1e-9);
    /* thousands of abandons: the data win */
    double many[] = {5000}, long_wait[] = {5000 * 60.0};
    assert_int_equal(wfm_patience_estimate_pooled(many, long_wait, 1, &o, &e, NULL), WFM_OK);
    assert_true(fabs(e.patience_s - 60) < 0.2 && e.prior_weight < 0.002);
}

static void bad_history_names_the_interval(void **state)
{
    (void)state;
    double abandoned[] = {3, -1}, waited[] = {100, 200};
    wfm_patience_opts o;
    wfm_patience_opts_init(&o);
    wfm_patience_estimate e;
    wfm_error err;
    assert_int_equal(wfm_patience_estimate_pooled(abandoned, waited, 2, &o, &e, &err), WFM_EINVAL);
    assert_string_equal(err.field, "abandoned[1]");
    abandoned[1] = 1;
    waited[0] = NAN;
    assert_int_equal(wfm_patience_estimate_pooled(abandoned, waited, 2, &o, &e, &err), WFM_EINVAL);
    assert_string_equal(err.field, "wait_time_s[0]");
    o = no_prior();
    double none[] = {0}, some_wait[] = {50};
    assert_int_equal(wfm_patience_estimate_pooled(none, some_wait, 1, &o, &e, &err), WFM_EINVAL);
    wfm_patience_opts_init(&o);
    o.prior_patience_s = 0;
    assert_int_equal(wfm_patience_estimate_pooled(none, some_wait, 1, &o, &e, &err), WFM_EINVAL);
    assert_string_equal(err.field, "prior_patience_s");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pooled_estimate_is_abandons_over_waiting_time),
        cmocka_unit_test(few_abandons_lean_on_the_prior),
        cmocka_unit_test(bad_history_names_the_interval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
