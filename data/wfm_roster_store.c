/* wfm_roster_store: rosters, agents and shift templates in PostgreSQL
 * (migration 008). See wfm_roster_store.h for the JSON forms. */
#include "data/wfm_roster_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* An ISO 8601 UTC timestamp of a timestamptz column, as the job rows use. */
#define TS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/* A roster row `r` in its JSON form, without the document. */
#define ROSTER_JSON                                                                        \
    "jsonb_build_object('id', r.id, 'center_id', r.center_id, 'job_id', r.job_id,"         \
    " 'state', r.state, 'start_date', r.start_date, 'days', r.days,"                       \
    " 'created_by', r.created_by, 'created_at', " TS("r.created_at") ","                   \
    " 'published_by', r.published_by, 'published_at', " TS("r.published_at") ","          \
    " 'kpis', r.kpis, 'agents', (SELECT coalesce(jsonb_agg(c.agent_id ORDER BY c.agent_id),"\
    " '[]') FROM roster_calendar c WHERE c.roster_id = r.id))"

void wfm_roster_save_init(wfm_roster_save *save)
{
    memset(save, 0, sizeof *save);
}

/* The wfm_status of a failed statement by its SQLSTATE: a missing
 * referenced row is a not-found id, a duplicate a conflict, a failed CHECK
 * bad input; anything else is the database's failure. */
static wfm_status status_of_sqlstate(const char *state)
{
    if (!state)
        return WFM_EDB;
    if (!strcmp(state, "23503"))
        return WFM_ENOTFOUND;
    if (!strcmp(state, "23505"))
        return WFM_ECONFLICT;
    if (!strcmp(state, "23514") || !strcmp(state, "22P02"))
        return WFM_EINVAL;
    return WFM_EDB;
}

/* Runs a parameterized statement (NULL values are SQL nulls); NULL with err
 * filled (naming what was being done and field) unless it succeeded. */
static PGresult *query(PGconn *db, const char *what, const char *field, const char *sql, int n,
                       const char *const *values, wfm_error *err)
{
    if (!db || PQstatus(db) != CONNECTION_OK) {
        wfm_error_set(err, WFM_EDB, NULL, "%s: no database connection", what);
        return NULL;
    }
    PGresult *res = PQexecParams(db, sql, n, NULL, values, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        return res;
    wfm_status status = status_of_sqlstate(res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL);
    char msg[400];
    snprintf(msg, sizeof msg, "%s", res ? PQresultErrorMessage(res) : PQerrorMessage(db));
    msg[strcspn(msg, "\n")] = '\0';
    wfm_error_set(err, status, status == WFM_EDB ? NULL : field, "%s: %s", what, msg);
    PQclear(res);
    return NULL;
}

/* The first cell of a result as a parsed JSON value; NULL (with err set
 * unless the cell is missing or null) otherwise. */
static json_t *json_cell(PGresult *res, wfm_error *err)
{
    if (PQntuples(res) < 1 || PQgetisnull(res, 0, 0))
        return NULL;
    json_error_t jerr;
    json_t *out = json_loads(PQgetvalue(res, 0, 0), JSON_DECODE_ANY, &jerr);
    if (!out)
        wfm_error_set(err, WFM_EINTERNAL, NULL, "stored JSON did not parse: %s", jerr.text);
    return out;
}

static char *id_text(long long id, char *buf, size_t size)
{
    snprintf(buf, size, "%lld", id);
    return buf;
}

static wfm_status center_must_exist(PGconn *db, const char *center_id, wfm_error *err)
{
    const char *values[] = {center_id};
    PGresult *res = query(db, "looking up the center", "center_id",
                          "SELECT 1 FROM center WHERE id = $1", 1, values, err);
    if (!res)
        return err->status;
    int found = PQntuples(res) > 0;
    PQclear(res);
    if (!found)
        return wfm_error_set(err, WFM_ENOTFOUND, "center_id", "no center '%s'", center_id);
    return WFM_OK;
}

/* The shifts as rows for jsonb_to_recordset: agent_id, day, template,
 * start_min, end_min, paid_min. */
static json_t *shift_rows(const wfm_roster_doc *doc, const wfm_roster_result *r)
{
    json_t *rows = json_array();
    for (int i = 0; rows && i < r->n_shifts; i++) {
        const wfm_roster_shift *s = &r->shifts[i];
        json_array_append_new(
            rows, json_pack("{s:s, s:i, s:s, s:i, s:i, s:i}", "agent_id",
                            doc->in.agents[s->agent].id, "day", s->day, "template",
                            doc->in.templates[s->template_index].name, "start_min", s->start_min,
                            "end_min", s->end_min, "paid_min", s->paid_min));
    }
    return rows;
}

/* One calendar a document agent, written by the optimizer's iCalendar
 * writer: rows agent_id, ics. NULL when out of memory. */
static json_t *calendar_rows(const wfm_roster_doc *doc, const wfm_roster_result *r,
                             const char *dtstamp)
{
    json_t *rows = json_array();
    for (int a = 0; rows && a < doc->in.n_agents; a++) {
        char *ics = wfm_roster_agent_ical(doc, r, a, dtstamp);
        if (!ics) {
            json_decref(rows);
            return NULL;
        }
        json_array_append_new(rows, json_pack("{s:s, s:s}", "agent_id", doc->in.agents[a].id,
                                              "ics", ics));
        free(ics);
    }
    return rows;
}

static const char SAVE_SQL[] =
    "WITH r AS ("
    "  INSERT INTO roster (center_id, job_id, start_date, days, created_by, kpis, input,"
    "                      document, csv)"
    "  VALUES ($1, $2::bigint, $3::date, $4::int, coalesce($5, ''), $6::jsonb, $7::jsonb,"
    "          $8::jsonb, $9)"
    "  RETURNING id),"
    " s AS ("
    "  INSERT INTO roster_shift (roster_id, agent_id, day, template, start_min, end_min,"
    "                            paid_min)"
    "  SELECT r.id, x.agent_id, $3::date + x.day, x.template, x.start_min, x.end_min,"
    "         x.paid_min"
    "  FROM r, jsonb_to_recordset($10::jsonb) AS x(agent_id text, day int, template text,"
    "                                            start_min int, end_min int, paid_min int)),"
    " c AS ("
    "  INSERT INTO roster_calendar (roster_id, agent_id, ics)"
    "  SELECT r.id, x.agent_id, x.ics"
    "  FROM r, jsonb_to_recordset($11::jsonb) AS x(agent_id text, ics text))"
    "SELECT id FROM r";

/* The exports and rows of a roster, as text parameters of SAVE_SQL. */
typedef struct save_texts {
    char *kpis, *input, *document, *csv, *shifts, *calendars;
} save_texts;

static void save_texts_free(save_texts *t)
{
    free(t->kpis);
    free(t->input);
    free(t->document);
    free(t->csv);
    free(t->shifts);
    free(t->calendars);
}

static char *dump_new(json_t *value)
{
    char *text = value ? json_dumps(value, JSON_COMPACT) : NULL;
    json_decref(value);
    return text;
}

/* Writes every export with the optimizer's writers. */
static wfm_status save_texts_make(const wfm_roster_save *save, save_texts *t, wfm_error *err)
{
    char now[32];
    const char *dtstamp = save->dtstamp;
    if (!dtstamp) {
        time_t clock = time(NULL);
        struct tm utc;
        gmtime_r(&clock, &utc);
        strftime(now, sizeof now, "%Y%m%dT%H%M%SZ", &utc);
        dtstamp = now;
    }
    json_t *document = wfm_roster_result_json(save->doc, save->result);
    t->kpis = document ? json_dumps(json_object_get(document, "kpis"), JSON_COMPACT) : NULL;
    t->document = dump_new(document);
    t->input = json_dumps(save->input, JSON_COMPACT);
    t->csv = wfm_roster_result_csv(save->doc, save->result);
    t->shifts = dump_new(shift_rows(save->doc, save->result));
    t->calendars = dump_new(calendar_rows(save->doc, save->result, dtstamp));
    if (!t->kpis || !t->document || !t->input || !t->csv || !t->shifts || !t->calendars)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory writing the roster's exports");
    return WFM_OK;
}

wfm_status wfm_roster_store_save(PGconn *db, const wfm_roster_save *save, long long *id,
                                 wfm_error *err)
{
    if (!save->center_id || !save->doc || !save->result || !save->input)
        return wfm_error_set(err, WFM_EINVAL, "center_id",
                             "a roster needs its center, input, document and result");
    save_texts t = {0};
    wfm_status st = save_texts_make(save, &t, err);
    if (st != WFM_OK) {
        save_texts_free(&t);
        return st;
    }
    char job[24], days[16];
    snprintf(days, sizeof days, "%d", save->doc->in.n_days);
    const char *values[] = {save->center_id, save->job_id > 0 ? id_text(save->job_id, job, sizeof job) : NULL,
                            save->doc->start_date, days, save->created_by, t.kpis, t.input,
                            t.document, t.csv, t.shifts, t.calendars};
    PGresult *res = query(db, "saving the roster", "center_id", SAVE_SQL, 11, values, err);
    save_texts_free(&t);
    if (!res)
        return err->status;
    *id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return WFM_OK;
}

/* The center's stored rows for one missing part of the input document. */
typedef struct stored_part {
    const char *key;
    const char *sql; /* $1 center id; one cell: a JSON array */
} stored_part;

static const stored_part STORED_PARTS[] = {
    {"agents",
     "SELECT coalesce(jsonb_agg(a.rules || jsonb_build_object('id', a.id, 'name', a.name, 'skills',"
     " to_jsonb(a.skills), 'min_week_hours', a.min_week_hours, 'max_week_hours',"
     " a.max_week_hours) ORDER BY a.id), '[]')"
     " FROM agent a WHERE a.center_id = $1 AND a.active"},
    {"templates",
     "SELECT coalesce(jsonb_agg(t.definition || jsonb_build_object('name', t.name)"
     " ORDER BY t.name), '[]') FROM shift_template t WHERE t.center_id = $1"},
};

/* The center's stored rows of part as a JSON array into *rows. */
static wfm_status read_part(PGconn *db, const char *center_id, const stored_part *part,
                            json_t **rows, wfm_error *err)
{
    const char *values[] = {center_id};
    PGresult *res = query(db, "reading the center's roster data", part->key, part->sql, 1,
                          values, err);
    if (!res)
        return err->status;
    *rows = json_cell(res, err);
    PQclear(res);
    if (!*rows)
        return err->status ? err->status
                           : wfm_error_set(err, WFM_EINTERNAL, part->key, "no %s row", part->key);
    return WFM_OK;
}

static wfm_status fill_stored_part(PGconn *db, const char *center_id, const stored_part *part,
                                   json_t *input, wfm_error *err)
{
    if (json_object_get(input, part->key))
        return WFM_OK;
    json_t *rows = NULL;
    wfm_status st = read_part(db, center_id, part, &rows, err);
    if (st != WFM_OK)
        return st;
    if (json_array_size(rows) == 0) {
        json_decref(rows);
        return wfm_error_set(err, WFM_EINVAL, part->key,
                             "the request gives no %s and center '%s' has none stored", part->key,
                             center_id);
    }
    json_object_set_new(input, part->key, rows);
    return WFM_OK;
}

wfm_status wfm_roster_store_input(PGconn *db, const char *center_id, const json_t *request,
                                  json_t **input, wfm_error *err)
{
    *input = NULL;
    if (!json_is_object(request))
        return wfm_error_set(err, WFM_EINVAL, NULL, "the roster request must be a JSON object");
    wfm_status st = center_must_exist(db, center_id, err);
    if (st != WFM_OK)
        return st;
    json_t *doc = json_deep_copy(request);
    if (!doc)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory copying the request");
    json_object_del(doc, "created_by");
    for (size_t i = 0; st == WFM_OK && i < sizeof STORED_PARTS / sizeof *STORED_PARTS; i++)
        st = fill_stored_part(db, center_id, &STORED_PARTS[i], doc, err);
    if (st != WFM_OK) {
        json_decref(doc);
        return st;
    }
    *input = doc;
    return WFM_OK;
}

static wfm_status list_part(PGconn *db, const char *center_id, const stored_part *part,
                            json_t **rows, wfm_error *err)
{
    *rows = NULL;
    wfm_status st = center_must_exist(db, center_id, err);
    return st == WFM_OK ? read_part(db, center_id, part, rows, err) : st;
}

wfm_status wfm_roster_store_agents(PGconn *db, const char *center_id, json_t **agents,
                                   wfm_error *err)
{
    return list_part(db, center_id, &STORED_PARTS[0], agents, err);
}

wfm_status wfm_roster_store_templates(PGconn *db, const char *center_id, json_t **templates,
                                      wfm_error *err)
{
    return list_part(db, center_id, &STORED_PARTS[1], templates, err);
}

/* Runs a statement whose only parameters are a center id and a JSON
 * object, for the two upserts, once the center is known to exist. */
static wfm_status put_json(PGconn *db, const char *what, const char *field, const char *sql,
                           const char *center_id, const json_t *object, wfm_error *err)
{
    wfm_status st = center_must_exist(db, center_id, err);
    if (st != WFM_OK)
        return st;
    char *text = json_dumps(object, JSON_COMPACT);
    if (!text)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
    const char *values[] = {center_id, text};
    PGresult *res = query(db, what, field, sql, 2, values, err);
    free(text);
    PQclear(res);
    return res ? WFM_OK : err->status;
}

static wfm_status check_number_field(const json_t *object, const char *key, wfm_error *err)
{
    const json_t *v = json_object_get(object, key);
    if (v && !json_is_number(v))
        return wfm_error_set(err, WFM_EINVAL, key, "%s must be a number", key);
    return WFM_OK;
}

wfm_status wfm_roster_store_check_agent(const json_t *agent, wfm_error *err)
{
    if (!json_is_object(agent))
        return wfm_error_set(err, WFM_EINVAL, NULL, "an agent must be a JSON object");
    if (!json_is_string(json_object_get(agent, "id")))
        return wfm_error_set(err, WFM_EINVAL, "id", "an agent needs an \"id\" string");
    const json_t *skills = json_object_get(agent, "skills");
    if (!json_is_array(skills) || json_array_size(skills) == 0)
        return wfm_error_set(err, WFM_EINVAL, "skills", "agent '%s': skills must be a non-empty"
                             " array of queue names", json_string_value(json_object_get(agent, "id")));
    size_t i;
    const json_t *skill;
    json_array_foreach(skills, i, skill) if (!json_is_string(skill))
        return wfm_error_set(err, WFM_EINVAL, "skills", "skills[%zu] must be a queue name", i);
    const json_t *name = json_object_get(agent, "name");
    if (name && !json_is_string(name))
        return wfm_error_set(err, WFM_EINVAL, "name", "name must be a string");
    wfm_status st = check_number_field(agent, "min_week_hours", err);
    return st == WFM_OK ? check_number_field(agent, "max_week_hours", err) : st;
}

wfm_status wfm_roster_store_put_agent(PGconn *db, const char *center_id, const json_t *agent,
                                      wfm_error *err)
{
    wfm_status st = wfm_roster_store_check_agent(agent, err);
    if (st != WFM_OK)
        return st;
    return put_json(
        db, "storing the agent", "id",
        "INSERT INTO agent (center_id, id, name, skills, min_week_hours, max_week_hours, rules)"
        " SELECT $1, j->>'id', coalesce(j->>'name', ''),"
        "  ARRAY(SELECT jsonb_array_elements_text(j->'skills')),"
        "  coalesce((j->>'min_week_hours')::float8, 0), coalesce((j->>'max_week_hours')::float8, 40),"
        "  j - 'id' - 'name' - 'skills' - 'min_week_hours' - 'max_week_hours'"
        " FROM (SELECT $2::jsonb AS j) q"
        " ON CONFLICT (center_id, id) DO UPDATE SET name = EXCLUDED.name, skills = EXCLUDED.skills,"
        "  min_week_hours = EXCLUDED.min_week_hours, max_week_hours = EXCLUDED.max_week_hours,"
        "  rules = EXCLUDED.rules, active = true",
        center_id, agent, err);
}

wfm_status wfm_roster_store_check_template(const json_t *definition, wfm_error *err)
{
    if (!json_is_object(definition) || !json_is_string(json_object_get(definition, "name")))
        return wfm_error_set(err, WFM_EINVAL, "name", "a shift template needs a \"name\" string");
    return WFM_OK;
}

wfm_status wfm_roster_store_put_template(PGconn *db, const char *center_id,
                                         const json_t *definition, wfm_error *err)
{
    wfm_status st = wfm_roster_store_check_template(definition, err);
    if (st != WFM_OK)
        return st;
    return put_json(db, "storing the shift template", "name",
                    "INSERT INTO shift_template (center_id, name, definition)"
                    " VALUES ($1, $2::jsonb->>'name', $2::jsonb - 'name')"
                    " ON CONFLICT (center_id, name) DO UPDATE SET definition = EXCLUDED.definition",
                    center_id, definition, err);
}

/* Runs a statement on roster id whose one cell is its JSON; ENOTFOUND
 * naming "id" when no row comes back. */
static wfm_status roster_json(PGconn *db, const char *what, const char *sql, long long id,
                              const char *extra, json_t **out, wfm_error *err)
{
    char text[24];
    const char *values[] = {id_text(id, text, sizeof text), extra};
    PGresult *res = query(db, what, "id", sql, extra ? 2 : 1, values, err);
    if (!res)
        return err->status;
    int found = PQntuples(res) > 0;
    *out = found ? json_cell(res, err) : NULL;
    PQclear(res);
    if (!found)
        return wfm_error_set(err, WFM_ENOTFOUND, "id", "no roster %lld", id);
    return *out ? WFM_OK : err->status;
}

wfm_status wfm_roster_store_get(PGconn *db, long long id, json_t **roster, wfm_error *err)
{
    return roster_json(db, "reading the roster",
                       "SELECT " ROSTER_JSON " || jsonb_build_object('roster', r.document)"
                       " FROM roster r WHERE r.id = $1",
                       id, NULL, roster, err);
}

wfm_status wfm_roster_store_list(PGconn *db, const char *center_id, const char *state,
                                 long long before_id, int limit, json_t **rosters,
                                 wfm_error *err)
{
    *rosters = NULL;
    if (limit < 1 || limit > 500)
        return wfm_error_set(err, WFM_EINVAL, "limit", "limit must be in 1..500 (%d)", limit);
    if (state && strcmp(state, "draft") && strcmp(state, "published"))
        return wfm_error_set(err, WFM_EINVAL, "state",
                             "state must be draft or published ('%s')", state);
    wfm_status st = center_must_exist(db, center_id, err);
    if (st != WFM_OK)
        return st;
    char before[24], count[16];
    snprintf(count, sizeof count, "%d", limit);
    const char *values[] = {center_id, id_text(before_id, before, sizeof before), count, state};
    PGresult *res = query(db, "listing rosters", NULL,
                          "SELECT coalesce(jsonb_agg(q.j ORDER BY q.id DESC), '[]') FROM ("
                          " SELECT r.id, " ROSTER_JSON " AS j FROM roster r"
                          " WHERE r.center_id = $1 AND ($2::bigint <= 0 OR r.id < $2::bigint)"
                          "   AND ($4::text IS NULL OR r.state = $4)"
                          " ORDER BY r.id DESC LIMIT $3::int) q",
                          4, values, err);
    if (!res)
        return err->status;
    *rosters = json_cell(res, err);
    PQclear(res);
    return *rosters ? WFM_OK : err->status;
}

/* Why a draft-only change (publish, delete) was refused: the roster does
 * not exist, or it is published (by whom and when). */
static wfm_status draft_refused(PGconn *db, long long id, wfm_error *err)
{
    json_t *roster = NULL;
    wfm_status st = roster_json(db, "reading the roster", "SELECT " ROSTER_JSON
                                " FROM roster r WHERE r.id = $1", id, NULL, &roster, err);
    if (st != WFM_OK)
        return st;
    st = wfm_error_set(err, WFM_ECONFLICT, "state", "roster %lld is already published (by %s at %s);"
                       " only a draft is published or deleted",
                       id, json_string_value(json_object_get(roster, "published_by")),
                       json_string_value(json_object_get(roster, "published_at")));
    json_decref(roster);
    return st;
}

wfm_status wfm_roster_store_publish(PGconn *db, long long id, const char *by, json_t **roster,
                                    wfm_error *err)
{
    if (roster)
        *roster = NULL;
    size_t len = by ? strlen(by) : 0;
    if (len < 1 || len > 100)
        return wfm_error_set(err, WFM_EINVAL, "by",
                             "by must name who publishes, 1..100 characters (%zu given)", len);
    json_t *published = NULL;
    wfm_status st = roster_json(db, "publishing the roster",
                                "UPDATE roster r SET state = 'published', published_by = $2,"
                                " published_at = now() WHERE r.id = $1 AND r.state = 'draft'"
                                " RETURNING " ROSTER_JSON,
                                id, by, &published, err);
    if (st == WFM_ENOTFOUND) {
        wfm_error_clear(err);
        return draft_refused(db, id, err);
    }
    if (roster)
        *roster = published;
    else
        json_decref(published);
    return st;
}

wfm_status wfm_roster_store_delete(PGconn *db, long long id, wfm_error *err)
{
    json_t *deleted = NULL;
    wfm_status st = roster_json(db, "deleting the roster",
                                "DELETE FROM roster r WHERE r.id = $1 AND r.state = 'draft'"
                                " RETURNING to_jsonb(r.id)",
                                id, NULL, &deleted, err);
    json_decref(deleted);
    if (st == WFM_ENOTFOUND) {
        wfm_error_clear(err);
        return draft_refused(db, id, err);
    }
    return st;
}

/* The one text cell of a statement on roster id (and extra); ENOTFOUND
 * naming "id" without a row, naming null_field when the cell is null. */
static wfm_status roster_text(PGconn *db, const char *sql, long long id, const char *extra,
                              const char *null_field, char **out, wfm_error *err)
{
    *out = NULL;
    char text[24];
    const char *values[] = {id_text(id, text, sizeof text), extra};
    PGresult *res = query(db, "reading the roster's export", "id", sql, extra ? 2 : 1, values, err);
    if (!res)
        return err->status;
    wfm_status st = WFM_OK;
    if (PQntuples(res) < 1)
        st = wfm_error_set(err, WFM_ENOTFOUND, "id", "no roster %lld", id);
    else if (PQgetisnull(res, 0, 0))
        st = wfm_error_set(err, WFM_ENOTFOUND, null_field, "roster %lld has no %s '%s'", id,
                           null_field, extra ? extra : "");
    else if (!(*out = strdup(PQgetvalue(res, 0, 0))))
        st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
    PQclear(res);
    return st;
}

wfm_status wfm_roster_store_csv(PGconn *db, long long id, char **csv, wfm_error *err)
{
    return roster_text(db, "SELECT csv FROM roster WHERE id = $1", id, NULL, "id", csv, err);
}

wfm_status wfm_roster_store_ical(PGconn *db, long long id, const char *agent, char **ics,
                                 wfm_error *err)
{
    return roster_text(db,
                       "SELECT (SELECT c.ics FROM roster_calendar c"
                       "        WHERE c.roster_id = r.id AND c.agent_id = $2)"
                       " FROM roster r WHERE r.id = $1",
                       id, agent ? agent : "", "agent", ics, err);
}

wfm_status wfm_roster_store_center(PGconn *db, long long id, char **center_id, wfm_error *err)
{
    return roster_text(db, "SELECT center_id FROM roster WHERE id = $1", id, NULL, "id",
                       center_id, err);
}
