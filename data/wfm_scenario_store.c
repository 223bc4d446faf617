/* wfm_scenario_store: scenarios in PostgreSQL (see wfm_scenario_store.h). */
#include "data/wfm_scenario_store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/wfm_db.h"
#include "data/wfm_jobs.h"
#include "data/wfm_scenario_spec.h"

/* An ISO 8601 UTC timestamp of a timestamptz column, as the job rows use. */
#define TS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/* A scenario row `s` (with its job `j`, LEFT JOINed) in its JSON form. */
#define SCENARIO_JSON                                                                       \
    "jsonb_build_object('id', s.id, 'center_id', s.center_id, 'name', s.name,"              \
    " 'spec', s.spec, 'state', s.state, 'created_by', s.created_by,"                        \
    " 'created_at', " TS("s.created_at") ", 'finished_at', " TS("s.finished_at") ","       \
    " 'job', CASE WHEN j.id IS NULL THEN NULL ELSE jsonb_build_object('id', j.id,"          \
    "   'state', j.state, 'progress', jsonb_build_object('phase', j.phase,"                 \
    "   'percent', j.percent, 'detail', j.progress)) END,"                                  \
    " 'roster_id', s.roster_id, 'result', s.result, 'error', s.error)"

#define SCENARIO_FROM " FROM scenario s LEFT JOIN job j ON j.id = s.job_id"

static const char *id_text(long long id, char *buf, size_t size)
{
    snprintf(buf, size, "%lld", id);
    return buf;
}

/* Runs sql with text parameters; NULL with err filled (what failed in
 * front of the database's reason) unless it succeeded. */
static PGresult *query(PGconn *db, const char *what, const char *sql, int n,
                       const char *const *values, wfm_error *err)
{
    PGresult *res = wfm_db_query(db, sql, n, values, err);
    if (!res) {
        char reason[sizeof err->message];
        snprintf(reason, sizeof reason, "%s", err->message);
        wfm_error_set(err, err->status, err->field[0] ? err->field : NULL, "%s: %s", what, reason);
    }
    return res;
}

/* The first cell of res as JSON (new reference), or NULL with err filled
 * when there is no row. */
static json_t *json_row(PGresult *res, const char *field, const char *what, wfm_error *err)
{
    if (PQntuples(res) < 1 || PQgetisnull(res, 0, 0)) {
        wfm_error_set(err, WFM_ENOTFOUND, field, "%s", what);
        return NULL;
    }
    json_error_t jerr;
    json_t *out = json_loads(PQgetvalue(res, 0, 0), JSON_DECODE_ANY, &jerr);
    if (!out)
        wfm_error_set(err, WFM_EINTERNAL, NULL, "stored JSON did not parse: %s", jerr.text);
    return out;
}

static wfm_status exec_simple(PGconn *db, const char *sql, wfm_error *err)
{
    PGresult *res = query(db, sql, sql, 0, NULL, err);
    PQclear(res);
    return res ? WFM_OK : err->status;
}

/* The center's queue names into *names (malloc'd array of malloc'd
 * strings; free with free_names) and its interval length in minutes.
 * WFM_ENOTFOUND for an unknown center. */
static wfm_status center_queues(PGconn *db, const char *center_id, char ***names, size_t *n,
                                int *interval_min, wfm_error *err)
{
    const char *values[] = {center_id};
    PGresult *res = query(db, "reading the center's queues",
                          "SELECT c.interval_s / 60, q.id FROM center c"
                          " LEFT JOIN queue q ON q.center_id = c.id"
                          " WHERE c.id = $1 ORDER BY q.id", 1, values, err);
    if (!res)
        return err->status;
    int rows = PQntuples(res);
    if (rows == 0) {
        PQclear(res);
        return wfm_error_set(err, WFM_ENOTFOUND, "center_id", "no center '%s'", center_id);
    }
    *interval_min = atoi(PQgetvalue(res, 0, 0));
    *names = calloc((size_t)rows, sizeof **names);
    *n = 0;
    for (int r = 0; *names && r < rows; r++)
        if (!PQgetisnull(res, r, 1))
            (*names)[(*n)++] = strdup(PQgetvalue(res, r, 1));
    PQclear(res);
    return *names ? WFM_OK : wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

/* Inserts the row and queues its job; the caller holds the transaction. */
static wfm_status insert_with_job(PGconn *db, const char *center_id, const json_t *spec,
                                  long long *id, long long *job_id, wfm_error *err)
{
    char *spec_text = json_dumps(spec, JSON_COMPACT);
    const char *by = json_string_value(json_object_get(spec, "created_by"));
    const char *values[] = {center_id, json_string_value(json_object_get(spec, "name")),
                            spec_text, by ? by : ""};
    PGresult *res = query(db, "storing the scenario",
                          "INSERT INTO scenario (center_id, name, spec, created_by)"
                          " VALUES ($1, $2, $3::jsonb, $4) RETURNING id", 4, values, err);
    free(spec_text);
    if (!res)
        return err->status;
    *id = atoll(PQgetvalue(res, 0, 0));
    PQclear(res);
    json_t *params = json_pack("{s:I}", "scenario_id", (json_int_t)*id);
    wfm_job_spec job;
    wfm_job_spec_init(&job);
    job.kind = "scenario";
    job.center_id = center_id;
    job.params = params;
    wfm_status st = wfm_job_enqueue(db, &job, job_id, err);
    json_decref(params);
    if (st != WFM_OK)
        return st;
    char sid[24], jid[24];
    const char *link[] = {id_text(*id, sid, sizeof sid), id_text(*job_id, jid, sizeof jid)};
    res = query(db, "linking the scenario to its job",
                "UPDATE scenario SET job_id = $2 WHERE id = $1", 2, link, err);
    PQclear(res);
    return res ? WFM_OK : err->status;
}

wfm_status wfm_scenario_check(PGconn *db, const char *center_id, const json_t *spec,
                              wfm_error *err)
{
    char **queues = NULL;
    size_t n_queues = 0;
    int interval_min = 0;
    wfm_status st = center_queues(db, center_id, &queues, &n_queues, &interval_min, err);
    if (st == WFM_OK)
        st = wfm_scenario_spec_check(spec, (const char *const *)queues, n_queues, interval_min,
                                     err);
    free_names(queues, n_queues);
    return st;
}

wfm_status wfm_scenario_create(PGconn *db, const char *center_id, const json_t *spec,
                               long long *id, long long *job_id, wfm_error *err)
{
    long long job = 0;
    wfm_status st = wfm_scenario_check(db, center_id, spec, err);
    if (st != WFM_OK)
        return st;
    st = exec_simple(db, "BEGIN", err);
    if (st == WFM_OK)
        st = insert_with_job(db, center_id, spec, id, &job, err);
    if (st == WFM_OK)
        st = exec_simple(db, "COMMIT", err);
    if (st != WFM_OK && PQtransactionStatus(db) != PQTRANS_IDLE)
        PQclear(PQexec(db, "ROLLBACK"));
    if (st == WFM_OK && job_id)
        *job_id = job;
    return st;
}

wfm_status wfm_scenario_get(PGconn *db, long long id, const char *center_id, json_t **scenario,
                            wfm_error *err)
{
    *scenario = NULL;
    char sid[24];
    const char *values[] = {id_text(id, sid, sizeof sid), center_id};
    PGresult *res = query(db, "reading the scenario",
                          "SELECT " SCENARIO_JSON SCENARIO_FROM
                          " WHERE s.id = $1 AND ($2::text IS NULL OR s.center_id = $2)",
                          2, values, err);
    if (!res)
        return err->status;
    char what[96];
    snprintf(what, sizeof what, "no scenario %lld%s%s", id, center_id ? " of center " : "",
             center_id ? center_id : "");
    *scenario = json_row(res, "id", what, err);
    PQclear(res);
    return *scenario ? WFM_OK : err->status;
}

wfm_status wfm_scenario_list(PGconn *db, const char *center_id, long long before_id, int limit,
                             json_t **scenarios, wfm_error *err)
{
    *scenarios = NULL;
    if (limit < 1 || limit > 500)
        return wfm_error_set(err, WFM_EINVAL, "limit", "limit must be in 1..500 (%d)", limit);
    if (before_id < 0)
        return wfm_error_set(err, WFM_EINVAL, "before_id", "before_id must be positive (%lld)",
                             before_id);
    char before[24], lim[16];
    snprintf(lim, sizeof lim, "%d", limit);
    const char *values[] = {center_id, before_id ? id_text(before_id, before, sizeof before) : NULL,
                            lim};
    PGresult *res = query(db, "listing the scenarios",
        "SELECT (SELECT count(*) FROM center WHERE id = $1),"
        " (SELECT coalesce(jsonb_agg(x.o ORDER BY x.id DESC), '[]') FROM"
        "  (SELECT s.id, " SCENARIO_JSON " AS o" SCENARIO_FROM
        "    WHERE s.center_id = $1 AND ($2::bigint IS NULL OR s.id < $2)"
        "    ORDER BY s.id DESC LIMIT $3::int) x)", 3, values, err);
    if (!res)
        return err->status;
    wfm_status st = WFM_OK;
    if (strcmp(PQgetvalue(res, 0, 0), "1"))
        st = wfm_error_set(err, WFM_ENOTFOUND, "center_id", "no center '%s'", center_id);
    else {
        json_error_t jerr;
        *scenarios = json_loads(PQgetvalue(res, 0, 1), 0, &jerr);
        if (!*scenarios)
            st = wfm_error_set(err, WFM_EINTERNAL, NULL, "stored JSON did not parse: %s", jerr.text);
    }
    PQclear(res);
    return st;
}

/* The state and job of scenario id (locked FOR UPDATE when lock is set,
 * inside the caller's transaction). */
static wfm_status state_of(PGconn *db, long long id, bool lock, char *state, size_t size,
                           long long *job_id, wfm_error *err)
{
    char sid[24];
    const char *values[] = {id_text(id, sid, sizeof sid)};
    PGresult *res = query(db, "reading the scenario",
                          lock ? "SELECT state, job_id FROM scenario WHERE id = $1 FOR UPDATE"
                               : "SELECT state, job_id FROM scenario WHERE id = $1",
                          1, values, err);
    if (!res)
        return err->status;
    wfm_status st = WFM_OK;
    if (PQntuples(res) != 1)
        st = wfm_error_set(err, WFM_ENOTFOUND, "id", "no scenario %lld", id);
    else {
        snprintf(state, size, "%s", PQgetvalue(res, 0, 0));
        *job_id = PQgetisnull(res, 0, 1) ? 0 : atoll(PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    return st;
}

wfm_status wfm_scenario_cancel(PGconn *db, long long id, json_t **scenario, wfm_error *err)
{
    if (scenario)
        *scenario = NULL;
    char state[16];
    long long job_id = 0;
    wfm_status st = state_of(db, id, false, state, sizeof state, &job_id, err);
    if (st != WFM_OK)
        return st;
    if (wfm_job_state_is_final(state) && strcmp(state, "cancelled"))
        return wfm_error_set(err, WFM_ECONFLICT, "state", "scenario %lld has already %s", id, state);
    if (job_id && (st = wfm_job_cancel(db, job_id, NULL, NULL, err)) != WFM_OK) {
        if (st == WFM_ECONFLICT) /* it ended meanwhile: say how, in the scenario's terms */
            snprintf(err->field, sizeof err->field, "state");
        return st;
    }
    return scenario ? wfm_scenario_get(db, id, NULL, scenario, err) : WFM_OK;
}

/* Deletes the locked row and its draft roster; the caller holds the
 * transaction. */
static wfm_status delete_locked(PGconn *db, long long id, wfm_error *err)
{
    char state[16];
    long long job_id = 0;
    wfm_status st = state_of(db, id, true, state, sizeof state, &job_id, err);
    if (st != WFM_OK)
        return st;
    if (!strcmp(state, "running"))
        return wfm_error_set(err, WFM_ECONFLICT, "state",
                             "scenario %lld is running: cancel it first", id);
    if (!strcmp(state, "queued") && job_id &&
        (st = wfm_job_cancel(db, job_id, NULL, NULL, err)) != WFM_OK)
        return st;
    char sid[24];
    const char *values[] = {id_text(id, sid, sizeof sid)};
    PGresult *res = query(db, "deleting the scenario",
                          "WITH gone AS (DELETE FROM scenario WHERE id = $1 RETURNING roster_id)"
                          " DELETE FROM roster WHERE state = 'draft'"
                          "  AND id = (SELECT roster_id FROM gone)", 1, values, err);
    PQclear(res);
    return res ? WFM_OK : err->status;
}

wfm_status wfm_scenario_delete(PGconn *db, long long id, wfm_error *err)
{
    wfm_status st = exec_simple(db, "BEGIN", err);
    if (st == WFM_OK)
        st = delete_locked(db, id, err);
    if (st == WFM_OK)
        st = exec_simple(db, "COMMIT", err);
    if (st != WFM_OK && PQtransactionStatus(db) != PQTRANS_IDLE)
        PQclear(PQexec(db, "ROLLBACK"));
    return st;
}

wfm_status wfm_scenario_load_spec(PGconn *db, long long id, char *center, size_t size,
                                  json_t **spec, wfm_error *err)
{
    *spec = NULL;
    char sid[24];
    const char *values[] = {id_text(id, sid, sizeof sid)};
    PGresult *res = query(db, "reading the scenario",
                          "SELECT center_id, spec FROM scenario WHERE id = $1", 1, values, err);
    if (!res)
        return err->status;
    wfm_status st = WFM_OK;
    if (PQntuples(res) != 1)
        st = wfm_error_set(err, WFM_ENOTFOUND, "scenario_id",
                           "scenario %lld no longer exists", id);
    else {
        snprintf(center, size, "%s", PQgetvalue(res, 0, 0));
        json_error_t jerr;
        *spec = json_loads(PQgetvalue(res, 0, 1), 0, &jerr);
        if (!*spec)
            st = wfm_error_set(err, WFM_EINTERNAL, NULL, "stored spec did not parse: %s", jerr.text);
    }
    PQclear(res);
    return st;
}

wfm_status wfm_scenario_store_result(PGconn *db, long long id, long long roster_id,
                                     const json_t *result, wfm_error *err)
{
    char sid[24], rid[24];
    char *text = json_dumps(result, JSON_COMPACT);
    const char *values[] = {id_text(id, sid, sizeof sid),
                            roster_id ? id_text(roster_id, rid, sizeof rid) : NULL, text};
    PGresult *res = query(db, "storing the scenario's result",
                          "UPDATE scenario SET result = $3::jsonb, roster_id = $2::bigint,"
                          " state = 'succeeded', error = NULL, finished_at = now()"
                          " WHERE id = $1", 3, values, err);
    free(text);
    if (!res)
        return err->status;
    wfm_status st = strcmp(PQcmdTuples(res), "1")
                        ? wfm_error_set(err, WFM_ENOTFOUND, "scenario_id",
                                        "scenario %lld no longer exists", id)
                        : WFM_OK;
    PQclear(res);
    return st;
}

/* ---- compare ---------------------------------------------------------------- */

/* b - a of a numeric member, null when either is not a number. */
static json_t *difference(const json_t *row, const json_t *reference, const char *key)
{
    const json_t *b = json_object_get(row, key), *a = json_object_get(reference, key);
    if (!json_is_number(a) || !json_is_number(b))
        return json_null();
    double d = json_number_value(b) - json_number_value(a);
    return json_is_integer(a) && json_is_integer(b) ? json_integer((json_int_t)d) : json_real(d);
}

/* The figures a comparison shows, and those it gives the deltas of. */
static const char *const compared[] = {"paid_hours", "cost", "agents_needed", "agents_rostered",
                                       "intervals_short", "predicted_answer_rate",
                                       "simulated_answer_rate", "roster_id", "days"};
static const char *const differenced[] = {"paid_hours", "cost", "agents_needed",
                                          "agents_rostered", "intervals_short",
                                          "predicted_answer_rate", "simulated_answer_rate"};

static json_t *compare_row(const json_t *scenario, const json_t *reference_result)
{
    const json_t *result = json_object_get(scenario, "result");
    json_t *row = json_pack("{s:O, s:O, s:O}", "id", json_object_get(scenario, "id"), "name",
                            json_object_get(scenario, "name"), "state",
                            json_object_get(scenario, "state"));
    for (size_t k = 0; k < sizeof compared / sizeof compared[0]; k++) {
        json_t *v = json_object_get(result, compared[k]);
        json_object_set_new(row, compared[k], v ? json_incref(v) : json_null());
    }
    json_t *delta = json_object();
    for (size_t k = 0; k < sizeof differenced / sizeof differenced[0]; k++)
        json_object_set_new(delta, differenced[k],
                            difference(result, reference_result, differenced[k]));
    json_object_set_new(row, "delta", delta);
    return row;
}

json_t *wfm_scenario_compare_rows(const json_t *const *scenarios, size_t n)
{
    json_t *rows = json_array();
    const json_t *reference = n ? json_object_get(scenarios[0], "result") : NULL;
    for (size_t i = 0; i < n; i++)
        json_array_append_new(rows, compare_row(scenarios[i], reference));
    return rows;
}

static wfm_status check_ids(const long long *ids, size_t n, wfm_error *err)
{
    if (n < 1 || n > WFM_SCENARIO_COMPARE_MAX)
        return wfm_error_set(err, WFM_EINVAL, "ids", "ids must list 1..%d scenarios (%zu)",
                             WFM_SCENARIO_COMPARE_MAX, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (ids[i] == ids[j])
                return wfm_error_set(err, WFM_EINVAL, "ids", "ids lists scenario %lld twice",
                                     ids[i]);
    return WFM_OK;
}

wfm_status wfm_scenario_ids_parse(const char *text, long long *ids, size_t *n, wfm_error *err)
{
    *n = 0;
    if (!text || !*text)
        return wfm_error_set(err, WFM_EINVAL, "ids", "ids is required: ids=3,7 (the first is "
                             "the reference)");
    for (const char *p = text;;) {
        char *end;
        errno = 0;
        long long id = strtoll(p, &end, 10);
        if (end == p || errno || id <= 0 || (*end && *end != ','))
            return wfm_error_set(err, WFM_EINVAL, "ids",
                                 "ids must be scenario ids separated by commas ('%s')", text);
        if (*n == WFM_SCENARIO_COMPARE_MAX)
            return wfm_error_set(err, WFM_EINVAL, "ids", "ids may list at most %d scenarios",
                                 WFM_SCENARIO_COMPARE_MAX);
        ids[(*n)++] = id;
        if (!*end)
            return WFM_OK;
        p = end + 1;
    }
}

wfm_status wfm_scenario_compare(PGconn *db, const char *center_id, const long long *ids, size_t n,
                                json_t **comparison, wfm_error *err)
{
    *comparison = NULL;
    wfm_status st = check_ids(ids, n, err);
    json_t *rows[WFM_SCENARIO_COMPARE_MAX] = {0};
    for (size_t i = 0; st == WFM_OK && i < n; i++) {
        st = wfm_scenario_get(db, ids[i], center_id, &rows[i], err);
        const char *state = rows[i] ? json_string_value(json_object_get(rows[i], "state")) : "";
        if (st == WFM_ENOTFOUND)
            snprintf(err->field, sizeof err->field, "ids");
        else if (st == WFM_OK && strcmp(state, "succeeded"))
            st = wfm_error_set(err, WFM_ECONFLICT, "ids",
                               "scenario %lld is %s: only succeeded scenarios compare", ids[i],
                               state);
    }
    if (st == WFM_OK)
        *comparison = json_pack("{s:I, s:o}", "reference", (json_int_t)ids[0], "scenarios",
                                wfm_scenario_compare_rows((const json_t *const *)rows, n));
    for (size_t i = 0; i < n && i < WFM_SCENARIO_COMPARE_MAX; i++)
        json_decref(rows[i]);
    return st;
}
