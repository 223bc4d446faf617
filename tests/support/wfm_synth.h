/* wfm_synth: synthetic arrival series with a known structure, for the
 * forecasting tests. The true rate of every interval is a closed formula
 * (wfm_synth_rate), so tests compare models against the truth, not against
 * our own output. Counts are Poisson (GSL's gsl_ran_poisson, seeded), with
 * an optional gamma day factor for overdispersion.
 *
 * Day d has weekday d % 7 (day 0 is a Monday). Rate of an interval:
 *   level * (1 + growth)^(d / 365) * weekly[weekday] * intraday(hour)
 *         * kind_factor[day_kind] * day_factor
 * intraday has a morning (10:00) and an afternoon (15:00) peak over a night
 * floor; weekly runs Monday 1.15 .. Sunday 0.60. */
#ifndef WFM_SYNTH_H
#define WFM_SYNTH_H

#include "data/wfm_history.h"
#include "forecast/wfm_series.h"

typedef struct wfm_synth_opts {
    int interval_s;           /* default 900 */
    double contacts_per_day;  /* on an average normal day at d = 0 (default 3000) */
    double growth_per_year;   /* default 0 */
    double day_cv;            /* gamma day-factor cv; 0 = pure Poisson (default 0) */
    double kind_factor[WFM_DAY_KINDS]; /* default 1, holiday 0.5, after 1.3 */
    int holiday_period_days;  /* every this many days one holiday (with its
                                 neighbours marked); 0 = none (default) */
    int short_day;            /* day with the 02:00-03:00 hour skipped (92 x 15 min); -1 none */
    int long_day;             /* day with 01:00-02:00 repeated (100 x 15 min); -1 none */
    unsigned long seed;
} wfm_synth_opts;

void wfm_synth_opts_init(wfm_synth_opts *opts);

/* The day kind the generator assigns to day d. */
int wfm_synth_day_kind(const wfm_synth_opts *opts, int day);

/* The true expected count of an interval (day factor 1). */
double wfm_synth_rate(const wfm_synth_opts *opts, int day, int slot, int day_kind);

/* days days starting at first_day, values drawn when draw is 1 (else the
 * true rates, no noise). Aborts on allocation failure. Caller frees with
 * wfm_series_delete. The gamma day factor of day d is drawn from a
 * generator seeded with seed + d, so overlapping calls agree. */
wfm_series *wfm_synth_series(const wfm_synth_opts *opts, int first_day, int days, int draw);

/* sum |actual - forecast| / sum actual over n intervals (test-side WAPE,
 * independent of forecast/wfm_backtest). */
double wfm_synth_wape(const double *actual, const double *forecast, size_t n);

/* A drawn series of history_days + horizon_days days split into history
 * and future views, with the true rates of the future alongside. */
typedef struct wfm_synth_split {
    wfm_series *drawn, *rates;
    wfm_series history, future;
    const double *future_rates;   /* future.n true rates */
} wfm_synth_split;

void wfm_synth_split_make(wfm_synth_split *sp, const wfm_synth_opts *opts, int history_days,
                          int horizon_days);
void wfm_synth_split_free(wfm_synth_split *sp);

/* Interval history rows of `queue` for days days from first_day, as an
 * import would bring them: offered drawn by wfm_synth_series, abandoned the
 * floor of abandon_share of it, each abandon after wait_per_abandon_s
 * seconds of waiting (so the history's patience is that), handle times the
 * series'. Local midnight of day d is d * 86400 - utc_offset_s (a zone
 * without daylight saving). Appends to out (caller-initialized and -freed);
 * aborts when out of memory. */
void wfm_synth_history(const wfm_synth_opts *opts, const char *queue, int first_day, int days,
                       int utc_offset_s, double abandon_share, double wait_per_abandon_s,
                       wfm_history_set *out);

#endif

