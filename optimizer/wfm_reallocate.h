/* wfm_reallocate: the live seat reallocation of issue 6. Given the agents on
 * shift for the rest of today and the reforecast per queue and interval,
 * decide per interval which queue each agent serves (or offline work), move
 * breaks inside their windows, and propose overtime or early release where
 * moves alone cannot hold the target.
 *
 * Method: agents with the same skills form a group; one GLPK linear program
 * over groups (not names) decides per interval how many agents of each
 * group serve each queue, how many of a group's breaks start when, and how
 * many agents extend or end their shift early. The program minimises
 *   shortfall x shortfall_cost + overtime + moved breaks + agents pulled off
 *   their planned queue - early release gain.
 * Its solution is rounded (largest remainder, then a repair pass that fills
 * live shortfalls from idle or surplus agents) and turned into names
 * greedily: an agent stays where it was whenever the counts allow, so each
 * move on the plan is a move the LP asked for.
 *
 * Live queues (phone) must reach seats_needed per interval (from the Erlang
 * models in models/). Deferred queues (SMS, mailbox, WeChat...) must answer
 * every contact within deadline_s of its arrival, the backlog waiting now
 * within backlog_due_s; capacity is seats x interval_s / aht_s contacts.
 * Deadlines are rounded to the grid on the safe side: an interval's
 * arrivals are due at the end of interval + floor(deadline / interval) - 1
 * (at least the same interval), the backlog at the end of the interval
 * that backlog_due_s falls in.
 *
 * Interval 0 is the one starting now; times in and out are interval indexes
 * relative to now. Pure compute: no I/O, no globals. */
#ifndef WFM_REALLOCATE_H
#define WFM_REALLOCATE_H

#include <stddef.h>

#include "core/wfm_error.h"

#define WFM_REALLOC_MAX_QUEUES 16
#define WFM_REALLOC_MAX_BREAKS 4
#define WFM_REALLOC_OFFLINE (-1)     /* serving no queue: offline work */
#define WFM_REALLOC_UNAVAILABLE (-2) /* off shift, on break or released */

typedef enum wfm_queue_kind {
    WFM_QUEUE_LIVE = 0,
    WFM_QUEUE_DEFERRED
} wfm_queue_kind;

/* One queue over the horizon; arrays of n_intervals (borrowed). */
typedef struct wfm_realloc_queue {
    const char *name;
    wfm_queue_kind kind;
    const double *offered;      /* contacts expected per interval */
    const double *aht_s;        /* mean handle time per interval, > 0 */
    const double *seats_needed; /* live: seats to hold the target; NULL for deferred */
    double backlog;             /* deferred: contacts waiting now */
    double backlog_due_s;       /* deferred: the backlog must be answered by then */
    double deadline_s;          /* deferred: answer within this of arrival, > 0 */
    double weight;              /* shortfall weight relative to other queues; default 1 */
} wfm_realloc_queue;

/* A break: planned start and length, and the starts it may move to.
 * A break whose planned start is before interval 0 has started: it stays. */
typedef struct wfm_realloc_break {
    int start, length;       /* intervals; length >= 1 */
    int earliest, latest;    /* allowed starts, earliest <= start <= latest */
} wfm_realloc_break;

typedef struct wfm_realloc_agent {
    const char *name;
    unsigned skills;         /* bit q set: may serve queue q */
    int queue;               /* planned queue, or WFM_REALLOC_OFFLINE */
    int shift_start;         /* first interval on shift (<= 0: already on) */
    int shift_end;           /* first interval off shift (may exceed the horizon) */
    wfm_realloc_break breaks[WFM_REALLOC_MAX_BREAKS];
    size_t n_breaks;
} wfm_realloc_agent;

typedef struct wfm_realloc_input {
    const wfm_realloc_queue *queues;
    size_t n_queues;                  /* 1..WFM_REALLOC_MAX_QUEUES */
    const wfm_realloc_agent *agents;
    size_t n_agents;
    size_t n_intervals;               /* horizon, e.g. 32 for 8 h of 15 min */
    double interval_s;
    /* Optional: the predicted answer rate of a live queue with `seats`
     * agents in an interval (the Erlang A curve of models/). When NULL the
     * fluid bound min(1, seats x interval_s / aht_s / offered) is reported,
     * which is optimistic. */
    double (*answer_rate)(const void *ctx, size_t queue, size_t interval, int seats);
    const void *answer_rate_ctx;
} wfm_realloc_input;

typedef struct wfm_realloc_opts {
    double shortfall_cost;     /* per missing seat and interval; default 100 */
    double overtime_cost;      /* per agent interval of overtime; default 20 */
    double release_gain;       /* per agent interval released early; default 1 */
    double move_cost;          /* per agent interval off the planned queue; default 0.5 */
    double break_move_cost;    /* per break interval moved; default 0.2 */
    int max_overtime_intervals; /* longest extension proposed; default 4 */
    int max_release_intervals;  /* longest early release proposed; 0 = never; default 4 */
    int deferred_block;        /* deferred queues keep their seats for blocks of this
                                  many intervals (fewer moves); default 4 */
    int presolve;              /* GLPK's LP presolver; default 1 */
    int time_limit_ms;         /* simplex time limit; default 1000 */
} wfm_realloc_opts;

void wfm_realloc_opts_init(wfm_realloc_opts *opts);

/* Per queue and interval. */
typedef struct wfm_realloc_cell {
    double seats_needed;          /* live: input; deferred: seats to keep pace with due work */
    int seats_assigned;
    double predicted_answer_rate; /* live: see answer_rate; deferred: share answered in time */
    double shortfall;             /* live: seats missing; deferred: contacts late */
} wfm_realloc_cell;

typedef struct wfm_realloc_move {
    size_t agent;                 /* index into input agents */
    int from_queue, to_queue;     /* queue index or WFM_REALLOC_OFFLINE */
    size_t at;                    /* interval the move takes effect */
    char reason[128];
} wfm_realloc_move;

typedef struct wfm_realloc_break_change {
    size_t agent, break_index;
    int from, to;                 /* start intervals */
    char reason[128];
} wfm_realloc_break_change;

typedef enum wfm_proposal_kind {
    WFM_PROPOSE_OVERTIME = 0,
    WFM_PROPOSE_EARLY_RELEASE
} wfm_proposal_kind;

typedef struct wfm_realloc_proposal {
    size_t agent;
    wfm_proposal_kind kind;
    int from, until;              /* intervals [from, until) added or given back */
    char reason[128];
} wfm_realloc_proposal;

typedef struct wfm_realloc_result {
    size_t n_queues, n_intervals, n_agents;
    wfm_realloc_cell *cells;      /* [q * n_intervals + i] */
    int *assignment;              /* [a * n_intervals + i]: queue, OFFLINE or UNAVAILABLE */
    wfm_realloc_move *moves;
    size_t n_moves;
    wfm_realloc_break_change *break_changes;
    size_t n_break_changes;
    wfm_realloc_proposal *proposals;
    size_t n_proposals;
    double objective;             /* of the LP relaxation */
} wfm_realloc_result;

/* Solves the reallocation. On success fills *result (arrays owned by the
 * caller, released with wfm_realloc_result_free). Fails with WFM_EINVAL
 * naming the bad field, WFM_EINFEASIBLE when an agent's breaks cannot all
 * fit in their windows, WFM_ELIMIT past time_limit_ms, WFM_ENOMEM, or
 * WFM_EINTERNAL when GLPK fails otherwise; then *result is empty. A target that cannot be met is not a failure: the
 * cells carry the shortfall and the proposals say what would cover it.
 * opts may be NULL for the defaults. */
wfm_status wfm_reallocate(const wfm_realloc_input *input, const wfm_realloc_opts *opts,
                          wfm_realloc_result *result, wfm_error *err);

void wfm_realloc_result_free(wfm_realloc_result *result);

/* ---- decisions: what several agents are told alike ----------------------
 * Overtime and early release are decided per group of agents with the same
 * shift end and skills, and moves per group and interval, so many entries
 * of a result differ only in the agent. A plan states such a decision once
 * with the list of its agents (docs/live.md). Entries are one decision when
 * all but the agent is equal:
 *   moves:         from_queue, to_queue, at and reason;
 *   break changes: from, to and reason (an agent's break is the one that
 *                  starts at `from`: two breaks of one agent never do);
 *   proposals:     kind, from, until and reason.
 * Decisions are numbered in the order of their first entry, and a
 * decision's entries keep the result's order, so the grouping of a result
 * is deterministic (the live plan's ETag depends on it). */
typedef struct wfm_realloc_decisions {
    size_t n;          /* decisions */
    size_t *first;     /* [n]: the first entry of each decision (its fields are the decision's) */
    size_t *of_entry;  /* [entries]: the decision each entry belongs to */
} wfm_realloc_decisions;

/* Group r's moves, break changes or proposals into *out (arrays owned by
 * the caller, released with wfm_realloc_decisions_free). Fail only with
 * WFM_ENOMEM; then *out is empty. */
wfm_status wfm_realloc_group_moves(const wfm_realloc_result *r, wfm_realloc_decisions *out,
                                   wfm_error *err);
wfm_status wfm_realloc_group_break_changes(const wfm_realloc_result *r,
                                           wfm_realloc_decisions *out, wfm_error *err);
wfm_status wfm_realloc_group_proposals(const wfm_realloc_result *r, wfm_realloc_decisions *out,
                                       wfm_error *err);

void wfm_realloc_decisions_free(wfm_realloc_decisions *d);

#endif
