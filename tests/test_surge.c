/* Specification of models/wfm_surge: an alert needs K intervals in a row
 * above the forecast's 95 % bound, ending at the latest interval; it says
 * since when, for how long and how far above (ratio and contacts). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <cmocka.h>

#include "models/wfm_surge.h"

#define assert_close(a, b, tolerance) assert_true(fabs((a) - (b)) <= (tolerance))

static void two_hot_intervals_at_the_end_raise_an_alert(void **state)
{
    (void)state;
    const double upper[] = {100, 100, 100, 100};
    const double actual[] = {90, 120, 110, 130};
    wfm_surge_alert alert;
    int found = -1;
    wfm_error err;
    assert_int_equal(wfm_surge_detect(actual, upper, 4, NULL, &alert, &found, &err), WFM_OK);
    assert_int_equal(found, 1);
    assert_int_equal(alert.since, 1);
    assert_int_equal(alert.intervals, 3);
    /* (120 + 110 + 130) / 300 and (360 - 300) / 3 */
    assert_close(alert.ratio, 1.2, 1e-12);
    assert_close(alert.above, 20.0, 1e-12);
}

static void one_hot_interval_is_not_enough(void **state)
{
    (void)state;
    const double upper[] = {100, 100, 100};
    const double actual[] = {130, 99, 150};
    wfm_surge_alert alert;
    int found = -1;
    wfm_error err;
    assert_int_equal(wfm_surge_detect(actual, upper, 3, NULL, &alert, &found, &err), WFM_OK);
    assert_int_equal(found, 0);
}

static void a_run_that_ended_is_over(void **state)
{
    (void)state;
    const double upper[] = {100, 100, 100, 100};
    const double actual[] = {130, 140, 150, 80};
    wfm_surge_alert alert;
    int found = -1;
    wfm_error err;
    assert_int_equal(wfm_surge_detect(actual, upper, 4, NULL, &alert, &found, &err), WFM_OK);
    assert_int_equal(found, 0);
}

static void equal_to_the_bound_is_not_above(void **state)
{
    (void)state;
    const double upper[] = {100, 100};
    const double actual[] = {100, 100};
    wfm_surge_alert alert;
    int found = -1;
    wfm_error err;
    assert_int_equal(wfm_surge_detect(actual, upper, 2, NULL, &alert, &found, &err), WFM_OK);
    assert_int_equal(found, 0);
}

static void a_missing_interval_breaks_the_run(void **state)
{
    (void)state;
    const double upper[] = {100, 100, 100};
    const double actual[] = {150, NAN, 150};
    wfm_surge_alert alert;
    int found = -1;
    wfm_error err;
    assert_int_equal(wfm_surge_detect(actual, upper, 3, NULL, &alert, &found, &err), WFM_OK);
    assert_int_equal(found, 0);
}

static void k_is_an_option(void **state)
{
    (void)state;
    const double upper[] = {10, 10, 10};
    const double actual[] = {5, 11, 12};
    wfm_surge_opts opts;
    wfm_surge_opts_init(&opts);
    assert_int_equal(opts.consecutive, 2);
    opts.consecutive = 3;
    wfm_surge_alert alert;
    int found = -1;
    wfm_error err;
    assert_int_equal(wfm_surge_detect(actual, upper, 3, &opts, &alert, &found, &err), WFM_OK);
    assert_int_equal(found, 0);
    opts.consecutive = 1;
    assert_int_equal(wfm_surge_detect(actual, upper, 3, &opts, &alert, &found, &err), WFM_OK);
    assert_int_equal(found, 1);
    assert_int_equal(alert.since, 1);
    assert_int_equal(alert.intervals, 2);
}

static void a_zero_bound_gives_an_infinite_ratio(void **state)
{
    (void)state;
    const double upper[] = {0, 0};
    const double actual[] = {3, 5};
    wfm_surge_alert alert;
    int found = -1;
    wfm_error err;
    assert_int_equal(wfm_surge_detect(actual, upper, 2, NULL, &alert, &found, &err), WFM_OK);
    assert_int_equal(found, 1);
    assert_true(isinf(alert.ratio));
    assert_close(alert.above, 4.0, 1e-12);
}

static void bad_input_names_the_field(void **state)
{
    (void)state;
    const double upper[] = {10, -1};
    const double actual[] = {5, 5};
    wfm_surge_alert alert;
    int found = -1;
    wfm_error err;
    assert_int_equal(wfm_surge_detect(actual, upper, 2, NULL, &alert, &found, &err), WFM_EINVAL);
    assert_string_equal(err.field, "upper");
    wfm_surge_opts opts;
    wfm_surge_opts_init(&opts);
    opts.consecutive = 0;
    assert_int_equal(wfm_surge_detect(actual, upper, 0, &opts, &alert, &found, &err), WFM_EINVAL);
    assert_string_equal(err.field, "consecutive");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_hot_intervals_at_the_end_raise_an_alert),
        cmocka_unit_test(one_hot_interval_is_not_enough),
        cmocka_unit_test(a_run_that_ended_is_over),
        cmocka_unit_test(equal_to_the_bound_is_not_above),
        cmocka_unit_test(a_missing_interval_breaks_the_run),
        cmocka_unit_test(k_is_an_option),
        cmocka_unit_test(a_zero_bound_gives_an_infinite_ratio),
        cmocka_unit_test(bad_input_names_the_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
