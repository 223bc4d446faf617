/* wfm_live: read today's state of a center, re-plan, store (see wfm_live.h). */
#include "api/wfm_live.h"
#include "api/wfm_db.h"
#include "api/wfm_realloc_json.h"
#include "core/wfm_date.h"
#include "forecast/wfm_reforecast.h"
#include "models/wfm_erlang.h"
#include "models/wfm_staffing.h"
#include "models/wfm_surge.h"
#include "optimizer/wfm_reallocate.h"

#include <glpk.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TARGET_ANSWER_RATE 0.95
#define PATIENCE_S 60.0        /* mean caller patience (Erlang A) until centers store theirs */
#define DEFAULT_AHT_S 300.0    /* an interval without forecast: 5 minutes */

typedef struct live_queue {
    char id[64];
    wfm_queue_kind kind;
    double deadline_s;
    double *forecast, *upper, *aht; /* [n_grid] from day_start; aht 0 = none */
    double *actual;                 /* [n_observed]; NaN = not reported */
    double waiting;                 /* contacts waiting now (snapshot) */
    double factor, actual_so_far, forecast_so_far;
    double *offered, *seats_needed; /* [n_horizon] */
    double *aht_s;                  /* [n_horizon] */
} live_queue;

typedef struct live_snapshot {
    int present;
    int64_t taken_at;
    int logged_in, on_break, available;
} live_snapshot;

typedef struct live_plan {
    const char *center;
    int64_t as_of, day_start, plan_start;
    int interval_s, utc_offset_s;
    size_t n_observed, n_horizon, n_grid;
    live_queue *queues;
    size_t n_queues;
    wfm_realloc_agent *agents;
    char **agent_names;
    size_t n_agents;
    live_snapshot snapshot;
} live_plan;

/* ---- reading ---------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static int64_t cell(const PGresult *r, int row, int col)
{
    return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

/* The center's grid: interval, local midnight of as_of, offset from UTC. */
static wfm_status load_center(PGconn *db, live_plan *plan, wfm_error *err)
{
    char as_of[32];
    snprintf(as_of, sizeof as_of, "%lld", (long long)plan->as_of);
    const char *params[] = {plan->center, as_of};
    PGresult *r = wfm_db_query(db,
        "SELECT interval_s,"
        " extract(epoch FROM date_trunc('day', to_timestamp($2::bigint) AT TIME ZONE time_zone)"
        "   AT TIME ZONE time_zone)::bigint,"
        " extract(epoch FROM (to_timestamp($2::bigint) AT TIME ZONE time_zone)"
        "   - (to_timestamp($2::bigint) AT TIME ZONE 'UTC'))::bigint"
        " FROM center WHERE id = $1", 2, params, err);
    if (!r)
        return err->status;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return wfm_error_set(err, WFM_ENOTFOUND, "center", "no center '%s'", plan->center);
    }
    plan->interval_s = (int)cell(r, 0, 0);
    plan->day_start = cell(r, 0, 1);
    plan->utc_offset_s = (int)cell(r, 0, 2);
    PQclear(r);
    plan->n_observed = (size_t)((plan->as_of - plan->day_start) / plan->interval_s);
    plan->plan_start = plan->day_start + (int64_t)plan->n_observed * plan->interval_s;
    plan->n_horizon = WFM_LIVE_HORIZON_S / plan->interval_s;
    plan->n_grid = plan->n_observed + plan->n_horizon;
    return WFM_OK;
}

static double *new_series(size_t n, double fill)
{
    double *v = malloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; v && i < n; i++)
        v[i] = fill;
    return v;
}

static wfm_status alloc_queue(live_plan *plan, live_queue *q, wfm_error *err)
{
    q->forecast = new_series(plan->n_grid, 0);
    q->upper = new_series(plan->n_grid, 0);
    q->aht = new_series(plan->n_grid, 0);
    q->actual = new_series(plan->n_observed, NAN);
    q->offered = new_series(plan->n_horizon, 0);
    q->seats_needed = new_series(plan->n_horizon, 0);
    q->aht_s = new_series(plan->n_horizon, DEFAULT_AHT_S);
    if (!q->forecast || !q->upper || !q->aht || !q->actual || !q->offered ||
        !q->seats_needed || !q->aht_s)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the live plan");
    return WFM_OK;
}

static wfm_status load_queues(PGconn *db, live_plan *plan, wfm_error *err)
{
    const char *params[] = {plan->center};
    PGresult *r = wfm_db_query(db, "SELECT id, kind, coalesce(deadline_s, 0) FROM queue"
                            " WHERE center_id = $1 ORDER BY id", 1, params, err);
    if (!r)
        return err->status;
    size_t n = (size_t)PQntuples(r);
    if (n == 0 || n > WFM_REALLOC_MAX_QUEUES) {
        PQclear(r);
        return wfm_error_set(err, WFM_EINVAL, "queues",
                             "center '%s' has %zu queues; a live plan needs 1..%d",
                             plan->center, n, WFM_REALLOC_MAX_QUEUES);
    }
    plan->queues = calloc(n, sizeof *plan->queues);
    if (!plan->queues) {
        PQclear(r);
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the live plan");
    }
    plan->n_queues = n;
    wfm_status st = WFM_OK;
    for (size_t i = 0; i < n && st == WFM_OK; i++) {
        live_queue *q = &plan->queues[i];
        snprintf(q->id, sizeof q->id, "%s", PQgetvalue(r, (int)i, 0));
        q->kind = strcmp(PQgetvalue(r, (int)i, 1), "live") ? WFM_QUEUE_DEFERRED : WFM_QUEUE_LIVE;
        q->deadline_s = (double)cell(r, (int)i, 2);
        if (q->kind == WFM_QUEUE_DEFERRED && q->deadline_s <= 0)
            q->deadline_s = 86400; /* a deferred queue without a deadline: within the day */
        st = alloc_queue(plan, q, err);
    }
    PQclear(r);
    return st;
}

/* Index of queue id, or -1. */
static int queue_index(const live_plan *plan, const char *id)
{
    for (size_t i = 0; i < plan->n_queues; i++)
        if (!strcmp(plan->queues[i].id, id))
            return (int)i;
    return -1;
}

/* The grid index of Unix time t, or -1 when t is off the grid or outside
 * [day_start, day_start + limit intervals). */
static long grid_index(const live_plan *plan, int64_t t, size_t limit)
{
    int64_t since = t - plan->day_start;
    if (since < 0 || since % plan->interval_s)
        return -1;
    int64_t i = since / plan->interval_s;
    return (size_t)i < limit ? (long)i : -1;
}

static void time_params(const live_plan *plan, char from[32], char until[32], size_t n)
{
    snprintf(from, 32, "%lld", (long long)plan->day_start);
    snprintf(until, 32, "%lld", (long long)(plan->day_start + (int64_t)n * plan->interval_s));
}

/* Fills one queue's series from row `row` of r at grid index i. */
typedef void (*series_row_fn)(live_queue *q, long i, const PGresult *r, int row);

static void store_forecast(live_queue *q, long i, const PGresult *r, int row)
{
    q->forecast[i] = strtod(PQgetvalue(r, row, 2), NULL);
    q->upper[i] = strtod(PQgetvalue(r, row, 3), NULL);
    q->aht[i] = strtod(PQgetvalue(r, row, 4), NULL);
}

static void store_actual(live_queue *q, long i, const PGresult *r, int row)
{
    q->actual[i] = strtod(PQgetvalue(r, row, 2), NULL);
}

/* Runs sql ($1 center, $2 .. $3 the first n intervals of the grid; columns
 * queue_id, interval start in Unix seconds, values...) and stores each row
 * on the grid; rows off the grid or of other queues are skipped. */
static wfm_status load_series(PGconn *db, live_plan *plan, const char *sql, size_t n,
                              series_row_fn store, wfm_error *err)
{
    char from[32], until[32];
    time_params(plan, from, until, n);
    const char *params[] = {plan->center, from, until};
    PGresult *r = wfm_db_query(db, sql, 3, params, err);
    if (!r)
        return err->status;
    for (int row = 0; row < PQntuples(r); row++) {
        int q = queue_index(plan, PQgetvalue(r, row, 0));
        long i = grid_index(plan, cell(r, row, 1), n);
        if (q >= 0 && i >= 0)
            store(&plan->queues[q], i, r, row);
    }
    PQclear(r);
    return WFM_OK;
}

static wfm_status load_forecast(PGconn *db, live_plan *plan, wfm_error *err)
{
    return load_series(db, plan,
        "SELECT queue_id, extract(epoch FROM interval_start)::bigint, offered,"
        " offered_upper95, aht_s FROM live_forecast WHERE center_id = $1"
        " AND interval_start >= to_timestamp($2::bigint)"
        " AND interval_start < to_timestamp($3::bigint)", plan->n_grid, store_forecast, err);
}

static wfm_status load_actuals(PGconn *db, live_plan *plan, wfm_error *err)
{
    return load_series(db, plan,
        "SELECT queue_id, extract(epoch FROM interval_start)::bigint, offered"
        " FROM live_actual WHERE center_id = $1"
        " AND interval_start >= to_timestamp($2::bigint)"
        " AND interval_start < to_timestamp($3::bigint)", plan->n_observed, store_actual, err);
}

/* The latest snapshot taken in the interval before as_of: an older board
 * says nothing about now. */
static wfm_status load_snapshot(PGconn *db, live_plan *plan, wfm_error *err)
{
    char as_of[32], oldest[32];
    snprintf(as_of, sizeof as_of, "%lld", (long long)plan->as_of);
    snprintf(oldest, sizeof oldest, "%lld", (long long)(plan->as_of - plan->interval_s));
    const char *params[] = {plan->center, as_of, oldest};
    PGresult *r = wfm_db_query(db,
        "SELECT s.id, extract(epoch FROM s.taken_at)::bigint, agents_logged_in,"
        " agents_on_break, agents_available, q.queue_id, q.contacts_waiting"
        " FROM (SELECT * FROM live_snapshot WHERE center_id = $1"
        "   AND taken_at <= to_timestamp($2::bigint) AND taken_at > to_timestamp($3::bigint)"
        "   ORDER BY taken_at DESC, id DESC LIMIT 1) s"
        " LEFT JOIN live_snapshot_queue q ON q.snapshot_id = s.id", 3, params, err);
    if (!r)
        return err->status;
    for (int row = 0; row < PQntuples(r); row++) {
        plan->snapshot.present = 1;
        plan->snapshot.taken_at = cell(r, row, 1);
        plan->snapshot.logged_in = (int)cell(r, row, 2);
        plan->snapshot.on_break = (int)cell(r, row, 3);
        plan->snapshot.available = (int)cell(r, row, 4);
        int q = PQgetisnull(r, row, 5) ? -1 : queue_index(plan, PQgetvalue(r, row, 5));
        if (q >= 0)
            plan->queues[q].waiting = (double)cell(r, row, 6);
    }
    PQclear(r);
    return WFM_OK;
}

/* Interval index relative to plan_start: floor for starts, ceil for ends. */
static int rel_floor(const live_plan *plan, int64_t t)
{
    return (int)floor_div(t - plan->plan_start, plan->interval_s);
}

static int rel_ceil(const live_plan *plan, int64_t t)
{
    return (int)-floor_div(plan->plan_start - t, plan->interval_s);
}

/* skills "a,b,c" -> bit mask over the center's queues (unknown ids are
 * skills for queues this center does not have: ignored). */
static unsigned skill_mask(const live_plan *plan, char *skills)
{
    unsigned mask = 0;
    for (char *save = NULL, *s = strtok_r(skills, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
        int q = queue_index(plan, s);
        if (q >= 0)
            mask |= 1u << q;
    }
    return mask;
}

static void fill_agent(live_plan *plan, const PGresult *r, int row, wfm_realloc_agent *a)
{
    memset(a, 0, sizeof *a);
    a->skills = skill_mask(plan, PQgetvalue(r, row, 3));
    int planned = PQgetisnull(r, row, 4) ? -1 : queue_index(plan, PQgetvalue(r, row, 4));
    a->queue = planned >= 0 ? planned : WFM_REALLOC_OFFLINE;
    a->shift_start = rel_floor(plan, cell(r, row, 1));
    a->shift_end = rel_ceil(plan, cell(r, row, 2));
}

/* Adds the break in row to agent a unless it is over already. */
static void add_break(const live_plan *plan, const PGresult *r, int row, wfm_realloc_agent *a)
{
    int start = rel_floor(plan, cell(r, row, 1));
    int end = rel_ceil(plan, cell(r, row, 2));
    if (end <= 0 || a->n_breaks == WFM_REALLOC_MAX_BREAKS)
        return;
    wfm_realloc_break *b = &a->breaks[a->n_breaks++];
    b->start = start;
    b->length = end - start;
    b->earliest = start < 0 ? start : rel_floor(plan, cell(r, row, 3));
    b->latest = start < 0 ? start : rel_floor(plan, cell(r, row, 4));
}

static wfm_status load_breaks(PGconn *db, live_plan *plan, const char *const *params,
                              wfm_error *err)
{
    PGresult *r = wfm_db_query(db,
        "SELECT b.agent_id, extract(epoch FROM b.break_start)::bigint,"
        " extract(epoch FROM b.break_end)::bigint, extract(epoch FROM b.earliest_start)::bigint,"
        " extract(epoch FROM b.latest_start)::bigint"
        " FROM live_shift_break b JOIN live_shift s USING (center_id, agent_id, shift_start)"
        " WHERE s.center_id = $1 AND s.shift_end > to_timestamp($2::bigint)"
        " AND s.shift_start < to_timestamp($3::bigint)"
        " ORDER BY b.agent_id, b.break_start", 3, params, err);
    if (!r)
        return err->status;
    size_t a = 0;
    for (int row = 0; row < PQntuples(r); row++) {
        const char *name = PQgetvalue(r, row, 0);
        while (a < plan->n_agents && strcmp(plan->agent_names[a], name) < 0)
            a++;
        if (a < plan->n_agents && !strcmp(plan->agent_names[a], name))
            add_break(plan, r, row, &plan->agents[a]);
    }
    PQclear(r);
    return WFM_OK;
}

/* Agents whose shift overlaps the horizon, sorted by id (one shift each:
 * the latest starting one if a center stored two). */
static wfm_status load_agents(PGconn *db, live_plan *plan, wfm_error *err)
{
    char from[32], until[32];
    snprintf(from, sizeof from, "%lld", (long long)plan->plan_start);
    snprintf(until, sizeof until, "%lld",
             (long long)(plan->plan_start + (int64_t)plan->n_horizon * plan->interval_s));
    const char *params[] = {plan->center, from, until};
    PGresult *r = wfm_db_query(db,
        "SELECT DISTINCT ON (agent_id COLLATE \"C\") agent_id,"
        " extract(epoch FROM shift_start)::bigint, extract(epoch FROM shift_end)::bigint,"
        " array_to_string(skills, ','), planned_queue FROM live_shift WHERE center_id = $1"
        " AND shift_end > to_timestamp($2::bigint) AND shift_start < to_timestamp($3::bigint)"
        " ORDER BY agent_id COLLATE \"C\", shift_start DESC", 3, params, err);
    if (!r)
        return err->status;
    size_t n = (size_t)PQntuples(r);
    plan->agents = calloc(n ? n : 1, sizeof *plan->agents);
    plan->agent_names = calloc(n ? n : 1, sizeof *plan->agent_names);
    wfm_status st = plan->agents && plan->agent_names
                        ? WFM_OK
                        : wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the agents");
    for (size_t i = 0; i < n && st == WFM_OK; i++) {
        plan->agent_names[i] = strdup(PQgetvalue(r, (int)i, 0));
        if (!plan->agent_names[i]) {
            st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the agents");
            break;
        }
        plan->n_agents = i + 1;
        fill_agent(plan, r, (int)i, &plan->agents[i]);
        plan->agents[i].name = plan->agent_names[i];
    }
    PQclear(r);
    return st == WFM_OK ? load_breaks(db, plan, params, err) : st;
}

/* ---- computing -------------------------------------------------------- */

/* Reforecast of one queue (forecast/wfm_reforecast: the day's level
 * factor from the intervals reported so far, applied to the rest). The
 * grid from midnight to the end of the horizon is the "day" it sees.
 * Contacts waiting in a live queue now join its first interval. */
static wfm_status reforecast_queue(const live_plan *plan, live_queue *q, wfm_error *err)
{
    for (size_t i = 0; i < plan->n_observed; i++) {
        if (isnan(q->actual[i]))
            continue;
        q->actual_so_far += q->actual[i];
        q->forecast_so_far += q->forecast[i];
    }
    double *day = malloc(plan->n_grid * sizeof *day);
    if (!day)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the reforecast");
    wfm_reforecast_opts opts;
    wfm_reforecast_opts_init(&opts); /* cv 0.10: days miss their forecast by about 10 % */
    wfm_status st = wfm_reforecast_day(q->forecast, q->actual, plan->n_grid, plan->n_observed,
                                       &opts, day, &q->factor, err);
    for (size_t h = 0; st == WFM_OK && h < plan->n_horizon; h++) {
        size_t g = plan->n_observed + h;
        q->offered[h] = day[g];
        if (q->aht[g] > 0)
            q->aht_s[h] = q->aht[g];
    }
    free(day);
    if (st == WFM_OK && q->kind == WFM_QUEUE_LIVE && plan->n_horizon > 0)
        q->offered[0] += q->waiting;
    return st;
}

static wfm_erlang_input erlang_input(double offered, double aht_s, double interval_s)
{
    wfm_erlang_input in;
    wfm_erlang_input_init(&in);
    in.calls = offered;
    in.aht_s = aht_s;
    in.interval_s = interval_s;
    in.patience_s = PATIENCE_S;
    return in;
}

/* Share of contacts answered with `seats` agents (Erlang A, models/). */
static double answer_rate_for(double offered, double aht_s, double interval_s, int seats)
{
    if (offered <= 0)
        return 1.0;
    wfm_erlang_input in = erlang_input(offered, aht_s, interval_s);
    wfm_erlang_metrics m;
    wfm_error ignored;
    return wfm_erlang_metrics_at(&in, seats, &m, &ignored) == WFM_OK ? m.answer_rate : NAN;
}

/* The fewest seats reaching the target answer rate (Erlang A, models/). */
static wfm_status seats_for_target(const live_plan *plan, live_queue *q, wfm_error *err)
{
    wfm_staffing_opts opts;
    wfm_staffing_opts_init(&opts);
    opts.min_answer_rate = TARGET_ANSWER_RATE;
    opts.targeted_metrics_only = true;
    for (size_t h = 0; h < plan->n_horizon; h++) {
        if (q->offered[h] <= 0) {
            q->seats_needed[h] = 0;
            continue;
        }
        wfm_erlang_input in = erlang_input(q->offered[h], q->aht_s[h], plan->interval_s);
        wfm_staffing_result r;
        wfm_status st = wfm_staffing_solve(&in, &opts, &r, err);
        if (st != WFM_OK)
            return st;
        q->seats_needed[h] = r.seats;
    }
    return WFM_OK;
}

static double answer_rate_callback(const void *ctx, size_t queue, size_t interval, int seats)
{
    const live_plan *plan = ctx;
    const live_queue *q = &plan->queues[queue];
    return answer_rate_for(q->offered[interval], q->aht_s[interval], plan->interval_s, seats);
}

static wfm_status staff_queues(live_plan *plan, wfm_error *err)
{
    for (size_t i = 0; i < plan->n_queues; i++) {
        live_queue *q = &plan->queues[i];
        wfm_status st = reforecast_queue(plan, q, err);
        if (st == WFM_OK && q->kind == WFM_QUEUE_LIVE)
            st = seats_for_target(plan, q, err);
        if (st != WFM_OK)
            return st;
    }
    return WFM_OK;
}

static wfm_status reallocate(live_plan *plan, wfm_realloc_result *result, wfm_error *err)
{
    wfm_realloc_queue queues[WFM_REALLOC_MAX_QUEUES];
    for (size_t i = 0; i < plan->n_queues; i++) {
        const live_queue *q = &plan->queues[i];
        queues[i] = (wfm_realloc_queue){
            .name = q->id, .kind = q->kind, .offered = q->offered, .aht_s = q->aht_s,
            .seats_needed = q->kind == WFM_QUEUE_LIVE ? q->seats_needed : NULL,
            .backlog = q->kind == WFM_QUEUE_DEFERRED ? q->waiting : 0,
            .backlog_due_s = q->deadline_s, .deadline_s = q->deadline_s, .weight = 1};
    }
    wfm_realloc_input in = {
        .queues = queues, .n_queues = plan->n_queues, .agents = plan->agents,
        .n_agents = plan->n_agents, .n_intervals = plan->n_horizon,
        .interval_s = plan->interval_s, .answer_rate = answer_rate_callback,
        .answer_rate_ctx = plan};
    return wfm_reallocate(&in, NULL, result, err);
}

/* ---- the plan as JSON ------------------------------------------------- */

static json_t *timestamp(const live_plan *plan, int64_t t)
{
    char buf[40];
    wfm_timestamp_format(t, plan->utc_offset_s, buf, sizeof buf);
    return json_string(buf);
}

static json_t *at_interval(const live_plan *plan, long i)
{
    return timestamp(plan, plan->plan_start + (int64_t)i * plan->interval_s);
}

/* Rounded so the text (and the ETag) does not move with float noise. */
static json_t *number(double v, double unit)
{
    return isfinite(v) ? json_real(round(v / unit) * unit) : json_null();
}

/* One queue's per-interval figures as columns, one array a figure:
 * element h of each is interval h of the horizon, starting at
 * interval_starts[h] of the plan. The key names are written once a queue,
 * not once an interval (they were 73 % of the plan's bytes). */
static json_t *queue_json(const live_plan *plan, const wfm_realloc_result *res, size_t qi)
{
    const live_queue *q = &plan->queues[qi];
    json_t *offered = json_array(), *aht_s = json_array(), *seats_needed = json_array(),
           *seats_assigned = json_array(), *answer_rate = json_array(), *shortfall = json_array();
    for (size_t h = 0; h < plan->n_horizon; h++) {
        const wfm_realloc_cell *c = &res->cells[qi * res->n_intervals + h];
        json_array_append_new(offered, number(q->offered[h], 0.1));
        json_array_append_new(aht_s, number(q->aht_s[h], 0.1));
        json_array_append_new(seats_needed, number(c->seats_needed, 0.01));
        json_array_append_new(seats_assigned, json_integer(c->seats_assigned));
        json_array_append_new(answer_rate, number(c->predicted_answer_rate, 0.0001));
        json_array_append_new(shortfall, number(c->shortfall, 0.01));
    }
    return json_pack("{s:s, s:s, s:{s:o, s:o, s:o}, s:o, s:o, s:o, s:o, s:o, s:o}", "queue",
                     q->id, "kind", q->kind == WFM_QUEUE_LIVE ? "live" : "deferred",
                     "reforecast", "factor", number(q->factor, 0.0001), "actual_so_far",
                     number(q->actual_so_far, 0.1), "forecast_so_far",
                     number(q->forecast_so_far, 0.1), "offered", offered, "aht_s", aht_s,
                     "seats_needed", seats_needed, "seats_assigned", seats_assigned,
                     "predicted_answer_rate", answer_rate, "shortfall", shortfall);
}

/* The start of each interval of the horizon, once for all queues: clients
 * index the queues' columns with it and need no date arithmetic. */
static json_t *interval_starts_json(const live_plan *plan)
{
    json_t *starts = json_array();
    for (size_t h = 0; h < plan->n_horizon; h++)
        json_array_append_new(starts, at_interval(plan, (long)h));
    return starts;
}

static json_t *plan_time(const void *plan, long interval)
{
    return at_interval(plan, interval);
}

/* Moves, break changes and proposals, each decision once with its agents
 * (api/wfm_realloc_json): decisions[0..2]; 0 or -1 with err and nothing
 * left to free. */
static int decisions_json(const live_plan *plan, const wfm_realloc_result *res,
                          json_t *decisions[3], wfm_error *err)
{
    const char *queues[WFM_REALLOC_MAX_QUEUES];
    for (size_t i = 0; i < plan->n_queues; i++)
        queues[i] = plan->queues[i].id;
    const wfm_realloc_json_names names = {plan->agents, queues, plan_time, plan};
    decisions[0] = wfm_realloc_moves_json(res, &names, err);
    decisions[1] = decisions[0] ? wfm_realloc_break_changes_json(res, &names, err) : NULL;
    decisions[2] = decisions[1] ? wfm_realloc_proposals_json(res, &names, err) : NULL;
    if (decisions[2])
        return 0;
    json_decref(decisions[0]);
    json_decref(decisions[1]);
    return -1;
}

/* One alert per queue whose actuals ran above the 95 % bound for the last
 * K intervals (wfm_surge). */
static json_t *surge_json(const live_plan *plan, wfm_error *err)
{
    json_t *alerts = json_array();
    for (size_t i = 0; i < plan->n_queues; i++) {
        const live_queue *q = &plan->queues[i];
        wfm_surge_alert alert;
        int found = 0;
        if (wfm_surge_detect(q->actual, q->upper, plan->n_observed, NULL, &alert, &found, err) !=
            WFM_OK) {
            json_decref(alerts);
            return NULL;
        }
        if (found)
            json_array_append_new(alerts, json_pack("{s:s, s:o, s:I, s:o, s:o}", "queue", q->id,
                "since", timestamp(plan, plan->day_start + (int64_t)alert.since * plan->interval_s),
                "intervals", (json_int_t)alert.intervals, "ratio", number(alert.ratio, 0.001),
                "above", number(alert.above, 0.1)));
    }
    return alerts;
}

static json_t *realtime_json(const live_plan *plan)
{
    if (!plan->snapshot.present)
        return json_null();
    json_t *waiting = json_object();
    for (size_t i = 0; i < plan->n_queues; i++)
        json_object_set_new(waiting, plan->queues[i].id, json_integer((json_int_t)plan->queues[i].waiting));
    return json_pack("{s:o, s:{s:i, s:i, s:i}, s:o}", "taken_at",
                     timestamp(plan, plan->snapshot.taken_at), "agents", "logged_in",
                     plan->snapshot.logged_in, "on_break", plan->snapshot.on_break, "available",
                     plan->snapshot.available, "contacts_waiting", waiting);
}

/* The plan document; NULL + err when out of memory. */
static json_t *plan_json(const live_plan *plan, const wfm_realloc_result *res, wfm_error *err)
{
    json_t *alerts = surge_json(plan, err);
    if (!alerts)
        return NULL;
    json_t *decisions[3];
    if (decisions_json(plan, res, decisions, err)) {
        json_decref(alerts);
        return NULL;
    }
    json_t *queues = json_array();
    for (size_t i = 0; i < plan->n_queues; i++)
        json_array_append_new(queues, queue_json(plan, res, i));
    json_t *doc = json_pack(
        "{s:s, s:o, s:i, s:{s:o, s:o, s:I}, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
        "center", plan->center, "as_of", timestamp(plan, plan->as_of), "interval_s",
        plan->interval_s, "horizon", "from", at_interval(plan, 0), "until",
        at_interval(plan, (long)plan->n_horizon), "intervals", (json_int_t)plan->n_horizon,
        "interval_starts", interval_starts_json(plan), "agents_on_shift", (json_int_t)plan->n_agents, "realtime", realtime_json(plan),
        "surge_alerts", alerts, "queues", queues, "moves", decisions[0],
        "break_changes", decisions[1], "proposals", decisions[2],
        "reforecast_rule", json_string("forecast/wfm_reforecast: factor (A + k) / (F + k), k = 1 / 0.1^2, on the rest of today"));
    if (!doc)
        wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the plan JSON");
    return doc;
}

/* ---- storing ---------------------------------------------------------- */

/* Inserts the plan unless it equals the latest stored one; fills out. */
static wfm_status store_plan(PGconn *db, const live_plan *plan, wfm_live_stored *out,
                             wfm_error *err)
{
    wfm_live_etag(out->text, out->len, out->etag);
    const char *latest_params[] = {plan->center};
    PGresult *r = wfm_db_query(db, "SELECT id, etag FROM live_seat_plan WHERE center_id = $1"
                            " ORDER BY id DESC LIMIT 1", 1, latest_params, err);
    if (!r)
        return err->status;
    int same = PQntuples(r) == 1 && !strcmp(PQgetvalue(r, 0, 1), out->etag);
    out->plan_id = same ? cell(r, 0, 0) : -1;
    PQclear(r);
    out->changed = !same;
    if (same)
        return WFM_OK;
    char as_of[32];
    snprintf(as_of, sizeof as_of, "%lld", (long long)plan->as_of);
    const char *params[] = {plan->center, as_of, out->etag, out->text};
    r = wfm_db_query(db, "INSERT INTO live_seat_plan (center_id, as_of, etag, plan)"
                  " VALUES ($1, to_timestamp($2::bigint), $3, $4) RETURNING id", 4, params, err);
    if (!r)
        return err->status;
    out->plan_id = cell(r, 0, 0);
    PQclear(r);
    return WFM_OK;
}

static void plan_free(live_plan *plan)
{
    for (size_t i = 0; i < plan->n_queues; i++) {
        live_queue *q = &plan->queues[i];
        free(q->forecast);
        free(q->upper);
        free(q->aht);
        free(q->actual);
        free(q->offered);
        free(q->seats_needed);
        free(q->aht_s);
    }
    free(plan->queues);
    for (size_t i = 0; i < plan->n_agents; i++)
        free(plan->agent_names[i]);
    free(plan->agent_names);
    free(plan->agents);
}

static wfm_status load_plan(PGconn *db, live_plan *plan, wfm_error *err)
{
    const char *params[] = {plan->center};
    PGresult *r = wfm_db_query(db, "SELECT pg_advisory_xact_lock(hashtext('live:' || $1))", 1,
                        params, err);
    if (!r)
        return err->status;
    PQclear(r);
    wfm_status st = load_center(db, plan, err);
    if (st == WFM_OK)
        st = load_queues(db, plan, err);
    if (st == WFM_OK)
        st = load_forecast(db, plan, err);
    if (st == WFM_OK)
        st = load_actuals(db, plan, err);
    if (st == WFM_OK)
        st = load_snapshot(db, plan, err);
    if (st == WFM_OK)
        st = load_agents(db, plan, err);
    return st;
}

/* Solves and serializes; out->text set on success. */
static wfm_status compute_plan(live_plan *plan, wfm_live_stored *out, wfm_error *err)
{
    wfm_realloc_result result;
    wfm_status st = staff_queues(plan, err);
    if (st == WFM_OK)
        st = reallocate(plan, &result, err);
    /* GLPK keeps an environment per thread that nothing frees when a
     * server worker thread ends; the solve is over, so free it now. */
    glp_free_env();
    if (st != WFM_OK)
        return st;
    json_t *doc = plan_json(plan, &result, err);
    wfm_realloc_result_free(&result);
    if (!doc)
        return err->status;
    out->text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(doc);
    if (!out->text)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the plan JSON");
    out->len = strlen(out->text);
    return WFM_OK;
}

static double ms_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) * 1e3 + (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

wfm_status wfm_live_replan(PGconn *db, const char *center, int64_t as_of,
                           wfm_live_stored *out, wfm_error *err)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    memset(out, 0, sizeof *out);
    live_plan plan = {.center = center, .as_of = as_of};
    wfm_status st = load_plan(db, &plan, err);
    if (st == WFM_OK)
        st = compute_plan(&plan, out, err);
    if (st == WFM_OK)
        st = store_plan(db, &plan, out, err);
    plan_free(&plan);
    if (st != WFM_OK) {
        free(out->text);
        out->text = NULL;
        out->len = 0;
        return st;
    }
    out->replan_ms = ms_since(&start);
    return WFM_OK;
}

/* ---- interval boundaries ---------------------------------------------- */

/* The centers due at boundary ($1, Unix seconds): a stored plan older than
 * boundary, and boundary on the center's local interval grid. */
static PGresult *centers_due(PGconn *db, int64_t boundary, wfm_error *err)
{
    char t[32];
    snprintf(t, sizeof t, "%lld", (long long)boundary);
    const char *params[] = {t};
    return wfm_db_query(db,
        "SELECT c.id FROM center c"
        " WHERE (SELECT p.as_of FROM live_seat_plan p WHERE p.center_id = c.id"
        "        ORDER BY p.id DESC LIMIT 1) < to_timestamp($1::bigint)"
        " AND mod(extract(epoch FROM to_timestamp($1::bigint) AT TIME ZONE c.time_zone)::bigint,"
        "         c.interval_s) = 0"
        " ORDER BY c.id", 1, params, err);
}

/* One center's re-plan in its own transaction, then into the cache. */
static wfm_status replan_one(PGconn *db, wfm_live_cache *cache, const char *center,
                             int64_t boundary, wfm_error *err)
{
    wfm_live_stored plan;
    wfm_status st = wfm_db_command(db, "BEGIN", 0, NULL, err);
    if (st != WFM_OK)
        return st;
    st = wfm_live_replan(db, center, boundary, &plan, err);
    if (st == WFM_OK)
        st = wfm_db_command(db, "COMMIT", 0, NULL, err);
    else
        wfm_db_command(db, "ROLLBACK", 0, NULL, &(wfm_error){0});
    if (st == WFM_OK)
        st = wfm_live_cache_put(cache, center, plan.plan_id, plan.text, plan.len, plan.etag, err);
    free(plan.text);
    return st;
}

wfm_status wfm_live_replan_due(PGconn *db, wfm_live_cache *cache, int64_t boundary,
                               size_t *replanned, wfm_error *err)
{
    size_t done = 0;
    PGresult *r = centers_due(db, boundary, err);
    wfm_status first = r ? WFM_OK : err->status;
    for (int i = 0; r && i < PQntuples(r); i++) {
        wfm_error one;
        wfm_error_clear(&one);
        if (replan_one(db, cache, PQgetvalue(r, i, 0), boundary, &one) == WFM_OK)
            done++;
        else if (first == WFM_OK)
            first = (*err = one).status;
    }
    PQclear(r);
    if (replanned)
        *replanned = done;
    return first;
}
