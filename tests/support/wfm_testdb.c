/* wfm_testdb: fresh databases for integration tests (see wfm_testdb.h). */
#include "tests/support/wfm_testdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/wfm_migrate.h"

static const char *cluster_url(void)
{
    const char *url = getenv("WFM_TEST_DATABASE_URL");
    if (!url || !*url) {
        fprintf(stderr, "wfm_testdb: WFM_TEST_DATABASE_URL is not set; run the tests "
                        "through `make test` (tests/run.sh starts the cluster)\n");
        return NULL;
    }
    return url;
}

static PGconn *connect_to(const char *url, const char *dbname)
{
    const char *keys[] = {"dbname", "dbname", NULL};
    const char *vals[] = {url, dbname, NULL};
    PGconn *conn = PQconnectdbParams(keys, vals, 1);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "wfm_testdb: cannot connect to %s: %s", dbname, PQerrorMessage(conn));
        exit(1);
    }
    PQclear(PQexec(conn, "SET client_min_messages = warning"));
    return conn;
}

static void exec_or_die(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "wfm_testdb: %s: %s", sql, PQresultErrorMessage(res));
        exit(1);
    }
    PQclear(res);
}

char *wfm_testdb_url(const char *name)
{
    const char *url = cluster_url();
    if (!url)
        return NULL;
    /* pg.sh's URLs are postgresql:///DB?params: swap the database name. */
    const char *query = strchr(url, '?');
    size_t len = strlen("postgresql:///") + strlen(name) + (query ? strlen(query) : 0) + 1;
    char *out = malloc(len);
    if (out)
        snprintf(out, len, "postgresql:///%s%s", name, query ? query : "");
    return out;
}

PGconn *wfm_testdb_fresh(const char *name)
{
    const char *url = cluster_url();
    if (!url)
        exit(1);
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_')) {
            fprintf(stderr, "wfm_testdb: bad database name '%s'\n", name);
            exit(1);
        }
    PGconn *admin = connect_to(url, "postgres");
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    exec_or_die(admin, sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    exec_or_die(admin, sql);
    PQfinish(admin);

    PGconn *conn = connect_to(url, name);
    wfm_error err;
    wfm_error_clear(&err);
    if (wfm_migrate_apply(conn, NULL, &err) != WFM_OK) {
        fprintf(stderr, "wfm_testdb: %s\n", err.message);
        exit(1);
    }
    return conn;
}

char *wfm_testdb_scalar(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "wfm_testdb: %s: %s", sql, PQresultErrorMessage(res));
        exit(1);
    }
    char *out = PQntuples(res) > 0 ? strdup(PQgetvalue(res, 0, 0)) : NULL;
    PQclear(res);
    return out;
}
