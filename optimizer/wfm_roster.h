/* wfm_roster: rosters of named agents for a horizon of 1-4 weeks, built with
 * GLPK in two stages.
 *
 * Stage 1 (shift plan) is a mixed-integer program over agent groups (agents
 * with the same skills and daily availability): how many shifts of each
 * template and start time each group works each day, with explicit break
 * placement variables inside each break's window, seats of each group given
 * to the queues it can take, and either
 *   - the classic per-interval seat requirement (set covering, Dantzig 1954),
 *   - or a day-level answer-rate target with a floor in every interval, the
 *     concave answered-calls curve entering as increments
 *     (Koole & van der Sluis 2003): answered = sum_k inc_k y_k, 0 <= y_k <= 1,
 *     sum_k y_k <= seats.
 * Objective: paid-hour cost + penalty for every unit short of the target.
 * Stage 2 hands the planned shifts to named agents under the labor rules
 * (days off, rest, consecutive days, weekly hours, availability, time off,
 * preferences, fairness of weekends and nights), then re-evaluates the real
 * roster with the stage-1 model's continuous part; the difference to the
 * stage-1 objective is reported as the loss of the decomposition.
 *
 * Pure compute: plain structs in, plain structs out; no I/O. */
#ifndef WFM_ROSTER_H
#define WFM_ROSTER_H

#include "core/wfm_error.h"
#include "models/wfm_roster_sim.h"

#define WFM_ROSTER_MAX_QUEUES 16
#define WFM_ROSTER_MAX_BREAKS 3
#define WFM_ROSTER_MAX_DAYS 28
#define WFM_ROSTER_NAME_LEN 48

typedef enum wfm_roster_target {
    WFM_ROSTER_TARGET_SEATS = 0,        /* required seats in every interval */
    WFM_ROSTER_TARGET_DAILY_ANSWER_RATE /* share of the day's offered answered */
} wfm_roster_target;

/* A break inside a shift. Its start may fall anywhere in
 * [earliest_min, latest_min] minutes after the shift start, on the interval
 * grid. A break shorter than an interval removes that share of the interval. */
typedef struct wfm_roster_break {
    int length_min;
    int paid;         /* 1: counts as paid time; 0: unpaid */
    int earliest_min;
    int latest_min;
} wfm_roster_break;

/* A family of shifts: one length, starts from start_earliest_min to
 * start_latest_min (minutes after local midnight, on the interval grid) every
 * start_step_min. A shift may run past midnight into the next day. */
typedef struct wfm_shift_template {
    char name[WFM_ROSTER_NAME_LEN];
    int start_earliest_min;
    int start_latest_min;
    int start_step_min;
    int length_min;
    int n_breaks;
    wfm_roster_break breaks[WFM_ROSTER_MAX_BREAKS];
    unsigned weekdays; /* bit w: usable on weekday w (0 Monday .. 6 Sunday); 0: every day */
} wfm_shift_template;

typedef struct wfm_roster_agent {
    char id[WFM_ROSTER_NAME_LEN];
    unsigned skills;          /* bit q: can take queue q; must be non-zero */
    double min_week_hours;    /* contract: paid hours per 7-day week */
    double max_week_hours;
    int max_consecutive_days;
    int min_rest_min;         /* between the end of one shift and the next start */
    int days_off_per_week;
    int avail_start_min;      /* each shift must start at or after this ... */
    int avail_end_min;        /* ... and end by this (minutes after midnight, may be > 1440) */
    unsigned char time_off[WFM_ROSTER_MAX_DAYS]; /* 1: approved time off / unavailable */
    int preferred_template;   /* index into the templates, -1 for none */
} wfm_roster_agent;

typedef struct wfm_roster_queue {
    char name[WFM_ROSTER_NAME_LEN];
    double aht_s; /* mean handle time, for occupancy */
    double patience_s; /* mean caller patience (Erlang A's 1/theta); 0 = unknown */
    double deadline_s; /* deferred queue (text channels): a contact counts as answered
                          when taken within this many seconds; 0 = a live queue */
} wfm_roster_queue;

/* Per-queue, per-day, per-interval arrays are laid out [queue][day][interval]
 * (see wfm_roster_slot); the answered curve [queue][day][interval][seats],
 * seats 0..curve_max_seats, concave and non-decreasing in seats.
 * All arrays are owned by the caller. */
typedef struct wfm_roster_input {
    int n_days;            /* 1..28 */
    int intervals_per_day; /* e.g. 96 for 15-minute intervals */
    int first_weekday;     /* weekday of day 0: 0 Monday .. 6 Sunday */
    int n_queues;
    wfm_roster_queue queues[WFM_ROSTER_MAX_QUEUES];
    const double *required; /* seats; needed for the seats target */
    const double *offered;  /* calls; needed for the daily target */
    const double *answered; /* answered-calls curve; needed for the daily target */
    int curve_max_seats;
    int n_templates;
    const wfm_shift_template *templates;
    int n_agents;
    const wfm_roster_agent *agents;
} wfm_roster_input;

/* What a progress callback is told: where the solve is and how good its
 * best answer is so far. */
typedef struct wfm_roster_progress {
    const char *phase;   /* "lp" (the relaxation: the bound), "dive" (the first
                            plan), "mip" (branch and bound), "breaks" (whole break
                            placements), "assign" (named agents, contract
                            minimums), "evaluate" (the named roster's figures) */
    double elapsed_s;    /* since the solve started */
    double time_limit_s; /* opts.time_limit_s */
    double incumbent;    /* objective of the best plan so far; NAN when none yet */
    double best_bound;   /* proven lower bound; NAN before the relaxation is solved */
    double gap;          /* (incumbent - best_bound) / |incumbent|; NAN when either is unknown */
} wfm_roster_progress;

/* What a progress callback returns. */
enum {
    WFM_ROSTER_GO_ON = 0,
    WFM_ROSTER_STOP = 1,  /* stop searching: the best plan found so far becomes the
                             roster (result.stopped_early = 1); WFM_ECANCELLED when
                             there is none yet */
    WFM_ROSTER_CANCEL = 2 /* give up at once: WFM_ECANCELLED, no roster */
};

/* Called from the solving thread at each phase change and about four times a
 * second in between (from inside GLPK's search and between simplex slices).
 * Must be quick; p is valid during the call only. */
typedef int (*wfm_roster_progress_fn)(void *cookie, const wfm_roster_progress *p);

typedef struct wfm_roster_opts {
    wfm_roster_target target;  /* default seats */
    double time_limit_s;       /* of the whole solve, default 60 (wall clock; only a
                                  relaxation slower than that and the last evaluation
                                  run past it) */
    double mip_gap;            /* relative gap at which to stop, default 0.005 */
    double daily_answer_rate;  /* daily target, default 0.95 */
    double interval_floor;     /* answer rate every interval must reach, default 0.80 */
    double cost_per_paid_hour; /* default 1 */
    double shortfall_penalty;  /* per seat-hour short (seats) or per call short
                                  (daily); default 20 */
    int night_start_min;       /* a shift ending after this (or starting before
                                  night_end_min) is a night shift; default 22:00 */
    int night_end_min;         /* default 06:00 */
    int verbose;               /* 1: GLPK prints its progress on stdout */
    int simulate_replications; /* discrete-event check of the roster (wfm_roster_simulate);
                                  0 = off; default 10 */
    unsigned long simulate_seed; /* default 1 */
    double simulate_handle_cv; /* > 0: lognormal handle times with this coefficient of
                                  variation; 0 (default): exponential (Erlang's) */
    wfm_roster_progress_fn progress; /* NULL: none (default) */
    void *progress_cookie;     /* handed to progress */
} wfm_roster_opts;

/* Fills opts with the defaults above. */
void wfm_roster_opts_init(wfm_roster_opts *opts);

/* Fills an agent with the defaults: no skills, 0-40 h a week, at most 6
 * consecutive days, 11 h rest, 2 days off a week, available all day every
 * day, no preference. */
void wfm_roster_agent_init(wfm_roster_agent *agent);

/* Index of (queue, day, interval) in the per-interval arrays. */
static inline int wfm_roster_slot(const wfm_roster_input *in, int queue, int day, int interval)
{
    return (queue * in->n_days + day) * in->intervals_per_day + interval;
}

typedef struct wfm_roster_shift {
    int agent;    /* index into the input agents */
    int day;
    int template_index;
    int start_min; /* minutes after the day's midnight */
    int end_min;   /* may exceed 1440 */
    int n_breaks;
    int break_start_min[WFM_ROSTER_MAX_BREAKS]; /* minutes after the day's midnight */
    int break_length_min[WFM_ROSTER_MAX_BREAKS];
    int paid_min;
} wfm_roster_shift;

/* Where the roster falls short: interval >= 0 for one interval (seats short,
 * or answered calls below the floor), interval -1 for a whole day below the
 * daily target. needed/staffed/short_by are seats for the seats target and
 * calls for the daily target. */
typedef struct wfm_roster_shortfall {
    int queue;
    int day;
    int interval;
    double needed;
    double staffed;
    double short_by;
} wfm_roster_shortfall;

typedef struct wfm_roster_result {
    int n_shifts;
    wfm_roster_shift *shifts;       /* sorted by agent, then day */
    double *seats;                  /* [queue][day][interval] seats given to the queue */
    double *answered;               /* [queue][day][interval] predicted answered (daily target) */
    double *day_answer_rate;        /* [queue][day]; -1 when no offered or no curve */
    double *day_occupancy;          /* [queue][day]; -1 when unknown */
    int n_shortfalls;
    wfm_roster_shortfall *shortfalls;
    double paid_hours;
    double objective;        /* of the named roster: cost + penalties */
    double plan_objective;   /* stage-1 incumbent */
    double best_bound;       /* proven lower bound of stage 1 */
    double gap;              /* (objective - best_bound) / objective: the proven gap of the roster */
    double plan_gap;         /* (plan_objective - best_bound) / plan_objective */
    double decomposition_loss; /* (objective - plan_objective) / plan_objective */
    int unstaffed_shifts;    /* planned shifts (type, day, start) the roster does not work:
                                no agent could take them, or the contract repair
                                traded them for longer ones */
    int agents_below_min_hours;
    int time_limit_hit;      /* 1: stage 1 stopped on the time limit */
    int stopped_early;       /* 1: the progress callback asked to stop (WFM_ROSTER_STOP) */
    double solve_seconds;
    /* The roster's seats replayed by the discrete-event simulation
     * (wfm_roster_simulate): per queue and day, per day for all queues and
     * over the horizon, the simulated answer rate with its 95 % interval.
     * sim.days is NULL when the roster was not simulated. */
    wfm_roster_sim_result sim;
} wfm_roster_result;

/* Validates the input, solves, fills out (which the caller releases with
 * wfm_roster_result_free, even on failure). Returns WFM_EINVAL with the field
 * named on bad input, WFM_EINTERNAL when GLPK fails, WFM_ECANCELLED when the
 * progress callback asked to stop before any plan existed (or cancelled). A
 * target that cannot be met is not an error: the roster comes back with its
 * shortfalls listed. */
wfm_status wfm_roster_solve(const wfm_roster_input *in, const wfm_roster_opts *opts,
                            wfm_roster_result *out, wfm_error *err);

/* Checks the input alone (what wfm_roster_solve checks first). */
wfm_status wfm_roster_validate(const wfm_roster_input *in, const wfm_roster_opts *opts,
                               wfm_error *err);

/* Replays the forecast against the roster's seats (models/wfm_roster_sim:
 * Poisson arrivals, handle times with the queue's AHT, exponential or
 * lognormal (opts->simulate_handle_cv),
 * exponential patience; deferred queues count what is answered within their
 * deadline) with opts->simulate_replications and opts->simulate_seed, into
 * r->sim. A roster can be simulated when the input has offered calls and
 * every queue that is offered anything has aht_s > 0 and either patience_s
 * or deadline_s > 0; otherwise r->sim stays empty and WFM_OK is returned.
 * wfm_roster_solve calls this when simulate_replications > 0. Errors:
 * WFM_EINVAL naming the field, WFM_ENOMEM. */
wfm_status wfm_roster_simulate(const wfm_roster_input *in, const wfm_roster_opts *opts,
                               wfm_roster_result *r, wfm_error *err);

/* Frees what wfm_roster_solve allocated and zeroes the struct. */
void wfm_roster_result_free(wfm_roster_result *r);

/* Paid minutes of a template: length minus unpaid breaks. */
int wfm_roster_template_paid_min(const wfm_shift_template *t);

#endif
