/* wfm_backtest: rolling-origin evaluation, see wfm_backtest.h. */
#include "forecast/wfm_backtest.h"

#include <math.h>
#include <stdlib.h>

#include "forecast/wfm_naive.h"

#define MAX_ORIGINS 256

void wfm_backtest_opts_init(wfm_backtest_opts *opts)
{
    opts->evaluation_origins = 8;
    opts->calibration_origins = 8;
    opts->step_days = 7;
    opts->horizon_days = 7;
    opts->min_history_days = 21;
}

/* Origin days, oldest first; the first n_calibration calibrate. */
typedef struct origin_plan {
    int n, n_calibration;
    int32_t day[MAX_ORIGINS];
} origin_plan;

static wfm_status plan_origins(const wfm_series *h, const wfm_backtest_opts *o, origin_plan *plan,
                               wfm_error *err)
{
    int wanted = o->evaluation_origins + o->calibration_origins;
    if (o->evaluation_origins < 1 || o->calibration_origins < 0 || wanted > MAX_ORIGINS ||
        o->step_days < 1 || o->horizon_days < 1)
        return wfm_error_set(err, WFM_EINVAL, "backtest",
                             "backtest needs 1..%d origins, step_days >= 1 and horizon_days >= 1 "
                             "(%d + %d origins, step %d, horizon %d)", MAX_ORIGINS,
                             o->evaluation_origins, o->calibration_origins, o->step_days,
                             o->horizon_days);
    int32_t last_day = h->n ? h->day[h->n - 1] : 0;
    int available = 0;
    while (h->n && available < wanted &&
           last_day + 1 - o->horizon_days - available * o->step_days - h->day[0] >=
               o->min_history_days)
        available++;
    if (available == 0)
        return wfm_error_set(err, WFM_EINVAL, "history",
                             "history too short for a backtest: needs at least %d days, has %d",
                             o->min_history_days + o->horizon_days, wfm_series_days_spanned(h));
    int n_eval = available - available / 2;
    if (n_eval > o->evaluation_origins)
        n_eval = o->evaluation_origins;
    plan->n = available;
    plan->n_calibration = available - n_eval;
    for (int k = 0; k < available; k++)
        plan->day[k] = last_day + 1 - o->horizon_days - (available - 1 - k) * o->step_days;
    return WFM_OK;
}

/* Pairs of actual and forecast, calibration origins' first. */
typedef struct pairs {
    double *actual, *forecast;
    size_t n, n_calibration;
} pairs;

typedef struct score_sums {
    double abs_error, actual, mase_sum;
    size_t points;
    int origins;
} score_sums;

static void score_origin(score_sums *s, const wfm_series *hist, const double *actual,
                         const double *forecast, size_t n)
{
    double abs_error = 0;
    size_t points = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(actual[i]))
            continue;
        abs_error += fabs(actual[i] - forecast[i]);
        s->actual += actual[i];
        points++;
    }
    double scale = wfm_naive_scale(hist);
    if (points && scale > 0)
        s->mase_sum += abs_error / (double)points / scale;
    s->abs_error += abs_error;
    s->points += points;
    s->origins++;
}

static double coverage(const wfm_uncertainty *u, const pairs *p, int level95)
{
    size_t inside = 0, total = 0;
    for (size_t i = p->n_calibration; i < p->n; i++) {
        if (isnan(p->actual[i]))
            continue;
        wfm_bounds b = wfm_uncertainty_bounds(u, p->forecast[i]);
        double lo = level95 ? b.lo95 : b.lo80, hi = level95 ? b.hi95 : b.hi80;
        inside += p->actual[i] >= lo && p->actual[i] <= hi;
        total++;
    }
    return total ? (double)inside / (double)total : NAN;
}

static wfm_status finish_score(wfm_backtest_score *sc, const score_sums *s, const pairs *p,
                               wfm_error *err)
{
    sc->origins = s->origins;
    sc->points = s->points;
    sc->wape = s->actual > 0 ? s->abs_error / s->actual : NAN;
    sc->mase = s->origins ? s->mase_sum / s->origins : NAN;
    sc->coverage80 = sc->coverage95 = NAN;
    if (p->n_calibration > 0) {
        wfm_error ignored;
        wfm_uncertainty early;
        if (wfm_uncertainty_fit(p->actual, p->forecast, p->n_calibration, &early, &ignored) == WFM_OK) {
            sc->coverage80 = coverage(&early, p, 0);
            sc->coverage95 = coverage(&early, p, 1);
        }
    }
    return wfm_uncertainty_fit(p->actual, p->forecast, p->n, &sc->uncertainty, err);
}

static wfm_status backtest_model(const wfm_series *h, wfm_model model, const wfm_model_opts *mo,
                                 const wfm_backtest_opts *o, const origin_plan *plan, pairs *p,
                                 wfm_backtest_score *sc, wfm_error *err)
{
    wfm_model_fit fit = {0};
    score_sums sums = {0};
    p->n = p->n_calibration = 0;
    sc->model = model;
    for (int k = 0; k < plan->n; k++) {
        size_t begin = wfm_series_find_day(h, plan->day[k]);
        size_t end = wfm_series_find_day(h, plan->day[k] + o->horizon_days);
        wfm_series hist = wfm_series_view(h, 0, begin), target = wfm_series_view(h, begin, end - begin);
        wfm_status st = wfm_model_predict(model, mo, &fit, &hist, &target, p->forecast + p->n, err);
        if (st != WFM_OK)
            return st;
        for (size_t i = 0; i < target.n; i++)
            p->actual[p->n + i] = target.offered[i];
        if (k >= plan->n_calibration)
            score_origin(&sums, &hist, p->actual + p->n, p->forecast + p->n, target.n);
        p->n += target.n;
        if (k < plan->n_calibration)
            p->n_calibration = p->n;
    }
    return finish_score(sc, &sums, p, err);
}

wfm_status wfm_backtest_run(const wfm_series *history, const wfm_model_opts *model_opts,
                            const wfm_backtest_opts *opts, wfm_backtest_report *report,
                            wfm_error *err)
{
    origin_plan plan = {0};
    wfm_status st = plan_origins(history, opts, &plan, err);
    if (st != WFM_OK)
        return st;
    size_t room = 0;
    for (int k = 0; k < plan.n; k++)
        room += wfm_series_find_day(history, plan.day[k] + opts->horizon_days) -
                wfm_series_find_day(history, plan.day[k]);
    pairs p = {malloc((room + 1) * sizeof(double)), malloc((room + 1) * sizeof(double)), 0, 0};
    if (!p.actual || !p.forecast)
        st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the backtest");
    report->n_scores = 0;
    report->horizon_days = opts->horizon_days;
    report->first_origin_day = plan.day[plan.n_calibration];
    report->last_origin_day = plan.day[plan.n - 1];
    for (int m = WFM_MODEL_NAIVE; st == WFM_OK && m < WFM_MODEL_COUNT; m++) {
        st = backtest_model(history, (wfm_model)m, model_opts, opts, &plan, &p,
                            &report->scores[report->n_scores], err);
        report->n_scores += st == WFM_OK;
    }
    free(p.actual);
    free(p.forecast);
    return st;
}

const wfm_backtest_score *wfm_backtest_find(const wfm_backtest_report *report, wfm_model model)
{
    for (int k = 0; k < report->n_scores; k++)
        if (report->scores[k].model == model)
            return &report->scores[k];
    return NULL;
}
