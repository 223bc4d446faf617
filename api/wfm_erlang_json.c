/* wfm_erlang_json: Erlang results as JSON (see wfm_erlang_json.h). */
#include "api/wfm_erlang_json.h"

#include <math.h>

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
