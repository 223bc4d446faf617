/* wfm_roster_face: columns held on the optimal face (see wfm_roster_face.h). */
#include "optimizer/wfm_roster_face.h"

#include <stdlib.h>
#include <string.h>

/* Values and reduced costs within this of zero count as zero. */
#define FACE_TOLERANCE 1e-6

int wfm_roster_hold_face(glp_prob *lp, const double *x, const double *d, wfm_roster_held *h)
{
    h->n = glp_get_num_cols(lp);
    h->type = malloc(sizeof *h->type * ((size_t)h->n + 1));
    h->lb = malloc(sizeof *h->lb * ((size_t)h->n + 1));
    h->ub = malloc(sizeof *h->ub * ((size_t)h->n + 1));
    if (!h->type || !h->lb || !h->ub)
        return -1;
    for (int j = 1; j <= h->n; j++) {
        int type = h->type[j] = glp_get_col_type(lp, j);
        double lb = h->lb[j] = glp_get_col_lb(lp, j), ub = h->ub[j] = glp_get_col_ub(lp, j);
        int has_lb = type == GLP_LO || type == GLP_DB, has_ub = type == GLP_UP || type == GLP_DB;
        if (has_lb && x[j] - lb < FACE_TOLERANCE && d[j] > FACE_TOLERANCE)
            glp_set_col_bnds(lp, j, GLP_FX, lb, lb);
        else if (has_ub && ub - x[j] < FACE_TOLERANCE && d[j] < -FACE_TOLERANCE)
            glp_set_col_bnds(lp, j, GLP_FX, ub, ub);
    }
    return 0;
}

/* A column GLPK sees go from fixed to double-bounded it makes nonbasic at
 * its lower bound, so one held at its upper bound is put back there: else
 * the basis the simplex found is no longer feasible. The daily target's
 * answered-calls increments held at 1 all dropped to 0 on the sample week
 * with 20 % more calls, and the simplex after the release took minutes to
 * recover (`wfm roster --phases`: relaxation done at 213 s, 17 s with
 * this). */
void wfm_roster_release_face(glp_prob *lp, wfm_roster_held *h)
{
    for (int j = 1; h->type && h->lb && h->ub && j <= h->n; j++) {
        int held_at_upper = h->type[j] == GLP_DB && glp_get_col_type(lp, j) == GLP_FX &&
                            glp_get_col_lb(lp, j) >= h->ub[j];
        glp_set_col_bnds(lp, j, h->type[j], h->lb[j], h->ub[j]);
        if (held_at_upper && glp_get_col_stat(lp, j) != GLP_BS)
            glp_set_col_stat(lp, j, GLP_NU);
    }
    free(h->type);
    free(h->lb);
    free(h->ub);
    memset(h, 0, sizeof *h);
}
