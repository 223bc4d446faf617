/* Fuzzes the CSV history import (data/wfm_history_csv.h): parse, then the
 * checks across rows against a center in a zone with daylight saving, as
 * `wfm history import` and POST /v1/centers/{id}/history do. Two properties
 * on top of "no crash": the streaming reader (wfm_history_csv_read, used on
 * files) agrees with the parser of a buffer, and rows that parsed come back
 * the same after the writer (`wfm history export`) and the parser. */
#include <math.h>
#include <stdio.h>

#include "data/wfm_history_csv.h"
#include "tests/fuzz/wfm_fuzz.h"

#define ZONE "America/New_York"

static int same_seconds(double a, double b)
{
    /* the writer keeps milliseconds */
    return fabs(a - b) <= 0.0005 + 1e-12 * fabs(a);
}

static int same_rows(const wfm_history_set *a, const wfm_history_set *b)
{
    if (a->n_rows != b->n_rows)
        return 0;
    for (size_t i = 0; i < a->n_rows; i++) {
        const wfm_history_row *x = &a->rows[i], *y = &b->rows[i];
        if (strcmp(x->queue, y->queue) || x->interval_start != y->interval_start
            || x->interval_s != y->interval_s || x->offered != y->offered
            || x->answered != y->answered || x->abandoned != y->abandoned
            || !same_seconds(x->handle_time_s, y->handle_time_s)
            || !same_seconds(x->wait_time_s, y->wait_time_s))
            return 0;
    }
    return 1;
}

static void check_stream_agrees(const uint8_t *data, size_t size, wfm_status parsed,
                                const wfm_history_set *rows)
{
    FILE *in = fmemopen((void *)data, size, "r");
    if (!in)
        return; /* fmemopen refuses size 0 */
    wfm_history_set streamed;
    wfm_history_set_init(&streamed);
    wfm_error err;
    wfm_status st = wfm_history_csv_read(in, &streamed, &err);
    fclose(in);
    if (st != parsed || (st == WFM_OK && !same_rows(rows, &streamed)))
        abort();
    wfm_history_set_free(&streamed);
}

static void check_round_trip(const wfm_history_set *rows)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    wfm_error err;
    wfm_status st = out ? wfm_history_csv_write(out, rows->rows, rows->n_rows, ZONE, &err)
                        : WFM_ENOMEM;
    if (out)
        fclose(out);
    wfm_history_set again;
    wfm_history_set_init(&again);
    if (st == WFM_OK && (wfm_history_csv_parse(text, len, &again, &err) != WFM_OK
                         || !same_rows(rows, &again)))
        abort();
    wfm_history_set_free(&again);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wfm_history_set set;
    wfm_history_set_init(&set);
    wfm_error err;
    wfm_status st = wfm_history_csv_parse((const char *)data, size, &set, &err);
    check_stream_agrees(data, size, st, &set);
    if (st == WFM_OK) {
        check_round_trip(&set);
        wfm_fuzz_history_check(&set, ZONE, WFM_HISTORY_CSV_FIRST_ROW);
    }
    wfm_history_set_free(&set);
    return 0;
}
