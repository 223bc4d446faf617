/* wfm_roster_store: rosters in PostgreSQL (migration 008): the agents and
 * shift templates a center rosters from, and the rosters the optimizer
 * built, with their states draft -> published. The only SQL that touches
 * those tables lives here.
 *
 * A roster is stored with its input document, the optimizer's roster JSON,
 * its CSV and one iCalendar file per agent, all written by the optimizer's
 * writers (optimizer/wfm_roster_io.h) when it is saved: a roster never
 * changes after it is built, so its exports are made once and served as
 * stored. Publishing changes only the state and records who and when.
 *
 * The JSON form of a roster (wfm_roster_store_get, _list, _publish):
 *   {"id", "center_id", "job_id" (null), "state": "draft" | "published",
 *    "start_date", "days", "created_by", "created_at", "published_by" (null),
 *    "published_at" (null), "kpis", "agents": [ids]}
 * plus "roster" (the optimizer's document: kpis, days, shifts, coverage,
 * shortfalls) from wfm_roster_store_get. Times ISO 8601 UTC. */
#ifndef WFM_ROSTER_STORE_H
#define WFM_ROSTER_STORE_H

#include <jansson.h>
#include <libpq-fe.h>

#include "core/wfm_error.h"
#include "optimizer/wfm_roster_io.h"

/* Who built a roster and from what. Fill with wfm_roster_save_init. */
typedef struct wfm_roster_save {
    const char *center_id;     /* required; must exist */
    const char *created_by;    /* NULL or "": unknown */
    long long job_id;          /* the job that built it; 0: none */
    const json_t *input;       /* the input document (borrowed) */
    const wfm_roster_doc *doc; /* the parsed input */
    const wfm_roster_result *result;
    const char *dtstamp;       /* "YYYYMMDDTHHMMSSZ" for the calendars; NULL: now */
} wfm_roster_save;

void wfm_roster_save_init(wfm_roster_save *save);

/* Stores the roster, its shifts, CSV and calendars in one statement: either
 * all of it is stored or nothing (it joins a transaction open on db, which
 * is how a job stores its output with its success). *id receives the new
 * roster's id. WFM_ENOTFOUND when the center does not exist, WFM_EDB when
 * the database fails, WFM_ENOMEM. */
wfm_status wfm_roster_store_save(PGconn *db, const wfm_roster_save *save, long long *id,
                                 wfm_error *err);

/* The input document for a center's roster: a copy of request with
 * "created_by" removed and, where it gives no "agents" or no "templates",
 * the center's stored active agents and shift templates (ordered by id and
 * name). *input is a new reference (caller json_decref()s). WFM_ENOTFOUND
 * when the center does not exist; WFM_EINVAL naming "agents" or "templates"
 * when neither the request nor the store has any. The document is not
 * validated here: wfm_roster_doc_parse does that. */
wfm_status wfm_roster_store_input(PGconn *db, const char *center_id, const json_t *request,
                                  json_t **input, wfm_error *err);

/* Stores or replaces an agent of a center from its input-document form
 * ({"id", "name"?, "skills", "min_week_hours"?, "max_week_hours"?, rules...}).
 * WFM_EINVAL naming the field; WFM_ENOTFOUND for an unknown center. */
wfm_status wfm_roster_store_put_agent(PGconn *db, const char *center_id, const json_t *agent,
                                      wfm_error *err);

/* The checks wfm_roster_store_put_agent makes before storing, without a
 * database. WFM_EINVAL naming the field. */
wfm_status wfm_roster_store_check_agent(const json_t *agent, wfm_error *err);

/* Stores or replaces a shift template (its input-document form, "name"
 * required). WFM_EINVAL naming the field; WFM_ENOTFOUND for an unknown
 * center. */
/* The checks wfm_roster_store_put_template makes before storing. */
wfm_status wfm_roster_store_check_template(const json_t *definition, wfm_error *err);

wfm_status wfm_roster_store_put_template(PGconn *db, const char *center_id,
                                         const json_t *definition, wfm_error *err);

/* The center's active agents (input-document form plus "name"), ordered by
 * id, and its shift templates, ordered by name, as a JSON array (caller
 * json_decref()s). WFM_ENOTFOUND naming "center_id" for an unknown center. */
wfm_status wfm_roster_store_agents(PGconn *db, const char *center_id, json_t **agents,
                                   wfm_error *err);
wfm_status wfm_roster_store_templates(PGconn *db, const char *center_id, json_t **templates,
                                      wfm_error *err);

/* The roster's JSON form with its "roster" document into *roster (caller
 * json_decref()s). WFM_ENOTFOUND when there is none. */
wfm_status wfm_roster_store_get(PGconn *db, long long id, json_t **roster, wfm_error *err);

/* A center's rosters, newest first, without their documents, as a JSON array
 * into *rosters (caller json_decref()s). state: NULL for all, "draft" or
 * "published" (the latest published: state "published", limit 1);
 * before_id > 0 pages (ids below it); limit 1..500. WFM_ENOTFOUND for an
 * unknown center, WFM_EINVAL naming "state" or "limit". */
wfm_status wfm_roster_store_list(PGconn *db, const char *center_id, const char *state,
                                 long long before_id, int limit, json_t **rosters,
                                 wfm_error *err);

/* Publishes a draft: state published, published_by = by (1..100
 * characters), published_at = now. *roster (may be NULL) receives its JSON
 * form without the document. WFM_EINVAL naming "by"; WFM_ENOTFOUND for an
 * unknown roster; WFM_ECONFLICT when it is already published (the message
 * says by whom and when). */
wfm_status wfm_roster_store_publish(PGconn *db, long long id, const char *by, json_t **roster,
                                    wfm_error *err);

/* Deletes a draft roster with its shifts and calendars (a build nobody
 * wants). WFM_ENOTFOUND for an unknown roster; WFM_ECONFLICT naming "state"
 * for a published one: what agents were told to work is kept. */
wfm_status wfm_roster_store_delete(PGconn *db, long long id, wfm_error *err);

/* The roster's CSV (optimizer/wfm_roster_io.h) into *csv, malloc'd (caller
 * frees). WFM_ENOTFOUND for an unknown roster. */
wfm_status wfm_roster_store_csv(PGconn *db, long long id, char **csv, wfm_error *err);

/* The agent's iCalendar file in the roster into *ics, malloc'd (caller
 * frees). WFM_ENOTFOUND naming "id" for an unknown roster, "agent" for an
 * agent not in it. */
wfm_status wfm_roster_store_ical(PGconn *db, long long id, const char *agent, char **ics,
                                 wfm_error *err);

/* The id of the center roster id belongs to into *center_id, malloc'd
 * (caller frees): what the API checks a caller's token against before it
 * answers about a roster. WFM_ENOTFOUND naming "id" for an unknown roster. */
wfm_status wfm_roster_store_center(PGconn *db, long long id, char **center_id, wfm_error *err);

#endif
