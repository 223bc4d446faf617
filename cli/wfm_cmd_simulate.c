/* wfm simulate: replays a forecast against a staffing plan read from a JSON
 * file (format in docs/simulation.md) and prints the simulated answer rate,
 * service level, ASA and occupancy with confidence intervals as JSON. */
#include "cli/wfm_cli.h"
#include "cli/wfm_cli_json.h"
#include "models/wfm_simulate.h"
#include "optimizer/wfm_roster_io.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: wfm simulate --input FILE.json [--replications N] [--seed S] [--summary]\n"
    "       wfm simulate --roster ROSTER.json --input ROSTER_INPUT.json [--replications N]\n"
    "                    [--seed S]\n"
    "\n"
    "Replays per-interval offered contacts, handle times and seats through a\n"
    "discrete-event simulation (Poisson arrivals, exponential or lognormal\n"
    "handle times, impatient callers) and prints per queue the answer rate,\n"
    "service level, ASA and occupancy per day, per interval and overall, each\n"
    "with a confidence interval across replications. --summary leaves out the\n"
    "per-interval rows. The input format is described in docs/simulation.md.\n"
    "\n"
    "With --roster, replays a roster written by `wfm roster --out-json` (its\n"
    "coverage seats) against the roster input document it was built from\n"
    "(offered calls, aht_s and patience_s or deadline_s per queue) and prints\n"
    "the answer rate per queue and day, per day and over the horizon.\n";

/* The arrays the parsed input points into, owned here. */
typedef struct sim_file {
    wfm_sim_queue *queues;
    double *numbers; /* offered and aht_s of every queue */
    int *seats;
    size_t n_queues;
} sim_file;

static void sim_file_free(sim_file *f)
{
    free(f->queues);
    free(f->numbers);
    free(f->seats);
}

static int fail(const char *field, const char *fmt, const char *queue, size_t i)
{
    fprintf(stderr, "wfm simulate: queue %s: ", queue);
    fprintf(stderr, fmt, field, i);
    fputc('\n', stderr);
    return -1;
}

static int read_seats(json_t *q, const char *queue, size_t n, int *out)
{
    json_t *v = json_object_get(q, "seats");
    if (!json_is_array(v) || json_array_size(v) != n)
        return fail("seats", "'%s' must be an array of %zu integers", queue, n);
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(v, i);
        if (!json_is_integer(x))
            return fail("seats", "'%s'[%zu] is not an integer", queue, i);
        out[i] = (int)json_integer_value(x);
    }
    return 0;
}

static int read_queues(json_t *root, size_t n, sim_file *f)
{
    json_t *queues = json_object_get(root, "queues");
    if (!json_is_array(queues) || json_array_size(queues) == 0) {
        fprintf(stderr, "wfm simulate: 'queues' must be a non-empty array\n");
        return -1;
    }
    f->n_queues = json_array_size(queues);
    f->queues = calloc(f->n_queues, sizeof *f->queues);
    f->numbers = calloc(2 * n * f->n_queues, sizeof *f->numbers);
    f->seats = calloc(n * f->n_queues, sizeof *f->seats);
    if (!f->queues || !f->numbers || !f->seats) {
        fprintf(stderr, "wfm simulate: out of memory\n");
        return -1;
    }
    for (size_t qi = 0; qi < f->n_queues; qi++) {
        json_t *q = json_array_get(queues, qi);
        wfm_sim_queue *out = &f->queues[qi];
        out->name = json_string_value(json_object_get(q, "name"));
        const char *label = out->name ? out->name : "(unnamed)";
        double *offered = f->numbers + 2 * n * qi, *aht = offered + n;
        int *seats = f->seats + n * qi;
        char owner[160];
        snprintf(owner, sizeof owner, "queue %s", label);
        if (wfm_cli_json_series("simulate", q, "offered", owner, n, offered) ||
            wfm_cli_json_series("simulate", q, "aht_s", owner, n, aht) ||
            read_seats(q, label, n, seats))
            return -1;
        out->offered = offered;
        out->aht_s = aht;
        out->seats = seats;
        out->patience_s = wfm_cli_json_number_or(q, "patience_s", 0);
    }
    return 0;
}

static int read_handle_time(json_t *root, wfm_sim_opts *o)
{
    json_t *h = json_object_get(root, "handle_time");
    if (!h)
        return 0;
    const char *dist = json_string_value(json_object_get(h, "distribution"));
    if (dist && !strcmp(dist, "lognormal"))
        o->handle_dist = WFM_HANDLE_LOGNORMAL;
    else if (dist && strcmp(dist, "exponential")) {
        fprintf(stderr, "wfm simulate: handle_time.distribution must be exponential or "
                        "lognormal ('%s')\n", dist);
        return -1;
    }
    o->handle_cv = wfm_cli_json_number_or(h, "cv", o->handle_cv);
    return 0;
}

/* Parses the whole file into *in and *o; the arrays land in *f. */
static int read_input(json_t *root, wfm_sim_input *in, wfm_sim_opts *o, sim_file *f)
{
    memset(in, 0, sizeof *in);
    in->interval_s = wfm_cli_json_number_or(root, "interval_s", 900);
    json_t *first = json_object_get(json_array_get(json_object_get(root, "queues"), 0), "seats");
    in->n_intervals = json_array_size(first);
    in->intervals_per_day = (size_t)wfm_cli_json_number_or(root, "intervals_per_day", 0);
    o->threshold_s = wfm_cli_json_number_or(root, "threshold_s", o->threshold_s);
    o->warmup_s = wfm_cli_json_number_or(root, "warmup_s", o->warmup_s);
    o->confidence = wfm_cli_json_number_or(root, "confidence", o->confidence);
    o->replications = (int)wfm_cli_json_number_or(root, "replications", o->replications);
    o->seed = (unsigned long)wfm_cli_json_number_or(root, "seed", (double)o->seed);
    if (in->n_intervals == 0) {
        fprintf(stderr, "wfm simulate: queues[0].seats must be a non-empty array\n");
        return -1;
    }
    if (read_handle_time(root, o) || read_queues(root, in->n_intervals, f))
        return -1;
    in->queues = f->queues;
    in->n_queues = f->n_queues;
    return 0;
}

/* ---- output ------------------------------------------------------------- */

static json_t *stat_json(wfm_sim_stat s)
{
    if (s.n == 0)
        return json_null();
    return json_pack("{s:f, s:[f,f], s:i}", "mean", s.mean, "ci", s.ci_low, s.ci_high,
                     "replications", s.n);
}

static json_t *summary_json(const wfm_sim_summary *s)
{
    return json_pack("{s:f, s:f, s:f, s:f, s:o, s:o, s:o, s:o, s:o, s:o}",
                     "offered", s->offered, "answered", s->answered, "abandoned", s->abandoned,
                     "still_waiting", s->still_waiting, "answer_rate", stat_json(s->answer_rate),
                     "service_level", stat_json(s->service_level), "asa_s", stat_json(s->asa_s),
                     "p_abandon", stat_json(s->p_abandon), "p_wait", stat_json(s->p_wait),
                     "occupancy", stat_json(s->occupancy));
}

static json_t *buckets_json(const wfm_sim_summary *s, size_t n, const char *index_name)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *b = summary_json(&s[i]);
        json_object_set_new(b, index_name, json_integer((json_int_t)i));
        json_array_append_new(arr, b);
    }
    return arr;
}

static json_t *result_json(const wfm_sim_input *in, const wfm_sim_opts *o,
                           const wfm_sim_result *r, int with_intervals)
{
    json_t *queues = json_array();
    for (size_t q = 0; q < r->n_queues; q++) {
        const char *name = in->queues[q].name;
        json_t *jq = json_pack("{s:s?, s:o, s:o}", "name", name, "total",
                               summary_json(&r->total[q]), "days",
                               buckets_json(r->days + q * r->n_days, r->n_days, "day"));
        if (with_intervals)
            json_object_set_new(jq, "intervals",
                                buckets_json(r->intervals + q * r->n_intervals, r->n_intervals,
                                             "interval"));
        json_array_append_new(queues, jq);
    }
    return json_pack("{s:i, s:I, s:f, s:f, s:f, s:s, s:o}", "replications", o->replications,
                     "seed", (json_int_t)o->seed, "confidence", o->confidence, "threshold_s",
                     o->threshold_s, "warmup_s", o->warmup_s, "handle_time",
                     o->handle_dist == WFM_HANDLE_LOGNORMAL ? "lognormal" : "exponential",
                     "queues", queues);
}

/* ---- command ------------------------------------------------------------ */

typedef struct cli_args {
    const char *input, *roster;
    long replications, seed; /* -1 = from the file */
    int summary;
} cli_args;

static int parse_long(const char *flag, const char *text, long *out)
{
    char *end;
    *out = strtol(text, &end, 10);
    if (!*text || *end || *out < 0) {
        fprintf(stderr, "wfm simulate: %s needs a non-negative integer ('%s')\n", flag, text);
        return -1;
    }
    return 0;
}

static int parse_args(int argc, char **argv, cli_args *a)
{
    *a = (cli_args){NULL, NULL, -1, -1, 0};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int has_value = i + 1 < argc;
        if (!strcmp(arg, "--input") && has_value)
            a->input = argv[++i];
        else if (!strcmp(arg, "--roster") && has_value)
            a->roster = argv[++i];
        else if (!strcmp(arg, "--replications") && has_value) {
            if (parse_long(arg, argv[++i], &a->replications))
                return -1;
        } else if (!strcmp(arg, "--seed") && has_value) {
            if (parse_long(arg, argv[++i], &a->seed))
                return -1;
        } else if (!strcmp(arg, "--summary"))
            a->summary = 1;
        else {
            fprintf(stderr, "wfm simulate: unknown or incomplete option '%s'\n\n%s", arg, usage);
            return -1;
        }
    }
    if (!a->input) {
        fprintf(stderr, "wfm simulate: --input is required\n\n%s", usage);
        return -1;
    }
    return 0;
}

static int simulate_file(const cli_args *a)
{
    json_t *root = wfm_cli_json_load_object("simulate", a->input);
    if (!root)
        return 1;
    wfm_sim_input in;
    wfm_sim_opts o;
    wfm_sim_opts_init(&o);
    sim_file f = {0};
    int rc = 1;
    if (read_input(root, &in, &o, &f) == 0) {
        if (a->replications >= 0)
            o.replications = (int)a->replications;
        if (a->seed >= 0)
            o.seed = (unsigned long)a->seed;
        wfm_sim_result r;
        wfm_error err;
        if (wfm_simulate(&in, &o, &r, &err) != WFM_OK) {
            fprintf(stderr, "wfm simulate: %s\n", err.message);
        } else {
            json_t *out = result_json(&in, &o, &r, !a->summary);
            json_dumpf(out, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
            fputc('\n', stdout);
            json_decref(out);
            wfm_sim_result_free(&r);
            rc = 0;
        }
    }
    sim_file_free(&f);
    json_decref(root);
    return rc;
}

/* ---- --roster: a roster's seats against its input document --------------- */

static json_t *roster_day_json(const wfm_roster_sim_day *d)
{
    return json_pack("{s:f, s:f, s:f, s:f, s:o}", "offered", d->offered, "answered", d->answered,
                     "abandoned", d->abandoned, "answered_in_time", d->answered_in_time,
                     "answer_rate", stat_json(d->answer_rate));
}

static json_t *roster_sim_json(const wfm_roster_doc *doc, const wfm_roster_opts *o,
                               const wfm_roster_sim_result *sim)
{
    json_t *days = json_array();
    for (int d = 0; d < sim->n_days; d++) {
        json_t *queues = json_array();
        for (int q = 0; q < doc->in.n_queues; q++) {
            json_t *row = roster_day_json(&sim->days[q * sim->n_days + d]);
            json_object_set_new(row, "queue", json_string(doc->in.queues[q].name));
            json_array_append_new(queues, row);
        }
        json_t *day = roster_day_json(&sim->all_days[d]);
        json_object_set_new(day, "day", json_integer(d));
        json_object_set_new(day, "queues", queues);
        json_array_append_new(days, day);
    }
    return json_pack("{s:i, s:I, s:f, s:s, s:o, s:o}", "replications", sim->replications, "seed",
                     (json_int_t)o->simulate_seed, "confidence", sim->confidence, "start_date",
                     doc->start_date, "horizon", roster_day_json(&sim->horizon), "days", days);
}

/* The coverage rows of a roster JSON, in the order wfm_roster_result_json
 * writes them ([queue][day][interval]), into seats. */
static int read_coverage(const json_t *roster, const wfm_roster_doc *doc, double *seats)
{
    const json_t *rows = json_object_get(roster, "coverage");
    size_t per_queue = (size_t)doc->in.n_days * doc->in.intervals_per_day;
    size_t n = per_queue * doc->in.n_queues;
    if (json_array_size(rows) != n) {
        fprintf(stderr, "wfm simulate: roster coverage has %zu rows, the input document %zu "
                        "(queues x days x intervals)\n", json_array_size(rows), n);
        return -1;
    }
    for (size_t k = 0; k < n; k++) {
        const json_t *row = json_array_get(rows, k);
        const char *queue = json_string_value(json_object_get(row, "queue"));
        const char *expected = doc->in.queues[k / per_queue].name;
        const json_t *value = json_object_get(row, "seats");
        if (!queue || strcmp(queue, expected) || !json_is_number(value)) {
            fprintf(stderr, "wfm simulate: roster coverage row %zu: expected queue '%s' with "
                            "numeric seats\n", k, expected);
            return -1;
        }
        seats[k] = json_number_value(value);
    }
    return 0;
}

static int simulate_roster(const cli_args *a)
{
    json_t *input = wfm_cli_json_load_object("simulate", a->input);
    json_t *roster = input ? wfm_cli_json_load_object("simulate", a->roster) : NULL;
    wfm_roster_doc doc;
    wfm_error err;
    int rc = 1;
    if (!roster || wfm_roster_doc_parse(input, &doc, &err) != WFM_OK) {
        if (roster)
            fprintf(stderr, "wfm simulate: %s: %s\n", a->input, err.message);
        json_decref(input);
        json_decref(roster);
        return 1;
    }
    wfm_roster_result r = {0};
    r.seats = calloc((size_t)doc.in.n_queues * doc.in.n_days * doc.in.intervals_per_day,
                     sizeof *r.seats);
    if (a->replications >= 0)
        doc.opts.simulate_replications = (int)a->replications;
    if (a->seed >= 0)
        doc.opts.simulate_seed = (unsigned long)a->seed;
    if (r.seats && read_coverage(roster, &doc, r.seats) == 0) {
        if (wfm_roster_simulate(&doc.in, &doc.opts, &r, &err) != WFM_OK)
            fprintf(stderr, "wfm simulate: %s\n", err.message);
        else if (!r.sim.days)
            fprintf(stderr, "wfm simulate: %s: every queue offered calls needs offered, aht_s "
                            "and patience_s or deadline_s, and replications > 0\n", a->input);
        else {
            json_t *out = roster_sim_json(&doc, &doc.opts, &r.sim);
            json_dumpf(out, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
            fputc('\n', stdout);
            json_decref(out);
            rc = 0;
        }
    }
    wfm_roster_result_free(&r);
    wfm_roster_doc_free(&doc);
    json_decref(input);
    json_decref(roster);
    return rc;
}

int wfm_cmd_simulate(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return 0;
        }
    cli_args a;
    if (parse_args(argc, argv, &a) != 0)
        return 2;
    return a.roster ? simulate_roster(&a) : simulate_file(&a);
}
