/* wfm_history: one interval of contact history for one queue, as imported
 * from CSV/JSON or an ACD export, and as the forecasting stage reads it;
 * plus the field parsing and the validation every import path shares.
 *
 * Columns (the documented import format, docs/history-import.md):
 *   queue, interval_start (ISO 8601 with UTC offset), interval_s (900, 1800
 *   or 3600), offered, answered, abandoned, handle_time_s (total talk +
 *   wrap-up seconds of the answered contacts), wait_time_s (total seconds
 *   waited by answered and abandoned contacts). */
#ifndef WFM_HISTORY_H
#define WFM_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "core/wfm_error.h"

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

/* A growable array of rows. Zero-initialize (or wfm_history_set_init) before
 * use; wfm_history_set_free releases the rows. */
typedef struct wfm_history_set {
    wfm_history_row *rows; /* owned */
    size_t n_rows;
    size_t cap;
} wfm_history_set;

void wfm_history_set_init(wfm_history_set *set);
void wfm_history_set_free(wfm_history_set *set);
/* Appends a zeroed row and returns it (valid until the next push), or NULL
 * when out of memory. */
wfm_history_row *wfm_history_set_push(wfm_history_set *set);

/* The columns, in the documented order. */
typedef enum wfm_history_column {
    WFM_HISTORY_QUEUE,
    WFM_HISTORY_INTERVAL_START,
    WFM_HISTORY_INTERVAL_S,
    WFM_HISTORY_OFFERED,
    WFM_HISTORY_ANSWERED,
    WFM_HISTORY_ABANDONED,
    WFM_HISTORY_HANDLE_TIME_S,
    WFM_HISTORY_WAIT_TIME_S,
    WFM_HISTORY_NCOLUMNS
} wfm_history_column;

/* The column's name ("offered"); static storage. */
const char *wfm_history_column_name(wfm_history_column column);

/* The column named `name` (case-insensitive), or -1. */
int wfm_history_column_find(const char *name);

/* The instants an interval may start at: from 1970-01-01T00:00:00Z to
 * before 2200-01-01T00:00:00Z. */
#define WFM_HISTORY_FIRST_START INT64_C(0)
#define WFM_HISTORY_END_START INT64_C(7258118400)

/* Parses the text of one field into row. Leading and trailing blanks are
 * ignored. Rejects with WFM_EINVAL (field = the column's name, message
 * "row N, column C: ... ('value')"): an empty or over-long queue name, a
 * timestamp that is not ISO 8601 with an offset, interval_s other than
 * 900/1800/3600, an interval_start outside [WFM_HISTORY_FIRST_START,
 * WFM_HISTORY_END_START) (before 1970 zones have offsets in seconds, which
 * an export could not write back), a count that is not a whole number >= 0,
 * a time that is not a finite number >= 0. row_number only labels the
 * message. */
wfm_status wfm_history_field_parse(wfm_history_row *row, wfm_history_column column,
                                   const char *text, size_t row_number, wfm_error *err);

/* Fails with WFM_EINVAL, field = the column's name and the message every
 * history check uses: "row N, column C: <what> ('<value>')". For checks
 * that other inputs of interval results add (the live actuals). */
wfm_status wfm_history_row_error(wfm_error *err, size_t row_number, wfm_history_column column,
                                 const char *value, const char *what);

/* Rewrites err->field from a column name ("offered") to the element of a
 * JSON array of rows it came from: "intervals[3].offered" for array
 * "intervals" and index 3. An error without a field is left alone. */
void wfm_history_error_locate(wfm_error *err, const char *array, size_t index);

/* What the rows are checked against: the center's zone and queues. */
typedef struct wfm_history_check_opts {
    const char *time_zone;     /* IANA zone intervals must align in; default "UTC" */
    const char *const *queues; /* the center's queue ids; NULL: any queue */
    size_t n_queues;
    size_t first_row_number;   /* the label of rows[0] in messages; default 1 */
    const char *array;         /* when set, err->field names the element the bad row
                                  came from (wfm_history_error_locate); default NULL */
} wfm_history_check_opts;

void wfm_history_check_opts_init(wfm_history_check_opts *opts);

/* Checks rows that parsed field by field, as a whole: answered + abandoned
 * <= offered; queue among opts->queues; interval_start a multiple of
 * interval_s on the local clock of opts->time_zone (a 15-minute interval
 * starts at :00, :15, :30 or :45 local time); no two rows of a queue
 * overlapping (which includes duplicates). Returns WFM_OK or WFM_EINVAL
 * for the first defect (in row order for per-row defects), naming row,
 * column and value. n may be 0. */
wfm_status wfm_history_validate(const wfm_history_row *rows, size_t n,
                                const wfm_history_check_opts *opts, wfm_error *err);

#endif
