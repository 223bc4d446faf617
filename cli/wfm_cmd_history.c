/* wfm history import: loads interval history from a CSV or JSON file into a
 * center, in one transaction (data/wfm_history_store.h). */
#include "cli/wfm_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>

#include "data/wfm_history_csv.h"
#include "data/wfm_history_json.h"
#include "data/wfm_history_store.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: wfm history import FILE --center ID [--database-url URL] [--format csv|json]\n"
            "Imports interval history (docs/history-import.md) into center ID, all rows or none.\n"
            "FILE '-' reads standard input. The format follows the file name (.json) unless given.\n"
            "Re-importing the same rows changes nothing; a changed row overwrites the stored one.\n"
            "The URL defaults to $WFM_DATABASE_URL.\n"
            "Exit status: 0 imported, 1 rejected or failed (reason on stderr), 2 bad usage.\n");
}

static int import_file(const char *path, const char *center, const char *url, int json)
{
    FILE *in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!in) {
        fprintf(stderr, "wfm history import: cannot open %s\n", path);
        return 1;
    }
    wfm_history_set set;
    wfm_history_set_init(&set);
    wfm_error err;
    wfm_error_clear(&err);
    wfm_status st = json ? wfm_history_json_read(in, &set, &err) : wfm_history_csv_read(in, &set, &err);
    if (in != stdin)
        fclose(in);
    wfm_history_import_counts counts = {0};
    if (st == WFM_OK) {
        PGconn *db = PQconnectdb(url);
        if (PQstatus(db) != CONNECTION_OK)
            st = wfm_error_set(&err, WFM_EDB, NULL, "cannot connect: %s", PQerrorMessage(db));
        else
            st = wfm_history_store_import(db, center, set.rows, set.n_rows,
                                          json ? WFM_HISTORY_JSON_FIRST_ROW
                                               : WFM_HISTORY_CSV_FIRST_ROW,
                                          &counts, &err);
        PQfinish(db);
    }
    size_t n = set.n_rows;
    wfm_history_set_free(&set);
    if (st != WFM_OK) {
        fprintf(stderr, "wfm history import: %s: %s\n", path, err.message);
        return 1;
    }
    printf("%zu rows: %zu inserted, %zu updated, %zu unchanged\n", n, counts.inserted,
           counts.updated, counts.unchanged);
    return 0;
}

static int cmd_import(int argc, char **argv)
{
    const char *url = getenv("WFM_DATABASE_URL"), *center = NULL, *format = NULL;
    static const struct option longopts[] = {
        {"center", required_argument, NULL, 'c'},
        {"database-url", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'c')
            center = optarg;
        else if (c == 'd')
            url = optarg;
        else if (c == 'f')
            format = optarg;
        else if (c == 'h') {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (optind + 1 != argc || !center) {
        usage(stderr);
        return 2;
    }
    if (!url || !*url) {
        fprintf(stderr, "wfm history import: no database: give --database-url or set WFM_DATABASE_URL\n");
        return 2;
    }
    if (format && strcmp(format, "csv") && strcmp(format, "json")) {
        fprintf(stderr, "wfm history import: --format must be csv or json ('%s')\n", format);
        return 2;
    }
    const char *path = argv[optind];
    size_t len = strlen(path);
    int json = format ? !strcmp(format, "json") : len > 5 && !strcmp(path + len - 5, ".json");
    return import_file(path, center, url, json);
}

int wfm_cmd_history(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "import"))
        return cmd_import(argc - 1, argv + 1);
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return 0;
    }
    usage(stderr);
    return 2;
}
