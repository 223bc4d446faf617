/* wfm_roster_assign: named agents for planned shifts (stage 2) and the
 * evaluation of a named roster (see wfm_roster_assign.h).
 *
 * The assignment is a greedy pass over days in order and, within a day,
 * over shifts by start time; each shift goes to the best-scored agent who
 * may legally take it. Its loss against the plan is measured afterwards by
 * wfm_roster_evaluate, not assumed. */
#include "optimizer/wfm_roster_assign.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A planned shift before it has an agent. */
typedef struct planned {
    int type;
    int offset[WFM_ROSTER_MAX_BREAKS];
} planned;

/* The roster as it is built: the shifts, and each agent's shift on each
 * day, which is what the labor rules look at. */
typedef struct book {
    const wfm_roster_model *m;
    wfm_roster_shift *shifts;
    int n, cap;
    int *on;       /* [agent][day]: index into shifts, -1 for a day off */
    int *weekends; /* [agent]: weekend shifts so far, for fairness */
    int *nights;   /* [agent]: night shifts so far */
} book;

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

wfm_roster_shift wfm_roster_make_shift(const wfm_roster_model *m, int type, const int *offset,
                                       int agent)
{
    const wfm_roster_shift_type *st = &m->types[type];
    const wfm_shift_template *t = &m->in->templates[st->template_index];
    wfm_roster_shift s = {.agent = agent, .day = st->day, .template_index = st->template_index,
                          .start_min = st->start_min, .end_min = st->start_min + t->length_min,
                          .n_breaks = t->n_breaks, .paid_min = wfm_roster_template_paid_min(t)};
    for (int j = 0; j < t->n_breaks; j++) {
        int o = offset ? offset[j] : 0;
        s.break_start_min[j] = st->start_min + t->breaks[j].earliest_min + o * m->interval_min;
        s.break_length_min[j] = t->breaks[j].length_min;
    }
    return s;
}

static wfm_roster_shift make_shift(const wfm_roster_model *m, const planned *p, int agent)
{
    return wfm_roster_make_shift(m, p->type, p->offset, agent);
}

static int book_init(book *b, const wfm_roster_model *m, int cap)
{
    int n_agents = m->in->n_agents, n_days = m->in->n_days;
    *b = (book){.m = m, .cap = cap > 0 ? cap : 1};
    b->shifts = calloc((size_t)b->cap, sizeof *b->shifts);
    b->on = malloc(sizeof *b->on * n_agents * n_days);
    b->weekends = calloc((size_t)n_agents, sizeof *b->weekends);
    b->nights = calloc((size_t)n_agents, sizeof *b->nights);
    if (!b->shifts || !b->on || !b->weekends || !b->nights)
        return -1;
    for (int k = 0; k < n_agents * n_days; k++)
        b->on[k] = -1;
    return 0;
}

static void book_free(book *b)
{
    free(b->shifts);
    free(b->on);
    free(b->weekends);
    free(b->nights);
}

static const wfm_roster_shift *book_shift(const book *b, int agent, int day)
{
    if (day < 0 || day >= b->m->in->n_days)
        return NULL;
    int k = b->on[agent * b->m->in->n_days + day];
    return k >= 0 ? &b->shifts[k] : NULL;
}

static int is_weekend(const wfm_roster_model *m, int day)
{
    return (m->in->first_weekday + day) % 7 >= 5;
}

/* Counts the shift for (sign 1) or against (sign -1) its agent's fairness. */
static void count_fairness(book *b, const wfm_roster_shift *s, int sign)
{
    b->weekends[s->agent] += sign * is_weekend(b->m, s->day);
    b->nights[s->agent] += sign * wfm_roster_is_night(&b->m->opts, s);
}

static int book_add(book *b, const wfm_roster_shift *s)
{
    if (b->n == b->cap) {
        wfm_roster_shift *grown = realloc(b->shifts, sizeof *grown * 2 * b->cap);
        if (!grown)
            return -1;
        b->shifts = grown;
        b->cap *= 2;
    }
    b->shifts[b->n] = *s;
    b->on[s->agent * b->m->in->n_days + s->day] = b->n++;
    count_fairness(b, s, 1);
    return 0;
}

/* Hands shift k over to another agent. */
static void book_move(book *b, int k, int agent)
{
    wfm_roster_shift *s = &b->shifts[k];
    int n_days = b->m->in->n_days;
    count_fairness(b, s, -1);
    b->on[s->agent * n_days + s->day] = -1;
    s->agent = agent;
    b->on[agent * n_days + s->day] = k;
    count_fairness(b, s, 1);
}

/* Days worked and paid hours of an agent in the 7-day block of day. */
static void block_load(const book *b, int agent, int day, int *days, double *hours)
{
    *days = 0;
    *hours = 0;
    int from = day / 7 * 7;
    for (int d = from; d < from + 7; d++) {
        const wfm_roster_shift *s = book_shift(b, agent, d);
        if (s) {
            (*days)++;
            *hours += s->paid_min / 60.0;
        }
    }
}

/* Consecutive days worked next to day, going step (-1 back, +1 forward). */
static int run_from(const book *b, int agent, int day, int step)
{
    int n = 0;
    for (int d = day + step; book_shift(b, agent, d); d += step)
        n++;
    return n;
}

/* Minutes from the end of shift a to the start of shift b (negative when
 * they overlap), both counted from the horizon's start. */
static int rest_between(const wfm_roster_shift *a, const wfm_roster_shift *b)
{
    return b->day * 1440 + b->start_min - (a->day * 1440 + a->end_min);
}

/* Whether the agent may take shift sh on top of the shifts the book gives
 * them: not on time off, inside the availability window, one shift a day,
 * at most 7 - days_off_per_week days and max_week_hours paid in the 7-day
 * block, at most max_consecutive_days in a row, at least min_rest_min
 * between shifts (a shift may run past midnight: two days each way). */
static int may_take(const book *b, int agent, const wfm_roster_shift *sh)
{
    const wfm_roster_agent *a = &b->m->in->agents[agent];
    if (a->time_off[sh->day] || book_shift(b, agent, sh->day))
        return 0;
    if (sh->start_min < a->avail_start_min || sh->end_min > a->avail_end_min)
        return 0;
    int days;
    double hours;
    block_load(b, agent, sh->day, &days, &hours);
    if (days + 1 > 7 - a->days_off_per_week || hours + sh->paid_min / 60.0 > a->max_week_hours + 1e-9)
        return 0;
    if (run_from(b, agent, sh->day, -1) + 1 + run_from(b, agent, sh->day, 1) > a->max_consecutive_days)
        return 0;
    for (int d = sh->day - 2; d <= sh->day + 2; d++) {
        const wfm_roster_shift *o = book_shift(b, agent, d);
        if (o && d < sh->day && rest_between(o, sh) < a->min_rest_min)
            return 0;
        if (o && d > sh->day && rest_between(sh, o) < a->min_rest_min)
            return 0;
    }
    return 1;
}

static double score(const book *b, int agent, const wfm_roster_shift *sh)
{
    const wfm_roster_model *m = b->m;
    const wfm_roster_agent *a = &m->in->agents[agent];
    int days;
    double hours;
    block_load(b, agent, sh->day, &days, &hours);
    int block_left = 7 - sh->day % 7, days_left = 7 - a->days_off_per_week - days;
    double urgency = (double)days_left / block_left;
    double hours_behind = (a->min_week_hours - hours) / (a->max_week_hours + 1);
    double v = 10.0 * urgency + 5.0 * (hours_behind > 0 ? hours_behind : 0);
    v += 3.0 * (a->preferred_template == sh->template_index);
    v += 2.0 * (book_shift(b, agent, sh->day - 1) != NULL);
    if (is_weekend(m, sh->day))
        v -= 1.0 * b->weekends[agent];
    if (wfm_roster_is_night(&m->opts, sh))
        v -= 1.0 * b->nights[agent];
    return v - 1e-3 * hours;
}

static int best_agent(const book *b, const planned *p)
{
    const wfm_roster_model *m = b->m;
    const wfm_roster_group *g = &m->groups[m->types[p->type].group];
    int best = -1;
    double best_score = -DBL_MAX;
    for (int k = 0; k < g->n_members; k++) {
        int a = g->members[k];
        wfm_roster_shift sh = make_shift(m, p, a);
        if (!may_take(b, a, &sh))
            continue;
        double v = score(b, a, &sh);
        if (v > best_score) {
            best_score = v;
            best = a;
        }
    }
    return best;
}

int wfm_roster_shift_order(const void *pa, const void *pb)
{
    const wfm_roster_shift *a = pa, *b = pb;
    return a->agent != b->agent ? a->agent - b->agent : a->day - b->day;
}

/* ---- contract minimums ----------------------------------------------------- */

/* Hours an agent lacks to reach the contract minimum of day's 7-day block. */
static double hours_short(const book *b, int agent, int day)
{
    int n_days = b->m->in->n_days, from = day / 7 * 7, to = from + 7 < n_days ? from + 7 : n_days;
    int days;
    double hours;
    block_load(b, agent, day, &days, &hours);
    return wfm_roster_agent_min_hours(&b->m->in->agents[agent], from, to) - hours;
}

/* The shift index of agent on day (-1 none), for the trades below. */
static int *slot_of(book *b, int agent, int day)
{
    return &b->on[agent * b->m->in->n_days + day];
}

/* Whether the agent may take the donor's shift on day and the donor the
 * agent's shift there (if any) in exchange, under every rule. */
static int may_trade(book *b, int agent, int donor, int day)
{
    int *at_agent = slot_of(b, agent, day), *at_donor = slot_of(b, donor, day);
    int ka = *at_agent, kd = *at_donor;
    wfm_roster_shift to_agent = b->shifts[kd];
    to_agent.agent = agent;
    *at_agent = *at_donor = -1; /* the rules as if neither had a shift that day */
    int ok = may_take(b, agent, &to_agent);
    if (ok && ka >= 0) {
        wfm_roster_shift to_donor = b->shifts[ka];
        to_donor.agent = donor;
        ok = may_take(b, donor, &to_donor);
    }
    *at_agent = ka;
    *at_donor = kd;
    return ok;
}

/* The agent takes the donor's shift on day, the donor the agent's (if any). */
static void trade(book *b, int agent, int donor, int day)
{
    int ka = *slot_of(b, agent, day), kd = *slot_of(b, donor, day);
    if (ka < 0) {
        book_move(b, kd, agent);
        return;
    }
    count_fairness(b, &b->shifts[ka], -1);
    count_fairness(b, &b->shifts[kd], -1);
    b->shifts[ka].agent = donor;
    b->shifts[kd].agent = agent;
    *slot_of(b, agent, day) = kd;
    *slot_of(b, donor, day) = ka;
    count_fairness(b, &b->shifts[ka], 1);
    count_fairness(b, &b->shifts[kd], 1);
}

/* Takes over for the agent a shift of the block from a colleague of the
 * same group (so the same shift types: coverage and cost do not change)
 * who stays at or above their own minimum: on a day the agent is free, or
 * a longer shift in exchange for the agent's own that day; from the
 * colleague with the most hours to spare. Returns 1 when shifts moved. */
static int take_over(book *b, int agent, int block)
{
    const wfm_roster_model *m = b->m;
    const wfm_roster_group *g = &m->groups[m->agent_group[agent]];
    int best_donor = -1, best_day = -1;
    double best_spare = 0;
    for (int i = 0; i < g->n_members; i++) {
        int donor = g->members[i];
        for (int d = 7 * block; donor != agent && d < 7 * block + 7 && d < m->in->n_days; d++) {
            const wfm_roster_shift *s = book_shift(b, donor, d), *own = book_shift(b, agent, d);
            if (!s)
                continue;
            double gain = (s->paid_min - (own ? own->paid_min : 0)) / 60.0;
            double spare = -hours_short(b, donor, d) - gain;
            if (gain > 1e-9 && spare > -1e-6 && spare > best_spare - 1e-9 &&
                may_trade(b, agent, donor, d)) {
                best_donor = donor;
                best_day = d;
                best_spare = spare;
            }
        }
    }
    if (best_donor < 0)
        return 0;
    trade(b, agent, best_donor, best_day);
    return 1;
}

/* Value of one more working agent of group g in each interval of the
 * horizon: the dual price of the group's seat balance row in the LP of the
 * roster so far (how much the objective falls), 0 where the row is absent. */
/* Re-solves the model's LP with its plan columns fixed as they are
 * (presolved: little is left); `doing` names the step in the errors. */
static wfm_status resolve_rest(wfm_roster_model *m, const char *doing, wfm_error *err)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_ERR;
    parm.presolve = GLP_ON;
    int rc = wfm_roster_simplex(m->lp, &parm, m->watch, WFM_ROSTER_CANCEL);
    if (rc == GLP_ESTOP)
        return wfm_error_set(err, WFM_ECANCELLED, NULL, "the roster solve was stopped while %s",
                             doing);
    if (rc || glp_get_status(m->lp) != GLP_OPT)
        return wfm_error_set(err, WFM_EINTERNAL, NULL, "GLPK failed %s (status %d)", doing,
                             glp_get_status(m->lp));
    return WFM_OK;
}

static void read_prices(const wfm_roster_model *m, double *price)
{
    int n_t = m->in->n_days * m->in->intervals_per_day;
    for (int k = 0; k < m->n_groups * n_t; k++)
        price[k] = m->row_balance[k] ? glp_get_row_dual(m->lp, m->row_balance[k]) : 0;
}

static wfm_status balance_prices(wfm_roster_model *m, const book *b, double *price, wfm_error *err)
{
    double objective;
    wfm_status st = wfm_roster_evaluate(m, b->shifts, b->n, &objective, err);
    if (!st)
        read_prices(m, price);
    return st;
}

wfm_status wfm_roster_plan_prices(wfm_roster_model *m, const double *plan, double *price,
                                  wfm_error *err)
{
    /* The counts fixed, the breaks left to the LP: a plan whose breaks were
     * rounded apart from their counts still prices. */
    for (int k = 0; k < m->n_types; k++) {
        const wfm_roster_shift_type *st = &m->types[k];
        double v = floor(plan[st->col_count] + 0.5);
        glp_set_col_bnds(m->lp, st->col_count, GLP_FX, v, v);
        for (int j = 0; j < m->in->templates[st->template_index].n_breaks; j++)
            for (int o = 0; o < st->n_offsets[j]; o++)
                glp_set_col_bnds(m->lp, st->col_break[j] + o, GLP_LO, 0, 0);
    }
    wfm_status st = resolve_rest(m, "pricing the plan", err);
    if (!st)
        read_prices(m, price);
    return st;
}

/* Whether the shift's agent works (is not on a break) at minute t of its day. */
static int working(const wfm_roster_shift *sh, int t)
{
    for (int j = 0; j < sh->n_breaks; j++)
        if (t >= sh->break_start_min[j] && t < sh->break_start_min[j] + sh->break_length_min[j])
            return 0;
    return t >= sh->start_min && t < sh->end_min;
}

double wfm_roster_shift_worth(const wfm_roster_model *m, const double *price, int group,
                              const wfm_roster_shift *sh)
{
    int im = m->interval_min, n_t = m->in->n_days * m->in->intervals_per_day;
    const double *row = price + (size_t)group * n_t;
    double value = -m->opts.cost_per_paid_hour * sh->paid_min / 60.0;
    for (int t0 = sh->day * 1440 + sh->start_min; t0 < sh->day * 1440 + sh->end_min; t0 += im)
        if (t0 / im < n_t && working(sh, t0 - sh->day * 1440))
            value += row[t0 / im];
    return value;
}

/* What an extra shift of type st is worth at these prices, breaks put where
 * an agent is worth least; *sh receives the shift. */
static double extra_shift_value(const wfm_roster_model *m, const double *price, int type, int agent,
                                wfm_roster_shift *sh)
{
    const wfm_roster_shift_type *st = &m->types[type];
    const wfm_shift_template *t = &m->in->templates[st->template_index];
    int im = m->interval_min, n_t = m->in->n_days * m->in->intervals_per_day;
    const double *row = price + (size_t)st->group * n_t;
    planned p = {.type = type};
    for (int j = 0; j < t->n_breaks; j++) {
        double cheapest = INFINITY;
        for (int o = 0; o < st->n_offsets[j]; o++) {
            int at = (st->day * 1440 + st->start_min + t->breaks[j].earliest_min) / im + o;
            if (at < n_t && row[at] < cheapest) {
                cheapest = row[at];
                p.offset[j] = o;
            }
        }
    }
    *sh = make_shift(m, &p, agent);
    return wfm_roster_shift_worth(m, price, st->group, sh);
}

/* After an extra shift: one more agent is worth less where it works (half,
 * until the prices are renewed from the LP). */
static void discount_prices(const wfm_roster_model *m, double *price, int group,
                            const wfm_roster_shift *sh)
{
    int im = m->interval_min, n_t = m->in->n_days * m->in->intervals_per_day;
    double *row = price + (size_t)group * n_t;
    for (int t0 = sh->day * 1440 + sh->start_min; t0 < sh->day * 1440 + sh->end_min; t0 += im)
        if (t0 / im < n_t && working(sh, t0 - sh->day * 1440))
            row[t0 / im] *= 0.5;
}

/* One extra shift for the agent in the block, the legal one worth most at
 * these prices, which it then discounts where the shift works. Returns 1
 * when added, 0 when none is legal, -1 out of memory. */
static int add_extra(book *b, double *price, int agent, int block)
{
    const wfm_roster_model *m = b->m;
    int g = m->agent_group[agent], found = 0;
    double best_value = -INFINITY;
    wfm_roster_shift best, sh;
    for (int k = 0; k < m->n_types; k++) {
        int day = m->types[k].day;
        if (m->types[k].group != g || day / 7 != block)
            continue;
        double value = extra_shift_value(m, price, k, agent, &sh);
        if (value > best_value && may_take(b, agent, &sh)) {
            best_value = value;
            best = sh;
            found = 1;
        }
    }
    if (!found)
        return 0;
    discount_prices(m, price, g, &best);
    return book_add(b, &best) ? -1 : 1;
}

static int out_of_time(const wfm_roster_model *m)
{
    return m->watch && wfm_roster_watch_elapsed(m->watch) > m->watch->time_limit_s;
}

/* No day left for an extra shift (days off, consecutive days): a longer
 * shift of the group instead of one the agent has, on the same day, the one
 * worth most at these prices. Returns 1 when one was lengthened, else 0. */
static int lengthen(book *b, double *price, int agent, int block)
{
    const wfm_roster_model *m = b->m;
    int g = m->agent_group[agent], n_days = m->in->n_days, replaced = -1;
    double best_value = -INFINITY;
    wfm_roster_shift best, sh;
    for (int t = 0; t < m->n_types; t++) {
        int day = m->types[t].day, k = b->on[agent * n_days + day];
        if (m->types[t].group != g || day / 7 != block || k < 0)
            continue;
        double value = extra_shift_value(m, price, t, agent, &sh);
        if (sh.paid_min <= b->shifts[k].paid_min || value <= best_value)
            continue;
        b->on[agent * n_days + day] = -1; /* the rules as if it were not there */
        int legal = may_take(b, agent, &sh);
        b->on[agent * n_days + day] = k;
        if (legal) {
            best_value = value;
            best = sh;
            replaced = k;
        }
    }
    if (replaced < 0)
        return 0;
    discount_prices(m, price, g, &best);
    count_fairness(b, &b->shifts[replaced], -1);
    b->shifts[replaced] = best;
    count_fairness(b, &best, 1);
    return 1;
}

/* Agents below their minimum in some block: first shifts taken over from
 * colleagues with hours to spare, then extra shifts where one more agent is
 * worth most (or, with no day left, a longer shift instead of one they
 * have), in rounds (one shift an agent a round) until nobody lacks hours a
 * legal shift could give. The prices are renewed from the LP between
 * rounds while the time limit allows; past it the discounted ones serve:
 * the contract hours are paid either way. */
static wfm_status repair_minimums(wfm_roster_model *m, book *b, wfm_error *err)
{
    int n_days = m->in->n_days, n_blocks = (n_days + 6) / 7;
    for (int w = 0; w < n_blocks; w++)
        for (int a = 0; a < m->in->n_agents; a++)
            while (hours_short(b, a, 7 * w) > 1e-6 && take_over(b, a, w))
                ;
    double *price = malloc(sizeof *price * m->n_groups * n_days * m->in->intervals_per_day);
    if (!price)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory filling contract minimums");
    wfm_status st = WFM_OK;
    int fresh = 0; /* whether price is that of the roster as it is now */
    for (int added = 1, priced = 0; added && !st;) {
        added = 0;
        for (int w = 0; w < n_blocks && !st; w++)
            for (int a = 0; a < m->in->n_agents && !st; a++) {
                if (hours_short(b, a, 7 * w) <= 1e-6)
                    continue;
                if (!fresh && (!priced || !out_of_time(m)) &&
                    (st = balance_prices(m, b, price, err)))
                    break;
                fresh = priced = 1;
                int rc = add_extra(b, price, a, w);
                if (rc == 0)
                    rc = lengthen(b, price, a, w);
                if (rc < 0)
                    st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory adding a shift");
                added += rc > 0;
            }
        fresh = fresh && !added;
    }
    free(price);
    return st;
}

wfm_status wfm_roster_assign(wfm_roster_model *m, const double *plan, wfm_roster_shift **shifts,
                             int *n_shifts, int *unstaffed, wfm_error *err)
{
    int n = 0;
    planned *todo = expand_plan(m, plan, &n);
    book b = {0};
    if (!todo || book_init(&b, m, n)) {
        free(todo);
        book_free(&b);
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory assigning %d shifts", n);
    }
    qsort_r(todo, (size_t)n, sizeof *todo, cmp_planned, (void *)m);
    *unstaffed = 0;
    wfm_status st = WFM_OK;
    for (int k = 0; k < n && !st; k++) {
        int a = best_agent(&b, &todo[k]);
        wfm_roster_shift sh = make_shift(m, &todo[k], a < 0 ? 0 : a);
        if (a < 0)
            (*unstaffed)++;
        else if (book_add(&b, &sh))
            st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory assigning %d shifts", n);
    }
    free(todo);
    if (!st)
        st = repair_minimums(m, &b, err);
    if (st) {
        book_free(&b);
        return st;
    }
    qsort(b.shifts, (size_t)b.n, sizeof *b.shifts, wfm_roster_shift_order);
    *shifts = b.shifts;
    *n_shifts = b.n;
    b.shifts = NULL;
    book_free(&b);
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

wfm_status wfm_roster_counts(const wfm_roster_model *m, const wfm_roster_shift *shifts, int n_shifts,
                             double *count, wfm_error *err)
{
    memset(count, 0, sizeof *count * ((size_t)m->n_plan_cols + 1));
    for (int k = 0; k < n_shifts; k++) {
        int type = find_type(m, &shifts[k]);
        if (type < 0)
            return wfm_error_set(err, WFM_EINVAL, "shifts",
                                 "shift %d of agent %d fits no shift type of the model", k,
                                 shifts[k].agent);
        const wfm_roster_shift_type *st = &m->types[type];
        const wfm_shift_template *t = &m->in->templates[st->template_index];
        count[st->col_count] += 1;
        for (int j = 0; j < shifts[k].n_breaks; j++) {
            int offset = (shifts[k].break_start_min[j] - st->start_min - t->breaks[j].earliest_min) /
                         m->interval_min;
            count[st->col_break[j] + offset] += 1;
        }
    }
    return WFM_OK;
}

void wfm_roster_set_breaks(const wfm_roster_model *m, wfm_roster_shift *shifts, int n_shifts,
                           const double *count)
{
    int *taken = calloc((size_t)m->n_plan_cols + 1, sizeof *taken); /* per break column */
    if (!taken)
        return; /* the breaks stay where they were */
    for (int k = 0; k < n_shifts; k++) {
        int type = find_type(m, &shifts[k]);
        if (type < 0)
            continue;
        const wfm_roster_shift_type *st = &m->types[type];
        const wfm_shift_template *t = &m->in->templates[st->template_index];
        for (int j = 0; j < t->n_breaks; j++)
            for (int o = 0; o < st->n_offsets[j]; o++) {
                int col = st->col_break[j] + o;
                if (taken[col] < (int)floor(count[col] + 0.5)) {
                    taken[col]++;
                    shifts[k].break_start_min[j] =
                        st->start_min + t->breaks[j].earliest_min + o * m->interval_min;
                    break;
                }
            }
    }
    free(taken);
}

static wfm_status evaluate_counts(wfm_roster_model *m, double *count, double *objective,
                                  wfm_error *err);

wfm_status wfm_roster_evaluate(wfm_roster_model *m, const wfm_roster_shift *shifts, int n_shifts,
                               double *objective, wfm_error *err)
{
    double *count = malloc(sizeof *count * ((size_t)m->n_plan_cols + 1));
    if (!count)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory evaluating the roster");
    wfm_status st = wfm_roster_counts(m, shifts, n_shifts, count, err);
    if (!st)
        st = evaluate_counts(m, count, objective, err);
    free(count);
    return st;
}

/* Fixes the plan columns to count (1-based) and re-solves the rest. */
static wfm_status evaluate_counts(wfm_roster_model *m, double *count, double *objective,
                                  wfm_error *err)
{
    for (int j = 1; j <= m->n_plan_cols; j++)
        glp_set_col_bnds(m->lp, j, GLP_FX, count[j], count[j]);
    wfm_status st = resolve_rest(m, "evaluating the roster", err);
    if (!st)
        *objective = glp_get_obj_val(m->lp);
    return st;
}
