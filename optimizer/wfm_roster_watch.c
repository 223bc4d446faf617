/* wfm_roster_watch: progress and stop requests of a roster solve (see
 * wfm_roster_watch.h). */
#include "optimizer/wfm_roster_watch.h"

#include <limits.h>
#include <math.h>

/* How often a watcher hears from a running solve, and how long a simplex
 * slice runs. Each slice restarts the simplex's pricing weights: on the
 * benchmark week's LP, slices of 1 s cost 19 % more simplex time than one
 * solve, slices of 0.25 s 115 % more. */
#define REPORT_EVERY_S 0.25
#define SLICE_MS 1000

void wfm_roster_watch_init(wfm_roster_watch *w, const wfm_roster_opts *opts)
{
    *w = (wfm_roster_watch){.progress = opts->progress, .cookie = opts->progress_cookie,
                            .time_limit_s = opts->time_limit_s, .start = glp_time(),
                            .phase = "lp", .incumbent = NAN, .best_bound = NAN};
}

double wfm_roster_watch_elapsed(const wfm_roster_watch *w)
{
    return glp_difftime(glp_time(), w->start);
}

static int report(wfm_roster_watch *w)
{
    double elapsed = wfm_roster_watch_elapsed(w);
    w->last_report = elapsed;
    double gap = (w->incumbent - w->best_bound) / fmax(fabs(w->incumbent), 1e-9);
    wfm_roster_progress p = {.phase = w->phase, .elapsed_s = elapsed,
                             .time_limit_s = w->time_limit_s, .incumbent = w->incumbent,
                             .best_bound = w->best_bound, .gap = isfinite(gap) ? fmax(gap, 0) : NAN};
    int asked = w->progress(w->cookie, &p);
    if (asked > w->stop)
        w->stop = asked > WFM_ROSTER_CANCEL ? WFM_ROSTER_CANCEL : asked;
    return w->stop;
}

int wfm_roster_watch_phase(wfm_roster_watch *w, const char *phase)
{
    w->phase = phase;
    return w->progress ? report(w) : w->stop;
}

int wfm_roster_watch_poll(wfm_roster_watch *w)
{
    if (!w->progress || wfm_roster_watch_elapsed(w) - w->last_report < REPORT_EVERY_S)
        return w->stop;
    return report(w);
}

void wfm_roster_watch_incumbent(wfm_roster_watch *w, double objective)
{
    if (!(objective >= w->incumbent)) /* also when there was none (NAN) */
        w->incumbent = objective;
}

void wfm_roster_watch_bound(wfm_roster_watch *w, double bound)
{
    if (!(bound <= w->best_bound))
        w->best_bound = bound;
}

int wfm_roster_simplex(glp_prob *lp, const glp_smcp *parm, wfm_roster_watch *w, int stop_at)
{
    if (!w || !w->progress)
        return glp_simplex(lp, parm);
    if (parm->presolve) {
        int rc = glp_simplex(lp, parm);
        return rc == 0 && wfm_roster_watch_poll(w) >= stop_at ? GLP_ESTOP : rc;
    }
    glp_smcp slice = *parm;
    double begin = glp_time();
    for (;;) {
        double left_ms = parm->tm_lim == INT_MAX
                             ? INFINITY
                             : parm->tm_lim - 1000 * glp_difftime(glp_time(), begin);
        if (left_ms <= 0)
            return GLP_ETMLIM;
        slice.tm_lim = left_ms < SLICE_MS ? (int)left_ms : SLICE_MS;
        int rc = glp_simplex(lp, &slice);
        if (rc != GLP_ETMLIM || slice.tm_lim < SLICE_MS)
            return rc;
        if (wfm_roster_watch_poll(w) >= stop_at)
            return GLP_ESTOP;
    }
}
