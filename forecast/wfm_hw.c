/* wfm_hw: double-seasonal Holt-Winters (Taylor 2003/2008), see wfm_hw.h. */
#include "forecast/wfm_hw.h"

#include <gsl/gsl_multimin.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Denominators of the multiplicative updates never go below this, so a
 * slot that was empty at the start cannot blow the level up. */
#define HW_FLOOR 1e-3
#define HW_PARAMS 4

typedef struct hw_state {
    int slots_per_day;
    double level;
    double last_error;          /* y - (L D W) of the latest observation */
    double *daily;              /* [slots_per_day] */
    double *weekly;             /* [7 * slots_per_day] */
    double kind_actual[WFM_DAY_KINDS];
    double kind_forecast[WFM_DAY_KINDS];
} hw_state;

void wfm_hw_opts_init(wfm_hw_opts *opts)
{
    opts->form = WFM_HW_AUTO;
    opts->ar1 = 1;
    opts->init_weeks = 2;
    opts->fit_weeks = 12;
    opts->max_iter = 300;
    opts->size_tol = 1e-3;
}

static wfm_status hw_state_alloc(hw_state *st, int slots_per_day, wfm_error *err)
{
    memset(st, 0, sizeof *st);
    st->slots_per_day = slots_per_day;
    st->daily = calloc((size_t)slots_per_day, sizeof *st->daily);
    st->weekly = calloc(7 * (size_t)slots_per_day, sizeof *st->weekly);
    if (!st->daily || !st->weekly)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for Holt-Winters states");
    return WFM_OK;
}

static void hw_state_free(hw_state *st)
{
    free(st->daily);
    free(st->weekly);
}

static void hw_state_copy(hw_state *dst, const hw_state *src)
{
    double *daily = dst->daily, *weekly = dst->weekly;
    *dst = *src;
    dst->daily = daily;
    dst->weekly = weekly;
    memcpy(daily, src->daily, (size_t)src->slots_per_day * sizeof *daily);
    memcpy(weekly, src->weekly, 7 * (size_t)src->slots_per_day * sizeof *weekly);
}

static int is_normal_observation(const wfm_series *s, size_t i)
{
    return !isnan(s->offered[i]) && s->day_kind[i] == WFM_DAY_NORMAL;
}

/* Starts the states from the means of [begin, end): level = overall mean,
 * daily = slot mean relative to it, weekly = week-slot mean relative to
 * both (Taylor 2003, section 3). */
static void hw_state_start(hw_state *st, const wfm_series *s, size_t begin, size_t end,
                           wfm_hw_form form)
{
    int spd = st->slots_per_day;
    double *week_sum = calloc(7 * (size_t)spd, sizeof *week_sum);
    int *week_count = calloc(7 * (size_t)spd, sizeof *week_count);
    double total = 0;
    size_t count = 0;
    for (size_t i = begin; week_sum && week_count && i < end; i++) {
        if (!is_normal_observation(s, i))
            continue;
        week_sum[wfm_series_week_slot(s, i)] += s->offered[i];
        week_count[wfm_series_week_slot(s, i)]++;
        total += s->offered[i];
        count++;
    }
    int mult = form == WFM_HW_MULTIPLICATIVE;
    st->level = count ? fmax(total / (double)count, HW_FLOOR) : 1.0;
    for (int slot = 0; slot < spd; slot++) {
        double sum = 0;
        int n = 0;
        for (int wd = 0; week_count && wd < 7; wd++) {
            sum += week_sum[wd * spd + slot];
            n += week_count[wd * spd + slot];
        }
        double mean = n ? sum / n : st->level;
        st->daily[slot] = mult ? fmax(mean / st->level, HW_FLOOR) : mean - st->level;
        for (int wd = 0; wd < 7; wd++) {
            int k = wd * spd + slot;
            double cell = week_count && week_count[k] ? week_sum[k] / week_count[k] : mean;
            st->weekly[k] = mult ? fmax(cell / (st->level * st->daily[slot]), HW_FLOOR)
                                 : cell - st->level - st->daily[slot];
        }
    }
    st->last_error = 0;
    free(week_sum);
    free(week_count);
}

static double hw_base(const hw_state *st, wfm_hw_form form, int slot, int week_slot)
{
    if (form == WFM_HW_MULTIPLICATIVE)
        return st->level * st->daily[slot] * st->weekly[week_slot];
    return st->level + st->daily[slot] + st->weekly[week_slot];
}

static void hw_update(hw_state *st, const wfm_hw_params *p, double y, int slot, int week_slot)
{
    double *d = &st->daily[slot], *w = &st->weekly[week_slot];
    double old_level = st->level, old_daily = *d;
    if (p->form == WFM_HW_MULTIPLICATIVE) {
        st->level = fmax(p->alpha * y / fmax(old_daily * *w, HW_FLOOR) + (1 - p->alpha) * old_level,
                         HW_FLOOR);
        *d = p->delta * y / fmax(st->level * *w, HW_FLOOR) + (1 - p->delta) * old_daily;
        *w = p->omega * y / fmax(st->level * old_daily, HW_FLOOR) + (1 - p->omega) * *w;
    } else {
        st->level = p->alpha * (y - old_daily - *w) + (1 - p->alpha) * old_level;
        *d = p->delta * (y - st->level - *w) + (1 - p->delta) * old_daily;
        *w = p->omega * (y - st->level - old_daily) + (1 - p->omega) * *w;
    }
}

/* Smooths s over [from, s->n) from the states in st; returns the one-step
 * SSE of normal days (AR adjustment included). Missing values and special
 * days leave the states alone; special days feed the per-kind factors. */
static double hw_filter(hw_state *st, const wfm_series *s, size_t from, const wfm_hw_params *p)
{
    double sse = 0;
    for (size_t i = from; i < s->n; i++) {
        int slot = s->slot[i], ws = wfm_series_week_slot(s, i);
        double y = s->offered[i], base = hw_base(st, p->form, slot, ws);
        if (isnan(y)) {
            st->last_error = 0;
            continue;
        }
        if (s->day_kind[i] != WFM_DAY_NORMAL) {
            st->kind_actual[s->day_kind[i]] += y;
            st->kind_forecast[s->day_kind[i]] += fmax(base, 0);
            st->last_error = 0;
            continue;
        }
        double e = y - (base + p->phi * st->last_error);
        sse += e * e;
        st->last_error = y - base;
        hw_update(st, p, y, slot, ws);
    }
    return sse;
}

typedef struct hw_objective {
    const wfm_series *s;
    size_t fit_from;
    hw_state start, work;
    wfm_hw_form form;
    int ar1;
} hw_objective;

static double logistic(double x) { return 1.0 / (1.0 + exp(-x)); }
static double logit(double p) { return log(p / (1.0 - p)); }

static void params_from_vector(const gsl_vector *x, wfm_hw_form form, int ar1, wfm_hw_params *p)
{
    p->form = form;
    p->alpha = logistic(gsl_vector_get(x, 0));
    p->delta = logistic(gsl_vector_get(x, 1));
    p->omega = logistic(gsl_vector_get(x, 2));
    p->phi = ar1 ? logistic(gsl_vector_get(x, 3)) : 0.0;
}

static double hw_objective_sse(const gsl_vector *x, void *data)
{
    hw_objective *o = data;
    wfm_hw_params p;
    params_from_vector(x, o->form, o->ar1, &p);
    hw_state_copy(&o->work, &o->start);
    double sse = hw_filter(&o->work, o->s, o->fit_from, &p);
    return isfinite(sse) ? sse : HUGE_VAL;
}

/* Nelder-Mead over the logits of (alpha, delta, omega[, phi]). */
static wfm_status hw_minimize(hw_objective *o, const wfm_hw_opts *opts, wfm_hw_params *best,
                              wfm_error *err)
{
    size_t dim = o->ar1 ? HW_PARAMS : HW_PARAMS - 1;
    const double start[HW_PARAMS] = {0.05, 0.1, 0.1, 0.5};
    gsl_vector *x = gsl_vector_alloc(dim), *step = gsl_vector_alloc(dim);
    gsl_multimin_fminimizer *m = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, dim);
    if (!x || !step || !m) {
        gsl_vector_free(x);
        gsl_vector_free(step);
        gsl_multimin_fminimizer_free(m);
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the Holt-Winters fit");
    }
    for (size_t k = 0; k < dim; k++) {
        gsl_vector_set(x, k, logit(start[k]));
        gsl_vector_set(step, k, 1.0);
    }
    gsl_multimin_function f = {.n = dim, .f = hw_objective_sse, .params = o};
    gsl_multimin_fminimizer_set(m, &f, x, step);
    for (int iter = 0; iter < opts->max_iter; iter++) {
        if (gsl_multimin_fminimizer_iterate(m))
            break;
        if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(m), opts->size_tol) == GSL_SUCCESS)
            break;
    }
    params_from_vector(gsl_multimin_fminimizer_x(m), o->form, o->ar1, best);
    best->sse = gsl_multimin_fminimizer_minimum(m);
    gsl_vector_free(x);
    gsl_vector_free(step);
    gsl_multimin_fminimizer_free(m);
    return WFM_OK;
}

static wfm_status check_history_length(const wfm_series *history, const wfm_hw_opts *opts,
                                       wfm_error *err)
{
    int need = 7 * (opts->init_weeks + 1);
    int have = wfm_series_days_spanned(history);
    if (opts->init_weeks < 1 || opts->fit_weeks < 1)
        return wfm_error_set(err, WFM_EINVAL, "init_weeks",
                             "Holt-Winters needs init_weeks >= 1 and fit_weeks >= 1 (%d, %d)",
                             opts->init_weeks, opts->fit_weeks);
    if (have < need)
        return wfm_error_set(err, WFM_EINVAL, "history",
                             "Holt-Winters needs at least %d days of history (has %d)", need, have);
    return WFM_OK;
}

static wfm_status hw_fit_form(const wfm_series *s, const wfm_hw_opts *opts, wfm_hw_form form,
                              wfm_hw_params *params, wfm_error *err)
{
    int32_t last_day = s->day[s->n - 1];
    int32_t first_day = last_day + 1 - 7 * (opts->init_weeks + opts->fit_weeks);
    if (first_day < s->day[0])
        first_day = s->day[0];
    size_t begin = wfm_series_find_day(s, first_day);
    size_t fit_from = wfm_series_find_day(s, first_day + 7 * opts->init_weeks);
    wfm_series window = wfm_series_view(s, begin, s->n - begin);
    hw_objective o = {.s = &window, .fit_from = fit_from - begin, .form = form, .ar1 = opts->ar1};
    int spd = wfm_series_slots_per_day(s);
    wfm_status st = hw_state_alloc(&o.start, spd, err);
    if (st == WFM_OK)
        st = hw_state_alloc(&o.work, spd, err);
    if (st == WFM_OK) {
        hw_state_start(&o.start, &window, 0, o.fit_from, form);
        st = hw_minimize(&o, opts, params, err);
    }
    hw_state_free(&o.start);
    hw_state_free(&o.work);
    return st;
}

wfm_status wfm_hw_fit(const wfm_series *history, const wfm_hw_opts *opts, wfm_hw_params *params,
                      wfm_error *err)
{
    wfm_status st = check_history_length(history, opts, err);
    if (st != WFM_OK)
        return st;
    if (opts->form != WFM_HW_AUTO)
        return hw_fit_form(history, opts, opts->form, params, err);
    wfm_hw_params mult, add;
    st = hw_fit_form(history, opts, WFM_HW_MULTIPLICATIVE, &mult, err);
    if (st == WFM_OK)
        st = hw_fit_form(history, opts, WFM_HW_ADDITIVE, &add, err);
    if (st == WFM_OK)
        *params = add.sse < mult.sse ? add : mult;
    return st;
}

/* Observed / forecast on past days of this kind, 1 when never seen. */
static double kind_factor(const hw_state *st, int kind)
{
    if (kind == WFM_DAY_NORMAL || st->kind_forecast[kind] <= 0)
        return 1.0;
    return st->kind_actual[kind] / st->kind_forecast[kind];
}

wfm_status wfm_hw_forecast(const wfm_series *history, const wfm_hw_opts *opts,
                           const wfm_hw_params *params, const wfm_series *future, double *out,
                           wfm_error *err)
{
    wfm_status stat = check_history_length(history, opts, err);
    if (stat != WFM_OK)
        return stat;
    hw_state st;
    stat = hw_state_alloc(&st, wfm_series_slots_per_day(history), err);
    if (stat == WFM_OK) {
        size_t init_end = wfm_series_find_day(history, history->day[0] + 7 * opts->init_weeks);
        hw_state_start(&st, history, 0, init_end, params->form);
        hw_filter(&st, history, init_end, params);
        double ar = st.last_error;
        for (size_t i = 0; i < future->n; i++) {
            ar *= params->phi;
            double base = hw_base(&st, params->form, future->slot[i], wfm_series_week_slot(future, i));
            out[i] = fmax(base * kind_factor(&st, future->day_kind[i]) + ar, 0.0);
        }
    }
    hw_state_free(&st);
    return stat;
}
