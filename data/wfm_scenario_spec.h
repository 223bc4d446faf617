/* wfm_scenario_spec: the checks a what-if scenario's request passes before
 * anything is stored or queued, so a planner learns of a typo at once (400
 * naming the field) instead of from a failed job a minute later.
 *
 * A spec is the body of POST /v1/centers/{id}/scenarios (docs/scenarios.md):
 *   {"name": "heating season +20%",       1..200 characters (required)
 *    "start_date": "YYYY-MM-DD",          day 0 of the base week (required)
 *    "days": 1..28,                       default 7
 *    "target": "daily-answer-rate" | "seats",
 *    "overrides": {...},                  data/wfm_plan_input.h; {} = the base
 *    "options": {"time_limit_s": (0, 600], "mip_gap": >= 0, ...},
 *    "created_by": "...", "description": "..."}
 * Every key of the spec must be known. The horizon, target and overrides
 * are read by the pipeline's own parser (data/wfm_plan_spec.h: every key
 * known, factors > 0, shares in range, queues among the center's), which
 * wfm_plan_input_build runs again when the job runs, against the data of
 * that moment; the rest (name, options, created_by, description) here. */
#ifndef WFM_SCENARIO_SPEC_H
#define WFM_SCENARIO_SPEC_H

#include <stddef.h>
#include <jansson.h>

#include "core/wfm_error.h"

/* The longest solve a scenario may ask for (options.time_limit_s), as for
 * roster jobs: a job thread is held for the whole solve. */
#define WFM_SCENARIO_MAX_TIME_LIMIT_S 600

/* Checks spec (borrowed) for a center whose queues are named queues[0..
 * n_queues) and whose intervals are interval_min minutes long. WFM_OK, or
 * WFM_EINVAL with err naming the field in the request's own terms
 * ("overrides.volume_factor.fax", "days", "options.time_limit_s") and the
 * value. */
wfm_status wfm_scenario_spec_check(const json_t *spec, const char *const *queues, size_t n_queues,
                                   int interval_min, wfm_error *err);

#endif
