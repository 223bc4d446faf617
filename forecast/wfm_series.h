/* wfm_series: one queue's interval history (or future grid) as the
 * forecasting models read it: values plus the calendar features of each
 * interval, computed by the caller.
 *
 * The models never look at clocks, time zones or holiday tables: the caller
 * (CLI, API) fills day, slot, weekday and day_kind from its calendar, so a
 * daylight-saving day simply has 92 or 100 fifteen-minute intervals and a
 * holiday is a day_kind code. Seasonal states are keyed by (weekday, slot),
 * never by position, so a short or long day shifts nothing after it.
 *
 * Field meaning, per interval i (0 <= i < n, in time order):
 *   offered[i]  contacts offered; NaN = missing (future grids: NaN).
 *   aht_s[i]    mean handle time of the interval's answered contacts in
 *               seconds; NaN = missing or no contact answered.
 *   day[i]      local calendar day number (any origin, e.g. days since
 *               1970-01-01 local); nondecreasing. Used for trend and the
 *               annual cycle.
 *   slot[i]     local wall-clock slot of the interval start:
 *               floor(local seconds since midnight / interval_s), in
 *               [0, slots_per_day). On a 25-hour day the repeated hour's
 *               intervals repeat slot numbers; on a 23-hour day the skipped
 *               hour's slots do not occur.
 *   weekday[i]  local day of week, 0 = Monday .. 6 = Sunday.
 *   day_kind[i] a wfm_day_kind code of the local day. */
#ifndef WFM_SERIES_H
#define WFM_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "core/wfm_error.h"

/* What kind of day an interval belongs to, as far as demand is concerned. */
typedef enum wfm_day_kind {
    WFM_DAY_NORMAL = 0,
    WFM_DAY_HOLIDAY = 1,        /* public holiday (office closed) */
    WFM_DAY_BEFORE_HOLIDAY = 2, /* last working day before a holiday */
    WFM_DAY_AFTER_HOLIDAY = 3,  /* first working day after a holiday */
    WFM_DAY_MAKEUP_WORKDAY = 4, /* weekend day worked in exchange for a holiday */
    WFM_DAY_KINDS = 5           /* number of codes; not a code */
} wfm_day_kind;

typedef struct wfm_series {
    size_t n;           /* number of intervals */
    int32_t interval_s; /* length of every interval: 900, 1800 or 3600 */
    double *offered;
    double *aht_s;
    int32_t *day;
    int16_t *slot;
    int8_t *weekday;
    int8_t *day_kind;
} wfm_series;

/* Allocates a series of n intervals of interval_s seconds, values NaN and
 * features 0. Returns NULL and fills err (WFM_EINVAL for an interval length
 * that does not divide a day, WFM_ENOMEM) on failure. The caller owns the
 * result and frees it with wfm_series_delete. */
wfm_series *wfm_series_create(size_t n, int32_t interval_s, wfm_error *err);

/* Frees a series from wfm_series_create and its arrays. NULL is a no-op.
 * Never pass a view (wfm_series_view) or a caller-assembled struct. */
void wfm_series_delete(wfm_series *s);

/* A view of count intervals of s starting at begin, sharing s's arrays
 * (valid while s lives). begin + count must be <= s->n. Returned by value;
 * nothing to free. */
wfm_series wfm_series_view(const wfm_series *s, size_t begin, size_t count);

/* Slots in a nominal day (86400 / interval_s). */
int wfm_series_slots_per_day(const wfm_series *s);

/* The interval-of-week key of interval i: weekday * slots_per_day + slot,
 * in [0, 7 * slots_per_day). */
int wfm_series_week_slot(const wfm_series *s, size_t i);

/* Checks the features (ranges, day nondecreasing) and the values (finite
 * or NaN, offered >= 0, aht_s > 0). name says which series ("history",
 * "future") in messages. Returns WFM_OK or WFM_EINVAL naming the interval,
 * field and value. */
wfm_status wfm_series_validate(const wfm_series *s, const char *name, wfm_error *err);

/* First position whose day is >= day (s->n when none); binary search, as
 * day[] is nondecreasing. */
size_t wfm_series_find_day(const wfm_series *s, int32_t day);

/* Days from the first interval's day to the last one's, inclusive (0 for an
 * empty series). */
int wfm_series_days_spanned(const wfm_series *s);

/* Number of intervals with a non-missing offered value. */
size_t wfm_series_count_observed(const wfm_series *s);

#endif
