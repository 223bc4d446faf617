/* wfm_cli_history: a MINIMAL reader of the history CSV for `wfm forecast`.
 *
 * Stop-gap until the data stage's validating importer lands: it reads the
 * documented columns (data/wfm_history.h) by header name, in any order, and
 * checks only what forecasting needs (numbers parse, counts >= 0, a UTC
 * offset on every timestamp). Swap it for the data stage's parser; nothing
 * else depends on it. */
#ifndef WFM_CLI_HISTORY_H
#define WFM_CLI_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "core/wfm_error.h"
#include "data/wfm_history.h"

typedef struct wfm_cli_history {
    wfm_history_row *rows;   /* in file order */
    int32_t *utc_offset_s;   /* per row, from its interval_start */
    size_t n;
} wfm_cli_history;

/* Reads path into *h (caller frees with wfm_cli_history_free). Returns
 * WFM_EIO when the file cannot be read, WFM_EINVAL naming line, column and
 * value for a malformed row. */
wfm_status wfm_cli_history_read(const char *path, wfm_cli_history *h, wfm_error *err);

void wfm_cli_history_free(wfm_cli_history *h);

/* Parses "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM"/"-HH:MM" (a space
 * may replace the T) into Unix seconds and the offset. Returns 0 on success,
 * -1 when malformed. */
int wfm_cli_parse_timestamp(const char *text, int64_t *utc, int32_t *offset_s);

/* Writes utc as local time at offset_s, "YYYY-MM-DDTHH:MM:SS+HH:MM", into
 * buf (at least 32 bytes). */
void wfm_cli_format_timestamp(int64_t utc, int32_t offset_s, char *buf, size_t size);

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's
 * days_from_civil, http://howardhinnant.github.io/date_algorithms.html). */
int64_t wfm_cli_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
