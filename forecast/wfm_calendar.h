/* wfm_calendar: holiday calendars as data, and the kind of each local day.
 *
 * Contact volume on a hotline follows the civil calendar: a public holiday
 * looks like a quiet Sunday, the working day after a long break brings the
 * backlog, and China's make-up working days (调休, a Saturday or Sunday
 * worked to bridge a holiday) look like ordinary weekdays. The forecast
 * regresses on these day kinds; the sample generator shapes its data by them.
 *
 * A calendar is an editable list of dated entries (holiday or make-up
 * working day) plus the weekend. Loaders add a ready-made set:
 *  - China: the State Council's notices 国务院办公厅关于20XX年部分节假日安排的
 *    通知 for 2023 (国办发明电〔2022〕16号), 2024 (〔2023〕7号), 2025
 *    (〔2024〕12号) and 2026 (published 2025-11-04), every holiday and
 *    make-up day. 2027's notice was not available when this was written: its
 *    statutory days (全国年节及纪念日放假办法 as amended 2024: New Year 1,
 *    Spring Festival 4 from New Year's Eve, Qingming 1, Labour Day 2, Dragon
 *    Boat 1, Mid-Autumn 1, National Day 3) are entered with estimated = true
 *    and no make-up days; replace them when the notice is out.
 *  - US federal: computed by rule (5 U.S.C. 6103) for any year, weekend
 *    holidays observed on the Friday before / Monday after.
 * Pure module: plain data in and out, no I/O. */
#ifndef WFM_CALENDAR_H
#define WFM_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/wfm_error.h"
#include "forecast/wfm_series.h"

/* Day kinds (wfm_day_kind, WFM_DAY_NORMAL..WFM_DAY_MAKEUP_WORKDAY) are the
 * forecast's codes, defined once in forecast/wfm_series.h. */

typedef enum wfm_calendar_entry_kind {
    WFM_CAL_HOLIDAY = 1,
    WFM_CAL_WORKDAY = 4 /* make-up working day */
} wfm_calendar_entry_kind;

typedef struct wfm_calendar_entry {
    int32_t day;        /* day number (core/wfm_date.h) */
    int kind;           /* wfm_calendar_entry_kind */
    bool estimated;     /* not yet published by the authority */
    char name[48];      /* "Spring Festival", "Independence Day (observed)" */
} wfm_calendar_entry;

typedef struct wfm_calendar {
    wfm_calendar_entry *entries; /* sorted by day, one entry a day; owned */
    size_t n_entries;
    size_t cap;
    unsigned weekend_mask;       /* bit (ISO weekday - 1): Saturday | Sunday */
} wfm_calendar;

/* An empty calendar with a Saturday-Sunday weekend. Free with
 * wfm_calendar_delete(). Returns NULL when out of memory. */
wfm_calendar *wfm_calendar_create(void);
void wfm_calendar_delete(wfm_calendar *cal);

/* Adds or replaces the entry of `day` (kind WFM_CAL_HOLIDAY or
 * WFM_CAL_WORKDAY). WFM_EINVAL for another kind, WFM_ENOMEM. */
wfm_status wfm_calendar_set(wfm_calendar *cal, int32_t day, int kind, const char *name,
                            wfm_error *err);

/* Removes the entry of `day`; returns whether there was one. */
bool wfm_calendar_remove(wfm_calendar *cal, int32_t day);

/* The entry of `day`, or NULL. Points into cal (valid until it changes). */
const wfm_calendar_entry *wfm_calendar_find(const wfm_calendar *cal, int32_t day);

/* Adds China's public holidays and make-up working days (see above). */
wfm_status wfm_calendar_load_china(wfm_calendar *cal, wfm_error *err);

/* Adds the US federal holidays of years first..last (observed dates; the
 * observed New Year's Day of a year may fall on Dec 31 of the one before). */
wfm_status wfm_calendar_load_us_federal(wfm_calendar *cal, int first_year, int last_year,
                                        wfm_error *err);

/* The ready-made calendars a center picks from, by name. */
typedef enum wfm_calendar_kind {
    WFM_CALENDAR_NONE = 0,  /* weekends only, no holidays */
    WFM_CALENDAR_CHINA = 1,
    WFM_CALENDAR_US = 2     /* US federal */
} wfm_calendar_kind;

/* Parses "china", "us" or "none". WFM_EINVAL (field "calendar") naming the
 * value otherwise. */
wfm_status wfm_calendar_kind_parse(const char *text, wfm_calendar_kind *kind, wfm_error *err);

/* "china", "us" or "none"; static storage. */
const char *wfm_calendar_kind_name(wfm_calendar_kind kind);

/* Adds the ready-made set of `kind` (US federal: years first..last). */
wfm_status wfm_calendar_load_kind(wfm_calendar *cal, wfm_calendar_kind kind, int first_year,
                                  int last_year, wfm_error *err);

/* Whether nobody works on `day`: a holiday, or a weekend day that is not a
 * make-up working day. */
bool wfm_calendar_is_day_off(const wfm_calendar *cal, int32_t day);

/* The kind of `day`, by precedence: holiday; make-up working day; the day
 * before a holiday (a day that is not itself one); the day after a holiday;
 * normal. Weekends are NORMAL here (the weekly pattern is modelled on its
 * own); wfm_calendar_is_day_off() tells them apart. */
wfm_day_kind wfm_calendar_day_kind(const wfm_calendar *cal, int32_t day);

#endif
