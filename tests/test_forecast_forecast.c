/* Specification of forecast/wfm_forecast, wfm_backtest, wfm_uncertainty and
 * wfm_aht: model choice by rolling-origin backtest, prediction intervals
 * that cover near their nominal rate, handle-time forecasts, and clear
 * errors on bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "forecast/wfm_forecast.h"
#include "tests/support/wfm_synth.h"

/* Poisson counts with a 5 % gamma day factor (overdispersed, as real days
 * are), 30 weeks of history, 4 weeks ahead. */
static wfm_forecast *forecast_synthetic(wfm_synth_split *d, int horizon_days)
{
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    so.day_cv = 0.05;
    so.seed = 42;
    wfm_synth_split_make(d, &so, 30 * 7, horizon_days);
    wfm_forecast_opts o;
    wfm_forecast_opts_init(&o);
    wfm_error err;
    wfm_forecast *f = wfm_forecast_run(&d->history, &d->future, &o, &err);
    if (!f)
        print_error("%s\n", err.message);
    assert_non_null(f);
    return f;
}

static double share_inside(const wfm_forecast *f, const double *actual, int level95)
{
    size_t inside = 0;
    for (size_t i = 0; i < f->n; i++) {
        double lo = level95 ? f->lo95[i] : f->lo80[i], hi = level95 ? f->hi95[i] : f->hi80[i];
        inside += actual[i] >= lo && actual[i] <= hi;
    }
    return (double)inside / (double)f->n;
}

/* 2688 future intervals: binomial noise alone is +-1.5 points at 80 %, so
 * [70, 90] % and [90, 99] % leave room for the day factor's correlation. */
static void intervals_cover_near_nominal(void **state)
{
    (void)state;
    wfm_synth_split d;
    wfm_forecast *f = forecast_synthetic(&d, 28);
    double c80 = share_inside(f, d.future.offered, 0), c95 = share_inside(f, d.future.offered, 1);
    print_message("model %s, coverage 80 %%: %.3f, 95 %%: %.3f\n", wfm_model_name(f->model), c80, c95);
    assert_true(c80 >= 0.70 && c80 <= 0.90);
    assert_true(c95 >= 0.90 && c95 <= 0.99);
    for (size_t i = 0; i < f->n; i++)
        assert_true(f->lo95[i] <= f->lo80[i] && f->lo80[i] <= f->offered[i] + 1e-9 &&
                    f->offered[i] <= f->hi80[i] + 1e-9 && f->hi80[i] <= f->hi95[i] && f->lo95[i] >= 0);
    wfm_forecast_delete(f);
    wfm_synth_split_free(&d);
}

/* The backtest scores all three models on 8 weekly origins; the chosen
 * model is the one with the lowest WAPE, it beats naive by 10 %, and its
 * out-of-sample coverage is near nominal too. */
static void auto_chooses_by_backtest_wape(void **state)
{
    (void)state;
    wfm_synth_split d;
    wfm_forecast *f = forecast_synthetic(&d, 7);
    const wfm_backtest_report *r = &f->backtest;
    assert_int_equal(r->n_scores, 3);
    const wfm_backtest_score *naive = wfm_backtest_find(r, WFM_MODEL_NAIVE);
    const wfm_backtest_score *chosen = wfm_backtest_find(r, f->model);
    assert_int_equal(chosen->origins, 8);
    for (int k = 0; k < r->n_scores; k++) {
        print_message("%-10s WAPE %.4f MASE %.3f cov80 %.3f cov95 %.3f\n",
                      wfm_model_name(r->scores[k].model), r->scores[k].wape, r->scores[k].mase,
                      r->scores[k].coverage80, r->scores[k].coverage95);
        assert_true(chosen->wape <= r->scores[k].wape);
    }
    assert_true(f->model != WFM_MODEL_NAIVE);
    assert_true(chosen->wape < 0.9 * naive->wape);
    assert_true(chosen->mase < naive->mase);
    assert_true(chosen->coverage80 >= 0.70 && chosen->coverage80 <= 0.90);
    assert_true(chosen->coverage95 >= 0.90 && chosen->coverage95 <= 0.99);
    wfm_forecast_delete(f);
    wfm_synth_split_free(&d);
}

/* The generator's handle time is 200 + 100 * slot / 96 s in every interval,
 * so the volume-weighted profile must return it exactly. */
static void handle_time_follows_the_interval_profile(void **state)
{
    (void)state;
    wfm_synth_split d;
    wfm_forecast *f = forecast_synthetic(&d, 7);
    for (size_t i = 0; i < f->n; i++)
        assert_float_equal(f->aht_s[i], 200.0 + 100.0 * d.future.slot[i] / 96, 1e-9);
    wfm_forecast_delete(f);
    wfm_synth_split_free(&d);
}

static void expect_error(const wfm_series *history, const wfm_series *future, const char *field,
                         const char *needle)
{
    wfm_forecast_opts o;
    wfm_forecast_opts_init(&o);
    wfm_error err;
    assert_null(wfm_forecast_run(history, future, &o, &err));
    assert_int_equal(err.status, WFM_EINVAL);
    assert_string_equal(err.field, field);
    if (!strstr(err.message, needle))
        print_error("message '%s' lacks '%s'\n", err.message, needle);
    assert_non_null(strstr(err.message, needle));
}

static void bad_input_gives_clear_errors(void **state)
{
    (void)state;
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    wfm_synth_split d;
    wfm_synth_split_make(&d, &so, 10, 60);
    wfm_series short_history = d.history;
    wfm_series week = wfm_series_view(&d.future, 0, 96 * 7);
    expect_error(&short_history, &week, "history", "needs at least 28 days, has 10");
    expect_error(&short_history, &d.future, "horizon", "1 to 56 days (60)");
    wfm_series empty = wfm_series_view(&d.future, 0, 0);
    expect_error(&short_history, &empty, "horizon", "(0)");
    expect_error(&week, &short_history, "future", "before history ends");
    wfm_series_delete(d.rates);
    d.rates = wfm_series_create(d.drawn->n, 900, NULL); /* all NaN */
    wfm_series no_values = wfm_series_view(d.rates, 0, d.history.n);
    expect_error(&no_values, &week, "offered", "no observed offered value");
    wfm_synth_split_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(intervals_cover_near_nominal),
        cmocka_unit_test(auto_chooses_by_backtest_wape),
        cmocka_unit_test(handle_time_follows_the_interval_profile),
        cmocka_unit_test(bad_input_gives_clear_errors),
    };
    return cmocka_run_group_tests_name("forecast/wfm_forecast", tests, NULL, NULL);
}
