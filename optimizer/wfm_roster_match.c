/* wfm_roster_match: one assignment MIP per agent group (see
 * wfm_roster_match.h). */
#include "optimizer/wfm_roster_match.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "optimizer/wfm_roster_assign.h"

/* Objective weights, in units of the paid-hour cost. */
#define UNSTAFFED_TIMES_COST 3.0 /* a planned shift nobody works */
#define EXTRA_AT_LEAST 0.05      /* an extra shift, per paid hour, however much it is worth */
#define CONTRACT_SLACK 100.0     /* an hour below a contract minimum */
#define UNFAIR 0.5               /* a weekend or night shift over the fair share */
#define PREFERRED_BONUS 0.05     /* a shift on the agent's preferred template */

/* One group's problem while it is built and read. */
typedef struct group_mip {
    wfm_roster_model *m;
    const double *plan;
    const double *price; /* [group][day*I+i] */
    int g;
    int n_types;     /* planned types of the group */
    int *types;      /* model type indices */
    int *x;          /* [member][type]: column, 0 when the agent may not work it */
    int *u;          /* [type]: unstaffed column */
    glp_prob *lp;
    const wfm_roster_shift *fallback; /* the greedy roster: the search's first incumbent */
    int n_fallback;
    double *start;   /* that roster as a full column vector (1-based), NULL when none */
    double start_obj;
} group_mip;

static double cost_of(const wfm_roster_model *m, int type)
{
    return m->opts.cost_per_paid_hour * wfm_roster_type_paid_hours(m, &m->types[type]);
}

/* A column: binary (kind GLP_BV), or continuous in [0, ub] (ub < 0: no
 * upper bound). */
static int add_col(glp_prob *lp, int kind, double ub, double cost)
{
    int c = glp_add_cols(lp, 1);
    if (kind == GLP_BV)
        glp_set_col_kind(lp, c, GLP_BV);
    else if (ub < 0)
        glp_set_col_bnds(lp, c, GLP_LO, 0, 0);
    else
        glp_set_col_bnds(lp, c, ub > 0 ? GLP_DB : GLP_FX, 0, ub);
    glp_set_obj_coef(lp, c, cost);
    return c;
}

/* A row over the non-zero columns of cols[0..n) (coefficients coef[k], or
 * 1 when coef is NULL); none when fewer than min_cols are non-zero. The
 * arrays are left as they are. Returns -1 out of memory. */
static int add_row(glp_prob *lp, int type, double lb, double ub, int n, const int *cols,
                   const double *coef, int min_cols)
{
    int *ind = malloc(sizeof *ind * ((size_t)n + 1));
    double *val = malloc(sizeof *val * ((size_t)n + 1));
    if (!ind || !val) {
        free(ind);
        free(val);
        return -1;
    }
    int kept = 0;
    for (int k = 0; k < n; k++)
        if (cols[k]) {
            kept++;
            ind[kept] = cols[k]; /* GLPK's arrays are 1-based */
            val[kept] = coef ? coef[k] : 1.0;
        }
    if (kept >= min_cols) {
        int r = glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, r, type, lb, ub);
        glp_set_mat_row(lp, r, kept, ind, val);
    }
    free(ind);
    free(val);
    return 0;
}

static int is_weekend(const wfm_roster_model *m, int day)
{
    return (m->in->first_weekday + day) % 7 >= 5;
}

/* Whether the agent may work the type on its own (time off, availability,
 * a shift longer than the week's maximum). */
static int may_work(const wfm_roster_model *m, int agent, int type)
{
    const wfm_roster_agent *a = &m->in->agents[agent];
    const wfm_roster_shift_type *st = &m->types[type];
    const wfm_shift_template *t = &m->in->templates[st->template_index];
    return !a->time_off[st->day] && st->start_min >= a->avail_start_min &&
           st->start_min + t->length_min <= a->avail_end_min &&
           wfm_roster_type_paid_hours(m, st) <= a->max_week_hours + 1e-9;
}

/* The columns: x for each legal (member, type), u and e for each type, the
 * cover rows tying them to the plan. */
static void add_assignment(group_mip *p, int *cols, double *coef)
{
    wfm_roster_model *m = p->m;
    const wfm_roster_group *gr = &m->groups[p->g];
    for (int k = 0; k < p->n_types; k++) {
        int type = p->types[k];
        const wfm_roster_shift_type *st = &m->types[type];
        double cost = cost_of(m, type);
        wfm_roster_shift sh = wfm_roster_make_shift(m, type, NULL, gr->members[0]);
        double worth = wfm_roster_shift_worth(m, p->price, p->g, &sh); /* value - cost */
        double extra = fmax(EXTRA_AT_LEAST * cost, -worth);
        int n = 0;
        for (int a = 0; a < gr->n_members; a++) {
            int agent = gr->members[a];
            int col = 0;
            if (may_work(m, agent, type)) {
                double bonus = m->in->agents[agent].preferred_template == st->template_index
                                   ? PREFERRED_BONUS * cost : 0;
                col = add_col(p->lp, GLP_BV, 1, -bonus);
            }
            p->x[a * p->n_types + k] = col;
            cols[n++] = col;
        }
        double count = floor(p->plan[st->col_count] + 0.5);
        p->u[k] = add_col(p->lp, GLP_CV, count, UNSTAFFED_TIMES_COST * cost);
        /* An extra shift is worth what the prices say for the first few
         * (a quarter of the planned count, at least one); past those the
         * prices no longer hold and it costs its pay. */
        int e_first = add_col(p->lp, GLP_CV, 1 + floor(count / 4), extra);
        int e_more = add_col(p->lp, GLP_CV, -1, cost);
        for (int a = 0; a < n; a++)
            coef[a] = 1.0;
        cols[n] = p->u[k];
        coef[n++] = 1.0;
        cols[n] = e_first;
        coef[n++] = -1.0;
        cols[n] = e_more;
        coef[n++] = -1.0;
        add_row(p->lp, GLP_FX, count, count, n, cols, coef, 1);
    }
}

/* Per member: one shift a day, days and hours per 7-day block, contract
 * minimums, consecutive days. cols and coef hold n_types + 1 entries. */
static void add_member_rules(group_mip *p, int a, int *cols, double *coef)
{
    wfm_roster_model *m = p->m;
    const wfm_roster_agent *ag = &m->in->agents[m->groups[p->g].members[a]];
    int n_days = m->in->n_days;
    const int *x = p->x + (size_t)a * p->n_types;
    for (int d = 0; d < n_days; d++) {
        int n = 0;
        for (int k = 0; k < p->n_types; k++)
            if (m->types[p->types[k]].day == d)
                cols[n++] = x[k];
        add_row(p->lp, GLP_UP, 0, 1, n, cols, NULL, 2);
    }
    for (int from = 0; from < n_days; from += 7) {
        int to = from + 7 < n_days ? from + 7 : n_days, n = 0;
        for (int k = 0; k < p->n_types; k++) {
            int day = m->types[p->types[k]].day;
            if (day >= from && day < to) {
                cols[n] = x[k];
                coef[n++] = wfm_roster_type_paid_hours(m, &m->types[p->types[k]]);
            }
        }
        add_row(p->lp, GLP_UP, 0, 7 - ag->days_off_per_week, n, cols, NULL, 1);
        add_row(p->lp, GLP_UP, 0, ag->max_week_hours, n, cols, coef, 1);
        double min_h = wfm_roster_agent_min_hours(ag, from, to);
        if (min_h > 0) {
            cols[n] = add_col(p->lp, GLP_CV, -1, CONTRACT_SLACK * m->opts.cost_per_paid_hour);
            coef[n++] = 1.0;
            add_row(p->lp, GLP_LO, min_h, 0, n, cols, coef, 1);
        }
    }
    int window = ag->max_consecutive_days + 1;
    for (int from = 0; from + window <= n_days; from++) {
        int n = 0;
        for (int k = 0; k < p->n_types; k++) {
            int day = m->types[p->types[k]].day;
            if (day >= from && day < from + window)
                cols[n++] = x[k];
        }
        add_row(p->lp, GLP_UP, 0, ag->max_consecutive_days, n, cols, NULL, 2);
    }
}

/* Per member: for each type and each of the next two days, the type and
 * that day's types starting within min_rest_min of its end form a clique. */
static void add_rest(group_mip *p, int a, int *cols)
{
    wfm_roster_model *m = p->m;
    const wfm_roster_agent *ag = &m->in->agents[m->groups[p->g].members[a]];
    const int *x = p->x + (size_t)a * p->n_types;
    for (int k = 0; k < p->n_types; k++) {
        const wfm_roster_shift_type *st = &m->types[p->types[k]];
        if (!x[k])
            continue;
        int end = st->day * 1440 + st->start_min + m->in->templates[st->template_index].length_min;
        for (int next = st->day + 1; next <= st->day + 2; next++) {
            int n = 0;
            cols[n++] = x[k];
            for (int j = 0; j < p->n_types; j++) {
                const wfm_roster_shift_type *o = &m->types[p->types[j]];
                if (o->day == next && next * 1440 + o->start_min - end < ag->min_rest_min)
                    cols[n++] = x[j];
            }
            add_row(p->lp, GLP_UP, 0, 1, n, cols, NULL, 2);
        }
    }
}

/* Weekend and night shifts over the group's fair share (the planned ones
 * spread evenly, rounded up) are priced. */
static void add_fairness(group_mip *p, int *cols, double *coef)
{
    wfm_roster_model *m = p->m;
    const wfm_roster_group *gr = &m->groups[p->g];
    for (int kind = 0; kind < 2; kind++) {
        double planned = 0;
        char *in_kind = calloc((size_t)p->n_types + 1, 1);
        if (!in_kind)
            return;
        for (int k = 0; k < p->n_types; k++) {
            int type = p->types[k];
            wfm_roster_shift sh = wfm_roster_make_shift(m, type, NULL, gr->members[0]);
            in_kind[k] = kind == 0 ? is_weekend(m, m->types[type].day)
                                   : wfm_roster_is_night(&m->opts, &sh);
            if (in_kind[k])
                planned += floor(p->plan[m->types[type].col_count] + 0.5);
        }
        double share = ceil(planned / gr->n_members - 1e-9);
        for (int a = 0; planned > 0 && a < gr->n_members; a++) {
            int n = 0;
            for (int k = 0; k < p->n_types; k++)
                if (in_kind[k] && p->x[a * p->n_types + k]) {
                    cols[n] = p->x[a * p->n_types + k];
                    coef[n++] = 1.0;
                }
            if (n <= share)
                continue;
            cols[n] = add_col(p->lp, GLP_CV, -1, UNFAIR * m->opts.cost_per_paid_hour);
            coef[n++] = -1.0;
            add_row(p->lp, GLP_UP, 0, share, n, cols, coef, 2);
        }
        free(in_kind);
    }
}

/* The local index of the group's type the shift is of, -1 when none. */
static int local_type(const group_mip *p, const wfm_roster_shift *s)
{
    for (int k = 0; k < p->n_types; k++) {
        const wfm_roster_shift_type *st = &p->m->types[p->types[k]];
        if (st->day == s->day && st->start_min == s->start_min &&
            st->template_index == s->template_index)
            return k;
    }
    return -1;
}

static int member_index(const wfm_roster_group *gr, int agent)
{
    for (int a = 0; a < gr->n_members; a++)
        if (gr->members[a] == agent)
            return a;
    return -1;
}

/* The greedy roster's shifts of the group as a column vector: the x columns
 * fixed to it, the LP gives the rest (unstaffed, extra, slacks). */
static void warm_start(group_mip *p)
{
    const wfm_roster_group *gr = &p->m->groups[p->g];
    glp_prob *lp = glp_create_prob();
    glp_copy_prob(lp, p->lp, GLP_OFF);
    for (int k = 0; k < gr->n_members * p->n_types; k++)
        if (p->x[k])
            glp_set_col_bnds(lp, p->x[k], GLP_FX, 0, 0);
    for (int s = 0; s < p->n_fallback; s++) {
        int a = member_index(gr, p->fallback[s].agent), k = a < 0 ? -1 : local_type(p, &p->fallback[s]);
        int col = k < 0 ? 0 : p->x[a * p->n_types + k];
        if (a >= 0 && !col)
            goto done; /* a shift the MIP cannot express: no start */
        if (col)
            glp_set_col_bnds(lp, col, GLP_FX, 1, 1);
    }
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    if (glp_simplex(lp, &parm) || glp_get_status(lp) != GLP_OPT)
        goto done;
    int n = glp_get_num_cols(lp);
    p->start_obj = glp_get_obj_val(lp);
    p->start = malloc(sizeof *p->start * ((size_t)n + 1));
    for (int j = 1; p->start && j <= n; j++) {
        double v = glp_get_col_prim(lp, j);
        p->start[j] = glp_get_col_kind(lp, j) == GLP_CV ? v : floor(v + 0.5);
    }
done:
    glp_delete_prob(lp);
}

/* Break offsets of the plan for one type, in order, one per planned shift
 * (the first offset when the plan has fewer). */
static void planned_offsets(const group_mip *p, int type, int nth, int *offset)
{
    const wfm_roster_model *m = p->m;
    const wfm_roster_shift_type *st = &m->types[type];
    const wfm_shift_template *t = &m->in->templates[st->template_index];
    int count = (int)floor(p->plan[st->col_count] + 0.5);
    nth = count > 0 ? nth % count : 0;
    for (int j = 0; j < t->n_breaks; j++) {
        offset[j] = 0;
        int seen = 0;
        for (int o = 0; o < st->n_offsets[j]; o++) {
            seen += (int)floor(p->plan[st->col_break[j] + o] + 0.5);
            if (seen > nth) {
                offset[j] = o;
                break;
            }
        }
    }
}

typedef struct roster_out {
    wfm_roster_shift *shifts;
    int n, cap;
} roster_out;

static int push(roster_out *r, const wfm_roster_shift *s)
{
    if (r->n == r->cap) {
        int cap = r->cap ? 2 * r->cap : 256;
        wfm_roster_shift *grown = realloc(r->shifts, sizeof *grown * cap);
        if (!grown)
            return -1;
        r->shifts = grown;
        r->cap = cap;
    }
    r->shifts[r->n++] = *s;
    return 0;
}

/* Reads a solution of the group's MIP (column values, 1-based) into out;
 * returns -1 out of memory. */
static int read_solution(group_mip *p, const double *value, roster_out *out, int *unstaffed)
{
    const wfm_roster_group *gr = &p->m->groups[p->g];
    for (int k = 0; k < p->n_types; k++) {
        int nth = 0, offset[WFM_ROSTER_MAX_BREAKS];
        for (int a = 0; a < gr->n_members; a++) {
            int col = p->x[a * p->n_types + k];
            if (!col || value[col] < 0.5)
                continue;
            planned_offsets(p, p->types[k], nth++, offset);
            wfm_roster_shift sh = wfm_roster_make_shift(p->m, p->types[k], offset, gr->members[a]);
            if (push(out, &sh))
                return -1;
        }
        *unstaffed += (int)floor(value[p->u[k]] + 0.5);
    }
    return 0;
}

/* A dive round fixes every assignment above this at once. */
#define DIVE_BATCH 0.9

/* Re-solves the LP by the dual simplex from its basis; 1 when optimal. */
static int resolve(glp_prob *lp)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.meth = GLP_DUALP;
    return glp_simplex(lp, &parm) == 0 && glp_get_status(lp) == GLP_OPT;
}

/* GLPK's branch and bound finds no solution of a large group's MIP in 20 s
 * (55 agents, 9,561 columns on the sample week) while its LP optimum is
 * nearly whole, so: a dive. Each round fixes to 1 every assignment above
 * DIVE_BATCH, else (unless careful) every one above one half (those
 * pairwise fit the one-a-day and rest cliques), else the largest alone,
 * which also stands in for a batch that leaves no optimum (the block's
 * days and hours are no cliques); then it re-solves from the basis, until
 * every x is whole. The careful dive takes more rounds (10 s on that
 * group) and ends nearer the LP bound. Returns 0 when whole, 1 out of time or stopped,
 * -1 when the LP failed. */
static int dive(group_mip *p, glp_prob *lp, int careful, double until_ms)
{
    int n = p->m->groups[p->g].n_members * p->n_types;
    int *batch = malloc(sizeof *batch * ((size_t)n + 1));
    if (!batch)
        return -1;
    int rc = -1;
    while (glp_get_status(lp) == GLP_OPT) {
        int n_batch = 0, n_half = 0, best = 0;
        double best_v = 0;
        for (int k = 0; k < n; k++) {
            int col = p->x[k];
            if (!col || glp_get_col_type(lp, col) == GLP_FX)
                continue;
            double v = glp_get_col_prim(lp, col);
            if (v > 1 - 1e-6)
                glp_set_col_bnds(lp, col, GLP_FX, 1, 1);
            else if (v > DIVE_BATCH)
                batch[n_batch++] = col;
            else if (v > 0.5 && !careful)
                batch[n - 1 - n_half++] = col; /* from the end: the second choice */
            if (v > 1e-6 && v < 1 - 1e-6 && v > best_v) {
                best_v = v;
                best = col;
            }
        }
        if (!best) {
            rc = 0;
            break;
        }
        if (glp_time() > until_ms ||
            (p->m->watch && wfm_roster_watch_poll(p->m->watch) >= WFM_ROSTER_STOP)) {
            rc = 1;
            break;
        }
        for (int k = 0; n_batch == 0 && k < n_half; k++)
            batch[k] = batch[n - 1 - k];
        if (n_batch == 0)
            n_batch = n_half;
        if (n_batch == 0)
            batch[n_batch++] = best;
        for (int k = 0; k < n_batch; k++)
            glp_set_col_bnds(lp, batch[k], GLP_FX, 1, 1);
        if (resolve(lp))
            continue;
        for (int k = 0; k < n_batch; k++)
            glp_set_col_bnds(lp, batch[k], GLP_DB, 0, 1);
        glp_set_col_bnds(lp, best, GLP_FX, 1, 1);
        if (!resolve(lp)) {
            glp_set_col_bnds(lp, best, GLP_FX, 0, 0);
            resolve(lp);
        }
    }
    free(batch);
    return rc;
}

/* Keeps x as the best solution when it beats *best_obj. */
static int keep_if_better(glp_prob *lp, double **best, double *best_obj)
{
    if (glp_get_obj_val(lp) >= *best_obj - 1e-9)
        return 0;
    int n = glp_get_num_cols(lp);
    double *value = *best ? *best : malloc(sizeof *value * ((size_t)n + 1));
    if (!value)
        return -1;
    for (int j = 1; j <= n; j++)
        value[j] = glp_get_col_prim(lp, j);
    *best = value;
    *best_obj = glp_get_obj_val(lp);
    return 0;
}

/* From the root LP (p->lp, solved): a quick dive, then a careful one from
 * the same root while time is left; the better of them goes to out when it
 * beats the greedy roster. Returns as solve_group does. */
static int take_best(group_mip *p, double until_ms, roster_out *out, int *unstaffed)
{
    if (glp_get_status(p->lp) != GLP_OPT)
        return 0;
    glp_prob *root = glp_create_prob();
    glp_copy_prob(root, p->lp, GLP_OFF);
    double *best = NULL, best_obj = p->start ? p->start_obj : INFINITY;
    int rc = 0;
    if (dive(p, p->lp, 0, until_ms) == 0)
        rc = keep_if_better(p->lp, &best, &best_obj);
    if (!rc && glp_time() < until_ms && dive(p, root, 1, until_ms) == 0)
        rc = keep_if_better(root, &best, &best_obj);
    glp_delete_prob(root);
    if (!rc && best)
        rc = read_solution(p, best, out, unstaffed) ? -1 : 1;
    free(best);
    return rc;
}

/* Solves group g's MIP within time_ms; 1 when solved into out, 0 when no
 * solution (out unchanged), -1 out of memory. */
static int solve_group(group_mip *p, double time_ms, roster_out *out, int *unstaffed)
{
    wfm_roster_model *m = p->m;
    const wfm_roster_group *gr = &m->groups[p->g];
    p->n_types = 0;
    for (int k = 0; k < m->n_types; k++)
        if (m->types[k].group == p->g && p->plan[m->types[k].col_count] > 0.5)
            p->types[p->n_types++] = k;
    /* ... and the types the greedy roster's extra shifts took. */
    for (int s = 0; s < p->n_fallback; s++) {
        if (member_index(gr, p->fallback[s].agent) < 0 || local_type(p, &p->fallback[s]) >= 0)
            continue;
        for (int k = 0; k < m->n_types; k++) {
            const wfm_roster_shift_type *st = &m->types[k];
            if (st->group == p->g && st->day == p->fallback[s].day &&
                st->start_min == p->fallback[s].start_min &&
                st->template_index == p->fallback[s].template_index) {
                p->types[p->n_types++] = k;
                break;
            }
        }
    }
    if (p->n_types == 0)
        return 1;
    size_t width = (size_t)gr->n_members + (size_t)p->n_types + 5;
    int *cols = malloc(sizeof *cols * (width + 1));
    double *coef = malloc(sizeof *coef * (width + 1));
    p->x = calloc((size_t)gr->n_members * p->n_types, sizeof *p->x);
    p->u = calloc((size_t)p->n_types, sizeof *p->u);
    p->lp = glp_create_prob();
    int rc = -1;
    if (cols && coef && p->x && p->u) {
        glp_set_obj_dir(p->lp, GLP_MIN);
        add_assignment(p, cols, coef);
        for (int a = 0; a < gr->n_members; a++) {
            add_member_rules(p, a, cols, coef);
            add_rest(p, a, cols);
        }
        add_fairness(p, cols, coef);
        p->start = NULL;
        double until_ms = glp_time() + time_ms;
        warm_start(p);
        glp_smcp lp_parm;
        glp_init_smcp(&lp_parm);
        lp_parm.msg_lev = GLP_MSG_OFF;
        int was = glp_term_out(GLP_OFF);
        glp_adv_basis(p->lp, 0);
        glp_term_out(was);
        glp_simplex(p->lp, &lp_parm);
        rc = take_best(p, until_ms, out, unstaffed);
    }
    glp_delete_prob(p->lp);
    free(p->start);
    free(p->x);
    free(p->u);
    free(cols);
    free(coef);
    return rc;
}

/* A group's planned shifts nobody in the roster works. */
static int unstaffed_in(const wfm_roster_model *m, const double *plan, int g,
                        const wfm_roster_shift *shifts, int n)
{
    int missing = 0;
    for (int k = 0; k < m->n_types; k++) {
        const wfm_roster_shift_type *st = &m->types[k];
        if (st->group != g)
            continue;
        int worked = 0;
        for (int s = 0; s < n; s++)
            worked += shifts[s].day == st->day && shifts[s].start_min == st->start_min &&
                      shifts[s].template_index == st->template_index &&
                      m->agent_group[shifts[s].agent] == g;
        int planned = (int)floor(plan[st->col_count] + 0.5);
        missing += planned > worked ? planned - worked : 0;
    }
    return missing;
}

int wfm_roster_unstaffed(const wfm_roster_model *m, const double *plan,
                         const wfm_roster_shift *shifts, int n_shifts)
{
    int missing = 0;
    for (int g = 0; g < m->n_groups; g++)
        missing += unstaffed_in(m, plan, g, shifts, n_shifts);
    return missing;
}

wfm_status wfm_roster_match(wfm_roster_model *m, const double *plan,
                            const wfm_roster_shift *fallback, int n_fallback, double time_limit_s,
                            wfm_roster_shift **shifts, int *n_shifts, int *unstaffed,
                            int *groups_solved, wfm_error *err)
{
    int n_groups = m->n_groups, n_t = m->in->n_days * m->in->intervals_per_day;
    roster_out out = {0};
    double *price = malloc(sizeof *price * (size_t)n_groups * n_t);
    group_mip p = {.m = m, .plan = plan, .price = price, .fallback = fallback,
                   .n_fallback = n_fallback};
    p.types = malloc(sizeof *p.types * ((size_t)m->n_types + 1));
    *unstaffed = *groups_solved = 0;
    wfm_status st = WFM_OK;
    if (!price || !p.types)
        st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory matching agents to shifts");
    if (!st)
        st = wfm_roster_plan_prices(m, plan, price, err);
    double start = m->watch ? wfm_roster_watch_elapsed(m->watch) : 0;
    int members_left = m->in->n_agents;
    /* Smallest MIPs first: what they leave of their share goes to the
     * large ones, whose LPs take longest. */
    int *order = malloc(sizeof *order * ((size_t)n_groups + 1));
    if (!order && !st)
        st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory matching agents to shifts");
    double *size = calloc((size_t)n_groups + 1, sizeof *size); /* members x planned types */
    for (int k = 0; size && k < m->n_types; k++)
        size[m->types[k].group] += plan[m->types[k].col_count] > 0.5 ? 1 : 0;
    for (int g = 0; order && size && g < n_groups; g++) {
        size[g] *= m->groups[g].n_members;
        int k = g;
        for (; k > 0 && size[order[k - 1]] > size[g]; k--)
            order[k] = order[k - 1];
        order[k] = g;
    }
    if (!size && !st)
        st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory matching agents to shifts");
    free(size);
    for (int i = 0; i < n_groups && !st; i++) {
        int g = order[i];
        const wfm_roster_group *gr = &m->groups[g];
        double used = m->watch ? wfm_roster_watch_elapsed(m->watch) - start : 0;
        double share = (time_limit_s - used) * gr->n_members / (members_left > 0 ? members_left : 1);
        members_left -= gr->n_members;
        p.g = g;
        int rc = share * 1000 >= 50 ? solve_group(&p, share * 1000, &out, unstaffed) : 0;
        if (rc < 0) {
            st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory matching agents to shifts");
            break;
        }
        if (m->watch && m->watch->stop == WFM_ROSTER_CANCEL) {
            st = wfm_error_set(err, WFM_ECANCELLED, NULL,
                               "the roster solve was stopped while matching agents to shifts");
            break;
        }
        *groups_solved += rc;
        if (rc == 1)
            continue;
        for (int k = 0; k < n_fallback; k++)
            if (m->agent_group[fallback[k].agent] == g && push(&out, &fallback[k]))
                st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory matching agents to shifts");
        *unstaffed += unstaffed_in(m, plan, g, fallback, n_fallback);
    }
    free(price);
    free(p.types);
    free(order);
    if (st) {
        free(out.shifts);
        return st;
    }
    qsort(out.shifts, (size_t)out.n, sizeof *out.shifts, wfm_roster_shift_order);
    *shifts = out.shifts;
    *n_shifts = out.n;
    return WFM_OK;
}
