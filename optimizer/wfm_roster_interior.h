/* wfm_roster_interior: GLPK's interior-point method on a thread of its own,
 * so that a stop or a cancel does not wait for it.
 *
 * glp_interior has no callback and no time limit: on the sample center's
 * week it runs for 10-20 s without a word. Here it solves a copy of the LP
 * on another thread (GLPK keeps one environment per thread, which that
 * thread frees when it ends) while the caller polls the watcher; asked to
 * stop, the caller returns at once, and the thread gives up at the
 * method's next iteration (GLPK's terminal hook, called with each
 * iteration's line) and frees everything it holds. */
#ifndef WFM_ROSTER_INTERIOR_H
#define WFM_ROSTER_INTERIOR_H

#include <glpk.h>

#include "optimizer/wfm_roster_watch.h"

/* Solves lp's LP by the interior-point method (parm as glp_interior takes
 * it), polling w (NULL: nobody) every 50 ms. lp is only read, and only
 * until the copy is made. On success returns 0, the column values in
 * x[1..number of columns], their reduced costs in d[1..number of columns]
 * and the objective in *objective; returns 1 when w asked for at least
 * stop_at, -1 when GLPK found no optimum or memory ran out. */
int wfm_roster_interior(glp_prob *lp, const glp_iptcp *parm, wfm_roster_watch *w, int stop_at,
                        double *x, double *d, double *objective);

#endif
