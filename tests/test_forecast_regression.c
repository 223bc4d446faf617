/* Specification of forecast/wfm_regression: the calendar-effects regression
 * recovers a known weekly profile, a growth trend and holiday effects. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdlib.h>
#include <cmocka.h>

#include "forecast/wfm_naive.h"
#include "forecast/wfm_regression.h"
#include "tests/support/wfm_synth.h"

static double *regress(const wfm_synth_split *d, const wfm_regression_opts *o)
{
    double *out = malloc(d->future.n * sizeof(double));
    wfm_error err;
    assert_int_equal(wfm_regression_forecast(&d->history, o, &d->future, out, &err), WFM_OK);
    return out;
}

/* Same margin as for Holt-Winters (see test_forecast_hw.c): a model that
 * knows the rate has about 0.71 of naive's WAPE on Poisson counts; we ask
 * for at most 0.85. */
static void recovers_profile_and_beats_naive(void **state)
{
    (void)state;
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    wfm_synth_split d;
    wfm_synth_split_make(&d, &so, 20 * 7, 14);
    wfm_regression_opts o;
    wfm_regression_opts_init(&o);
    double *fc = regress(&d, &o), *naive = malloc(d.future.n * sizeof(double));
    wfm_error err;
    assert_int_equal(wfm_naive_forecast(&d.history, &d.future, naive, &err), WFM_OK);
    double vs_truth = wfm_synth_wape(d.future_rates, fc, d.future.n);
    double vs_actual = wfm_synth_wape(d.future.offered, fc, d.future.n);
    double naive_wape = wfm_synth_wape(d.future.offered, naive, d.future.n);
    print_message("regression vs truth %.4f, vs actuals %.4f, naive %.4f\n", vs_truth, vs_actual, naive_wape);
    assert_true(vs_truth < 0.05);
    assert_true(vs_actual < 0.85 * naive_wape);
    free(fc);
    free(naive);
    wfm_synth_split_free(&d);
}

/* 40 % growth a year over two years of history: eight weeks ahead the
 * forecast total is within 4 % of the true total (naive would be 4-5 %
 * short from the growth alone, plus noise). */
static void trend_is_extrapolated(void **state)
{
    (void)state;
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    so.growth_per_year = 0.40;
    wfm_synth_split d;
    wfm_synth_split_make(&d, &so, 2 * 364, 56);
    wfm_regression_opts o;
    wfm_regression_opts_init(&o);
    double *fc = regress(&d, &o);
    double fc_total = 0, true_total = 0;
    for (size_t i = 0; i < d.future.n; i++) {
        fc_total += fc[i];
        true_total += d.future_rates[i];
    }
    print_message("8-week total: forecast %.0f, true %.0f\n", fc_total, true_total);
    assert_true(fabs(fc_total / true_total - 1) < 0.04);
    free(fc);
    wfm_synth_split_free(&d);
}

static void holiday_and_neighbouring_days_are_captured(void **state)
{
    (void)state;
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    so.holiday_period_days = 17; /* falls on every weekday in turn */
    wfm_synth_split d;
    wfm_synth_split_make(&d, &so, 185, 14); /* holiday on day 195 */
    wfm_regression_opts o;
    wfm_regression_opts_init(&o);
    double *fc = regress(&d, &o);
    double f[WFM_DAY_KINDS] = {0}, t[WFM_DAY_KINDS] = {0};
    for (size_t i = 0; i < d.future.n; i++) {
        f[d.future.day_kind[i]] += fc[i];
        t[d.future.day_kind[i]] += d.future_rates[i];
    }
    assert_true(t[WFM_DAY_HOLIDAY] > 0 && t[WFM_DAY_AFTER_HOLIDAY] > 0);
    assert_true(fabs(f[WFM_DAY_HOLIDAY] / t[WFM_DAY_HOLIDAY] - 1) < 0.08);
    assert_true(fabs(f[WFM_DAY_AFTER_HOLIDAY] / t[WFM_DAY_AFTER_HOLIDAY] - 1) < 0.08);
    free(fc);
    wfm_synth_split_free(&d);
}

static void daylight_saving_days_are_handled(void **state)
{
    (void)state;
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    so.short_day = 30;
    so.long_day = 8 * 7 + 6;
    wfm_synth_split d;
    wfm_synth_split_make(&d, &so, 8 * 7, 7);
    wfm_regression_opts o;
    wfm_regression_opts_init(&o);
    double *fc = regress(&d, &o);
    assert_int_equal(d.future.n, 7 * 96 + 4);
    assert_true(wfm_synth_wape(d.future_rates, fc, d.future.n) < 0.06);
    free(fc);
    wfm_synth_split_free(&d);
}

static void too_little_history_is_refused(void **state)
{
    (void)state;
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    wfm_synth_split d;
    wfm_synth_split_make(&d, &so, 10, 1);
    wfm_regression_opts o;
    wfm_regression_opts_init(&o);
    double out[200];
    wfm_error err;
    assert_int_equal(wfm_regression_forecast(&d.history, &o, &d.future, out, &err), WFM_EINVAL);
    assert_string_equal(err.field, "history");
    wfm_synth_split_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recovers_profile_and_beats_naive),
        cmocka_unit_test(trend_is_extrapolated),
        cmocka_unit_test(holiday_and_neighbouring_days_are_captured),
        cmocka_unit_test(daylight_saving_days_are_handled),
        cmocka_unit_test(too_little_history_is_refused),
    };
    return cmocka_run_group_tests_name("forecast/wfm_regression", tests, NULL, NULL);
}
