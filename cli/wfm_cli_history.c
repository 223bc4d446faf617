/* wfm_cli_history: minimal history CSV reader (stop-gap), see header. */
#include "cli/wfm_cli_history.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COL_QUEUE, COL_START, COL_INTERVAL, COL_OFFERED, COL_ANSWERED, COL_ABANDONED,
       COL_HANDLE, COL_WAIT, COLUMNS };
static const char *const column_names[COLUMNS] = {
    "queue", "interval_start", "interval_s", "offered", "answered", "abandoned",
    "handle_time_s", "wait_time_s"};

int64_t wfm_cli_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

int wfm_cli_parse_timestamp(const char *text, int64_t *utc, int32_t *offset_s)
{
    int y, mo, d, h, mi, s, n = 0;
    char sep;
    if (sscanf(text, "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &s, &n) != 7 ||
        (sep != 'T' && sep != ' ') || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        s > 59 || h < 0 || mi < 0 || s < 0)
        return -1;
    const char *zone = text + n;
    int oh = 0, om = 0, sign = 1, m = 0;
    if (!strcmp(zone, "Z")) {
        sign = 0;
    } else if ((zone[0] == '+' || zone[0] == '-') &&
               sscanf(zone + 1, "%2d:%2d%n", &oh, &om, &m) == 2 && zone[1 + m] == '\0' && oh <= 18 &&
               om <= 59) {
        sign = zone[0] == '-' ? -1 : 1;
    } else {
        return -1;
    }
    *offset_s = sign * (oh * 3600 + om * 60);
    int64_t local = wfm_cli_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s;
    *utc = local - *offset_s;
    return 0;
}

void wfm_cli_format_timestamp(int64_t utc, int32_t offset_s, char *buf, size_t size)
{
    int64_t local = utc + offset_s, days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    int64_t secs = local - days * 86400;
    /* civil_from_days, the inverse of days_from_civil (same source). */
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = (int64_t)yoe + era * 400 + (m <= 2);
    int off = offset_s < 0 ? -offset_s : offset_s;
    snprintf(buf, size, "%04lld-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", (long long)y, m, d,
             (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60), offset_s < 0 ? '-' : '+',
             off / 3600, off / 60 % 60);
}

/* Splits line in place at commas (no quoting: queue names have none). */
static int split_fields(char *line, char **fields, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (char *p = line; n < max;) {
        fields[n++] = p;
        char *comma = strchr(p, ',');
        if (!comma)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    return n;
}

static wfm_status map_header(char *line, int *index_of, const char *path, wfm_error *err)
{
    char *fields[64];
    int n = split_fields(line, fields, 64);
    for (int c = 0; c < COLUMNS; c++) {
        index_of[c] = -1;
        for (int k = 0; k < n; k++)
            if (!strcmp(fields[k], column_names[c]))
                index_of[c] = k;
        if (index_of[c] < 0)
            return wfm_error_set(err, WFM_EINVAL, column_names[c],
                                 "%s line 1: header lacks column %s", path, column_names[c]);
    }
    return WFM_OK;
}

static wfm_status parse_number(const char *text, double *out, const char *path, size_t line,
                               int column, wfm_error *err)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || errno || !isfinite(v) || v < 0)
        return wfm_error_set(err, WFM_EINVAL, column_names[column],
                             "%s line %zu: %s must be a number >= 0 ('%s')", path, line,
                             column_names[column], text);
    *out = v;
    return WFM_OK;
}

static wfm_status parse_row(char **f, const int *index_of, wfm_history_row *row, int32_t *offset,
                            const char *path, size_t line, wfm_error *err)
{
    const char *queue = f[index_of[COL_QUEUE]];
    if (!*queue || strlen(queue) >= sizeof row->queue)
        return wfm_error_set(err, WFM_EINVAL, "queue", "%s line %zu: queue must be 1 to %zu characters ('%s')",
                             path, line, sizeof row->queue - 1, queue);
    strcpy(row->queue, queue);
    if (wfm_cli_parse_timestamp(f[index_of[COL_START]], &row->interval_start, offset))
        return wfm_error_set(err, WFM_EINVAL, "interval_start",
                             "%s line %zu: interval_start must be ISO 8601 with a UTC offset ('%s')",
                             path, line, f[index_of[COL_START]]);
    double v[COLUMNS];
    for (int c = COL_INTERVAL; c < COLUMNS; c++) {
        wfm_status st = parse_number(f[index_of[c]], &v[c], path, line, c, err);
        if (st != WFM_OK)
            return st;
    }
    row->interval_s = (int32_t)v[COL_INTERVAL];
    row->offered = (int64_t)v[COL_OFFERED];
    row->answered = (int64_t)v[COL_ANSWERED];
    row->abandoned = (int64_t)v[COL_ABANDONED];
    row->handle_time_s = v[COL_HANDLE];
    row->wait_time_s = v[COL_WAIT];
    return WFM_OK;
}

static wfm_status grow(wfm_cli_history *h, size_t *cap, wfm_error *err)
{
    if (h->n < *cap)
        return WFM_OK;
    size_t next = *cap ? 2 * *cap : 4096;
    wfm_history_row *rows = realloc(h->rows, next * sizeof *rows);
    if (rows)
        h->rows = rows;
    int32_t *offsets = realloc(h->utc_offset_s, next * sizeof *offsets);
    if (offsets)
        h->utc_offset_s = offsets;
    if (!rows || !offsets)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory reading %zu history rows", h->n);
    *cap = next;
    return WFM_OK;
}

wfm_status wfm_cli_history_read(const char *path, wfm_cli_history *h, wfm_error *err)
{
    memset(h, 0, sizeof *h);
    FILE *in = fopen(path, "r");
    if (!in)
        return wfm_error_set(err, WFM_EIO, "history", "cannot open %s: %s", path, strerror(errno));
    char line[4096];
    int index_of[COLUMNS];
    wfm_status st = fgets(line, sizeof line, in)
                        ? map_header(line, index_of, path, err)
                        : wfm_error_set(err, WFM_EINVAL, "history", "%s is empty", path);
    size_t cap = 0, line_no = 1;
    while (st == WFM_OK && fgets(line, sizeof line, in)) {
        line_no++;
        if (line[strspn(line, " \r\n")] == '\0')
            continue;
        char *f[64];
        int n = split_fields(line, f, 64), needed = 0;
        for (int c = 0; c < COLUMNS; c++)
            needed = index_of[c] >= needed ? index_of[c] + 1 : needed;
        if (n < needed)
            st = wfm_error_set(err, WFM_EINVAL, "history", "%s line %zu: %d fields, header has %d",
                               path, line_no, n, needed);
        if (st == WFM_OK)
            st = grow(h, &cap, err);
        if (st == WFM_OK)
            st = parse_row(f, index_of, &h->rows[h->n], &h->utc_offset_s[h->n], path, line_no, err);
        h->n += st == WFM_OK;
    }
    fclose(in);
    if (st != WFM_OK)
        wfm_cli_history_free(h);
    return st;
}

void wfm_cli_history_free(wfm_cli_history *h)
{
    free(h->rows);
    free(h->utc_offset_s);
    memset(h, 0, sizeof *h);
}
