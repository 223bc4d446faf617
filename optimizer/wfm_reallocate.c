/* wfm_reallocate: live seat reallocation as a GLPK linear program over
 * skill groups, then rounding and a greedy naming pass (see the header for
 * the model). The file runs top to bottom in the order of the work:
 * validate, aggregate agents into groups and keys, build and solve the LP,
 * round breaks, overtime and seats, name agents, report. */
#include "optimizer/wfm_reallocate.h"

#include <assert.h>
#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INTERVALS 2976 /* 31 days of 15 minutes: anything longer is a mistake */

void wfm_realloc_opts_init(wfm_realloc_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->shortfall_cost = 100;
    opts->overtime_cost = 20;
    opts->release_gain = 1;
    opts->move_cost = 0.5;
    opts->break_move_cost = 0.2;
    opts->max_overtime_intervals = 4;
    opts->max_release_intervals = 4;
    opts->deferred_block = 4;
    opts->presolve = 1;
    opts->time_limit_ms = 1000;
}

void wfm_realloc_result_free(wfm_realloc_result *r)
{
    if (!r)
        return;
    free(r->cells);
    free(r->assignment);
    free(r->moves);
    free(r->break_changes);
    free(r->proposals);
    memset(r, 0, sizeof *r);
}

/* ---- validation ---------------------------------------------------------- */

static wfm_status check_series(const wfm_realloc_queue *q, const char *field, const double *v,
                               size_t n, int positive, wfm_error *err)
{
    if (!v)
        return wfm_error_set(err, WFM_EINVAL, field, "queue %s: %s is required", q->name, field);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]) || v[i] < 0 || (positive && v[i] == 0))
            return wfm_error_set(err, WFM_EINVAL, field, "queue %s interval %zu: %s must be %s (%g)",
                                 q->name, i, field, positive ? "> 0" : ">= 0", v[i]);
    return WFM_OK;
}

static wfm_status check_queue(const wfm_realloc_input *in, size_t qi, wfm_error *err)
{
    const wfm_realloc_queue *q = &in->queues[qi];
    if (!q->name)
        return wfm_error_set(err, WFM_EINVAL, "name", "queue %zu has no name", qi);
    wfm_status st = check_series(q, "offered", q->offered, in->n_intervals, 0, err);
    if (st == WFM_OK)
        st = check_series(q, "aht_s", q->aht_s, in->n_intervals, 1, err);
    if (st != WFM_OK)
        return st;
    if (q->kind == WFM_QUEUE_LIVE)
        return check_series(q, "seats_needed", q->seats_needed, in->n_intervals, 0, err);
    if (q->kind != WFM_QUEUE_DEFERRED)
        return wfm_error_set(err, WFM_EINVAL, "kind", "queue %s: unknown kind (%d)", q->name,
                             (int)q->kind);
    if (!(q->deadline_s > 0) || !isfinite(q->deadline_s))
        return wfm_error_set(err, WFM_EINVAL, "deadline_s", "queue %s: deadline_s must be > 0 (%g)",
                             q->name, q->deadline_s);
    if (!(q->backlog >= 0) || !isfinite(q->backlog) || !(q->backlog_due_s >= 0))
        return wfm_error_set(err, WFM_EINVAL, "backlog",
                             "queue %s: backlog (%g) and backlog_due_s (%g) must be >= 0",
                             q->name, q->backlog, q->backlog_due_s);
    if (!(q->weight >= 0) || !isfinite(q->weight))
        return wfm_error_set(err, WFM_EINVAL, "weight", "queue %s: weight must be >= 0 (%g)",
                             q->name, q->weight);
    return WFM_OK;
}

static wfm_status check_agent(const wfm_realloc_input *in, size_t ai, wfm_error *err)
{
    const wfm_realloc_agent *a = &in->agents[ai];
    const char *name = a->name ? a->name : "?";
    if (a->skills >> in->n_queues)
        return wfm_error_set(err, WFM_EINVAL, "skills",
                             "agent %s: skills name a queue beyond the %zu given (0x%x)", name,
                             in->n_queues, a->skills);
    if (a->queue != WFM_REALLOC_OFFLINE &&
        (a->queue < 0 || (size_t)a->queue >= in->n_queues || !(a->skills >> a->queue & 1u)))
        return wfm_error_set(err, WFM_EINVAL, "queue",
                             "agent %s: planned queue %d is not among the agent's skills", name,
                             a->queue);
    if (a->shift_end <= a->shift_start)
        return wfm_error_set(err, WFM_EINVAL, "shift_end",
                             "agent %s: shift_end (%d) must be after shift_start (%d)", name,
                             a->shift_end, a->shift_start);
    if (a->n_breaks > WFM_REALLOC_MAX_BREAKS)
        return wfm_error_set(err, WFM_EINVAL, "breaks", "agent %s: at most %d breaks (%zu)", name,
                             WFM_REALLOC_MAX_BREAKS, a->n_breaks);
    for (size_t b = 0; b < a->n_breaks; b++) {
        const wfm_realloc_break *br = &a->breaks[b];
        if (br->length < 1 || br->earliest > br->start || br->start > br->latest)
            return wfm_error_set(err, WFM_EINVAL, "breaks",
                                 "agent %s break %zu: need length >= 1 (%d) and earliest (%d) <= "
                                 "start (%d) <= latest (%d)",
                                 name, b, br->length, br->earliest, br->start, br->latest);
        for (size_t c = 0; c < b; c++)
            if (br->start < a->breaks[c].start + a->breaks[c].length &&
                a->breaks[c].start < br->start + br->length)
                return wfm_error_set(err, WFM_EINVAL, "breaks",
                                     "agent %s: breaks %zu and %zu overlap", name, c, b);
        if (br->start < a->shift_start || br->start + br->length > a->shift_end)
            return wfm_error_set(err, WFM_EINVAL, "breaks",
                                 "agent %s break %zu: [%d, %d) lies outside the shift [%d, %d)",
                                 name, b, br->start, br->start + br->length, a->shift_start,
                                 a->shift_end);
    }
    return WFM_OK;
}

static wfm_status check_input(const wfm_realloc_input *in, const wfm_realloc_opts *o,
                              wfm_error *err)
{
    if (!in || !in->queues || in->n_queues == 0 || in->n_queues > WFM_REALLOC_MAX_QUEUES)
        return wfm_error_set(err, WFM_EINVAL, "queues", "between 1 and %d queues are required (%zu)",
                             WFM_REALLOC_MAX_QUEUES, in ? in->n_queues : 0);
    if (in->n_intervals == 0 || in->n_intervals > MAX_INTERVALS)
        return wfm_error_set(err, WFM_EINVAL, "n_intervals", "n_intervals must be in 1..%d (%zu)",
                             MAX_INTERVALS, in->n_intervals);
    if (!(in->interval_s > 0) || !isfinite(in->interval_s))
        return wfm_error_set(err, WFM_EINVAL, "interval_s", "interval_s must be > 0 (%g)",
                             in->interval_s);
    if (in->n_agents > 0 && !in->agents)
        return wfm_error_set(err, WFM_EINVAL, "agents", "agents is NULL but n_agents is %zu",
                             in->n_agents);
    if (o->max_overtime_intervals < 0 || o->max_release_intervals < 0)
        return wfm_error_set(err, WFM_EINVAL, "max_overtime_intervals",
                             "overtime (%d) and release (%d) limits must be >= 0",
                             o->max_overtime_intervals, o->max_release_intervals);
    wfm_status st = WFM_OK;
    for (size_t q = 0; q < in->n_queues && st == WFM_OK; q++)
        st = check_queue(in, q, err);
    for (size_t a = 0; a < in->n_agents && st == WFM_OK; a++)
        st = check_agent(in, a, err);
    return st;
}

/* ---- aggregation --------------------------------------------------------- */

/* Movable breaks of one group with the same length and window. Starts run
 * lo..hi; hi == n_intervals stands for "at or after the horizon end". */
typedef struct break_key {
    int group, length, lo, hi;
    int count;
    int col;      /* first y column; y[t] = col + t - lo */
    double *planned; /* [hi - lo + 1] planned starts */
} break_key;

/* Agents of one group whose shift ends inside the horizon at the same
 * interval: the unit of overtime and early release. */
typedef struct end_key {
    int group, start, end; /* start clipped to 0 */
    int count;
    int n_overtime, n_release;
    int ot_col, rel_col;   /* columns for h = 1.. */
} end_key;

typedef struct model {
    const wfm_realloc_input *in;
    const wfm_realloc_opts *o;
    size_t nq, ni, na, ng;
    unsigned *group_skills;  /* [ng] */
    int *agent_group;        /* [na] */
    int *agent_break_key;    /* [na * MAX_BREAKS]: key index or -1 (fixed or outside) */
    int *agent_end_key;      /* [na]: key index or -1 */
    break_key *bkeys;
    size_t n_bkeys;
    end_key *ekeys;
    size_t n_ekeys;
    double *base;            /* [g * ni + i] on shift and not on a fixed break */
    double *planned;         /* [(g * (nq + 1) + q) * ni + i], q == nq: offline */
    double *due, *work;      /* deferred: [q * ni + i] cumulative due / available */
    int *x_col;              /* like planned: seats beyond the planned ones; 0 = none */
    int *stay_col;           /* like planned: seats kept from the plan, <= planned */
    int *short_col;          /* [q * ni + i] */
    int *done_col;           /* deferred: contacts answered by the end of interval i */
    glp_prob *lp;
    int *ind;
    double *val;
    size_t row_cap;
} model;

static size_t xi(const model *m, size_t g, size_t q, size_t i)
{
    return (g * (m->nq + 1) + q) * m->ni + i;
}

static int on_shift(const wfm_realloc_agent *a, int i)
{
    return i >= a->shift_start && i < a->shift_end;
}

static int break_covers(int start, int length, int i)
{
    return i >= start && i < start + length;
}

static int find_group(model *m, unsigned skills)
{
    for (size_t g = 0; g < m->ng; g++)
        if (m->group_skills[g] == skills)
            return (int)g;
    m->group_skills[m->ng] = skills;
    return (int)m->ng++;
}

/* The key of a movable break, created on first use; -1 when the break is
 * fixed (already started) or cannot touch the horizon. Starts are kept
 * inside the agent's shift. */
static int break_key_for(model *m, int group, const wfm_realloc_agent *a,
                         const wfm_realloc_break *br)
{
    int n = (int)m->ni;
    int lo = br->earliest > a->shift_start ? br->earliest : a->shift_start;
    int hi = br->latest < a->shift_end - br->length ? br->latest : a->shift_end - br->length;
    if (br->start < 0 || lo >= n)
        return -1;
    lo = lo < 0 ? 0 : lo;
    hi = hi > n ? n : hi;
    for (size_t k = 0; k < m->n_bkeys; k++) {
        break_key *bk = &m->bkeys[k];
        if (bk->group == group && bk->length == br->length && bk->lo == lo && bk->hi == hi)
            return (int)k;
    }
    break_key *bk = &m->bkeys[m->n_bkeys];
    *bk = (break_key){group, br->length, lo, hi, 0, 0, NULL};
    bk->planned = calloc((size_t)(hi - lo + 1), sizeof *bk->planned);
    if (!bk->planned)
        return -2;
    return (int)m->n_bkeys++;
}

static int end_key_for(model *m, int group, const wfm_realloc_agent *a)
{
    if (a->shift_end > (int)m->ni || a->shift_end <= 0)
        return -1;
    int start = a->shift_start < 0 ? 0 : a->shift_start;
    for (size_t k = 0; k < m->n_ekeys; k++) {
        end_key *ek = &m->ekeys[k];
        if (ek->group == group && ek->end == a->shift_end && ek->start == start)
            return (int)k;
    }
    end_key *ek = &m->ekeys[m->n_ekeys];
    int room_after = (int)m->ni - a->shift_end, room_before = a->shift_end - start;
    *ek = (end_key){group, start, a->shift_end, 0, 0, 0, 0, 0};
    ek->n_overtime = m->o->max_overtime_intervals < room_after ? m->o->max_overtime_intervals
                                                               : room_after;
    ek->n_release = m->o->max_release_intervals < room_before ? m->o->max_release_intervals
                                                              : room_before;
    return (int)m->n_ekeys++;
}

/* Adds agent a's planned presence to base and planned. */
static void add_presence(model *m, size_t a)
{
    const wfm_realloc_agent *ag = &m->in->agents[a];
    int g = m->agent_group[a];
    size_t home = ag->queue == WFM_REALLOC_OFFLINE ? m->nq : (size_t)ag->queue;
    for (int i = 0; i < (int)m->ni; i++) {
        if (!on_shift(ag, i))
            continue;
        int fixed_break = 0, planned_break = 0;
        for (size_t b = 0; b < ag->n_breaks; b++) {
            const wfm_realloc_break *br = &ag->breaks[b];
            int covers = break_covers(br->start, br->length, i);
            planned_break |= covers;
            fixed_break |= covers && m->agent_break_key[a * WFM_REALLOC_MAX_BREAKS + b] < 0;
        }
        if (!fixed_break)
            m->base[(size_t)g * m->ni + i] += 1;
        if (!planned_break)
            m->planned[xi(m, (size_t)g, home, (size_t)i)] += 1;
    }
}

static int aggregate_agents(model *m)
{
    for (size_t a = 0; a < m->na; a++) {
        const wfm_realloc_agent *ag = &m->in->agents[a];
        int g = find_group(m, ag->skills);
        m->agent_group[a] = g;
        for (size_t b = 0; b < WFM_REALLOC_MAX_BREAKS; b++) {
            int k = b < ag->n_breaks ? break_key_for(m, g, ag, &ag->breaks[b]) : -1;
            if (k == -2)
                return -1;
            m->agent_break_key[a * WFM_REALLOC_MAX_BREAKS + b] = k;
            if (k >= 0) {
                break_key *bk = &m->bkeys[k];
                int t = ag->breaks[b].start > bk->hi ? bk->hi : ag->breaks[b].start;
                bk->planned[t - bk->lo] += 1;
                bk->count++;
            }
        }
        int e = end_key_for(m, g, ag);
        m->agent_end_key[a] = e;
        if (e >= 0)
            m->ekeys[e].count++;
    }
    for (size_t a = 0; a < m->na; a++)
        add_presence(m, a);
    return 0;
}

/* Deferred work: due[i] = contacts that must be answered by the end of
 * interval i (the backlog at its due time, each interval's arrivals
 * floor(deadline / interval) - 1 intervals later, which errs on the early
 * side); work[i] = contacts that exist by then. */
static void compute_deferred_work(model *m, size_t q)
{
    const wfm_realloc_queue *qu = &m->in->queues[q];
    long d = (long)floor(qu->deadline_s / m->in->interval_s);
    if (d < 1)
        d = 1;
    long backlog_due = (long)floor(qu->backlog_due_s / m->in->interval_s) - 1;
    double arrived = qu->backlog;
    for (long i = 0; i < (long)m->ni; i++) {
        arrived += qu->offered[i];
        double due = i >= backlog_due ? qu->backlog : 0;
        for (long j = 0; j <= i - (d - 1); j++)
            due += qu->offered[j];
        m->due[q * m->ni + i] = due;
        m->work[q * m->ni + i] = arrived;
    }
}

/* ---- the linear program -------------------------------------------------- */

static int add_cols(model *m, int n, double cost)
{
    int first = glp_add_cols(m->lp, n);
    for (int c = first; c < first + n; c++) {
        glp_set_col_bnds(m->lp, c, GLP_LO, 0, 0);
        glp_set_obj_coef(m->lp, c, cost);
    }
    return first;
}

/* Row builder: entries go to m->ind/m->val from index 1 (GLPK style). */
typedef struct row {
    model *m;
    int n;
} row;

static int row_put(row *r, int col, double coef)
{
    model *m = r->m;
    if ((size_t)r->n + 2 > m->row_cap) {
        size_t cap = m->row_cap * 2;
        int *ind = realloc(m->ind, cap * sizeof *ind);
        if (ind)
            m->ind = ind;
        double *val = realloc(m->val, cap * sizeof *val);
        if (val)
            m->val = val;
        if (!ind || !val)
            return -1;
        m->row_cap = cap;
    }
    r->n++;
    m->ind[r->n] = col;
    m->val[r->n] = coef;
    return 0;
}

static void row_finish(row *r, int type, double lo, double hi)
{
    int i = glp_add_rows(r->m->lp, 1);
    glp_set_row_bnds(r->m->lp, i, type, lo, hi);
    glp_set_mat_row(r->m->lp, i, r->n, r->m->ind, r->m->val);
    r->n = 0;
}

/* Intervals from start t (offset from lo) to the nearest planned start of
 * the key: the LP's price of moving a break, exact when the key's agents
 * share one planned start (the usual case). */
static int distance_to_planned(const break_key *bk, int t)
{
    int best = bk->hi - bk->lo + 1;
    for (int p = 0; p <= bk->hi - bk->lo; p++)
        if (bk->planned[p] > 0 && abs(p - t) < best)
            best = abs(p - t);
    return best;
}

/* Seats of group g on queue q at i are two columns: `stay`, at most the
 * agents the plan put there, earning move_cost each (every agent pulled
 * off the plan forgoes it), and `x`, any further seats. Splitting them
 * prices moves without a row per cell. The further seats of a deferred
 * queue hold for a block of deferred_block intervals: its work can be done
 * at any time before the deadline, and without blocks the LP would pick
 * any of many equally good timings, sending agents back and forth. */
static void add_seat_cols(model *m, size_t g, size_t q, size_t i)
{
    size_t cell = xi(m, g, q, i);
    size_t block = 1;
    if (q < m->nq && m->in->queues[q].kind == WFM_QUEUE_DEFERRED && m->o->deferred_block > 1)
        block = (size_t)m->o->deferred_block;
    m->x_col[cell] = i % block == 0 ? add_cols(m, 1, 0) : m->x_col[xi(m, g, q, i - i % block)];
    double planned = m->planned[cell];
    if (planned <= 0)
        return;
    m->stay_col[cell] = add_cols(m, 1, -m->o->move_cost);
    glp_set_col_bnds(m->lp, m->stay_col[cell], GLP_DB, 0, planned);
    /* The constant keeps the objective >= 0: a plan nobody moves costs 0. */
    glp_set_obj_coef(m->lp, 0, glp_get_obj_coef(m->lp, 0) + m->o->move_cost * planned);
}

static int put_seats(row *r, const model *m, size_t g, size_t q, size_t i, double coef)
{
    size_t cell = xi(m, g, q, i);
    if (m->x_col[cell] && row_put(r, m->x_col[cell], coef))
        return -1;
    return m->stay_col[cell] ? row_put(r, m->stay_col[cell], coef) : 0;
}

static double seats_value(const model *m, size_t g, size_t q, size_t i)
{
    size_t cell = xi(m, g, q, i);
    double v = m->x_col[cell] ? glp_get_col_prim(m->lp, m->x_col[cell]) : 0;
    return v + (m->stay_col[cell] ? glp_get_col_prim(m->lp, m->stay_col[cell]) : 0);
}

static void add_columns(model *m)
{
    const wfm_realloc_opts *o = m->o;
    for (size_t g = 0; g < m->ng; g++)
        for (size_t q = 0; q <= m->nq; q++)
            if (q == m->nq || (m->group_skills[g] >> q & 1u))
                for (size_t i = 0; i < m->ni; i++)
                    add_seat_cols(m, g, q, i);
    for (size_t q = 0; q < m->nq; q++) {
        const wfm_realloc_queue *qu = &m->in->queues[q];
        double weight = qu->weight > 0 ? qu->weight : 1;
        for (size_t i = 0; i < m->ni; i++) {
            /* Deferred shortfall counts contacts: priced as the seat time
             * they would take, so both kinds weigh alike. */
            double unit = qu->kind == WFM_QUEUE_LIVE ? 1 : qu->aht_s[i] / m->in->interval_s;
            m->short_col[q * m->ni + i] = add_cols(m, 1, o->shortfall_cost * weight * unit);
            if (qu->kind == WFM_QUEUE_DEFERRED)
                m->done_col[q * m->ni + i] = add_cols(m, 1, 0);
        }
    }
    for (size_t k = 0; k < m->n_bkeys; k++) {
        break_key *bk = &m->bkeys[k];
        int n = bk->hi - bk->lo + 1;
        bk->col = add_cols(m, n, 0);
        for (int t = 0; t < n; t++)
            glp_set_obj_coef(m->lp, bk->col + t, o->break_move_cost * distance_to_planned(bk, t));
    }
    for (size_t e = 0; e < m->n_ekeys; e++) {
        end_key *ek = &m->ekeys[e];
        if (ek->n_overtime > 0)
            ek->ot_col = add_cols(m, ek->n_overtime, 0);
        if (ek->n_release > 0)
            ek->rel_col = add_cols(m, ek->n_release, 0);
        for (int h = 1; h <= ek->n_overtime; h++)
            glp_set_obj_coef(m->lp, ek->ot_col + h - 1, o->overtime_cost * h);
        for (int h = 1; h <= ek->n_release; h++)
            glp_set_obj_coef(m->lp, ek->rel_col + h - 1, -o->release_gain * h);
    }
}

/* Agents of group g present at i = base - movable breaks + overtime -
 * release, and all of them serve a queue or do offline work. */
static int add_availability_rows(model *m)
{
    row r = {m, 0};
    for (size_t g = 0; g < m->ng; g++)
        for (int i = 0; i < (int)m->ni; i++) {
            for (size_t q = 0; q <= m->nq; q++)
                if (put_seats(&r, m, g, q, (size_t)i, 1))
                    return -1;
            for (size_t k = 0; k < m->n_bkeys; k++) {
                const break_key *bk = &m->bkeys[k];
                if (bk->group != (int)g)
                    continue;
                for (int t = bk->lo; t <= bk->hi; t++)
                    if (break_covers(t, bk->length, i) && row_put(&r, bk->col + t - bk->lo, 1))
                        return -1;
            }
            for (size_t e = 0; e < m->n_ekeys; e++) {
                const end_key *ek = &m->ekeys[e];
                if (ek->group != (int)g)
                    continue;
                for (int h = 1; h <= ek->n_overtime; h++)
                    if (break_covers(ek->end, h, i) && row_put(&r, ek->ot_col + h - 1, -1))
                        return -1;
                for (int h = 1; h <= ek->n_release; h++)
                    if (break_covers(ek->end - h, h, i) && row_put(&r, ek->rel_col + h - 1, 1))
                        return -1;
            }
            double base = m->base[g * m->ni + (size_t)i];
            row_finish(&r, GLP_FX, base, base);
        }
    return 0;
}

static int add_queue_rows(model *m)
{
    row r = {m, 0};
    for (size_t q = 0; q < m->nq; q++) {
        const wfm_realloc_queue *qu = &m->in->queues[q];
        for (size_t i = 0; i < m->ni; i++) {
            int live = qu->kind == WFM_QUEUE_LIVE;
            double per_seat = live ? 1 : m->in->interval_s / qu->aht_s[i];
            for (size_t g = 0; g < m->ng; g++)
                if (put_seats(&r, m, g, q, i, per_seat))
                    return -1;
            if (live) {
                if (row_put(&r, m->short_col[q * m->ni + i], 1))
                    return -1;
                row_finish(&r, GLP_LO, qu->seats_needed[i], 0);
                continue;
            }
            /* done[i] - done[i-1] is what interval i answers: at most its
             * capacity; done[i] <= the contacts that exist by then (column
             * bound); done[i] + late >= due. (done never needs to fall, so
             * no row says it may not.) */
            int done = m->done_col[q * m->ni + i];
            int before = i > 0 ? m->done_col[q * m->ni + i - 1] : 0;
            if (row_put(&r, done, -1) || (before && row_put(&r, before, 1)))
                return -1;
            row_finish(&r, GLP_LO, 0, 0);
            double work = m->work[q * m->ni + i];
            glp_set_col_bnds(m->lp, done, work > 0 ? GLP_DB : GLP_FX, 0, work);
            if (row_put(&r, done, 1) || row_put(&r, m->short_col[q * m->ni + i], 1))
                return -1;
            row_finish(&r, GLP_LO, m->due[q * m->ni + i], 0);
        }
    }
    return 0;
}

/* Each break starts once. */
static int add_break_rows(model *m)
{
    row r = {m, 0};
    for (size_t k = 0; k < m->n_bkeys; k++) {
        const break_key *bk = &m->bkeys[k];
        for (int t = bk->lo; t <= bk->hi; t++)
            if (row_put(&r, bk->col + t - bk->lo, 1))
                return -1;
        row_finish(&r, GLP_FX, bk->count, bk->count);
    }
    return 0;
}

static int add_end_rows(model *m)
{
    row r = {m, 0};
    for (size_t e = 0; e < m->n_ekeys; e++) {
        const end_key *ek = &m->ekeys[e];
        if (ek->n_overtime + ek->n_release == 0)
            continue;
        for (int h = 1; h <= ek->n_overtime; h++)
            if (row_put(&r, ek->ot_col + h - 1, 1))
                return -1;
        for (int h = 1; h <= ek->n_release; h++)
            if (row_put(&r, ek->rel_col + h - 1, 1))
                return -1;
        row_finish(&r, GLP_UP, 0, ek->count);
    }
    return 0;
}

static wfm_status solve_lp(model *m, double *objective, wfm_error *err)
{
    m->lp = glp_create_prob();
    glp_set_obj_dir(m->lp, GLP_MIN);
    add_columns(m);
    if (add_availability_rows(m) || add_queue_rows(m) || add_break_rows(m) || add_end_rows(m))
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory building the LP");
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = m->o->presolve ? GLP_ON : GLP_OFF;
    parm.tm_lim = m->o->time_limit_ms > 0 ? m->o->time_limit_ms : INT_MAX;
    int rc = glp_simplex(m->lp, &parm);
    if (rc == GLP_ENOPFS || (rc == 0 && glp_get_status(m->lp) == GLP_NOFEAS))
        /* Cannot happen: every shortfall has a slack column and the
         * planned breaks (checked not to overlap) are a solution. Kept so
         * a modelling bug reads as what it is. */
        return wfm_error_set(err, WFM_EINFEASIBLE, "breaks",
                             "the breaks cannot all be placed inside their windows");
    if (rc == GLP_ETMLIM)
        return wfm_error_set(err, WFM_ELIMIT, "time_limit_ms",
                             "the LP did not finish within %d ms", m->o->time_limit_ms);
    if (rc != 0 || glp_get_status(m->lp) != GLP_OPT)
        return wfm_error_set(err, WFM_EINTERNAL, NULL,
                             "GLPK simplex failed (return code %d, status %d)", rc,
                             glp_get_status(m->lp));
    *objective = glp_get_obj_val(m->lp);
    return WFM_OK;
}

/* ---- rounding ------------------------------------------------------------ */

/* Integer counts n[0..len) with sum total whose running sums stay within
 * one of the running sums of v (cumulative rounding). */
static void round_cumulative(const double *v, int len, int total, int *n)
{
    double running = 0;
    int given = 0;
    for (int t = 0; t < len; t++) {
        running += v[t];
        int upto = (int)floor(running + 0.5);
        if (upto > total)
            upto = total;
        if (t == len - 1)
            upto = total;
        n[t] = upto > given ? upto - given : 0;
        given += n[t];
    }
}

/* Integer counts n[0..len) summing to total, proportional to v (largest
 * remainder, Hamilton's method). */
static void round_largest_remainder(const double *v, int len, int total, int *n)
{
    double sum = 0;
    for (int k = 0; k < len; k++)
        sum += v[k] > 0 ? v[k] : 0;
    int given = 0;
    double rest[WFM_REALLOC_MAX_QUEUES + 1];
    for (int k = 0; k < len; k++) {
        double share = sum > 0 ? (v[k] > 0 ? v[k] : 0) * total / sum : (k == len - 1 ? total : 0);
        n[k] = (int)floor(share + 1e-9);
        rest[k] = share - n[k];
        given += n[k];
    }
    while (given < total) {
        int best = len - 1;
        for (int k = 0; k < len; k++)
            if (rest[k] > rest[best])
                best = k;
        n[best]++;
        rest[best] = -1;
        given++;
    }
}

/* ---- naming -------------------------------------------------------------- */

typedef struct plan {
    int *break_start;   /* [a * MAX_BREAKS + b], -1 none */
    int *extra_until;   /* [a]: shift end after overtime / release */
    int *present;       /* [a * ni + i] */
    int *quota;         /* [(g * (nq + 1) + q)] for the interval being named */
    int *last_queue;    /* [a] */
} plan;

static double col_value(const model *m, int col)
{
    return glp_get_col_prim(m->lp, col);
}

static void set_reason(char *dst, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_reason(char *dst, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, cap, fmt, ap);
    va_end(ap);
}

static const char *queue_name(const model *m, int q)
{
    return q == WFM_REALLOC_OFFLINE ? "offline work" : m->in->queues[q].name;
}

/* Agents' seats on each queue in the plan (before any move). */
static double planned_seats(const model *m, size_t q, size_t i)
{
    double s = 0;
    for (size_t g = 0; g < m->ng; g++)
        s += m->planned[xi(m, g, q, i)];
    return s;
}

/* The queue (among skills) with the largest planned shortfall at i. */
static int worst_queue(const model *m, unsigned skills, int i, double *gap)
{
    int worst = -1;
    *gap = 0;
    for (size_t q = 0; q < m->nq; q++) {
        const wfm_realloc_queue *qu = &m->in->queues[q];
        if (!(skills >> q & 1u) || qu->kind != WFM_QUEUE_LIVE)
            continue;
        double g = qu->seats_needed[i] - planned_seats(m, q, (size_t)i);
        if (g > *gap) {
            *gap = g;
            worst = (int)q;
        }
    }
    return worst;
}

static int place_breaks(model *m, plan *p, wfm_realloc_result *res)
{
    size_t cap = m->na * WFM_REALLOC_MAX_BREAKS;
    res->break_changes = calloc(cap ? cap : 1, sizeof *res->break_changes);
    int *starts = malloc((m->ni + 2) * sizeof *starts);
    double *y = malloc((m->ni + 2) * sizeof *y);
    if (!res->break_changes || !starts || !y) {
        free(starts);
        free(y);
        return -1;
    }
    for (size_t a = 0; a < m->na; a++)
        for (size_t b = 0; b < WFM_REALLOC_MAX_BREAKS; b++)
            p->break_start[a * WFM_REALLOC_MAX_BREAKS + b] =
                b < m->in->agents[a].n_breaks ? m->in->agents[a].breaks[b].start : -1;
    for (size_t k = 0; k < m->n_bkeys; k++) {
        const break_key *bk = &m->bkeys[k];
        int len = bk->hi - bk->lo + 1;
        for (int t = 0; t < len; t++)
            y[t] = col_value(m, bk->col + t);
        round_cumulative(y, len, bk->count, starts);
        /* Agents of the key in order of planned start take the new starts
         * in order: the matching that moves breaks least. */
        int slot = 0;
        for (int t_old = 0; t_old < len; t_old++)
            for (size_t a = 0; a < m->na; a++)
                for (size_t b = 0; b < m->in->agents[a].n_breaks; b++) {
                    if (m->agent_break_key[a * WFM_REALLOC_MAX_BREAKS + b] != (int)k)
                        continue;
                    const wfm_realloc_break *br = &m->in->agents[a].breaks[b];
                    int planned = br->start > bk->hi ? bk->hi : br->start;
                    if (planned - bk->lo != t_old)
                        continue;
                    while (slot < len && starts[slot] == 0)
                        slot++;
                    assert(slot < len);
                    starts[slot]--;
                    int to = bk->lo + slot;
                    if (to == planned)
                        continue;
                    p->break_start[a * WFM_REALLOC_MAX_BREAKS + b] = to;
                    wfm_realloc_break_change *c = &res->break_changes[res->n_break_changes++];
                    c->agent = a;
                    c->break_index = b;
                    c->from = br->start;
                    c->to = to;
                    double gap;
                    int q = planned < (int)m->ni
                                ? worst_queue(m, m->in->agents[a].skills, planned, &gap)
                                : -1;
                    if (q >= 0)
                        set_reason(c->reason, sizeof c->reason,
                                   "%s is %.0f seats short at interval %d: break moved to %d",
                                   m->in->queues[q].name, ceil(gap - 1e-9), planned, to);
                    else
                        set_reason(c->reason, sizeof c->reason,
                                   "spreads breaks inside the window to hold coverage");
                }
    }
    free(starts);
    free(y);
    return 0;
}

static int add_proposal(wfm_realloc_result *res, size_t a, wfm_proposal_kind kind, int from,
                        int until, const char *reason)
{
    wfm_realloc_proposal *pr = &res->proposals[res->n_proposals++];
    pr->agent = a;
    pr->kind = kind;
    pr->from = from;
    pr->until = until;
    set_reason(pr->reason, sizeof pr->reason, "%s", reason);
    return 0;
}

/* Overtime and early release per end key, rounded, given to agents of the
 * key in input order. */
static int place_shift_changes(model *m, plan *p, wfm_realloc_result *res)
{
    res->proposals = calloc(m->na ? m->na : 1, sizeof *res->proposals);
    if (!res->proposals)
        return -1;
    for (size_t a = 0; a < m->na; a++)
        p->extra_until[a] = m->in->agents[a].shift_end;
    for (size_t e = 0; e < m->n_ekeys; e++) {
        const end_key *ek = &m->ekeys[e];
        size_t a = 0;
        for (int h = ek->n_overtime; h >= -ek->n_release; h--) {
            if (h == 0)
                continue;
            int col = h > 0 ? ek->ot_col + h - 1 : ek->rel_col - h - 1;
            int n = (int)floor(col_value(m, col) + 0.5);
            for (; n > 0 && a < m->na; a++) {
                if (m->agent_end_key[a] != (int)e)
                    continue;
                n--;
                p->extra_until[a] = ek->end + h;
                char reason[128];
                double gap;
                int q = worst_queue(m, m->group_skills[ek->group], h > 0 ? ek->end : ek->end - 1,
                                    &gap);
                if (h > 0)
                    snprintf(reason, sizeof reason,
                             "%s short after the shift ends and no move can cover it",
                             q >= 0 ? m->in->queues[q].name : "a queue");
                else
                    snprintf(reason, sizeof reason,
                             "no queue the agent can serve needs them before the shift ends");
                add_proposal(res, a, h > 0 ? WFM_PROPOSE_OVERTIME : WFM_PROPOSE_EARLY_RELEASE,
                             h > 0 ? ek->end : ek->end + h, h > 0 ? ek->end + h : ek->end, reason);
            }
        }
    }
    return 0;
}

static void mark_presence(model *m, plan *p)
{
    for (size_t a = 0; a < m->na; a++) {
        const wfm_realloc_agent *ag = &m->in->agents[a];
        for (int i = 0; i < (int)m->ni; i++) {
            int here = i >= ag->shift_start && i < p->extra_until[a];
            for (size_t b = 0; b < ag->n_breaks && here; b++)
                here = !break_covers(p->break_start[a * WFM_REALLOC_MAX_BREAKS + b],
                                     ag->breaks[b].length, i);
            p->present[a * m->ni + (size_t)i] = here;
        }
    }
}

/* Seats per group and queue at interval i: the LP's split rounded to the
 * agents really present. */
static void set_quotas(model *m, plan *p, size_t i)
{
    double v[WFM_REALLOC_MAX_QUEUES + 1];
    int n[WFM_REALLOC_MAX_QUEUES + 1];
    for (size_t g = 0; g < m->ng; g++) {
        int present = 0;
        for (size_t a = 0; a < m->na; a++)
            present += m->agent_group[a] == (int)g && p->present[a * m->ni + i];
        for (size_t q = 0; q <= m->nq; q++)
            v[q] = seats_value(m, g, q, i);
        round_largest_remainder(v, (int)m->nq + 1, present, n);
        for (size_t q = 0; q <= m->nq; q++)
            p->quota[g * (m->nq + 1) + q] = n[q];
    }
}

/* Rounding can leave a live queue a seat short while a group that may
 * serve it has an idle agent or one on a queue above its need: move one. */
static void repair_quotas(model *m, plan *p, size_t i)
{
    size_t stride = m->nq + 1;
    for (size_t q = 0; q < m->nq; q++) {
        const wfm_realloc_queue *qu = &m->in->queues[q];
        if (qu->kind != WFM_QUEUE_LIVE)
            continue;
        for (int guard = 0; guard < (int)m->na; guard++) {
            int seats = 0;
            for (size_t g = 0; g < m->ng; g++)
                seats += p->quota[g * stride + q];
            if (seats >= (int)ceil(qu->seats_needed[i] - 1e-9))
                break;
            int moved = 0;
            for (size_t g = 0; g < m->ng && !moved; g++) {
                if (!(m->group_skills[g] >> q & 1u))
                    continue;
                for (size_t from = 0; from <= m->nq && !moved; from++) {
                    if (from == q || p->quota[g * stride + from] == 0)
                        continue;
                    if (from < m->nq) {
                        const wfm_realloc_queue *fq = &m->in->queues[from];
                        int from_seats = 0;
                        for (size_t h = 0; h < m->ng; h++)
                            from_seats += p->quota[h * stride + from];
                        if (fq->kind != WFM_QUEUE_LIVE ||
                            from_seats <= (int)ceil(fq->seats_needed[i] - 1e-9))
                            continue;
                    }
                    p->quota[g * stride + from]--;
                    p->quota[g * stride + q]++;
                    moved = 1;
                }
            }
            if (!moved)
                break;
        }
    }
}

static int slot_queue(const model *m, size_t slot)
{
    return slot == m->nq ? WFM_REALLOC_OFFLINE : (int)slot;
}

static size_t queue_slot(const model *m, int queue)
{
    return queue == WFM_REALLOC_OFFLINE ? m->nq : (size_t)queue;
}

static void move_reason(const model *m, int from, int to, int home, size_t i, char *dst, size_t cap)
{
    if (to == home) {
        set_reason(dst, cap, "back to the planned queue");
    } else if (to == WFM_REALLOC_OFFLINE) {
        set_reason(dst, cap, "%s has more seats than it needs", queue_name(m, from));
    } else if (m->in->queues[to].kind == WFM_QUEUE_LIVE) {
        set_reason(dst, cap, "%s needs %.0f seats, %.0f planned", m->in->queues[to].name,
                   ceil(m->in->queues[to].seats_needed[i] - 1e-9), planned_seats(m, (size_t)to, i));
    } else {
        set_reason(dst, cap, "%s: contacts must be answered within %.0f min",
                   m->in->queues[to].name, m->in->queues[to].deadline_s / 60);
    }
}

static int record_move(const model *m, wfm_realloc_result *res, size_t *cap, size_t a, int from,
                       int to, size_t i)
{
    if (res->n_moves == *cap) {
        size_t grown = *cap ? 2 * *cap : 64;
        wfm_realloc_move *mv = realloc(res->moves, grown * sizeof *mv);
        if (!mv)
            return -1;
        res->moves = mv;
        *cap = grown;
    }
    wfm_realloc_move *mv = &res->moves[res->n_moves++];
    mv->agent = a;
    mv->from_queue = from;
    mv->to_queue = to;
    mv->at = i;
    move_reason(m, from, to, m->in->agents[a].queue, i, mv->reason, sizeof mv->reason);
    return 0;
}

/* Names agents for interval i: first everyone who can stay where they were
 * stays, then the rest fill the remaining seats, preferring their planned
 * queue. */
static int name_interval(model *m, plan *p, wfm_realloc_result *res, size_t *move_cap, size_t i)
{
    size_t stride = m->nq + 1;
    int *assign = res->assignment;
    for (size_t a = 0; a < m->na; a++) {
        assign[a * m->ni + i] = WFM_REALLOC_UNAVAILABLE;
        if (!p->present[a * m->ni + i])
            continue;
        int *quota = &p->quota[(size_t)m->agent_group[a] * stride + queue_slot(m, p->last_queue[a])];
        if (*quota > 0) {
            (*quota)--;
            assign[a * m->ni + i] = p->last_queue[a];
        }
    }
    for (int pass = 0; pass < 2; pass++)
        for (size_t a = 0; a < m->na; a++) {
            if (!p->present[a * m->ni + i] || assign[a * m->ni + i] != WFM_REALLOC_UNAVAILABLE)
                continue;
            int *quota = &p->quota[(size_t)m->agent_group[a] * stride];
            int home = m->in->agents[a].queue;
            int to = WFM_REALLOC_UNAVAILABLE;
            if (pass == 0 && quota[queue_slot(m, home)] > 0)
                to = home;
            for (size_t s = 0; pass == 1 && s <= m->nq && to == WFM_REALLOC_UNAVAILABLE; s++)
                if (quota[s] > 0)
                    to = slot_queue(m, s);
            if (to == WFM_REALLOC_UNAVAILABLE)
                continue;
            quota[queue_slot(m, to)]--;
            assign[a * m->ni + i] = to;
            if (record_move(m, res, move_cap, a, p->last_queue[a], to, i))
                return -1;
            p->last_queue[a] = to;
        }
    return 0;
}

static int name_agents(model *m, plan *p, wfm_realloc_result *res)
{
    size_t move_cap = 0;
    for (size_t a = 0; a < m->na; a++)
        p->last_queue[a] = m->in->agents[a].queue;
    for (size_t i = 0; i < m->ni; i++) {
        set_quotas(m, p, i);
        repair_quotas(m, p, i);
        if (name_interval(m, p, res, &move_cap, i))
            return -1;
    }
    return 0;
}

/* ---- report -------------------------------------------------------------- */

static double fluid_answer_rate(const wfm_realloc_queue *q, double interval_s, size_t i, int seats)
{
    if (q->offered[i] <= 0)
        return 1;
    double capacity = seats * interval_s / q->aht_s[i];
    return capacity >= q->offered[i] ? 1 : capacity / q->offered[i];
}

static void report_live(const model *m, size_t q, wfm_realloc_result *res)
{
    const wfm_realloc_queue *qu = &m->in->queues[q];
    for (size_t i = 0; i < m->ni; i++) {
        wfm_realloc_cell *c = &res->cells[q * m->ni + i];
        c->seats_needed = qu->seats_needed[i];
        double gap = qu->seats_needed[i] - c->seats_assigned;
        c->shortfall = gap > 1e-9 ? gap : 0;
        c->predicted_answer_rate =
            m->in->answer_rate ? m->in->answer_rate(m->in->answer_rate_ctx, q, i, c->seats_assigned)
                               : fluid_answer_rate(qu, m->in->interval_s, i, c->seats_assigned);
    }
}

/* Replays the deferred queue FIFO through the assigned seats. */
static void report_deferred(const model *m, size_t q, wfm_realloc_result *res)
{
    const wfm_realloc_queue *qu = &m->in->queues[q];
    double done = 0, due_before = 0;
    for (size_t i = 0; i < m->ni; i++) {
        wfm_realloc_cell *c = &res->cells[q * m->ni + i];
        double due = m->due[q * m->ni + i];
        double capacity = c->seats_assigned * m->in->interval_s / qu->aht_s[i];
        double waiting = m->work[q * m->ni + i] - done;
        done += capacity < waiting ? capacity : waiting;
        c->seats_needed = (due - due_before) * qu->aht_s[i] / m->in->interval_s;
        c->shortfall = due - done > 1e-9 ? due - done : 0;
        c->predicted_answer_rate = due > 0 ? (done >= due ? 1 : done / due) : 1;
        due_before = due;
    }
}

static void report(const model *m, wfm_realloc_result *res)
{
    for (size_t a = 0; a < m->na; a++)
        for (size_t i = 0; i < m->ni; i++) {
            int q = res->assignment[a * m->ni + i];
            if (q >= 0)
                res->cells[(size_t)q * m->ni + i].seats_assigned++;
        }
    for (size_t q = 0; q < m->nq; q++) {
        if (m->in->queues[q].kind == WFM_QUEUE_LIVE)
            report_live(m, q, res);
        else
            report_deferred(m, q, res);
    }
}

/* ---- driver -------------------------------------------------------------- */

static void model_free(model *m)
{
    if (m->lp)
        glp_delete_prob(m->lp);
    for (size_t k = 0; k < m->n_bkeys; k++)
        free(m->bkeys[k].planned);
    free(m->group_skills);
    free(m->agent_group);
    free(m->agent_break_key);
    free(m->agent_end_key);
    free(m->bkeys);
    free(m->ekeys);
    free(m->base);
    free(m->planned);
    free(m->due);
    free(m->work);
    free(m->x_col);
    free(m->stay_col);
    free(m->short_col);
    free(m->done_col);
    free(m->ind);
    free(m->val);
}

static int model_alloc(model *m)
{
    size_t na = m->na ? m->na : 1, ng = na, cells = m->nq * m->ni;
    size_t grid = ng * (m->nq + 1) * m->ni;
    m->group_skills = calloc(ng, sizeof *m->group_skills);
    m->agent_group = calloc(na, sizeof *m->agent_group);
    m->agent_break_key = calloc(na * WFM_REALLOC_MAX_BREAKS, sizeof *m->agent_break_key);
    m->agent_end_key = calloc(na, sizeof *m->agent_end_key);
    m->bkeys = calloc(na * WFM_REALLOC_MAX_BREAKS, sizeof *m->bkeys);
    m->ekeys = calloc(na, sizeof *m->ekeys);
    m->base = calloc(ng * m->ni, sizeof *m->base);
    m->planned = calloc(grid, sizeof *m->planned);
    m->x_col = calloc(grid, sizeof *m->x_col);
    m->stay_col = calloc(grid, sizeof *m->stay_col);
    m->due = calloc(cells, sizeof *m->due);
    m->work = calloc(cells, sizeof *m->work);
    m->short_col = calloc(cells, sizeof *m->short_col);
    m->done_col = calloc(cells, sizeof *m->done_col);
    m->row_cap = 1024;
    m->ind = malloc(m->row_cap * sizeof *m->ind);
    m->val = malloc(m->row_cap * sizeof *m->val);
    return m->group_skills && m->agent_group && m->agent_break_key && m->agent_end_key &&
                   m->bkeys && m->ekeys && m->base && m->planned && m->x_col && m->stay_col && m->due &&
                   m->work && m->short_col && m->done_col && m->ind && m->val
               ? 0
               : -1;
}

static void plan_free(plan *p)
{
    free(p->break_start);
    free(p->extra_until);
    free(p->present);
    free(p->quota);
    free(p->last_queue);
}

static int plan_alloc(plan *p, const model *m, wfm_realloc_result *res)
{
    size_t na = m->na ? m->na : 1;
    p->break_start = calloc(na * WFM_REALLOC_MAX_BREAKS, sizeof *p->break_start);
    p->extra_until = calloc(na, sizeof *p->extra_until);
    p->present = calloc(na * m->ni, sizeof *p->present);
    p->quota = calloc((m->ng + 1) * (m->nq + 1), sizeof *p->quota);
    p->last_queue = calloc(na, sizeof *p->last_queue);
    res->cells = calloc(m->nq * m->ni, sizeof *res->cells);
    res->assignment = calloc(na * m->ni, sizeof *res->assignment);
    return p->break_start && p->extra_until && p->present && p->quota && p->last_queue &&
                   res->cells && res->assignment
               ? 0
               : -1;
}

static wfm_status build_plan(model *m, wfm_realloc_result *res, wfm_error *err)
{
    plan p = {0};
    wfm_status st = WFM_OK;
    if (plan_alloc(&p, m, res) || place_breaks(m, &p, res) || place_shift_changes(m, &p, res))
        st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory placing breaks and shifts");
    if (st == WFM_OK) {
        mark_presence(m, &p);
        if (name_agents(m, &p, res))
            st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory naming agents");
    }
    if (st == WFM_OK)
        report(m, res);
    plan_free(&p);
    return st;
}

wfm_status wfm_reallocate(const wfm_realloc_input *in, const wfm_realloc_opts *opts,
                          wfm_realloc_result *res, wfm_error *err)
{
    wfm_realloc_opts defaults;
    wfm_realloc_opts_init(&defaults);
    const wfm_realloc_opts *o = opts ? opts : &defaults;
    memset(res, 0, sizeof *res);
    wfm_status st = check_input(in, o, err);
    if (st != WFM_OK)
        return st;

    model m = {0};
    m.in = in;
    m.o = o;
    m.nq = in->n_queues;
    m.ni = in->n_intervals;
    m.na = in->n_agents;
    if (model_alloc(&m) || aggregate_agents(&m))
        st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the reallocation model");
    for (size_t q = 0; q < m.nq && st == WFM_OK; q++)
        if (in->queues[q].kind == WFM_QUEUE_DEFERRED)
            compute_deferred_work(&m, q);
    if (st == WFM_OK)
        st = solve_lp(&m, &res->objective, err);
    if (st == WFM_OK) {
        res->n_queues = m.nq;
        res->n_intervals = m.ni;
        res->n_agents = m.na;
        st = build_plan(&m, res, err);
    }
    if (st != WFM_OK)
        wfm_realloc_result_free(res);
    model_free(&m);
    return st;
}

/* ---- decisions ------------------------------------------------------------ */

typedef int (*same_decision_fn)(const void *a, const void *b);

/* Numbers the distinct decisions among n entries of `size` bytes. The
 * search runs from the latest decision back: entries of one decision are
 * mostly next to each other (one end key, one interval). */
static wfm_status group_entries(const void *entries, size_t n, size_t size,
                                same_decision_fn same, wfm_realloc_decisions *out,
                                wfm_error *err)
{
    memset(out, 0, sizeof *out);
    out->first = malloc((n ? n : 1) * sizeof *out->first);
    out->of_entry = malloc((n ? n : 1) * sizeof *out->of_entry);
    if (!out->first || !out->of_entry) {
        wfm_realloc_decisions_free(out);
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory grouping the plan's decisions");
    }
    const char *base = entries;
    for (size_t k = 0; k < n; k++) {
        size_t d = out->n;
        while (d > 0 && !same(base + out->first[d - 1] * size, base + k * size))
            d--;
        if (d == 0) {
            d = ++out->n;
            out->first[d - 1] = k;
        }
        out->of_entry[k] = d - 1;
    }
    return WFM_OK;
}

static int same_move(const void *a, const void *b)
{
    const wfm_realloc_move *x = a, *y = b;
    return x->from_queue == y->from_queue && x->to_queue == y->to_queue && x->at == y->at &&
           !strcmp(x->reason, y->reason);
}

static int same_break_change(const void *a, const void *b)
{
    const wfm_realloc_break_change *x = a, *y = b;
    return x->from == y->from && x->to == y->to && !strcmp(x->reason, y->reason);
}

static int same_proposal(const void *a, const void *b)
{
    const wfm_realloc_proposal *x = a, *y = b;
    return x->kind == y->kind && x->from == y->from && x->until == y->until &&
           !strcmp(x->reason, y->reason);
}

wfm_status wfm_realloc_group_moves(const wfm_realloc_result *r, wfm_realloc_decisions *out,
                                   wfm_error *err)
{
    return group_entries(r->moves, r->n_moves, sizeof *r->moves, same_move, out, err);
}

wfm_status wfm_realloc_group_break_changes(const wfm_realloc_result *r,
                                           wfm_realloc_decisions *out, wfm_error *err)
{
    return group_entries(r->break_changes, r->n_break_changes, sizeof *r->break_changes,
                         same_break_change, out, err);
}

wfm_status wfm_realloc_group_proposals(const wfm_realloc_result *r, wfm_realloc_decisions *out,
                                       wfm_error *err)
{
    return group_entries(r->proposals, r->n_proposals, sizeof *r->proposals, same_proposal, out,
                         err);
}

void wfm_realloc_decisions_free(wfm_realloc_decisions *d)
{
    if (!d)
        return;
    free(d->first);
    free(d->of_entry);
    memset(d, 0, sizeof *d);
}
