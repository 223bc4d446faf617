/* Specification of forecast/wfm_calendar. Expected dates are read off the
 * State Council's notices (国务院办公厅关于20XX年部分节假日安排的通知) and off
 * 5 U.S.C. 6103 with the weekend-observance rule, not off our own tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/wfm_date.h"
#include "forecast/wfm_calendar.h"

#define D(y, m, d) wfm_date_from_ymd(y, m, d)

static int count_year(const wfm_calendar *cal, int year, int kind)
{
    int n = 0;
    for (int32_t d = D(year, 1, 1); d < D(year + 1, 1, 1); d++) {
        const wfm_calendar_entry *e = wfm_calendar_find(cal, d);
        n += e && e->kind == kind;
    }
    return n;
}

static void china_matches_the_state_council_notices(void **state)
{
    (void)state;
    wfm_error err;
    wfm_calendar *cal = wfm_calendar_create();
    assert_int_equal(wfm_calendar_load_china(cal, &err), WFM_OK);
    /* Days off a year (dated in that year) and make-up working days, summed
     * from each notice's items. */
    /* 2023 also holds 2023-12-30..31, the start of 2024's New Year break. */
    assert_int_equal(count_year(cal, 2023, WFM_CAL_HOLIDAY), 2 + 7 + 1 + 5 + 3 + 8 + 2);
    assert_int_equal(count_year(cal, 2023, WFM_CAL_WORKDAY), 7);
    assert_int_equal(count_year(cal, 2024, WFM_CAL_HOLIDAY), 1 + 8 + 3 + 5 + 3 + 3 + 7);
    assert_int_equal(count_year(cal, 2024, WFM_CAL_WORKDAY), 8);
    assert_int_equal(count_year(cal, 2025, WFM_CAL_HOLIDAY), 1 + 8 + 3 + 5 + 3 + 8);
    assert_int_equal(count_year(cal, 2025, WFM_CAL_WORKDAY), 5);
    assert_int_equal(count_year(cal, 2026, WFM_CAL_HOLIDAY), 3 + 9 + 3 + 5 + 3 + 3 + 7);
    assert_int_equal(count_year(cal, 2026, WFM_CAL_WORKDAY), 6);
    /* Every make-up working day is a Saturday or Sunday. */
    for (size_t i = 0; i < cal->n_entries; i++)
        if (cal->entries[i].kind == WFM_CAL_WORKDAY)
            assert_true(wfm_date_weekday(cal->entries[i].day) >= 6);
    /* 2027 is not published: flagged as an estimate. */
    assert_true(wfm_calendar_find(cal, D(2027, 10, 1))->estimated);
    assert_false(wfm_calendar_find(cal, D(2026, 10, 1))->estimated);
    wfm_calendar_delete(cal);
}

static void day_kinds_around_the_2026_spring_festival(void **state)
{
    (void)state;
    wfm_error err;
    wfm_calendar *cal = wfm_calendar_create();
    assert_int_equal(wfm_calendar_load_china(cal, &err), WFM_OK);
    /* 2月14日(周六)上班; 2月15日至23日放假; 2月28日(周六)上班. */
    assert_int_equal(wfm_calendar_day_kind(cal, D(2026, 2, 13)), WFM_DAY_NORMAL);
    assert_int_equal(wfm_calendar_day_kind(cal, D(2026, 2, 14)), WFM_DAY_MAKEUP_WORKDAY);
    assert_int_equal(wfm_calendar_day_kind(cal, D(2026, 2, 15)), WFM_DAY_HOLIDAY);
    assert_int_equal(wfm_calendar_day_kind(cal, D(2026, 2, 23)), WFM_DAY_HOLIDAY);
    assert_int_equal(wfm_calendar_day_kind(cal, D(2026, 2, 24)), WFM_DAY_AFTER_HOLIDAY);
    assert_int_equal(wfm_calendar_day_kind(cal, D(2026, 2, 28)), WFM_DAY_MAKEUP_WORKDAY);
    assert_false(wfm_calendar_is_day_off(cal, D(2026, 2, 28)));
    assert_true(wfm_calendar_is_day_off(cal, D(2026, 3, 1)));   /* plain Sunday */
    assert_true(wfm_calendar_is_day_off(cal, D(2026, 2, 16)));   /* a Monday off */
    /* 2026 National Day: 9月30日 is the day before, 10月8日 the day after. */
    assert_int_equal(wfm_calendar_day_kind(cal, D(2026, 9, 30)), WFM_DAY_BEFORE_HOLIDAY);
    assert_int_equal(wfm_calendar_day_kind(cal, D(2026, 10, 8)), WFM_DAY_AFTER_HOLIDAY);
    /* The kinds keep the values the forecast relies on. */
    assert_int_equal(WFM_DAY_NORMAL, 0);
    assert_int_equal(WFM_DAY_HOLIDAY, 1);
    assert_int_equal(WFM_DAY_BEFORE_HOLIDAY, 2);
    assert_int_equal(WFM_DAY_AFTER_HOLIDAY, 3);
    assert_int_equal(WFM_DAY_MAKEUP_WORKDAY, 4);
    wfm_calendar_delete(cal);
}

static void us_federal_holidays_are_observed_on_weekdays(void **state)
{
    (void)state;
    wfm_error err;
    wfm_calendar *cal = wfm_calendar_create();
    assert_int_equal(wfm_calendar_load_us_federal(cal, 2021, 2027, &err), WFM_OK);
    /* 2026-07-04 is a Saturday: observed Friday 07-03. */
    assert_null(wfm_calendar_find(cal, D(2026, 7, 4)));
    assert_string_equal(wfm_calendar_find(cal, D(2026, 7, 3))->name, "Independence Day (observed)");
    /* 2022-01-01 was a Saturday: observed Friday 2021-12-31. */
    assert_non_null(wfm_calendar_find(cal, D(2021, 12, 31)));
    /* 2022-12-25 was a Sunday: observed Monday 12-26. */
    assert_non_null(wfm_calendar_find(cal, D(2022, 12, 26)));
    /* Rule-based Mondays and Thursdays. */
    assert_non_null(wfm_calendar_find(cal, D(2026, 1, 19)));  /* MLK: 3rd Monday */
    assert_non_null(wfm_calendar_find(cal, D(2026, 5, 25)));  /* Memorial: last Monday */
    assert_non_null(wfm_calendar_find(cal, D(2026, 9, 7)));   /* Labor: 1st Monday */
    assert_non_null(wfm_calendar_find(cal, D(2026, 10, 12))); /* Columbus: 2nd Monday */
    assert_non_null(wfm_calendar_find(cal, D(2026, 11, 26))); /* Thanksgiving: 4th Thursday */
    assert_non_null(wfm_calendar_find(cal, D(2027, 6, 18)));  /* Juneteenth Sat -> Fri */
    assert_int_equal(count_year(cal, 2026, WFM_CAL_HOLIDAY), 11);
    assert_int_equal(wfm_calendar_day_kind(cal, D(2026, 11, 27)), WFM_DAY_AFTER_HOLIDAY);
    assert_int_equal(wfm_calendar_load_us_federal(cal, 2030, 2029, &err), WFM_EINVAL);
    wfm_calendar_delete(cal);
}

static void a_center_can_edit_its_calendar(void **state)
{
    (void)state;
    wfm_error err;
    wfm_calendar *cal = wfm_calendar_create();
    int32_t day = D(2026, 12, 1);
    assert_int_equal(wfm_calendar_day_kind(cal, day), WFM_DAY_NORMAL);
    assert_int_equal(wfm_calendar_set(cal, day, WFM_CAL_HOLIDAY, "City anniversary", &err), WFM_OK);
    assert_int_equal(wfm_calendar_day_kind(cal, day), WFM_DAY_HOLIDAY);
    assert_int_equal(wfm_calendar_day_kind(cal, day - 1), WFM_DAY_BEFORE_HOLIDAY);
    assert_int_equal(wfm_calendar_set(cal, day, WFM_CAL_WORKDAY, "swapped", &err), WFM_OK);
    assert_int_equal(cal->n_entries, 1);
    assert_true(wfm_calendar_remove(cal, day));
    assert_false(wfm_calendar_remove(cal, day));
    assert_int_equal(wfm_calendar_set(cal, day, 7, "bad", &err), WFM_EINVAL);
    assert_string_equal(err.field, "kind");
    wfm_calendar_delete(cal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(china_matches_the_state_council_notices),
        cmocka_unit_test(day_kinds_around_the_2026_spring_festival),
        cmocka_unit_test(us_federal_holidays_are_observed_on_weekdays),
        cmocka_unit_test(a_center_can_edit_its_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
