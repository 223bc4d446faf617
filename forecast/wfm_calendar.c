/* wfm_calendar: holiday calendars and day kinds (see wfm_calendar.h). */
#include "forecast/wfm_calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wfm_date.h"

wfm_calendar *wfm_calendar_create(void)
{
    wfm_calendar *cal = calloc(1, sizeof *cal);
    if (cal)
        cal->weekend_mask = (1u << 5) | (1u << 6);
    return cal;
}

void wfm_calendar_delete(wfm_calendar *cal)
{
    if (!cal)
        return;
    free(cal->entries);
    free(cal);
}

/* Index of the first entry with entry.day >= day (binary search). */
static size_t lower_bound(const wfm_calendar *cal, int32_t day)
{
    size_t lo = 0, hi = cal->n_entries;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->entries[mid].day < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static wfm_status set_entry(wfm_calendar *cal, int32_t day, int kind, const char *name,
                            bool estimated, wfm_error *err)
{
    if (kind != WFM_CAL_HOLIDAY && kind != WFM_CAL_WORKDAY)
        return wfm_error_set(err, WFM_EINVAL, "kind",
                             "calendar entry kind must be holiday or workday (%d)", kind);
    size_t i = lower_bound(cal, day);
    if (i == cal->n_entries || cal->entries[i].day != day) {
        if (cal->n_entries == cal->cap) {
            size_t cap = cal->cap ? cal->cap * 2 : 64;
            wfm_calendar_entry *grown = realloc(cal->entries, cap * sizeof *grown);
            if (!grown)
                return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for calendar");
            cal->entries = grown;
            cal->cap = cap;
        }
        memmove(&cal->entries[i + 1], &cal->entries[i],
                (cal->n_entries - i) * sizeof cal->entries[0]);
        cal->n_entries++;
    }
    wfm_calendar_entry *e = &cal->entries[i];
    e->day = day;
    e->kind = kind;
    e->estimated = estimated;
    snprintf(e->name, sizeof e->name, "%s", name ? name : "");
    return WFM_OK;
}

wfm_status wfm_calendar_set(wfm_calendar *cal, int32_t day, int kind, const char *name,
                            wfm_error *err)
{
    return set_entry(cal, day, kind, name, false, err);
}

bool wfm_calendar_remove(wfm_calendar *cal, int32_t day)
{
    size_t i = lower_bound(cal, day);
    if (i == cal->n_entries || cal->entries[i].day != day)
        return false;
    memmove(&cal->entries[i], &cal->entries[i + 1],
            (cal->n_entries - i - 1) * sizeof cal->entries[0]);
    cal->n_entries--;
    return true;
}

const wfm_calendar_entry *wfm_calendar_find(const wfm_calendar *cal, int32_t day)
{
    size_t i = lower_bound(cal, day);
    return i < cal->n_entries && cal->entries[i].day == day ? &cal->entries[i] : NULL;
}

/* A run of holidays (first..last inclusive) or one make-up working day
 * (last_* zero), as the State Council's notices list them. */
typedef struct china_span {
    int year, month, day;
    int last_month, last_day; /* 0: a single day */
    int kind;
    bool estimated;
    const char *name;
} china_span;

#define H WFM_CAL_HOLIDAY
#define W WFM_CAL_WORKDAY
static const china_span china_spans[] = {
    /* 2023: 国办发明电〔2022〕16号 */
    {2022, 12, 31, 0, 0, H, false, "New Year's Day"},
    {2023, 1, 1, 1, 2, H, false, "New Year's Day"},
    {2023, 1, 21, 1, 27, H, false, "Spring Festival"},
    {2023, 1, 28, 0, 0, W, false, "Spring Festival make-up day"},
    {2023, 1, 29, 0, 0, W, false, "Spring Festival make-up day"},
    {2023, 4, 5, 0, 0, H, false, "Qingming"},
    {2023, 4, 23, 0, 0, W, false, "Labour Day make-up day"},
    {2023, 4, 29, 5, 3, H, false, "Labour Day"},
    {2023, 5, 6, 0, 0, W, false, "Labour Day make-up day"},
    {2023, 6, 22, 6, 24, H, false, "Dragon Boat"},
    {2023, 6, 25, 0, 0, W, false, "Dragon Boat make-up day"},
    {2023, 9, 29, 9, 30, H, false, "Mid-Autumn"},
    {2023, 10, 1, 10, 6, H, false, "National Day"},
    {2023, 10, 7, 0, 0, W, false, "National Day make-up day"},
    {2023, 10, 8, 0, 0, W, false, "National Day make-up day"},
    /* 2024: 国办发明电〔2023〕7号 */
    {2023, 12, 30, 12, 31, H, false, "New Year's Day"},
    {2024, 1, 1, 0, 0, H, false, "New Year's Day"},
    {2024, 2, 4, 0, 0, W, false, "Spring Festival make-up day"},
    {2024, 2, 10, 2, 17, H, false, "Spring Festival"},
    {2024, 2, 18, 0, 0, W, false, "Spring Festival make-up day"},
    {2024, 4, 4, 4, 6, H, false, "Qingming"},
    {2024, 4, 7, 0, 0, W, false, "Qingming make-up day"},
    {2024, 4, 28, 0, 0, W, false, "Labour Day make-up day"},
    {2024, 5, 1, 5, 5, H, false, "Labour Day"},
    {2024, 5, 11, 0, 0, W, false, "Labour Day make-up day"},
    {2024, 6, 8, 6, 10, H, false, "Dragon Boat"},
    {2024, 9, 14, 0, 0, W, false, "Mid-Autumn make-up day"},
    {2024, 9, 15, 9, 17, H, false, "Mid-Autumn"},
    {2024, 9, 29, 0, 0, W, false, "National Day make-up day"},
    {2024, 10, 1, 10, 7, H, false, "National Day"},
    {2024, 10, 12, 0, 0, W, false, "National Day make-up day"},
    /* 2025: 国办发明电〔2024〕12号 */
    {2025, 1, 1, 0, 0, H, false, "New Year's Day"},
    {2025, 1, 26, 0, 0, W, false, "Spring Festival make-up day"},
    {2025, 1, 28, 2, 4, H, false, "Spring Festival"},
    {2025, 2, 8, 0, 0, W, false, "Spring Festival make-up day"},
    {2025, 4, 4, 4, 6, H, false, "Qingming"},
    {2025, 4, 27, 0, 0, W, false, "Labour Day make-up day"},
    {2025, 5, 1, 5, 5, H, false, "Labour Day"},
    {2025, 5, 31, 6, 2, H, false, "Dragon Boat"},
    {2025, 9, 28, 0, 0, W, false, "National Day make-up day"},
    {2025, 10, 1, 10, 8, H, false, "National Day"},
    {2025, 10, 11, 0, 0, W, false, "National Day make-up day"},
    /* 2026: notice of 2025-11-04 */
    {2026, 1, 1, 1, 3, H, false, "New Year's Day"},
    {2026, 1, 4, 0, 0, W, false, "New Year's Day make-up day"},
    {2026, 2, 14, 0, 0, W, false, "Spring Festival make-up day"},
    {2026, 2, 15, 2, 23, H, false, "Spring Festival"},
    {2026, 2, 28, 0, 0, W, false, "Spring Festival make-up day"},
    {2026, 4, 4, 4, 6, H, false, "Qingming"},
    {2026, 5, 1, 5, 5, H, false, "Labour Day"},
    {2026, 5, 9, 0, 0, W, false, "Labour Day make-up day"},
    {2026, 6, 19, 6, 21, H, false, "Dragon Boat"},
    {2026, 9, 20, 0, 0, W, false, "National Day make-up day"},
    {2026, 9, 25, 9, 27, H, false, "Mid-Autumn"},
    {2026, 10, 1, 10, 7, H, false, "National Day"},
    {2026, 10, 10, 0, 0, W, false, "National Day make-up day"},
    /* 2027: statutory days only, estimated (lunar dates: New Year's Eve
     * Feb 5, Qingming Apr 5, Dragon Boat Jun 9, Mid-Autumn Sep 15). */
    {2027, 1, 1, 0, 0, H, true, "New Year's Day"},
    {2027, 2, 5, 2, 8, H, true, "Spring Festival"},
    {2027, 4, 5, 0, 0, H, true, "Qingming"},
    {2027, 5, 1, 5, 2, H, true, "Labour Day"},
    {2027, 6, 9, 0, 0, H, true, "Dragon Boat"},
    {2027, 9, 15, 0, 0, H, true, "Mid-Autumn"},
    {2027, 10, 1, 10, 3, H, true, "National Day"},
};
#undef H
#undef W

wfm_status wfm_calendar_load_china(wfm_calendar *cal, wfm_error *err)
{
    for (size_t i = 0; i < sizeof china_spans / sizeof china_spans[0]; i++) {
        const china_span *s = &china_spans[i];
        int32_t first = wfm_date_from_ymd(s->year, s->month, s->day);
        /* No span crosses a year end: breaks that do are listed as two. */
        int32_t last = s->last_month ? wfm_date_from_ymd(s->year, s->last_month, s->last_day)
                                     : first;
        for (int32_t d = first; d <= last; d++) {
            wfm_status st = set_entry(cal, d, s->kind, s->name, s->estimated, err);
            if (st != WFM_OK)
                return st;
        }
    }
    return WFM_OK;
}

/* The n-th (1-based) ISO weekday of a month; n = -1 for the last one. */
static int32_t nth_weekday(int year, int month, int weekday, int n)
{
    if (n < 0) {
        int32_t last = wfm_date_from_ymd(year, month, wfm_date_days_in_month(year, month));
        return last - (wfm_date_weekday(last) - weekday + 7) % 7;
    }
    int32_t first = wfm_date_from_ymd(year, month, 1);
    return first + (weekday - wfm_date_weekday(first) + 7) % 7 + 7 * (n - 1);
}

/* 5 U.S.C. 6103(b) and Executive Order 11582: a holiday on a Saturday is
 * observed the Friday before, one on a Sunday the Monday after. */
static wfm_status add_us(wfm_calendar *cal, int32_t day, const char *name, wfm_error *err)
{
    int wd = wfm_date_weekday(day);
    if (wd == 6 || wd == 7) {
        char observed[48];
        snprintf(observed, sizeof observed, "%s (observed)", name);
        return set_entry(cal, wd == 6 ? day - 1 : day + 1, WFM_CAL_HOLIDAY, observed, false, err);
    }
    return set_entry(cal, day, WFM_CAL_HOLIDAY, name, false, err);
}

wfm_status wfm_calendar_load_us_federal(wfm_calendar *cal, int first_year, int last_year,
                                        wfm_error *err)
{
    if (first_year < 1971 || last_year > 9999 || first_year > last_year)
        return wfm_error_set(err, WFM_EINVAL, "year",
                             "US federal years must be 1971..9999 and ordered (%d..%d)",
                             first_year, last_year);
    for (int y = first_year; y <= last_year; y++) {
        struct { int32_t day; const char *name; } h[] = {
            {wfm_date_from_ymd(y, 1, 1), "New Year's Day"},
            {nth_weekday(y, 1, 1, 3), "Birthday of Martin Luther King, Jr."},
            {nth_weekday(y, 2, 1, 3), "Washington's Birthday"},
            {nth_weekday(y, 5, 1, -1), "Memorial Day"},
            {y >= 2021 ? wfm_date_from_ymd(y, 6, 19) : 0, "Juneteenth National Independence Day"},
            {wfm_date_from_ymd(y, 7, 4), "Independence Day"},
            {nth_weekday(y, 9, 1, 1), "Labor Day"},
            {nth_weekday(y, 10, 1, 2), "Columbus Day"},
            {wfm_date_from_ymd(y, 11, 11), "Veterans Day"},
            {nth_weekday(y, 11, 4, 4), "Thanksgiving Day"},
            {wfm_date_from_ymd(y, 12, 25), "Christmas Day"},
        };
        for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) {
            if (!h[i].day)
                continue;
            wfm_status st = add_us(cal, h[i].day, h[i].name, err);
            if (st != WFM_OK)
                return st;
        }
    }
    return WFM_OK;
}

static bool is_holiday(const wfm_calendar *cal, int32_t day)
{
    const wfm_calendar_entry *e = wfm_calendar_find(cal, day);
    return e && e->kind == WFM_CAL_HOLIDAY;
}

static const char *const KIND_NAMES[] = {"none", "china", "us"};

wfm_status wfm_calendar_kind_parse(const char *text, wfm_calendar_kind *kind, wfm_error *err)
{
    for (int k = 0; k < 3; k++)
        if (text && !strcmp(text, KIND_NAMES[k])) {
            *kind = (wfm_calendar_kind)k;
            return WFM_OK;
        }
    return wfm_error_set(err, WFM_EINVAL, "calendar",
                         "calendar must be china, us or none ('%s')", text ? text : "");
}

const char *wfm_calendar_kind_name(wfm_calendar_kind kind)
{
    return kind >= 0 && kind < 3 ? KIND_NAMES[kind] : "none";
}

wfm_status wfm_calendar_load_kind(wfm_calendar *cal, wfm_calendar_kind kind, int first_year,
                                  int last_year, wfm_error *err)
{
    if (kind == WFM_CALENDAR_CHINA)
        return wfm_calendar_load_china(cal, err);
    if (kind == WFM_CALENDAR_US)
        return wfm_calendar_load_us_federal(cal, first_year, last_year, err);
    return WFM_OK;
}

bool wfm_calendar_is_day_off(const wfm_calendar *cal, int32_t day)
{
    const wfm_calendar_entry *e = wfm_calendar_find(cal, day);
    if (e)
        return e->kind == WFM_CAL_HOLIDAY;
    return (cal->weekend_mask >> (wfm_date_weekday(day) - 1)) & 1u;
}

wfm_day_kind wfm_calendar_day_kind(const wfm_calendar *cal, int32_t day)
{
    const wfm_calendar_entry *e = wfm_calendar_find(cal, day);
    if (e)
        return e->kind == WFM_CAL_HOLIDAY ? WFM_DAY_HOLIDAY : WFM_DAY_MAKEUP_WORKDAY;
    if (is_holiday(cal, day + 1))
        return WFM_DAY_BEFORE_HOLIDAY;
    if (is_holiday(cal, day - 1))
        return WFM_DAY_AFTER_HOLIDAY;
    return WFM_DAY_NORMAL;
}
