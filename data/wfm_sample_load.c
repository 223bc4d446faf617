/* wfm_sample_load: the demo center and its history in the database (see
 * wfm_sample_load.h). */
#include "data/wfm_sample_load.h"

#include <stdio.h>
#include <string.h>

#include "data/wfm_roster_store.h"
#include "data/wfm_sample_staff.h"
#include "forecast/wfm_calendar.h"

static wfm_status exec_params(PGconn *db, const char *sql, int n, const char *const *params,
                              wfm_error *err)
{
    PGresult *res = PQexecParams(db, sql, n, NULL, params, NULL, NULL, 0);
    wfm_status st = WFM_OK;
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        const char *msg = PQresultErrorMessage(res);
        st = wfm_error_set(err, WFM_EDB, NULL, "creating the demo center: %.*s",
                           (int)strcspn(msg, "\n"), msg);
    }
    PQclear(res);
    return st;
}

wfm_status wfm_sample_center_ensure(PGconn *db, const char *center_id, wfm_error *err)
{
    const char *center[3] = {center_id, "Jinan 12345 citizen service hotline (sample)",
                             WFM_SAMPLE_TIME_ZONE};
    wfm_status st = exec_params(db,
                                "INSERT INTO center (id, name, time_zone, interval_s)"
                                " VALUES ($1, $2, $3, 900) ON CONFLICT (id) DO NOTHING",
                                3, center, err);
    size_t n;
    const wfm_sample_queue *q = wfm_sample_queues(&n);
    for (size_t i = 0; i < n && st == WFM_OK; i++) {
        char deadline[16];
        snprintf(deadline, sizeof deadline, "%d", q[i].deadline_s);
        const char *row[4] = {center_id, q[i].id, q[i].kind, q[i].deadline_s ? deadline : NULL};
        st = exec_params(db,
                         "INSERT INTO queue (center_id, id, channel, kind, deadline_s)"
                         " VALUES ($1, $2, $2, $3, $4::integer)"
                         " ON CONFLICT (center_id, id) DO NOTHING",
                         4, row, err);
    }
    return st;
}

typedef wfm_status (*list_fn)(PGconn *db, const char *center_id, json_t **items,
                              wfm_error *err);
typedef wfm_status (*put_fn)(PGconn *db, const char *center_id, const json_t *item,
                             wfm_error *err);

/* Stores every item of make() with put() when list() finds none. */
static wfm_status store_when_none(PGconn *db, const char *center_id, list_fn list, put_fn put,
                                  json_t *(*make)(void), int *added, wfm_error *err)
{
    json_t *stored = NULL, *items = NULL;
    wfm_status st = list(db, center_id, &stored, err);
    size_t k;
    const json_t *item;
    if (st == WFM_OK && json_array_size(stored) == 0 && !(items = make()))
        st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the demo staff");
    json_array_foreach(items, k, item) {
        if (st == WFM_OK)
            st = put(db, center_id, item, err);
    }
    if (added)
        *added = st == WFM_OK ? (int)json_array_size(items) : 0;
    json_decref(stored);
    json_decref(items);
    return st;
}

wfm_status wfm_sample_staff_load(PGconn *db, const char *center_id, int *agents_added,
                                 int *templates_added, wfm_error *err)
{
    wfm_status st = exec_params(db, "BEGIN", 0, NULL, err);
    if (st == WFM_OK)
        st = store_when_none(db, center_id, wfm_roster_store_templates,
                             wfm_roster_store_put_template, wfm_sample_templates, templates_added,
                             err);
    if (st == WFM_OK)
        st = store_when_none(db, center_id, wfm_roster_store_agents, wfm_roster_store_put_agent,
                             wfm_sample_agents, agents_added, err);
    PQclear(PQexec(db, st == WFM_OK ? "COMMIT" : "ROLLBACK"));
    return st;
}

wfm_status wfm_sample_load(PGconn *db, const char *center_id, const wfm_sample_opts *opts,
                           size_t *n_rows, wfm_history_import_counts *counts, wfm_error *err)
{
    wfm_status st = wfm_sample_center_ensure(db, center_id, err);
    if (st != WFM_OK)
        return st;
    wfm_calendar *cal = wfm_calendar_create();
    if (!cal)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the calendar");
    wfm_history_set set;
    wfm_history_set_init(&set);
    st = wfm_calendar_load_china(cal, err);
    if (st == WFM_OK)
        st = wfm_sample_generate(opts, cal, &set, err);
    if (st == WFM_OK)
        st = wfm_history_store_import(db, center_id, set.rows, set.n_rows, 1, counts, err);
    if (st == WFM_OK)
        st = wfm_sample_staff_load(db, center_id, NULL, NULL, err);
    if (n_rows)
        *n_rows = set.n_rows;
    wfm_history_set_free(&set);
    wfm_calendar_delete(cal);
    return st;
}
