/* wfm_staffing: the seat search and the answered-calls curve (see
 * wfm_staffing.h). */
#include "models/wfm_staffing.h"

#include <math.h>

/* One-seat steps with the incremental Erlang B recursion before the search
 * switches to doubling steps and bisection (far from the guess). The
 * downward step multiplies rounding error by about k/a per step, harmless
 * for this few. */
#define UNIT_STEPS 8

/* Starting beta before any interval has been solved. */
#define DEFAULT_BETA 0.5

void wfm_staffing_opts_init(wfm_staffing_opts *opts)
{
    opts->min_answer_rate = 0;
    opts->min_service_level = 0;
    opts->max_asa_s = 0;
    opts->max_occupancy = 0;
    opts->shrinkage = 0;
    opts->max_seats = WFM_ERLANG_MAX_SEATS;
    opts->targeted_metrics_only = false;
}

static wfm_status check_share(double v, const char *field, bool one_allowed, wfm_error *err)
{
    if (!(v >= 0 && (one_allowed ? v <= 1 : v < 1)))
        return wfm_error_set(err, WFM_EINVAL, field, "%s must be in [0, 1%s (%g)", field,
                             one_allowed ? "]" : ")", v);
    return WFM_OK;
}

wfm_status wfm_staffing_opts_check(const wfm_staffing_opts *opts, wfm_error *err)
{
    wfm_status st;
    if ((st = check_share(opts->min_answer_rate, "min_answer_rate", true, err)) ||
        (st = check_share(opts->min_service_level, "min_service_level", true, err)) ||
        (st = check_share(opts->max_occupancy, "max_occupancy", true, err)) ||
        (st = check_share(opts->shrinkage, "shrinkage", false, err)))
        return st;
    if (!(opts->max_asa_s >= 0 && isfinite(opts->max_asa_s)))
        return wfm_error_set(err, WFM_EINVAL, "max_asa_s", "max_asa_s must be >= 0 (%g)",
                             opts->max_asa_s);
    if (opts->max_seats < 0 || opts->max_seats > WFM_ERLANG_MAX_SEATS)
        return wfm_error_set(err, WFM_EINVAL, "max_seats", "max_seats must be in 0..%d (%d)",
                             WFM_ERLANG_MAX_SEATS, opts->max_seats);
    if (opts->min_answer_rate == 0 && opts->min_service_level == 0 && opts->max_asa_s == 0 &&
        opts->max_occupancy == 0)
        return wfm_error_set(err, WFM_EINVAL, "target",
                             "no target set: give an answer rate, service level, ASA or occupancy");
    return WFM_OK;
}

static bool target_met(const wfm_staffing_opts *opts, const wfm_erlang_metrics *m)
{
    if (m->overloaded)
        return false;
    return m->answer_rate >= opts->min_answer_rate &&
           (opts->min_service_level == 0 || m->service_level >= opts->min_service_level) &&
           (opts->max_asa_s == 0 || m->asa_s <= opts->max_asa_s) &&
           (opts->max_occupancy == 0 || m->occupancy <= opts->max_occupancy);
}

static int scheduled_seats(int seats, double shrinkage)
{
    /* the tolerance keeps 19 / 0.95 at 20, not 21 from rounding */
    return (int)ceil(seats / (1.0 - shrinkage) - 1e-9);
}

/* One search: seats under evaluation with Erlang B carried along, and the
 * bracket found so far: `missed` misses the target (-1: none known, seats
 * cannot go below 0), `met` meets it (-1: none known). */
typedef struct seat_walk {
    const wfm_erlang_queue *queue;
    const wfm_staffing_opts *opts;
    int seats;
    double b; /* Erlang B at seats */
    int missed, met;
    wfm_erlang_metrics metrics;       /* at seats */
    wfm_erlang_metrics met_metrics;   /* at met */
} seat_walk;

/* Evaluates the current seats and narrows the bracket. */
static void walk_classify(seat_walk *w)
{
    wfm_erlang_evaluate(w->queue, w->seats, w->b, &w->metrics);
    if (target_met(w->opts, &w->metrics)) {
        w->met = w->seats;
        w->met_metrics = w->metrics;
    } else {
        w->missed = w->seats;
    }
}

/* Jumps to `seats`, recomputing Erlang B from zero (O(seats)). */
static void walk_jump(seat_walk *w, int seats)
{
    w->seats = seats;
    wfm_erlang_b(w->queue->load, seats, &w->b, NULL);
    walk_classify(w);
}

static bool walk_done(const seat_walk *w)
{
    return w->met >= 0 && w->met == w->missed + 1;
}

/* The fewest seats meeting the target, from the guess: one-seat steps
 * first (the usual case costs two evaluations), then doubling steps to
 * bracket the answer and bisection. Returns false when even max_seats
 * misses; otherwise w->met and w->met_metrics hold the answer. */
static bool walk_search(seat_walk *w, int guess)
{
    int max_seats = w->opts->max_seats;
    w->missed = w->met = -1;
    walk_jump(w, guess);
    for (int i = 0; i < UNIT_STEPS && !walk_done(w); i++) {
        if (w->met == w->seats) { /* step down; from an underflowed B, afresh */
            if (w->b < 1e-250)
                wfm_erlang_b(w->queue->load, w->seats - 1, &w->b, NULL);
            else
                w->b = wfm_erlang_b_down(w->queue->load, w->seats, w->b);
            w->seats--;
        } else { /* step up */
            if (w->seats == max_seats)
                return false;
            w->seats++;
            w->b = wfm_erlang_b_up(w->queue->load, w->seats, w->b);
        }
        walk_classify(w);
    }
    for (int step = 2 * UNIT_STEPS; w->met < 0; step *= 2) {
        if (w->missed == max_seats)
            return false;
        walk_jump(w, w->missed + step > max_seats ? max_seats : w->missed + step);
    }
    for (int step = 2 * UNIT_STEPS; w->missed < 0 && w->met > 0; step *= 2)
        walk_jump(w, w->met - step < 0 ? 0 : w->met - step);
    while (!walk_done(w))
        walk_jump(w, w->missed + (w->met - w->missed) / 2);
    return true;
}

/* Seats below which no staffing can meet the target: Erlang C must not be
 * overloaded (n > a); answered calls cannot exceed capacity, so
 * a * answer_rate = n * occupancy <= n. */
static int seats_lower_bound(const wfm_erlang_queue *q, const wfm_staffing_opts *opts)
{
    if (q->model == WFM_ERLANG_MODEL_C)
        return q->load > 0 ? (int)floor(q->load) + 1 : 0;
    return (int)ceil(q->load * opts->min_answer_rate - 1e-9);
}

static int guess_seats(const wfm_erlang_queue *q, const wfm_staffing_opts *opts, double beta)
{
    double guess = fmax(ceil(q->load + beta * sqrt(q->load)), seats_lower_bound(q, opts));
    return guess < 0 ? 0 : guess > opts->max_seats ? opts->max_seats : (int)guess;
}

/* Solves one checked interval; *beta is the square-root-staffing guess in,
 * the beta of the answer out. */
static wfm_status solve_one(const wfm_erlang_input *in, const wfm_staffing_opts *opts,
                            double *beta, wfm_staffing_result *result, wfm_error *err)
{
    wfm_erlang_queue queue;
    wfm_erlang_queue_from(in, &queue);
    queue.want_service_level = opts->min_service_level > 0 || !opts->targeted_metrics_only;
    seat_walk w = {.queue = &queue, .opts = opts};
    if (!walk_search(&w, guess_seats(&queue, opts, *beta)))
        return wfm_error_set(err, WFM_EINFEASIBLE, NULL,
                             "the target is not met even with max_seats = %d seats (load %.6g Erlangs)",
                             opts->max_seats, queue.load);
    if (queue.load > 0)
        *beta = (w.met - queue.load) / sqrt(queue.load);
    result->seats = w.met;
    result->scheduled_seats = scheduled_seats(w.met, opts->shrinkage);
    result->metrics = w.met_metrics;
    return WFM_OK;
}

wfm_status wfm_staffing_solve(const wfm_erlang_input *in, const wfm_staffing_opts *opts,
                              wfm_staffing_result *result, wfm_error *err)
{
    return wfm_staffing_solve_series(in, 1, opts, result, err);
}

wfm_status wfm_staffing_solve_series(const wfm_erlang_input *in, size_t count,
                                     const wfm_staffing_opts *opts,
                                     wfm_staffing_result *results, wfm_error *err)
{
    wfm_status st = wfm_staffing_opts_check(opts, err);
    if (st)
        return st;
    double beta = DEFAULT_BETA;
    for (size_t i = 0; i < count; i++) {
        if ((st = wfm_erlang_input_check(&in[i], err)) ||
            (st = solve_one(&in[i], opts, &beta, &results[i], err))) {
            if (count > 1) {
                wfm_error inner = *err;
                wfm_error_set(err, st, inner.field, "interval %zu: %s", i, inner.message);
            }
            return st;
        }
    }
    return WFM_OK;
}

wfm_status wfm_staffing_curve(const wfm_erlang_input *in, int max_seats, double *answered,
                              double *abandoned, wfm_error *err)
{
    wfm_status st = wfm_erlang_input_check(in, err);
    if (st)
        return st;
    if (in->patience_s <= 0)
        return wfm_error_set(err, WFM_EINVAL, "patience_s",
                             "the answered-calls curve needs Erlang A: patience_s must be > 0 (%g)",
                             in->patience_s);
    if (max_seats < 0 || max_seats > WFM_ERLANG_MAX_SEATS)
        return wfm_error_set(err, WFM_EINVAL, "max_seats", "max_seats must be in 0..%d (%d)",
                             WFM_ERLANG_MAX_SEATS, max_seats);
    wfm_erlang_queue queue;
    wfm_erlang_queue_from(in, &queue);
    queue.want_service_level = false;
    double b = 1; /* B(0) */
    for (int n = 0; n <= max_seats; n++) {
        if (n > 0)
            b = wfm_erlang_b_up(queue.load, n, b);
        wfm_erlang_metrics m;
        wfm_erlang_evaluate(&queue, n, b, &m);
        answered[n] = in->calls * m.answer_rate;
        abandoned[n] = in->calls - answered[n];
    }
    return WFM_OK;
}
