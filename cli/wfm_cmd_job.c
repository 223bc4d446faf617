/* wfm job: operations on the background-job queue (enqueue, get, wait,
 * cancel, list, prune, stats, kinds) for operators and scripts. Prints jobs as JSON. */
#include "cli/wfm_cli.h"
#include "cli/wfm_cli_json.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "core/wfm_clock.h"
#include "data/wfm_job_kind.h"
#include "data/wfm_jobs.h"

typedef struct job_args {
    const char *url;
    const char *center;
    const char *params;
    const char *state;
    const char *kind;
    int max_attempts;
    int priority;
    int limit;
    double timeout_s;     /* wait: 0 = no limit */
    double older_than;    /* prune: days; < 0 = not given */
    const char *action;
    const char *operand; /* KIND or ID */
} job_args;

static void usage(FILE *out)
{
    fprintf(out,
        "usage: wfm job enqueue KIND [--params JSON] [--center C] [--max-attempts N]\n"
        "                            [--priority -100..100]\n"
        "       wfm job get ID\n"
        "       wfm job wait ID [--timeout SECONDS]\n"
        "       wfm job cancel ID\n"
        "       wfm job list [--center C] [--state S] [--kind K] [--limit N]\n"
        "       wfm job prune --older-than DAYS\n"
        "       wfm job stats [--center C]\n"
        "       wfm job kinds\n"
        "options: --database-url URL (default $WFM_DATABASE_URL)\n"
        "Jobs print as JSON; `wfm worker` runs them. wait prints progress to stderr and\n"
        "exits 0 when the job succeeded, 1 otherwise. prune deletes jobs finished more\n"
        "than DAYS ago. See docs/jobs.md.\n");
}

static int enqueue(PGconn *db, const job_args *a)
{
    wfm_error err;
    wfm_error_clear(&err);
    if (!wfm_job_kind_find(wfm_job_kinds, a->operand)) {
        fprintf(stderr, "wfm job: unknown kind '%s'; `wfm job kinds` lists them\n", a->operand);
        return 2;
    }
    json_error_t jerr;
    json_t *params = json_loads(a->params ? a->params : "{}", 0, &jerr);
    if (!params) {
        fprintf(stderr, "wfm job: --params is not JSON: %s\n", jerr.text);
        return 2;
    }
    wfm_job_spec spec;
    wfm_job_spec_init(&spec);
    spec.kind = a->operand;
    spec.center_id = a->center;
    spec.params = params;
    if (a->max_attempts)
        spec.max_attempts = a->max_attempts;
    spec.priority = a->priority;
    long long id = 0;
    json_t *job = NULL;
    wfm_status st = wfm_job_enqueue(db, &spec, &id, &err);
    json_decref(params);
    if (!st)
        st = wfm_job_get(db, id, NULL, &job, &err);
    return st ? wfm_cli_fail("wfm job", &err) : wfm_cli_json_print(job);
}

static int get_or_cancel(PGconn *db, const job_args *a)
{
    wfm_error err;
    wfm_error_clear(&err);
    long long id = 0;
    json_t *job = NULL;
    wfm_status st = wfm_job_id_parse(a->operand, "ID", &id, &err);
    if (!st)
        st = !strcmp(a->action, "get") ? wfm_job_get(db, id, NULL, &job, &err)
                                        : wfm_job_cancel(db, id, NULL, &job, &err);
    return st ? wfm_cli_fail("wfm job", &err) : wfm_cli_json_print(job);
}

/* One stderr line per change of state or progress, until the job ends. */
static int wait_for(PGconn *db, const job_args *a)
{
    wfm_error err;
    wfm_error_clear(&err);
    long long id = 0;
    if (wfm_job_id_parse(a->operand, "ID", &id, &err))
        return wfm_cli_fail("wfm job", &err);
    double give_up = a->timeout_s > 0 ? wfm_clock_now_s() + a->timeout_s : 0;
    char last[160] = "";
    for (;;) {
        json_t *job = NULL;
        if (wfm_job_get(db, id, NULL, &job, &err))
            return wfm_cli_fail("wfm job", &err);
        const char *state = json_string_value(json_object_get(job, "state"));
        json_t *progress = json_object_get(job, "progress");
        char line[160];
        snprintf(line, sizeof line, "job %lld: %s %s %.0f%%", id, state,
                 json_string_value(json_object_get(progress, "phase")),
                 json_number_value(json_object_get(progress, "percent")));
        if (strcmp(line, last))
            fprintf(stderr, "%s\n", line);
        snprintf(last, sizeof last, "%s", line);
        if (wfm_job_state_is_final(state)) {
            int ok = !strcmp(state, "succeeded");
            wfm_cli_json_print(job);
            return ok ? 0 : 1;
        }
        json_decref(job);
        if (give_up && wfm_clock_now_s() > give_up) {
            fprintf(stderr, "wfm job: job %lld still %s after %g s\n", id, state, a->timeout_s);
            return 1;
        }
        wfm_clock_sleep_s(0.25);
    }
}

static int prune(PGconn *db, const job_args *a)
{
    wfm_error err;
    wfm_error_clear(&err);
    long long deleted = 0;
    if (a->older_than < 0) {
        fprintf(stderr, "wfm job: prune needs --older-than DAYS\n");
        return 2;
    }
    if (wfm_job_prune(db, a->older_than, &deleted, &err))
        return wfm_cli_fail("wfm job", &err);
    printf("deleted %lld finished job(s)\n", deleted);
    return 0;
}

static int stats(PGconn *db, const job_args *a)
{
    wfm_error err;
    wfm_error_clear(&err);
    json_t *out = NULL;
    return wfm_job_stats(db, a->center, &out, &err) ? wfm_cli_fail("wfm job", &err)
                                                    : wfm_cli_json_print(out);
}

static int list(PGconn *db, const job_args *a)
{
    wfm_error err;
    wfm_error_clear(&err);
    wfm_job_filter f;
    wfm_job_filter_init(&f);
    f.center_id = a->center;
    f.state = a->state;
    f.kind = a->kind;
    if (a->limit)
        f.limit = a->limit;
    json_t *jobs = NULL;
    return wfm_job_list(db, &f, &jobs, &err) ? wfm_cli_fail("wfm job", &err)
                                             : wfm_cli_json_print(jobs);
}

static int print_kinds(void)
{
    for (const wfm_job_kind *k = wfm_job_kinds; k->name; k++)
        printf("%-12s %s\n", k->name, k->summary);
    return 0;
}

/* The value, or -1 (which the library rejects naming the field) when it is
 * not a positive integer. */
static int positive_int(const char *text)
{
    char *end = NULL;
    long v = strtol(text, &end, 10);
    return end != text && !*end && v > 0 && v < 1000000 ? (int)v : -1;
}

/* The value, or -1 when it is not a number >= 0 (callers reject that). */
static double number_at_least_zero(const char *text)
{
    char *end = NULL;
    double v = strtod(text, &end);
    return end != text && !*end && v >= 0 ? v : -1;
}

/* The value, or 1000 when it is not an integer; the library rejects what is
 * outside -100..100 naming "priority" and the value. */
static int priority_of(const char *text)
{
    char *end = NULL;
    long v = strtol(text, &end, 10);
    return end != text && !*end && v > -100000 && v < 100000 ? (int)v : 1000;
}

static int parse_args(int argc, char **argv, job_args *a)
{
    static const struct option longopts[] = {
        {"database-url", required_argument, NULL, 'd'},
        {"center", required_argument, NULL, 'c'},
        {"params", required_argument, NULL, 'p'},
        {"state", required_argument, NULL, 's'},
        {"kind", required_argument, NULL, 'k'},
        {"max-attempts", required_argument, NULL, 'm'},
        {"limit", required_argument, NULL, 'l'},
        {"priority", required_argument, NULL, 'P'},
        {"timeout", required_argument, NULL, 't'},
        {"older-than", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    a->older_than = -1;
    a->url = getenv("WFM_DATABASE_URL");
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': a->url = optarg; break;
        case 'c': a->center = optarg; break;
        case 'p': a->params = optarg; break;
        case 's': a->state = optarg; break;
        case 'k': a->kind = optarg; break;
        case 'm': a->max_attempts = positive_int(optarg); break;
        case 'l': a->limit = positive_int(optarg); break;
        case 'P': a->priority = priority_of(optarg); break;
        case 't': a->timeout_s = number_at_least_zero(optarg); break;
        case 'o': a->older_than = number_at_least_zero(optarg); break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    a->action = optind < argc ? argv[optind] : "";
    a->operand = optind + 1 < argc ? argv[optind + 1] : NULL;
    int needs_operand = !strcmp(a->action, "enqueue") || !strcmp(a->action, "get") ||
                        !strcmp(a->action, "cancel") || !strcmp(a->action, "wait");
    int known = needs_operand || !strcmp(a->action, "list") || !strcmp(a->action, "kinds") ||
                !strcmp(a->action, "prune") || !strcmp(a->action, "stats");
    if (a->timeout_s < 0) {
        fprintf(stderr, "wfm job: --timeout must be a number of seconds >= 0\n");
        return 2;
    }
    if (!known || (needs_operand && !a->operand) || optind + 1 + needs_operand < argc) {
        usage(stderr);
        return 2;
    }
    return -1; /* go on */
}

int wfm_cmd_job(int argc, char **argv)
{
    job_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    if (!strcmp(a.action, "kinds"))
        return print_kinds();
    PGconn *db;
    if ((rc = wfm_cli_connect("wfm job", a.url, &db)) != 0)
        return rc;
    if (!strcmp(a.action, "enqueue"))
        rc = enqueue(db, &a);
    else if (!strcmp(a.action, "list"))
        rc = list(db, &a);
    else if (!strcmp(a.action, "wait"))
        rc = wait_for(db, &a);
    else if (!strcmp(a.action, "prune"))
        rc = prune(db, &a);
    else if (!strcmp(a.action, "stats"))
        rc = stats(db, &a);
    else
        rc = get_or_cancel(db, &a);
    PQfinish(db);
    return rc;
}
