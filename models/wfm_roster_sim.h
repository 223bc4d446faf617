/* wfm_roster_sim: the check that a roster really holds its answer rate. It
 * replays the forecast against the seats a roster gives each queue, whole
 * days at a time, and reports per queue and day (and for all queues
 * together) the simulated answer rate with a confidence interval (issue 5).
 *
 * The engine is wfm_simulate (models/wfm_simulate.h): per queue, Poisson
 * arrivals with a rate constant inside each interval, FIFO, callers still
 * waiting at an interval's end keep waiting into the next interval (and past
 * midnight into the next day), exponential patience, exponential or
 * lognormal handle times. This module adds what a roster needs on top:
 *
 * - Seats. A roster's seats per queue may be fractional: a multi-skill
 *   agent's time is split between queues, and a break shorter than an
 *   interval removes part of one. Each queue's seats are rounded by
 *   carrying the remainder forward (wfm_roster_sim_round_seats), so every
 *   interval is within one seat of the plan and the queue's seat-time over
 *   the horizon within half a seat-interval of it; rounding each interval to
 *   the nearest integer instead would drop a queue's 0.4-seat share for
 *   good. A queue's agents serve only that queue: real skill-based routing
 *   pools multi-skill agents, so the simulated rate is, if anything, a
 *   little pessimistic.
 * - Deferred queues (deadline_s > 0: SMS, mailbox, Weibo, WeChat): nobody
 *   abandons, and a contact counts as answered only when an agent takes it
 *   within the deadline.
 * - Pooled figures: all queues' answered (in time) over all queues'
 *   offered, per replication, per day and over the horizon, so they get a
 *   confidence interval of their own.
 *
 * Replication k (0-based) draws from a GSL mt19937 generator seeded with
 * seed + k: results are reproducible from the seed, and a run with more
 * replications extends, not changes, one with fewer. The interval for each
 * rate is mean +- t(0.975; R-1) * sd / sqrt(R) over the R replications
 * (gsl_cdf_tdist_Pinv through wfm_sim_stat_make), clipped to [0, 1]. Pure compute: no I/O, no
 * globals. */
#ifndef WFM_ROSTER_SIM_H
#define WFM_ROSTER_SIM_H

#include <stddef.h>

#include "core/wfm_error.h"
#include "models/wfm_simulate.h"

/* One queue's forecast and roster seats over the horizon. Arrays have
 * n_days * intervals_per_day entries, day-major (borrowed). */
typedef struct wfm_roster_sim_queue {
    const char *name;      /* for messages; may be NULL */
    const double *offered; /* expected contacts per interval, >= 0 */
    const double *seats;   /* the roster's seats on this queue, >= 0, may be fractional */
    double aht_s;          /* mean handle time, > 0 when anything is offered */
    double patience_s;     /* live queue: mean patience (exponential); 0 = nobody abandons */
    double deadline_s;     /* > 0: deferred queue answered within this; patience ignored */
} wfm_roster_sim_queue;

typedef struct wfm_roster_sim_input {
    const wfm_roster_sim_queue *queues; /* n_queues entries (borrowed) */
    size_t n_queues;
    int n_days;            /* >= 1 */
    int intervals_per_day; /* >= 1 */
    double interval_s;     /* > 0, e.g. 900 */
} wfm_roster_sim_input;

typedef struct wfm_roster_sim_opts {
    unsigned long seed;          /* default 1 */
    int replications;            /* 1..1000 (>= 2 for an interval); default 10 */
    double confidence;           /* in (0,1); default 0.95 */
    wfm_handle_dist handle_dist; /* default exponential (the Erlang assumption) */
    double handle_cv;            /* lognormal only: sd / mean; default 1 */
} wfm_roster_sim_opts;

void wfm_roster_sim_opts_init(wfm_roster_sim_opts *opts);

/* One day (or the horizon) of one queue or of all queues. Counts are means
 * per replication; answered_in_time is answered for live queues and
 * answered within the deadline for deferred ones. answer_rate is
 * answered_in_time / offered with its interval (n = replications that had
 * anything offered; none: mean -1). */
typedef struct wfm_roster_sim_day {
    double offered, answered, abandoned, answered_in_time;
    wfm_sim_stat answer_rate;
} wfm_roster_sim_day;

typedef struct wfm_roster_sim_result {
    size_t n_queues;
    int n_days;
    int replications;
    double confidence;
    wfm_roster_sim_day *days;     /* [queue * n_days + day] */
    wfm_roster_sim_day *all_days; /* [day]: every queue together */
    wfm_roster_sim_day horizon;   /* every queue, every day */
    int *seats;                   /* [queue][day * intervals_per_day + interval]: the
                                     whole seats simulated (after rounding) */
} wfm_roster_sim_result;

/* Rounds n fractional seats to whole ones, carrying each remainder into
 * the next interval: out[i] = round(s_0..s_i) - round(s_0..s_(i-1)), with
 * round() to nearest. Each out[i] is within one seat of seats[i] and the
 * running totals never differ by more than half a seat. Negative inputs
 * count as 0. */
void wfm_roster_sim_round_seats(const double *seats, size_t n, int *out);

/* Simulates opts->replications runs of the horizon. On success fills
 * *result (caller releases with wfm_roster_sim_result_free). WFM_EINVAL
 * naming the field and value, WFM_ELIMIT for a run too large, WFM_ENOMEM;
 * on failure *result is left empty. opts may be NULL for the defaults. */
wfm_status wfm_roster_sim_run(const wfm_roster_sim_input *input, const wfm_roster_sim_opts *opts,
                              wfm_roster_sim_result *result, wfm_error *err);

/* Frees result's arrays (not result itself) and empties it. NULL-safe. */
void wfm_roster_sim_result_free(wfm_roster_sim_result *result);

#endif
