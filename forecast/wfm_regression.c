/* wfm_regression: calendar-effects regression by OLS, see wfm_regression.h. */
#include "forecast/wfm_regression.h"

#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAYS_PER_YEAR 365.2425
#define SV_RELATIVE_TOL 1e-10

void wfm_regression_opts_init(wfm_regression_opts *opts)
{
    opts->fit_weeks = 104;
    opts->fourier_terms = 2;
    opts->min_days_annual = 546;
    opts->day_blocks = 4;
}

/* The columns' layout for one fit: trend, 2 * fourier_terms annual
 * columns (all nonzero on every row), then one indicator per special day
 * kind and block of the day (at most one of them nonzero on a row). */
typedef struct design {
    int32_t reference_day;
    int fourier_terms;
    int day_blocks;
    int slots_per_day;
    int p;              /* number of columns */
    int n_always;       /* 1 + 2 * fourier_terms */
} design;

/* One row of the design, kept sparse: x is dense storage that stays zero
 * outside nz[0 .. n_nz). The annual terms are cached per day. */
typedef struct design_row_buf {
    double *x;
    int *nz;
    int n_nz;
    int32_t cached_day;
    int cache_valid;
} design_row_buf;

static void design_row(const design *d, const wfm_series *s, size_t i, design_row_buf *r)
{
    if (r->n_nz > d->n_always)
        r->x[r->nz[d->n_always]] = 0.0; /* clear the previous row's indicator */
    if (!r->cache_valid || r->cached_day != s->day[i]) {
        double day = s->day[i];
        r->x[0] = (day - d->reference_day) / 365.0;
        for (int h = 1; h <= d->fourier_terms; h++) {
            double angle = 2 * M_PI * h * day / DAYS_PER_YEAR;
            r->x[2 * h - 1] = sin(angle);
            r->x[2 * h] = cos(angle);
        }
        r->cached_day = s->day[i];
        r->cache_valid = 1;
    }
    r->n_nz = d->n_always;
    if (s->day_kind[i] != WFM_DAY_NORMAL) {
        int block = s->slot[i] * d->day_blocks / d->slots_per_day;
        int c = d->n_always + (s->day_kind[i] - 1) * d->day_blocks + block;
        r->x[c] = 1.0;
        r->nz[r->n_nz++] = c;
    }
}

/* Per interval-of-week group: count, mean z, mean of each dense column. */
typedef struct groups {
    int n_groups;
    int *count;
    double *mean_z;     /* [n_groups] */
    double *mean_x;     /* [n_groups * p] */
    double *effect;     /* [n_groups]: the fitted profile */
    double *smearing;   /* [n_groups]: retransformation factors */
} groups;

static void groups_accumulate(groups *g, const design *d, const wfm_series *s, const double *z,
                              design_row_buf *r)
{
    for (size_t i = 0; i < s->n; i++) {
        if (isnan(s->offered[i]))
            continue;
        int k = wfm_series_week_slot(s, i);
        design_row(d, s, i, r);
        g->count[k]++;
        g->mean_z[k] += z[i];
        for (int n = 0; n < r->n_nz; n++)
            g->mean_x[k * d->p + r->nz[n]] += r->x[r->nz[n]];
    }
    for (int k = 0; k < g->n_groups; k++) {
        if (!g->count[k])
            continue;
        g->mean_z[k] /= g->count[k];
        for (int c = 0; c < d->p; c++)
            g->mean_x[k * d->p + c] /= g->count[k];
    }
}

/* X'X and X'z of the within-group demeaned columns, from the raw sparse
 * sums and the scatter identity sum (x - m)(x - m)' = sum x x' - n m m'. */
static void normal_equations(const groups *g, const design *d, const wfm_series *s, const double *z,
                             design_row_buf *r, gsl_matrix *xtx, gsl_vector *xtz)
{
    gsl_matrix_set_zero(xtx);
    gsl_vector_set_zero(xtz);
    for (size_t i = 0; i < s->n; i++) {
        if (isnan(s->offered[i]))
            continue;
        design_row(d, s, i, r);
        for (int a = 0; a < r->n_nz; a++) {
            int ca = r->nz[a];
            double *xtx_row = xtx->data + (size_t)ca * xtx->tda;
            xtz->data[(size_t)ca * xtz->stride] += r->x[ca] * z[i];
            for (int b = 0; b < r->n_nz; b++)
                xtx_row[r->nz[b]] += r->x[ca] * r->x[r->nz[b]];
        }
    }
    for (int k = 0; k < g->n_groups; k++) {
        const double *m = &g->mean_x[k * d->p];
        for (int a = 0; a < d->p; a++) {
            *gsl_vector_ptr(xtz, a) -= g->count[k] * m[a] * g->mean_z[k];
            for (int b = 0; b < d->p; b++)
                *gsl_matrix_ptr(xtx, a, b) -= g->count[k] * m[a] * m[b];
        }
    }
}

/* beta = pseudo-inverse(X'X) X'z via the SVD, dropping tiny singular values. */
static wfm_status solve_truncated(gsl_matrix *xtx, const gsl_vector *xtz, gsl_vector *beta,
                                  wfm_error *err)
{
    size_t p = xtx->size1;
    gsl_matrix *v = gsl_matrix_alloc(p, p);
    gsl_vector *sv = gsl_vector_alloc(p), *work = gsl_vector_alloc(p);
    if (!v || !sv || !work) {
        gsl_matrix_free(v);
        gsl_vector_free(sv);
        gsl_vector_free(work);
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the regression");
    }
    gsl_linalg_SV_decomp(xtx, v, sv, work); /* xtx now holds U */
    gsl_vector_set_zero(beta);
    double largest = gsl_vector_get(sv, 0);
    for (size_t j = 0; j < p; j++) {
        double s = gsl_vector_get(sv, j);
        if (s <= SV_RELATIVE_TOL * largest || s <= 0)
            continue;
        double proj = 0;
        for (size_t r = 0; r < p; r++)
            proj += gsl_matrix_get(xtx, r, j) * gsl_vector_get(xtz, r);
        for (size_t r = 0; r < p; r++)
            *gsl_vector_ptr(beta, r) += gsl_matrix_get(v, r, j) * proj / s;
    }
    gsl_matrix_free(v);
    gsl_vector_free(sv);
    gsl_vector_free(work);
    return WFM_OK;
}

static double dot(const double *a, const gsl_vector *b, int p)
{
    double s = 0;
    for (int c = 0; c < p; c++)
        s += a[c] * gsl_vector_get(b, c);
    return s;
}

static double row_dot(const design_row_buf *r, const gsl_vector *beta)
{
    double s = 0;
    for (int n = 0; n < r->n_nz; n++)
        s += r->x[r->nz[n]] * gsl_vector_get(beta, (size_t)r->nz[n]);
    return s;
}

/* The profile per group, with groups never observed (say the extra hour of
 * a 25-hour day) borrowing the mean of their slot on other weekdays. */
static void groups_effects(groups *g, const design *d, const gsl_vector *beta)
{
    for (int k = 0; k < g->n_groups; k++)
        g->effect[k] = g->count[k] ? g->mean_z[k] - dot(&g->mean_x[k * d->p], beta, d->p) : NAN;
    for (int k = 0; k < g->n_groups; k++) {
        if (g->count[k])
            continue;
        double sum = 0;
        int n = 0;
        for (int wd = 0; wd < 7; wd++) {
            int other = wd * d->slots_per_day + k % d->slots_per_day;
            if (g->count[other]) {
                sum += g->effect[other];
                n++;
            }
        }
        g->effect[k] = n ? sum / n : 0.0;
    }
}

/* Duan's (1983) smearing factor per group: the mean of exp(residual), so
 * exp(fit) * factor estimates E[y + 1] without assuming normal residuals
 * and with each interval of the week keeping its own spread. */
static void groups_smearing(groups *g, const design *d, const wfm_series *s, const double *z,
                            design_row_buf *r, const gsl_vector *beta)
{
    for (int k = 0; k < g->n_groups; k++)
        g->smearing[k] = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (isnan(s->offered[i]))
            continue;
        int k = wfm_series_week_slot(s, i);
        design_row(d, s, i, r);
        g->smearing[k] += exp(z[i] - g->effect[k] - row_dot(r, beta));
    }
    for (int k = 0; k < g->n_groups; k++)
        g->smearing[k] = g->count[k] ? g->smearing[k] / g->count[k] : 1.0;
}

static wfm_status check_history(const wfm_series *history, const wfm_regression_opts *opts,
                                wfm_error *err)
{
    if (opts->fit_weeks < 2 || opts->day_blocks < 1 || opts->fourier_terms < 0)
        return wfm_error_set(err, WFM_EINVAL, "fit_weeks",
                             "regression needs fit_weeks >= 2, day_blocks >= 1, fourier_terms >= 0 "
                             "(%d, %d, %d)", opts->fit_weeks, opts->day_blocks, opts->fourier_terms);
    int have = wfm_series_days_spanned(history);
    if (have < 14 || wfm_series_count_observed(history) == 0)
        return wfm_error_set(err, WFM_EINVAL, "history",
                             "regression needs at least 14 days of observed history (has %d)", have);
    return WFM_OK;
}

static wfm_status fit_and_predict(const wfm_series *win, const design *d, groups *g,
                                  const wfm_series *future, double *out, wfm_error *err)
{
    design_row_buf r = {calloc((size_t)d->p, sizeof(double)), calloc((size_t)d->p, sizeof(int)), 0, 0, 0};
    double *z = malloc((win->n ? win->n : 1) * sizeof *z); /* the log scale, computed once */
    for (size_t i = 0; z && i < win->n; i++)
        z[i] = log1p(win->offered[i]);
    gsl_matrix *xtx = gsl_matrix_alloc((size_t)d->p, (size_t)d->p);
    gsl_vector *xtz = gsl_vector_alloc((size_t)d->p), *beta = gsl_vector_alloc((size_t)d->p);
    wfm_status st = (r.x && r.nz && z && xtx && xtz && beta)
                        ? WFM_OK
                        : wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the regression");
    for (int c = 0; r.nz && c < d->n_always; c++)
        r.nz[c] = c;
    if (st == WFM_OK) {
        groups_accumulate(g, d, win, z, &r);
        normal_equations(g, d, win, z, &r, xtx, xtz);
        st = solve_truncated(xtx, xtz, beta, err);
    }
    if (st == WFM_OK) {
        groups_effects(g, d, beta);
        groups_smearing(g, d, win, z, &r, beta);
        for (size_t i = 0; i < future->n; i++) {
            int k = wfm_series_week_slot(future, i);
            design_row(d, future, i, &r);
            out[i] = fmax(exp(g->effect[k] + row_dot(&r, beta)) * g->smearing[k] - 1.0, 0.0);
        }
    }
    free(r.x);
    free(r.nz);
    free(z);
    gsl_matrix_free(xtx);
    gsl_vector_free(xtz);
    gsl_vector_free(beta);
    return st;
}

wfm_status wfm_regression_forecast(const wfm_series *history, const wfm_regression_opts *opts,
                                   const wfm_series *future, double *out, wfm_error *err)
{
    wfm_status st = check_history(history, opts, err);
    if (st != WFM_OK)
        return st;
    size_t begin = wfm_series_find_day(history, history->day[history->n - 1] + 1 - 7 * opts->fit_weeks);
    wfm_series win = wfm_series_view(history, begin, history->n - begin);
    int span = wfm_series_days_spanned(&win);
    design d = {
        .reference_day = win.day[win.n - 1],
        .fourier_terms = span >= opts->min_days_annual ? opts->fourier_terms : 0,
        .day_blocks = opts->day_blocks,
        .slots_per_day = wfm_series_slots_per_day(history),
    };
    d.n_always = 1 + 2 * d.fourier_terms;
    d.p = d.n_always + (WFM_DAY_KINDS - 1) * d.day_blocks;
    groups g = {.n_groups = 7 * d.slots_per_day};
    g.count = calloc((size_t)g.n_groups, sizeof *g.count);
    g.mean_z = calloc((size_t)g.n_groups, sizeof *g.mean_z);
    g.effect = calloc((size_t)g.n_groups, sizeof *g.effect);
    g.smearing = calloc((size_t)g.n_groups, sizeof *g.smearing);
    g.mean_x = calloc((size_t)g.n_groups * (size_t)d.p, sizeof *g.mean_x);
    if (!g.count || !g.mean_z || !g.effect || !g.smearing || !g.mean_x)
        st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the regression");
    else
        st = fit_and_predict(&win, &d, &g, future, out, err);
    free(g.count);
    free(g.mean_z);
    free(g.effect);
    free(g.smearing);
    free(g.mean_x);
    return st;
}
