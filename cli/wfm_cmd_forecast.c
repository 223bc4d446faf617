/* wfm forecast: forecast every queue of a history CSV and write the
 * forecast CSV (and optionally the backtest report as JSON).
 *
 * The history is read and validated by data/wfm_history_csv and
 * wfm_history_validate (intervals aligned on the --time-zone clock), and the
 * calendar features come from data/wfm_features in that zone and the
 * --calendar holidays. Timestamps are written in the center's zone, each
 * with its own UTC offset (+08:00; -04:00 / -05:00 across a DST change), not
 * in the offsets the input rows happened to carry: the forecast is for the
 * center's local clock, and one file then has one consistent clock. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/wfm_date.h"
#include "core/wfm_tz.h"
#include "data/wfm_features.h"
#include "data/wfm_forecast_json.h"
#include "data/wfm_history_csv.h"
#include "forecast/wfm_forecast.h"

#define DEFAULT_TIME_ZONE "Asia/Shanghai"

typedef struct forecast_args {
    const char *history, *out, *report, *time_zone;
    wfm_calendar_kind calendar;
    int horizon_days;
    wfm_model model;
    int timing;
} forecast_args;

static void usage(FILE *to)
{
    fprintf(to,
            "usage: wfm forecast --history FILE.csv --horizon-days N --out FILE.csv\n"
            "                    [--model auto|naive|hw|regression] [--backtest-report FILE.json]\n"
            "                    [--time-zone ZONE] [--calendar china|us|none] [--timing]\n\n"
            "Forecasts offered contacts (with 80 %% and 95 %% intervals) and handle time per\n"
            "queue and interval for N days (1..%d) after the end of the history.\n"
            "Output columns: queue, interval_start, offered, offered_lo80, offered_hi80,\n"
            "offered_lo95, offered_hi95, aht_s. The model is chosen per queue by a\n"
            "rolling-origin backtest unless --model names one; --backtest-report writes\n"
            "that backtest (WAPE, MASE, interval coverage per model) as JSON. --timing\n"
            "prints the time spent per queue on stderr.\n"
            "Local days, weekdays and holidays are those of --time-zone (IANA name, default\n"
            "%s) and --calendar (default china); interval_start is written in that zone.\n",
            WFM_FORECAST_MAX_HORIZON_DAYS, DEFAULT_TIME_ZONE);
}

static int parse_args(int argc, char **argv, forecast_args *a)
{
    memset(a, 0, sizeof *a);
    a->horizon_days = -1;
    a->time_zone = DEFAULT_TIME_ZONE;
    a->calendar = WFM_CALENDAR_CHINA;
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(opt, "--timing")) {
            a->timing = 1;
            continue;
        }
        if (!val) {
            fprintf(stderr, "wfm forecast: %s needs a value\n", opt);
            return -1;
        }
        i++;
        char *end;
        wfm_error err;
        if (!strcmp(opt, "--history")) {
            a->history = val;
        } else if (!strcmp(opt, "--out")) {
            a->out = val;
        } else if (!strcmp(opt, "--backtest-report")) {
            a->report = val;
        } else if (!strcmp(opt, "--time-zone")) {
            if (!wfm_tz_valid(val)) {
                fprintf(stderr, "wfm forecast: --time-zone must be an IANA zone name ('%s')\n", val);
                return -1;
            }
            a->time_zone = val;
        } else if (!strcmp(opt, "--calendar")) {
            if (wfm_calendar_kind_parse(val, &a->calendar, &err) != WFM_OK) {
                fprintf(stderr, "wfm forecast: --calendar: %s\n", err.message);
                return -1;
            }
        } else if (!strcmp(opt, "--horizon-days")) {
            long v = strtol(val, &end, 10);
            if (*end || end == val || v < 1 || v > WFM_FORECAST_MAX_HORIZON_DAYS) {
                fprintf(stderr, "wfm forecast: --horizon-days must be an integer from 1 to %d ('%s')\n",
                        WFM_FORECAST_MAX_HORIZON_DAYS, val);
                return -1;
            }
            a->horizon_days = (int)v;
        } else if (!strcmp(opt, "--model")) {
            if (wfm_model_parse(val, &a->model, &err) != WFM_OK) {
                fprintf(stderr, "wfm forecast: --model: %s\n", err.message);
                return -1;
            }
        } else {
            fprintf(stderr, "wfm forecast: unknown option '%s'\n", opt);
            return -1;
        }
    }
    if (!a->history || !a->out || a->horizon_days < 0) {
        fprintf(stderr, "wfm forecast: --history, --horizon-days and --out are required\n");
        return -1;
    }
    return 0;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static wfm_status write_rows(FILE *out, const char *queue, const wfm_forecast *f,
                             int64_t first_utc, int32_t interval_s, const char *zone,
                             wfm_error *err)
{
    int64_t *utc = malloc((f->n ? f->n : 1) * sizeof *utc);
    int32_t *offset = malloc((f->n ? f->n : 1) * sizeof *offset);
    wfm_status st = utc && offset ? WFM_OK : wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; st == WFM_OK && i < f->n; i++)
        utc[i] = first_utc + (int64_t)i * interval_s;
    if (st == WFM_OK)
        st = wfm_tz_offsets(zone, utc, f->n, offset, err);
    char when[40];
    for (size_t i = 0; st == WFM_OK && i < f->n; i++) {
        wfm_timestamp_format(utc[i], offset[i], when, sizeof when);
        fprintf(out, "%s,%s,%.3f,%.3f,%.3f,%.3f,%.3f,", queue, when, f->offered[i], f->lo80[i],
                f->hi80[i], f->lo95[i], f->hi95[i]);
        if (isfinite(f->aht_s[i]))
            fprintf(out, "%.1f", f->aht_s[i]);
        fputc('\n', out);
    }
    free(utc);
    free(offset);
    return st;
}

/* Forecasts one queue, appends its rows to out and its report to reports. */
static wfm_status forecast_queue(const wfm_history_set *h, const char *queue,
                                 const forecast_args *a, const wfm_features_ctx *ctx, FILE *out,
                                 json_t *reports, wfm_error *err)
{
    wfm_series *history = NULL, *future = NULL;
    int64_t first_utc = 0, end_utc = 0;
    double t0 = now_s();
    wfm_status st = wfm_features_history(h->rows, h->n_rows, queue, ctx, &history, &first_utc, err);
    int64_t last_utc = first_utc + (history ? (int64_t)(history->n - 1) * history->interval_s : 0);
    if (st == WFM_OK)
        st = wfm_features_horizon_end(last_utc, a->horizon_days, a->time_zone, &end_utc, err);
    if (st == WFM_OK)
        st = wfm_features_grid(last_utc + history->interval_s, end_utc, history->interval_s, ctx,
                               &future, err);
    wfm_forecast *f = NULL;
    wfm_forecast_opts opts;
    wfm_forecast_opts_init(&opts);
    opts.model = a->model;
    double t1 = now_s();
    if (st == WFM_OK && !(f = wfm_forecast_run(history, future, &opts, err)))
        st = err->status;
    double t2 = now_s();
    if (st == WFM_OK)
        st = write_rows(out, queue, f, last_utc + history->interval_s, history->interval_s,
                        a->time_zone, err);
    if (st == WFM_OK)
        json_array_append_new(reports, wfm_forecast_report_json(queue, f));
    if (st == WFM_OK && a->timing) {
        /* The chosen model's fit + forecast alone, without the backtest. */
        double *scratch = malloc(future->n * sizeof *scratch);
        double t3 = now_s();
        if (scratch)
            wfm_model_predict(f->model, &opts.models, NULL, history, future, scratch, err);
        fprintf(stderr, "%s: %zu intervals, series %.3f s, backtest+fit+forecast %.3f s, "
                        "fit+forecast (%s) %.3f s\n",
                queue, history->n, t1 - t0, t2 - t1, wfm_model_name(f->model), now_s() - t3);
        free(scratch);
    }
    wfm_forecast_delete(f);
    wfm_series_delete(history);
    wfm_series_delete(future);
    return st;
}

/* The calendar of --calendar covering the history's years and the
 * horizon's. *cal is NULL on failure. */
static wfm_status make_calendar(const forecast_args *a, const wfm_history_set *h,
                                wfm_calendar **cal, wfm_error *err)
{
    int64_t lo = h->rows[0].interval_start, hi = lo;
    for (size_t r = 1; r < h->n_rows; r++) {
        lo = h->rows[r].interval_start < lo ? h->rows[r].interval_start : lo;
        hi = h->rows[r].interval_start > hi ? h->rows[r].interval_start : hi;
    }
    int first_year, last_year, m, d;
    wfm_date_to_ymd((int32_t)(lo / 86400) - 1, &first_year, &m, &d);
    wfm_date_to_ymd((int32_t)(hi / 86400) + a->horizon_days + 1, &last_year, &m, &d);
    *cal = wfm_calendar_create();
    wfm_status st = *cal ? wfm_calendar_load_kind(*cal, a->calendar, first_year, last_year + 1, err)
                         : wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
    if (st != WFM_OK) {
        wfm_calendar_delete(*cal);
        *cal = NULL;
    }
    return st;
}

static int run(const forecast_args *a, const wfm_history_set *h)
{
    size_t n_queues = 0;
    const char **queues = NULL;
    wfm_calendar *cal = NULL;
    FILE *out = NULL;
    json_t *reports = json_array();
    wfm_error err;
    wfm_error_clear(&err);
    wfm_status st = h->n_rows == 0
                        ? wfm_error_set(&err, WFM_EINVAL, "history", "%s has no rows", a->history)
                        : wfm_features_queues(h->rows, h->n_rows, &queues, &n_queues, &err);
    if (st == WFM_OK)
        st = make_calendar(a, h, &cal, &err);
    if (st == WFM_OK && !(out = fopen(a->out, "w")))
        st = wfm_error_set(&err, WFM_EIO, "out", "cannot write %s", a->out);
    wfm_features_ctx ctx = {.time_zone = a->time_zone, .calendar = cal};
    if (st == WFM_OK)
        fprintf(out, "queue,interval_start,offered,offered_lo80,offered_hi80,offered_lo95,offered_hi95,aht_s\n");
    const char *failed_queue = NULL;
    for (size_t q = 0; st == WFM_OK && q < n_queues; q++)
        if ((st = forecast_queue(h, queues[q], a, &ctx, out, reports, &err)) != WFM_OK)
            failed_queue = queues[q];
    if (out && fclose(out) && st == WFM_OK)
        st = wfm_error_set(&err, WFM_EIO, "out", "cannot write %s", a->out);
    json_t *root = json_pack("{s:o}", "queues", reports);
    if (st == WFM_OK && a->report &&
        json_dump_file(root, a->report, JSON_INDENT(2) | JSON_REAL_PRECISION(6)))
        st = wfm_error_set(&err, WFM_EIO, "backtest_report", "cannot write %s", a->report);
    json_decref(root);
    if (st != WFM_OK && failed_queue)
        fprintf(stderr, "wfm forecast: queue %s: %s\n", failed_queue, err.message);
    else if (st != WFM_OK)
        fprintf(stderr, "wfm forecast: %s\n", err.message);
    free(queues);
    wfm_calendar_delete(cal);
    return st == WFM_OK ? 0 : 1;
}

int wfm_cmd_forecast(int argc, char **argv)
{
    forecast_args a;
    if (parse_args(argc, argv, &a)) {
        usage(stderr);
        return 2;
    }
    wfm_history_set h;
    wfm_history_set_init(&h);
    wfm_error err;
    FILE *in = fopen(a.history, "r");
    wfm_status st = in ? wfm_history_csv_read(in, &h, &err)
                       : wfm_error_set(&err, WFM_EIO, "history", "cannot open %s (%s)", a.history,
                                       strerror(errno));
    if (in)
        fclose(in);
    wfm_history_check_opts check;
    wfm_history_check_opts_init(&check);
    check.time_zone = a.time_zone;
    check.first_row_number = WFM_HISTORY_CSV_FIRST_ROW;
    if (st == WFM_OK)
        st = wfm_history_validate(h.rows, h.n_rows, &check, &err);
    int rc = 1;
    if (st != WFM_OK)
        fprintf(stderr, "wfm forecast: %s: %s\n", a.history, err.message);
    else
        rc = run(&a, &h);
    wfm_history_set_free(&h);
    return rc;
}
