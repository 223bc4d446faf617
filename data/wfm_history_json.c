/* wfm_history_json: JSON history through jansson (see wfm_history_json.h).
 * Values are turned back into text and parsed by the same field parser as
 * CSV, so both formats accept and reject exactly the same values. */
#include "data/wfm_history_json.h"

#include <stdio.h>

wfm_status wfm_history_json_field(wfm_history_row *row, wfm_history_column c, const json_t *v,
                                  size_t row_number, wfm_error *err)
{
    const char *name = wfm_history_column_name(c);
    char text[64];
    if (json_is_string(v))
        return wfm_history_field_parse(row, c, json_string_value(v), row_number, err);
    if (json_is_integer(v))
        snprintf(text, sizeof text, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(text, sizeof text, "%.17g", json_real_value(v));
    else
        return wfm_error_set(err, WFM_EINVAL, name, "row %zu, column %s: %s", row_number, name,
                             v ? "must be a number or a string" : "missing");
    return wfm_history_field_parse(row, c, text, row_number, err);
}

wfm_status wfm_history_json_parse(const json_t *doc, wfm_history_set *out, wfm_error *err)
{
    const json_t *rows = json_is_object(doc) ? json_object_get(doc, "rows") : NULL;
    if (!json_is_array(rows))
        return wfm_error_set(err, WFM_EINVAL, "rows",
                             "expected an object with an array \"rows\"");
    for (size_t i = 0; i < json_array_size(rows); i++) {
        size_t row_number = i + WFM_HISTORY_JSON_FIRST_ROW;
        const json_t *item = json_array_get(rows, i);
        if (!json_is_object(item))
            return wfm_error_set(err, WFM_EINVAL, "rows", "row %zu: not an object",
                                 row_number);
        wfm_history_row row = {0};
        for (int c = 0; c < WFM_HISTORY_NCOLUMNS; c++) {
            const json_t *v = json_object_get(item, wfm_history_column_name(c));
            wfm_status st = wfm_history_json_field(&row, c, v, row_number, err);
            if (st != WFM_OK)
                return st;
        }
        wfm_history_row *slot = wfm_history_set_push(out);
        if (!slot)
            return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory at row %zu", row_number);
        *slot = row;
    }
    return WFM_OK;
}

/* Parses a document jansson just decoded (NULL: its syntax error). */
static wfm_status parse_decoded(json_t *doc, const json_error_t *jerr, wfm_history_set *out,
                                wfm_error *err)
{
    if (!doc)
        return wfm_error_set(err, WFM_EINVAL, NULL, "invalid JSON at line %d, column %d: %s",
                             jerr->line, jerr->column, jerr->text);
    wfm_status st = wfm_history_json_parse(doc, out, err);
    json_decref(doc);
    return st;
}

wfm_status wfm_history_json_parse_text(const char *text, size_t len, wfm_history_set *out,
                                       wfm_error *err)
{
    json_error_t jerr;
    return parse_decoded(json_loadb(text, len, 0, &jerr), &jerr, out, err);
}

wfm_status wfm_history_json_read(FILE *in, wfm_history_set *out, wfm_error *err)
{
    json_error_t jerr;
    return parse_decoded(json_loadf(in, 0, &jerr), &jerr, out, err);
}
