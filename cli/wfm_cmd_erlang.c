/* wfm erlang: the Erlang C / Erlang A calculator on the command line.
 * Metrics at a given number of agents, or the seats a target needs. */
#include "cli/wfm_cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/wfm_erlang_json.h"
#include "models/wfm_staffing.h"

static const char usage[] =
    "usage: wfm erlang --calls N --interval-s S --aht-s S [--patience-s S] [--threshold-s T]\n"
    "                  [--agents N | --target-answer-rate X | --target-sl X]\n"
    "                  [--max-occupancy X] [--shrinkage X] [--json]\n"
    "\n"
    "Erlang C (no --patience-s) or Erlang A (callers abandon after --patience-s on\n"
    "average) for one interval: --calls offered in --interval-s seconds, each taking\n"
    "--aht-s seconds to handle. With --agents: the metrics at that staffing. With\n"
    "targets (--target-answer-rate needs --patience-s; --target-sl is the share\n"
    "answered within --threshold-s, default 20; --max-occupancy caps occupancy): the\n"
    "fewest seats meeting all of them, the seats to schedule after --shrinkage, and\n"
    "the metrics there. --json prints one JSON object.\n"
    "Exit status: 0 done, 1 no staffing up to 100000 seats meets the target, 2 bad input.\n";

typedef struct erlang_args {
    wfm_erlang_input in;
    wfm_staffing_opts opts;
    double agents; /* NAN when not given */
    int json;
} erlang_args;

/* The flags that take a number, and where each one goes. */
static double *flag_target(erlang_args *a, const char *flag)
{
    static const char *const names[] = {"--calls", "--interval-s", "--aht-s", "--patience-s",
                                        "--threshold-s", "--agents", "--target-answer-rate",
                                        "--target-sl", "--max-occupancy", "--shrinkage"};
    double *slots[] = {&a->in.calls, &a->in.interval_s, &a->in.aht_s, &a->in.patience_s,
                       &a->in.threshold_s, &a->agents, &a->opts.min_answer_rate,
                       &a->opts.min_service_level, &a->opts.max_occupancy, &a->opts.shrinkage};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(flag, names[i]))
            return slots[i];
    return NULL;
}

static int bad_usage(const char *fmt, const char *flag, const char *value)
{
    fprintf(stderr, "wfm erlang: ");
    fprintf(stderr, fmt, flag, value);
    fprintf(stderr, "\n(see wfm erlang --help)\n");
    return 2;
}

/* Fills a from argv; returns 0, or the exit status of a usage error. */
static int parse_args(int argc, char **argv, erlang_args *a)
{
    wfm_erlang_input_init(&a->in);
    a->in.interval_s = NAN;
    a->in.calls = NAN;
    a->in.aht_s = NAN;
    wfm_staffing_opts_init(&a->opts);
    a->agents = NAN;
    a->json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            a->json = 1;
            continue;
        }
        double *slot = flag_target(a, argv[i]);
        if (!slot)
            return bad_usage("unknown option %s%s", argv[i], "");
        if (i + 1 >= argc)
            return bad_usage("%s needs a value%s", argv[i], "");
        const char *value = argv[++i];
        char *end;
        errno = 0;
        *slot = strtod(value, &end);
        if (end == value || *end || errno == ERANGE || !isfinite(*slot))
            return bad_usage("%s must be a finite number (%s)", argv[i - 1], value);
    }
    const char *required[] = {"--calls", "--interval-s", "--aht-s"};
    for (size_t i = 0; i < 3; i++)
        if (isnan(*flag_target(a, required[i])))
            return bad_usage("%s is required%s", required[i], "");
    return 0;
}

/* "aht_s" -> "--aht-s"; staffing fields -> the flag that sets them. */
static void flag_of_field(const char *field, char *flag, size_t size)
{
    snprintf(flag, size, "--%s", wfm_erlang_request_field(field));
    for (char *c = flag + 2; *c; c++)
        if (*c == '_')
            *c = '-';
}

static int report_error(const wfm_error *err)
{
    char flag[80];
    flag_of_field(err->field, flag, sizeof flag);
    if (err->field[0])
        fprintf(stderr, "wfm erlang: %s: %s\n", flag, err->message);
    else
        fprintf(stderr, "wfm erlang: %s\n", err->message);
    return err->status == WFM_EINVAL ? 2 : 1;
}

static void print_text(const wfm_erlang_metrics *m)
{
    printf("model          %c\n", (char)m->model);
    printf("agents         %d\n", m->agents);
    printf("load_erlangs   %.6f\n", m->load_erlangs);
    if (m->overloaded)
        printf("overloaded     load >= agents: the queue grows without bound\n");
    printf("p_wait         %.6f\n", m->p_wait);
    printf("service_level  %.6f\n", m->service_level);
    printf("asa_s          %.3f\n", m->asa_s);
    if (m->model == WFM_ERLANG_MODEL_A) {
        printf("p_abandon      %.6f\n", m->p_abandon);
        printf("answer_rate    %.6f\n", m->answer_rate);
    }
    printf("occupancy      %.6f\n", m->occupancy);
}

static int print_json(json_t *o)
{
    if (!o) {
        fprintf(stderr, "wfm erlang: out of memory\n");
        return 1;
    }
    char *text = json_dumps(o, JSON_REAL_PRECISION(17));
    json_decref(o);
    if (!text)
        return 1;
    printf("%s\n", text);
    free(text);
    return 0;
}

static int run_agents(const erlang_args *a)
{
    if (a->agents < 0 || a->agents != floor(a->agents) || a->agents > WFM_ERLANG_MAX_SEATS) {
        fprintf(stderr, "wfm erlang: --agents must be a whole number in 0..%d (%g)\n",
                WFM_ERLANG_MAX_SEATS, a->agents);
        return 2;
    }
    wfm_erlang_metrics m;
    wfm_error err;
    if (wfm_erlang_metrics_at(&a->in, (int)a->agents, &m, &err))
        return report_error(&err);
    if (a->json)
        return print_json(wfm_erlang_metrics_json(&m));
    print_text(&m);
    return 0;
}

static int run_target(const erlang_args *a)
{
    if (a->opts.min_answer_rate > 0 && a->in.patience_s == 0) {
        fprintf(stderr, "wfm erlang: --target-answer-rate needs --patience-s (Erlang A); "
                        "without abandonment every call is answered\n");
        return 2;
    }
    wfm_staffing_result r;
    wfm_error err;
    if (wfm_staffing_solve(&a->in, &a->opts, &r, &err))
        return report_error(&err);
    if (a->json)
        return print_json(wfm_staffing_result_json(&r));
    printf("seats_needed   %d\n", r.seats);
    printf("scheduled      %d\n", r.scheduled_seats);
    print_text(&r.metrics);
    return 0;
}

int wfm_cmd_erlang(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return 0;
        }
    erlang_args a;
    int status = parse_args(argc, argv, &a);
    if (status)
        return status;
    bool any_target = a.opts.min_answer_rate > 0 || a.opts.min_service_level > 0 ||
                      a.opts.max_occupancy > 0;
    if (!isnan(a.agents)) {
        if (any_target || a.opts.shrinkage > 0)
            return bad_usage("%s cannot be combined with targets, --max-occupancy or "
                             "--shrinkage%s", "--agents", "");
        return run_agents(&a);
    }
    if (!any_target)
        return bad_usage("give %s N or a target (--target-answer-rate, --target-sl, "
                         "--max-occupancy)%s", "--agents", "");
    return run_target(&a);
}
