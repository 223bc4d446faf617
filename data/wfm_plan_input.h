/* wfm_plan_input: a center's planning horizon turned into the roster input
 * document (docs/roster.md, optimizer/wfm_roster_io.h), from its stored
 * history, with a scenario's overrides applied:
 *
 *   history -> forecast per queue and interval (forecast/, with its 95 %
 *   band) -> handle time and patience per queue (history) -> seats required
 *   and answered-calls curves (models/: Erlang A for queues answered live,
 *   deferred work for queues with a deadline) -> the center's agents and
 *   shift templates -> roster input document.
 *
 * This is the one pipeline behind a roster requested without inline
 * requirements, every what-if scenario, and the roster benchmark on the
 * sample center.
 *
 * spec (a JSON object, borrowed):
 *   {"start_date": "YYYY-MM-DD",        day 0 of the horizon (required)
 *    "days": 1..28,                     default 7
 *    "target": "seats" | "daily-answer-rate",   default "daily-answer-rate"
 *    "overrides": {                     all optional; {} or absent = the base
 *      "volume_factor": x | {"<queue>": x},     multiplies the forecast offered
 *      "day_volume_factor": {"YYYY-MM-DD": x},  multiplies one day, all queues
 *      "aht_factor": x | {"<queue>": x},        multiplies handle time
 *      "patience_s": s | {"<queue>": s},        replaces mean patience
 *      "answer_rate": 0.95,                     daily target (and the seats
 *                                               target's per-interval answer rate)
 *      "service_level": {"share": 0.8, "seconds": 20},   added to the seats target
 *      "interval_floor": 0.80,
 *      "shrinkage": 0..0.9,                     seats required / (1 - shrinkage)
 *      "max_agents": n,                         headcount limit: the first n agents by id
 *      "new_hires": [{"count": n, "skills": ["<queue>", ...],
 *                     "min_week_hours": h, "max_week_hours": h}],  agents "hire-1".. added
 *      "templates": [ ...template form of docs/roster.md... ],    replace the center's
 *      "opening_hours": {"<queue>": {"open_min": 480, "close_min": 1200}},
 *                                               no seats outside; calls offered
 *                                               outside move to the opening interval
 *      "cost_per_paid_hour": x},
 *    "options": { ...the roster document's "options" (time_limit_s, mip_gap...)... }}
 *
 * Every override is checked: an unknown key, an unknown queue, a factor
 * <= 0 or a share outside its range is WFM_EINVAL naming the field
 * ("overrides.volume_factor.fax") and the value.
 *
 * On success *doc receives the complete roster input document (new
 * reference; caller json_decref()s): "start_date", "days",
 * "interval_minutes", "timezone", "queues" [{"name", "aht_s",
 * "patience_s", "kind": "live" | "deferred", "deadline_s" (deferred)}],
 * "offered" (after overrides), "required", "answered_curve", "aht_s" (the
 * handle time per queue and interval, same shape as "offered"),
 * "templates", "agents", "options" (with "target"). For a live queue
 * "offered" is the forecast calls of each interval; for a deferred queue
 * it is the work its deadline lets be done in each interval (the paced
 * workload, models/wfm_requirement.h), which sums to the forecast over a
 * repeating week. "required" is agents to schedule (shrinkage included).
 * When info is not NULL, *info receives {"forecast": {"<queue>":
 * {"model", "offered_total", "offered_lo95", "offered_hi95" (sums of the
 * intervals' forecasts and 95 % bounds, before overrides), "history_days",
 * "aht_s", "patience_s"}}, "overrides": <as applied>} (new reference).
 * Nothing to free on failure.
 *
 * The forecast runs the queues two at a time in threads of its own (one
 * reading the database at a time, on db): db must not be used by anyone
 * else during the call. docs/roster.md ("Rosters from the forecast") says
 * how long a week of the sample center takes.
 *
 * WFM_ENOTFOUND: unknown center, or a center without agents or templates
 * (field "agents" / "templates"); WFM_EINVAL naming the field; WFM_EDB. */
#ifndef WFM_PLAN_INPUT_H
#define WFM_PLAN_INPUT_H

#include <jansson.h>
#include <libpq-fe.h>

#include "core/wfm_error.h"

wfm_status wfm_plan_input_build(PGconn *db, const char *center_id, const json_t *spec,
                                json_t **doc, json_t **info, wfm_error *err);

#endif
