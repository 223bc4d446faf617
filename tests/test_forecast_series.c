/* Specification of forecast/wfm_series and forecast/wfm_naive: the input
 * every model reads, its validation, and the seasonal naive baseline. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "forecast/wfm_naive.h"
#include "forecast/wfm_series.h"
#include "tests/support/wfm_synth.h"

static void create_refuses_interval_not_dividing_a_day(void **state)
{
    (void)state;
    wfm_error err;
    assert_null(wfm_series_create(10, 700, &err));
    assert_string_equal(err.field, "interval_s");
    assert_non_null(strstr(err.message, "700"));
}

static void validate_names_interval_field_and_value(void **state)
{
    (void)state;
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    wfm_series *s = wfm_synth_series(&so, 0, 2, 1);
    wfm_error err;
    assert_int_equal(wfm_series_validate(s, "history", &err), WFM_OK);
    s->offered[5] = -3;
    assert_int_equal(wfm_series_validate(s, "history", &err), WFM_EINVAL);
    assert_string_equal(err.field, "offered");
    assert_string_equal(err.message, "history interval 5: offered must be >= 0 (-3)");
    s->offered[5] = NAN; /* missing is fine */
    s->slot[7] = 96;
    assert_int_equal(wfm_series_validate(s, "history", &err), WFM_EINVAL);
    assert_string_equal(err.field, "slot");
    s->slot[7] = 7;
    s->day[100] = 0;
    assert_int_equal(wfm_series_validate(s, "history", &err), WFM_EINVAL);
    assert_string_equal(err.field, "day");
    wfm_series_delete(s);
}

static void view_shares_arrays_and_find_day_bisects(void **state)
{
    (void)state;
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    so.short_day = 1; /* 96 + 92 + 96 intervals */
    wfm_series *s = wfm_synth_series(&so, 0, 3, 1);
    assert_int_equal(s->n, 96 + 92 + 96);
    assert_int_equal(wfm_series_find_day(s, 1), 96);
    assert_int_equal(wfm_series_find_day(s, 2), 96 + 92);
    assert_int_equal(wfm_series_find_day(s, 9), s->n);
    wfm_series v = wfm_series_view(s, 96, 92);
    assert_ptr_equal(v.offered, s->offered + 96);
    assert_int_equal(wfm_series_days_spanned(&v), 1);
    wfm_series_delete(s);
}

/* Position of (day, slot) in s, or s->n when that day lacks the slot. */
static size_t find_interval(const wfm_series *s, int day, int slot)
{
    for (size_t j = wfm_series_find_day(s, day); j < s->n && s->day[j] == day; j++)
        if (s->slot[j] == slot)
            return j;
    return s->n;
}

/* Seasonal naive is last week's value of the same weekday and wall-clock
 * slot, also right after a 92-interval day shifted the positions; the slots
 * a short day lacked come from the week before. */
static void naive_repeats_same_interval_last_week(void **state)
{
    (void)state;
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    so.short_day = 10;
    wfm_series *s = wfm_synth_series(&so, 0, 21, 1);
    size_t split = wfm_series_find_day(s, 14);
    wfm_series history = wfm_series_view(s, 0, split), future = wfm_series_view(s, split, s->n - split);
    double *out = malloc(future.n * sizeof(double));
    wfm_error err;
    assert_int_equal(wfm_naive_forecast(&history, &future, out, &err), WFM_OK);
    for (size_t i = 0; i < future.n; i++) {
        size_t j = find_interval(s, future.day[i] - 7, future.slot[i]);
        if (j == s->n)
            j = find_interval(s, future.day[i] - 14, future.slot[i]);
        assert_true(out[i] == s->offered[j]);
    }
    free(out);
    wfm_series_delete(s);
}

/* The MASE scale of a series whose weeks repeat exactly plus 2 on every
 * value of the third week is 2 * (one week) / (two weeks compared) = 1. */
static void naive_scale_is_mean_absolute_weekly_difference(void **state)
{
    (void)state;
    wfm_synth_opts so;
    wfm_synth_opts_init(&so);
    wfm_series *s = wfm_synth_series(&so, 0, 21, 0);
    for (size_t i = 0; i < s->n; i++)
        s->offered[i] = s->slot[i] + (s->day[i] >= 14 ? 2 : 0);
    assert_float_equal(wfm_naive_scale(s), 1.0, 1e-12);
    wfm_series_delete(s);
}

static void naive_refuses_history_without_observations(void **state)
{
    (void)state;
    wfm_error err;
    wfm_series *s = wfm_series_create(96 * 7, 900, &err);
    double out[1];
    wfm_series future = wfm_series_view(s, 0, 1);
    assert_int_equal(wfm_naive_forecast(s, &future, out, &err), WFM_EINVAL);
    assert_string_equal(err.field, "offered");
    wfm_series_delete(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create_refuses_interval_not_dividing_a_day),
        cmocka_unit_test(validate_names_interval_field_and_value),
        cmocka_unit_test(view_shares_arrays_and_find_day_bisects),
        cmocka_unit_test(naive_repeats_same_interval_last_week),
        cmocka_unit_test(naive_scale_is_mean_absolute_weekly_difference),
        cmocka_unit_test(naive_refuses_history_without_observations),
    };
    return cmocka_run_group_tests_name("forecast/wfm_series", tests, NULL, NULL);
}
