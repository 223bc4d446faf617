/* wfm_erlang_json: the JSON shape of Erlang metrics and staffing results,
 * shared by `wfm erlang` and POST /v1/erlang so both print the same thing.
 *
 * Metrics object: {"model":"C"|"A", "agents", "p_wait", "service_level",
 * "asa_s", "occupancy", "overloaded"} plus "p_abandon" and "answer_rate"
 * for Erlang A only. When overloaded (Erlang C with load >= agents) asa_s
 * is null: the wait is unbounded and JSON has no infinity. */
#ifndef WFM_ERLANG_JSON_H
#define WFM_ERLANG_JSON_H

#include <jansson.h>

#include "models/wfm_staffing.h"

/* New reference (caller owns it); NULL only when out of memory. */
json_t *wfm_erlang_metrics_json(const wfm_erlang_metrics *m);

/* The metrics at the staffing found, plus "seats_needed" and
 * "scheduled_seats". New reference (caller owns it). */
json_t *wfm_staffing_result_json(const wfm_staffing_result *r);

#endif
