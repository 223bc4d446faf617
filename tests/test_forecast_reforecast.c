/* Specification of forecast/wfm_reforecast: the rest of today is rescaled
 * by the day's observed-to-forecast ratio, shrunk toward 1 early on. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdlib.h>
#include <cmocka.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "forecast/wfm_reforecast.h"
#include "tests/support/wfm_synth.h"

/* A day forecast at the true normal rates that actually runs hot by
 * `heat`: the absolute error on the rest of the day after `seen` intervals,
 * before and after reforecasting. */
static void rest_of_day_errors(double heat, size_t seen, double *before, double *after)
{
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    wfm_series *rates = wfm_synth_series(&so, 0, 1, 0);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    size_t n = rates->n;
    double *actual = malloc(n * sizeof(double)), *out = malloc(n * sizeof(double));
    for (size_t i = 0; i < n; i++)
        actual[i] = (double)gsl_ran_poisson(rng, rates->offered[i] * heat);
    wfm_reforecast_opts o;
    wfm_reforecast_opts_init(&o);
    wfm_error err;
    assert_int_equal(wfm_reforecast_day(rates->offered, actual, n, seen, &o, out, NULL, &err), WFM_OK);
    *before = *after = 0;
    for (size_t i = seen; i < n; i++) {
        *before += fabs(actual[i] - rates->offered[i]);
        *after += fabs(actual[i] - out[i]);
    }
    for (size_t i = 0; i < seen; i++)
        assert_true(out[i] == actual[i]);
    gsl_rng_free(rng);
    wfm_series_delete(rates);
    free(actual);
    free(out);
}

/* 30 % hot day, seen until noon: the reforecast cuts the afternoon's error
 * by at least a third (the bias was most of it). */
static void reforecast_reduces_error_on_a_hot_day(void **state)
{
    (void)state;
    double before, after;
    rest_of_day_errors(1.3, 48, &before, &after);
    print_message("rest-of-day absolute error: %.0f before, %.0f after\n", before, after);
    assert_true(after < 0.67 * before);
}

/* On a day that runs as forecast it does little harm (within 5 %). */
static void reforecast_is_harmless_on_a_normal_day(void **state)
{
    (void)state;
    double before, after;
    rest_of_day_errors(1.0, 48, &before, &after);
    assert_true(after < 1.05 * before);
}

/* Posterior mean of the gamma-Poisson model: (A + k) / (F + k), k = 1/cv^2. */
static void factor_is_shrunk_by_what_was_seen(void **state)
{
    (void)state;
    double forecast[4] = {100, 100, 100, 100}, actual[2] = {150, 150}, out[4], factor;
    wfm_reforecast_opts o;
    wfm_reforecast_opts_init(&o);
    o.day_factor_cv = 0.1; /* k = 100 */
    wfm_error err;
    assert_int_equal(wfm_reforecast_day(forecast, actual, 4, 2, &o, out, &factor, &err), WFM_OK);
    assert_float_equal(factor, (300.0 + 100.0) / (200.0 + 100.0), 1e-12);
    assert_float_equal(out[3], 100.0 * 400.0 / 300.0, 1e-9);
    assert_int_equal(wfm_reforecast_day(forecast, actual, 4, 0, &o, out, &factor, &err), WFM_OK);
    assert_float_equal(factor, 1.0, 1e-12);
}

static void bad_input_is_refused(void **state)
{
    (void)state;
    double forecast[2] = {1, -1}, actual[2] = {1, 1}, out[2];
    wfm_reforecast_opts o;
    wfm_reforecast_opts_init(&o);
    wfm_error err;
    assert_int_equal(wfm_reforecast_day(forecast, actual, 2, 3, &o, out, NULL, &err), WFM_EINVAL);
    assert_string_equal(err.field, "n_observed");
    assert_int_equal(wfm_reforecast_day(forecast, actual, 2, 1, &o, out, NULL, &err), WFM_EINVAL);
    assert_string_equal(err.field, "forecast");
    forecast[1] = 1;
    o.day_factor_cv = 0;
    assert_int_equal(wfm_reforecast_day(forecast, actual, 2, 1, &o, out, NULL, &err), WFM_EINVAL);
    assert_string_equal(err.field, "day_factor_cv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reforecast_reduces_error_on_a_hot_day),
        cmocka_unit_test(reforecast_is_harmless_on_a_normal_day),
        cmocka_unit_test(factor_is_shrunk_by_what_was_seen),
        cmocka_unit_test(bad_input_is_refused),
    };
    return cmocka_run_group_tests_name("forecast/wfm_reforecast", tests, NULL, NULL);
}
