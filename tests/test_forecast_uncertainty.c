/* Specification of forecast/wfm_uncertainty: the variance function and the
 * quantiles of standardized errors are recovered from known error laws. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdlib.h>
#include <cmocka.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "forecast/wfm_uncertainty.h"

/* Errors drawn as Normal(0, a f + b f^2) at forecasts spread over 1..200:
 * the fit recovers a and b, and the standardized quantiles approach the
 * normal's (z_0.9 = 1.2816, z_0.975 = 1.9600). */
static void recovers_overdispersed_variance_and_normal_quantiles(void **state)
{
    (void)state;
    const double a = 1.5, b = 0.01;
    size_t n = 40000;
    double *actual = malloc(n * sizeof(double)), *forecast = malloc(n * sizeof(double));
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 11);
    for (size_t i = 0; i < n; i++) {
        forecast[i] = 1 + 199.0 * (double)i / (double)n;
        actual[i] = forecast[i] + gsl_ran_gaussian(rng, sqrt(a * forecast[i] + b * forecast[i] * forecast[i]));
    }
    wfm_uncertainty u;
    wfm_error err;
    assert_int_equal(wfm_uncertainty_fit(actual, forecast, n, &u, &err), WFM_OK);
    assert_float_equal(u.a, a, 0.3);
    assert_float_equal(u.b, b, 0.003);
    assert_float_equal(u.z_hi80, 1.2816, 0.05);
    assert_float_equal(u.z_lo80, -1.2816, 0.05);
    assert_float_equal(u.z_hi95, 1.9600, 0.07);
    assert_float_equal(u.z_lo95, -1.9600, 0.07);
    wfm_bounds bd = wfm_uncertainty_bounds(&u, 100);
    double sd = sqrt(a * 100 + b * 100 * 100);
    assert_float_equal(bd.hi80, 100 + 1.2816 * sd, 0.1 * sd);
    gsl_rng_free(rng);
    free(actual);
    free(forecast);
}

static void bounds_never_go_below_zero(void **state)
{
    (void)state;
    wfm_uncertainty u = {.a = 1, .b = 0, .z_lo95 = -2, .z_lo80 = -1.3, .z_hi80 = 1.3, .z_hi95 = 2};
    wfm_bounds bd = wfm_uncertainty_bounds(&u, 0.5);
    assert_true(bd.lo95 == 0 && bd.lo80 == 0 && bd.hi80 > 0.5 && bd.hi95 > bd.hi80);
}

static void too_few_errors_are_refused(void **state)
{
    (void)state;
    double actual[5] = {1, 2, 3, 4, NAN}, forecast[5] = {1, 2, 3, 4, 5};
    wfm_uncertainty u;
    wfm_error err;
    assert_int_equal(wfm_uncertainty_fit(actual, forecast, 5, &u, &err), WFM_EINVAL);
    assert_string_equal(err.field, "history");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recovers_overdispersed_variance_and_normal_quantiles),
        cmocka_unit_test(bounds_never_go_below_zero),
        cmocka_unit_test(too_few_errors_are_refused),
    };
    return cmocka_run_group_tests_name("forecast/wfm_uncertainty", tests, NULL, NULL);
}
