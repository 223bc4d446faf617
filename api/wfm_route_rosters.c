/* Routes of rosters (docs/roster.md, "API and storage"): start a build as a
 * background job, list a center's rosters, read one with its CSV and
 * per-agent iCalendar exports, publish a draft. The rosters are stored by
 * data/wfm_roster_store; the job kind "roster" (data/wfm_roster_job) builds
 * them. */
#include "api/wfm_db.h"
#include "api/wfm_route_util.h"
#include "api/wfm_routes.h"

#include <stdio.h>
#include <string.h>

#include "data/wfm_jobs.h"
#include "data/wfm_roster_job.h"
#include "data/wfm_roster_store.h"

/* Fills res with err's error response and returns false when st failed. */
static bool answered_ok(wfm_http_response *res, wfm_status st, const wfm_error *err)
{
    if (st != WFM_OK)
        wfm_http_error_from(res, err);
    return st == WFM_OK;
}

/* Checks the request, then queues the job with the complete input, so the
 * job builds exactly what was checked even if stored agents change. */
static wfm_status enqueue_roster(PGconn *db, const char *center_id, const json_t *body,
                                 long long *job_id, wfm_error *err)
{
    const json_t *by = json_object_get(body, "created_by");
    if (by && !json_is_string(by))
        return wfm_error_set(err, WFM_EINVAL, "created_by", "created_by must be a string");
    json_t *input = NULL;
    wfm_roster_doc doc;
    wfm_status st = wfm_roster_job_input(db, center_id, body, &input, &doc, err);
    if (st != WFM_OK)
        return st;
    wfm_roster_doc_free(&doc);
    if (by)
        json_object_set(input, "created_by", (json_t *)by);
    wfm_job_spec spec;
    wfm_job_spec_init(&spec);
    spec.kind = "roster";
    spec.center_id = center_id;
    spec.params = input;
    spec.priority = 10; /* a manager's roster before planners' what-if scenarios */
    st = wfm_job_enqueue(db, &spec, job_id, err);
    json_decref(input);
    return st;
}

void wfm_route_center_rosters_post(const wfm_http_request *req, wfm_http_response *res)
{
    json_t *body = wfm_http_body_object(req, res);
    if (!body)
        return;
    wfm_error err;
    wfm_error_clear(&err);
    PGconn *db = wfm_db_acquire(req->server, &err);
    long long job_id = 0;
    json_t *job = NULL;
    wfm_status st = db ? enqueue_roster(db, req->params[0], body, &job_id, &err) : err.status;
    if (st == WFM_OK)
        st = wfm_job_get(db, job_id, NULL, &job, &err);
    wfm_db_release(req->server, db);
    json_decref(body);
    if (!answered_ok(res, st, &err))
        return;
    char url[64];
    snprintf(url, sizeof url, "/v1/jobs/%lld", job_id);
    wfm_http_json(res, 202, json_pack("{s:o, s:{s:s}}", "job", job, "links", "job", url));
    wfm_http_header(res, "Location", url);
}

void wfm_route_center_rosters_list(const wfm_http_request *req, wfm_http_response *res)
{
    long long limit = 50, before_id = 0;
    if (!wfm_http_query_positive(req, res, "limit", &limit) ||
        !wfm_http_query_positive(req, res, "before_id", &before_id))
        return;
    wfm_error err;
    wfm_error_clear(&err);
    PGconn *db = wfm_db_acquire(req->server, &err);
    json_t *rosters = NULL;
    wfm_status st = db ? wfm_roster_store_list(db, req->params[0], wfm_http_query(req, "state"),
                                               before_id, limit > 1000 ? 1000 : (int)limit,
                                               &rosters, &err)
                       : err.status;
    wfm_db_release(req->server, db);
    if (!answered_ok(res, st, &err))
        return;
    wfm_http_list_page(res, "rosters", rosters, limit);
}

/* Links of a roster's exports, added to its JSON form. */
static void add_links(json_t *roster)
{
    long long id = json_integer_value(json_object_get(roster, "id"));
    char self[64], csv[80], calendars[96];
    snprintf(self, sizeof self, "/v1/rosters/%lld", id);
    snprintf(csv, sizeof csv, "%s/export.csv", self);
    snprintf(calendars, sizeof calendars, "%s/agents/{agent}/calendar.ics", self);
    json_object_set_new(roster, "links", json_pack("{s:s, s:s, s:s}", "self", self, "csv", csv,
                                                   "calendar", calendars));
}

void wfm_route_roster_get(const wfm_http_request *req, wfm_http_response *res)
{
    long long id;
    PGconn *db;
    wfm_error err;
    if (!wfm_route_open_id(req, res, &id, &db, &err))
        return;
    json_t *roster = NULL;
    wfm_status st = wfm_roster_store_get(db, id, &roster, &err);
    wfm_db_release(req->server, db);
    if (!answered_ok(res, st, &err))
        return;
    add_links(roster);
    wfm_http_json(res, 200, roster);
}

void wfm_route_roster_delete(const wfm_http_request *req, wfm_http_response *res)
{
    long long id;
    PGconn *db;
    wfm_error err;
    if (!wfm_route_open_id(req, res, &id, &db, &err))
        return;
    wfm_status st = wfm_roster_store_delete(db, id, &err);
    wfm_db_release(req->server, db);
    if (answered_ok(res, st, &err))
        wfm_http_text(res, 204, NULL, NULL, 0);
}

/* Serves one stored export of roster {id} (agent: {agent} or NULL). */
static void send_export(const wfm_http_request *req, wfm_http_response *res,
                        const char *content_type, const char *agent)
{
    long long id;
    PGconn *db;
    wfm_error err;
    if (!wfm_route_open_id(req, res, &id, &db, &err))
        return;
    char *text = NULL;
    wfm_status st = agent ? wfm_roster_store_ical(db, id, agent, &text, &err)
                          : wfm_roster_store_csv(db, id, &text, &err);
    wfm_db_release(req->server, db);
    if (answered_ok(res, st, &err))
        wfm_http_text(res, 200, content_type, text, strlen(text));
}

void wfm_route_roster_csv(const wfm_http_request *req, wfm_http_response *res)
{
    send_export(req, res, "text/csv; charset=utf-8", NULL);
}

void wfm_route_roster_agent_ical(const wfm_http_request *req, wfm_http_response *res)
{
    send_export(req, res, "text/calendar; charset=utf-8", req->params[1]);
}

void wfm_route_roster_publish(const wfm_http_request *req, wfm_http_response *res)
{
    json_t *body = wfm_http_body_object(req, res);
    long long id;
    PGconn *db;
    wfm_error err;
    if (!body || !wfm_route_open_id(req, res, &id, &db, &err)) {
        json_decref(body);
        return;
    }
    const json_t *by = json_object_get(body, "by");
    json_t *roster = NULL;
    wfm_status st = json_is_string(by)
                        ? wfm_roster_store_publish(db, id, json_string_value(by), &roster, &err)
                        : wfm_error_set(&err, WFM_EINVAL, "by",
                                        "by must be a string naming who publishes");
    wfm_db_release(req->server, db);
    json_decref(body);
    if (!answered_ok(res, st, &err))
        return;
    add_links(roster);
    wfm_http_json(res, 200, roster);
}

/* Stores the {name}d item of center {id} from the body, the path naming it
 * (key "id" for agents, "name" for templates: a body that names another is
 * a 400). 200 with the item as stored. */
typedef wfm_status (*put_item_fn)(PGconn *db, const char *center_id, const json_t *item,
                                  wfm_error *err);

static void put_item(const wfm_http_request *req, wfm_http_response *res, const char *key,
                     put_item_fn put)
{
    json_t *item = wfm_http_body_object(req, res);
    if (!item)
        return;
    wfm_error err;
    wfm_error_clear(&err);
    const char *named = json_string_value(json_object_get(item, key));
    PGconn *db = NULL;
    wfm_status st;
    if (json_object_get(item, key) && (!named || strcmp(named, req->params[1])))
        st = wfm_error_set(&err, WFM_EINVAL, key, "%s in the body must match the path ('%s')",
                           key, req->params[1]);
    else if (!(db = wfm_db_acquire(req->server, &err)))
        st = err.status;
    else {
        json_object_set_new(item, key, json_string(req->params[1]));
        st = put(db, req->params[0], item, &err);
    }
    wfm_db_release(req->server, db);
    if (answered_ok(res, st, &err))
        wfm_http_json(res, 200, item);
    else
        json_decref(item);
}

typedef wfm_status (*list_items_fn)(PGconn *db, const char *center_id, json_t **items,
                                    wfm_error *err);

/* 200 {key: [...]} with the center's stored items. */
static void list_items(const wfm_http_request *req, wfm_http_response *res, const char *key,
                       list_items_fn list)
{
    wfm_error err;
    wfm_error_clear(&err);
    PGconn *db = wfm_db_acquire(req->server, &err);
    json_t *items = NULL;
    wfm_status st = db ? list(db, req->params[0], &items, &err) : err.status;
    wfm_db_release(req->server, db);
    if (answered_ok(res, st, &err))
        wfm_http_json(res, 200, json_pack("{s:o}", key, items));
}

void wfm_route_center_agent_put(const wfm_http_request *req, wfm_http_response *res)
{
    put_item(req, res, "id", wfm_roster_store_put_agent);
}

void wfm_route_center_agents_list(const wfm_http_request *req, wfm_http_response *res)
{
    list_items(req, res, "agents", wfm_roster_store_agents);
}

void wfm_route_center_template_put(const wfm_http_request *req, wfm_http_response *res)
{
    put_item(req, res, "name", wfm_roster_store_put_template);
}

void wfm_route_center_templates_list(const wfm_http_request *req, wfm_http_response *res)
{
    list_items(req, res, "templates", wfm_roster_store_templates);
}
