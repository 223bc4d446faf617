/* wfm_deferred: seats for deferred work (SMS, mailbox, Weibo, WeChat), where
 * contacts wait in a backlog and must be answered within a deadline
 * ("90 % within 2 hours") rather than at once.
 *
 * Model: fluid and first-in-first-out. Contacts of interval k count as
 * arriving at its start (the conservative end); they are due at
 * start_k + deadline. FIFO means cohort k's first `within_share` part can
 * only be answered after every earlier contact, so by its due time the
 * cumulative answered must reach
 *     R_k = initial_backlog + contacts[0..k-1] + within_share * contacts[k].
 * and all of it, the tail included, by start_k + all_by_s (default twice
 * the deadline), so a quiet spell after a burst still clears the backlog.
 * In interval j the plan staffs the smallest even pace that meets every
 * cohort already arrived and not yet met, over the whole intervals left
 * before each due time (at least this one):
 *     seats_j = ceil( max over pending requirements (R - answered so far)
 *                     / intervals_left / (interval_s / aht_s) )
 * then answers min(backlog, seats_j * interval_s / aht_s) and carries the
 * rest. Causal (it uses no future arrivals), so it can be rerun intraday;
 * the even pace avoids the spikes of staffing at the last moment. */
#ifndef WFM_DEFERRED_H
#define WFM_DEFERRED_H

#include <stddef.h>

#include "core/wfm_error.h"

typedef struct wfm_deferred_opts {
    double interval_s;      /* > 0; default 900 */
    double aht_s;           /* handle time of one contact, > 0; default 0 (must be set) */
    double deadline_s;      /* > 0; default 7200 */
    double within_share;    /* share of each interval's contacts due by the deadline,
                               in (0, 1]; default 0.9 */
    double all_by_s;        /* every contact answered within this; >= deadline_s,
                               0 (default) = 2 * deadline_s */
    double initial_backlog; /* contacts waiting at the start, >= 0, due with interval 0 */
} wfm_deferred_opts;

void wfm_deferred_opts_init(wfm_deferred_opts *opts);

/* Plans `count` intervals of contacts[] (>= 0, finite). Fills the caller's
 * arrays seats[count] (agents on the channel in each interval) and
 * backlog[count] (contacts still waiting at each interval's end).
 * WFM_EINVAL naming the option or "contacts[i]". */
wfm_status wfm_deferred_staff(const double *contacts, size_t count, const wfm_deferred_opts *opts,
                              int *seats, double *backlog, wfm_error *err);

#endif
