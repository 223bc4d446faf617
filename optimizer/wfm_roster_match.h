/* wfm_roster_match: stage 2 of wfm_roster as one small MIP per agent group:
 * which member works which of the group's planned shifts, every labor rule
 * a constraint rather than a test along a greedy pass.
 *
 * For group g with members A and planned shift types P (count n_t > 0):
 *   x_{a,t} in {0,1}   agent a works shift type t (legal days and hours only)
 *   sum_a x_{a,t} + u_t - e_t = n_t    u_t: planned shifts left unstaffed,
 *                                       e_t: extra shifts (contract minimums)
 *   one shift a day; at most 7 - days_off days and max_week_hours a 7-day
 *   block; contract minimum per block (slack s_{a,w}, priced high); at most
 *   max_consecutive_days in a row; min_rest_min between shifts (for each
 *   shift type and each later day within reach, the type and the next
 *   day's types it conflicts with are a clique); weekend and night shifts
 *   over the group's fair share priced (fairness).
 * Objective: unstaffed shifts at twice their paid cost, extra shifts at
 * their paid cost less what one more agent of the group is worth where they
 * work (the plan's LP duals), contract slack at 100 times the hourly cost,
 * a small bonus for preferred templates.
 *
 * GLPK solves each group's MIP (a few thousand binaries on a week of 350
 * agents) under a share of the time left; a group whose MIP finds nothing
 * in time keeps the greedy pass's shifts (wfm_roster_assign). */
#ifndef WFM_ROSTER_MATCH_H
#define WFM_ROSTER_MATCH_H

#include "optimizer/wfm_roster_model.h"

/* Builds a roster of the plan (integer column values, 1-based, as
 * wfm_roster_assign takes) group by group. fallback/n_fallback is a legal
 * roster of the same plan (wfm_roster_assign's): a group whose MIP has no
 * solution within its time keeps its shifts from there. time_limit_s bounds
 * the whole match (wall clock). On success *shifts (malloc'd, caller frees)
 * holds *n_shifts shifts sorted by agent and day, *unstaffed the planned
 * shifts nobody works, *groups_solved the groups the MIP assigned.
 * WFM_ECANCELLED when m->watch cancels meanwhile. */
wfm_status wfm_roster_match(wfm_roster_model *m, const double *plan,
                            const wfm_roster_shift *fallback, int n_fallback, double time_limit_s,
                            wfm_roster_shift **shifts, int *n_shifts, int *unstaffed,
                            int *groups_solved, wfm_error *err);

/* Planned shifts (plan as above) that no shift of the roster works. */
int wfm_roster_unstaffed(const wfm_roster_model *m, const double *plan,
                         const wfm_roster_shift *shifts, int n_shifts);

#endif
