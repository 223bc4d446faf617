/* wfm plan-input: a center's planning horizon, from its stored history, as
 * the roster input document (data/wfm_plan_input.h), written to a file for
 * `wfm roster --input` or anyone else. Prints what went into it. */
#include "cli/wfm_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>

#include "data/wfm_plan_input.h"

typedef struct plan_args {
    const char *url, *center, *start, *overrides, *target, *out, *info;
    int days;
    double time_limit_s; /* 0: not given */
} plan_args;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: wfm plan-input --center C --start YYYY-MM-DD [--days N] [--overrides FILE]\n"
            "                      [--target seats|daily-answer-rate] [--time-limit S]\n"
            "                      --out FILE [--info FILE] [--database-url URL]\n"
            "Forecasts every queue of center C for N days (default 7) from --start, turns the\n"
            "forecast into agents required and answered-calls curves, adds the center's agents\n"
            "and shift templates and writes the roster input document to FILE (docs/roster.md,\n"
            "\"Rosters from the forecast\"). --overrides FILE holds a JSON object of overrides\n"
            "(volume_factor, shrinkage, new_hires, ...); --info FILE receives the forecast\n"
            "models and totals. The URL defaults to $WFM_DATABASE_URL.\n");
}

/* 0 parsed, 1 --help shown, 2 bad usage. */
static int parse_args(int argc, char **argv, plan_args *a)
{
    static const struct option longopts[] = {
        {"center", required_argument, NULL, 'c'},     {"start", required_argument, NULL, 's'},
        {"days", required_argument, NULL, 'n'},       {"overrides", required_argument, NULL, 'o'},
        {"target", required_argument, NULL, 't'},     {"time-limit", required_argument, NULL, 'l'},
        {"out", required_argument, NULL, 'w'},        {"info", required_argument, NULL, 'i'},
        {"database-url", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'c') a->center = optarg;
        else if (c == 's') a->start = optarg;
        else if (c == 'o') a->overrides = optarg;
        else if (c == 't') a->target = optarg;
        else if (c == 'w') a->out = optarg;
        else if (c == 'i') a->info = optarg;
        else if (c == 'd') a->url = optarg;
        else if (c == 'n') {
            a->days = (int)strtol(optarg, &end, 10);
            if (*end || a->days < 1) {
                fprintf(stderr, "wfm plan-input: --days must be a whole number >= 1 ('%s')\n",
                        optarg);
                return 2;
            }
        } else if (c == 'l') {
            a->time_limit_s = strtod(optarg, &end);
            if (*end || !(a->time_limit_s > 0)) {
                fprintf(stderr, "wfm plan-input: --time-limit must be seconds > 0 ('%s')\n",
                        optarg);
                return 2;
            }
        } else if (c == 'h') {
            usage(stdout);
            return 1;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!a->center || !a->start || !a->out || optind < argc) {
        fprintf(stderr, "wfm plan-input: --center, --start and --out are required\n");
        usage(stderr);
        return 2;
    }
    return 0;
}

/* The spec of the arguments; NULL after saying why. */
static json_t *make_spec(const plan_args *a)
{
    json_t *spec = json_pack("{s:s, s:i}", "start_date", a->start, "days", a->days);
    if (a->target)
        json_object_set_new(spec, "target", json_string(a->target));
    if (a->time_limit_s > 0)
        json_object_set_new(spec, "options", json_pack("{s:f}", "time_limit_s", a->time_limit_s));
    if (a->overrides) {
        json_error_t jerr;
        json_t *overrides = json_load_file(a->overrides, 0, &jerr);
        if (!overrides) {
            fprintf(stderr, "wfm plan-input: %s:%d: %s\n", a->overrides, jerr.line, jerr.text);
            json_decref(spec);
            return NULL;
        }
        json_object_set_new(spec, "overrides", overrides);
    }
    return spec;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* One line a queue: forecast model and total, agent-hours required. */
static void print_summary(const json_t *doc, const json_t *info, double seconds)
{
    int interval_min = (int)json_integer_value(json_object_get(doc, "interval_minutes"));
    size_t k;
    const json_t *q;
    printf("built in %.2f s: %zu agents, %zu templates, curves of 0..%zu agents\n", seconds,
           json_array_size(json_object_get(doc, "agents")),
           json_array_size(json_object_get(doc, "templates")),
           json_array_size(json_array_get(json_array_get(
               json_object_iter_value(json_object_iter(json_object_get(doc, "answered_curve"))),
               0), 0)) - 1);
    json_array_foreach(json_object_get(doc, "queues"), k, q) {
        const char *name = json_string_value(json_object_get(q, "name"));
        const json_t *f = json_object_get(json_object_get(info, "forecast"), name), *day;
        double agent_hours = 0;
        size_t d, i;
        json_array_foreach(json_object_get(json_object_get(doc, "required"), name), d, day) {
            const json_t *v;
            json_array_foreach(day, i, v) agent_hours += json_number_value(v) * interval_min / 60.0;
        }
        printf("  %-10s %-8s model %-10s offered %8.0f (95 %%: %.0f-%.0f)  aht %5.0f s  "
               "patience %7.0f s  agent-hours required %7.0f\n",
               name, json_string_value(json_object_get(q, "kind")),
               json_string_value(json_object_get(f, "model")),
               json_number_value(json_object_get(f, "offered_total")),
               json_number_value(json_object_get(f, "offered_lo95")),
               json_number_value(json_object_get(f, "offered_hi95")),
               json_number_value(json_object_get(q, "aht_s")),
               json_number_value(json_object_get(q, "patience_s")), agent_hours);
    }
}

/* Ten significant digits keep the curves concave to the optimizer's
 * tolerance at a third of the file size of full precision. */
#define DOC_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(10))

static int run(PGconn *db, const plan_args *a, const json_t *spec)
{
    json_t *doc = NULL, *info = NULL;
    wfm_error err;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (wfm_plan_input_build(db, a->center, spec, &doc, &info, &err) != WFM_OK) {
        fprintf(stderr, "wfm plan-input: %s%s%s\n", err.field[0] ? err.field : "",
                err.field[0] ? ": " : "", err.message);
        return 1;
    }
    double seconds = seconds_since(&t0);
    int rc = 0;
    if (json_dump_file(doc, a->out, DOC_FLAGS) != 0 ||
        (a->info && json_dump_file(info, a->info, JSON_INDENT(2)) != 0)) {
        fprintf(stderr, "wfm plan-input: cannot write %s\n", a->out);
        rc = 1;
    } else
        print_summary(doc, info, seconds);
    json_decref(doc);
    json_decref(info);
    return rc;
}

int wfm_cmd_plan_input(int argc, char **argv)
{
    plan_args a = {.days = 7};
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc == 1 ? 0 : rc;
    json_t *spec = make_spec(&a);
    if (!spec)
        return 1;
    PGconn *db = NULL;
    rc = wfm_cli_connect("wfm plan-input", a.url ? a.url : getenv("WFM_DATABASE_URL"), &db);
    if (rc == 0)
        rc = run(db, &a, spec);
    PQfinish(db);
    json_decref(spec);
    return rc;
}
