/* wfm_staffing: seats needed for a service target, per interval and over a
 * series of intervals, and the answered-calls-versus-seats curve the
 * optimizer linearizes.
 *
 * Every metric improves monotonically with seats (answer rate, service
 * level up; ASA, occupancy down), so the seats meeting a composite target
 * form a range [seats, inf) and the search finds its lower end exactly,
 * starting from a square-root-staffing guess n = a + beta*sqrt(a) and
 * walking one seat at a time with the Erlang B recursion (one step per
 * seat, no recomputation from zero). Over a series the beta found for one
 * interval is the guess for the next, so a typical interval costs two
 * evaluations (Halfin & Whitt 1981 for the square-root rule). */
#ifndef WFM_STAFFING_H
#define WFM_STAFFING_H

#include <stdbool.h>
#include <stddef.h>

#include "core/wfm_error.h"
#include "models/wfm_erlang.h"

/* A composite target: every field that is set must hold. 0 means unset. */
typedef struct wfm_staffing_opts {
    double min_answer_rate;   /* answered / offered >= this; Erlang A (Erlang C answers all) */
    double min_service_level; /* share of offered answered within in->threshold_s >= this */
    double max_asa_s;         /* mean wait over all offered <= this (0 = unset) */
    double max_occupancy;     /* occupancy <= this, in (0, 1] (0 = unset) */
    double shrinkage;         /* share of paid time not on the phones, in [0, 1) */
    int max_seats;            /* search limit; default WFM_ERLANG_MAX_SEATS */
    /* false (default): the result carries every metric at the staffing found.
     * true: metrics no target asks for may be left NAN (service_level), which
     * skips their computation; for bulk planning. */
    bool targeted_metrics_only;
} wfm_staffing_opts;

typedef struct wfm_staffing_result {
    int seats;           /* fewest seats on the phones meeting every target */
    int scheduled_seats; /* ceil(seats / (1 - shrinkage)): agents to schedule */
    wfm_erlang_metrics metrics; /* at `seats` */
} wfm_staffing_result;

/* Defaults: no target set, no shrinkage, max_seats WFM_ERLANG_MAX_SEATS. */
void wfm_staffing_opts_init(wfm_staffing_opts *opts);

/* Checks opts: at least one target set, each in range. WFM_EINVAL naming
 * the field ("target_answer_rate" style names are the caller's business;
 * fields here are named as in the struct). */
wfm_status wfm_staffing_opts_check(const wfm_staffing_opts *opts, wfm_error *err);

/* Fewest seats for one interval. WFM_EINVAL for bad input or options;
 * WFM_EINFEASIBLE when even opts->max_seats seats miss the target. */
wfm_status wfm_staffing_solve(const wfm_erlang_input *in, const wfm_staffing_opts *opts,
                              wfm_staffing_result *result, wfm_error *err);

/* The same for `count` intervals in order (one queue or several), reusing
 * each interval's answer as the next one's starting guess. results has
 * count elements (caller-owned). On failure the message names the interval
 * index ("interval 17: aht_s must be > 0 (0)"); results before it are
 * filled. */
wfm_status wfm_staffing_solve_series(const wfm_erlang_input *in, size_t count,
                                     const wfm_staffing_opts *opts,
                                     wfm_staffing_result *results, wfm_error *err);

/* Erlang A curve for one interval: for seats n = 0..max_seats, the expected
 * answered[n] = calls * answer_rate(n) and abandoned[n] = calls * p_abandon(n)
 * (answered + abandoned = calls). Both arrays have max_seats + 1 elements,
 * caller-owned. The increments answered[n+1] - answered[n] are positive and
 * non-increasing (concave), which is what lets an LP use them as pieces.
 * in->patience_s must be > 0. */
wfm_status wfm_staffing_curve(const wfm_erlang_input *in, int max_seats, double *answered,
                              double *abandoned, wfm_error *err);

#endif
