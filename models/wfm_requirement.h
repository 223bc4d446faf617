/* wfm_requirement: one queue's forecast horizon turned into what the roster
 * optimizer reads per interval (docs/roster.md): the load it plans for,
 * the agents to schedule, and the answered-calls-versus-scheduled-agents
 * curve of the daily answer-rate target.
 *
 * Live queues (phone) are Erlang A (M/M/n+M, models/wfm_erlang): the seats
 * are the fewest meeting the answer rate (and the service level when one is
 * asked for) in each interval, wfm_staffing_solve_series; the curve is
 * wfm_staffing_curve, concave because every extra seat answers fewer extra
 * calls (Koole & van der Sluis 2003).
 *
 * Deferred queues (sms, mailbox, weibo, wechat) answer within a deadline,
 * so their load is not the arrivals of an interval but the work the
 * deadline allows to be done in it: wfm_deferred_staff paces the arrivals
 * (answer_rate of each interval's contacts within the deadline, all within
 * twice it), and the contacts it answers in interval j are that
 * interval's workload w_j. A queue that never closes has a backlog at the
 * horizon's start; it is taken as the backlog at the end of a first pass
 * over the same horizon (the week repeating itself), so day 0 is not
 * planned as if the queue started empty. The curve is then capacity-style:
 * answered(n) = min(w_j, n * interval_s / aht_s), linear up to the workload
 * and flat after (concave), and the seats are the fewest answering all of
 * w_j. We chose this over a queueing curve for text because a deferred
 * contact does not abandon within seconds: what it needs is capacity
 * before its deadline, which the pacing already places.
 *
 * Shrinkage s (share of paid time away from the queue) enters both:
 * scheduled = ceil(seats / (1 - s)) (wfm_staffing's rule), and the curve of
 * n scheduled agents is the on-queue curve at n (1 - s) on-queue seats,
 * linearly interpolated between whole seats (which keeps it concave).
 *
 * Pure compute: plain arrays in and out, no I/O. */
#ifndef WFM_REQUIREMENT_H
#define WFM_REQUIREMENT_H

#include <stddef.h>

#include "core/wfm_error.h"

typedef struct wfm_requirement_opts {
    double interval_s;        /* > 0; default 900 */
    double answer_rate;       /* in (0, 1]; default 0.95. Live: per interval (Erlang A);
                                 deferred: share of each interval's contacts due by the deadline */
    double service_level;     /* live: share answered within service_level_s, in [0, 1);
                                 0 (default) = none */
    double service_level_s;   /* default 20 */
    double shrinkage;         /* in [0, 0.9]; default 0 */
    double patience_s;        /* live: mean patience, > 0 (required for live) */
    double deadline_s;        /* > 0: a deferred queue with this deadline; 0 (default): live */
} wfm_requirement_opts;

void wfm_requirement_opts_init(wfm_requirement_opts *opts);

/* Checks opts (ranges above); WFM_EINVAL naming the field. */
wfm_status wfm_requirement_opts_check(const wfm_requirement_opts *opts, wfm_error *err);

/* Moves what values[] holds in closed intervals (open[i] == 0) into the
 * next open interval: contacts arriving while a queue is closed are there
 * when it opens. What follows the last open interval is dropped (it falls
 * beyond the horizon). open NULL: always open, nothing moves. */
void wfm_requirement_move_closed(double *values, const unsigned char *open, size_t n);

/* The load each interval is planned for, into load[n] (caller-owned): the
 * offered calls of a live queue; the paced workload of a deferred queue
 * (aht_s is then the queue's mean handle time over the horizon). offered >= 0.
 * WFM_EINVAL naming "offered[i]" or the option. */
wfm_status wfm_requirement_load(const double *offered, size_t n, double aht_s,
                                const wfm_requirement_opts *opts, double *load,
                                wfm_error *err);

/* Agents to schedule per interval into required[n] (caller-owned) for
 * load[n] with handle times aht_s[n] (> 0 wherever load > 0): the fewest
 * on-queue seats meeting the target, divided by (1 - shrinkage) and
 * rounded up; 0 where load is 0. WFM_EINVAL naming "interval i" and the
 * field; WFM_EINFEASIBLE when a target is out of reach. */
wfm_status wfm_requirement_seats(const double *load, const double *aht_s, size_t n,
                                 const wfm_requirement_opts *opts, int *required,
                                 wfm_error *err);

/* The curve of one interval: answered[k] for k = 0..max_agents scheduled
 * agents (caller-owned, max_agents + 1 values), non-decreasing and concave,
 * answered[k] <= load. WFM_EINVAL naming the field. */
wfm_status wfm_requirement_curve(double load, double aht_s, int max_agents,
                                 const wfm_requirement_opts *opts, double *answered,
                                 wfm_error *err);

/* A curve length that covers every interval of a horizon: scheduled agents
 * past which no curve with at most max_load Erlangs answers a measurable
 * share more (a + 4 sqrt(a) + 3 on-queue seats: Erlang A's answer rate is
 * then within 1e-4 of 1; a capacity curve is flat from a), divided by
 * (1 - shrinkage). */
int wfm_requirement_curve_agents(double max_load, double shrinkage);

#endif
