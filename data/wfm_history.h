/* wfm_history: one interval of contact history for one queue, as imported
 * from CSV/JSON or an ACD export, and as the forecasting stage reads it.
 *
 * Columns (the documented import format):
 *   queue, interval_start (ISO 8601 with UTC offset), interval_s (900, 1800
 *   or 3600), offered, answered, abandoned, handle_time_s (total talk +
 *   wrap-up seconds of the answered contacts), wait_time_s (total seconds
 *   waited by answered and abandoned contacts). */
#ifndef WFM_HISTORY_H
#define WFM_HISTORY_H

#include <stdint.h>

typedef struct wfm_history_row {
    char queue[64];
    int64_t interval_start; /* Unix seconds, UTC */
    int32_t interval_s;
    int64_t offered;
    int64_t answered;
    int64_t abandoned;
    double handle_time_s;   /* total over answered contacts */
    double wait_time_s;     /* total over answered and abandoned contacts */
} wfm_history_row;

#endif
