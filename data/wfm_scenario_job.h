/* wfm_scenario_job: the background job kind "scenario": runs a what-if
 * scenario (data/wfm_scenario_store.h) through the whole pipeline and
 * stores its result with a draft roster.
 *
 * Phases, reported as the job's progress:
 *   "forecast"   0-20 %  wfm_plan_input_build: history -> forecast ->
 *                        requirements -> roster input, overrides applied
 *   "roster"    20-85 %  wfm_roster_solve (detail: time_limit_s, then the
 *                        objective, best bound and proven gap)
 *   "simulation" 85-95 % the roster replayed by discrete-event simulation,
 *                        when this build has it (else the simulated figures
 *                        stay null: they are never estimated otherwise)
 *   "storing"   95 %     the draft roster and the result, in the
 *                        transaction that marks the job succeeded
 * A cancel is honoured at every phase boundary.
 *
 * Params: {"scenario_id": id}; the spec is read from the scenario row, so a
 * job runs exactly what was stored. Job result: {"scenario_id",
 * "roster_id", "paid_hours", "cost"}; the scenario's full result is the
 * one wfm_scenario_result_json builds (docs/scenarios.md). */
#ifndef WFM_SCENARIO_JOB_H
#define WFM_SCENARIO_JOB_H

#include <jansson.h>
#include <libpq-fe.h>

#include "core/wfm_error.h"
#include "data/wfm_job_kind.h"
#include "optimizer/wfm_roster_io.h"

/* Seconds spent in each phase, in the order above. */
typedef enum wfm_scenario_phase {
    WFM_SCENARIO_FORECAST = 0,
    WFM_SCENARIO_ROSTER,
    WFM_SCENARIO_SIMULATION,
    WFM_SCENARIO_STORING,
    WFM_SCENARIO_PHASES
} wfm_scenario_phase;

/* One scenario computed (everything but storing). All owned here; release
 * with wfm_scenario_outcome_free (also after a failure). */
typedef struct wfm_scenario_outcome {
    json_t *input;            /* the roster input document the pipeline built */
    json_t *info;             /* the pipeline's info (forecast per queue, overrides) */
    wfm_roster_doc doc;       /* input parsed */
    int doc_parsed;
    wfm_roster_result roster;
    json_t *result;           /* wfm_scenario_result_json, roster_id still null */
    double phase_s[WFM_SCENARIO_PHASES];
} wfm_scenario_outcome;

/* Runs the phases forecast, roster and simulation of spec (borrowed; the
 * form of data/wfm_scenario_spec.h) for center_id, reporting progress to
 * ctx and stopping at a phase boundary when ctx says so (then it returns
 * wfm_job_stopped's status). db is used for reading only. out is filled
 * as far as it got. WFM_EINVAL / WFM_ENOTFOUND naming the field, WFM_EDB. */
wfm_status wfm_scenario_compute(PGconn *db, const char *center_id, const json_t *spec,
                                wfm_job_ctx *ctx, wfm_scenario_outcome *out, wfm_error *err);

void wfm_scenario_outcome_free(wfm_scenario_outcome *out);

/* The scenario result of a solved roster (pure; new reference):
 *   {"target", "paid_hours", "cost" (paid hours x cost_per_paid_hour),
 *    "cost_per_paid_hour", "agents_rostered" (agents given >= 1 shift),
 *    "agents_needed" (the Erlang lower bound: the larger of the peak seats
 *      required at once, all queues together, and the required seat-hours
 *      over what one agent may work in the horizon; null without
 *      requirements), "intervals_short" (queue-intervals below their
 *      requirement or floor), "days_below_target" (queue-days below the
 *      daily answer rate), "predicted_answer_rate" (answered on the
 *      Erlang curves / offered, all queues and days), "simulated_answer_rate"
 *      (null), "roster_id" (null), "objective", "gap", "time_limit_hit",
 *      "days": [{"date", "offered", "paid_hours", "predicted_answer_rate",
 *      "simulated_answer_rate" (null), "simulated_ci95" (null),
 *      "intervals_short"}], "forecast" (info's, when given)}
 * cost_per_paid_hour: the rate to cost paid hours at. */
json_t *wfm_scenario_result_json(const wfm_roster_doc *doc, const wfm_roster_result *r,
                                 double cost_per_paid_hour, const json_t *info);

/* The run function of kind "scenario" (wfm_job_kind.h). */
wfm_status wfm_job_run_scenario(const json_t *params, wfm_job_ctx *ctx, json_t **result,
                                wfm_error *err);

#endif
