/* wfm_roster_assign: stage 2 of wfm_roster: planned shifts -> named agents
 * under the labor rules, and the evaluation of a named roster against the
 * stage-1 model. */
#ifndef WFM_ROSTER_ASSIGN_H
#define WFM_ROSTER_ASSIGN_H

#include "optimizer/wfm_roster_model.h"

/* Gives each planned shift to an agent of its group who may take it: not on
 * time off, inside the availability window, one shift a day, at most
 * 7 - days_off_per_week days in each 7-day block from day 0, at most
 * max_week_hours paid in each block, at most max_consecutive_days in a row,
 * at least min_rest_min between shifts. Among those it prefers agents behind
 * on their days and hours, on their preferred template, working yesterday
 * (so days off come together), with fewer weekend and night shifts so far.
 * Then agents left below their contract minimum (wfm_roster_agent_min_hours)
 * take over shifts from colleagues of their group with hours to spare, and
 * where that is not enough get extra shifts where one more agent is worth
 * most (dual prices of the roster's LP: m->lp is re-solved for them), under
 * the same rules; whoever still lacks hours has no legal shift left.
 * plan[j] is the value of integer column j of the model (1-based).
 * On success *shifts (malloc'd, caller frees) holds *n_shifts shifts sorted
 * by agent and day; *unstaffed counts planned shifts no agent could take.
 * WFM_ECANCELLED when m->watch cancels meanwhile. */
wfm_status wfm_roster_assign(wfm_roster_model *m, const double *plan,
                             wfm_roster_shift **shifts, int *n_shifts, int *unstaffed,
                             wfm_error *err);

/* Fixes the model's integer columns to the counts of the given shifts and
 * re-solves its continuous part (seats per queue, answered, shortfalls).
 * On success the model's LP holds that solution; *objective is its value. */
wfm_status wfm_roster_evaluate(wfm_roster_model *m, const wfm_roster_shift *shifts, int n_shifts,
                               double *objective, wfm_error *err);

/* True when the shift counts as a night shift under the options. */
int wfm_roster_is_night(const wfm_roster_opts *opts, const wfm_roster_shift *s);

#endif
