/* wfm_simulate: a discrete-event simulation that replays a forecast against
 * a staffing plan — the check that a plan computed from Erlang formulas
 * really holds its answer rate once randomness, time-varying load, impatient
 * callers and agents arriving and leaving at interval boundaries all act at
 * once (issue 5).
 *
 * Model, per queue (queues do not share agents: each has its own seats):
 * - arrivals are Poisson with a rate that is constant inside each interval
 *   of the grid and may change between intervals (nonhomogeneous Poisson);
 * - handle times are exponential (the Erlang C/A assumption) or lognormal
 *   with the same mean and a given coefficient of variation;
 * - callers wait FIFO; with patience_s > 0 each abandons after an
 *   exponential patience with that mean (Erlang A's 1/theta), unless
 *   answered first;
 * - seats[i] agents serve during interval i; when seats drop at a boundary,
 *   an agent busy on a call finishes it before leaving.
 *
 * Statistics are counted by the interval a contact arrived in. "Answered"
 * means an agent picked the contact up. After the last interval no new
 * contacts arrive and the last interval's seats stay until every waiting
 * contact is answered or abandons; contacts that can never leave the queue
 * (no seats and no patience) are reported as still waiting.
 *
 * Each replication uses the same plan and a fresh stream of the seeded
 * generator (GSL mt19937), so results are reproducible from the seed.
 * Across replications every ratio gets a mean and a two-sided confidence
 * interval from Student's t distribution (gsl_cdf_tdist_Pinv). */
#ifndef WFM_SIMULATE_H
#define WFM_SIMULATE_H

#include <stddef.h>

#include "core/wfm_error.h"

typedef enum wfm_handle_dist {
    WFM_HANDLE_EXPONENTIAL = 0,
    WFM_HANDLE_LOGNORMAL
} wfm_handle_dist;

/* One queue's forecast and plan, all arrays of n_intervals (borrowed). */
typedef struct wfm_sim_queue {
    const char *name;      /* for error messages and output; may be NULL */
    const double *offered; /* expected contacts arriving per interval, >= 0 */
    const double *aht_s;   /* mean handle time per interval, > 0 where offered > 0 */
    const int *seats;      /* agents serving during the interval, >= 0 */
    double patience_s;     /* mean patience; 0 = callers never abandon */
    double threshold_s;    /* this queue's service-level threshold (e.g. a deferred
                              queue's deadline); 0 = opts->threshold_s */
} wfm_sim_queue;

typedef struct wfm_sim_input {
    const wfm_sim_queue *queues; /* n_queues entries (borrowed) */
    size_t n_queues;
    size_t n_intervals;          /* length of every array above */
    size_t intervals_per_day;    /* day buckets; 0 = the whole horizon is one day */
    double interval_s;           /* grid step, e.g. 900 */
} wfm_sim_input;

typedef struct wfm_sim_opts {
    unsigned long seed;          /* default 1 */
    int replications;            /* >= 2 for a confidence interval; default 20 */
    double warmup_s;             /* contacts arriving earlier are not counted; default 0 */
    double threshold_s;          /* service level: answered within this wait; default 20 */
    double confidence;           /* of the intervals, in (0,1); default 0.95 */
    wfm_handle_dist handle_dist; /* default exponential */
    double handle_cv;            /* lognormal only: std dev / mean, > 0; default 1 */
} wfm_sim_opts;

void wfm_sim_opts_init(wfm_sim_opts *opts);

/* A ratio across replications. Replications where the ratio is undefined
 * (nothing offered or answered in the bucket) are left out; n says how many
 * counted. With n < 2 the interval collapses to the mean. */
typedef struct wfm_sim_stat {
    double mean;
    double ci_low, ci_high;
    int n;
} wfm_sim_stat;

/* The mean and the two-sided Student-t confidence interval
 * mean +- t(0.5 + confidence/2; n-1) * sample_sd / sqrt(n) of n samples
 * (gsl_cdf_tdist_Pinv). With n < 2 the interval collapses to the mean. */
wfm_sim_stat wfm_sim_stat_make(double mean, double sample_sd, int n, double confidence);

/* One bucket (an interval, a day or the horizon) of one queue. Counts are
 * means per replication. */
typedef struct wfm_sim_summary {
    double offered, answered, abandoned, still_waiting;
    double within_threshold;    /* answered within the queue's threshold */
    wfm_sim_stat answer_rate;   /* answered / offered */
    wfm_sim_stat p_abandon;     /* abandoned / offered */
    wfm_sim_stat p_wait;        /* share of offered that found no free agent */
    wfm_sim_stat service_level; /* answered within threshold_s / offered */
    wfm_sim_stat asa_s;         /* mean wait of answered contacts */
    wfm_sim_stat occupancy;     /* agent busy time / seat time (may pass 1 when
                                   leaving agents finish calls) */
} wfm_sim_summary;

typedef struct wfm_sim_result {
    size_t n_queues, n_days, n_intervals;
    wfm_sim_summary *total;     /* [q]: the whole horizon after warm-up */
    wfm_sim_summary *days;      /* [q * n_days + d] */
    wfm_sim_summary *intervals; /* [q * n_intervals + i] */
} wfm_sim_result;

/* Simulates opts->replications runs of the plan. On success fills *result,
 * whose arrays the caller releases with wfm_sim_result_free. On failure
 * returns WFM_EINVAL (naming the field and value) or WFM_ENOMEM and leaves
 * *result empty. opts may be NULL for the defaults. */
wfm_status wfm_simulate(const wfm_sim_input *input, const wfm_sim_opts *opts,
                        wfm_sim_result *result, wfm_error *err);

/* Frees the arrays of result (not result itself) and empties it. NULL-safe. */
void wfm_sim_result_free(wfm_sim_result *result);

#endif
