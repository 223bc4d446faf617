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

#include "core/wfm_error.h"
#include "models/wfm_staffing.h"

/* New reference (caller owns it); NULL only when out of memory. */
json_t *wfm_erlang_metrics_json(const wfm_erlang_metrics *m);

/* The metrics at the staffing found, plus "seats_needed" and
 * "scheduled_seats". New reference (caller owns it). */
json_t *wfm_staffing_result_json(const wfm_staffing_result *r);

/* The request field (and `wfm erlang` flag, with dashes) that sets a
 * wfm_staffing_opts field named in an error: "min_answer_rate" ->
 * "target_answer_rate", "min_service_level" -> "target_sl"; other names
 * are already request fields. Static storage or field itself. */
const char *wfm_erlang_request_field(const char *field);

/* Most rows a request may ask for in its seats table. */
#define WFM_ERLANG_TABLE_MAX_ROWS 2001

/* The calculator behind POST /v1/erlang: evaluates a request object
 *   {"calls", "interval_s", "aht_s",              required numbers
 *    "patience_s", "threshold_s" (default 20),    optional numbers
 *    "agents",                                    metrics at this staffing
 *    "target_answer_rate", "target_sl", "max_asa_s", "max_occupancy",
 *    "shrinkage",                                 seats for the composite target
 *    "seats_from", "seats_to"}                    a table of metrics per seat count
 * (at least one of agents / a target / seats_to; unknown fields are errors)
 * into *response (new reference, caller owns it):
 *   {"model", "load_erlangs", "metrics"?, "staffing"?, "table"?}
 * with the objects of wfm_erlang_metrics_json / wfm_staffing_result_json.
 * Errors: WFM_EINVAL naming the field, WFM_ETOOBIG for a table longer than
 * WFM_ERLANG_TABLE_MAX_ROWS, WFM_EINFEASIBLE when no staffing up to
 * WFM_ERLANG_MAX_SEATS meets the target, WFM_ENOMEM. */
wfm_status wfm_erlang_request_eval(const json_t *request, json_t **response, wfm_error *err);

#endif
