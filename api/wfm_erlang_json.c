/* wfm_erlang_json: Erlang results as JSON (see wfm_erlang_json.h). */
#include "api/wfm_erlang_json.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

json_t *wfm_erlang_metrics_json(const wfm_erlang_metrics *m)
{
    char model[2] = {(char)m->model, '\0'};
    json_t *o = json_pack("{s:s, s:i, s:f, s:f, s:o, s:f, s:b}", "model", model, "agents",
                          m->agents, "p_wait", m->p_wait, "service_level", m->service_level,
                          "asa_s", isfinite(m->asa_s) ? json_real(m->asa_s) : json_null(),
                          "occupancy", m->occupancy, "overloaded", m->overloaded);
    if (o && m->model == WFM_ERLANG_MODEL_A) {
        json_object_set_new(o, "p_abandon", json_real(m->p_abandon));
        json_object_set_new(o, "answer_rate", json_real(m->answer_rate));
    }
    return o;
}

json_t *wfm_staffing_result_json(const wfm_staffing_result *r)
{
    json_t *o = wfm_erlang_metrics_json(&r->metrics);
    if (o) {
        json_object_set_new(o, "seats_needed", json_integer(r->seats));
        json_object_set_new(o, "scheduled_seats", json_integer(r->scheduled_seats));
    }
    return o;
}

const char *wfm_erlang_request_field(const char *field)
{
    if (!strcmp(field, "min_answer_rate"))
        return "target_answer_rate";
    if (!strcmp(field, "min_service_level") || !strcmp(field, "target"))
        return "target_sl";
    return field;
}

/* A request's numbers, parsed; NAN where absent. */
typedef struct erlang_request {
    wfm_erlang_input in;
    wfm_staffing_opts opts;
    double agents, seats_from, seats_to;
} erlang_request;

static double *request_slot(erlang_request *r, const char *key)
{
    static const char *const keys[] = {"calls", "interval_s", "aht_s", "patience_s",
                                       "threshold_s", "agents", "target_answer_rate",
                                       "target_sl", "max_asa_s", "max_occupancy",
                                       "shrinkage", "seats_from", "seats_to"};
    double *slots[] = {&r->in.calls, &r->in.interval_s, &r->in.aht_s, &r->in.patience_s,
                       &r->in.threshold_s, &r->agents, &r->opts.min_answer_rate,
                       &r->opts.min_service_level, &r->opts.max_asa_s, &r->opts.max_occupancy,
                       &r->opts.shrinkage, &r->seats_from, &r->seats_to};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!strcmp(key, keys[i]))
            return slots[i];
    return NULL;
}

static wfm_status parse_request(const json_t *request, erlang_request *r, wfm_error *err)
{
    wfm_erlang_input_init(&r->in);
    r->in.calls = r->in.interval_s = r->in.aht_s = NAN;
    wfm_staffing_opts_init(&r->opts);
    r->agents = r->seats_from = r->seats_to = NAN;
    if (!json_is_object(request))
        return wfm_error_set(err, WFM_EINVAL, "", "the request body must be a JSON object");
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)request, key, value) {
        double *slot = request_slot(r, key);
        if (!slot)
            return wfm_error_set(err, WFM_EINVAL, key, "unknown field %s", key);
        if (!json_is_number(value))
            return wfm_error_set(err, WFM_EINVAL, key, "%s must be a number", key);
        *slot = json_number_value(value);
    }
    const char *required[] = {"calls", "interval_s", "aht_s"};
    for (size_t i = 0; i < 3; i++)
        if (isnan(*request_slot(r, required[i])))
            return wfm_error_set(err, WFM_EINVAL, required[i], "%s is required", required[i]);
    return wfm_erlang_input_check(&r->in, err);
}

static wfm_status whole_seats(double v, const char *field, int *out, wfm_error *err)
{
    if (!(v >= 0 && v <= WFM_ERLANG_MAX_SEATS && v == floor(v)))
        return wfm_error_set(err, WFM_EINVAL, field, "%s must be a whole number in 0..%d (%g)",
                             field, WFM_ERLANG_MAX_SEATS, v);
    *out = (int)v;
    return WFM_OK;
}

static wfm_status add_metrics(const erlang_request *r, json_t *response, wfm_error *err)
{
    int agents = 0;
    wfm_erlang_metrics m;
    wfm_status st = whole_seats(r->agents, "agents", &agents, err);
    if (st || (st = wfm_erlang_metrics_at(&r->in, agents, &m, err)))
        return st;
    return json_object_set_new(response, "metrics", wfm_erlang_metrics_json(&m))
               ? wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory")
               : WFM_OK;
}

static wfm_status add_staffing(const erlang_request *r, json_t *response, wfm_error *err)
{
    wfm_staffing_result res;
    wfm_status st = wfm_staffing_solve(&r->in, &r->opts, &res, err);
    if (st) {
        wfm_error inner = *err;
        return wfm_error_set(err, st, wfm_erlang_request_field(inner.field), "%s", inner.message);
    }
    return json_object_set_new(response, "staffing", wfm_staffing_result_json(&res))
               ? wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory")
               : WFM_OK;
}

static wfm_status add_table(const erlang_request *r, json_t *response, wfm_error *err)
{
    int from = 0, to = 0;
    wfm_status st;
    if ((!isnan(r->seats_from) && (st = whole_seats(r->seats_from, "seats_from", &from, err))) ||
        (st = whole_seats(r->seats_to, "seats_to", &to, err)))
        return st;
    if (to < from)
        return wfm_error_set(err, WFM_EINVAL, "seats_to", "seats_to (%d) is below seats_from (%d)",
                             to, from);
    if (to - from + 1 > WFM_ERLANG_TABLE_MAX_ROWS)
        return wfm_error_set(err, WFM_ETOOBIG, "seats_to", "the table may have at most %d rows (%d)",
                             WFM_ERLANG_TABLE_MAX_ROWS, to - from + 1);
    json_t *table = json_array();
    if (!table || json_object_set_new(response, "table", table))
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
    for (int n = from; n <= to; n++) {
        wfm_erlang_metrics m;
        if ((st = wfm_erlang_metrics_at(&r->in, n, &m, err)))
            return st;
        if (json_array_append_new(table, wfm_erlang_metrics_json(&m)))
            return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
    }
    return WFM_OK;
}

wfm_status wfm_erlang_request_eval(const json_t *request, json_t **response, wfm_error *err)
{
    erlang_request r;
    wfm_status st = parse_request(request, &r, err);
    if (st)
        return st;
    bool want_staffing = r.opts.min_answer_rate > 0 || r.opts.min_service_level > 0 ||
                         r.opts.max_asa_s > 0 || r.opts.max_occupancy > 0;
    if (isnan(r.agents) && !want_staffing && isnan(r.seats_to))
        return wfm_error_set(err, WFM_EINVAL, "agents",
                             "give agents, a target (target_answer_rate, target_sl, max_asa_s, "
                             "max_occupancy) or seats_to");
    if (r.opts.min_answer_rate > 0 && r.in.patience_s == 0)
        return wfm_error_set(err, WFM_EINVAL, "target_answer_rate",
                             "target_answer_rate needs patience_s (Erlang A)");
    char model[2] = {r.in.patience_s > 0 ? 'A' : 'C', '\0'};
    json_t *out = json_pack("{s:s, s:f}", "model", model, "load_erlangs",
                            r.in.calls * r.in.aht_s / r.in.interval_s);
    if (!out)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
    if ((!isnan(r.agents) && (st = add_metrics(&r, out, err))) ||
        (want_staffing && (st = add_staffing(&r, out, err))) ||
        (!isnan(r.seats_to) && (st = add_table(&r, out, err)))) {
        json_decref(out);
        return st;
    }
    *response = out;
    return WFM_OK;
}
