/* erlang_bench: staff a year of 15-minute intervals (35,040) for 5 queues
 * to a 95 % answer-rate target with Erlang A, and print the time.
 *
 * Loads are synthetic but shaped like a 12345 hotline: a daily profile
 * (quiet nights, morning and afternoon peaks), quieter weekends, growth of
 * a third over the year and +-15 % noise; five queues from 6,000 down to
 * 300 calls a day with their own AHT and patience.
 *
 * Peer: no Erlang A staffing library is installable here (the Python
 * packages are on PyPI, which this project cannot reach; npm has none), so
 * the named baseline is the textbook method run in the same process: a
 * linear search from 0 seats, each seat evaluated with the same exact
 * Erlang A formulas (Erlang B recomputed from zero each time). Both must
 * return identical seats; the bench exits 1 otherwise.
 *
 * Usage: erlang_bench [repeats]   (default 5; the best run is reported) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "models/wfm_staffing.h"

#define INTERVALS 35040
#define QUEUES 5

static const struct {
    double calls_per_day, aht_s, patience_s;
} queues[QUEUES] = {
    {6000, 300, 90}, {2500, 240, 120}, {1200, 420, 60}, {600, 360, 180}, {300, 200, 45},
};

/* Share of a day's calls in 15-minute slot `slot` (0..95): two peaks. */
static double daily_shape(int slot)
{
    double h = slot / 4.0;
    double shape = 0.15 + exp(-pow((h - 10) / 2.2, 2)) + 0.8 * exp(-pow((h - 15.5) / 2.5, 2));
    return shape / 32.0; /* sums to about 1 over 96 slots */
}

static double noise(unsigned *state)
{
    *state = *state * 1664525u + 1013904223u;
    return 0.85 + 0.3 * ((*state >> 8) / 16777216.0);
}

static void make_loads(wfm_erlang_input *in)
{
    unsigned state = 12345;
    for (int q = 0; q < QUEUES; q++)
        for (int i = 0; i < INTERVALS; i++) {
            int day = i / 96;
            double weekday = (day % 7 >= 5) ? 0.6 : 1.0;
            double growth = 1.0 + day / (3.0 * 365);
            wfm_erlang_input *x = &in[q * INTERVALS + i];
            wfm_erlang_input_init(x);
            x->calls = queues[q].calls_per_day * daily_shape(i % 96) * weekday * growth *
                       noise(&state);
            x->aht_s = queues[q].aht_s;
            x->patience_s = queues[q].patience_s;
        }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The baseline: first n from 0 whose answer rate reaches the target. */
static int naive_seats(const wfm_erlang_input *in, double target)
{
    for (int n = 0;; n++) {
        wfm_erlang_metrics m;
        wfm_erlang_metrics_at(in, n, &m, NULL);
        if (m.answer_rate >= target)
            return n;
    }
}

int main(int argc, char **argv)
{
    int repeats = argc > 1 ? atoi(argv[1]) : 5;
    size_t total = (size_t)QUEUES * INTERVALS;
    wfm_erlang_input *in = malloc(total * sizeof *in);
    wfm_staffing_result *res = malloc(total * sizeof *res);
    int *naive = malloc(total * sizeof *naive);
    if (!in || !res || !naive)
        return 1;
    make_loads(in);

    wfm_staffing_opts opts;
    wfm_staffing_opts_init(&opts);
    opts.min_answer_rate = 0.95;
    opts.targeted_metrics_only = true;
    double best = INFINITY;
    for (int r = 0; r < repeats; r++) {
        double t0 = now_s();
        wfm_error err;
        for (int q = 0; q < QUEUES; q++)
            if (wfm_staffing_solve_series(in + q * INTERVALS, INTERVALS, &opts,
                                          res + q * INTERVALS, &err)) {
                fprintf(stderr, "erlang_bench: %s\n", err.message);
                return 1;
            }
        double t = now_s() - t0;
        best = t < best ? t : best;
    }

    /* The baseline is slow: time it on every 8th interval and scale. */
    double t0 = now_s();
    size_t sampled = 0;
    for (size_t i = 0; i < total; i += 8, sampled++)
        naive[i] = naive_seats(&in[i], opts.min_answer_rate);
    double naive_per = (now_s() - t0) / sampled;

    long seat_sum = 0;
    int peak = 0;
    for (size_t i = 0; i < total; i++) {
        seat_sum += res[i].seats;
        peak = res[i].seats > peak ? res[i].seats : peak;
        if (i % 8 == 0 && naive[i] != res[i].seats) {
            fprintf(stderr, "erlang_bench: interval %zu: search %d seats, baseline %d\n", i,
                    res[i].seats, naive[i]);
            return 1;
        }
    }
    printf("intervals: %zu (%d queues x %d), target answer rate 95 %% (Erlang A)\n", total,
           QUEUES, INTERVALS);
    printf("seats: mean %.2f, peak %d; all sampled answers equal the baseline's\n",
           (double)seat_sum / total, peak);
    printf("wfm_staffing_solve_series: %.4f s total (best of %d), %.0f ns per interval\n", best,
           repeats, best / total * 1e9);
    printf("baseline (linear search from 0 seats, same formulas): %.0f ns per interval "
           "(%zu sampled), %.2f s for the year extrapolated\n",
           naive_per * 1e9, sampled, naive_per * total);
    printf("speed-up over the baseline: %.1fx\n", naive_per / (best / total));
    free(in);
    free(res);
    free(naive);
    return 0;
}
