/* wfm_history_csv: interval history as CSV (RFC 4180), in and out.
 *
 * Reading uses libcsv, so quoted fields, doubled quotes, CRLF or LF line
 * ends and blank lines are handled as RFC 4180 says; a UTF-8 byte order mark
 * is skipped. The first record is the header: columns are found by name
 * (any order, case-insensitive), every documented column is required, extra
 * columns are ignored (ACD exports carry more), a repeated name is an error.
 * Rows are numbered as records, the header being row 1, so row 2 is the
 * first data row (the line number unless a quoted field spans lines).
 * Parsing checks every field (data/wfm_history.h); the checks across rows
 * and against the center are wfm_history_validate()'s. */
#ifndef WFM_HISTORY_CSV_H
#define WFM_HISTORY_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "core/wfm_error.h"
#include "data/wfm_history.h"

/* The row number of out->rows[0] in messages of wfm_history_validate(). */
#define WFM_HISTORY_CSV_FIRST_ROW 2

/* Parses len bytes of CSV text, appending the rows to out (which the caller
 * initialized and frees, also on failure). WFM_EINVAL with row, column and
 * value on the first defect; WFM_ENOMEM. */
wfm_status wfm_history_csv_parse(const char *text, size_t len, wfm_history_set *out,
                                 wfm_error *err);

/* The same, streaming from an open file (read in chunks, never whole). */
wfm_status wfm_history_csv_read(FILE *in, wfm_history_set *out, wfm_error *err);

/* Writes the header and the rows, interval_start in the local offset of
 * time_zone ("2026-01-05T08:15:00+08:00"). WFM_EIO when writing fails,
 * WFM_EINVAL for an unknown zone. */
wfm_status wfm_history_csv_write(FILE *out, const wfm_history_row *rows, size_t n,
                                 const char *time_zone, wfm_error *err);

#endif
