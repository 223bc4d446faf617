/* GET /v1/health: whether the server can reach its database, for load
 * balancers (status code) and people (the JSON reason). */
#include "api/wfm_db.h"
#include "api/wfm_routes.h"
#include "api/wfm_server.h"

#include <stdio.h>
#include <time.h>

/* Whole microseconds: a JSON integer reads better than 0.27836199999999999. */
static json_int_t us_between(const struct timespec *a, const struct timespec *b)
{
    return (json_int_t)(b->tv_sec - a->tv_sec) * 1000000 + (b->tv_nsec - a->tv_nsec) / 1000;
}

/* One round trip to the database; fills *version. A lost connection is
 * retried once, because acquire only notices a restart the server has
 * already announced on the socket. */
static wfm_status probe_database(wfm_server *srv, char *version, size_t size,
                                 wfm_error *err)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        PGconn *db = wfm_db_acquire(srv, err);
        if (!db)
            return err->status;
        PGresult *r = PQexec(db, "SELECT current_setting('server_version')");
        wfm_status st = PQresultStatus(r) == PGRES_TUPLES_OK ? WFM_OK : wfm_db_error(r, db, err);
        if (st == WFM_OK)
            snprintf(version, size, "%s", PQgetvalue(r, 0, 0));
        PQclear(r);
        int lost = PQstatus(db) != CONNECTION_OK;
        wfm_db_release(srv, db);
        if (st == WFM_OK || !lost)
            return st;
    }
    return err->status;
}

void wfm_route_health_get(const wfm_http_request *req, wfm_http_response *res)
{
    wfm_error err;
    wfm_error_clear(&err);
    char version[64] = "";
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    wfm_status st = probe_database(req->server, version, sizeof version, &err);
    clock_gettime(CLOCK_MONOTONIC, &end);
    if (st != WFM_OK) {
        json_t *body = json_pack("{s:s, s:s, s:{s:b, s:s}}", "status", "degraded",
                                 "version", WFM_VERSION, "database", "reachable", 0,
                                 "reason", err.message);
        wfm_http_json(res, 503, body);
        wfm_http_header(res, "Retry-After", "5");
        wfm_http_header(res, "Cache-Control", "no-store");
        return;
    }
    json_t *body = json_pack("{s:s, s:s, s:{s:b, s:s, s:I}}", "status", "ok", "version",
                             WFM_VERSION, "database", "reachable", 1, "server_version",
                             version, "latency_us", us_between(&start, &end));
    wfm_http_json(res, 200, body);
    wfm_http_header(res, "Cache-Control", "no-store");
}
