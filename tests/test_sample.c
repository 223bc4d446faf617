/* Specification of data/wfm_sample: the demo hotline has the statistical
 * properties docs/sample-data.md promises (checked on the generated rows,
 * with tolerances for the noise), passes the import validation, and is
 * reproducible from its seed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/wfm_date.h"
#include "data/wfm_sample.h"

#define END_Y 2026
#define END_M 11
#define END_D 28
#define PER_DAY 96

typedef struct fixture {
    wfm_calendar *cal;
    wfm_history_set set; /* 3 years, seed 12345 */
    int32_t first_day, end_day;
    size_t n_days;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    wfm_error err;
    f->cal = wfm_calendar_create();
    wfm_calendar_load_china(f->cal, &err);
    wfm_sample_opts o;
    wfm_sample_opts_init(&o);
    o.end_day = f->end_day = wfm_date_from_ymd(END_Y, END_M, END_D);
    if (wfm_sample_generate(&o, f->cal, &f->set, &err) != WFM_OK)
        return -1;
    f->first_day = wfm_date_from_ymd(END_Y - 3, END_M, END_D) + 1;
    f->n_days = (size_t)(f->end_day - f->first_day + 1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    wfm_history_set_free(&f->set);
    wfm_calendar_delete(f->cal);
    free(f);
    return 0;
}

/* The local day of a row (the sample's zone is UTC+8 all year). */
static int32_t local_day(const wfm_history_row *r)
{
    return (int32_t)((r->interval_start + WFM_SAMPLE_UTC_OFFSET_S) / 86400);
}

static int local_hour(const wfm_history_row *r)
{
    return (int)((r->interval_start + WFM_SAMPLE_UTC_OFFSET_S) % 86400 / 3600);
}

/* Mean daily offered (all queues) over local days first..last. */
static double mean_daily(const fixture *f, int32_t first, int32_t last)
{
    double sum = 0;
    for (size_t i = 0; i < f->set.n_rows; i++) {
        int32_t d = local_day(&f->set.rows[i]);
        if (d >= first && d <= last)
            sum += (double)f->set.rows[i].offered;
    }
    return sum / (double)(last - first + 1);
}

static void three_years_of_quarter_hours_for_five_queues(void **state)
{
    fixture *f = *state;
    assert_int_equal(f->n_days, 1096); /* 2023-11-29..2026-11-28, 2024 a leap year */
    assert_int_equal(f->set.n_rows, 5 * PER_DAY * f->n_days);
    assert_string_equal(f->set.rows[0].queue, "phone");
    assert_string_equal(f->set.rows[f->set.n_rows - 1].queue, "wechat");
    const char *queues[] = {"phone", "sms", "mailbox", "weibo", "wechat"};
    wfm_history_check_opts o;
    wfm_history_check_opts_init(&o);
    o.time_zone = WFM_SAMPLE_TIME_ZONE;
    o.queues = queues;
    o.n_queues = 5;
    wfm_error err;
    assert_int_equal(wfm_history_validate(f->set.rows, f->set.n_rows, &o, &err), WFM_OK);
}

static void about_ten_thousand_a_day_growing_a_third_a_year(void **state)
{
    fixture *f = *state;
    double last = mean_daily(f, f->end_day - 364, f->end_day);
    double before = mean_daily(f, f->end_day - 729, f->end_day - 365);
    assert_true(last > 9500 && last < 10500);
    double growth = last / before - 1.0;
    assert_true(growth > 0.30 && growth < 0.38);
}

static void phone_peaks_mid_morning_and_social_channels_in_the_evening(void **state)
{
    fixture *f = *state;
    double by_hour[5][24] = {{0}};
    size_t per_queue = f->set.n_rows / 5;
    for (size_t i = 0; i < f->set.n_rows; i++)
        by_hour[i / per_queue][local_hour(&f->set.rows[i])] += (double)f->set.rows[i].offered;
    int phone_peak = 0, weibo_peak = 0, wechat_peak = 0;
    for (int h = 1; h < 24; h++) {
        phone_peak = by_hour[0][h] > by_hour[0][phone_peak] ? h : phone_peak;
        weibo_peak = by_hour[3][h] > by_hour[3][weibo_peak] ? h : weibo_peak;
        wechat_peak = by_hour[4][h] > by_hour[4][wechat_peak] ? h : wechat_peak;
    }
    assert_true(phone_peak >= 9 && phone_peak <= 10);
    /* The afternoon peak 14-16 stands above the lunch dip and the night. */
    assert_true(by_hour[0][14] + by_hour[0][15] > 1.3 * (by_hour[0][12] + by_hour[0][13]));
    assert_true(by_hour[0][15] > 10 * by_hour[0][3]);
    assert_true(weibo_peak >= 19 && weibo_peak <= 22);
    assert_true(wechat_peak >= 19 && wechat_peak <= 22);
}

static void spring_festival_dips_then_rebounds(void **state)
{
    fixture *f = *state;
    /* 2026: break Feb 15-23, make-up days Feb 14 and 28. */
    double before = mean_daily(f, wfm_date_from_ymd(2026, 2, 2), wfm_date_from_ymd(2026, 2, 13));
    double during = mean_daily(f, wfm_date_from_ymd(2026, 2, 15), wfm_date_from_ymd(2026, 2, 23));
    double rebound = mean_daily(f, wfm_date_from_ymd(2026, 2, 24), wfm_date_from_ymd(2026, 2, 24));
    double march = mean_daily(f, wfm_date_from_ymd(2026, 3, 2), wfm_date_from_ymd(2026, 3, 6));
    assert_true(during < 0.7 * before);
    assert_true(rebound > 1.15 * march);
    /* National Day week is quieter than the week after. */
    double national = mean_daily(f, wfm_date_from_ymd(2025, 10, 1), wfm_date_from_ymd(2025, 10, 8));
    double after = mean_daily(f, wfm_date_from_ymd(2025, 10, 13), wfm_date_from_ymd(2025, 10, 17));
    assert_true(national < 0.85 * after);
    /* The heating season (from Nov 15) surges above late October. */
    double heating = mean_daily(f, wfm_date_from_ymd(2025, 11, 15), wfm_date_from_ymd(2025, 11, 25));
    double october = mean_daily(f, wfm_date_from_ymd(2025, 10, 20), wfm_date_from_ymd(2025, 10, 30));
    assert_true(heating > 1.12 * october);
}

static void abandonment_falls_as_staffing_improves(void **state)
{
    fixture *f = *state;
    double offered[2] = {0}, answered[2] = {0}, night_aht[2] = {0}, day_aht[2] = {0};
    for (size_t i = 0; i < f->set.n_rows / 5; i++) { /* phone */
        const wfm_history_row *r = &f->set.rows[i];
        assert_true(r->answered + r->abandoned <= r->offered);
        int32_t d = local_day(r);
        int year = d <= f->first_day + 364 ? 0 : d > f->end_day - 365 ? 1 : -1;
        if (year >= 0) {
            offered[year] += (double)r->offered;
            answered[year] += (double)r->answered;
        }
        int h = local_hour(r);
        if (h == 3) {
            night_aht[0] += r->handle_time_s;
            night_aht[1] += (double)r->answered;
        } else if (h == 15) {
            day_aht[0] += r->handle_time_s;
            day_aht[1] += (double)r->answered;
        }
    }
    double first_rate = answered[0] / offered[0], last_rate = answered[1] / offered[1];
    assert_true(first_rate > 0.82 && first_rate < 0.92); /* 10-15 % lost before */
    assert_true(last_rate > 0.93);
    /* Handle time varies by hour: night calls are longer. */
    assert_true(night_aht[0] / night_aht[1] > 1.1 * day_aht[0] / day_aht[1]);
}

static void the_seed_fixes_every_byte(void **state)
{
    fixture *f = *state;
    wfm_sample_opts o;
    wfm_sample_opts_init(&o);
    o.end_day = f->end_day;
    o.years = 1;
    wfm_history_set one;
    wfm_history_set_init(&one);
    wfm_error err;
    assert_int_equal(wfm_sample_generate(&o, f->cal, &one, &err), WFM_OK);
    /* A day's rows depend on the seed and the day only: the one-year set is
     * the last year of the three-year one, queue by queue. */
    size_t one_q = one.n_rows / 5, three_q = f->set.n_rows / 5;
    for (size_t q = 0; q < 5; q++)
        assert_memory_equal(&one.rows[q * one_q], &f->set.rows[q * three_q + three_q - one_q],
                            one_q * sizeof one.rows[0]);
    wfm_history_set_free(&one);
    o.seed = 54321;
    assert_int_equal(wfm_sample_generate(&o, f->cal, &one, &err), WFM_OK);
    size_t same = 0;
    for (size_t i = 0; i < one_q; i++)
        same += one.rows[i].offered == f->set.rows[three_q - one_q + i].offered;
    assert_true(same < one_q / 2);
    wfm_history_set_free(&one);
    o.years = 0;
    assert_int_equal(wfm_sample_generate(&o, f->cal, &one, &err), WFM_EINVAL);
    assert_string_equal(err.field, "years");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(three_years_of_quarter_hours_for_five_queues),
        cmocka_unit_test(about_ten_thousand_a_day_growing_a_third_a_year),
        cmocka_unit_test(phone_peaks_mid_morning_and_social_channels_in_the_evening),
        cmocka_unit_test(spring_festival_dips_then_rebounds),
        cmocka_unit_test(abandonment_falls_as_staffing_improves),
        cmocka_unit_test(the_seed_fixes_every_byte),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
