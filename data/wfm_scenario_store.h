/* wfm_scenario_store: what-if scenarios in PostgreSQL (migration 009): a
 * scenario row with its spec, the job of kind "scenario" that runs it, and
 * its result once the job succeeded. The only SQL that touches scenarios
 * lives here.
 *
 * A scenario's state follows its job's (queued, running, succeeded,
 * failed, cancelled; a trigger of migration 009 mirrors it), so it survives
 * the pruning of old jobs. Its result is written by the job in the
 * transaction that marks the job succeeded (data/wfm_job_kind.h, "Storing
 * output"): a scenario has a result exactly when it succeeded.
 *
 * The JSON form (wfm_scenario_get, _list, _cancel; docs/scenarios.md):
 *   {"id", "center_id", "name", "spec" (the request as stored), "state",
 *    "created_by", "created_at", "finished_at" (null),
 *    "job": null | {"id", "state", "progress": {"phase", "percent", "detail"}},
 *    "roster_id" (null), "result" (null | docs/scenarios.md), "error" (null |
 *    {"code", "message", "field"})}
 * Times ISO 8601 UTC. */
#ifndef WFM_SCENARIO_STORE_H
#define WFM_SCENARIO_STORE_H

#include <stddef.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "core/wfm_error.h"

/* Checks spec for center_id (wfm_scenario_spec_check against the center's
 * queues and interval). WFM_EINVAL naming the field; WFM_ENOTFOUND naming
 * "center_id" for an unknown center; WFM_EDB. */
wfm_status wfm_scenario_check(PGconn *db, const char *center_id, const json_t *spec,
                              wfm_error *err);

/* Checks spec (wfm_scenario_check), then
 * stores the scenario and queues its job in one transaction: both exist or
 * neither. *id receives the scenario's id, *job_id (may be NULL) its job's.
 * spec is borrowed; its "created_by" (optional) is recorded. WFM_EINVAL
 * naming the field; WFM_ENOTFOUND naming "center_id" for an unknown center;
 * WFM_ELIMIT when the center has too many jobs queued (data/wfm_jobs.h);
 * WFM_EDB. db must not be inside a transaction. */
wfm_status wfm_scenario_create(PGconn *db, const char *center_id, const json_t *spec,
                               long long *id, long long *job_id, wfm_error *err);

/* The JSON form of scenario id into *scenario (caller json_decref()s).
 * center_id NULL: any center's; otherwise the scenario must be that
 * center's. WFM_ENOTFOUND naming "id". */
wfm_status wfm_scenario_get(PGconn *db, long long id, const char *center_id, json_t **scenario,
                            wfm_error *err);

/* A center's scenarios, newest first, as a JSON array into *scenarios
 * (caller json_decref()s); before_id > 0: only ids below it (keyset
 * paging: the next page's before_id is the last id of a full page);
 * limit 1..500. WFM_ENOTFOUND naming "center_id"; WFM_EINVAL naming
 * "limit" or "before_id". */
wfm_status wfm_scenario_list(PGconn *db, const char *center_id, long long before_id, int limit,
                             json_t **scenarios, wfm_error *err);

/* Asks for the scenario's job to stop (wfm_job_cancel): a queued scenario
 * is cancelled at once, a running one at its job's next checkpoint.
 * *scenario (may be NULL) receives its JSON form after the request.
 * WFM_ENOTFOUND naming "id"; WFM_ECONFLICT naming "state" when it has
 * already succeeded or failed. Cancelling a cancelled one is a no-op. */
wfm_status wfm_scenario_cancel(PGconn *db, long long id, json_t **scenario, wfm_error *err);

/* Deletes a scenario that is not running, with its draft roster (a
 * published one is kept); a queued one's job is cancelled first.
 * WFM_ENOTFOUND naming "id"; WFM_ECONFLICT naming "state" while it runs
 * (cancel it first). */
wfm_status wfm_scenario_delete(PGconn *db, long long id, wfm_error *err);

/* For the job: the center and spec of scenario id. center receives the
 * center id (size bytes); *spec a new reference (caller json_decref()s).
 * WFM_ENOTFOUND naming "scenario_id" when it was deleted meanwhile. */
wfm_status wfm_scenario_load_spec(PGconn *db, long long id, char *center, size_t size,
                                  json_t **spec, wfm_error *err);

/* For the job, inside its open transaction: stores result (borrowed) and
 * roster_id (0: none), state succeeded. WFM_ENOTFOUND naming "scenario_id"
 * when the scenario was deleted meanwhile. */
wfm_status wfm_scenario_store_result(PGconn *db, long long id, long long roster_id,
                                     const json_t *result, wfm_error *err);

/* The side-by-side of ids[0..n) (2..20 scenarios of center_id; ids[0] is
 * the reference): *comparison (caller json_decref()s) receives
 *   {"reference": ids[0], "scenarios": [{"id", "name", "state", "paid_hours",
 *    "cost", "agents_needed", "agents_rostered", "intervals_short",
 *    "predicted_answer_rate", "simulated_answer_rate", "roster_id", "days",
 *    "delta": {"paid_hours", "cost", "agents_needed", "agents_rostered",
 *              "intervals_short", "predicted_answer_rate",
 *              "simulated_answer_rate"}}]}
 * where delta = this scenario's figure minus the reference's (0 for the
 * reference itself; null where either figure is null). WFM_EINVAL naming
 * "ids" for fewer than 1 or more than 20 ids or a repeated one;
 * WFM_ENOTFOUND naming "ids" for an id that is not the center's;
 * WFM_ECONFLICT naming "ids" for one that has not succeeded (the message
 * names its id and state). */
#define WFM_SCENARIO_COMPARE_MAX 20
wfm_status wfm_scenario_compare(PGconn *db, const char *center_id, const long long *ids, size_t n,
                                json_t **comparison, wfm_error *err);

/* "3,7,9" (a query argument, a command line) into ids, at most
 * WFM_SCENARIO_COMPARE_MAX of them; *n receives how many. WFM_EINVAL naming
 * "ids" for anything else. */
wfm_status wfm_scenario_ids_parse(const char *text, long long *ids, size_t *n, wfm_error *err);

/* The comparison itself, from the JSON forms of the scenarios (borrowed;
 * all succeeded; scenarios[0] the reference): the "scenarios" array above
 * (new reference). Pure, for tests and for callers holding the rows. */
json_t *wfm_scenario_compare_rows(const json_t *const *scenarios, size_t n);

#endif
