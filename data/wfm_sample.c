/* wfm_sample: the seeded demo hotline (see wfm_sample.h; parameters and
 * their reasons in docs/sample-data.md). */
#include "data/wfm_sample.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "core/wfm_date.h"

#define N_QUEUES 5
#define PER_DAY (86400 / WFM_SAMPLE_INTERVAL_S)

/* Channel mix of a Chinese 12345 line: the phone carries most contacts. */
static const wfm_sample_queue queues[N_QUEUES] = {
    {"phone", "live", 0, 0.62, 290.0},
    {"sms", "deferred", 1800, 0.08, 150.0},
    {"mailbox", "deferred", 86400, 0.10, 540.0},
    {"weibo", "deferred", 3600, 0.05, 260.0},
    {"wechat", "deferred", 1800, 0.15, 200.0},
};

const wfm_sample_queue *wfm_sample_queues(size_t *count)
{
    *count = N_QUEUES;
    return queues;
}

/* Monday..Sunday factors, each row averaging 1. */
static const double weekly[N_QUEUES][7] = {
    {1.10, 1.05, 1.02, 1.02, 0.98, 0.93, 0.90}, /* phone: Monday backlog, quiet weekend */
    {1.06, 1.03, 1.01, 1.00, 0.98, 0.96, 0.96}, /* sms */
    {1.06, 1.03, 1.01, 1.00, 0.98, 0.96, 0.96}, /* mailbox */
    {0.97, 0.98, 0.99, 1.00, 1.01, 1.03, 1.02}, /* weibo: leisure time */
    {0.97, 0.98, 0.99, 1.00, 1.01, 1.03, 1.02}, /* wechat */
};

/* Intraday shape: a floor plus Gaussian bumps (hour of peak, width in hours,
 * height), normalized to sum 1 over the day. */
typedef struct bump {
    double hour, width, height;
} bump;

static const struct {
    double floor;
    bump bumps[3];
} shapes[N_QUEUES] = {
    {0.04, {{10.0, 1.3, 1.0}, {15.0, 1.4, 0.9}, {20.0, 1.5, 0.30}}}, /* phone: 9-11, 14-16 */
    {0.05, {{11.0, 1.5, 0.7}, {17.0, 2.0, 0.6}, {21.0, 1.5, 0.60}}}, /* sms */
    {0.10, {{10.0, 2.0, 0.6}, {22.0, 1.5, 0.8}, {0.0, 1.0, 0.00}}},  /* mailbox */
    {0.06, {{12.5, 1.2, 0.5}, {21.5, 1.6, 1.0}, {0.0, 1.0, 0.00}}},  /* weibo: evening */
    {0.05, {{12.5, 1.2, 0.6}, {20.5, 1.8, 1.0}, {0.0, 1.0, 0.00}}},  /* wechat: evening */
};

void wfm_sample_opts_init(wfm_sample_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->seed = 12345;
    opts->years = 3;
    opts->daily_contacts = 10000.0;
    opts->annual_growth = 0.34;
}

static void build_profile(int q, double profile[PER_DAY])
{
    double sum = 0;
    for (int i = 0; i < PER_DAY; i++) {
        double hour = (i + 0.5) * WFM_SAMPLE_INTERVAL_S / 3600.0;
        double w = shapes[q].floor;
        for (int b = 0; b < 3; b++) {
            double z = (hour - shapes[q].bumps[b].hour) / shapes[q].bumps[b].width;
            w += shapes[q].bumps[b].height * exp(-0.5 * z * z);
        }
        profile[i] = w;
        sum += w;
    }
    for (int i = 0; i < PER_DAY; i++)
        profile[i] /= sum;
}

/* Everything about one day that all queues share. */
typedef struct day_plan {
    int32_t day;
    double level;       /* expected contacts that day before day effects */
    double plan_level;  /* what the staffing plan expected (lagging) */
    double coverage;    /* staffing plan / expected load */
    double seasonal;    /* heating season and summer */
    int weekday;        /* 1..7, Friday's for a make-up working day */
    double holiday[2];  /* factor for [phone-like, social] channels */
    double noise;       /* day-level gamma noise, shared by channels */
    int incident_start; /* interval of an incident spike, -1 when none */
    double incident_size;
} day_plan;

static bool is_named_holiday(const wfm_calendar *cal, int32_t day, const char *name)
{
    const wfm_calendar_entry *e = cal ? wfm_calendar_find(cal, day) : NULL;
    return e && e->kind == WFM_CAL_HOLIDAY && (!name || strstr(e->name, name));
}

/* Calendar effects: holidays dip (the Spring Festival most, the National
 * Day week less, others mildly), the first working days after a break
 * rebound with the backlog, the day before a break rises a little. */
static void calendar_effects(const wfm_calendar *cal, int32_t day, day_plan *p)
{
    p->holiday[0] = p->holiday[1] = 1.0;
    p->weekday = wfm_date_weekday(day);
    if (!cal)
        return;
    const wfm_calendar_entry *e = wfm_calendar_find(cal, day);
    if (e && e->kind == WFM_CAL_WORKDAY)
        p->weekday = 5;
    if (is_named_holiday(cal, day, "Spring Festival")) {
        p->holiday[0] = 0.50;
        p->holiday[1] = 0.70;
    } else if (is_named_holiday(cal, day, "National Day")) {
        p->holiday[0] = 0.70;
        p->holiday[1] = 0.85;
    } else if (is_named_holiday(cal, day, NULL)) {
        p->holiday[0] = 0.80;
        p->holiday[1] = 0.92;
    } else if (is_named_holiday(cal, day - 1, "Spring Festival")) {
        p->holiday[0] = p->holiday[1] = 1.35;
    } else if (is_named_holiday(cal, day - 2, "Spring Festival")) {
        p->holiday[0] = p->holiday[1] = 1.15;
    } else if (is_named_holiday(cal, day - 1, NULL)) {
        p->holiday[0] = p->holiday[1] = 1.20;
    } else if (is_named_holiday(cal, day + 1, NULL)) {
        p->holiday[0] = p->holiday[1] = 1.05;
    }
}

/* Heating season in Jinan starts Nov 15: complaints about cold flats peak a
 * few days later. Summer brings power, water and heat complaints. */
static double seasonal_factor(int32_t day)
{
    int y, m, d;
    wfm_date_to_ymd(day, &y, &m, &d);
    double from_heating = (double)(day - wfm_date_from_ymd(y, 11, 20)) / 12.0;
    double from_summer = (double)(day - wfm_date_from_ymd(y, 7, 20)) / 20.0;
    return 1.0 + 0.25 * exp(-0.5 * from_heating * from_heating)
           + 0.08 * exp(-0.5 * from_summer * from_summer);
}

/* SplitMix64 (Steele, Lea & Flood 2014) mixes seed and day into a seed for
 * the day's own stream. */
static unsigned long day_seed(uint64_t seed, int32_t day)
{
    uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (uint64_t)(uint32_t)day;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    unsigned long s = (unsigned long)(z & 0xffffffffu);
    return s ? s : 4357;
}

static void plan_day(const wfm_sample_opts *o, const wfm_calendar *cal, int32_t day, gsl_rng *rng,
                     day_plan *p)
{
    /* Years from the middle of the latest year: the latest year averages
     * daily_contacts. */
    double years_from_mid = ((double)(day - o->end_day) + 182.5) / 365.25;
    double growth = log1p(o->annual_growth);
    p->day = day;
    p->level = o->daily_contacts * exp(growth * years_from_mid);
    /* The plan is made four weeks ahead from what was then observed. */
    p->plan_level = o->daily_contacts * exp(growth * (years_from_mid - 28.0 / 365.25));
    /* Planning by data was adopted progressively over the three years up to
     * the end date: the plan staffed 95 % of the expected load before, 112 %
     * (a margin for the interval-to-interval noise) at the end. Anchored to
     * the end date, not the first day, so a day's values do not depend on
     * how many years are generated. */
    double years_to_end = (double)(o->end_day - day) / 365.25;
    p->coverage = 1.12 - 0.17 * fmin(1.0, years_to_end / 3.0);
    p->seasonal = seasonal_factor(day);
    /* Planners expect half of the seasonal surges. */
    p->coverage *= 1.0 + 0.5 * (p->seasonal - 1.0);
    calendar_effects(cal, day, p);
    p->noise = gsl_ran_gamma(rng, 400.0, 1.0 / 400.0); /* cv 5 % */
    p->incident_start = -1;
    if (gsl_rng_uniform(rng) < 5.0 / 365.0) {       /* ~5 incidents a year */
        p->incident_start = 32 + (int)gsl_rng_uniform_int(rng, 48); /* 08:00-20:00 */
        p->incident_size = 1.5 + 1.5 * gsl_rng_uniform(rng);      /* x2.5-x4 at peak */
    }
}

/* Extra load of an incident: a jump decaying over ~3 hours. Phone and Weibo
 * feel it fully, the other channels by half. */
static double incident_factor(const day_plan *p, int q, int interval)
{
    if (p->incident_start < 0 || interval < p->incident_start)
        return 1.0;
    double hours = (interval - p->incident_start) * WFM_SAMPLE_INTERVAL_S / 3600.0;
    double weight = (q == 0 || q == 3) ? 1.0 : 0.5;
    return 1.0 + weight * p->incident_size * exp(-hours / 3.0);
}

/* Share of contacts abandoned at load rho = offered / planned capacity. For
 * rho > 1 the fluid model of an overloaded M/M/n+M queue gives 1 - 1/rho
 * (Whitt 2006, "Fluid models for multiserver queues with abandonments");
 * the square-root blend smooths it into the small, nonzero abandonment of a
 * critically loaded Erlang-A system (Garnett, Mandelbaum & Reiman 2002)
 * instead of a kink at rho = 1. c sets the abandonment at rho = 1 (c/2). */
static double abandon_share(double rho, double c)
{
    double fluid = 1.0 - 1.0 / rho;
    double p = 0.5 * (fluid + sqrt(fluid * fluid + c * c));
    return p > 0.7 ? 0.7 : p;
}

static void fill_row(const day_plan *p, int q, int i, const double profile[PER_DAY],
                     gsl_rng *rng, wfm_history_row *r)
{
    const wfm_sample_queue *queue = &queues[q];
    bool live = queue->deadline_s == 0;
    int weekday_index = p->weekday - 1;
    double holiday = p->holiday[q == 0 || q == 1 ? 0 : 1];
    double base = queue->share * weekly[q][weekday_index] * holiday * profile[i];
    double mean = p->level * p->seasonal * p->noise * base * incident_factor(p, q, i);
    double planned = p->plan_level * p->coverage * base;

    strcpy(r->queue, queue->id);
    r->interval_start = (int64_t)p->day * 86400 - WFM_SAMPLE_UTC_OFFSET_S
                        + (int64_t)i * WFM_SAMPLE_INTERVAL_S;
    r->interval_s = WFM_SAMPLE_INTERVAL_S;
    /* Gamma-Poisson mixture = negative binomial: extra-Poisson variation
     * (cv 12 % on the rate) as in real interval counts. */
    double rate = mean > 0 ? gsl_ran_gamma(rng, 70.0, mean / 70.0) : 0.0;
    r->offered = rate > 0 ? gsl_ran_poisson(rng, rate) : 0;
    double rho = planned > 0 ? (double)r->offered / planned : 0.0;
    double p_abandon = rho > 0 ? abandon_share(rho, live ? 0.04 : 0.02) : 0.0;
    if (!live)
        p_abandon *= 0.15; /* a text is rarely withdrawn before its reply */
    r->abandoned = r->offered ? gsl_ran_binomial(rng, p_abandon, (unsigned)r->offered) : 0;
    r->answered = r->offered - r->abandoned;

    /* Handle time: longest at night (complex cases, tired agents), shortest
     * mid-afternoon; each contact's time is gamma with cv 0.7. */
    double hour = (i + 0.5) * WFM_SAMPLE_INTERVAL_S / 3600.0;
    double aht = queue->aht_s * (1.0 + 0.12 * cos(2.0 * M_PI * (hour - 3.0) / 24.0));
    r->handle_time_s = r->answered ? round(gsl_ran_gamma(rng, 2.0 * (double)r->answered, aht / 2.0)) : 0;
    if (live) {
        /* Erlang A: abandonments = theta x total waiting time, so the waits
         * sum to abandoned x mean patience (75 s). */
        r->wait_time_s = r->abandoned ? round(gsl_ran_gamma(rng, 2.0 * (double)r->abandoned, 37.5)) : 0;
    } else {
        /* Text channels: the reply comes after a delay growing with load. */
        double reply_s = 120.0 * (1.0 + 4.0 * fmax(0.0, rho - 0.8));
        r->wait_time_s = r->offered ? round(gsl_ran_gamma(rng, 2.0 * (double)r->offered, reply_s / 2.0)) : 0;
    }
}

static wfm_status check_opts(const wfm_sample_opts *o, wfm_error *err)
{
    if (o->years < 1 || o->years > 10)
        return wfm_error_set(err, WFM_EINVAL, "years", "years must be 1..10 (%d)", o->years);
    if (!(o->daily_contacts > 0 && o->daily_contacts <= 1e7))
        return wfm_error_set(err, WFM_EINVAL, "daily_contacts",
                             "daily_contacts must be in (0, 1e7] (%g)", o->daily_contacts);
    if (!(o->annual_growth > -0.9 && o->annual_growth < 10))
        return wfm_error_set(err, WFM_EINVAL, "annual_growth",
                             "annual_growth must be in (-0.9, 10) (%g)", o->annual_growth);
    int y, m, d;
    wfm_date_to_ymd(o->end_day, &y, &m, &d);
    if (y < 1990 || y > 2100)
        return wfm_error_set(err, WFM_EINVAL, "end", "end date must be in 1990..2100 (year %d)", y);
    return WFM_OK;
}

wfm_status wfm_sample_generate(const wfm_sample_opts *opts, const wfm_calendar *calendar,
                               wfm_history_set *out, wfm_error *err)
{
    wfm_status st = check_opts(opts, err);
    if (st != WFM_OK)
        return st;
    int y, m, d;
    wfm_date_to_ymd(opts->end_day, &y, &m, &d);
    /* The day after the same date `years` earlier (Feb 29 rolls to Mar 1). */
    int32_t first_day = wfm_date_from_ymd(y - opts->years, m, d) + 1;
    size_t n_days = (size_t)(opts->end_day - first_day + 1);
    size_t per_queue = n_days * PER_DAY, base = out->n_rows;
    wfm_history_row *grown = realloc(out->rows, (base + N_QUEUES * per_queue) * sizeof *grown);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!grown || !rng) {
        if (grown)
            out->rows = grown;
        gsl_rng_free(rng);
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for %zu sample rows",
                             N_QUEUES * per_queue);
    }
    out->rows = grown;
    out->cap = base + N_QUEUES * per_queue;
    double profiles[N_QUEUES][PER_DAY];
    for (int q = 0; q < N_QUEUES; q++)
        build_profile(q, profiles[q]);
    for (size_t k = 0; k < n_days; k++) {
        day_plan plan;
        gsl_rng_set(rng, day_seed(opts->seed, first_day + (int32_t)k));
        plan_day(opts, calendar, first_day + (int32_t)k, rng, &plan);
        for (int q = 0; q < N_QUEUES; q++)
            for (int i = 0; i < PER_DAY; i++) {
                wfm_history_row *r = &out->rows[base + (size_t)q * per_queue + k * PER_DAY + (size_t)i];
                memset(r, 0, sizeof *r);
                fill_row(&plan, q, i, profiles[q], rng, r);
            }
    }
    out->n_rows = base + N_QUEUES * per_queue;
    gsl_rng_free(rng);
    return WFM_OK;
}
