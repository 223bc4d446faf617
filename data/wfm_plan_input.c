/* wfm_plan_input: history -> forecast -> requirements -> roster input
 * document (see wfm_plan_input.h).
 *
 * Stages, each in its own module: the spec and its overrides are read
 * against the center's queues (data/wfm_plan_spec); every queue is
 * forecast on the horizon's grid with its handle time and patience
 * (data/wfm_plan_forecast); the overrides scale and move the forecast; the
 * load, agents required and answered-calls curve of every interval come
 * from models/wfm_requirement (Erlang A for live queues, deadline pacing
 * and a capacity curve for deferred ones); the center's stored agents and
 * templates, with headcount and template overrides, complete the document,
 * which is then parsed and validated as any roster input is. */
#include "data/wfm_plan_input.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wfm_date.h"
#include "core/wfm_tz.h"
#include "data/wfm_calendar_store.h"
#include "data/wfm_pg.h"
#include "data/wfm_plan_forecast.h"
#include "data/wfm_plan_spec.h"
#include "data/wfm_roster_store.h"
#include "models/wfm_requirement.h"
#include "optimizer/wfm_roster_io.h"

typedef struct plan_queue {
    char id[WFM_ROSTER_NAME_LEN];
    int deadline_s;          /* > 0: deferred */
    wfm_plan_forecast f;     /* the forecast, then scaled and moved in place */
    double aht_s;            /* offered-weighted mean over the horizon */
    double patience_s;       /* history's or the override's */
    double *load;            /* what each interval is planned for */
    int *required;
    double *curves;          /* per interval, agents 0..curve_agents */
    int curve_agents;        /* the curves' last agent count */
    int saturated_at;        /* agents past which no curve of the queue grows */
    wfm_status status;       /* of its forecast and requirements */
    wfm_error err;
} plan_queue;

typedef struct plan {
    const char *center_id;
    wfm_center_calendar center;
    wfm_calendar *calendar;
    wfm_plan_horizon horizon;
    wfm_plan_spec spec;
    int n_queues;
    plan_queue queues[WFM_ROSTER_MAX_QUEUES];
    int curve_agents;        /* the document's curves' last agent count */
} plan;

static void plan_free(plan *p)
{
    for (int q = 0; q < p->n_queues; q++) {
        wfm_plan_forecast_free(&p->queues[q].f);
        free(p->queues[q].load);
        free(p->queues[q].required);
        free(p->queues[q].curves);
    }
    wfm_center_calendar_free(&p->center);
    wfm_calendar_delete(p->calendar);
}

static size_t grid_size(const plan *p)
{
    return (size_t)p->horizon.days * p->horizon.intervals_per_day;
}

/* ---- the center ------------------------------------------------------------- */

static wfm_status read_queues(PGconn *db, plan *p, wfm_error *err)
{
    const char *params[1] = {p->center_id};
    PGresult *res = PQexecParams(db,
                                 "SELECT q.id, coalesce(q.deadline_s, 0), c.interval_s"
                                 " FROM center c JOIN queue q ON q.center_id = c.id"
                                 " WHERE c.id = $1 ORDER BY q.id",
                                 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return wfm_pg_fail(err, "reading the center's queues", res);
    int n = PQntuples(res);
    wfm_status st = WFM_OK;
    if (n == 0)
        st = wfm_error_set(err, WFM_ENOTFOUND, "queues", "center '%s' has no queues",
                           p->center_id);
    else if (n > WFM_ROSTER_MAX_QUEUES)
        st = wfm_error_set(err, WFM_ELIMIT, "queues", "center '%s' has %d queues (at most %d)",
                           p->center_id, n, WFM_ROSTER_MAX_QUEUES);
    for (int q = 0; st == WFM_OK && q < n; q++) {
        snprintf(p->queues[q].id, sizeof p->queues[q].id, "%s", PQgetvalue(res, q, 0));
        p->queues[q].deadline_s = atoi(PQgetvalue(res, q, 1));
        p->horizon.interval_s = atoi(PQgetvalue(res, q, 2));
    }
    p->n_queues = st == WFM_OK ? n : 0;
    PQclear(res);
    return st;
}

/* The horizon's instants and the calendar that covers its history. */
static wfm_status set_horizon(plan *p, wfm_error *err)
{
    wfm_plan_horizon *h = &p->horizon;
    h->center_id = p->center_id;
    h->time_zone = p->center.time_zone;
    h->start_day = p->spec.start_day;
    h->days = p->spec.days;
    h->intervals_per_day = 86400 / h->interval_s;
    wfm_status st = wfm_tz_day(h->time_zone, h->start_day, h->interval_s, &h->start_utc, NULL, err);
    if (st == WFM_OK)
        st = wfm_tz_day(h->time_zone, h->start_day + h->days, h->interval_s, &h->end_utc, NULL, err);
    int first_year, last_year, m, d;
    wfm_date_to_ymd(h->start_day - WFM_PLAN_HISTORY_WEEKS * 7 - 1, &first_year, &m, &d);
    wfm_date_to_ymd(h->start_day + h->days + 1, &last_year, &m, &d);
    if (st == WFM_OK)
        st = wfm_center_calendar_build(&p->center, first_year, last_year, &p->calendar, err);
    h->calendar = p->calendar;
    return st;
}

static wfm_status read_center(PGconn *db, const json_t *spec, plan *p, wfm_error *err)
{
    wfm_status st = wfm_calendar_store_get(db, p->center_id, &p->center, err);
    if (st == WFM_OK)
        st = read_queues(db, p, err);
    const char *names[WFM_ROSTER_MAX_QUEUES];
    for (int q = 0; q < p->n_queues; q++)
        names[q] = p->queues[q].id;
    if (st == WFM_OK)
        st = wfm_plan_spec_parse(spec, names, p->n_queues, p->horizon.interval_s / 60, &p->spec,
                                 err);
    return st == WFM_OK ? set_horizon(p, err) : st;
}

/* ---- overrides on the forecast ------------------------------------------------ */

/* Volume and handle-time factors, patience, opening hours. */
static void apply_overrides(plan *p, int q)
{
    plan_queue *pq = &p->queues[q];
    const wfm_plan_spec *s = &p->spec;
    int per_day = p->horizon.intervals_per_day, interval_min = p->horizon.interval_s / 60;
    size_t n = grid_size(p);
    unsigned char *open = s->open_min[q] >= 0 ? malloc(n) : NULL;
    double calls = 0, handled = 0;
    for (size_t k = 0; k < n; k++) {
        int slot_min = (int)(k % per_day) * interval_min;
        pq->f.offered[k] *= s->volume_factor[q] * s->day_volume_factor[k / per_day];
        pq->f.aht_s[k] *= s->aht_factor[q];
        calls += pq->f.offered[k];
        handled += pq->f.offered[k] * pq->f.aht_s[k];
        if (open)
            open[k] = slot_min >= s->open_min[q] && slot_min < s->close_min[q];
    }
    wfm_requirement_move_closed(pq->f.offered, open, n);
    free(open);
    pq->aht_s = calls > 0 ? handled / calls : pq->f.history_aht_s * s->aht_factor[q];
    pq->patience_s = s->patience_s[q] > 0 ? s->patience_s[q] : pq->f.patience_s;
}

/* ---- requirements --------------------------------------------------------------- */

static void requirement_opts(const plan *p, const plan_queue *pq, wfm_requirement_opts *o)
{
    wfm_requirement_opts_init(o);
    o->interval_s = p->horizon.interval_s;
    o->answer_rate = p->spec.answer_rate;
    o->service_level = pq->deadline_s ? 0 : p->spec.service_level;
    o->service_level_s = p->spec.service_level_s;
    o->shrinkage = p->spec.shrinkage;
    o->patience_s = pq->patience_s;
    o->deadline_s = pq->deadline_s;
}

/* Names the queue in a model's message. */
static wfm_status in_queue(wfm_status st, const plan_queue *pq, wfm_error *err)
{
    if (st != WFM_OK) {
        wfm_error inner = *err;
        wfm_error_set(err, st, inner.field, "queue '%s': %s", pq->id, inner.message);
    }
    return st;
}

/* The queue's curves, at most its load's agents long; where they stop growing. */
static wfm_status plan_curves(const plan *p, plan_queue *pq, const wfm_requirement_opts *o,
                              wfm_error *err)
{
    size_t n = grid_size(p);
    for (size_t k = 0; k < n; k++) {
        double erlangs = pq->load[k] * pq->f.aht_s[k] / p->horizon.interval_s;
        int agents = wfm_requirement_curve_agents(erlangs, o->shrinkage);
        pq->curve_agents = agents > pq->curve_agents ? agents : pq->curve_agents;
    }
    int width = pq->curve_agents + 1;
    pq->curves = malloc(n * width * sizeof *pq->curves);
    if (!pq->curves)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for curves");
    for (size_t k = 0; k < n; k++) {
        double *curve = pq->curves + k * width;
        wfm_status st = wfm_requirement_curve(pq->load[k], pq->f.aht_s[k], pq->curve_agents, o,
                                              curve, err);
        if (st != WFM_OK)
            return st;
        int full = 0; /* answers all but 1e-4 of the load: the optimizer's cut is 1e-3 */
        while (full < pq->curve_agents && curve[full] < (1 - 1e-4) * pq->load[k])
            full++;
        if (full < pq->required[k] + 1)
            full = pq->required[k] + 1;
        pq->saturated_at = full > pq->saturated_at ? full : pq->saturated_at;
    }
    return WFM_OK;
}

static wfm_status plan_requirements(const plan *p, plan_queue *pq, wfm_error *err)
{
    size_t n = grid_size(p);
    wfm_requirement_opts o;
    requirement_opts(p, pq, &o);
    pq->load = malloc(n * sizeof *pq->load);
    pq->required = malloc(n * sizeof *pq->required);
    if (!pq->load || !pq->required)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for requirements");
    wfm_status st = wfm_requirement_load(pq->f.offered, n, pq->aht_s, &o, pq->load, err);
    /* deferred work is paced at the queue's mean handle time */
    if (st == WFM_OK && pq->deadline_s)
        for (size_t k = 0; k < n; k++)
            pq->f.aht_s[k] = pq->aht_s;
    if (st == WFM_OK)
        st = wfm_requirement_seats(pq->load, pq->f.aht_s, n, &o, pq->required, err);
    if (st == WFM_OK)
        st = plan_curves(p, pq, &o, err);
    return in_queue(st, pq, err);
}

/* Queues are forecast two at a time (the machine the pipeline was sized
 * on has two cores; the forecast is most of the pipeline's time). The one
 * connection reads one queue's history at a time. */
#define FORECAST_THREADS 2

typedef struct forecast_pool {
    PGconn *db;
    plan *p;
    pthread_mutex_t db_lock;
    int next; /* the next queue to take, under db_lock */
} forecast_pool;

static void forecast_one(forecast_pool *pool, int q)
{
    plan *p = pool->p;
    plan_queue *pq = &p->queues[q];
    wfm_history_set rows;
    wfm_history_set_init(&rows);
    pq->status = wfm_plan_forecast_read(pool->db, &p->horizon, pq->id, &rows, &pq->err);
    pthread_mutex_unlock(&pool->db_lock);
    if (pq->status == WFM_OK)
        pq->status = wfm_plan_forecast_compute(&p->horizon, pq->id, &rows, &pq->f, &pq->err);
    wfm_history_set_free(&rows);
    if (pq->status == WFM_OK) {
        apply_overrides(p, q);
        pq->status = plan_requirements(p, pq, &pq->err);
    }
}

static void *forecast_worker(void *arg)
{
    forecast_pool *pool = arg;
    for (;;) {
        pthread_mutex_lock(&pool->db_lock);
        int q = pool->next++;
        if (q >= pool->p->n_queues) {
            pthread_mutex_unlock(&pool->db_lock);
            return NULL;
        }
        forecast_one(pool, q); /* unlocks once its rows are read */
    }
}

static wfm_status forecast_queues(PGconn *db, plan *p, wfm_error *err)
{
    forecast_pool pool = {.db = db, .p = p};
    pthread_mutex_init(&pool.db_lock, NULL);
    pthread_t threads[FORECAST_THREADS];
    int started = 0;
    while (started < FORECAST_THREADS && started < p->n_queues &&
           pthread_create(&threads[started], NULL, forecast_worker, &pool) == 0)
        started++;
    if (started == 0)
        forecast_worker(&pool);
    for (int t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    pthread_mutex_destroy(&pool.db_lock);
    /* the first failing queue in queue order, whichever thread met it first */
    for (int q = 0; q < p->n_queues; q++) {
        if (p->queues[q].status != WFM_OK) {
            *err = p->queues[q].err;
            return err->status;
        }
        if (p->queues[q].saturated_at > p->curve_agents)
            p->curve_agents = p->queues[q].saturated_at;
    }
    return WFM_OK;
}

/* ---- the document ---------------------------------------------------------------- */

typedef json_t *(*cell_fn)(const plan *p, const plan_queue *pq, size_t k, wfm_error *err);

/* {"<queue>": [[cell per interval] per day]}; NULL with err on failure. */
static json_t *grid_json(const plan *p, cell_fn cell, wfm_error *err)
{
    json_t *grid = json_object();
    int per_day = p->horizon.intervals_per_day;
    for (int q = 0; grid && q < p->n_queues; q++) {
        json_t *days = json_array();
        for (int d = 0; days && d < p->horizon.days; d++) {
            json_t *day = json_array();
            for (int i = 0; day && i < per_day; i++) {
                json_t *v = cell(p, &p->queues[q], (size_t)d * per_day + i, err);
                if (!v) {
                    json_decref(day);
                    day = NULL;
                } else
                    json_array_append_new(day, v);
            }
            if (!day) {
                json_decref(days);
                days = NULL;
            } else
                json_array_append_new(days, day);
        }
        if (!days) {
            json_decref(grid);
            return NULL;
        }
        json_object_set_new(grid, p->queues[q].id, days);
    }
    return grid;
}

static json_t *offered_cell(const plan *p, const plan_queue *pq, size_t k, wfm_error *err)
{
    (void)p, (void)err;
    return json_real(pq->load[k]);
}

static json_t *required_cell(const plan *p, const plan_queue *pq, size_t k, wfm_error *err)
{
    (void)p, (void)err;
    return json_integer(pq->required[k]);
}

static json_t *aht_cell(const plan *p, const plan_queue *pq, size_t k, wfm_error *err)
{
    (void)p, (void)err;
    return json_real(pq->f.aht_s[k]);
}

/* The queue's curve up to the document's length, flat past its own. */
static json_t *curve_cell(const plan *p, const plan_queue *pq, size_t k, wfm_error *err)
{
    (void)err;
    const double *curve = pq->curves + k * (pq->curve_agents + 1);
    json_t *cell = json_array();
    for (int s = 0; s <= p->curve_agents; s++)
        json_array_append_new(cell, json_real(curve[s < pq->curve_agents ? s : pq->curve_agents]));
    return cell;
}

static json_t *queues_json(const plan *p)
{
    json_t *queues = json_array();
    for (int q = 0; q < p->n_queues; q++) {
        const plan_queue *pq = &p->queues[q];
        json_t *item = json_pack("{s:s, s:f, s:f, s:s}", "name", pq->id, "aht_s", pq->aht_s,
                                 "patience_s", pq->patience_s, "kind",
                                 pq->deadline_s ? "deferred" : "live");
        if (pq->deadline_s)
            json_object_set_new(item, "deadline_s", json_integer(pq->deadline_s));
        json_array_append_new(queues, item);
    }
    return queues;
}

/* The stored agents (the first max_agents by id) and the new hires. */
static wfm_status agents_json(PGconn *db, const plan *p, json_t **agents, wfm_error *err)
{
    wfm_status st = wfm_roster_store_agents(db, p->center_id, agents, err);
    if (st != WFM_OK)
        return st;
    if (p->spec.max_agents >= 0)
        while (json_array_size(*agents) > (size_t)p->spec.max_agents)
            json_array_remove(*agents, json_array_size(*agents) - 1);
    size_t k, hired = 0;
    const json_t *h;
    json_array_foreach(p->spec.new_hires, k, h) {
        const json_t *min = json_object_get(h, "min_week_hours"),
                     *max = json_object_get(h, "max_week_hours");
        int count = (int)json_number_value(json_object_get(h, "count")); /* checked whole */
        for (int c = 0; c < count; c++) {
            char id[32];
            snprintf(id, sizeof id, "hire-%zu", ++hired);
            json_t *agent = json_pack("{s:s, s:O, s:f, s:f}", "id", id, "skills",
                                      json_object_get(h, "skills"), "min_week_hours",
                                      min ? json_number_value(min) : 0.0, "max_week_hours",
                                      max ? json_number_value(max) : 40.0);
            json_array_append_new(*agents, agent);
        }
    }
    if (json_array_size(*agents) == 0)
        return wfm_error_set(err, WFM_ENOTFOUND, "agents",
                             "center '%s' has no agents to roster (store some with PUT "
                             "/v1/centers/%s/agents/{id}, or add overrides.new_hires)",
                             p->center_id, p->center_id);
    return WFM_OK;
}

static wfm_status templates_json(PGconn *db, const plan *p, json_t **templates, wfm_error *err)
{
    if (p->spec.templates) {
        *templates = json_deep_copy(p->spec.templates);
        return *templates ? WFM_OK : wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
    }
    wfm_status st = wfm_roster_store_templates(db, p->center_id, templates, err);
    if (st == WFM_OK && json_array_size(*templates) == 0)
        st = wfm_error_set(err, WFM_ENOTFOUND, "templates",
                           "center '%s' has no shift templates (store some with PUT "
                           "/v1/centers/%s/shift-templates/{name}, or give overrides.templates)",
                           p->center_id, p->center_id);
    return st;
}

/* The spec's options with the target and the overrides that are options. */
static json_t *options_json(const plan *p)
{
    json_t *o = p->spec.options ? json_deep_copy(p->spec.options) : json_object();
    json_object_set_new(o, "target", json_string(p->spec.target));
    json_object_set_new(o, "daily_answer_rate", json_real(p->spec.answer_rate));
    if (p->spec.interval_floor >= 0)
        json_object_set_new(o, "interval_floor", json_real(p->spec.interval_floor));
    if (p->spec.cost_per_paid_hour >= 0)
        json_object_set_new(o, "cost_per_paid_hour", json_real(p->spec.cost_per_paid_hour));
    return o;
}

static wfm_status set_grid(json_t *doc, const char *key, const plan *p, cell_fn cell,
                           wfm_error *err)
{
    json_t *grid = grid_json(p, cell, err);
    if (!grid)
        return err->status ? err->status : wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
    json_object_set_new(doc, key, grid);
    return WFM_OK;
}

static wfm_status build_doc(PGconn *db, const plan *p, json_t **out, wfm_error *err)
{
    json_t *doc = json_pack("{s:s, s:i, s:i, s:s, s:o}", "start_date", p->spec.start_date, "days",
                            p->horizon.days, "interval_minutes", p->horizon.interval_s / 60,
                            "timezone", p->center.time_zone, "queues", queues_json(p));
    json_t *agents = NULL, *templates = NULL;
    wfm_status st = doc ? WFM_OK : wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
    if (st == WFM_OK)
        st = set_grid(doc, "offered", p, offered_cell, err);
    if (st == WFM_OK)
        st = set_grid(doc, "required", p, required_cell, err);
    if (st == WFM_OK)
        st = set_grid(doc, "aht_s", p, aht_cell, err);
    if (st == WFM_OK)
        st = set_grid(doc, "answered_curve", p, curve_cell, err);
    if (st == WFM_OK)
        st = templates_json(db, p, &templates, err);
    if (st == WFM_OK) {
        json_object_set(doc, "templates", templates);
        st = agents_json(db, p, &agents, err);
    }
    if (st == WFM_OK) {
        json_object_set(doc, "agents", agents);
        json_object_set_new(doc, "options", options_json(p));
    }
    json_decref(agents);
    json_decref(templates);
    if (st != WFM_OK)
        json_decref(doc);
    *out = st == WFM_OK ? doc : NULL;
    return st;
}

/* The document as the optimizer will read it: parsed and validated. */
static wfm_status check_doc(const json_t *doc, wfm_error *err)
{
    wfm_roster_doc parsed;
    wfm_status st = wfm_roster_doc_parse(doc, &parsed, err);
    if (st != WFM_OK)
        return st;
    st = wfm_roster_validate(&parsed.in, &parsed.opts, err);
    wfm_roster_doc_free(&parsed);
    return st;
}

static json_t *info_json(const plan *p)
{
    json_t *forecast = json_object();
    for (int q = 0; q < p->n_queues; q++) {
        const plan_queue *pq = &p->queues[q];
        json_object_set_new(
            forecast, pq->id,
            json_pack("{s:s, s:f, s:f, s:f, s:i, s:f, s:f}", "model", wfm_model_name(pq->f.model),
                      "offered_total", pq->f.offered_total, "offered_lo95", pq->f.lo95_total,
                      "offered_hi95", pq->f.hi95_total, "history_days", pq->f.history_days,
                      "aht_s", pq->aht_s, "patience_s", pq->patience_s));
    }
    json_t *overrides = p->spec.overrides ? json_deep_copy(p->spec.overrides) : json_object();
    return json_pack("{s:o, s:o}", "forecast", forecast, "overrides", overrides);
}

wfm_status wfm_plan_input_build(PGconn *db, const char *center_id, const json_t *spec,
                                json_t **doc, json_t **info, wfm_error *err)
{
    *doc = NULL;
    if (info)
        *info = NULL;
    plan *p = calloc(1, sizeof *p);
    if (!p)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for a plan");
    p->center_id = center_id;
    wfm_status st = read_center(db, spec, p, err);
    if (st == WFM_OK)
        st = forecast_queues(db, p, err);
    if (st == WFM_OK)
        st = build_doc(db, p, doc, err);
    if (st == WFM_OK)
        st = check_doc(*doc, err);
    if (st == WFM_OK && info)
        *info = info_json(p);
    if (st != WFM_OK) {
        json_decref(*doc);
        *doc = NULL;
    }
    plan_free(p);
    free(p);
    return st;
}
