/* wfm_staffing: the seat search and the answered-calls curve (see
 * wfm_staffing.h). */
#include "models/wfm_staffing.h"

#include <math.h>

/* Steps taken by the downward Erlang B recursion before recomputing from
 * zero: each step multiplies the rounding error by about k/a (> 1 above the
 * load), harmless for a few steps. */
#define MAX_DOWN_STEPS 8

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

/* One search: the state of a walk over seats with Erlang B carried along. */
typedef struct seat_walk {
    const wfm_erlang_queue *queue;
    const wfm_staffing_opts *opts;
    int seats;
    double b; /* Erlang B at seats */
    wfm_erlang_metrics metrics;
} seat_walk;

static bool walk_met(seat_walk *w)
{
    wfm_erlang_evaluate(w->queue, w->seats, w->b, &w->metrics);
    return target_met(w->opts, &w->metrics);
}

static void walk_to(seat_walk *w, int seats)
{
    w->seats = seats;
    wfm_erlang_b(w->queue->load, seats, &w->b, NULL);
}

/* Lower end of the feasible range, from the guess. Returns false when even
 * max_seats misses the target. Leaves w at the answer with its metrics. */
static bool walk_search(seat_walk *w, int guess)
{
    walk_to(w, guess);
    if (walk_met(w)) {
        for (int down_steps = 1; w->seats > 0; down_steps++) {
            seat_walk lower = *w;
            lower.seats = w->seats - 1;
            if (down_steps % MAX_DOWN_STEPS == 0 || w->b < 1e-250)
                walk_to(&lower, lower.seats);
            else
                lower.b = wfm_erlang_b_down(w->queue->load, w->seats, w->b);
            if (!walk_met(&lower))
                break;
            *w = lower;
        }
        return true; /* w still holds the answer and its own metrics */
    }
    while (w->seats < w->opts->max_seats) {
        w->seats++;
        w->b = wfm_erlang_b_up(w->queue->load, w->seats, w->b);
        if (walk_met(w))
            return true;
    }
    return false;
}

static int guess_seats(double load, double beta, int max_seats)
{
    double guess = ceil(load + beta * sqrt(load));
    return guess < 0 ? 0 : guess > max_seats ? max_seats : (int)guess;
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
    if (!walk_search(&w, guess_seats(queue.load, *beta, opts->max_seats)))
        return wfm_error_set(err, WFM_EINFEASIBLE, "max_seats",
                             "the target is not met even with max_seats = %d seats (load %.6g Erlangs)",
                             opts->max_seats, queue.load);
    if (queue.load > 0)
        *beta = (w.seats - queue.load) / sqrt(queue.load);
    result->seats = w.seats;
    result->scheduled_seats = scheduled_seats(w.seats, opts->shrinkage);
    result->metrics = w.metrics;
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
