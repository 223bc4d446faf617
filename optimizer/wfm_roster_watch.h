/* wfm_roster_watch: the progress reports and stop requests of one roster
 * solve (wfm_roster_opts.progress), shared by its stages, and GLPK's simplex
 * run in time slices so that a long LP reports and can be stopped too.
 *
 * GLPK's simplex has no callback; it does keep its basis when it stops on
 * its time limit, so solving in slices of a fraction of a second and
 * resuming from that basis costs one refactorization a slice. */
#ifndef WFM_ROSTER_WATCH_H
#define WFM_ROSTER_WATCH_H

#include <glpk.h>

#include "optimizer/wfm_roster.h"

typedef struct wfm_roster_watch {
    wfm_roster_progress_fn progress; /* NULL: nobody watches */
    void *cookie;
    double time_limit_s;
    double start;       /* glp_time() when the solve began */
    double last_report; /* elapsed_s of the last report */
    const char *phase;
    double incumbent;   /* NAN when none */
    double best_bound;  /* NAN when none */
    int stop;           /* the strongest request so far: WFM_ROSTER_GO_ON, _STOP or _CANCEL */
} wfm_roster_watch;

/* Starts the clock; reports nothing yet. */
void wfm_roster_watch_init(wfm_roster_watch *w, const wfm_roster_opts *opts);

/* Seconds since wfm_roster_watch_init. */
double wfm_roster_watch_elapsed(const wfm_roster_watch *w);

/* Enters a phase and reports it at once. Returns the stop request so far. */
int wfm_roster_watch_phase(wfm_roster_watch *w, const char *phase);

/* Reports when the last report is a quarter of a second old. Returns the
 * stop request so far (a later WFM_ROSTER_GO_ON never lowers it). */
int wfm_roster_watch_poll(wfm_roster_watch *w);

/* Records a better plan or bound (reported with the next poll). */
void wfm_roster_watch_incumbent(wfm_roster_watch *w, double objective);
void wfm_roster_watch_bound(wfm_roster_watch *w, double bound);

/* glp_simplex(lp, parm) in slices, polling w between them (w may be NULL:
 * one call). parm->tm_lim still bounds the whole solve. With
 * parm->presolve on it is one call, polled after: the presolver throws its
 * work away when a slice ends, so ask for it only where it makes the LP
 * small (most columns fixed: there it is 20 times faster than the dual
 * simplex from the old basis, on the benchmark week). Returns GLPK's code,
 * or GLP_ESTOP when the watcher asked for at least `stop_at`
 * (WFM_ROSTER_STOP or WFM_ROSTER_CANCEL). */
int wfm_roster_simplex(glp_prob *lp, const glp_smcp *parm, wfm_roster_watch *w, int stop_at);

#endif
