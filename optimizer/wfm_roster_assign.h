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

/* The shift of model type `type` for the agent, break j at offset[j] of
 * its window (offset NULL: every break at its earliest). */
wfm_roster_shift wfm_roster_make_shift(const wfm_roster_model *m, int type, const int *offset,
                                       int agent);

/* Fixes the model's plan columns to the plan's values (rounded) and
 * re-solves the rest, then fills price [group][day*I+i] with what one more
 * working agent of the group is worth in each interval (the dual price of
 * its seat balance row; 0 where the row is absent). */
wfm_status wfm_roster_plan_prices(wfm_roster_model *m, const double *plan, double *price,
                                  wfm_error *err);

/* What one more agent of the group working the shift is worth at these
 * prices (where not on a break), less the shift's paid cost. */
double wfm_roster_shift_worth(const wfm_roster_model *m, const double *price, int group,
                              const wfm_roster_shift *sh);

/* The plan columns (1-based, n_plan_cols + 1 entries) of a named roster:
 * shifts of each type, breaks at each offset. WFM_EINVAL when a shift
 * fits no type of the model. */
wfm_status wfm_roster_counts(const wfm_roster_model *m, const wfm_roster_shift *shifts, int n_shifts,
                             double *count, wfm_error *err);

/* Moves the breaks of the shifts to the offsets count gives their type
 * (count as wfm_roster_counts fills it, the shift counts the same). */
void wfm_roster_set_breaks(const wfm_roster_model *m, wfm_roster_shift *shifts, int n_shifts,
                           const double *count);

/* qsort order of a roster's shifts: by agent, then day. */
int wfm_roster_shift_order(const void *a, const void *b);

/* True when the shift counts as a night shift under the options. */
int wfm_roster_is_night(const wfm_roster_opts *opts, const wfm_roster_shift *s);

#endif
