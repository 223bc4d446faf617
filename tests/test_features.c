/* Specification of data/wfm_features: the local calendar features the
 * forecast sees, from UTC instants, a zone and a holiday calendar.
 * Expected values come from the published rules: US daylight saving
 * (second Sunday of March 02:00 EST -> EDT, first Sunday of November
 * 02:00 EDT -> EST), 5 U.S.C. 6103 (a Saturday holiday is observed on the
 * Friday before), and the State Council's 2026 notice (Spring Festival off
 * 15-23 February, make-up working days Saturday 14 and 28 February). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/wfm_date.h"
#include "data/wfm_features.h"

#define NY "America/New_York"
#define HOUR 3600

static int64_t utc_of(int y, int m, int d, int hour)
{
    return (int64_t)wfm_date_from_ymd(y, m, d) * 86400 + (int64_t)hour * HOUR;
}

/* The grid of one local day, from its midnight to the next (horizon 0). */
static wfm_series *local_day_grid(const wfm_features_ctx *ctx, int64_t midnight_utc)
{
    int64_t end = 0;
    wfm_series *s = NULL;
    wfm_error err;
    assert_int_equal(wfm_features_horizon_end(midnight_utc, 0, ctx->time_zone, &end, &err), WFM_OK);
    assert_int_equal(wfm_features_grid(midnight_utc, end, 900, ctx, &s, &err), WFM_OK);
    return s;
}

static void new_york_spring_forward_day_has_92_intervals(void **state)
{
    (void)state;
    wfm_features_ctx ctx = {.time_zone = NY, .calendar = NULL};
    wfm_series *s = local_day_grid(&ctx, utc_of(2026, 3, 8, 5)); /* 00:00 EST */
    assert_int_equal(s->n, 92);
    int32_t day = wfm_date_from_ymd(2026, 3, 8);
    for (size_t i = 0; i < s->n; i++) {
        assert_int_equal(s->day[i], day);
        assert_int_equal(s->weekday[i], 6); /* Sunday */
    }
    assert_int_equal(s->slot[7], 7);   /* 01:45 EST */
    assert_int_equal(s->slot[8], 12);  /* then 03:00 EDT: 02:00-02:59 never happens */
    assert_int_equal(s->slot[91], 95); /* 23:45 EDT */
    wfm_series_delete(s);
}

static void new_york_fall_back_day_has_100_intervals(void **state)
{
    (void)state;
    wfm_features_ctx ctx = {.time_zone = NY, .calendar = NULL};
    wfm_series *s = local_day_grid(&ctx, utc_of(2026, 11, 1, 4)); /* 00:00 EDT */
    assert_int_equal(s->n, 100);
    assert_int_equal(s->slot[4], 4);   /* 01:00 EDT */
    assert_int_equal(s->slot[8], 4);   /* 01:00 EST, the hour again */
    assert_int_equal(s->slot[99], 95); /* 23:45 EST */
    assert_int_equal(s->day[99], wfm_date_from_ymd(2026, 11, 1));
    wfm_series_delete(s);
}

static void us_calendar_marks_observed_holidays_in_local_days(void **state)
{
    (void)state;
    wfm_calendar *cal = wfm_calendar_create();
    wfm_error err;
    assert_int_equal(wfm_calendar_load_us_federal(cal, 2026, 2026, &err), WFM_OK);
    wfm_features_ctx ctx = {.time_zone = NY, .calendar = cal};
    /* 2026-07-04 is a Saturday: observed Friday 3 July. 00:00 EDT = 04:00Z. */
    wfm_series *s = NULL;
    assert_int_equal(wfm_features_grid(utc_of(2026, 7, 2, 4), utc_of(2026, 7, 6, 4), 900, &ctx, &s,
                                       &err), WFM_OK);
    assert_int_equal(s->n, 4 * 96);
    assert_int_equal(s->day_kind[0], WFM_DAY_BEFORE_HOLIDAY); /* Thu 2 July */
    assert_int_equal(s->day_kind[96], WFM_DAY_HOLIDAY);       /* Fri 3 July */
    assert_int_equal(s->day_kind[95], WFM_DAY_BEFORE_HOLIDAY); /* 23:45 local, 03:45Z on the 3rd */
    assert_int_equal(s->weekday[96], 4);
    wfm_series_delete(s);
    /* Thanksgiving 2026, fourth Thursday of November, across the DST change
     * of 1 November: still midnight to midnight in EST. */
    s = local_day_grid(&ctx, utc_of(2026, 11, 26, 5));
    assert_int_equal(s->n, 96);
    assert_int_equal(s->day_kind[0], WFM_DAY_HOLIDAY);
    assert_int_equal(s->day_kind[95], WFM_DAY_HOLIDAY);
    wfm_series_delete(s);
    wfm_calendar_delete(cal);
}

static void chinese_spring_festival_2026_through_history_rows(void **state)
{
    (void)state;
    wfm_calendar *cal = wfm_calendar_create();
    wfm_error err;
    assert_int_equal(wfm_calendar_load_china(cal, &err), WFM_OK);
    wfm_features_ctx ctx = {.time_zone = "Asia/Shanghai", .calendar = cal};
    /* One hourly row a day at local noon, 12 to 25 February 2026 (+08:00). */
    wfm_history_row rows[14];
    memset(rows, 0, sizeof rows);
    for (int d = 0; d < 14; d++) {
        strcpy(rows[d].queue, "phone");
        rows[d].interval_start = utc_of(2026, 2, 12 + d, 12 - 8);
        rows[d].interval_s = 3600;
        rows[d].offered = 10 + d;
    }
    wfm_series *s = NULL;
    int64_t first = 0;
    assert_int_equal(wfm_features_history(rows, 14, "phone", &ctx, &s, &first, &err), WFM_OK);
    assert_int_equal(first, rows[0].interval_start);
    assert_int_equal(s->n, 13 * 24 + 1);
    static const int expected[14] = {
        WFM_DAY_NORMAL,         /* Thu 12 */
        WFM_DAY_NORMAL,         /* Fri 13: the day after is worked */
        WFM_DAY_MAKEUP_WORKDAY, /* Sat 14 */
        WFM_DAY_HOLIDAY, WFM_DAY_HOLIDAY, WFM_DAY_HOLIDAY, WFM_DAY_HOLIDAY, WFM_DAY_HOLIDAY,
        WFM_DAY_HOLIDAY, WFM_DAY_HOLIDAY, WFM_DAY_HOLIDAY, WFM_DAY_HOLIDAY, /* Sun 15 - Mon 23 */
        WFM_DAY_AFTER_HOLIDAY,  /* Tue 24 */
        WFM_DAY_NORMAL,         /* Wed 25 */
    };
    for (int d = 0; d < 14; d++) {
        size_t i = (size_t)d * 24;
        assert_int_equal(s->day[i], wfm_date_from_ymd(2026, 2, 12 + d));
        assert_int_equal(s->slot[i], 12);
        assert_int_equal(s->day_kind[i], expected[d]);
        assert_true(s->offered[i] == 10 + d);
    }
    assert_true(s->offered[1] != s->offered[1]); /* 13:00 on the 12th: missing */
    wfm_series_delete(s);
    wfm_calendar_delete(cal);
}

static void history_rejects_repeats_and_unknown_queues(void **state)
{
    (void)state;
    wfm_history_row rows[2];
    memset(rows, 0, sizeof rows);
    for (int r = 0; r < 2; r++) {
        strcpy(rows[r].queue, "sms");
        rows[r].interval_start = utc_of(2026, 1, 5, 0);
        rows[r].interval_s = 900;
    }
    wfm_features_ctx ctx = {.time_zone = "UTC", .calendar = NULL};
    wfm_series *s = NULL;
    int64_t first;
    wfm_error err;
    assert_int_equal(wfm_features_history(rows, 2, "sms", &ctx, &s, &first, &err), WFM_EINVAL);
    assert_string_equal(err.field, "interval_start");
    assert_null(s);
    assert_int_equal(wfm_features_history(rows, 2, "phone", &ctx, &s, &first, &err), WFM_ENOTFOUND);
    assert_string_equal(err.field, "queue");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_york_spring_forward_day_has_92_intervals),
        cmocka_unit_test(new_york_fall_back_day_has_100_intervals),
        cmocka_unit_test(us_calendar_marks_observed_holidays_in_local_days),
        cmocka_unit_test(chinese_spring_festival_2026_through_history_rows),
        cmocka_unit_test(history_rejects_repeats_and_unknown_queues),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
