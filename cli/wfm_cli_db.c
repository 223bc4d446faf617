/* wfm_cli_db: the database connection every database subcommand opens. */
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
