/* wfm reallocate: the live seat re-plan (optimizer/wfm_reallocate.h) from a
 * JSON file — queues, agents on shift, breaks — printing the plan as JSON:
 * per queue and interval seats needed and assigned, predicted answer rate,
 * and the moves, break changes and overtime / early release proposals.
 * The format is described in docs/reallocation.md. */
#include "api/wfm_realloc_json.h"
#include "cli/wfm_cli.h"
#include "cli/wfm_cli_json.h"
#include "optimizer/wfm_reallocate.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: wfm reallocate --input FILE.json\n"
    "\n"
    "Re-plans the rest of today: spreads the agents on shift over the queues\n"
    "their skills allow, moves breaks inside their windows and proposes\n"
    "overtime or early release where moves cannot hold the target. Interval 0\n"
    "starts now. Prints the plan as JSON; the input format is described in\n"
    "docs/reallocation.md.\n";

/* Everything the parsed input points into, owned here. */
typedef struct realloc_file {
    wfm_realloc_queue queues[WFM_REALLOC_MAX_QUEUES];
    double *numbers; /* 3 series per queue */
    wfm_realloc_agent *agents;
} realloc_file;

static int complain(const char *what, const char *detail)
{
    fprintf(stderr, "wfm reallocate: %s: %s\n", what, detail);
    return -1;
}

static int queue_index(const wfm_realloc_input *in, const char *name)
{
    for (size_t q = 0; name && q < in->n_queues; q++)
        if (!strcmp(in->queues[q].name, name))
            return (int)q;
    return -1;
}

static int read_queue(json_t *jq, size_t n, double *numbers, wfm_realloc_queue *q)
{
    q->name = json_string_value(json_object_get(jq, "name"));
    if (!q->name)
        return complain("queues", "every queue needs a \"name\"");
    const char *kind = json_string_value(json_object_get(jq, "kind"));
    q->kind = kind && !strcmp(kind, "deferred") ? WFM_QUEUE_DEFERRED : WFM_QUEUE_LIVE;
    if (kind && strcmp(kind, "live") && strcmp(kind, "deferred"))
        return complain(q->name, "\"kind\" must be \"live\" or \"deferred\"");
    char owner[160];
    snprintf(owner, sizeof owner, "queue %s", q->name);
    double *offered = numbers, *aht = numbers + n, *needed = numbers + 2 * n;
    if (wfm_cli_json_series("reallocate", jq, "offered", owner, n, offered) ||
        wfm_cli_json_series("reallocate", jq, "aht_s", owner, n, aht) ||
        (q->kind == WFM_QUEUE_LIVE &&
         wfm_cli_json_series("reallocate", jq, "seats_needed", owner, n, needed)))
        return -1;
    q->offered = offered;
    q->aht_s = aht;
    q->seats_needed = q->kind == WFM_QUEUE_LIVE ? needed : NULL;
    q->backlog = wfm_cli_json_number_or(jq, "backlog", 0);
    q->backlog_due_s = wfm_cli_json_number_or(jq, "backlog_due_s", 0);
    q->deadline_s = wfm_cli_json_number_or(jq, "deadline_s", 0);
    q->weight = wfm_cli_json_number_or(jq, "weight", 1);
    return 0;
}

static int read_breaks(json_t *ja, wfm_realloc_agent *a)
{
    json_t *breaks = json_object_get(ja, "breaks");
    if (!breaks)
        return 0;
    if (!json_is_array(breaks) || json_array_size(breaks) > WFM_REALLOC_MAX_BREAKS)
        return complain(a->name, "\"breaks\" must be an array of at most 4 breaks");
    a->n_breaks = json_array_size(breaks);
    for (size_t b = 0; b < a->n_breaks; b++) {
        json_t *jb = json_array_get(breaks, b);
        wfm_realloc_break *br = &a->breaks[b];
        br->start = (int)wfm_cli_json_number_or(jb, "start", 0);
        br->length = (int)wfm_cli_json_number_or(jb, "length", 1);
        br->earliest = (int)wfm_cli_json_number_or(jb, "earliest", br->start);
        br->latest = (int)wfm_cli_json_number_or(jb, "latest", br->start);
    }
    return 0;
}

static int read_agent(json_t *ja, const wfm_realloc_input *in, wfm_realloc_agent *a)
{
    a->name = json_string_value(json_object_get(ja, "name"));
    if (!a->name)
        return complain("agents", "every agent needs a \"name\"");
    json_t *skills = json_object_get(ja, "skills");
    if (!json_is_array(skills))
        return complain(a->name, "\"skills\" must be an array of queue names");
    for (size_t k = 0; k < json_array_size(skills); k++) {
        const char *name = json_string_value(json_array_get(skills, k));
        int q = queue_index(in, name);
        if (q < 0)
            return complain(a->name, "\"skills\" names a queue that is not in \"queues\"");
        a->skills |= 1u << q;
    }
    json_t *queue = json_object_get(ja, "queue");
    a->queue = json_is_null(queue) || !queue ? WFM_REALLOC_OFFLINE
                                              : queue_index(in, json_string_value(queue));
    if (queue && !json_is_null(queue) && a->queue < 0)
        return complain(a->name, "\"queue\" is not in \"queues\" (null = offline work)");
    a->shift_start = (int)wfm_cli_json_number_or(ja, "shift_start", 0);
    a->shift_end = (int)wfm_cli_json_number_or(ja, "shift_end", (double)in->n_intervals);
    return read_breaks(ja, a);
}

static int read_input(json_t *root, wfm_realloc_input *in, realloc_file *f)
{
    memset(in, 0, sizeof *in);
    in->interval_s = wfm_cli_json_number_or(root, "interval_s", 900);
    in->n_intervals = (size_t)wfm_cli_json_number_or(root, "intervals", 32);
    json_t *queues = json_object_get(root, "queues"), *agents = json_object_get(root, "agents");
    if (!json_is_array(queues) || json_array_size(queues) == 0 ||
        json_array_size(queues) > WFM_REALLOC_MAX_QUEUES)
        return complain("queues", "must be an array of 1 to 16 queues");
    if (!json_is_array(agents))
        return complain("agents", "must be an array");
    if (in->n_intervals == 0 || in->n_intervals > 2976)
        return complain("intervals", "must be in 1..2976");
    in->n_queues = json_array_size(queues);
    in->n_agents = json_array_size(agents);
    f->numbers = calloc(3 * in->n_intervals * in->n_queues, sizeof *f->numbers);
    f->agents = calloc(in->n_agents ? in->n_agents : 1, sizeof *f->agents);
    if (!f->numbers || !f->agents)
        return complain("input", "out of memory");
    for (size_t q = 0; q < in->n_queues; q++)
        if (read_queue(json_array_get(queues, q), in->n_intervals,
                       f->numbers + 3 * in->n_intervals * q, &f->queues[q]))
            return -1;
    in->queues = f->queues;
    for (size_t a = 0; a < in->n_agents; a++)
        if (read_agent(json_array_get(agents, a), in, &f->agents[a]))
            return -1;
    in->agents = f->agents;
    return 0;
}

static void read_opts(json_t *root, wfm_realloc_opts *o)
{
    json_t *j = json_object_get(root, "options");
    o->shortfall_cost = wfm_cli_json_number_or(j, "shortfall_cost", o->shortfall_cost);
    o->overtime_cost = wfm_cli_json_number_or(j, "overtime_cost", o->overtime_cost);
    o->release_gain = wfm_cli_json_number_or(j, "release_gain", o->release_gain);
    o->move_cost = wfm_cli_json_number_or(j, "move_cost", o->move_cost);
    o->break_move_cost = wfm_cli_json_number_or(j, "break_move_cost", o->break_move_cost);
    o->max_overtime_intervals =
        (int)wfm_cli_json_number_or(j, "max_overtime_intervals", o->max_overtime_intervals);
    o->max_release_intervals =
        (int)wfm_cli_json_number_or(j, "max_release_intervals", o->max_release_intervals);
    o->deferred_block = (int)wfm_cli_json_number_or(j, "deferred_block", o->deferred_block);
}

/* ---- output ------------------------------------------------------------- */

static json_t *queue_json(const wfm_realloc_input *in, int q)
{
    if (q == WFM_REALLOC_OFFLINE)
        return json_string("offline");
    if (q == WFM_REALLOC_UNAVAILABLE)
        return json_null();
    return json_string(in->queues[q].name);
}

static json_t *cells_json(const wfm_realloc_input *in, const wfm_realloc_result *r)
{
    json_t *queues = json_array();
    for (size_t q = 0; q < r->n_queues; q++) {
        json_t *cells = json_array();
        for (size_t i = 0; i < r->n_intervals; i++) {
            const wfm_realloc_cell *c = &r->cells[q * r->n_intervals + i];
            json_array_append_new(cells, json_pack("{s:I, s:f, s:i, s:f, s:f}", "interval",
                                                   (json_int_t)i, "seats_needed", c->seats_needed,
                                                   "seats_assigned", c->seats_assigned,
                                                   "predicted_answer_rate",
                                                   c->predicted_answer_rate, "shortfall",
                                                   c->shortfall));
        }
        json_array_append_new(queues, json_pack("{s:s, s:o}", "name", in->queues[q].name,
                                                "intervals", cells));
    }
    return queues;
}

static json_t *interval_json(const void *ctx, long interval)
{
    (void)ctx;
    return json_integer(interval);
}

/* Moves, break changes and proposals, each decision once with its agents
 * (api/wfm_realloc_json); NULL with err when out of memory. */
static json_t *changes_json(const wfm_realloc_input *in, const wfm_realloc_result *r,
                            wfm_error *err)
{
    const char *queues[WFM_REALLOC_MAX_QUEUES];
    for (size_t q = 0; q < in->n_queues; q++)
        queues[q] = in->queues[q].name;
    const wfm_realloc_json_names names = {in->agents, queues, interval_json, NULL};
    json_t *moves = wfm_realloc_moves_json(r, &names, err);
    json_t *breaks = moves ? wfm_realloc_break_changes_json(r, &names, err) : NULL;
    json_t *proposals = breaks ? wfm_realloc_proposals_json(r, &names, err) : NULL;
    if (!proposals) {
        json_decref(moves);
        json_decref(breaks);
        return NULL;
    }
    return json_pack("{s:o, s:o, s:o}", "moves", moves, "break_changes", breaks, "proposals",
                     proposals);
}

static json_t *agents_json(const wfm_realloc_input *in, const wfm_realloc_result *r)
{
    json_t *agents = json_array();
    for (size_t a = 0; a < r->n_agents; a++) {
        json_t *plan = json_array();
        for (size_t i = 0; i < r->n_intervals; i++)
            json_array_append_new(plan, queue_json(in, r->assignment[a * r->n_intervals + i]));
        json_array_append_new(agents,
                              json_pack("{s:s, s:o}", "name", in->agents[a].name, "plan", plan));
    }
    return agents;
}

static json_t *result_json(const wfm_realloc_input *in, const wfm_realloc_result *r,
                           wfm_error *err)
{
    json_t *out = changes_json(in, r, err);
    if (!out)
        return NULL;
    json_object_set_new(out, "objective", json_real(r->objective));
    json_object_set_new(out, "queues", cells_json(in, r));
    json_object_set_new(out, "agents", agents_json(in, r));
    return out;
}

/* ---- command ------------------------------------------------------------ */

static int reallocate_file(const char *path)
{
    json_t *root = wfm_cli_json_load_object("reallocate", path);
    if (!root)
        return 1;
    wfm_realloc_input in;
    wfm_realloc_opts o;
    wfm_realloc_opts_init(&o);
    read_opts(root, &o);
    realloc_file f;
    memset(&f, 0, sizeof f);
    int rc = 1;
    if (read_input(root, &in, &f) == 0) {
        wfm_realloc_result r;
        wfm_error err;
        if (wfm_reallocate(&in, &o, &r, &err) != WFM_OK) {
            fprintf(stderr, "wfm reallocate: %s\n", err.message);
        } else {
            json_t *out = result_json(&in, &r, &err);
            if (out) {
                json_dumpf(out, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
                fputc('\n', stdout);
                json_decref(out);
                rc = 0;
            } else {
                fprintf(stderr, "wfm reallocate: %s\n", err.message);
            }
            wfm_realloc_result_free(&r);
        }
    }
    free(f.numbers);
    free(f.agents);
    json_decref(root);
    return rc;
}

int wfm_cmd_reallocate(int argc, char **argv)
{
    const char *input = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return 0;
        }
        if (!strcmp(argv[i], "--input") && i + 1 < argc) {
            input = argv[++i];
        } else {
            fprintf(stderr, "wfm reallocate: unknown or incomplete option '%s'\n\n%s", argv[i],
                    usage);
            return 2;
        }
    }
    if (!input) {
        fprintf(stderr, "wfm reallocate: --input is required\n\n%s", usage);
        return 2;
    }
    return reallocate_file(input);
}
