/* wfm_deferred: deadline staffing with a FIFO backlog (see wfm_deferred.h). */
#include "models/wfm_deferred.h"

#include <math.h>

#include "models/wfm_check.h"

void wfm_deferred_opts_init(wfm_deferred_opts *opts)
{
    opts->interval_s = 900;
    opts->aht_s = 0;
    opts->deadline_s = 7200;
    opts->within_share = 0.9;
    opts->initial_backlog = 0;
    opts->all_by_s = 0;
}

static wfm_status check_opts(const wfm_deferred_opts *o, wfm_error *err)
{
    wfm_status st;
    if ((st = wfm_check_at_least(o->interval_s, 0, false, "interval_s", err)) ||
        (st = wfm_check_at_least(o->aht_s, 0, false, "aht_s", err)) ||
        (st = wfm_check_at_least(o->deadline_s, 0, false, "deadline_s", err)) ||
        (st = wfm_check_at_least(o->within_share, 0, false, "within_share", err)) ||
        (st = wfm_check_at_least(o->initial_backlog, 0, true, "initial_backlog", err)) ||
        (st = wfm_check_at_least(o->all_by_s, 0, true, "all_by_s", err)))
        return st;
    if (o->all_by_s > 0 && o->all_by_s < o->deadline_s)
        return wfm_error_set(err, WFM_EINVAL, "all_by_s", "all_by_s must be >= deadline_s (%g < %g)",
                             o->all_by_s, o->deadline_s);
    if (o->within_share > 1)
        return wfm_error_set(err, WFM_EINVAL, "within_share", "within_share must be <= 1 (%g)",
                             o->within_share);
    return WFM_OK;
}

/* Whole intervals from the start of interval j to start_k + within_s,
 * counting interval j itself: at least 1 (overdue work is due now). */
static double intervals_left(size_t k, size_t j, double within_s, double interval_s)
{
    double left = floor(((double)k - (double)j) + within_s / interval_s + 1e-9);
    return left < 1 ? 1 : left;
}

/* The pace (contacts per interval) that meets cumulative requirement
 * `required` by start_k + within_s; 0 when already met. */
static double pace_for(double required, double answered, size_t k, size_t j, double within_s,
                       double interval_s)
{
    double short_by = required - answered;
    return short_by > 0 ? short_by / intervals_left(k, j, within_s, interval_s) : 0;
}

wfm_status wfm_deferred_staff(const double *contacts, size_t count, const wfm_deferred_opts *opts,
                              int *seats, double *backlog, wfm_error *err)
{
    wfm_status st = check_opts(opts, err);
    if (st || (st = wfm_check_nonnegative_array(contacts, count, "contacts", err)))
        return st;
    double per_seat = opts->interval_s / opts->aht_s; /* contacts one seat answers an interval */
    double arrived_before = opts->initial_backlog;   /* cumulative, before cohort `first` */
    double answered = 0;
    double all_by_s = opts->all_by_s > 0 ? opts->all_by_s : 2 * opts->deadline_s;
    size_t first = 0; /* oldest cohort not yet answered in full */
    for (size_t j = 0; j < count; j++) {
        double pace = 0, before_k = arrived_before;
        for (size_t k = first; k <= j; k++) {
            double due = pace_for(before_k + opts->within_share * contacts[k], answered, k, j,
                                  opts->deadline_s, opts->interval_s);
            double all = pace_for(before_k + contacts[k], answered, k, j, all_by_s, opts->interval_s);
            pace = fmax(pace, fmax(due, all));
            before_k += contacts[k];
        }
        /* the tolerance keeps exact multiples from rounding up a seat */
        seats[j] = pace > 0 ? (int)ceil(pace / per_seat - 1e-9) : 0;
        double waiting = before_k - answered;
        double capacity = seats[j] * per_seat;
        answered += capacity < waiting ? capacity : waiting;
        backlog[j] = before_k - answered;
        while (first <= j && arrived_before + contacts[first] <= answered + 1e-9) {
            arrived_before += contacts[first];
            first++;
        }
    }
    return WFM_OK;
}
