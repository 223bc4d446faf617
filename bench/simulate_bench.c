/* simulate_bench: a week of the sample center replayed through the
 * discrete-event simulation — 5 queues, 672 intervals of 15 minutes,
 * about 10,000 contacts a day, 20 replications — and its time.
 *
 * Loads are synthetic but shaped like a 12345 hotline: two daily peaks,
 * quiet nights, five queues from 4,000 down to 800 contacts a day with
 * their own AHT and patience; seats by the square-root staffing rule
 * (Halfin & Whitt 1981) so the answer rate lands near the 95 % target.
 *
 * It also writes the same input in the `wfm simulate` format (docs/
 * simulation.md) to the path given, so that bench/simulate.sh can replay it
 * through the peer, a SimPy model of the same system
 * (bench/simulate_peer_simpy.py), and compare time per replication and
 * answer rates.
 *
 * Usage: simulate_bench [input.json] [replications]   (default 20) */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "models/wfm_simulate.h"

#define QUEUES 5
#define DAYS 7
#define PER_DAY 96
#define INTERVALS (DAYS * PER_DAY)

static const struct {
    const char *name;
    double per_day, aht_s, patience_s;
} profile[QUEUES] = {
    {"phone", 4000, 240, 90},   {"wechat", 2600, 300, 600}, {"weibo", 1600, 360, 900},
    {"sms", 1000, 200, 1200},   {"mailbox", 800, 420, 1800},
};

typedef struct week {
    double offered[QUEUES][INTERVALS], aht[QUEUES][INTERVALS];
    int seats[QUEUES][INTERVALS];
    wfm_sim_queue queues[QUEUES];
    wfm_sim_input input;
} week;

/* Relative load of slot (0..95): morning and afternoon peaks. */
static double daily_curve(int slot)
{
    double h = slot / 4.0;
    return 0.15 + exp(-pow((h - 10) / 2.2, 2)) + 0.8 * exp(-pow((h - 15.5) / 2.5, 2));
}

/* Share of a weekday's contacts in slot. */
static double daily_shape(int slot)
{
    double sum = 0;
    for (int s = 0; s < PER_DAY; s++)
        sum += daily_curve(s);
    return daily_curve(slot) / sum;
}

static void build_week(week *w)
{
    for (int q = 0; q < QUEUES; q++) {
        for (int i = 0; i < INTERVALS; i++) {
            int weekend = i / PER_DAY >= 5;
            w->offered[q][i] = profile[q].per_day * daily_shape(i % PER_DAY) * (weekend ? 0.7 : 1);
            w->aht[q][i] = profile[q].aht_s;
            double load = w->offered[q][i] * profile[q].aht_s / 900;
            w->seats[q][i] = (int)ceil(load + 1.2 * sqrt(load)) + (load > 0.05);
        }
        w->queues[q] = (wfm_sim_queue){profile[q].name, w->offered[q], w->aht[q], w->seats[q],
                                       profile[q].patience_s, 0};
    }
    w->input = (wfm_sim_input){w->queues, QUEUES, INTERVALS, PER_DAY, 900};
}

static json_t *series_json(const double *v, const int *n, size_t len)
{
    json_t *a = json_array();
    for (size_t i = 0; i < len; i++)
        json_array_append_new(a, v ? json_real(v[i]) : json_integer(n[i]));
    return a;
}

static int write_input(const week *w, const char *path, int replications)
{
    json_t *queues = json_array();
    for (int q = 0; q < QUEUES; q++)
        json_array_append_new(queues,
                              json_pack("{s:s, s:f, s:o, s:f, s:o}", "name", profile[q].name,
                                        "patience_s", profile[q].patience_s, "offered",
                                        series_json(w->offered[q], NULL, INTERVALS), "aht_s",
                                        profile[q].aht_s, "seats",
                                        series_json(NULL, w->seats[q], INTERVALS)));
    json_t *root = json_pack("{s:i, s:i, s:i, s:i, s:o}", "interval_s", 900,
                             "intervals_per_day", PER_DAY, "replications", replications, "seed",
                             1, "queues", queues);
    int rc = json_dump_file(root, path, JSON_COMPACT);
    json_decref(root);
    return rc;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    static week w;
    build_week(&w);
    int replications = argc > 2 ? atoi(argv[2]) : 20;
    if (argc > 1 && write_input(&w, argv[1], replications) != 0) {
        fprintf(stderr, "simulate_bench: cannot write %s\n", argv[1]);
        return 1;
    }
    wfm_sim_opts o;
    wfm_sim_opts_init(&o);
    o.replications = replications;
    wfm_sim_result r;
    wfm_error err;
    double t0 = now_s();
    if (wfm_simulate(&w.input, &o, &r, &err) != WFM_OK) {
        fprintf(stderr, "simulate_bench: %s\n", err.message);
        return 1;
    }
    double elapsed = now_s() - t0;
    double contacts = 0;
    for (int q = 0; q < QUEUES; q++)
        contacts += r.total[q].offered * replications;
    printf("week: %d queues x %d intervals, %.0f contacts a day, %d replications\n", QUEUES,
           INTERVALS, contacts / replications / DAYS, replications);
    printf("wfm_simulate: %.3f s in all, %.1f ms per replication, %.2f M contacts/s\n", elapsed,
           1e3 * elapsed / replications, contacts / elapsed / 1e6);
    for (int q = 0; q < QUEUES; q++)
        printf("  %-8s answer rate %.4f  [%.4f, %.4f]\n", profile[q].name,
               r.total[q].answer_rate.mean, r.total[q].answer_rate.ci_low,
               r.total[q].answer_rate.ci_high);
    wfm_sim_result_free(&r);
    return 0;
}
