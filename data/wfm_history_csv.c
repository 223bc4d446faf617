/* wfm_history_csv: CSV history through libcsv (see wfm_history_csv.h). */
#include "data/wfm_history_csv.h"

#include <csv.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/wfm_date.h"
#include "core/wfm_tz.h"

#define MAX_COLUMNS 256

/* What the libcsv callbacks share; they cannot return errors, so the first
 * failure is kept in status and everything after it is ignored. */
typedef struct csv_reader {
    wfm_history_set *out;
    wfm_error *err;
    wfm_status status;
    size_t record;               /* 1-based number of the record being read */
    size_t field;                /* 0-based field within it */
    bool in_header;
    int map[MAX_COLUMNS];        /* CSV column -> wfm_history_column or -1 */
    size_t n_header;
    wfm_history_row row;
} csv_reader;

static void header_field(csv_reader *r, const char *name)
{
    if (r->field >= MAX_COLUMNS) {
        r->status = wfm_error_set(r->err, WFM_EINVAL, NULL, "row 1: more than %d columns",
                                  MAX_COLUMNS);
        return;
    }
    int c = wfm_history_column_find(name);
    for (size_t i = 0; c >= 0 && i < r->field; i++)
        if (r->map[i] == c) {
            r->status = wfm_error_set(r->err, WFM_EINVAL, name,
                                      "row 1, column %zu: column '%s' appears twice",
                                      r->field + 1, name);
            return;
        }
    r->map[r->field] = c;
}

static void on_field(void *text, size_t len, void *data)
{
    csv_reader *r = data;
    (void)len;
    if (r->status == WFM_OK && r->in_header)
        header_field(r, text ? text : "");
    else if (r->status == WFM_OK && r->field < r->n_header && r->map[r->field] >= 0)
        r->status = wfm_history_field_parse(&r->row, (wfm_history_column)r->map[r->field],
                                            text ? text : "", r->record, r->err);
    r->field++;
}

static void end_header(csv_reader *r)
{
    r->n_header = r->field;
    for (int c = 0; c < WFM_HISTORY_NCOLUMNS && r->status == WFM_OK; c++) {
        bool found = false;
        for (size_t i = 0; i < r->n_header; i++)
            found |= r->map[i] == c;
        if (!found)
            r->status = wfm_error_set(r->err, WFM_EINVAL, wfm_history_column_name(c),
                                      "row 1: the header lacks column '%s'",
                                      wfm_history_column_name(c));
    }
    r->in_header = false;
}

static void on_record(int terminator, void *data)
{
    csv_reader *r = data;
    (void)terminator;
    if (r->status == WFM_OK && r->in_header) {
        end_header(r);
    } else if (r->status == WFM_OK && r->field != r->n_header) {
        r->status = wfm_error_set(r->err, WFM_EINVAL, NULL,
                                  "row %zu: %zu fields where the header has %zu", r->record,
                                  r->field, r->n_header);
    } else if (r->status == WFM_OK) {
        wfm_history_row *row = wfm_history_set_push(r->out);
        if (row)
            *row = r->row;
        else
            r->status = wfm_error_set(r->err, WFM_ENOMEM, NULL, "out of memory at row %zu",
                                      r->record);
    }
    memset(&r->row, 0, sizeof r->row);
    r->field = 0;
    r->record++;
}

typedef struct csv_session {
    struct csv_parser parser;
    csv_reader reader;
    bool started; /* the byte order mark was looked for */
} csv_session;

static wfm_status session_open(csv_session *s, wfm_history_set *out, wfm_error *err)
{
    memset(s, 0, sizeof *s);
    s->reader.out = out;
    s->reader.err = err;
    s->reader.record = 1;
    s->reader.in_header = true;
    if (csv_init(&s->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory starting the CSV parser");
    return WFM_OK;
}

static void session_feed(csv_session *s, const char *buf, size_t len)
{
    if (!s->started && len) {
        s->started = true;
        if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
            buf += 3;
            len -= 3;
        }
    }
    if (s->reader.status != WFM_OK)
        return;
    if (csv_parse(&s->parser, buf, len, on_field, on_record, &s->reader) != len
        && s->reader.status == WFM_OK)
        s->reader.status = wfm_error_set(s->reader.err, WFM_EINVAL, NULL,
                                         "row %zu: malformed CSV (%s)", s->reader.record,
                                         csv_strerror(csv_error(&s->parser)));
}

static wfm_status session_close(csv_session *s)
{
    if (s->reader.status == WFM_OK
        && csv_fini(&s->parser, on_field, on_record, &s->reader) != 0
        && s->reader.status == WFM_OK)
        s->reader.status = wfm_error_set(s->reader.err, WFM_EINVAL, NULL,
                                         "row %zu: malformed CSV (%s)", s->reader.record,
                                         csv_strerror(csv_error(&s->parser)));
    if (s->reader.status == WFM_OK && s->reader.in_header)
        s->reader.status = wfm_error_set(s->reader.err, WFM_EINVAL, NULL,
                                         "the CSV is empty: expected a header row");
    csv_free(&s->parser);
    return s->reader.status;
}

wfm_status wfm_history_csv_parse(const char *text, size_t len, wfm_history_set *out,
                                 wfm_error *err)
{
    csv_session s;
    wfm_status st = session_open(&s, out, err);
    if (st != WFM_OK)
        return st;
    session_feed(&s, text, len);
    return session_close(&s);
}

wfm_status wfm_history_csv_read(FILE *in, wfm_history_set *out, wfm_error *err)
{
    csv_session s;
    wfm_status st = session_open(&s, out, err);
    if (st != WFM_OK)
        return st;
    /* The first chunk is at least 3 bytes unless the file is shorter, so the
     * byte order mark is never split. */
    char buf[1 << 16];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, in)) > 0 && s.reader.status == WFM_OK)
        session_feed(&s, buf, got);
    if (ferror(in) && s.reader.status == WFM_OK)
        s.reader.status = wfm_error_set(err, WFM_EIO, NULL, "reading the CSV failed");
    return session_close(&s);
}

/* Whole seconds print without a fraction; others keep millisecond precision;
 * totals beyond 10^15 s (which the import takes: any finite number) in
 * exponent form, to the last bit. No cast to an integer type: for a total
 * beyond its range that would be undefined behaviour. */
static void format_seconds(double v, char *buf, size_t size)
{
    snprintf(buf, size, v >= 1e15 ? "%.17g" : v == floor(v) ? "%.0f" : "%.3f", v);
}

static void write_rows(FILE *out, const wfm_history_row *rows, size_t n, const int32_t *offsets)
{
    fputs("queue,interval_start,interval_s,offered,answered,abandoned,handle_time_s,wait_time_s\n",
          out);
    for (size_t i = 0; i < n; i++) {
        const wfm_history_row *r = &rows[i];
        char ts[40], handle[32], wait[32];
        wfm_timestamp_format(r->interval_start, offsets[i], ts, sizeof ts);
        format_seconds(r->handle_time_s, handle, sizeof handle);
        format_seconds(r->wait_time_s, wait, sizeof wait);
        fprintf(out, "%s,%s,%d,%lld,%lld,%lld,%s,%s\n", r->queue, ts, (int)r->interval_s,
                (long long)r->offered, (long long)r->answered, (long long)r->abandoned, handle,
                wait);
    }
}

wfm_status wfm_history_csv_write(FILE *out, const wfm_history_row *rows, size_t n,
                                 const char *time_zone, wfm_error *err)
{
    int64_t *starts = malloc((n ? n : 1) * sizeof *starts);
    int32_t *offsets = malloc((n ? n : 1) * sizeof *offsets);
    wfm_status st;
    if (!starts || !offsets) {
        st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory writing %zu rows", n);
    } else {
        for (size_t i = 0; i < n; i++)
            starts[i] = rows[i].interval_start;
        st = wfm_tz_offsets(time_zone, starts, n, offsets, err);
    }
    if (st == WFM_OK) {
        write_rows(out, rows, n, offsets);
        if (fflush(out) != 0 || ferror(out))
            st = wfm_error_set(err, WFM_EIO, NULL, "writing the CSV failed");
    }
    free(starts);
    free(offsets);
    return st;
}
