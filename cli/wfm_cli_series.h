/* wfm_cli_series: history rows -> per-queue wfm_series with calendar
 * features, and the future grid to forecast.
 *
 * The calendar features of an interval (local day, wall-clock slot,
 * weekday, day kind) come from ONE function, wfm_cli_interval_features.
 * For now it uses the fixed UTC offset of the input's timestamps and marks
 * every day normal; the lead wires in the data stage's time-zone and
 * holiday calendar there (23/25-hour DST days then come out as 92/100
 * fifteen-minute intervals with no change to the models). */
#ifndef WFM_CLI_SERIES_H
#define WFM_CLI_SERIES_H

#include "cli/wfm_cli_history.h"
#include "forecast/wfm_series.h"

typedef struct wfm_cli_features {
    int32_t day;
    int16_t slot;
    int8_t weekday;
    int8_t day_kind;
} wfm_cli_features;

/* THE place where local calendar features are computed (see above). */
wfm_cli_features wfm_cli_interval_features(int64_t utc, int32_t interval_s, int32_t utc_offset_s);

/* One queue's history as a series: rows of `queue` placed on a regular grid
 * from its first to its last interval, gaps left missing (NaN). Also returns
 * the UTC start of interval 0 and the queue's UTC offset. WFM_EINVAL when
 * interval lengths differ, a row is off the grid, or duplicates another.
 * The caller frees *out with wfm_series_delete. */
wfm_status wfm_cli_series_build(const wfm_cli_history *h, const char *queue, wfm_series **out,
                                int64_t *first_utc, int32_t *utc_offset_s, wfm_error *err);

/* The horizon_days * (86400 / interval_s) intervals following a series
 * whose last interval starts at last_utc. *out freed with wfm_series_delete. */
wfm_status wfm_cli_future_build(int64_t last_utc, int32_t interval_s, int32_t utc_offset_s,
                                int horizon_days, wfm_series **out, wfm_error *err);

#endif
