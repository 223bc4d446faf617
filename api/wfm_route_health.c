/* GET /v1/health: whether the server can reach its database, for load
 * balancers (status code) and people (the JSON reason). */
#include "api/wfm_db.h"
#include "api/wfm_routes.h"
#include "api/wfm_server.h"
#include "data/wfm_migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Whole microseconds: a JSON integer reads better than 0.27836199999999999. */
static json_int_t us_between(const struct timespec *a, const struct timespec *b)
{
    return (json_int_t)(b->tv_sec - a->tv_sec) * 1000000 + (b->tv_nsec - a->tv_nsec) / 1000;
}

/* The newest migration recorded in the database, 0 when none (or no
 * schema_migrations table: a server started with --no-migrate on an empty
 * database), -1 when the query failed. */
static int schema_version(PGconn *db)
{
    PGresult *r = PQexec(db, "SELECT to_regclass('schema_migrations') IS NOT NULL");
    int exists = PQresultStatus(r) == PGRES_TUPLES_OK && !strcmp(PQgetvalue(r, 0, 0), "t");
    int failed = PQresultStatus(r) != PGRES_TUPLES_OK;
    PQclear(r);
    if (!exists)
        return failed ? -1 : 0;
    r = PQexec(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
    int version = PQresultStatus(r) == PGRES_TUPLES_OK ? atoi(PQgetvalue(r, 0, 0)) : -1;
    PQclear(r);
    return version;
}

/* The newest migration this binary carries. */
static int expected_schema_version(void)
{
    size_t n = 0;
    const wfm_migration *all = wfm_migrations(&n);
    return n ? all[n - 1].version : 0;
}

/* One round trip to the database; fills *version. A lost connection is
 * retried once, because acquire only notices a restart the server has
 * already announced on the socket. */
static wfm_status probe_database(wfm_server *srv, char *version, size_t size,
                                 int *schema, wfm_error *err)
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
        if (st == WFM_OK)
            *schema = schema_version(db);
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
    int schema = -1;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    wfm_status st = probe_database(req->server, version, sizeof version, &schema, &err);
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
    /* schema_version null: it could not be read; below expected: run
     * `wfm migrate` (or restart without --no-migrate). */
    json_t *body = json_pack("{s:s, s:s, s:{s:b, s:s, s:I, s:o, s:i}}", "status", "ok",
                             "version", WFM_VERSION, "database", "reachable", 1,
                             "server_version", version, "latency_us", us_between(&start, &end),
                             "schema_version", schema < 0 ? json_null() : json_integer(schema),
                             "schema_expected", expected_schema_version());
    wfm_http_json(res, 200, body);
    wfm_http_header(res, "Cache-Control", "no-store");
}
