/* wfm_scenario_job: the "scenario" job kind (see wfm_scenario_job.h). */
#include "data/wfm_scenario_job.h"

#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/wfm_clock.h"
#include "core/wfm_date.h"
#include "data/wfm_plan_input.h"
#include "data/wfm_roster_job.h"
#include "data/wfm_roster_store.h"
#include "data/wfm_scenario_store.h"

void wfm_scenario_outcome_free(wfm_scenario_outcome *out)
{
    json_decref(out->input);
    json_decref(out->info);
    if (out->doc_parsed)
        wfm_roster_doc_free(&out->doc);
    wfm_roster_result_free(&out->roster);
    json_decref(out->result);
    memset(out, 0, sizeof *out);
}

/* ---- the result ------------------------------------------------------------- */

/* Seats required at once, all queues together, at the busiest interval, and
 * the required seat-hours of the horizon. */
static void requirement_totals(const wfm_roster_input *in, double *peak, double *seat_hours)
{
    *peak = *seat_hours = 0;
    double interval_h = 24.0 / in->intervals_per_day;
    for (int d = 0; d < in->n_days; d++)
        for (int i = 0; i < in->intervals_per_day; i++) {
            double seats = 0;
            for (int q = 0; q < in->n_queues; q++)
                seats += in->required[wfm_roster_slot(in, q, d, i)];
            *peak = fmax(*peak, seats);
            *seat_hours += seats * interval_h;
        }
}

/* The Erlang lower bound on agents (wfm_scenario_result_json): no roster
 * meets the requirement with fewer, whatever the shifts. One agent works at
 * most the largest max_week_hours in each started 7-day block. */
static json_t *agents_needed(const wfm_roster_input *in)
{
    if (!in->required)
        return json_null();
    double peak, seat_hours, most_hours = 0;
    requirement_totals(in, &peak, &seat_hours);
    for (int a = 0; a < in->n_agents; a++)
        most_hours = fmax(most_hours, in->agents[a].max_week_hours);
    double per_agent = most_hours * ceil(in->n_days / 7.0);
    double by_hours = per_agent > 0 ? seat_hours / per_agent : 0;
    /* Tolerance: the required seats are real numbers summed over queues. */
    return json_integer((json_int_t)ceil(fmax(peak, by_hours) - 1e-9));
}

static int agents_rostered(const wfm_roster_input *in, const wfm_roster_result *r)
{
    char *seen = calloc((size_t)in->n_agents + 1, 1);
    int count = 0;
    for (int k = 0; seen && k < r->n_shifts; k++)
        if (!seen[r->shifts[k].agent]++)
            count++;
    free(seen);
    return count;
}

/* answered / offered over queues and intervals of day d (all days: -1). */
static void answered_offered(const wfm_roster_input *in, const wfm_roster_result *r, int day,
                             double *answered, double *offered)
{
    *answered = *offered = 0;
    for (int q = 0; q < in->n_queues; q++)
        for (int d = 0; d < in->n_days; d++)
            for (int i = 0; (day < 0 || d == day) && i < in->intervals_per_day; i++) {
                int slot = wfm_roster_slot(in, q, d, i);
                *offered += in->offered ? in->offered[slot] : 0;
                *answered += r->answered[slot];
            }
}

static json_t *rate_or_null(const wfm_roster_input *in, double answered, double offered)
{
    return in->offered && in->answered && offered > 1e-9 ? json_real(answered / offered)
                                                          : json_null();
}

/* Shortfalls of day d (all days: -1): per interval or whole days. */
static int shortfalls(const wfm_roster_result *r, int day, int whole_days)
{
    int n = 0;
    for (int k = 0; k < r->n_shortfalls; k++)
        n += (day < 0 || r->shortfalls[k].day == day) &&
             (whole_days ? r->shortfalls[k].interval < 0 : r->shortfalls[k].interval >= 0);
    return n;
}

/* The discrete-event check's answer rate (null when the roster was not
 * simulated) and its 95 % interval [lo, hi] (null likewise). */
static json_t *simulated_rate(const wfm_roster_result *r, const wfm_roster_sim_day *day)
{
    return r->sim.days && day->answer_rate.n > 0 ? json_real(day->answer_rate.mean) : json_null();
}

static json_t *simulated_ci(const wfm_roster_result *r, const wfm_roster_sim_day *day)
{
    return r->sim.days && day->answer_rate.n > 0
               ? json_pack("[f, f]", day->answer_rate.ci_low, day->answer_rate.ci_high)
               : json_null();
}

static json_t *day_json(const wfm_roster_doc *doc, const wfm_roster_result *r, int day)
{
    const wfm_roster_input *in = &doc->in;
    int32_t first = 0;
    char date[16] = "";
    if (wfm_date_parse(doc->start_date, &first))
        wfm_date_format(first + day, date, sizeof date);
    double answered, offered, paid_min = 0;
    answered_offered(in, r, day, &answered, &offered);
    for (int k = 0; k < r->n_shifts; k++)
        paid_min += r->shifts[k].day == day ? r->shifts[k].paid_min : 0;
    const wfm_roster_sim_day *sim = r->sim.days ? &r->sim.all_days[day] : NULL;
    return json_pack("{s:s, s:f, s:f, s:o, s:o, s:o, s:i}", "date", date, "offered", offered,
                     "paid_hours", paid_min / 60.0, "predicted_answer_rate",
                     rate_or_null(in, answered, offered), "simulated_answer_rate",
                     simulated_rate(r, sim), "simulated_ci95", simulated_ci(r, sim),
                     "intervals_short", shortfalls(r, day, 0));
}

json_t *wfm_scenario_result_json(const wfm_roster_doc *doc, const wfm_roster_result *r,
                                 double cost_per_paid_hour, const json_t *info)
{
    const wfm_roster_input *in = &doc->in;
    double answered, offered;
    answered_offered(in, r, -1, &answered, &offered);
    json_t *days = json_array();
    for (int d = 0; d < in->n_days; d++)
        json_array_append_new(days, day_json(doc, r, d));
    json_t *result = json_pack(
        "{s:s, s:f, s:f, s:f, s:i, s:o, s:i, s:i, s:o, s:o, s:o, s:n, s:f, s:f, s:b, s:o}",
        "target", doc->opts.target == WFM_ROSTER_TARGET_SEATS ? "seats" : "daily-answer-rate",
        "paid_hours", r->paid_hours, "cost", r->paid_hours * cost_per_paid_hour,
        "cost_per_paid_hour", cost_per_paid_hour, "agents_rostered", agents_rostered(in, r),
        "agents_needed", agents_needed(in), "intervals_short", shortfalls(r, -1, 0),
        "days_below_target", shortfalls(r, -1, 1), "predicted_answer_rate",
        rate_or_null(in, answered, offered), "simulated_answer_rate",
        simulated_rate(r, &r->sim.horizon), "simulated_ci95", simulated_ci(r, &r->sim.horizon),
        "roster_id", "objective",
        r->objective, "gap", r->gap, "time_limit_hit", r->time_limit_hit, "days", days);
    const json_t *forecast = json_object_get(info, "forecast");
    if (result && forecast)
        json_object_set(result, "forecast", (json_t *)forecast);
    return result;
}

/* ---- the phases ------------------------------------------------------------- */

/* Reports the start of a phase; nonzero when the job must stop. */
static wfm_status enter(wfm_job_ctx *ctx, const char *phase, double percent, json_t *detail,
                        wfm_error *err)
{
    return wfm_job_progress(ctx, phase, percent, detail) ? wfm_job_stopped(ctx, err) : WFM_OK;
}

static wfm_status forecast_phase(PGconn *db, const char *center_id, const json_t *spec,
                                 wfm_scenario_outcome *out, wfm_error *err)
{
    wfm_status st = wfm_plan_input_build(db, center_id, spec, &out->input, &out->info, err);
    if (st != WFM_OK)
        return st;
    st = wfm_roster_doc_parse(out->input, &out->doc, err);
    out->doc_parsed = st == WFM_OK;
    return st;
}

static wfm_status roster_phase(wfm_scenario_outcome *out, wfm_job_ctx *ctx, wfm_error *err)
{
    wfm_status st = enter(ctx, "roster", 20,
                          json_pack("{s:f}", "time_limit_s", out->doc.opts.time_limit_s), err);
    wfm_roster_job_watch watch = {ctx, "roster", 20, 85};
    wfm_roster_opts opts = out->doc.opts;
    if (ctx) {
        opts.progress = wfm_roster_job_report;
        opts.progress_cookie = &watch;
    }
    if (st == WFM_OK)
        st = wfm_roster_solve(&out->doc.in, &opts, &out->roster, err);
    /* GLPK's per-thread environment: nothing frees it when a job thread ends. */
    glp_free_env();
    if (st == WFM_ECANCELLED && ctx && wfm_job_should_stop(ctx))
        return wfm_job_stopped(ctx, err);
    if (st == WFM_OK)
        st = enter(ctx, NULL, 85,
                   json_pack("{s:f, s:f, s:f, s:f}", "objective", out->roster.objective,
                             "best_bound", out->roster.best_bound, "gap", out->roster.gap,
                             "paid_hours", out->roster.paid_hours), err);
    return st;
}

/* The rate paid hours are costed at: the scenario's override, else the
 * roster options' (whichever the pipeline carried over). */
static double cost_rate(const json_t *spec, const wfm_roster_doc *doc)
{
    const json_t *given = json_object_get(json_object_get(spec, "overrides"), "cost_per_paid_hour");
    return json_is_number(given) ? json_number_value(given) : doc->opts.cost_per_paid_hour;
}

wfm_status wfm_scenario_compute(PGconn *db, const char *center_id, const json_t *spec,
                                wfm_job_ctx *ctx, wfm_scenario_outcome *out, wfm_error *err)
{
    memset(out, 0, sizeof *out);
    double t0 = wfm_clock_now_s();
    wfm_status st = enter(ctx, "forecast", 0, NULL, err);
    if (st == WFM_OK)
        st = forecast_phase(db, center_id, spec, out, err);
    double t1 = wfm_clock_now_s();
    out->phase_s[WFM_SCENARIO_FORECAST] = t1 - t0;
    if (st == WFM_OK)
        st = roster_phase(out, ctx, err);
    out->phase_s[WFM_SCENARIO_ROSTER] = wfm_clock_now_s() - t1;
    if (st != WFM_OK)
        return st;
    out->result = wfm_scenario_result_json(&out->doc, &out->roster, cost_rate(spec, &out->doc),
                                           out->info);
    if (!out->result)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory building the result");
    json_object_set_new(out->result, "phase_seconds",
                        json_pack("{s:f, s:f}", "forecast", out->phase_s[WFM_SCENARIO_FORECAST],
                                  "roster", out->phase_s[WFM_SCENARIO_ROSTER]));
    return WFM_OK;
}

/* ---- the job ---------------------------------------------------------------- */

/* Stores the draft roster and the result inside a transaction left open
 * for the worker, which commits it with the job's success. */
static wfm_status store(PGconn *db, long long scenario_id, const char *center_id,
                        const json_t *spec, wfm_scenario_outcome *out, wfm_job_ctx *ctx,
                        long long *roster_id, wfm_error *err)
{
    PGresult *begin = PQexec(db, "BEGIN");
    int began = PQresultStatus(begin) == PGRES_COMMAND_OK;
    PQclear(begin);
    if (!began)
        return wfm_error_set(err, WFM_EDB, NULL, "storing the scenario: BEGIN failed: %s",
                             PQerrorMessage(db));
    char by[64];
    const char *who = json_string_value(json_object_get(spec, "created_by"));
    snprintf(by, sizeof by, "%s", who ? who : "scenario");
    wfm_roster_save save;
    wfm_roster_save_init(&save);
    save.center_id = center_id;
    save.created_by = by;
    save.job_id = wfm_job_ctx_job_id(ctx);
    save.input = out->input;
    save.doc = &out->doc;
    save.result = &out->roster;
    wfm_status st = wfm_roster_store_save(db, &save, roster_id, err);
    if (st == WFM_OK) {
        json_object_set_new(out->result, "roster_id", json_integer(*roster_id));
        st = wfm_scenario_store_result(db, scenario_id, *roster_id, out->result, err);
    }
    return st;
}

wfm_status wfm_job_run_scenario(const json_t *params, wfm_job_ctx *ctx, json_t **result,
                                wfm_error *err)
{
    PGconn *db = wfm_job_ctx_db(ctx);
    const json_t *given = json_object_get(params, "scenario_id");
    long long id = json_is_integer(given) ? json_integer_value(given) : 0;
    if (!db || id <= 0)
        return wfm_error_set(err, WFM_EINVAL, "scenario_id",
                             "a scenario job runs on the queue with params {\"scenario_id\": id}");
    char center_id[64];
    json_t *spec = NULL;
    wfm_scenario_outcome out;
    memset(&out, 0, sizeof out);
    wfm_status st = wfm_scenario_load_spec(db, id, center_id, sizeof center_id, &spec, err);
    if (st == WFM_OK)
        st = wfm_scenario_compute(db, center_id, spec, ctx, &out, err);
    long long roster_id = 0;
    if (st == WFM_OK)
        st = enter(ctx, "storing", 95, NULL, err);
    if (st == WFM_OK)
        st = store(db, id, center_id, spec, &out, ctx, &roster_id, err);
    if (st == WFM_OK)
        *result = json_pack("{s:I, s:I, s:f, s:O}", "scenario_id", (json_int_t)id, "roster_id",
                            (json_int_t)roster_id, "paid_hours", out.roster.paid_hours, "cost",
                            json_object_get(out.result, "cost"));
    wfm_scenario_outcome_free(&out);
    json_decref(spec);
    return st;
}
