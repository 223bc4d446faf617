/* wfm_roster_assign: named agents for planned shifts (stage 2) and the
 * evaluation of a named roster (see wfm_roster_assign.h).
 *
 * The assignment is a greedy pass over days in order and, within a day,
 * over shifts by start time; each shift goes to the best-scored agent who
 * may legally take it. Its loss against the plan is measured afterwards by
 * wfm_roster_evaluate, not assumed. */
#include "optimizer/wfm_roster_assign.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

/* A planned shift before it has an agent. */
typedef struct planned {
    int type;
    int offset[WFM_ROSTER_MAX_BREAKS];
} planned;

/* What the rules need to know about an agent so far. */
typedef struct agent_state {
    int last_day;       /* last day worked, -1 none */
    int last_end;       /* end of that shift, minutes from the horizon's start */
    int run;            /* consecutive days worked up to last_day */
    int block_days;     /* days worked in the current 7-day block */
    double block_hours; /* paid hours in the current 7-day block */
    int weekends, nights;
} agent_state;

int wfm_roster_is_night(const wfm_roster_opts *opts, const wfm_roster_shift *s)
{
    return s->end_min > opts->night_start_min || s->start_min < opts->night_end_min;
}

static int cmp_planned(const void *pa, const void *pb, void *ctx);

/* Expands the plan's counts into single shifts, breaks paired in order. */
static planned *expand_plan(const wfm_roster_model *m, const double *plan, int *n_out)
{
    int n = 0;
    for (int k = 0; k < m->n_types; k++)
        n += (int)(plan[m->types[k].col_count] + 0.5);
    planned *out = calloc((size_t)n + 1, sizeof *out);
    if (!out)
        return NULL;
    int at = 0;
    for (int k = 0; k < m->n_types; k++) {
        const wfm_roster_shift_type *st = &m->types[k];
        int count = (int)(plan[st->col_count] + 0.5);
        for (int r = 0; r < count; r++)
            out[at + r].type = k;
        const wfm_shift_template *t = &m->in->templates[st->template_index];
        for (int j = 0; j < t->n_breaks; j++) {
            int r = 0;
            for (int o = 0; o < st->n_offsets[j]; o++)
                for (int c = (int)(plan[st->col_break[j] + o] + 0.5); c > 0 && r < count; c--)
                    out[at + r++].offset[j] = o;
        }
        at += count;
    }
    *n_out = n;
    return out;
}

static int shift_begin(const wfm_roster_model *m, const planned *p)
{
    const wfm_roster_shift_type *st = &m->types[p->type];
    return st->day * 1440 + st->start_min;
}

static int cmp_planned(const void *pa, const void *pb, void *ctx)
{
    const wfm_roster_model *m = ctx;
    const planned *a = pa, *b = pb;
    int da = shift_begin(m, a), db = shift_begin(m, b);
    return da != db ? (da > db) - (da < db) : (a->type > b->type) - (a->type < b->type);
}

static wfm_roster_shift make_shift(const wfm_roster_model *m, const planned *p, int agent)
{
    const wfm_roster_shift_type *st = &m->types[p->type];
    const wfm_shift_template *t = &m->in->templates[st->template_index];
    wfm_roster_shift s = {.agent = agent, .day = st->day, .template_index = st->template_index,
                          .start_min = st->start_min, .end_min = st->start_min + t->length_min,
                          .n_breaks = t->n_breaks, .paid_min = wfm_roster_template_paid_min(t)};
    for (int j = 0; j < t->n_breaks; j++) {
        s.break_start_min[j] = st->start_min + t->breaks[j].earliest_min + p->offset[j] * m->interval_min;
        s.break_length_min[j] = t->breaks[j].length_min;
    }
    return s;
}

static int may_take(const wfm_roster_agent *a, const agent_state *s, const wfm_roster_shift *sh)
{
    int begin = sh->day * 1440 + sh->start_min;
    if (a->time_off[sh->day] || s->last_day == sh->day)
        return 0;
    if (sh->start_min < a->avail_start_min || sh->end_min > a->avail_end_min)
        return 0;
    if (s->block_days + 1 > 7 - a->days_off_per_week)
        return 0;
    if (s->block_hours + sh->paid_min / 60.0 > a->max_week_hours + 1e-9)
        return 0;
    if (s->last_day == sh->day - 1 && s->run + 1 > a->max_consecutive_days)
        return 0;
    return s->last_day < 0 || begin - s->last_end >= a->min_rest_min;
}

static double score(const wfm_roster_model *m, const wfm_roster_agent *a, const agent_state *s,
                    const wfm_roster_shift *sh)
{
    int block_left = 7 - sh->day % 7, days_left = 7 - a->days_off_per_week - s->block_days;
    double urgency = (double)days_left / block_left;
    double hours_behind = (a->min_week_hours - s->block_hours) / (a->max_week_hours + 1);
    int weekday = (m->in->first_weekday + sh->day) % 7;
    double v = 10.0 * urgency + 5.0 * (hours_behind > 0 ? hours_behind : 0);
    v += 3.0 * (a->preferred_template == sh->template_index);
    v += 2.0 * (s->last_day == sh->day - 1);
    if (weekday >= 5)
        v -= 1.0 * s->weekends;
    if (wfm_roster_is_night(&m->opts, sh))
        v -= 1.0 * s->nights;
    return v - 1e-3 * s->block_hours;
}

static void take(const wfm_roster_model *m, agent_state *s, const wfm_roster_shift *sh)
{
    int weekday = (m->in->first_weekday + sh->day) % 7;
    s->run = s->last_day == sh->day - 1 ? s->run + 1 : 1;
    s->last_day = sh->day;
    s->last_end = sh->day * 1440 + sh->end_min;
    s->block_days++;
    s->block_hours += sh->paid_min / 60.0;
    s->weekends += weekday >= 5;
    s->nights += wfm_roster_is_night(&m->opts, sh);
}

static int best_agent(const wfm_roster_model *m, const agent_state *states, const planned *p)
{
    const wfm_roster_group *g = &m->groups[m->types[p->type].group];
    int best = -1;
    double best_score = -DBL_MAX;
    for (int k = 0; k < g->n_members; k++) {
        int a = g->members[k];
        wfm_roster_shift sh = make_shift(m, p, a);
        if (!may_take(&m->in->agents[a], &states[a], &sh))
            continue;
        double v = score(m, &m->in->agents[a], &states[a], &sh);
        if (v > best_score) {
            best_score = v;
            best = a;
        }
    }
    return best;
}

static int cmp_shift(const void *pa, const void *pb)
{
    const wfm_roster_shift *a = pa, *b = pb;
    return a->agent != b->agent ? a->agent - b->agent : a->day - b->day;
}

wfm_status wfm_roster_assign(const wfm_roster_model *m, const double *plan,
                             wfm_roster_shift **shifts, int *n_shifts, int *unstaffed,
                             wfm_error *err)
{
    int n = 0;
    planned *todo = expand_plan(m, plan, &n);
    agent_state *states = calloc((size_t)m->in->n_agents, sizeof *states);
    wfm_roster_shift *out = calloc((size_t)n + 1, sizeof *out);
    if (!todo || !states || !out) {
        free(todo);
        free(states);
        free(out);
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory assigning %d shifts", n);
    }
    qsort_r(todo, (size_t)n, sizeof *todo, cmp_planned, (void *)m);
    for (int a = 0; a < m->in->n_agents; a++)
        states[a].last_day = -1;
    int done = 0, block = 0;
    *unstaffed = 0;
    for (int k = 0; k < n; k++) {
        int day = m->types[todo[k].type].day;
        if (day / 7 != block) { /* a new 7-day block: contracts start afresh */
            block = day / 7;
            for (int a = 0; a < m->in->n_agents; a++)
                states[a].block_days = 0, states[a].block_hours = 0;
        }
        int a = best_agent(m, states, &todo[k]);
        if (a < 0) {
            (*unstaffed)++;
            continue;
        }
        out[done] = make_shift(m, &todo[k], a);
        take(m, &states[a], &out[done++]);
    }
    free(todo);
    free(states);
    qsort(out, (size_t)done, sizeof *out, cmp_shift);
    *shifts = out;
    *n_shifts = done;
    return WFM_OK;
}

/* ---- evaluation ---------------------------------------------------------- */

static int find_type(const wfm_roster_model *m, const wfm_roster_shift *s)
{
    const wfm_roster_agent *a = &m->in->agents[s->agent];
    for (int k = 0; k < m->n_types; k++) {
        const wfm_roster_shift_type *st = &m->types[k];
        const wfm_roster_group *g = &m->groups[st->group];
        if (st->day == s->day && st->template_index == s->template_index &&
            st->start_min == s->start_min && g->skills == a->skills &&
            g->avail_start_min == a->avail_start_min && g->avail_end_min == a->avail_end_min)
            return k;
    }
    return -1;
}

wfm_status wfm_roster_evaluate(wfm_roster_model *m, const wfm_roster_shift *shifts, int n_shifts,
                               double *objective, wfm_error *err)
{
    double *count = calloc((size_t)m->n_plan_cols + 1, sizeof *count);
    if (!count)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory evaluating the roster");
    for (int k = 0; k < n_shifts; k++) {
        int type = find_type(m, &shifts[k]);
        if (type < 0) {
            free(count);
            return wfm_error_set(err, WFM_EINVAL, "shifts",
                                 "shift %d of agent %d fits no shift type of the model", k,
                                 shifts[k].agent);
        }
        const wfm_roster_shift_type *st = &m->types[type];
        const wfm_shift_template *t = &m->in->templates[st->template_index];
        count[st->col_count] += 1;
        for (int j = 0; j < shifts[k].n_breaks; j++) {
            int offset = (shifts[k].break_start_min[j] - st->start_min - t->breaks[j].earliest_min) /
                         m->interval_min;
            count[st->col_break[j] + offset] += 1;
        }
    }
    for (int j = 1; j <= m->n_plan_cols; j++)
        glp_set_col_bnds(m->lp, j, GLP_FX, count[j], count[j]);
    free(count);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_ERR;
    parm.presolve = GLP_ON;
    if (glp_simplex(m->lp, &parm) || glp_get_status(m->lp) != GLP_OPT)
        return wfm_error_set(err, WFM_EINTERNAL, NULL,
                             "GLPK could not evaluate the roster (status %d)", glp_get_status(m->lp));
    *objective = glp_get_obj_val(m->lp);
    return WFM_OK;
}
