/* wfm_tz: local time in a center's IANA time zone.
 *
 * A center plans on its local clock: a local day of a zone with daylight
 * saving has 23 or 25 hours (92 or 100 fifteen-minute intervals). This module
 * converts between UTC instants and local dates using the system's tz
 * database through glibc (setenv("TZ") + tzset + localtime_r / mktime).
 * glibc keeps the zone in process-wide state, so every call here holds the
 * module's one mutex (the only process-wide lock of hotline-wfm) while it
 * converts. TZ is switched (setenv + tzset) only when a call names another
 * zone than the previous one, and is left at the last zone used: nothing
 * else in hotline-wfm uses the C library's local time (timestamps are UTC),
 * and setenv() races with getenv() in other threads, so it must be rare.
 * Batch functions take the lock once for many instants; use them in loops.
 *
 * Zones are validated against /usr/share/zoneinfo (glibc silently falls back
 * to UTC for unknown names, which would plan a Chinese hotline 8 hours off). */
#ifndef WFM_TZ_H
#define WFM_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/wfm_error.h"

typedef struct wfm_local_time {
    int32_t day;          /* local date as a day number (core/wfm_date.h) */
    int32_t second;       /* seconds since local midnight, wall clock */
    int32_t utc_offset_s; /* seconds east of UTC at that instant */
} wfm_local_time;

/* True when zone names a zone of the tz database ("Asia/Shanghai", "UTC"). */
bool wfm_tz_valid(const char *zone);

/* The local date, time and UTC offset of the instant utc (Unix seconds) in
 * zone. WFM_EINVAL (field "time_zone") for an unknown zone. */
wfm_status wfm_tz_local(const char *zone, int64_t utc, wfm_local_time *out, wfm_error *err);

/* The UTC offsets of n instants in zone, written to offsets_s[0..n). */
wfm_status wfm_tz_offsets(const char *zone, const int64_t *utc, size_t n, int32_t *offsets_s,
                          wfm_error *err);

/* The local day `day` in zone: *utc_start receives the instant of its first
 * second (local midnight, or the first existing instant when midnight is
 * skipped by a transition) and *n_intervals the number of interval_s
 * intervals it holds (96 for 900 s on an ordinary day, 92 or 100 on DST
 * days). interval_s must divide 3600. Either output may be NULL. */
wfm_status wfm_tz_day(const char *zone, int32_t day, int32_t interval_s, int64_t *utc_start,
                      int32_t *n_intervals, wfm_error *err);

#endif
