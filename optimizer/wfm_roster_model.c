/* wfm_roster_model: builds the stage-1 shift-plan MIP (see wfm_roster_model.h).
 *
 * Columns: integer shift counts and break-offset counts first, then the
 * continuous seats given by each group to each queue, the shortfalls and the
 * answered-calls increments. Rows: seat balance per group and interval,
 * the target per queue (interval and day), break placement, and capacity of
 * each group per day and per week (shifts and paid hours). */
#include "optimizer/wfm_roster_model.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sparse matrix in GLPK's 1-based triplet form. */
typedef struct triplets {
    int n, cap;
    int *row, *col;
    double *val;
} triplets;

static int triplets_add(triplets *t, int row, int col, double val)
{
    if (t->n + 1 >= t->cap) {
        int cap = t->cap ? 2 * t->cap : 4096;
        int *r = realloc(t->row, sizeof *r * cap);
        if (r) t->row = r;
        int *c = realloc(t->col, sizeof *c * cap);
        if (c) t->col = c;
        double *v = realloc(t->val, sizeof *v * cap);
        if (v) t->val = v;
        if (!r || !c || !v)
            return -1;
        t->cap = cap;
    }
    t->n++;
    t->row[t->n] = row;
    t->col[t->n] = col;
    t->val[t->n] = val;
    return 0;
}

static void triplets_free(triplets *t)
{
    free(t->row);
    free(t->col);
    free(t->val);
}

/* Builder state shared by the small functions below. */
typedef struct builder {
    wfm_roster_model *m;
    triplets a;
    int *row_balance; /* the model's, while it is built */
    int failed;
} builder;

static int n_slots(const wfm_roster_input *in)
{
    return in->n_queues * in->n_days * in->intervals_per_day;
}

static int has_demand(const wfm_roster_model *m, int slot)
{
    if (m->opts.target == WFM_ROSTER_TARGET_SEATS)
        return m->in->required[slot] > 1e-9;
    return m->in->offered[slot] > 1e-9;
}

static int add_cols(glp_prob *lp, int n, int kind, double lb, double ub, double cost)
{
    int first = glp_add_cols(lp, n);
    for (int j = first; j < first + n; j++) {
        glp_set_col_kind(lp, j, kind);
        glp_set_col_bnds(lp, j, ub > lb ? (isinf(ub) ? GLP_LO : GLP_DB) : GLP_FX, lb,
                         isinf(ub) ? 0.0 : ub);
        glp_set_obj_coef(lp, j, cost);
    }
    return first;
}

static int add_row(glp_prob *lp, int type, double lb, double ub)
{
    int r = glp_add_rows(lp, 1);
    glp_set_row_bnds(lp, r, type, lb, ub);
    return r;
}

static void put(builder *b, int row, int col, double val)
{
    if (row && col && triplets_add(&b->a, row, col, val))
        b->failed = 1;
}

/* ---- groups ---------------------------------------------------------- */

static int find_group(const wfm_roster_model *m, const wfm_roster_agent *a)
{
    for (int g = 0; g < m->n_groups; g++) {
        const wfm_roster_group *gr = &m->groups[g];
        if (gr->skills == a->skills && gr->avail_start_min == a->avail_start_min &&
            gr->avail_end_min == a->avail_end_min)
            return g;
    }
    return -1;
}

static int build_groups(wfm_roster_model *m)
{
    const wfm_roster_input *in = m->in;
    m->groups = calloc((size_t)in->n_agents, sizeof *m->groups);
    m->agent_group = calloc((size_t)in->n_agents + 1, sizeof *m->agent_group);
    if (!m->groups || !m->agent_group)
        return -1;
    for (int a = 0; a < in->n_agents; a++) {
        const wfm_roster_agent *ag = &in->agents[a];
        int g = find_group(m, ag);
        if (g < 0) {
            g = m->n_groups++;
            m->groups[g].skills = ag->skills;
            m->groups[g].avail_start_min = ag->avail_start_min;
            m->groups[g].avail_end_min = ag->avail_end_min;
            m->groups[g].members = calloc((size_t)in->n_agents, sizeof(int));
            if (!m->groups[g].members)
                return -1;
        }
        m->groups[g].members[m->groups[g].n_members++] = a;
        m->agent_group[a] = g;
    }
    return 0;
}

static int members_available(const wfm_roster_model *m, const wfm_roster_group *g, int day)
{
    int n = 0;
    for (int k = 0; k < g->n_members; k++)
        n += !m->in->agents[g->members[k]].time_off[day];
    return n;
}

/* ---- shift types ------------------------------------------------------- */

static int template_applies(const wfm_roster_input *in, const wfm_shift_template *t, int day)
{
    int weekday = (in->first_weekday + day) % 7;
    return t->weekdays == 0 || (t->weekdays >> weekday) & 1u;
}

static int count_types(const wfm_roster_model *m, wfm_roster_shift_type *out)
{
    const wfm_roster_input *in = m->in;
    int n = 0;
    for (int g = 0; g < m->n_groups; g++) {
        const wfm_roster_group *gr = &m->groups[g];
        for (int d = 0; d < in->n_days; d++) {
            if (!members_available(m, gr, d))
                continue;
            for (int k = 0; k < in->n_templates; k++) {
                const wfm_shift_template *t = &in->templates[k];
                if (!template_applies(in, t, d))
                    continue;
                for (int s = t->start_earliest_min; s <= t->start_latest_min; s += t->start_step_min) {
                    if (s < gr->avail_start_min || s + t->length_min > gr->avail_end_min)
                        continue;
                    if (out)
                        out[n] = (wfm_roster_shift_type){.group = g, .day = d,
                                                         .template_index = k, .start_min = s};
                    n++;
                }
            }
        }
    }
    return n;
}

double wfm_roster_type_paid_hours(const wfm_roster_model *m, const wfm_roster_shift_type *st)
{
    return wfm_roster_template_paid_min(&m->in->templates[st->template_index]) / 60.0;
}

/* Adds sign * (share of each interval covered by [from, to)) to the seat
 * balance row of the group, minutes counted from the horizon's start. */
static void put_span(builder *b, int group, int col, int from, int to, double sign)
{
    const wfm_roster_model *m = b->m;
    int im = m->interval_min, n_t = m->in->n_days * m->in->intervals_per_day;
    for (int t = from / im; t * im < to && t < n_t; t++) {
        int lo = t * im > from ? t * im : from;
        int hi = (t + 1) * im < to ? (t + 1) * im : to;
        put(b, b->row_balance[group * n_t + t], col, sign * (hi - lo) / im);
    }
}

static void add_type_columns(builder *b, wfm_roster_shift_type *st)
{
    wfm_roster_model *m = b->m;
    const wfm_shift_template *t = &m->in->templates[st->template_index];
    int cap = m->groups[st->group].n_members;
    double cost = m->opts.cost_per_paid_hour * wfm_roster_type_paid_hours(m, st);
    st->col_count = add_cols(m->lp, 1, GLP_IV, 0, cap, cost);
    int begin = st->day * 1440 + st->start_min;
    put_span(b, st->group, st->col_count, begin, begin + t->length_min, 1.0);
    for (int j = 0; j < t->n_breaks; j++) {
        const wfm_roster_break *br = &t->breaks[j];
        st->n_offsets[j] = (br->latest_min - br->earliest_min) / m->interval_min + 1;
        st->col_break[j] = add_cols(m->lp, st->n_offsets[j], GLP_CV, 0, cap, 0.0);
        /* Every shift takes its break j at exactly one offset. */
        int row = add_row(m->lp, GLP_FX, 0, 0);
        put(b, row, st->col_count, -1.0);
        for (int o = 0; o < st->n_offsets[j]; o++) {
            int col = st->col_break[j] + o;
            int at = begin + br->earliest_min + o * m->interval_min;
            put(b, row, col, 1.0);
            put_span(b, st->group, col, at, at + br->length_min, -1.0);
        }
    }
}

/* ---- seats and targets ------------------------------------------------- */

static int interval_has_group_demand(const wfm_roster_model *m, int g, int d, int i)
{
    for (int q = 0; q < m->in->n_queues; q++)
        if ((m->groups[g].skills >> q) & 1u && has_demand(m, wfm_roster_slot(m->in, q, d, i)))
            return 1;
    return 0;
}

/* The first group with g's skills. Groups differ by availability too, but
 * seats of one skill set can go to the same queues whichever group works
 * them, so all of its groups share one balance row per interval and one
 * seat column per queue and interval: the same optimum, from a smaller LP. */
static int seat_leader(const wfm_roster_model *m, int g)
{
    int k = 0;
    while (m->groups[k].skills != m->groups[g].skills)
        k++;
    return k;
}

static void add_balance_rows(builder *b)
{
    wfm_roster_model *m = b->m;
    int per_day = m->in->intervals_per_day, n_t = m->in->n_days * per_day;
    for (int g = 0; g < m->n_groups; g++) {
        int leader = seat_leader(m, g);
        for (int t = 0; t < n_t; t++)
            if (leader != g)
                b->row_balance[g * n_t + t] = b->row_balance[leader * n_t + t];
            else if (interval_has_group_demand(m, g, t / per_day, t % per_day))
                b->row_balance[g * n_t + t] = add_row(m->lp, GLP_FX, 0, 0);
    }
}

/* Seats of each skill set handed to each queue: sum_q w_{s,q,t} = the
 * working agents of its groups at t (every working agent takes some queue,
 * so coverage reports them all). The columns sit at the skill set's first
 * group (seat_leader); the others have none. */
static void add_seat_columns(builder *b)
{
    wfm_roster_model *m = b->m;
    const wfm_roster_input *in = m->in;
    int per_day = in->intervals_per_day, n_t = in->n_days * per_day;
    for (int g = 0; g < m->n_groups; g++)
        for (int q = 0; q < in->n_queues; q++) {
            if (!((m->groups[g].skills >> q) & 1u) || seat_leader(m, g) != g)
                continue;
            for (int t = 0; t < n_t; t++) {
                int d = t / per_day, i = t % per_day;
                if (!has_demand(m, wfm_roster_slot(in, q, d, i)))
                    continue;
                int col = add_cols(m->lp, 1, GLP_CV, 0, INFINITY, 0.0);
                m->col_seats[wfm_roster_model_seat_index(m, g, q, d, i)] = col;
                put(b, b->row_balance[g * n_t + t], col, -1.0);
            }
        }
}

static void put_queue_seats(builder *b, int row, int q, int d, int i, double sign)
{
    wfm_roster_model *m = b->m;
    for (int g = 0; g < m->n_groups; g++)
        if ((m->groups[g].skills >> q) & 1u)
            put(b, row, m->col_seats[wfm_roster_model_seat_index(m, g, q, d, i)], sign);
}

/* Classic covering: seats_{q,t} + short_{q,t} >= required_{q,t}. */
static void add_seat_target(builder *b)
{
    wfm_roster_model *m = b->m;
    const wfm_roster_input *in = m->in;
    double hours = m->interval_min / 60.0;
    for (int slot = 0; slot < n_slots(in); slot++) {
        if (!has_demand(m, slot))
            continue;
        int i = slot % in->intervals_per_day, d = (slot / in->intervals_per_day) % in->n_days;
        int q = slot / (in->intervals_per_day * in->n_days);
        int row = add_row(m->lp, GLP_LO, in->required[slot], 0);
        put_queue_seats(b, row, q, d, i, 1.0);
        m->col_short[slot] = add_cols(m->lp, 1, GLP_CV, 0, INFINITY,
                                      m->opts.shortfall_penalty * hours);
        put(b, row, m->col_short[slot], 1.0);
    }
}

static double curve_at(const wfm_roster_input *in, int slot, int seats)
{
    return in->answered[(size_t)slot * (in->curve_max_seats + 1) + seats];
}

/* Koole & van der Sluis (2003): the k-th seat adds inc_k answered calls;
 * concavity makes the LP fill increments in order. */
/* Which seats get their own increment column. Seats up to `low` (the last
 * count still short of the interval's floor) share one column: a plan
 * rarely stops below the floor, so there the chord is close enough, and it
 * errs on the safe side. Seats past `high` (where the curve is within 1e-3
 * of all offered calls, or adds less than 1e-4 calls) are left out: they
 * change nothing and their tiny coefficients would spoil the LP's scaling. */
static void increment_range(const wfm_roster_input *in, int slot, double floor_calls, int *low,
                            int *high)
{
    double offered = in->offered[slot];
    int n = in->curve_max_seats, k = 0;
    while (k < n && curve_at(in, slot, k + 1) <= floor_calls)
        k++;
    *low = k > 1 ? k : 0;
    k = *low;
    while (k < n && curve_at(in, slot, k) < (1 - 1e-3) * offered &&
           curve_at(in, slot, k + 1) - curve_at(in, slot, k) > 1e-4)
        k++;
    *high = k;
}

static void add_answer_increments(builder *b, int slot, int q, int d, int i, int day_row)
{
    wfm_roster_model *m = b->m;
    const wfm_roster_input *in = m->in;
    int seat_row = add_row(m->lp, GLP_UP, 0, 0);
    put_queue_seats(b, seat_row, q, d, i, -1.0);
    double floor_calls = m->opts.interval_floor * in->offered[slot];
    int floor_row = add_row(m->lp, GLP_LO, floor_calls, 0);
    int low, high;
    increment_range(in, slot, floor_calls, &low, &high);
    int n = high - low + (low > 0);
    if (n > 0)
        m->col_answer_first[slot] = add_cols(m->lp, n, GLP_CV, 0, 1, 0.0);
    m->n_answer_cols[slot] = n;
    for (int c = 0; c < n; c++) {
        /* Column 0 takes seats 1..low at once when low > 0: a chord under
         * the concave curve, steeper than every later increment. */
        int from = c == 0 && low > 0 ? 0 : low + c - (low > 0);
        int to = c == 0 && low > 0 ? low : from + 1;
        int col = m->col_answer_first[slot] + c;
        double inc = curve_at(in, slot, to) - curve_at(in, slot, from);
        put(b, seat_row, col, to - from);
        put(b, floor_row, col, inc);
        put(b, day_row, col, inc);
    }
    m->col_short[slot] = add_cols(m->lp, 1, GLP_CV, 0, INFINITY, m->opts.shortfall_penalty);
    put(b, floor_row, m->col_short[slot], 1.0);
}

static void add_daily_target(builder *b)
{
    wfm_roster_model *m = b->m;
    const wfm_roster_input *in = m->in;
    for (int q = 0; q < in->n_queues; q++)
        for (int d = 0; d < in->n_days; d++) {
            double offered = 0;
            for (int i = 0; i < in->intervals_per_day; i++)
                offered += in->offered[wfm_roster_slot(in, q, d, i)];
            if (offered <= 1e-9)
                continue;
            int day_row = add_row(m->lp, GLP_LO, m->opts.daily_answer_rate * offered, 0);
            int col = add_cols(m->lp, 1, GLP_CV, 0, INFINITY, m->opts.shortfall_penalty);
            m->col_day_short[q * in->n_days + d] = col;
            put(b, day_row, col, 1.0);
            for (int i = 0; i < in->intervals_per_day; i++) {
                int slot = wfm_roster_slot(in, q, d, i);
                if (has_demand(m, slot))
                    add_answer_increments(b, slot, q, d, i, day_row);
            }
        }
}

/* ---- capacity of each group ---------------------------------------------- */

static void add_capacity_row(builder *b, int row)
{
    b->m->capacity_rows[b->m->n_capacity_rows++] = row;
}

static void add_group_day_capacity(builder *b, int g, int d)
{
    wfm_roster_model *m = b->m;
    int row = add_row(m->lp, GLP_UP, 0, members_available(m, &m->groups[g], d));
    add_capacity_row(b, row);
    for (int k = 0; k < m->n_types; k++)
        if (m->types[k].group == g && m->types[k].day == d)
            put(b, row, m->types[k].col_count, 1.0);
}

static int agent_free_days(const wfm_roster_agent *a, int from, int to)
{
    int free_days = 0;
    for (int d = from; d < to; d++)
        free_days += !a->time_off[d];
    return free_days;
}

/* Days an agent can work in days [from, to): time off and days off count. */
static int agent_work_days(const wfm_roster_agent *a, int from, int to)
{
    int free_days = agent_free_days(a, from, to);
    int allowed = 7 - a->days_off_per_week; /* per block, as stage 2 applies it */
    return free_days < allowed ? free_days : allowed;
}

double wfm_roster_agent_min_hours(const wfm_roster_agent *a, int from, int to)
{
    return a->min_week_hours * agent_free_days(a, from, to) / 7.0;
}

/* Rest between days d and d + 1, in aggregate: for each end time E of the
 * group's shifts on day d, no agent works both a shift of day d ending at
 * or after E and one of day d + 1 starting before E + min_rest (the
 * group's shortest), so those shifts together are at most the members free
 * on either day. Without these rows the plan may put many late shifts
 * before many early ones, which no assignment can staff. */
static void add_group_rest(builder *b, int g, int d)
{
    wfm_roster_model *m = b->m;
    const wfm_roster_group *gr = &m->groups[g];
    int rest = INT_MAX, members = 0;
    for (int k = 0; k < gr->n_members; k++) {
        const wfm_roster_agent *a = &m->in->agents[gr->members[k]];
        rest = a->min_rest_min < rest ? a->min_rest_min : rest;
        members += !a->time_off[d] || !a->time_off[d + 1];
    }
    for (int k = 0; k < m->n_types; k++) {
        const wfm_roster_shift_type *e = &m->types[k];
        if (e->group != g || e->day != d)
            continue;
        int end = e->start_min + m->in->templates[e->template_index].length_min;
        int seen = 0; /* one row per distinct end time: the first type that has it */
        for (int j = 0; j < k && !seen; j++)
            seen = m->types[j].group == g && m->types[j].day == d &&
                   m->types[j].start_min + m->in->templates[m->types[j].template_index].length_min == end;
        int conflicts = 0;
        for (int j = 0; j < m->n_types && !conflicts; j++)
            conflicts = m->types[j].group == g && m->types[j].day == d + 1 &&
                        1440 + m->types[j].start_min - end < rest;
        if (seen || !conflicts)
            continue;
        int row = add_row(m->lp, GLP_UP, 0, members);
        for (int j = 0; j < m->n_types; j++) {
            const wfm_roster_shift_type *o = &m->types[j];
            if (o->group != g)
                continue;
            int o_end = o->start_min + m->in->templates[o->template_index].length_min;
            if ((o->day == d && o_end >= end) || (o->day == d + 1 && 1440 + o->start_min - end < rest))
                put(b, row, o->col_count, 1.0);
        }
    }
}

/* Per 7-day block: the group's shifts within its members' working days, its
 * paid hours within their contracts (the lower one soft, as a slack paid at
 * twice the hourly cost so the plan prefers to fill contracts with work). */
static void add_group_week_capacity(builder *b, int g, int from, int to)
{
    wfm_roster_model *m = b->m;
    const wfm_roster_group *gr = &m->groups[g];
    double max_h = 0, min_h = 0;
    int days = 0;
    for (int k = 0; k < gr->n_members; k++) {
        const wfm_roster_agent *a = &m->in->agents[gr->members[k]];
        days += agent_work_days(a, from, to);
        max_h += a->max_week_hours;
        min_h += wfm_roster_agent_min_hours(a, from, to);
    }
    int day_row = add_row(m->lp, GLP_UP, 0, days);
    int max_row = add_row(m->lp, GLP_UP, 0, max_h);
    int min_row = add_row(m->lp, GLP_LO, min_h, 0);
    add_capacity_row(b, day_row);
    add_capacity_row(b, max_row);
    for (int k = 0; k < m->n_types; k++) {
        const wfm_roster_shift_type *st = &m->types[k];
        if (st->group != g || st->day < from || st->day >= to)
            continue;
        double paid = wfm_roster_type_paid_hours(m, st);
        put(b, day_row, st->col_count, 1.0);
        put(b, max_row, st->col_count, paid);
        put(b, min_row, st->col_count, paid);
    }
    int slack = add_cols(m->lp, 1, GLP_CV, 0, INFINITY, 2.0 * m->opts.cost_per_paid_hour);
    put(b, min_row, slack, 1.0);
}

int wfm_roster_model_interior(const wfm_roster_model *m)
{
    return m->opts.target == WFM_ROSTER_TARGET_DAILY_ANSWER_RATE ||
           glp_get_num_cols(m->lp) > WFM_ROSTER_INTERIOR_FROM_COLS;
}

static void add_capacity(builder *b)
{
    wfm_roster_model *m = b->m;
    /* The rest rows slowed the sample week's relaxation from 12.0 s to
     * 14.5 s and took the named roster's decomposition loss from 2.32 % to
     * 0.72-1.52 % in four runs (`wfm roster --phases`), the assignment
     * finding fewer planned shifts nobody can work. */
    int n_days = m->in->n_days, n_weeks = (n_days + 6) / 7;
    m->capacity_rows = calloc((size_t)m->n_groups * (n_days + 2 * n_weeks), sizeof(int));
    if (!m->capacity_rows) {
        b->failed = 1;
        return;
    }
    for (int g = 0; g < m->n_groups; g++) {
        for (int d = 0; d < n_days; d++)
            add_group_day_capacity(b, g, d);
        for (int d = 0; d + 1 < n_days; d++)
            add_group_rest(b, g, d);
        for (int w = 0; w < n_weeks; w++)
            add_group_week_capacity(b, g, 7 * w, 7 * w + 7 < n_days ? 7 * w + 7 : n_days);
    }
}

/* ---- assembly ------------------------------------------------------------ */

static int alloc_maps(wfm_roster_model *m)
{
    const wfm_roster_input *in = m->in;
    size_t slots = (size_t)n_slots(in);
    m->col_seats = calloc((size_t)m->n_groups * slots, sizeof(int));
    m->col_short = calloc(slots, sizeof(int));
    m->col_answer_first = calloc(slots, sizeof(int));
    m->n_answer_cols = calloc(slots, sizeof(int));
    m->col_day_short = calloc((size_t)in->n_queues * in->n_days, sizeof(int));
    m->n_types = count_types(m, NULL);
    m->types = calloc((size_t)m->n_types + 1, sizeof *m->types);
    if (!m->col_seats || !m->col_short || !m->col_answer_first || !m->n_answer_cols ||
        !m->col_day_short || !m->types)
        return -1;
    count_types(m, m->types);
    return 0;
}

wfm_status wfm_roster_model_build(const wfm_roster_input *in, const wfm_roster_opts *opts,
                                  wfm_roster_model *out, wfm_error *err)
{
    memset(out, 0, sizeof *out);
    out->in = in;
    out->opts = *opts;
    out->interval_min = 1440 / in->intervals_per_day;
    if (build_groups(out) || alloc_maps(out)) {
        wfm_roster_model_free(out);
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory building the roster model");
    }
    out->lp = glp_create_prob();
    glp_set_obj_dir(out->lp, GLP_MIN);
    builder b = {.m = out};
    int n_t = in->n_days * in->intervals_per_day;
    out->row_balance = b.row_balance = calloc((size_t)out->n_groups * n_t, sizeof(int));
    if (!b.row_balance)
        b.failed = 1;
    else {
        add_balance_rows(&b);
        for (int k = 0; k < out->n_types; k++)
            add_type_columns(&b, &out->types[k]);
        out->n_plan_cols = glp_get_num_cols(out->lp);
        add_seat_columns(&b);
        if (opts->target == WFM_ROSTER_TARGET_SEATS)
            add_seat_target(&b);
        else
            add_daily_target(&b);
        add_capacity(&b);
    }
    if (!b.failed) {
        glp_load_matrix(out->lp, b.a.n, b.a.row, b.a.col, b.a.val);
        int was = glp_term_out(GLP_OFF); /* scaling reports on stdout otherwise */
        glp_scale_prob(out->lp, GLP_SF_AUTO);
        glp_term_out(was);
    }
    triplets_free(&b.a);
    if (b.failed) {
        wfm_roster_model_free(out);
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory building the roster model");
    }
    return WFM_OK;
}

void wfm_roster_model_free(wfm_roster_model *m)
{
    if (m->lp)
        glp_delete_prob(m->lp);
    for (int g = 0; m->groups && g < m->n_groups; g++)
        free(m->groups[g].members);
    free(m->groups);
    free(m->agent_group);
    free(m->types);
    free(m->col_seats);
    free(m->col_short);
    free(m->col_day_short);
    free(m->col_answer_first);
    free(m->n_answer_cols);
    free(m->capacity_rows);
    free(m->row_balance);
    memset(m, 0, sizeof *m);
}
