/* wfm_synth: synthetic arrival series, see wfm_synth.h. */
#include "tests/support/wfm_synth.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const double weekly[7] = {1.15, 1.05, 1.0, 1.0, 0.95, 0.75, 0.60};

void wfm_synth_opts_init(wfm_synth_opts *opts)
{
    opts->interval_s = 900;
    opts->contacts_per_day = 3000;
    opts->growth_per_year = 0;
    opts->day_cv = 0;
    for (int k = 0; k < WFM_DAY_KINDS; k++)
        opts->kind_factor[k] = 1.0;
    opts->kind_factor[WFM_DAY_HOLIDAY] = 0.5;
    opts->kind_factor[WFM_DAY_AFTER_HOLIDAY] = 1.3;
    opts->holiday_period_days = 0;
    opts->short_day = opts->long_day = -1;
    opts->seed = 1;
}

int wfm_synth_day_kind(const wfm_synth_opts *opts, int day)
{
    int p = opts->holiday_period_days;
    if (p <= 0 || day < 0)
        return WFM_DAY_NORMAL;
    int r = day % p; /* the holiday is day p/2 of each period */
    if (r == p / 2)
        return WFM_DAY_HOLIDAY;
    if (r == p / 2 - 1)
        return WFM_DAY_BEFORE_HOLIDAY;
    if (r == p / 2 + 1)
        return WFM_DAY_AFTER_HOLIDAY;
    return WFM_DAY_NORMAL;
}

/* Intraday shape, mean 1 over the day. */
static double intraday(double hour)
{
    double morning = exp(-pow((hour - 10.0) / 1.5, 2)), afternoon = 0.8 * exp(-pow((hour - 15.0) / 1.8, 2));
    /* Integral over 24 h: 0.15*24 + sqrt(pi)*(1.5 + 0.8*1.8), computed once. */
    static const double mean_raw = (0.15 * 24 + 1.7724538509055159 * (1.5 + 0.8 * 1.8)) / 24;
    return (0.15 + morning + afternoon) / mean_raw;
}

static double weekly_mean(void)
{
    double s = 0;
    for (int k = 0; k < 7; k++)
        s += weekly[k];
    return s / 7;
}

double wfm_synth_rate(const wfm_synth_opts *opts, int day, int slot, int day_kind)
{
    int spd = 86400 / opts->interval_s;
    double hour = (slot + 0.5) * 24.0 / spd;
    double per_interval = opts->contacts_per_day / spd / weekly_mean();
    return per_interval * pow(1 + opts->growth_per_year, day / 365.0) * weekly[((day % 7) + 7) % 7] *
           intraday(hour) * opts->kind_factor[day_kind];
}

/* The wall-clock slots of day d, in order; returns their count. */
static int day_slots(const wfm_synth_opts *opts, int day, int16_t *slots)
{
    int spd = 86400 / opts->interval_s, per_hour = 3600 / opts->interval_s, n = 0;
    for (int s = 0; s < spd; s++) {
        if (day == opts->short_day && s >= 2 * per_hour && s < 3 * per_hour)
            continue; /* clocks jump from 02:00 to 03:00 */
        slots[n++] = (int16_t)s;
        if (day == opts->long_day && s == 2 * per_hour - 1)
            for (int r = per_hour; r < 2 * per_hour; r++)
                slots[n++] = (int16_t)r; /* 01:00-02:00 happens twice */
    }
    return n;
}

static double day_factor(const wfm_synth_opts *opts, int day)
{
    if (opts->day_cv <= 0)
        return 1.0;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, opts->seed * 7919 + (unsigned long)day);
    double shape = 1.0 / (opts->day_cv * opts->day_cv);
    double f = gsl_ran_gamma(rng, shape, 1.0 / shape);
    gsl_rng_free(rng);
    return f;
}

wfm_series *wfm_synth_series(const wfm_synth_opts *opts, int first_day, int days, int draw)
{
    int spd = 86400 / opts->interval_s;
    int16_t *slots = malloc((size_t)(2 * spd) * sizeof *slots);
    size_t total = 0;
    for (int d = first_day; slots && d < first_day + days; d++)
        total += (size_t)day_slots(opts, d, slots);
    wfm_series *s = slots ? wfm_series_create(total, opts->interval_s, NULL) : NULL;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!s || !rng) {
        fprintf(stderr, "wfm_synth: out of memory\n");
        abort();
    }
    gsl_rng_set(rng, opts->seed);
    size_t i = 0;
    for (int d = first_day; d < first_day + days; d++) {
        int n = day_slots(opts, d, slots), kind = wfm_synth_day_kind(opts, d);
        double factor = day_factor(opts, d);
        for (int k = 0; k < n; k++, i++) {
            double rate = wfm_synth_rate(opts, d, slots[k], kind) * factor;
            s->day[i] = d;
            s->slot[i] = slots[k];
            s->weekday[i] = (int8_t)(((d % 7) + 7) % 7);
            s->day_kind[i] = (int8_t)kind;
            s->offered[i] = draw ? (double)gsl_ran_poisson(rng, rate) : rate;
            s->aht_s[i] = 200.0 + 100.0 * slots[k] / spd;
        }
    }
    gsl_rng_free(rng);
    free(slots);
    return s;
}

double wfm_synth_wape(const double *actual, const double *forecast, size_t n)
{
    double abs_error = 0, total = 0;
    for (size_t i = 0; i < n; i++) {
        abs_error += fabs(actual[i] - forecast[i]);
        total += actual[i];
    }
    return abs_error / total;
}

void wfm_synth_split_make(wfm_synth_split *sp, const wfm_synth_opts *opts, int history_days,
                          int horizon_days)
{
    sp->drawn = wfm_synth_series(opts, 0, history_days + horizon_days, 1);
    sp->rates = wfm_synth_series(opts, 0, history_days + horizon_days, 0);
    size_t split = wfm_series_find_day(sp->drawn, history_days);
    sp->history = wfm_series_view(sp->drawn, 0, split);
    sp->future = wfm_series_view(sp->drawn, split, sp->drawn->n - split);
    sp->future_rates = sp->rates->offered + split;
}

void wfm_synth_split_free(wfm_synth_split *sp)
{
    wfm_series_delete(sp->drawn);
    wfm_series_delete(sp->rates);
}

void wfm_synth_history(const wfm_synth_opts *opts, const char *queue, int first_day, int days,
                       int utc_offset_s, double abandon_share, double wait_per_abandon_s,
                       wfm_history_set *out)
{
    wfm_series *s = wfm_synth_series(opts, first_day, days, 1);
    for (size_t i = 0; i < s->n; i++) {
        wfm_history_row *r = wfm_history_set_push(out);
        if (!r) {
            fprintf(stderr, "wfm_synth: out of memory\n");
            abort();
        }
        snprintf(r->queue, sizeof r->queue, "%s", queue);
        r->interval_start = (int64_t)s->day[i] * 86400 - utc_offset_s +
                            (int64_t)s->slot[i] * opts->interval_s;
        r->interval_s = opts->interval_s;
        r->offered = (int64_t)s->offered[i];
        r->abandoned = (int64_t)floor(abandon_share * (double)r->offered);
        r->answered = r->offered - r->abandoned;
        r->handle_time_s = (double)r->answered * s->aht_s[i];
        r->wait_time_s = (double)r->abandoned * wait_per_abandon_s;
    }
    wfm_series_delete(s);
}
