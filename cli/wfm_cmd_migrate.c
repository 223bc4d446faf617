/* wfm migrate: applies the embedded schema migrations to a database. */
#include "cli/wfm_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <libpq-fe.h>

#include "data/wfm_migrate.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: wfm migrate [--database-url URL]\n"
                 "Applies the schema migrations this binary carries; applying twice is a no-op.\n"
                 "The URL defaults to $WFM_DATABASE_URL.\n");
}

int wfm_cmd_migrate(int argc, char **argv)
{
    const char *url = getenv("WFM_DATABASE_URL");
    static const struct option longopts[] = {
        {"database-url", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'd') {
            url = optarg;
        } else if (c == 'h') {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    PGconn *db;
    int rc = wfm_cli_connect("wfm migrate", url, &db);
    if (rc)
        return rc;
    wfm_error err;
    wfm_error_clear(&err);
    int applied = 0;
    wfm_status st = wfm_migrate_apply(db, &applied, &err);
    PQfinish(db);
    if (st != WFM_OK) {
        fprintf(stderr, "wfm migrate: %s\n", err.message);
        return 1;
    }
    size_t total = 0;
    wfm_migrations(&total);
    printf("migrations: %d applied now, %zu known to this binary\n", applied, total);
    return 0;
}
