/* Specification of forecast/wfm_hw: double-seasonal Holt-Winters recovers
 * a known daily x weekly profile, beats seasonal naive, copes with
 * daylight-saving days and carries holiday effects forward. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "forecast/wfm_hw.h"
#include "forecast/wfm_naive.h"
#include "tests/support/wfm_synth.h"

/* Fits on days [0, history_days) and forecasts the next horizon_days. */
typedef struct hw_run {
    wfm_synth_split data;
    double *forecast, *naive;
    wfm_hw_params params;
} hw_run;

static void hw_run_start(hw_run *r, const wfm_synth_opts *so, int history_days, int horizon_days,
                         wfm_hw_form form)
{
    wfm_synth_split_make(&r->data, so, history_days, horizon_days);
    const wfm_series *history = &r->data.history, *future = &r->data.future;
    r->forecast = malloc(future->n * sizeof(double));
    r->naive = malloc(future->n * sizeof(double));
    wfm_hw_opts o;
    wfm_hw_opts_init(&o);
    o.form = form;
    wfm_error err;
    assert_int_equal(wfm_hw_fit(history, &o, &r->params, &err), WFM_OK);
    assert_int_equal(wfm_hw_forecast(history, &o, &r->params, future, r->forecast, &err), WFM_OK);
    assert_int_equal(wfm_naive_forecast(history, future, r->naive, &err), WFM_OK);
}

static void hw_run_end(hw_run *r)
{
    wfm_synth_split_free(&r->data);
    free(r->forecast);
    free(r->naive);
}

/* With Poisson counts, naive's error is the difference of two draws
 * (variance 2 lambda) while a model that knows lambda errs by one draw
 * (variance lambda): its WAPE is about 1/sqrt(2) = 0.71 of naive's. We
 * require HW to get most of that way: at most 0.85 of naive's WAPE. */
static void recovers_profile_and_beats_naive(wfm_hw_form form)
{
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    hw_run r;
    hw_run_start(&r, &so, 16 * 7, 7, form);
    double wape_truth = wfm_synth_wape(r.data.future_rates, r.forecast, r.data.future.n);
    double wape_hw = wfm_synth_wape(r.data.future.offered, r.forecast, r.data.future.n);
    double wape_naive = wfm_synth_wape(r.data.future.offered, r.naive, r.data.future.n);
    print_message("hw vs truth WAPE %.4f, vs actuals %.4f, naive %.4f (alpha %.3f delta %.3f omega %.3f phi %.3f)\n",
                  wape_truth, wape_hw, wape_naive, r.params.alpha, r.params.delta, r.params.omega, r.params.phi);
    assert_true(wape_truth < 0.06);
    assert_true(wape_hw < 0.85 * wape_naive);
    assert_true(r.params.alpha > 0 && r.params.alpha < 1 && r.params.phi >= 0 && r.params.phi < 1);
    hw_run_end(&r);
}

static void multiplicative_recovers_profile(void **state)
{
    (void)state;
    recovers_profile_and_beats_naive(WFM_HW_MULTIPLICATIVE);
}

static void additive_recovers_profile(void **state)
{
    (void)state;
    recovers_profile_and_beats_naive(WFM_HW_ADDITIVE);
}

static void automatic_form_recovers_profile(void **state)
{
    (void)state;
    recovers_profile_and_beats_naive(WFM_HW_AUTO);
}

/* Spring-forward (92 intervals) and fall-back (100) days in the history and
 * in the horizon: every future interval is still forecast near its true
 * rate, including the repeated hour. */
static void daylight_saving_days_are_handled(void **state)
{
    (void)state;
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    so.short_day = 60;
    so.long_day = 16 * 7 + 3;
    hw_run r;
    hw_run_start(&r, &so, 16 * 7, 7, WFM_HW_AUTO);
    assert_int_equal(r.data.future.n, 7 * 96 + 4);
    const double *truth = r.data.future_rates;
    for (size_t i = 0; i < r.data.future.n; i++)
        assert_true(fabs(r.forecast[i] - truth[i]) < 0.15 * truth[i] + 2.0);
    hw_run_end(&r);
}

/* Holidays every 3 weeks at half the volume, the day after at 130 %: the
 * forecast of a future holiday and its next day follow those factors. */
static void holiday_effect_is_carried_forward(void **state)
{
    (void)state;
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    so.holiday_period_days = 21;
    /* Days 136..139: normal, before, holiday (day 136 = 6*21+10), after. */
    hw_run r;
    hw_run_start(&r, &so, 134, 7, WFM_HW_AUTO);
    const double *truth = r.data.future_rates;
    double fc[WFM_DAY_KINDS] = {0}, tr[WFM_DAY_KINDS] = {0};
    for (size_t i = 0; i < r.data.future.n; i++) {
        fc[r.data.future.day_kind[i]] += r.forecast[i];
        tr[r.data.future.day_kind[i]] += truth[i];
    }
    assert_true(tr[WFM_DAY_HOLIDAY] > 0 && tr[WFM_DAY_AFTER_HOLIDAY] > 0);
    assert_true(fabs(fc[WFM_DAY_HOLIDAY] / tr[WFM_DAY_HOLIDAY] - 1) < 0.10);
    assert_true(fabs(fc[WFM_DAY_AFTER_HOLIDAY] / tr[WFM_DAY_AFTER_HOLIDAY] - 1) < 0.10);
    hw_run_end(&r);
}

static void too_little_history_is_refused(void **state)
{
    (void)state;
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    wfm_series *s = wfm_synth_series(&so, 0, 10, 1);
    wfm_hw_opts o;
    wfm_hw_opts_init(&o);
    wfm_hw_params p;
    wfm_error err;
    assert_int_equal(wfm_hw_fit(s, &o, &p, &err), WFM_EINVAL);
    assert_string_equal(err.field, "history");
    assert_non_null(strstr(err.message, "21 days"));
    assert_non_null(strstr(err.message, "has 10"));
    wfm_series_delete(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(multiplicative_recovers_profile),
        cmocka_unit_test(additive_recovers_profile),
        cmocka_unit_test(automatic_form_recovers_profile),
        cmocka_unit_test(daylight_saving_days_are_handled),
        cmocka_unit_test(holiday_effect_is_carried_forward),
        cmocka_unit_test(too_little_history_is_refused),
    };
    return cmocka_run_group_tests_name("forecast/wfm_hw", tests, NULL, NULL);
}
