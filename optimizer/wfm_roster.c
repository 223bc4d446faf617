/* wfm_roster: the two-stage roster solve (see wfm_roster.h): stage-1 MIP
 * under a time limit with a rounding heuristic and the proven bound tracked,
 * stage-2 named assignment, evaluation and KPIs. */
#include "optimizer/wfm_roster.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "optimizer/wfm_roster_assign.h"
#include "optimizer/wfm_roster_face.h"
#include "optimizer/wfm_roster_interior.h"
#include "optimizer/wfm_roster_match.h"
#include "optimizer/wfm_roster_model.h"

void wfm_roster_opts_init(wfm_roster_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->target = WFM_ROSTER_TARGET_SEATS;
    opts->time_limit_s = 60;
    opts->mip_gap = 0.005;
    opts->daily_answer_rate = 0.95;
    opts->interval_floor = 0.80;
    opts->cost_per_paid_hour = 1;
    opts->shortfall_penalty = 20;
    opts->night_start_min = 22 * 60;
    opts->night_end_min = 6 * 60;
    opts->simulate_replications = 10;
    opts->simulate_seed = 1;
}

void wfm_roster_agent_init(wfm_roster_agent *agent)
{
    memset(agent, 0, sizeof *agent);
    agent->max_week_hours = 40;
    agent->max_consecutive_days = 6;
    agent->min_rest_min = 11 * 60;
    agent->days_off_per_week = 2;
    agent->avail_end_min = 2880;
    agent->preferred_template = -1;
}

int wfm_roster_template_paid_min(const wfm_shift_template *t)
{
    int paid = t->length_min;
    for (int j = 0; j < t->n_breaks; j++)
        if (!t->breaks[j].paid)
            paid -= t->breaks[j].length_min;
    return paid;
}

void wfm_roster_result_free(wfm_roster_result *r)
{
    free(r->shifts);
    free(r->seats);
    free(r->answered);
    free(r->day_answer_rate);
    free(r->day_occupancy);
    free(r->shortfalls);
    wfm_roster_sim_result_free(&r->sim);
    memset(r, 0, sizeof *r);
}

/* ---- stage 1 --------------------------------------------------------------- */

/* Shares of the time limit, counted from the solve's start: branch and
 * bound runs until SEARCH_END; break placement until BREAKS_END; assignment,
 * repair and evaluation take the rest (a few seconds on a week of 350
 * agents, docs/roster.md). The dive hurries past DIVE_HURRY and rounds what
 * is left past DIVE_ROUND of the time left to SEARCH_END once the
 * relaxation is solved (which may take a large share on a slow machine). */
#define DIVE_HURRY 0.4
#define DIVE_ROUND 0.65
#define SEARCH_END 0.6
#define BREAKS_END 0.65
#define MATCH_END 0.88
#define REBREAK_END 0.93

/* The search's memory: the diving heuristic's solution and the best bound. */
typedef struct search {
    wfm_roster_model *m;
    wfm_roster_watch *watch;
    int interior;           /* 1: relaxation by the interior-point method, search boxed */
    double bound;
    double *heuristic;      /* full column vector (1-based), NULL when none */
    double heuristic_obj;
    int heuristic_given;
} search;

static wfm_status cancelled(wfm_error *err, const char *when)
{
    return wfm_error_set(err, WFM_ECANCELLED, NULL, "the roster solve was stopped %s", when);
}

/* Milliseconds from now until share x of the time limit (may be negative). */
static double ms_until(const wfm_roster_watch *w, double share)
{
    return 1000 * (share * w->time_limit_s - wfm_roster_watch_elapsed(w));
}

/* The same for share x of the time from `from` (seconds) to SEARCH_END. */
static double ms_until_after(const wfm_roster_watch *w, double from, double share)
{
    double end = SEARCH_END * w->time_limit_s;
    return 1000 * (from + share * fmax(end - from, 0) - wfm_roster_watch_elapsed(w));
}

/* A dive over the shift counts of a copy of the model's LP, re-solved by
 * the dual simplex from the last basis. */
typedef struct diver {
    glp_prob *lp;
    const int *cols; /* the count columns */
    int n_cols;
    wfm_roster_watch *w;
    glp_smcp parm;
    double start_s;  /* elapsed when the dive began */
} diver;

static double value(const diver *v, int col)
{
    return glp_get_col_prim(v->lp, col);
}

/* One re-solve (presolve on: from scratch on what the presolver leaves).
 * Returns 0 when optimal, 1 when the watcher asked to stop, -1 otherwise. */
static int resolve(diver *v, int presolve)
{
    glp_smcp parm = v->parm;
    parm.presolve = presolve ? GLP_ON : GLP_OFF;
    int rc = wfm_roster_simplex(v->lp, &parm, v->w, WFM_ROSTER_STOP);
    if (rc == GLP_ESTOP)
        return 1;
    return rc || glp_get_status(v->lp) != GLP_OPT ? -1 : 0;
}

/* Diving: fix the columns nearest to a whole number, re-solve the LP,
 * repeat until every one is whole. The LP repairs what each rounding
 * breaks, which plain rounding cannot. Returns how many of the columns were
 * still fractional, -1 when out of memory. */
static int fix_nearest(const diver *v, int hurry, int *rounded_up, int *n_up)
{
    *n_up = 0;
    int n_frac = 0, n_cols = v->n_cols;
    double *dist = malloc(sizeof *dist * (n_cols + 1));
    if (!dist)
        return -1;
    for (int k = 0; k < n_cols; k++) {
        double x = value(v, v->cols[k]), d = fabs(x - floor(x + 0.5));
        dist[k] = glp_get_col_type(v->lp, v->cols[k]) == GLP_FX || d < 1e-6 ? -1 : d;
        n_frac += dist[k] >= 0;
    }
    /* Each round fixes every column within 0.2 of a whole number and at
     * least the closest eighth of the others (half when in a hurry): on
     * the sample week the dive then takes 6-7 s from the interior point's
     * basis, plans of 9,373-9,385 in five runs against 9,359-9,412 fixing a
     * quarter (`wfm roster --phases`). */
    int near = 0;
    for (int k = 0; k < n_cols; k++)
        near += dist[k] >= 0 && dist[k] < 0.2;
    int to_fix = near + (n_frac - near) / (hurry ? 2 : 8);
    to_fix = to_fix > 0 ? to_fix : 1;
    for (int done = 0; done < to_fix && n_frac > 0; done++) {
        int best = -1;
        for (int k = 0; k < n_cols; k++)
            if (dist[k] >= 0 && (best < 0 || dist[k] < dist[best]))
                best = k;
        double x = value(v, v->cols[best]), whole = floor(x + 0.5);
        glp_set_col_bnds(v->lp, v->cols[best], GLP_FX, whole, whole);
        if (whole > x)
            rounded_up[(*n_up)++] = v->cols[best];
        dist[best] = -1;
    }
    free(dist);
    return n_frac;
}

/* Out of time: fix every column that was free (type[k] not GLP_FX) to
 * round(x[k] + up), up = 1 - 1e-6 rounding each fraction up, up = 0 down. */
static void fix_free(const diver *v, const int *type, const double *x, double up)
{
    for (int k = 0; k < v->n_cols; k++) {
        if (type[k] == GLP_FX)
            continue;
        double whole = floor(x[k] + 1e-6 + up);
        glp_set_col_bnds(v->lp, v->cols[k], GLP_FX, whole, whole);
    }
}

/* Rounding up broke a capacity row: round those down instead, which every
 * row allows (shortfall columns absorb it). */
static void round_down(glp_prob *lp, const int *rounded_up, int n_up)
{
    for (int k = 0; k < n_up; k++) {
        double whole = glp_get_col_lb(lp, rounded_up[k]) - 1;
        glp_set_col_bnds(lp, rounded_up[k], GLP_FX, whole, whole);
    }
}

/* Out of time: round the free columns up, which keeps every interval the LP
 * covered covered (a shift costs less than the shortfall it leaves: the
 * re-solve then cleans up the breaks and the queue split). When that
 * breaks a capacity row, round the same values to the nearest whole
 * number, or else down, which every row allows (the shortfall columns
 * absorb the difference). Every count
 * fixed, the presolver leaves a small LP: 20 times faster there than the
 * dual simplex from the old basis, on the benchmark week. rounded_up
 * (n_up) are the counts the last round of the dive rounded up.
 * Returns as resolve() does, the LP then holding the counts whole. */
static int finish_rounding(diver *v, const int *rounded_up, int n_up)
{
    int n_cols = v->n_cols;
    int *type = malloc(sizeof *type * (n_cols + 1));
    double *x = malloc(sizeof *x * (n_cols + 1));
    if (!type || !x) {
        free(type);
        free(x);
        return -1;
    }
    for (int k = 0; k < n_cols; k++) {
        type[k] = glp_get_col_type(v->lp, v->cols[k]);
        x[k] = value(v, v->cols[k]);
    }
    /* Up, else to the nearest whole number, else down. */
    const double up[] = {1 - 1e-6, 0.5, 0};
    int rc = -1;
    for (int k = 0; k < 3 && rc < 0; k++) {
        fix_free(v, type, x, up[k]);
        rc = resolve(v, 1);
    }
    /* Down can fail too when the round before (never re-solved) rounded
     * a count up past a rest or capacity row: those go down as well, and
     * every row allows that (the LP before that round held). Seen on the
     * sample week with 20 % more calls and a 5 s limit: no plan at all. */
    if (rc < 0 && n_up > 0) {
        round_down(v->lp, rounded_up, n_up);
        fix_free(v, type, x, 0);
        rc = resolve(v, 1);
    }
    /* Last resort: no shift at all fits every row (the shortfall and the
     * soft minimums take the rest), so there is always a plan to name
     * agents for, whose shortfalls the roster then lists. */
    for (int k = 0; rc < 0 && k < n_cols; k++)
        glp_set_col_bnds(v->lp, v->cols[k], GLP_FX, 0, 0);
    if (rc < 0)
        rc = resolve(v, 1);
    free(type);
    free(x);
    return rc;
}

/* Dives until the counts are whole; past DIVE_HURRY of its time it fixes
 * twice as many per round, past DIVE_ROUND it rounds the rest
 * (finish_rounding) unless only a few (2 %) are left, which get until
 * SEARCH_END.
 * Returns as resolve() does, the LP then holding the counts whole. */
static int dive(diver *v)
{
    int *rounded_up = malloc(sizeof *rounded_up * (v->n_cols + 1)), n_up = 0, rc = 0;
    if (!rounded_up)
        return -1;
    for (;;) {
        rc = resolve(v, 0);
        if (rc < 0 && n_up > 0) {
            round_down(v->lp, rounded_up, n_up);
            n_up = 0;
            rc = resolve(v, 0);
        }
        if (rc)
            break;
        int n_frac = fix_nearest(v, ms_until_after(v->w, v->start_s, DIVE_HURRY) < 0, rounded_up,
                                 &n_up);
        if (n_frac <= 0) {
            rc = n_frac;
            break;
        }
        /* A few fractional counts left are worth their quick re-solves. */
        int few = n_frac <= v->n_cols / 50;
        if (few ? ms_until(v->w, SEARCH_END) < 0 : ms_until_after(v->w, v->start_s, DIVE_ROUND) < 0) {
            rc = finish_rounding(v, rounded_up, n_up);
            break;
        }
    }
    free(rounded_up);
    return rc;
}

/* The shift-count column of every shift type (malloc'd). */
static int *count_columns(const wfm_roster_model *m)
{
    int *cols = malloc(sizeof *cols * (m->n_types + 1));
    for (int k = 0; cols && k < m->n_types; k++)
        cols[k] = m->types[k].col_count;
    return cols;
}

/* The heuristic handed to the search: a dive over the shift counts.
 * Returns 0 when it found a plan, 1 when stopped, -1 otherwise. */
static int run_dive(search *s)
{
    const wfm_roster_model *m = s->m;
    int n = glp_get_num_cols(m->lp), n_counts = m->n_types;
    s->heuristic = calloc((size_t)n + 1, sizeof *s->heuristic);
    int *counts = count_columns(m);
    s->heuristic_obj = INFINITY;
    if (!s->heuristic || !counts) {
        free(counts);
        return -1;
    }
    diver v = {.lp = glp_create_prob(), .cols = counts, .n_cols = n_counts, .w = s->watch,
               .start_s = wfm_roster_watch_elapsed(s->watch)};
    glp_copy_prob(v.lp, m->lp, GLP_OFF);
    glp_init_smcp(&v.parm);
    v.parm.msg_lev = GLP_MSG_OFF;
    v.parm.meth = GLP_DUALP;
    int rc = dive(&v);
    if (!rc) {
        s->heuristic_obj = glp_get_obj_val(v.lp);
        for (int j = 1; j <= n; j++)
            s->heuristic[j] = value(&v, j);
        for (int k = 0; k < n_counts; k++) /* exactly whole for glp_ios_heur_sol */
            s->heuristic[counts[k]] = floor(s->heuristic[counts[k]] + 0.5);
        wfm_roster_watch_incumbent(s->watch, s->heuristic_obj);
    }
    glp_delete_prob(v.lp);
    free(counts);
    return rc;
}

/* GLPK's search callback for the break placement: only listens for stops. */
static void on_breaks_tree(glp_tree *tree, void *info)
{
    if (wfm_roster_watch_poll(info) >= WFM_ROSTER_STOP)
        glp_ios_terminate(tree);
}

/* Once the counts are whole: whole breaks at each offset. With the counts
 * fixed, GLPK's presolver leaves a small, nearly integral MIP over the break
 * columns. plan is updated in place; without a solution (or time) the
 * breaks are rounded as they are. */
static void place_breaks(const wfm_roster_model *m, double *plan, double time_limit_ms)
{
    int found = 0;
    glp_prob *lp = NULL;
    if (time_limit_ms >= 100 && !m->watch->stop) {
        lp = glp_create_prob();
        glp_copy_prob(lp, m->lp, GLP_OFF);
        for (int k = 0; k < m->n_types; k++) {
            const wfm_roster_shift_type *st = &m->types[k];
            double v = floor(plan[st->col_count] + 0.5);
            glp_set_col_bnds(lp, st->col_count, GLP_FX, v, v);
            for (int j = 0; j < m->in->templates[st->template_index].n_breaks; j++)
                for (int o = 0; o < st->n_offsets[j]; o++)
                    glp_set_col_kind(lp, st->col_break[j] + o, GLP_IV);
        }
        glp_iocp parm;
        glp_init_iocp(&parm);
        parm.msg_lev = GLP_MSG_OFF;
        parm.presolve = GLP_ON;
        parm.tm_lim = (int)time_limit_ms;
        parm.mip_gap = m->opts.mip_gap;
        parm.cb_func = on_breaks_tree;
        parm.cb_info = m->watch;
        glp_intopt(lp, &parm);
        found = glp_mip_status(lp) == GLP_OPT || glp_mip_status(lp) == GLP_FEAS;
    }
    for (int j = 1; j <= m->n_plan_cols; j++)
        plan[j] = floor((found ? glp_mip_col_val(lp, j) : plan[j]) + 0.5);
    if (lp)
        glp_delete_prob(lp);
}

static void on_tree(glp_tree *tree, void *info)
{
    search *s = info;
    int reason = glp_ios_reason(tree);
    if (reason == GLP_IHEUR && !s->heuristic_given && isfinite(s->heuristic_obj)) {
        s->heuristic_given = 1;
        glp_ios_heur_sol(tree, s->heuristic);
    }
    int best = glp_ios_best_node(tree);
    if (best && !s->interior) { /* in the box (box_counts) a node's bound is not global */
        double bound = glp_ios_node_bound(tree, best);
        if (bound > s->bound)
            s->bound = bound;
        wfm_roster_watch_bound(s->watch, s->bound);
    }
    glp_prob *mip = glp_ios_get_prob(tree);
    if (glp_mip_status(mip) == GLP_FEAS)
        wfm_roster_watch_incumbent(s->watch, glp_mip_obj_val(mip));
    if (wfm_roster_watch_poll(s->watch) >= WFM_ROSTER_STOP)
        glp_ios_terminate(tree);
}


/* Interior-point values within this of a whole number count as whole
 * when the search is boxed around them. */
#define BOX_TOLERANCE 0.05

/* Bounds each shift count to the whole numbers next to its value x (1-based
 * by column) in the interior-point solution: the box holds that optimum, so
 * the simplex inside it ends at the same objective, and at a vertex with
 * few fractional counts (33 of 1,276 on the benchmark week). */
static void box_counts(const wfm_roster_model *m, const double *x)
{
    for (int k = 0; k < m->n_types; k++) {
        int col = m->types[k].col_count;
        double lo = floor(x[col] + BOX_TOLERANCE), hi = fmax(lo, ceil(x[col] - BOX_TOLERANCE));
        glp_set_col_bnds(m->lp, col, hi > lo ? GLP_DB : GLP_FX, lo, hi);
    }
}

/* The daily target's relaxation, and the seat target's when it is large.
 * On the benchmark week (11,191 rows, 43,111 columns) GLPK's primal
 * simplex from a crash basis takes 57 s of CPU, its interior-point method
 * 4.7 s: that gives the bound. The interior point is no vertex (all 1,276
 * counts fractional), and GLPK has no crossover, so the simplex then
 * solves the LP with the counts boxed around it (box_counts) and the
 * columns off the optimal face held at their bounds (wfm_roster_face.h):
 * the basis the dive and the branch and bound start from. Their search stays in the
 * box, so its bounds are not global: the proven gap is against the
 * interior-point bound. The interior-point method runs on a thread of its
 * own (wfm_roster_interior), so a stop or a cancel does not wait for it. */
static wfm_status solve_relaxation_interior(search *s, wfm_roster_held *held, wfm_error *err)
{
    glp_iptcp parm;
    glp_init_iptcp(&parm);
    parm.msg_lev = s->m->opts.verbose ? GLP_MSG_ON : GLP_MSG_ERR;
    size_t n = (size_t)glp_get_num_cols(s->m->lp) + 1;
    double *x = malloc(sizeof *x * n), *d = malloc(sizeof *d * n), obj = 0;
    int rc = x && d ? wfm_roster_interior(s->m->lp, &parm, s->watch, WFM_ROSTER_STOP, x, d, &obj)
                    : -2;
    if (rc == 0) {
        box_counts(s->m, x);
        if (wfm_roster_hold_face(s->m->lp, x, d, held))
            rc = -2;
    }
    free(x);
    free(d);
    if (rc == -2)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory in the LP relaxation");
    if (rc > 0)
        return cancelled(err, "while solving the LP relaxation, before any plan existed");
    if (rc < 0) {
        /* GLPK gave up, e.g. "numeric instability" one step short of its
         * tolerance (the sample week with 20 % more calls): the simplex,
         * slower, solves it instead, its bound exact. */
        s->interior = 0;
        return WFM_OK;
    }
    /* Its optimum holds to GLPK's default tolerance (1e-8 relative): a
     * hair lower is a bound. */
    s->bound = obj - 1e-6 * fabs(obj);
    wfm_roster_watch_bound(s->watch, s->bound);
    return WFM_OK;
}

/* The simplex to the relaxation's optimal basis, the held columns let go
 * again once it is there. */
static wfm_status solve_relaxation_simplex(search *s, wfm_roster_held *held, wfm_error *err)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = s->m->opts.verbose ? GLP_MSG_ON : GLP_MSG_ERR;
    /* No presolve (glp_intopt needs the optimal basis, and the presolver
     * cannot resume a slice), but a crash basis: on the benchmark week it
     * halves the simplex's time, to what the presolver gets. */
    int was = glp_term_out(GLP_OFF); /* it reports on stdout otherwise */
    if (held->n)
        glp_cpx_basis(s->m->lp);
    else
        glp_adv_basis(s->m->lp, 0);
    glp_term_out(was);
    int rc = wfm_roster_simplex(s->m->lp, &parm, s->watch, WFM_ROSTER_STOP);
    if (held->n) {
        wfm_roster_release_face(s->m->lp, held);
        if (rc == 0)
            rc = wfm_roster_simplex(s->m->lp, &parm, s->watch, WFM_ROSTER_STOP);
    }
    if (rc == GLP_ESTOP)
        return cancelled(err, "while solving the LP relaxation, before any plan existed");
    if (rc || glp_get_status(s->m->lp) != GLP_OPT)
        return wfm_error_set(err, WFM_EINTERNAL, NULL,
                             "GLPK could not solve the shift plan's LP relaxation (status %d)",
                             glp_get_status(s->m->lp));
    return WFM_OK;
}

static wfm_status solve_relaxation(search *s, wfm_error *err)
{
    wfm_roster_held held = {0};
    wfm_status st = s->interior ? solve_relaxation_interior(s, &held, err) : WFM_OK;
    if (st == WFM_OK)
        st = solve_relaxation_simplex(s, &held, err);
    wfm_roster_release_face(s->m->lp, &held);
    if (st == WFM_OK && !s->interior) {
        s->bound = glp_get_obj_val(s->m->lp);
        wfm_roster_watch_bound(s->watch, s->bound);
    }
    return st;
}

/* Branch and bound from the dive's plan until SEARCH_END of the time limit;
 * fills plan and the figures from the best plan it knows. Not after a
 * dive from the interior point: confined to the box, on a model that size,
 * GLPK's search did not better the dive's plan on the sample week in seven
 * runs of `wfm roster --phases` (8-19 s each), time the assignment of
 * named agents puts to better use. */
static wfm_status search_plan(search *s, double *plan, wfm_roster_result *out, wfm_error *err)
{
    wfm_roster_model *m = s->m;
    int rc = GLP_ETMLIM;
    double left_ms = ms_until(s->watch, SEARCH_END);
    int branch = !(s->interior && isfinite(s->heuristic_obj));
    if (!branch)
        rc = 0;
    else if (left_ms >= 100 && !wfm_roster_watch_phase(s->watch, "mip")) {
        glp_iocp parm;
        glp_init_iocp(&parm);
        parm.msg_lev = m->opts.verbose ? GLP_MSG_ON : GLP_MSG_ERR;
        parm.tm_lim = (int)left_ms;
        parm.mip_gap = m->opts.mip_gap;
        parm.cb_func = on_tree;
        parm.cb_info = s;
        rc = glp_intopt(m->lp, &parm);
    }
    if (s->watch->stop == WFM_ROSTER_CANCEL)
        return cancelled(err, "during the branch and bound");
    /* Without the search, the limit was hit when the dive ran past the
     * search's share (it then rounded what was left). */
    out->time_limit_hit = branch ? rc == GLP_ETMLIM : left_ms < 0;
    int status = !branch || (rc == GLP_ETMLIM && left_ms < 100) ? GLP_UNDEF
                                                                : glp_mip_status(m->lp);
    if (status == GLP_OPT || status == GLP_FEAS) {
        out->plan_objective = glp_mip_obj_val(m->lp);
        for (int j = 1; j <= m->n_plan_cols; j++)
            plan[j] = glp_mip_col_val(m->lp, j);
        if (rc == 0 && status == GLP_OPT && !s->interior) /* stops only within mip_gap */
            s->bound = fmax(s->bound, out->plan_objective - m->opts.mip_gap * fabs(out->plan_objective));
    } else if (isfinite(s->heuristic_obj)) {
        out->plan_objective = s->heuristic_obj;
        memcpy(plan, s->heuristic, sizeof *plan * (m->n_plan_cols + 1));
    } else {
        return wfm_error_set(err, WFM_EINTERNAL, NULL,
                             "no shift plan found within the time limit (GLPK code %d)", rc);
    }
    return WFM_OK;
}

/* Stage 1: fills plan (integer column values, 1-based) and the figures. */
static wfm_status solve_plan(search *s, double *plan, wfm_roster_result *out, wfm_error *err)
{
    wfm_roster_model *m = s->m;
    if (wfm_roster_watch_phase(s->watch, "lp"))
        return cancelled(err, "before it began");
    wfm_status st = solve_relaxation(s, err);
    if (st)
        return st;
    /* The dive is worth more than GLPK's branching on a model this size:
     * it gets most of the time; the search gets the rest. */
    if (wfm_roster_watch_phase(s->watch, "dive"))
        return cancelled(err, "before the first plan");
    int rc = run_dive(s);
    if (rc > 0)
        return cancelled(err, "before the first plan was complete");
    if (rc < 0 && !s->heuristic)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory in the shift plan");
    st = search_plan(s, plan, out, err);
    if (st)
        return st;
    out->best_bound = fmin(s->bound, out->plan_objective);
    out->plan_gap = (out->plan_objective - out->best_bound) / fmax(fabs(out->plan_objective), 1e-9);
    if (wfm_roster_watch_phase(s->watch, "breaks") == WFM_ROSTER_CANCEL)
        return cancelled(err, "while placing breaks");
    place_breaks(m, plan, ms_until(s->watch, BREAKS_END));
    return s->watch->stop == WFM_ROSTER_CANCEL ? cancelled(err, "while placing breaks") : WFM_OK;
}

/* ---- results --------------------------------------------------------------- */

static double curve_answered(const wfm_roster_input *in, int slot, double seats)
{
    if (!in->answered)
        return 0;
    const double *c = in->answered + (size_t)slot * (in->curve_max_seats + 1);
    if (seats >= in->curve_max_seats)
        return c[in->curve_max_seats];
    int low = (int)floor(seats);
    return c[low] + (seats - low) * (c[low + 1] - c[low]);
}

static double col_value(const glp_prob *lp, int col)
{
    return col ? glp_get_col_prim((glp_prob *)lp, col) : 0;
}

static int add_shortfall(wfm_roster_result *r, wfm_roster_shortfall s)
{
    wfm_roster_shortfall *grown = realloc(r->shortfalls, sizeof *grown * (r->n_shortfalls + 1));
    if (!grown)
        return -1;
    r->shortfalls = grown;
    r->shortfalls[r->n_shortfalls++] = s;
    return 0;
}

static int fill_coverage(const wfm_roster_model *m, wfm_roster_result *r)
{
    const wfm_roster_input *in = m->in;
    for (int q = 0; q < in->n_queues; q++)
        for (int d = 0; d < in->n_days; d++)
            for (int i = 0; i < in->intervals_per_day; i++) {
                int slot = wfm_roster_slot(in, q, d, i);
                double seats = 0;
                for (int g = 0; g < m->n_groups; g++)
                    seats += col_value(m->lp, m->col_seats[wfm_roster_model_seat_index(m, g, q, d, i)]);
                /* The simplex leaves round-off (-1e-16) on columns at zero. */
                seats = fmax(0, seats);
                r->seats[slot] = seats;
                r->answered[slot] = curve_answered(in, slot, seats);
                double short_by = col_value(m->lp, m->col_short[slot]);
                if (short_by < 1e-6)
                    continue;
                double needed = m->opts.target == WFM_ROSTER_TARGET_SEATS
                                    ? in->required[slot]
                                    : m->opts.interval_floor * in->offered[slot];
                double staffed = m->opts.target == WFM_ROSTER_TARGET_SEATS ? seats : r->answered[slot];
                if (add_shortfall(r, (wfm_roster_shortfall){q, d, i, needed, staffed, short_by}))
                    return -1;
            }
    return 0;
}

static int fill_days(const wfm_roster_model *m, wfm_roster_result *r)
{
    const wfm_roster_input *in = m->in;
    double interval_s = m->interval_min * 60.0;
    for (int q = 0; q < in->n_queues; q++)
        for (int d = 0; d < in->n_days; d++) {
            double offered = 0, answered = 0, seat_s = 0;
            for (int i = 0; i < in->intervals_per_day; i++) {
                int slot = wfm_roster_slot(in, q, d, i);
                offered += in->offered ? in->offered[slot] : 0;
                answered += r->answered[slot];
                seat_s += r->seats[slot] * interval_s;
            }
            int qd = q * in->n_days + d;
            int known = in->offered && in->answered && offered > 1e-9;
            r->day_answer_rate[qd] = known ? answered / offered : -1;
            r->day_occupancy[qd] = known && seat_s > 0 && in->queues[q].aht_s > 0
                                       ? answered * in->queues[q].aht_s / seat_s
                                       : -1;
            double short_by = col_value(m->lp, m->col_day_short[qd]);
            if (short_by > 1e-6 &&
                add_shortfall(r, (wfm_roster_shortfall){q, d, -1, m->opts.daily_answer_rate * offered,
                                                        answered, short_by}))
                return -1;
        }
    return 0;
}

/* Agents below their contract minimum in some 7-day block (the last one
 * may be shorter, its minimum prorated as the plan's). */
static void count_below_min(const wfm_roster_model *m, wfm_roster_result *r)
{
    const wfm_roster_input *in = m->in;
    for (int a = 0; a < in->n_agents; a++) {
        int below = 0;
        for (int from = 0; from < in->n_days; from += 7) {
            int to = from + 7 < in->n_days ? from + 7 : in->n_days;
            double hours = 0;
            for (int k = 0; k < r->n_shifts; k++)
                if (r->shifts[k].agent == a && r->shifts[k].day >= from && r->shifts[k].day < to)
                    hours += r->shifts[k].paid_min / 60.0;
            below |= hours + 1e-6 < wfm_roster_agent_min_hours(&in->agents[a], from, to);
        }
        r->agents_below_min_hours += below;
    }
}

static wfm_status fill_result(const wfm_roster_model *m, wfm_roster_result *r, wfm_error *err)
{
    const wfm_roster_input *in = m->in;
    size_t slots = (size_t)in->n_queues * in->n_days * in->intervals_per_day;
    r->seats = calloc(slots, sizeof *r->seats);
    r->answered = calloc(slots, sizeof *r->answered);
    r->day_answer_rate = calloc((size_t)in->n_queues * in->n_days, sizeof(double));
    r->day_occupancy = calloc((size_t)in->n_queues * in->n_days, sizeof(double));
    if (!r->seats || !r->answered || !r->day_answer_rate || !r->day_occupancy ||
        fill_coverage(m, r) || fill_days(m, r))
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory filling the roster result");
    for (int k = 0; k < r->n_shifts; k++)
        r->paid_hours += r->shifts[k].paid_min / 60.0;
    count_below_min(m, r);
    return WFM_OK;
}

/* The shifts of rest (n_rest) whose agents are outside group g, then those
 * of with (n_with) whose agents are in it, into to; returns the count. */
static int splice_group(const int *group_of, int g, const wfm_roster_shift *rest, int n_rest,
                        const wfm_roster_shift *with, int n_with, wfm_roster_shift *to)
{
    int n = 0;
    for (int k = 0; k < n_rest; k++)
        if (group_of[rest[k].agent] != g)
            to[n++] = rest[k];
    for (int k = 0; k < n_with; k++)
        if (group_of[with[k].agent] == g)
            to[n++] = with[k];
    return n;
}

/* The per-group assignment MIP (wfm_roster_match) against the greedy
 * pass's roster in out, group by group: a group's MIP shifts replace its
 * greedy ones when the stage-1 model values the roster more for it (the
 * MIP's own objective only approximates the coverage the roster buys).
 * *best receives the model's value of the roster kept. */
static wfm_status try_match(wfm_roster_model *m, const double *plan, wfm_roster_result *out,
                            double *best, wfm_error *err)
{
    wfm_status st = wfm_roster_evaluate(m, out->shifts, out->n_shifts, best, err);
    double left_s = ms_until(m->watch, MATCH_END) / 1000;
    if (!st)
        out->unstaffed_shifts = wfm_roster_unstaffed(m, plan, out->shifts, out->n_shifts);
    if (st || left_s < 0.2)
        return st;
    wfm_roster_shift *mip = NULL, *cand = NULL;
    int n_mip = 0, unstaffed = 0, solved = 0;
    st = wfm_roster_match(m, plan, out->shifts, out->n_shifts, left_s, &mip, &n_mip, &unstaffed,
                          &solved, err);
    if (st == WFM_EINTERNAL) /* GLPK failed on the match: the greedy roster stands */
        return WFM_OK;
    /* A splice holds the roster's shifts outside one group (at most every
     * group's larger side: greedy's or the MIP's) and that group's MIP
     * shifts. */
    cand = malloc(sizeof *cand * ((size_t)out->n_shifts + 2 * (size_t)n_mip + 1));
    if (!st && !cand)
        st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory matching agents to shifts");
    for (int g = 0; !st && g < m->n_groups && ms_until(m->watch, REBREAK_END) > 0; g++) {
        int n = splice_group(m->agent_group, g, out->shifts, out->n_shifts, mip, n_mip, cand);
        qsort(cand, (size_t)n, sizeof *cand, wfm_roster_shift_order);
        if (n == out->n_shifts && !memcmp(cand, out->shifts, sizeof *cand * n))
            continue; /* the MIP kept the group's greedy shifts */
        double obj;
        st = wfm_roster_evaluate(m, cand, n, &obj, err);
        if (st || obj >= *best - 1e-9)
            continue;
        wfm_roster_shift *grown = realloc(out->shifts, sizeof *grown * ((size_t)n + 1));
        if (!grown) {
            st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory matching agents to shifts");
            break;
        }
        memcpy(grown, cand, sizeof *grown * n);
        out->shifts = grown;
        out->n_shifts = n;
        *best = obj;
    }
    if (!st)
        out->unstaffed_shifts = wfm_roster_unstaffed(m, plan, out->shifts, out->n_shifts);
    free(cand);
    free(mip);
    return st == WFM_EINTERNAL ? WFM_OK : st;
}

/* Breaks placed anew for the named roster's shifts (the assignment moved
 * and added shifts, their breaks placed for another plan): the break MIP
 * with the roster's counts fixed, kept when the model values it more than
 * the roster as it is (`before`). */
static wfm_status rebreak(wfm_roster_model *m, wfm_roster_result *out, double before,
                         wfm_error *err)
{
    double left_ms = ms_until(m->watch, REBREAK_END);
    if (left_ms < 100)
        return WFM_OK;
    wfm_status st;
    double *count = malloc(sizeof *count * ((size_t)m->n_plan_cols + 1));
    wfm_roster_shift *moved = malloc(sizeof *moved * ((size_t)out->n_shifts + 1));
    if (!count || !moved) {
        free(count);
        free(moved);
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory placing breaks");
    }
    double after = INFINITY;
    st = wfm_roster_counts(m, out->shifts, out->n_shifts, count, err);
    if (!st) {
        place_breaks(m, count, left_ms);
        memcpy(moved, out->shifts, sizeof *moved * out->n_shifts);
        wfm_roster_set_breaks(m, moved, out->n_shifts, count);
        st = wfm_roster_evaluate(m, moved, out->n_shifts, &after, err);
    }
    if (!st && after < before - 1e-9)
        memcpy(out->shifts, moved, sizeof *moved * out->n_shifts);
    free(count);
    free(moved);
    return st;
}

static wfm_status solve_stages(wfm_roster_model *m, wfm_roster_result *out, wfm_error *err)
{
    search s = {.m = m, .watch = m->watch,
                .interior = wfm_roster_model_interior(m)};
    double *plan = calloc((size_t)m->n_plan_cols + 1, sizeof *plan);
    if (!plan)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory in the shift plan");
    wfm_status st = solve_plan(&s, plan, out, err);
    free(s.heuristic);
    if (!st && wfm_roster_watch_phase(m->watch, "assign") == WFM_ROSTER_CANCEL)
        st = cancelled(err, "before the named assignment");
    if (!st)
        st = wfm_roster_assign(m, plan, &out->shifts, &out->n_shifts, &out->unstaffed_shifts, err);
    double objective;
    if (!st)
        st = try_match(m, plan, out, &objective, err);
    if (!st)
        st = rebreak(m, out, objective, err);
    free(plan);
    if (!st && wfm_roster_watch_phase(m->watch, "evaluate") == WFM_ROSTER_CANCEL)
        st = cancelled(err, "before the roster's evaluation");
    if (!st)
        st = wfm_roster_evaluate(m, out->shifts, out->n_shifts, &out->objective, err);
    if (!st)
        st = fill_result(m, out, err);
    if (st)
        return st;
    out->stopped_early = m->watch->stop == WFM_ROSTER_STOP;
    out->gap = (out->objective - out->best_bound) / fmax(fabs(out->objective), 1e-9);
    out->decomposition_loss =
        (out->objective - out->plan_objective) / fmax(fabs(out->plan_objective), 1e-9);
    return WFM_OK;
}

wfm_status wfm_roster_solve(const wfm_roster_input *in, const wfm_roster_opts *opts,
                            wfm_roster_result *out, wfm_error *err)
{
    memset(out, 0, sizeof *out);
    wfm_status st = wfm_roster_validate(in, opts, err);
    if (st)
        return st;
    wfm_roster_watch watch;
    wfm_roster_watch_init(&watch, opts);
    wfm_roster_model m;
    st = wfm_roster_model_build(in, opts, &m, err);
    if (st)
        return st;
    m.watch = &watch;
    st = solve_stages(&m, out, err);
    wfm_roster_model_free(&m);
    if (st == WFM_OK && opts->simulate_replications > 0)
        st = wfm_roster_simulate(in, opts, out, err);
    if (st) /* a roster half built is no roster */
        wfm_roster_result_free(out);
    out->solve_seconds = wfm_roster_watch_elapsed(&watch);
    return st;
}
