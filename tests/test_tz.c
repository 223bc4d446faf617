/* Specification of core/wfm_tz and core/wfm_date: local days in zones with
 * and without daylight saving. Expected instants come from the published
 * rules (US: second Sunday of March 02:00 EST -> EDT, first Sunday of
 * November 02:00 EDT -> EST; China: UTC+8 all year since 1991). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/wfm_date.h"
#include "core/wfm_tz.h"

#define NY "America/New_York"

static void day_numbers_match_the_unix_epoch(void **state)
{
    (void)state;
    assert_int_equal(wfm_date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(wfm_date_from_ymd(2000, 3, 1), 11017); /* 946684800/86400 + 60 */
    assert_int_equal(wfm_date_weekday(wfm_date_from_ymd(2026, 11, 29)), 7); /* a Sunday */
    int y, m, d;
    wfm_date_to_ymd(wfm_date_from_ymd(2024, 2, 29), &y, &m, &d);
    assert_int_equal(y, 2024);
    assert_int_equal(m, 2);
    assert_int_equal(d, 29);
    int32_t day;
    assert_false(wfm_date_parse("2023-02-29", &day));
    assert_true(wfm_date_parse("2024-02-29", &day));
}

static void timestamps_need_an_offset_and_honour_it(void **state)
{
    (void)state;
    int64_t t;
    assert_true(wfm_timestamp_parse("2024-01-01T08:00:00+08:00", &t));
    assert_int_equal(t, 1704067200); /* 2024-01-01T00:00:00Z */
    assert_true(wfm_timestamp_parse("2024-01-01 00:00Z", &t));
    assert_int_equal(t, 1704067200);
    assert_true(wfm_timestamp_parse("2023-12-31T19:00:00.000-0500", &t));
    assert_int_equal(t, 1704067200);
    assert_false(wfm_timestamp_parse("2024-01-01T08:00:00", &t));
    assert_false(wfm_timestamp_parse("2024-01-01T24:00:00Z", &t));
    assert_false(wfm_timestamp_parse("2024-13-01T00:00:00Z", &t));
    assert_false(wfm_timestamp_parse("2024-01-01T00:00:00.5Z", &t));
    char buf[32];
    wfm_timestamp_format(1704067200, 8 * 3600, buf, sizeof buf);
    assert_string_equal(buf, "2024-01-01T08:00:00+08:00");
    wfm_timestamp_format(1704067200, -5 * 3600, buf, sizeof buf);
    assert_string_equal(buf, "2023-12-31T19:00:00-05:00");
}

static void new_york_has_23_and_25_hour_days(void **state)
{
    (void)state;
    wfm_error err;
    int64_t start;
    int32_t n;
    assert_int_equal(wfm_tz_day(NY, wfm_date_from_ymd(2024, 3, 10), 900, &start, &n, &err), WFM_OK);
    assert_int_equal(n, 92);
    assert_int_equal(start, 1710046800); /* 2024-03-10T05:00:00Z, midnight EST */
    assert_int_equal(wfm_tz_day(NY, wfm_date_from_ymd(2024, 11, 3), 900, &start, &n, &err), WFM_OK);
    assert_int_equal(n, 100);
    assert_int_equal(start, 1730606400); /* 2024-11-03T04:00:00Z, midnight EDT */
    assert_int_equal(wfm_tz_day(NY, wfm_date_from_ymd(2024, 7, 4), 1800, NULL, &n, &err), WFM_OK);
    assert_int_equal(n, 48);
}

static void local_time_reports_date_clock_and_offset(void **state)
{
    (void)state;
    wfm_error err;
    wfm_local_time lt;
    /* 2024-03-10T07:30:00Z is 03:30 EDT, just after the spring-forward gap. */
    assert_int_equal(wfm_tz_local(NY, 1710055800, &lt, &err), WFM_OK);
    assert_int_equal(lt.day, wfm_date_from_ymd(2024, 3, 10));
    assert_int_equal(lt.second, 3 * 3600 + 1800);
    assert_int_equal(lt.utc_offset_s, -4 * 3600);
    /* Shanghai: +08:00 all year; 2024-06-30T16:00:00Z is 07-01 00:00 local. */
    assert_int_equal(wfm_tz_local("Asia/Shanghai", 1719763200, &lt, &err), WFM_OK);
    assert_int_equal(lt.day, wfm_date_from_ymd(2024, 7, 1));
    assert_int_equal(lt.second, 0);
    assert_int_equal(lt.utc_offset_s, 8 * 3600);
    int64_t start;
    int32_t n;
    assert_int_equal(wfm_tz_day("Asia/Shanghai", wfm_date_from_ymd(2024, 7, 1), 900, &start, &n, &err),
                     WFM_OK);
    assert_int_equal(start, 1719763200);
    assert_int_equal(n, 96);
}

static void unknown_zones_are_rejected_not_treated_as_utc(void **state)
{
    (void)state;
    wfm_error err;
    wfm_local_time lt;
    assert_false(wfm_tz_valid("Mars/Olympus_Mons"));
    assert_false(wfm_tz_valid("../../etc/passwd"));
    assert_int_equal(wfm_tz_local("Mars/Olympus_Mons", 0, &lt, &err), WFM_EINVAL);
    assert_string_equal(err.field, "time_zone");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(day_numbers_match_the_unix_epoch),
        cmocka_unit_test(timestamps_need_an_offset_and_honour_it),
        cmocka_unit_test(new_york_has_23_and_25_hour_days),
        cmocka_unit_test(local_time_reports_date_clock_and_offset),
        cmocka_unit_test(unknown_zones_are_rejected_not_treated_as_utc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
