/* wfm_roster_face: holds the columns an interior-point solution leaves off
 * the optimal face at their bounds while the simplex looks for an optimal
 * basis, and lets them go again without losing that basis.
 *
 * The interior point lies in the middle of the optimal face, so a column
 * at a bound with a reduced cost clearly pushing it there is at that bound
 * in every optimum (strict complementarity): fixing it changes no optimum,
 * and the simplex has that many fewer columns to look at. On the sample
 * week, with the crash basis of glp_cpx_basis, the relaxation was done at
 * 12.0 s instead of 22.7 s (`wfm roster --phases`). */
#ifndef WFM_ROSTER_FACE_H
#define WFM_ROSTER_FACE_H

#include <glpk.h>

/* Column bounds as they were before wfm_roster_hold_face, to put back. */
typedef struct wfm_roster_held {
    int n; /* columns, 0 when nothing is held */
    int *type;
    double *lb, *ub;
} wfm_roster_held;

/* Fixes every column of lp at the bound where x (values, 1-based by
 * column) sits with a reduced cost d (1-based) of the sign that pushes it
 * there, both beyond 1e-6; records every column's bounds in *h (zeroed by
 * the caller). Returns -1 out of memory (release *h all the same). */
int wfm_roster_hold_face(glp_prob *lp, const double *x, const double *d, wfm_roster_held *h);

/* Puts the recorded bounds back and frees them (nothing when none). A
 * column held at its upper bound and nonbasic stays nonbasic at that
 * bound, so a basis that was primal feasible stays so. */
void wfm_roster_release_face(glp_prob *lp, wfm_roster_held *h);

#endif
