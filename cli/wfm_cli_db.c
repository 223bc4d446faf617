/* wfm_cli_db: what the database subcommands share: the connection they
 * open and how they report a failure. */
#include "cli/wfm_cli.h"

#include <stdio.h>
#include <libpq-fe.h>

int wfm_cli_connect(const char *who, const char *url, PGconn **db)
{
    *db = NULL;
    if (!url || !*url) {
        fprintf(stderr, "%s: no database: give --database-url or set WFM_DATABASE_URL\n", who);
        return 2;
    }
    PGconn *conn = PQconnectdb(url);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "%s: cannot connect: %s", who, PQerrorMessage(conn));
        PQfinish(conn);
        return 1;
    }
    *db = conn;
    return 0;
}

int wfm_cli_fail(const char *who, const wfm_error *err)
{
    fprintf(stderr, "%s: %s\n", who, err->message);
    return err->status == WFM_EINVAL ? 2 : 1;
}
