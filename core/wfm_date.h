/* wfm_date: civil dates as day numbers, and ISO 8601 timestamps with a UTC
 * offset, as the history files carry them.
 *
 * A day number counts days since 1970-01-01 in the proleptic Gregorian
 * calendar (negative before). It is what the calendar and the time-zone code
 * exchange: plain ints, so adding a day is `day + 1`. Pure functions, no
 * time zone database involved (see core/wfm_tz.h for local time). */
#ifndef WFM_DATE_H
#define WFM_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The day number of year-month-day (month 1..12, day 1..31; not checked:
 * out-of-range values roll over like mktime). */
int32_t wfm_date_from_ymd(int year, int month, int day);

/* Splits a day number into year, month (1..12) and day of month (1..31). */
void wfm_date_to_ymd(int32_t day, int *year, int *month, int *mday);

/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int wfm_date_weekday(int32_t day);

/* Days in month (1..12) of year, leap years included. */
int wfm_date_days_in_month(int year, int month);

/* Parses "YYYY-MM-DD" (exactly) into a day number. Returns false when the
 * text is not a real date. */
bool wfm_date_parse(const char *text, int32_t *day);

/* Writes "YYYY-MM-DD" into buf (at least 11 bytes). */
void wfm_date_format(int32_t day, char *buf, size_t size);

/* Parses an ISO 8601 timestamp with a UTC offset into Unix seconds:
 * "YYYY-MM-DDTHH:MM[:SS[.fff]]" (a space may replace the T) followed by
 * "Z", "+HH:MM", "+HHMM" or "+HH" (or '-'). Fractions of a second must be
 * zero (intervals start on whole seconds). A timestamp without an offset is
 * rejected: its instant would be ambiguous. Returns false on any defect. */
bool wfm_timestamp_parse(const char *text, int64_t *utc);

/* Writes utc as "YYYY-MM-DDTHH:MM:SS+HH:MM" in the given offset (seconds
 * east of UTC) into buf (at least 26 bytes). */
void wfm_timestamp_format(int64_t utc, int32_t offset_s, char *buf, size_t size);

#endif
