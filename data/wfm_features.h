/* wfm_features: interval history rows -> the forecast's input series, with
 * each interval's local calendar features computed from its UTC start in the
 * center's IANA zone (core/wfm_tz) and holiday calendar (forecast/
 * wfm_calendar). The one place where CLI and API turn clocks into features:
 *   day      local date (day number, core/wfm_date.h)
 *   slot     floor(local seconds since midnight / interval_s)
 *   weekday  0 = Monday .. 6 = Sunday
 *   day_kind wfm_calendar_day_kind() of the local day (NORMAL without a
 *            calendar)
 * A daylight-saving day therefore has 92 or 100 fifteen-minute intervals,
 * with the repeated hour's slots repeating and the skipped hour's missing,
 * as forecast/wfm_series.h expects.
 *
 * Not in forecast/ because it reads the system's tz database. */
#ifndef WFM_FEATURES_H
#define WFM_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "core/wfm_error.h"
#include "data/wfm_history.h"
#include "forecast/wfm_calendar.h"
#include "forecast/wfm_series.h"

/* Where features come from: a zone (required) and a calendar (NULL: every
 * day normal). Both are borrowed. */
typedef struct wfm_features_ctx {
    const char *time_zone;
    const wfm_calendar *calendar;
} wfm_features_ctx;

/* Fills day, slot, weekday and day_kind of s's n intervals, interval i
 * starting at first_utc + i * interval_s. WFM_EINVAL for an unknown zone. */
wfm_status wfm_features_fill(wfm_series *s, int64_t first_utc, const wfm_features_ctx *ctx,
                             wfm_error *err);

/* One queue's history as a series: the rows of `queue` placed on a regular
 * grid from its first to its last interval, gaps left missing (NaN), with
 * features. *first_utc receives the start of interval 0. WFM_ENOTFOUND
 * (field "queue") when no row has that queue; WFM_EINVAL when its interval
 * lengths differ, a row is off the grid or repeats an interval; WFM_ETOOBIG
 * beyond twenty years. The caller frees *out with wfm_series_delete. */
wfm_status wfm_features_history(const wfm_history_row *rows, size_t n, const char *queue,
                                const wfm_features_ctx *ctx, wfm_series **out,
                                int64_t *first_utc, wfm_error *err);

/* The grid of intervals starting at from_utc, from_utc + interval_s, ...
 * before to_utc, with features (to_utc > from_utc). *out freed with
 * wfm_series_delete. */
wfm_status wfm_features_grid(int64_t from_utc, int64_t to_utc, int32_t interval_s,
                             const wfm_features_ctx *ctx, wfm_series **out, wfm_error *err);

/* The instant at which the local day `days` after the local day of utc
 * ends, i.e. the start of local day (day(utc) + days + 1) in the zone: the
 * end of a horizon of `days` whole local days after a history whose last
 * interval starts at utc (23- and 25-hour days included). */
wfm_status wfm_features_horizon_end(int64_t utc, int days, const char *time_zone,
                                    int64_t *end_utc, wfm_error *err);

/* Queue names of rows in order of first appearance: *names is a malloc'd
 * array of pointers into rows (caller frees the array only), *n its length.
 * WFM_ENOMEM. */
wfm_status wfm_features_queues(const wfm_history_row *rows, size_t n, const char ***names,
                               size_t *n_names, wfm_error *err);

#endif
