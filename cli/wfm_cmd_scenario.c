/* wfm scenario: what-if scenarios from the command line. create, list,
 * show, cancel, delete and compare work on the database directly (like
 * `wfm job`), the runs themselves being done by workers; run computes one
 * scenario in this process, without a server or worker, and prints its
 * result. Prints JSON. See docs/scenarios.md. */
#include "cli/wfm_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "cli/wfm_cli_json.h"
#include "data/wfm_jobs.h"
#include "data/wfm_scenario_job.h"
#include "data/wfm_scenario_store.h"

#define WHO "wfm scenario"

typedef struct scenario_args {
    const char *url;
    const char *center;
    const char *spec_path;
    int limit;
    long long before_id;
    const char *action;
    const char *operand; /* ID, or IDS for compare */
} scenario_args;

static void usage(FILE *out)
{
    fprintf(out,
        "usage: wfm scenario create --center C --spec FILE\n"
        "       wfm scenario list --center C [--limit N] [--before-id ID]\n"
        "       wfm scenario show ID | cancel ID | delete ID\n"
        "       wfm scenario compare --center C ID,ID[,...]   (the first is the reference)\n"
        "       wfm scenario run --center C --spec FILE\n"
        "options: --database-url URL (default $WFM_DATABASE_URL)\n"
        "FILE is a scenario as docs/scenarios.md describes it: {\"name\", \"start_date\",\n"
        "\"days\", \"target\", \"overrides\", \"options\"}. create stores it and queues its job\n"
        "(`wfm worker` runs it; `wfm job wait` follows it); run computes it here, with\n"
        "progress on stderr, and prints the result without storing anything.\n");
}

static int need_center(const scenario_args *a)
{
    if (a->center)
        return 0;
    fprintf(stderr, WHO ": %s needs --center C\n", a->action);
    return 2;
}

static int create(PGconn *db, const scenario_args *a, const json_t *spec)
{
    wfm_error err;
    wfm_error_clear(&err);
    long long id = 0;
    json_t *scenario = NULL;
    wfm_status st = wfm_scenario_create(db, a->center, spec, &id, NULL, &err);
    if (st == WFM_OK)
        st = wfm_scenario_get(db, id, NULL, &scenario, &err);
    return st ? wfm_cli_fail(WHO, &err) : wfm_cli_json_print(scenario);
}

static int list(PGconn *db, const scenario_args *a)
{
    wfm_error err;
    wfm_error_clear(&err);
    json_t *scenarios = NULL;
    return wfm_scenario_list(db, a->center, a->before_id, a->limit ? a->limit : 50, &scenarios,
                             &err)
               ? wfm_cli_fail(WHO, &err)
               : wfm_cli_json_print(scenarios);
}

static int show_cancel_delete(PGconn *db, const scenario_args *a)
{
    wfm_error err;
    wfm_error_clear(&err);
    long long id = 0;
    json_t *scenario = NULL;
    wfm_status st = wfm_job_id_parse(a->operand, "ID", &id, &err);
    if (st == WFM_OK && !strcmp(a->action, "delete")) {
        if ((st = wfm_scenario_delete(db, id, &err)) == WFM_OK)
            printf("deleted scenario %lld\n", id);
        return st ? wfm_cli_fail(WHO, &err) : 0;
    }
    if (st == WFM_OK)
        st = !strcmp(a->action, "show") ? wfm_scenario_get(db, id, NULL, &scenario, &err)
                                        : wfm_scenario_cancel(db, id, &scenario, &err);
    return st ? wfm_cli_fail(WHO, &err) : wfm_cli_json_print(scenario);
}

static int compare(PGconn *db, const scenario_args *a)
{
    wfm_error err;
    wfm_error_clear(&err);
    long long ids[WFM_SCENARIO_COMPARE_MAX];
    size_t n = 0;
    json_t *comparison = NULL;
    wfm_status st = wfm_scenario_ids_parse(a->operand, ids, &n, &err);
    if (st == WFM_OK)
        st = wfm_scenario_compare(db, a->center, ids, n, &comparison, &err);
    return st ? wfm_cli_fail(WHO, &err) : wfm_cli_json_print(comparison);
}

/* The whole pipeline here, phase by phase on stderr, the result on stdout. */
static int run_here(PGconn *db, const scenario_args *a, const json_t *spec)
{
    wfm_error err;
    wfm_error_clear(&err);
    if (wfm_scenario_check(db, a->center, spec, &err))
        return wfm_cli_fail(WHO, &err);
    wfm_job_ctx *ctx = wfm_job_ctx_create(db, NULL);
    wfm_scenario_outcome out;
    wfm_status st = ctx ? wfm_scenario_compute(db, a->center, spec, ctx, &out, &err)
                        : wfm_error_set(&err, WFM_ENOMEM, NULL, "out of memory");
    if (st == WFM_OK) {
        const json_t *phases = json_object_get(out.result, "phase_seconds");
        fprintf(stderr, WHO ": forecast %.2f s, roster %.2f s\n",
                json_number_value(json_object_get(phases, "forecast")),
                json_number_value(json_object_get(phases, "roster")));
        wfm_cli_json_print(json_incref(out.result));
    }
    if (ctx)
        wfm_scenario_outcome_free(&out);
    wfm_job_ctx_free(ctx);
    return st ? wfm_cli_fail(WHO, &err) : 0;
}

static long long positive(const char *text)
{
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    return end != text && !*end && v > 0 ? v : -1;
}

static int parse_args(int argc, char **argv, scenario_args *a)
{
    static const struct option longopts[] = {
        {"database-url", required_argument, NULL, 'd'},
        {"center", required_argument, NULL, 'c'},
        {"spec", required_argument, NULL, 's'},
        {"limit", required_argument, NULL, 'l'},
        {"before-id", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    a->url = getenv("WFM_DATABASE_URL");
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': a->url = optarg; break;
        case 'c': a->center = optarg; break;
        case 's': a->spec_path = optarg; break;
        case 'l': a->limit = (int)positive(optarg); break;
        case 'b': a->before_id = positive(optarg); break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    a->action = optind < argc ? argv[optind] : "";
    a->operand = optind + 1 < argc ? argv[optind + 1] : NULL;
    static const char *const with_operand[] = {"show", "cancel", "delete", "compare"};
    static const char *const with_spec[] = {"create", "run"};
    int needs_operand = 0, needs_spec = 0;
    for (size_t i = 0; i < sizeof with_operand / sizeof *with_operand; i++)
        needs_operand |= !strcmp(a->action, with_operand[i]);
    for (size_t i = 0; i < sizeof with_spec / sizeof *with_spec; i++)
        needs_spec |= !strcmp(a->action, with_spec[i]);
    int known = needs_operand || needs_spec || !strcmp(a->action, "list");
    if (a->limit < 0 || a->before_id < 0) {
        fprintf(stderr, WHO ": --limit and --before-id must be positive integers\n");
        return 2;
    }
    if (!known || (needs_operand && !a->operand) || (needs_spec && !a->spec_path) ||
        optind + 1 + needs_operand < argc) {
        usage(stderr);
        return 2;
    }
    return -1; /* go on */
}

int wfm_cmd_scenario(int argc, char **argv)
{
    scenario_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    int centered = !strcmp(a.action, "create") || !strcmp(a.action, "run") ||
                   !strcmp(a.action, "list") || !strcmp(a.action, "compare");
    if (centered && (rc = need_center(&a)) != 0)
        return rc;
    json_t *spec = a.spec_path ? wfm_cli_json_load_object("scenario", a.spec_path) : NULL;
    if (a.spec_path && !spec)
        return 2;
    PGconn *db;
    if ((rc = wfm_cli_connect(WHO, a.url, &db)) == 0) {
        if (!strcmp(a.action, "create"))
            rc = create(db, &a, spec);
        else if (!strcmp(a.action, "run"))
            rc = run_here(db, &a, spec);
        else if (!strcmp(a.action, "list"))
            rc = list(db, &a);
        else if (!strcmp(a.action, "compare"))
            rc = compare(db, &a);
        else
            rc = show_cancel_delete(db, &a);
        PQfinish(db);
    }
    json_decref(spec);
    return rc;
}
