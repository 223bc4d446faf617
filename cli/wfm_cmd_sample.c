/* wfm sample: writes the seeded demo hotline's history as CSV, or loads it
 * into a database (data/wfm_sample.h, docs/sample-data.md). */
#include "cli/wfm_cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libpq-fe.h>

#include "core/wfm_date.h"
#include "core/wfm_tz.h"
#include "data/wfm_history_csv.h"
#include "data/wfm_sample_load.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: wfm sample --out FILE.csv [--seed N] [--end YYYY-MM-DD] [--years N]\n"
            "       wfm sample load [--database-url URL] [--center ID] [--seed N] [--end DATE] [--years N]\n"
            "Generates the demo 12345 hotline (5 queues, 15-minute intervals, Asia/Shanghai):\n"
            "N years (default 3) ending on --end (default: yesterday in Asia/Shanghai), seed\n"
            "default 12345; the same options give the same bytes. `load` creates center ID\n"
            "(default jinan) and its queues if absent and imports the history; loading twice\n"
            "changes nothing. Without --end, a center that already has history is left as is.\n"
            "The URL defaults to $WFM_DATABASE_URL. See docs/sample-data.md.\n");
}

typedef struct sample_args {
    wfm_sample_opts opts;
    const char *out;
    const char *url;
    const char *center;
    bool end_given;
} sample_args;

static int yesterday_in_shanghai(int32_t *day)
{
    wfm_local_time now;
    wfm_error err;
    if (wfm_tz_local(WFM_SAMPLE_TIME_ZONE, (int64_t)time(NULL), &now, &err) != WFM_OK) {
        fprintf(stderr, "wfm sample: %s\n", err.message);
        return 1;
    }
    *day = now.day - 1;
    return 0;
}

/* 0 parsed, 1 --help shown, 2 bad usage. */
static int parse_args(int argc, char **argv, sample_args *a)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},      {"seed", required_argument, NULL, 's'},
        {"end", required_argument, NULL, 'e'},      {"years", required_argument, NULL, 'y'},
        {"database-url", required_argument, NULL, 'd'},
        {"center", required_argument, NULL, 'c'},   {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    char *end;
    bool have_end = false;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        errno = 0;
        if (c == 'o') {
            a->out = optarg;
        } else if (c == 's') {
            a->opts.seed = strtoull(optarg, &end, 10);
            if (*end || errno || optarg[0] == '-') {
                fprintf(stderr, "wfm sample: --seed must be a whole number ('%s')\n", optarg);
                return 2;
            }
        } else if (c == 'e') {
            if (!wfm_date_parse(optarg, &a->opts.end_day)) {
                fprintf(stderr, "wfm sample: --end must be a date YYYY-MM-DD ('%s')\n", optarg);
                return 2;
            }
            have_end = true;
        } else if (c == 'y') {
            a->opts.years = (int)strtol(optarg, &end, 10);
            if (*end || a->opts.years < 1 || a->opts.years > 10) {
                fprintf(stderr, "wfm sample: --years must be 1..10 ('%s')\n", optarg);
                return 2;
            }
        } else if (c == 'd') {
            a->url = optarg;
        } else if (c == 'c') {
            a->center = optarg;
        } else if (c == 'h') {
            usage(stdout);
            return 1;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return 2;
    }
    a->end_given = have_end;
    return have_end ? 0 : 2 * yesterday_in_shanghai(&a->opts.end_day);
}

static int write_csv(const sample_args *a)
{
    wfm_calendar *cal = wfm_calendar_create();
    wfm_history_set set;
    wfm_history_set_init(&set);
    wfm_error err;
    wfm_status st = cal ? wfm_calendar_load_china(cal, &err)
                        : wfm_error_set(&err, WFM_ENOMEM, NULL, "out of memory");
    if (st == WFM_OK)
        st = wfm_sample_generate(&a->opts, cal, &set, &err);
    FILE *f = NULL;
    if (st == WFM_OK && !(f = strcmp(a->out, "-") ? fopen(a->out, "w") : stdout))
        st = wfm_error_set(&err, WFM_EIO, "out", "cannot write %s", a->out);
    if (st == WFM_OK)
        st = wfm_history_csv_write(f, set.rows, set.n_rows, WFM_SAMPLE_TIME_ZONE, &err);
    if (f && f != stdout && fclose(f) != 0 && st == WFM_OK)
        st = wfm_error_set(&err, WFM_EIO, "out", "cannot write %s", a->out);
    if (st == WFM_OK && f != stdout)
        fprintf(stderr, "wrote %zu rows to %s\n", set.n_rows, a->out);
    wfm_history_set_free(&set);
    wfm_calendar_delete(cal);
    if (st != WFM_OK)
        fprintf(stderr, "wfm sample: %s\n", err.message);
    return st == WFM_OK ? 0 : 1;
}

static int load(const sample_args *a)
{
    if (!a->url || !*a->url) {
        fprintf(stderr, "wfm sample load: no database: give --database-url or set WFM_DATABASE_URL\n");
        return 2;
    }
    PGconn *db = PQconnectdb(a->url);
    wfm_error err;
    wfm_history_import_counts counts;
    size_t n = 0;
    int64_t stored = 0;
    wfm_status st = PQstatus(db) == CONNECTION_OK
                        ? wfm_history_store_count(db, a->center, &stored, &err)
                        : wfm_error_set(&err, WFM_EDB, NULL, "cannot connect: %s", PQerrorMessage(db));
    /* Without --end the sample would slide with the calendar and rewrite
     * every row each day; a center that has history keeps it. */
    bool keep = st == WFM_OK && stored > 0 && !a->end_given;
    if (keep)
        printf("center %s already has %lld history rows: left as is (give --end to reload)\n",
               a->center, (long long)stored);
    else if (st == WFM_OK)
        st = wfm_sample_load(db, a->center, &a->opts, &n, &counts, &err);
    int agents = 0, templates = 0; /* staff the center lacks (already stored by a load) */
    if (st == WFM_OK)
        st = wfm_sample_staff_load(db, a->center, &agents, &templates, &err);
    PQfinish(db);
    if (st != WFM_OK) {
        fprintf(stderr, "wfm sample load: %s\n", err.message);
        return 1;
    }
    if (!keep)
        printf("center %s: %zu rows: %zu inserted, %zu updated, %zu unchanged\n", a->center, n,
               counts.inserted, counts.updated, counts.unchanged);
    if (agents || templates)
        printf("center %s: stored %d agents and %d shift templates\n", a->center, agents,
               templates);
    return 0;
}

int wfm_cmd_sample(int argc, char **argv)
{
    sample_args a = {.url = getenv("WFM_DATABASE_URL"), .center = "jinan"};
    wfm_sample_opts_init(&a.opts);
    bool loading = argc >= 2 && !strcmp(argv[1], "load");
    int rc = loading ? parse_args(argc - 1, argv + 1, &a) : parse_args(argc, argv, &a);
    if (rc)
        return rc == 1 ? 0 : rc;
    if (loading)
        return load(&a);
    if (!a.out) {
        usage(stderr);
        return 2;
    }
    return write_csv(&a);
}
