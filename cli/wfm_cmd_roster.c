/* wfm roster: a roster from an input file, without a server. Reads the
 * document of docs/roster.md, solves, writes JSON / CSV / one iCalendar file
 * per agent, and prints the KPIs and any shortfall on stdout. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/wfm_cli.h"
#include "optimizer/wfm_roster_io.h"
#include "optimizer/wfm_roster_model.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: wfm roster --input FILE.json [--out-json F] [--out-csv F] [--ical-dir DIR]\n"
            "                  [--time-limit S] [--target seats|daily-answer-rate]\n"
            "                  [--write-mps FILE] [--phases]\n\n"
            "Builds a roster of named agents (docs/roster.md describes the input).\n"
            "  --input FILE        the input document\n"
            "  --out-json F        roster, coverage, KPIs and shortfalls as JSON\n"
            "  --out-csv F         one line per shift\n"
            "  --ical-dir DIR      one AGENT.ics per agent (RFC 5545)\n"
            "  --time-limit S      time limit of the whole solve in seconds (overrides the document)\n"
            "  --target KIND       seats or daily-answer-rate (overrides the document)\n"
            "  --write-mps FILE    also write the stage-1 model as MPS (for another\n"
            "                      solver, e.g. CBC in bench/roster_sample.sh)\n"
            "  --phases            print on stderr when each phase of the solve begins,\n"
            "                      with the best objective and bound then\n");
}

/* --phases: one line on stderr as each phase begins. */
static int print_phase(void *cookie, const wfm_roster_progress *p)
{
    const char **last = cookie;
    if (!*last || strcmp(*last, p->phase))
        fprintf(stderr, "phase %-9s at %6.1f s  incumbent %.2f  best bound %.2f\n", p->phase,
                p->elapsed_s, p->incumbent, p->best_bound);
    *last = p->phase;
    return WFM_ROSTER_GO_ON;
}

static int write_text(const char *path, const char *body)
{
    FILE *f = fopen(path, "wb");
    if (!f || fputs(body, f) < 0 || fclose(f)) {
        fprintf(stderr, "wfm roster: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

/* Agent ids become file names: anything but [A-Za-z0-9._-] turns into '_'. */
static void file_name(const char *id, char *out, size_t size)
{
    size_t k = 0;
    for (; id[k] && k + 1 < size; k++)
        out[k] = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_", id[k]) &&
                         !(k == 0 && id[k] == '.')
                     ? id[k]
                     : '_';
    out[k] = '\0';
}

static int write_icals(const wfm_roster_doc *doc, const wfm_roster_result *r, const char *dir)
{
    if (mkdir(dir, 0777) && errno != EEXIST) {
        fprintf(stderr, "wfm roster: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    char dtstamp[20];
    time_t now = time(NULL);
    strftime(dtstamp, sizeof dtstamp, "%Y%m%dT%H%M%SZ", gmtime(&now));
    for (int a = 0; a < doc->in.n_agents; a++) {
        char name[WFM_ROSTER_NAME_LEN], path[4096];
        file_name(doc->agents[a].id, name, sizeof name);
        snprintf(path, sizeof path, "%s/%s.ics", dir, name);
        char *ics = wfm_roster_agent_ical(doc, r, a, dtstamp);
        int rc = ics ? write_text(path, ics) : 1;
        free(ics);
        if (rc)
            return 1;
    }
    return 0;
}

static int write_outputs(const wfm_roster_doc *doc, const wfm_roster_result *r, const char *json_path,
                         const char *csv_path, const char *ical_dir)
{
    int rc = 0;
    if (json_path) {
        json_t *out = wfm_roster_result_json(doc, r);
        rc |= !out || json_dump_file(out, json_path, JSON_INDENT(1) | JSON_REAL_PRECISION(6));
        json_decref(out);
    }
    if (csv_path) {
        char *csv = wfm_roster_result_csv(doc, r);
        rc |= !csv || write_text(csv_path, csv);
        free(csv);
    }
    if (ical_dir)
        rc |= write_icals(doc, r, ical_dir);
    return rc;
}

/* The stage-1 model as the solver builds it, written by GLPK as MPS. */
static int write_mps(const wfm_roster_doc *doc, const char *path)
{
    wfm_roster_model m;
    wfm_error err;
    if (wfm_roster_model_build(&doc->in, &doc->opts, &m, &err) != WFM_OK) {
        fprintf(stderr, "wfm roster: %s\n", err.message);
        return 1;
    }
    int rc = glp_write_mps(m.lp, GLP_MPS_DECK, NULL, path) != 0;
    if (rc)
        fprintf(stderr, "wfm roster: cannot write %s\n", path);
    else
        printf("mps: %s rows=%d cols=%d integer=%d\n", path, glp_get_num_rows(m.lp),
               glp_get_num_cols(m.lp), glp_get_num_int(m.lp));
    wfm_roster_model_free(&m);
    return rc;
}

static void print_rate(const char *label, const wfm_roster_sim_day *day)
{
    if (day->answer_rate.n > 0)
        printf("  %-24s %6.2f %%  [%6.2f, %6.2f]\n", label, 100 * day->answer_rate.mean,
               100 * day->answer_rate.ci_low, 100 * day->answer_rate.ci_high);
}

/* The discrete-event check: simulated answer rate per day (all queues and
 * each queue) with its 95 % interval. */
static void print_simulated(const wfm_roster_doc *doc, const wfm_roster_result *r)
{
    const wfm_roster_sim_result *sim = &r->sim;
    if (!sim->days) {
        printf("simulated answer rate: not simulated (needs offered, aht_s and patience_s or "
               "deadline_s for every queue)\n");
        return;
    }
    printf("simulated answer rate (%d replications, 95 %% interval):\n", sim->replications);
    print_rate("whole horizon", &sim->horizon);
    for (int d = 0; d < sim->n_days; d++) {
        char label[64];
        snprintf(label, sizeof label, "day %d", d);
        print_rate(label, &sim->all_days[d]);
        for (int q = 0; q < doc->in.n_queues; q++) {
            snprintf(label, sizeof label, "  %s", doc->in.queues[q].name);
            print_rate(label, &sim->days[q * sim->n_days + d]);
        }
    }
}

static void print_summary(const wfm_roster_doc *doc, const wfm_roster_result *r)
{
    printf("shifts %d, paid hours %.1f, objective %.2f, best bound %.2f, proven gap %.2f %%\n",
           r->n_shifts, r->paid_hours, r->objective, r->best_bound, 100 * r->gap);
    printf("plan gap %.2f %%, decomposition loss %.2f %%, unstaffed shifts %d, agents below "
           "contract hours %d, %.1f s%s\n", 100 * r->plan_gap, 100 * r->decomposition_loss,
           r->unstaffed_shifts, r->agents_below_min_hours, r->solve_seconds,
           r->time_limit_hit ? " (time limit)" : "");
    print_simulated(doc, r);
    for (int k = 0; k < r->n_shortfalls; k++) {
        const wfm_roster_shortfall *s = &r->shortfalls[k];
        printf("short: queue %s day %d %s%d: needed %.2f, staffed %.2f, short by %.2f\n",
               doc->in.queues[s->queue].name, s->day, s->interval < 0 ? "whole day" : "interval ",
               s->interval < 0 ? 0 : s->interval, s->needed, s->staffed, s->short_by);
    }
}

int wfm_cmd_roster(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"input", required_argument, NULL, 'i'},   {"out-json", required_argument, NULL, 'j'},
        {"out-csv", required_argument, NULL, 'c'}, {"ical-dir", required_argument, NULL, 'd'},
        {"time-limit", required_argument, NULL, 't'}, {"target", required_argument, NULL, 'k'},
        {"write-mps", required_argument, NULL, 'm'}, {"phases", no_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    const char *input = NULL, *json_path = NULL, *csv_path = NULL, *ical_dir = NULL, *target = NULL,
               *mps_path = NULL;
    double time_limit = 0;
    int c, phases = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'i': input = optarg; break;
        case 'j': json_path = optarg; break;
        case 'c': csv_path = optarg; break;
        case 'd': ical_dir = optarg; break;
        case 't': time_limit = atof(optarg); break;
        case 'k': target = optarg; break;
        case 'm': mps_path = optarg; break;
        case 'p': phases = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!input || (target && strcmp(target, "seats") && strcmp(target, "daily-answer-rate")) ||
        (time_limit < 0)) {
        usage(stderr);
        return 2;
    }
    json_error_t jerr;
    json_t *root = json_load_file(input, 0, &jerr);
    if (!root) {
        fprintf(stderr, "wfm roster: %s: line %d: %s\n", input, jerr.line, jerr.text);
        return 1;
    }
    wfm_roster_doc doc;
    wfm_error err;
    wfm_status st = wfm_roster_doc_parse(root, &doc, &err);
    json_decref(root);
    if (st) {
        fprintf(stderr, "wfm roster: %s: %s\n", input, err.message);
        return 1;
    }
    if (time_limit > 0)
        doc.opts.time_limit_s = time_limit;
    if (target)
        doc.opts.target = strcmp(target, "seats") ? WFM_ROSTER_TARGET_DAILY_ANSWER_RATE
                                                  : WFM_ROSTER_TARGET_SEATS;
    if (mps_path && write_mps(&doc, mps_path)) {
        wfm_roster_doc_free(&doc);
        return 1;
    }
    const char *last_phase = NULL;
    if (phases) {
        doc.opts.progress = print_phase;
        doc.opts.progress_cookie = &last_phase;
    }
    wfm_roster_result r;
    st = wfm_roster_solve(&doc.in, &doc.opts, &r, &err);
    int rc = 1;
    if (st)
        fprintf(stderr, "wfm roster: %s\n", err.message);
    else {
        print_summary(&doc, &r);
        rc = write_outputs(&doc, &r, json_path, csv_path, ical_dir);
    }
    wfm_roster_result_free(&r);
    wfm_roster_doc_free(&doc);
    return rc;
}
