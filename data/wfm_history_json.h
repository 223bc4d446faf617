/* wfm_history_json: interval history as JSON: {"rows": [{"queue": "phone",
 * "interval_start": "2026-01-05T08:15:00+08:00", "interval_s": 900,
 * "offered": 31, "answered": 29, "abandoned": 2, "handle_time_s": 8120,
 * "wait_time_s": 410}, ...]}. Every documented field is required in each
 * row; numbers may also be given as strings; other keys are ignored. Rows are
 * numbered from 1 in messages (row 1 is rows[0]). */
#ifndef WFM_HISTORY_JSON_H
#define WFM_HISTORY_JSON_H

#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#include "core/wfm_error.h"
#include "data/wfm_history.h"

#define WFM_HISTORY_JSON_FIRST_ROW 1

/* Parses one JSON value v (a number, or a string holding one, for numeric
 * columns; a string otherwise) into column c of row, by the same field
 * parser as CSV. v NULL is "missing". WFM_EINVAL naming row, column and
 * value (field = the column's name). */
wfm_status wfm_history_json_field(wfm_history_row *row, wfm_history_column c, const json_t *v,
                                  size_t row_number, wfm_error *err);

/* Parses a decoded document, appending rows to out (caller-initialized and
 * caller-freed, also on failure). WFM_EINVAL naming row, field and value. */
wfm_status wfm_history_json_parse(const json_t *doc, wfm_history_set *out, wfm_error *err);

/* The same from text (len bytes). A syntax error names line and column. */
wfm_status wfm_history_json_parse_text(const char *text, size_t len, wfm_history_set *out,
                                       wfm_error *err);

/* The same from an open file, read to its end. */
wfm_status wfm_history_json_read(FILE *in, wfm_history_set *out, wfm_error *err);

#endif
