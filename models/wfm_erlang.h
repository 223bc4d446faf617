/* wfm_erlang: queueing formulas for one interval of one live queue.
 *
 * Erlang B (loss), Erlang C (M/M/n, callers wait forever) and Erlang A
 * (M/M/n+M, callers abandon after an exponential patience with mean 1/theta).
 * Everything is computed by stable recursions and, for Erlang A, in log space
 * through GSL's incomplete gamma function, so results stay finite and exact
 * to double precision up to 10,000 seats and 10^6 calls an hour.
 *
 * Definitions (the same as the reference vectors in
 * tests/reference/erlang_vectors.csv; see docs/models.md):
 *   load a         = calls * aht_s / interval_s (Erlangs)
 *   p_wait         = P(an arriving call finds every agent busy)
 *   service_level  = P(answered within threshold_s), among ALL offered calls
 *                    (for Erlang A abandoners count as not within)
 *   asa_s          = mean time in queue over ALL offered calls (those answered
 *                    at once count 0; for Erlang A, abandoners count with the
 *                    time they waited before hanging up)
 *   p_abandon      = P(the caller hangs up before being answered) (A only)
 *   answer_rate    = 1 - p_abandon (A only; 1 for Erlang C)
 *   occupancy      = mean busy agents / agents = a * answer_rate / agents
 *
 * Sources: Erlang B recursion (e.g. Cooper, "Introduction to Queueing
 * Theory", 1981); Erlang C from B; Erlang A: Garnett, Mandelbaum & Reiman
 * (2002), "Designing a call center with impatient customers", M&SOM 4(3), and
 * Mandelbaum & Zeltyn, "The Palm/Erlang-A queue, with applications to call
 * centers" (2007 notes). */
#ifndef WFM_ERLANG_H
#define WFM_ERLANG_H

#include <stdbool.h>

#include "core/wfm_error.h"

/* The largest number of seats any function here accepts. */
#define WFM_ERLANG_MAX_SEATS 100000

/* The largest offered load (Erlangs) accepted: 10^6 calls an hour of a
 * 10-hour handle time, far beyond any hotline, well inside double range. */
#define WFM_ERLANG_MAX_LOAD 1e7

/* One interval of one queue. */
typedef struct wfm_erlang_input {
    double calls;       /* calls offered in the interval, >= 0 */
    double interval_s;  /* interval length in seconds, > 0 */
    double aht_s;       /* average handle time in seconds, > 0 */
    double patience_s;  /* mean patience (1/theta) in seconds; 0 = callers never
                           abandon (Erlang C); > 0 selects Erlang A */
    double threshold_s; /* service-level threshold t in seconds, >= 0 */
} wfm_erlang_input;

typedef enum wfm_erlang_model {
    WFM_ERLANG_MODEL_C = 'C',
    WFM_ERLANG_MODEL_A = 'A'
} wfm_erlang_model;

/* Metrics of one queue at one number of agents. */
typedef struct wfm_erlang_metrics {
    int agents;
    wfm_erlang_model model;
    /* Erlang C only: load >= agents, so the queue grows without bound. Then
     * p_wait = 1, service_level = 0, asa_s = INFINITY and occupancy = 1:
     * never a negative ASA or a silent zero. Always false for Erlang A,
     * which is stable at any load because callers abandon. */
    bool overloaded;
    double load_erlangs;
    double p_wait;
    double service_level;
    double asa_s;
    double p_abandon;   /* 0 for Erlang C */
    double answer_rate; /* 1 for Erlang C */
    double occupancy;
} wfm_erlang_metrics;

/* Fills in with defaults: no calls, 900 s intervals, aht 0 (must be set),
 * no abandonment, threshold 20 s. */
void wfm_erlang_input_init(wfm_erlang_input *in);

/* Checks every field of in (finite, in range) and that the load is at most
 * WFM_ERLANG_MAX_LOAD; WFM_EINVAL naming the field ("calls", "interval_s",
 * "aht_s", "patience_s", "threshold_s") otherwise. */
wfm_status wfm_erlang_input_check(const wfm_erlang_input *in, wfm_error *err);

/* Erlang B blocking probability for `erlangs` offered to `seats` servers, by
 * the recursion B(0)=1, B(k)=aB(k-1)/(k+aB(k-1)). Writes *blocking.
 * WFM_EINVAL for a negative or non-finite load or seats out of
 * 0..WFM_ERLANG_MAX_SEATS. */
wfm_status wfm_erlang_b(double erlangs, int seats, double *blocking, wfm_error *err);

/* Metrics of in at `agents` agents: Erlang C when in->patience_s == 0,
 * Erlang A otherwise. Validates in and agents (0..WFM_ERLANG_MAX_SEATS). */
wfm_status wfm_erlang_metrics_at(const wfm_erlang_input *in, int agents,
                                 wfm_erlang_metrics *out, wfm_error *err);

/* ---- The kernel the staffing search shares (no validation). ----------- */

/* An input turned into rates once, so a search over agents does no
 * repeated work. Build with wfm_erlang_queue_from() from a checked input. */
typedef struct wfm_erlang_queue {
    wfm_erlang_model model;
    double load;            /* a = lambda / mu, Erlangs */
    double patience_per_aht; /* mu / theta (0 for Erlang C) */
    double aht_s;
    double patience_s;
    double threshold_s;
    bool want_service_level; /* false skips the service-level terms (faster) */
} wfm_erlang_queue;

/* in must have passed wfm_erlang_input_check(). want_service_level is true. */
void wfm_erlang_queue_from(const wfm_erlang_input *in, wfm_erlang_queue *q);

/* B(k) from B(k-1), and B(k-1) from B(k) (k >= 1), for load a. The downward
 * step is the same recursion solved for B(k-1); it is used a few steps at a
 * time only, where it is accurate. */
double wfm_erlang_b_up(double load, int k, double b_prev);
double wfm_erlang_b_down(double load, int k, double b);

/* Metrics at `agents` given b = Erlang B of (q->load, agents). */
void wfm_erlang_evaluate(const wfm_erlang_queue *q, int agents, double b,
                         wfm_erlang_metrics *out);

#endif
