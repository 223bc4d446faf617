/* wfm_patience: mean caller patience (Erlang A's 1/theta) from interval
 * history.
 *
 * With exponential patience, each waiting caller abandons at rate theta
 * while waiting; over many callers the maximum-likelihood estimate is
 * theta = abandoned / total waiting time (Brown et al. 2005, "Statistical
 * analysis of a telephone call center", sec. 6; Mandelbaum & Zeltyn 2013),
 * where total waiting time counts the waits of answered and abandoned
 * callers alike. Pooled over intervals: sum of abandons / sum of waits.
 *
 * Few abandons make that ratio noisy (and none makes it infinite patience),
 * so the estimate is shrunk toward a prior patience p0 with the weight of
 * k0 pseudo-abandons: theta = (A + k0) / (W + k0 * p0), the posterior mean of
 * theta under a Gamma(k0, k0 * p0) prior. With hundreds of abandons the
 * data dominate; with none the answer is p0. */
#ifndef WFM_PATIENCE_H
#define WFM_PATIENCE_H

#include <stddef.h>

#include "core/wfm_error.h"

typedef struct wfm_patience_opts {
    double prior_patience_s; /* p0, > 0; default 120 s */
    double prior_abandons;   /* k0, >= 0; default 10 (0 = no shrinkage) */
} wfm_patience_opts;

typedef struct wfm_patience_estimate {
    double patience_s;   /* 1 / theta */
    double theta_per_s;  /* abandon rate per waiting second */
    double abandoned;    /* pooled A */
    double wait_time_s;  /* pooled W */
    double prior_weight; /* k0 / (A + k0): how much of the answer is the prior */
} wfm_patience_estimate;

/* Defaults above. */
void wfm_patience_opts_init(wfm_patience_opts *opts);

/* Pools `count` intervals: abandoned[i] callers hung up and wait_time_s[i]
 * seconds were spent waiting in interval i (both >= 0, finite). count may
 * be 0 (the prior). WFM_EINVAL naming "abandoned[i]" / "wait_time_s[i]" or
 * the option. */
wfm_status wfm_patience_estimate_pooled(const double *abandoned, const double *wait_time_s,
                                        size_t count, const wfm_patience_opts *opts,
                                        wfm_patience_estimate *out, wfm_error *err);

#endif
