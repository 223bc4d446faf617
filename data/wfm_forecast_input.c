/* wfm_forecast_input: a stored queue's forecast inputs (see
 * wfm_forecast_input.h). */
#include "data/wfm_forecast_input.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/wfm_history_store.h"
#include "data/wfm_pg.h"

/* All of a queue's history: 1900 to 3000 (inside PostgreSQL's range). */
#define HISTORY_FROM (-2208988800LL)
#define HISTORY_TO 32503680000LL

static wfm_status read_version(PGconn *db, const char *center_id, const char *queue,
                               wfm_forecast_input *in, wfm_error *err)
{
    const char *params[2] = {center_id, queue};
    PGresult *res = PQexecParams(
        db,
        "SELECT count(*), coalesce(extract(epoch FROM max(interval_start))::bigint, 0),"
        " coalesce(extract(epoch FROM max(imported_at)), 0),"
        " coalesce((SELECT interval_s FROM history WHERE center_id = $1 AND queue_id = $2"
        "           ORDER BY interval_start DESC LIMIT 1), 0)"
        " FROM history WHERE center_id = $1 AND queue_id = $2",
        2, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return wfm_pg_fail(err, "reading the history's version", res);
    in->n_rows = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    in->last_start = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
    in->last_interval_s = (int32_t)strtol(PQgetvalue(res, 0, 3), NULL, 10);
    snprintf(in->version, sizeof in->version, "%s/%s/%s", PQgetvalue(res, 0, 0),
             PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
    PQclear(res);
    return WFM_OK;
}

static wfm_status check_queue(PGconn *db, const char *center_id, const char *queue, wfm_error *err)
{
    const char *params[2] = {center_id, queue};
    PGresult *res = PQexecParams(db, "SELECT 1 FROM queue WHERE center_id = $1 AND id = $2", 2,
                                 NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return wfm_pg_fail(err, "reading the queue", res);
    int found = PQntuples(res) > 0;
    PQclear(res);
    return found ? WFM_OK
                 : wfm_error_set(err, WFM_ENOTFOUND, "queue", "center '%s' has no queue '%s'",
                                 center_id, queue);
}

wfm_status wfm_forecast_input_load(PGconn *db, const char *center_id, const char *queue, int rows,
                                   wfm_forecast_input *in, wfm_error *err)
{
    memset(in, 0, sizeof *in);
    wfm_history_set_init(&in->history);
    /* One snapshot for settings, version and rows. */
    PGresult *res = PQexec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        return wfm_pg_fail(err, "starting a read", res);
    PQclear(res);
    wfm_status st = wfm_calendar_store_get(db, center_id, &in->center, err);
    if (st == WFM_OK)
        st = check_queue(db, center_id, queue, err);
    if (st == WFM_OK)
        st = read_version(db, center_id, queue, in, err);
    if (st == WFM_OK && rows)
        st = wfm_history_store_read(db, center_id, queue, HISTORY_FROM, HISTORY_TO,
                                    &in->history, err);
    PQclear(PQexec(db, "COMMIT"));
    return st;
}

void wfm_forecast_input_free(wfm_forecast_input *in)
{
    wfm_center_calendar_free(&in->center);
    wfm_history_set_free(&in->history);
}
