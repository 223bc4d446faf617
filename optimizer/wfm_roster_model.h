/* wfm_roster_model: the stage-1 shift-plan MIP of wfm_roster as a GLPK
 * problem, with the maps from shift types and queues to its columns.
 *
 * The same model serves three purposes: the MIP itself, the repair LP of the
 * rounding heuristic, and the evaluation of a named roster (integer columns
 * fixed to the roster's counts, continuous part re-solved). The benchmark
 * writes it as MPS for other solvers. */
#ifndef WFM_ROSTER_MODEL_H
#define WFM_ROSTER_MODEL_H

#include <glpk.h>

#include "optimizer/wfm_roster.h"
#include "optimizer/wfm_roster_watch.h"

/* Agents with the same skills and availability window form a group; the
 * plan counts shifts per group. */
typedef struct wfm_roster_group {
    unsigned skills;
    int avail_start_min;
    int avail_end_min;
    int n_members;
    int *members;           /* agent indices, owned by the model */
} wfm_roster_group;

/* One column family: a group working one template from one start on one day.
 * col_count counts the shifts (integer); break j at its o-th offset counts in
 * column col_break[j] + o (offset o*interval minutes after the break's
 * earliest). Break placements are continuous in the MIP: with the counts
 * integer they are nearly always integral already (each break column covers
 * consecutive intervals), and wfm_roster rounds the rest once the counts are
 * fixed, the loss showing in the evaluated roster. This keeps the integer
 * columns to the shift counts, which is what makes a week of 350 agents
 * tractable for GLPK's branch and bound. */
typedef struct wfm_roster_shift_type {
    int group;
    int day;
    int template_index;
    int start_min;
    int col_count;
    int col_break[WFM_ROSTER_MAX_BREAKS];
    int n_offsets[WFM_ROSTER_MAX_BREAKS];
} wfm_roster_shift_type;

typedef struct wfm_roster_model {
    glp_prob *lp;
    const wfm_roster_input *in;
    wfm_roster_opts opts;
    int interval_min;
    int n_groups;
    wfm_roster_group *groups;
    int *agent_group;      /* [agent]: index of the agent's group */
    int n_types;
    wfm_roster_shift_type *types;
    int *col_seats;        /* [group][queue][day*I+i]: 0 when absent; only the first group
                              of each skill set has them, shared by the set's groups */
    int *col_short;        /* [queue][day][interval]: interval shortfall column, 0 when absent */
    int *col_day_short;    /* [queue][day]: daily-target shortfall column, 0 when absent */
    int *col_answer_first; /* [queue][day][interval]: first increment column (seat 1), 0 when absent */
    int *n_answer_cols;    /* [queue][day][interval] */
    int n_plan_cols;       /* shift counts and break placements are columns 1..n_plan_cols */
    int *capacity_rows;    /* rows bounding group shifts (day and week), for the rounding */
    int n_capacity_rows;
    int *row_balance;      /* [group][day*I+i]: the group's seat balance row (one row for
                              all groups of a skill set), 0 when absent; its dual prices
                              one more working agent of the group then */
    wfm_roster_watch *watch; /* NULL, or the solve's progress watcher (not owned) */
} wfm_roster_model;

/* Builds the model for a validated input. On success *out holds it; release
 * it with wfm_roster_model_free. */
wfm_status wfm_roster_model_build(const wfm_roster_input *in, const wfm_roster_opts *opts,
                                  wfm_roster_model *out, wfm_error *err);

void wfm_roster_model_free(wfm_roster_model *m);

/* Seat-target models with more columns than this take the interior-point
 * relaxation too: on the sample center's week (13,694 rows, 43,942
 * columns) it and the boxed simplex after it are done after 20-26 s, where
 * the primal simplex took 41 s. Smaller ones keep the simplex, whose bound
 * is exact. */
#define WFM_ROSTER_INTERIOR_FROM_COLS 20000

/* Whether the model's relaxation goes to the interior-point method (the
 * daily target, or a seat target over WFM_ROSTER_INTERIOR_FROM_COLS). */
int wfm_roster_model_interior(const wfm_roster_model *m);

/* Index into col_seats. */
static inline int wfm_roster_model_seat_index(const wfm_roster_model *m, int group, int queue,
                                              int day, int interval)
{
    int per_day = m->in->intervals_per_day;
    return ((group * m->in->n_queues + queue) * m->in->n_days + day) * per_day + interval;
}

/* An agent's contract minimum for the days [from, to) of one 7-day block:
 * min_week_hours, less a seventh for each day of time off. */
double wfm_roster_agent_min_hours(const wfm_roster_agent *a, int from, int to);

/* Paid hours of a shift type (length minus unpaid breaks). */
double wfm_roster_type_paid_hours(const wfm_roster_model *m, const wfm_roster_shift_type *st);

#endif
