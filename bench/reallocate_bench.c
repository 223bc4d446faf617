/* reallocate_bench: the live re-plan of issue 6 at the sample center's size
 * — 350 agents on shift, 5 queues (phone live; WeChat, Weibo, SMS, mailbox
 * deferred), 32 intervals of 15 minutes (now to +8 h) — and its time.
 *
 * The instance is synthetic but shaped like a 12345 hotline at 10:00 with
 * a phone surge building: 8 skill mixes (most agents phone only, some
 * phone + social media, a few text only), shifts ending across the
 * afternoon, one 30-minute break each with a +-1 h window, a WeChat
 * backlog due within the hour.
 *
 * Peer: the same re-plan with GLPK's LP presolver off (the option
 * wfm_realloc_opts.presolve), measured in the same run; both must give the
 * same LP objective (the bench exits 1 otherwise).
 *
 * Usage: reallocate_bench [repeats]   (default 5; best and median reported) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "optimizer/wfm_reallocate.h"

#define AGENTS 350
#define QUEUES 5
#define INTERVALS 32

typedef struct instance {
    double offered[QUEUES][INTERVALS], aht[QUEUES][INTERVALS], need[INTERVALS];
    wfm_realloc_queue queues[QUEUES];
    wfm_realloc_agent agents[AGENTS];
    wfm_realloc_input input;
} instance;

/* A fixed linear congruential sequence: the instance is the same on every
 * machine and run. */
static unsigned next_random(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7fff;
}

static void build_queues(instance *x)
{
    static const char *names[QUEUES] = {"phone", "wechat", "weibo", "sms", "mailbox"};
    static const double per_interval[QUEUES] = {700, 120, 40, 30, 20};
    static const double aht_s[QUEUES] = {240, 300, 360, 200, 600};
    for (int q = 0; q < QUEUES; q++) {
        for (int i = 0; i < INTERVALS; i++) {
            /* Surge on phone over the first two hours, then the afternoon. */
            double shape = 1 + (q == 0 && i < 8 ? 0.35 * (i + 1) / 8 : 0) - 0.01 * i;
            x->offered[q][i] = per_interval[q] * shape;
            x->aht[q][i] = aht_s[q];
        }
        x->queues[q] = (wfm_realloc_queue){names[q], q == 0 ? WFM_QUEUE_LIVE : WFM_QUEUE_DEFERRED,
                                           x->offered[q], x->aht[q], q == 0 ? x->need : NULL,
                                           0, 0, q == 4 ? 86400 : 3600 * (q == 1 ? 1 : 2), 1};
    }
    /* Seats for phone: the offered load plus a square-root safety margin
     * (the square-root staffing rule, Halfin & Whitt 1981). */
    for (int i = 0; i < INTERVALS; i++) {
        double load = x->offered[0][i] * x->aht[0][i] / 900;
        x->need[i] = ceil(load + 1.0 * sqrt(load));
    }
    x->queues[1].backlog = 400;
    x->queues[1].backlog_due_s = 3600;
}

static void build_agents(instance *x)
{
    static const unsigned mixes[8] = {1, 1, 1, 1 | 2, 1 | 2 | 4, 2 | 4 | 8, 8 | 16, 31};
    unsigned seed = 12345;
    for (int a = 0; a < AGENTS; a++) {
        unsigned skills = mixes[next_random(&seed) % 8];
        int queue = 0;
        while (!(skills >> queue & 1u))
            queue++;
        int end = 8 + (int)(next_random(&seed) % 40); /* 2 h to 12 h from now */
        int brk = (int)(next_random(&seed) % 28);
        x->agents[a] = (wfm_realloc_agent){"agent", skills, queue, -8, end, {{0}}, 0};
        if (brk + 2 < end) {
            int lo = brk - 4 < 0 ? 0 : brk - 4;
            x->agents[a].breaks[0] = (wfm_realloc_break){brk, 2, lo, brk + 4};
            x->agents[a].n_breaks = 1;
        }
    }
    x->input = (wfm_realloc_input){x->queues, QUEUES, x->agents, AGENTS, INTERVALS, 900,
                                   NULL, NULL};
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Runs the re-plan `repeats` times; fills best/median ms and the result of
 * the last run (caller frees). */
static int time_replan(const instance *x, int presolve, int repeats, double *best,
                       double *median, wfm_realloc_result *last)
{
    wfm_realloc_opts o;
    wfm_realloc_opts_init(&o);
    o.presolve = presolve;
    o.time_limit_ms = 0;
    double *ms = calloc((size_t)repeats, sizeof *ms);
    if (!ms)
        return -1;
    for (int r = 0; r < repeats; r++) {
        wfm_error err;
        if (r > 0)
            wfm_realloc_result_free(last);
        double t0 = now_ms();
        if (wfm_reallocate(&x->input, &o, last, &err) != WFM_OK) {
            fprintf(stderr, "reallocate_bench: %s\n", err.message);
            free(ms);
            return -1;
        }
        ms[r] = now_ms() - t0;
    }
    qsort(ms, (size_t)repeats, sizeof *ms, compare_double);
    *best = ms[0];
    *median = ms[repeats / 2];
    free(ms);
    return 0;
}

static void print_plan(const wfm_realloc_result *r)
{
    double short_phone = 0, late = 0;
    int phone_seats = 0;
    for (size_t i = 0; i < r->n_intervals; i++) {
        short_phone += r->cells[i].shortfall;
        phone_seats += r->cells[i].seats_assigned;
        for (size_t q = 1; q < r->n_queues; q++)
            late += r->cells[q * r->n_intervals + i].shortfall;
    }
    int per_agent[AGENTS] = {0}, moved = 0, most = 0;
    for (size_t k = 0; k < r->n_moves; k++)
        per_agent[r->moves[k].agent]++;
    for (int a = 0; a < AGENTS; a++) {
        moved += per_agent[a] > 0;
        most = per_agent[a] > most ? per_agent[a] : most;
    }
    printf("moves: %d agents moved, at most %d moves for one agent\n", moved, most);
    printf("plan: %zu moves, %zu break changes, %zu overtime/release proposals; "
           "phone seat-intervals %d, phone shortfall %.0f seat-intervals, deferred late %.0f "
           "contact-intervals\n",
           r->n_moves, r->n_break_changes, r->n_proposals, phone_seats, short_phone, late);
}

int main(int argc, char **argv)
{
    int repeats = argc > 1 ? atoi(argv[1]) : 5;
    if (repeats < 1)
        repeats = 1;
    static instance x;
    build_queues(&x);
    build_agents(&x);

    wfm_realloc_result ours, peer;
    double best, median, peer_best, peer_median;
    if (time_replan(&x, 1, repeats, &best, &median, &ours) ||
        time_replan(&x, 0, repeats, &peer_best, &peer_median, &peer))
        return 1;
    printf("re-plan: %d agents, %d queues, %d intervals, %d runs each\n", AGENTS, QUEUES,
           INTERVALS, repeats);
    print_plan(&ours);
    printf("wfm_reallocate (GLPK simplex, presolve on):  best %.1f ms, median %.1f ms\n", best,
           median);
    printf("peer: same LP, GLPK presolve off:            best %.1f ms, median %.1f ms\n",
           peer_best, peer_median);
    printf("ratio peer/ours (median): %.2f; target < 200 ms: %s\n", peer_median / median,
           median < 200 ? "met" : "MISSED");
    int same = fabs(ours.objective - peer.objective) <= 1e-6 * (1 + fabs(ours.objective));
    if (!same)
        fprintf(stderr, "objectives differ: %.6f vs %.6f\n", ours.objective, peer.objective);
    wfm_realloc_result_free(&ours);
    wfm_realloc_result_free(&peer);
    return same ? 0 : 1;
}
