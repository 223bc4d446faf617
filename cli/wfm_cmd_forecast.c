/* wfm forecast: forecast every queue of a history CSV and write the
 * forecast CSV (and optionally the backtest report as JSON). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/wfm_cli_series.h"
#include "forecast/wfm_forecast.h"

typedef struct forecast_args {
    const char *history, *out, *report;
    int horizon_days;
    wfm_model model;
    int timing;
} forecast_args;

static void usage(FILE *to)
{
    fprintf(to,
            "usage: wfm forecast --history FILE.csv --horizon-days N --out FILE.csv\n"
            "                    [--model auto|naive|hw|regression] [--backtest-report FILE.json]\n"
            "                    [--timing]\n\n"
            "Forecasts offered contacts (with 80 %% and 95 %% intervals) and handle time per\n"
            "queue and interval for N days (1..%d) after the end of the history.\n"
            "Output columns: queue, interval_start, offered, offered_lo80, offered_hi80,\n"
            "offered_lo95, offered_hi95, aht_s. The model is chosen per queue by a\n"
            "rolling-origin backtest unless --model names one; --backtest-report writes\n"
            "that backtest (WAPE, MASE, interval coverage per model) as JSON. --timing\n"
            "prints the time spent per queue on stderr.\n",
            WFM_FORECAST_MAX_HORIZON_DAYS);
}

static int parse_args(int argc, char **argv, forecast_args *a)
{
    memset(a, 0, sizeof *a);
    a->horizon_days = -1;
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

static json_t *number_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *report_json(const char *queue, const wfm_forecast *f)
{
    const wfm_backtest_report *r = &f->backtest;
    json_t *models = json_array();
    for (int k = 0; k < r->n_scores; k++) {
        const wfm_backtest_score *s = &r->scores[k];
        json_array_append_new(models, json_pack("{s:s, s:i, s:I, s:o, s:o, s:o, s:o}",
                                                "model", wfm_model_name(s->model),
                                                "origins", s->origins, "points", (json_int_t)s->points,
                                                "wape", number_or_null(s->wape),
                                                "mase", number_or_null(s->mase),
                                                "coverage80", number_or_null(s->coverage80),
                                                "coverage95", number_or_null(s->coverage95)));
    }
    return json_pack("{s:s, s:s, s:i, s:o}", "queue", queue, "chosen", wfm_model_name(f->model),
                     "horizon_days", r->horizon_days, "models", models);
}

static void write_rows(FILE *out, const char *queue, const wfm_forecast *f, int64_t first_utc,
                       int32_t interval_s, int32_t offset)
{
    char when[40];
    for (size_t i = 0; i < f->n; i++) {
        wfm_cli_format_timestamp(first_utc + (int64_t)i * interval_s, offset, when, sizeof when);
        fprintf(out, "%s,%s,%.3f,%.3f,%.3f,%.3f,%.3f,", queue, when, f->offered[i], f->lo80[i],
                f->hi80[i], f->lo95[i], f->hi95[i]);
        if (isfinite(f->aht_s[i]))
            fprintf(out, "%.1f", f->aht_s[i]);
        fputc('\n', out);
    }
}

/* Forecasts one queue, appends its rows to out and its report to reports. */
static wfm_status forecast_queue(const wfm_cli_history *h, const char *queue, const forecast_args *a,
                                 FILE *out, json_t *reports, wfm_error *err)
{
    wfm_series *history = NULL, *future = NULL;
    int64_t first_utc = 0;
    int32_t offset = 0;
    double t0 = now_s();
    wfm_status st = wfm_cli_series_build(h, queue, &history, &first_utc, &offset, err);
    int64_t last_utc = first_utc + (history ? (int64_t)(history->n - 1) * history->interval_s : 0);
    if (st == WFM_OK)
        st = wfm_cli_future_build(last_utc, history->interval_s, offset, a->horizon_days, &future, err);
    wfm_forecast *f = NULL;
    wfm_forecast_opts opts;
    wfm_forecast_opts_init(&opts);
    opts.model = a->model;
    double t1 = now_s();
    if (st == WFM_OK && !(f = wfm_forecast_run(history, future, &opts, err)))
        st = err->status;
    double t2 = now_s();
    if (st == WFM_OK) {
        write_rows(out, queue, f, last_utc + history->interval_s, history->interval_s, offset);
        json_array_append_new(reports, report_json(queue, f));
    }
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

/* Queue names in order of first appearance; *n set. Caller frees the array. */
static const char **queue_names(const wfm_cli_history *h, size_t *n)
{
    const char **names = malloc((h->n ? h->n : 1) * sizeof *names);
    *n = 0;
    for (size_t r = 0; names && r < h->n; r++) {
        size_t k = 0;
        while (k < *n && strcmp(names[k], h->rows[r].queue))
            k++;
        if (k == *n)
            names[(*n)++] = h->rows[r].queue;
    }
    return names;
}

static int run(const forecast_args *a, const wfm_cli_history *h)
{
    size_t n_queues = 0;
    const char **queues = queue_names(h, &n_queues);
    FILE *out = fopen(a->out, "w");
    json_t *reports = json_array();
    wfm_error err;
    wfm_error_clear(&err);
    wfm_status st = !queues ? wfm_error_set(&err, WFM_ENOMEM, NULL, "out of memory")
                  : !out    ? wfm_error_set(&err, WFM_EIO, "out", "cannot write %s", a->out)
                  : n_queues == 0 ? wfm_error_set(&err, WFM_EINVAL, "history", "%s has no rows", a->history)
                                  : WFM_OK;
    if (st == WFM_OK)
        fprintf(out, "queue,interval_start,offered,offered_lo80,offered_hi80,offered_lo95,offered_hi95,aht_s\n");
    const char *failed_queue = NULL;
    for (size_t q = 0; st == WFM_OK && q < n_queues; q++)
        if ((st = forecast_queue(h, queues[q], a, out, reports, &err)) != WFM_OK)
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
    return st == WFM_OK ? 0 : 1;
}

int wfm_cmd_forecast(int argc, char **argv)
{
    forecast_args a;
    if (parse_args(argc, argv, &a)) {
        usage(stderr);
        return 2;
    }
    wfm_cli_history h;
    wfm_error err;
    if (wfm_cli_history_read(a.history, &h, &err) != WFM_OK) {
        fprintf(stderr, "wfm forecast: %s\n", err.message);
        return 1;
    }
    int rc = run(&a, &h);
    wfm_cli_history_free(&h);
    return rc;
}
