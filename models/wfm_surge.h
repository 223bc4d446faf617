/* wfm_surge: the hotline's "hot topic rising" warning. A queue surges when
 * its actual contacts run above the forecast's 95 % upper bound for K
 * consecutive intervals up to the latest one observed: one interval above
 * the bound happens by chance on 1 interval in 40, two in a row on about 1
 * in 1,600 (if intervals were independent), so K = 2 keeps false alarms
 * rare while warning within half an hour on a 15-minute grid.
 *
 * Pure compute: no I/O, no globals. */
#ifndef WFM_SURGE_H
#define WFM_SURGE_H

#include <stddef.h>

#include "core/wfm_error.h"

typedef struct wfm_surge_opts {
    size_t consecutive; /* K: intervals in a row above the bound; default 2, >= 1 */
} wfm_surge_opts;

void wfm_surge_opts_init(wfm_surge_opts *opts);

typedef struct wfm_surge_alert {
    size_t since;     /* index of the first interval of the run */
    size_t intervals; /* length of the run, >= K; it ends at the last interval */
    double ratio;     /* actual / upper bound, summed over the run */
    double above;     /* contacts above the bound per interval, mean over the run */
} wfm_surge_alert;

/* actual[0 .. n) are the observed contacts (NaN = not reported, which ends
 * a run), upper[0 .. n) the forecast's 95 % upper bounds. Sets *found to 1
 * and fills *alert when the last K or more intervals all have actual >
 * upper; else *found = 0. WFM_EINVAL for K = 0 or a negative or non-finite
 * upper bound (field "upper", naming the interval). opts may be NULL. */
wfm_status wfm_surge_detect(const double *actual, const double *upper, size_t n,
                            const wfm_surge_opts *opts, wfm_surge_alert *alert, int *found,
                            wfm_error *err);

#endif
