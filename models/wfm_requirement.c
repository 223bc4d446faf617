/* wfm_requirement: load, agents and curve per interval (see
 * wfm_requirement.h). */
#include "models/wfm_requirement.h"

#include <math.h>
#include <stdlib.h>

#include "models/wfm_check.h"
#include "models/wfm_deferred.h"
#include "models/wfm_staffing.h"

void wfm_requirement_opts_init(wfm_requirement_opts *opts)
{
    opts->interval_s = 900;
    opts->answer_rate = 0.95;
    opts->service_level = 0;
    opts->service_level_s = 20;
    opts->shrinkage = 0;
    opts->patience_s = 0;
    opts->deadline_s = 0;
}

wfm_status wfm_requirement_opts_check(const wfm_requirement_opts *o, wfm_error *err)
{
    wfm_status st;
    if ((st = wfm_check_at_least(o->interval_s, 0, false, "interval_s", err)) ||
        (st = wfm_check_at_least(o->answer_rate, 0, false, "answer_rate", err)) ||
        (st = wfm_check_at_least(o->service_level, 0, true, "service_level", err)) ||
        (st = wfm_check_at_least(o->service_level_s, 0, true, "service_level_s", err)) ||
        (st = wfm_check_at_least(o->shrinkage, 0, true, "shrinkage", err)) ||
        (st = wfm_check_at_least(o->deadline_s, 0, true, "deadline_s", err)))
        return st;
    if (o->answer_rate > 1)
        return wfm_error_set(err, WFM_EINVAL, "answer_rate", "answer_rate must be <= 1 (%g)",
                             o->answer_rate);
    if (o->service_level >= 1)
        return wfm_error_set(err, WFM_EINVAL, "service_level", "service_level must be < 1 (%g)",
                             o->service_level);
    if (o->shrinkage > 0.9)
        return wfm_error_set(err, WFM_EINVAL, "shrinkage", "shrinkage must be <= 0.9 (%g)",
                             o->shrinkage);
    if (o->deadline_s == 0)
        return wfm_check_at_least(o->patience_s, 0, false, "patience_s", err);
    return WFM_OK;
}

void wfm_requirement_move_closed(double *values, const unsigned char *open, size_t n)
{
    if (!open)
        return;
    double waiting = 0;
    for (size_t i = 0; i < n; i++) {
        if (!open[i]) {
            waiting += values[i];
            values[i] = 0;
        } else {
            values[i] += waiting;
            waiting = 0;
        }
    }
}

/* One pacing pass from a backlog; the work answered in each interval into
 * load, the backlog left at the end into *end_backlog. */
static wfm_status pace(const double *offered, size_t n, const wfm_deferred_opts *d, double *load,
                       int *seats, double *backlog, double *end_backlog, wfm_error *err)
{
    wfm_status st = wfm_deferred_staff(offered, n, d, seats, backlog, err);
    if (st != WFM_OK)
        return st;
    double before = d->initial_backlog;
    for (size_t i = 0; i < n; i++) {
        load[i] = fmax(0, before + offered[i] - backlog[i]);
        before = backlog[i];
    }
    *end_backlog = n ? backlog[n - 1] : d->initial_backlog;
    return WFM_OK;
}

wfm_status wfm_requirement_load(const double *offered, size_t n, double aht_s,
                                const wfm_requirement_opts *opts, double *load, wfm_error *err)
{
    wfm_status st = wfm_requirement_opts_check(opts, err);
    if (st == WFM_OK)
        st = wfm_check_nonnegative_array(offered, n, "offered", err);
    if (st != WFM_OK)
        return st;
    if (opts->deadline_s == 0) {
        for (size_t i = 0; i < n; i++)
            load[i] = offered[i];
        return WFM_OK;
    }
    wfm_deferred_opts d;
    wfm_deferred_opts_init(&d);
    d.interval_s = opts->interval_s;
    d.aht_s = aht_s;
    d.deadline_s = opts->deadline_s;
    d.within_share = opts->answer_rate;
    int *seats = malloc((n ? n : 1) * sizeof *seats);
    double *backlog = malloc((n ? n : 1) * sizeof *backlog);
    if (!seats || !backlog)
        st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory pacing %zu intervals", n);
    /* The first pass finds the backlog a repeating horizon starts with. */
    if (st == WFM_OK)
        st = pace(offered, n, &d, load, seats, backlog, &d.initial_backlog, err);
    double end;
    if (st == WFM_OK)
        st = pace(offered, n, &d, load, seats, backlog, &end, err);
    free(seats);
    free(backlog);
    return st;
}

static int scheduled(int seats, double shrinkage)
{
    /* wfm_staffing's rounding: the tolerance keeps 19 / 0.95 at 20 */
    return (int)ceil(seats / (1.0 - shrinkage) - 1e-9);
}

static wfm_status live_seats(const double *load, const double *aht_s, size_t n,
                             const wfm_requirement_opts *opts, int *required, wfm_error *err)
{
    wfm_staffing_opts s;
    wfm_staffing_opts_init(&s);
    s.min_answer_rate = opts->answer_rate;
    s.min_service_level = opts->service_level;
    s.shrinkage = opts->shrinkage;
    s.targeted_metrics_only = true;
    wfm_erlang_input *in = malloc((n ? n : 1) * sizeof *in);
    wfm_staffing_result *out = malloc((n ? n : 1) * sizeof *out);
    wfm_status st = in && out ? WFM_OK
                              : wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory staffing");
    for (size_t i = 0; st == WFM_OK && i < n; i++) {
        wfm_erlang_input_init(&in[i]);
        in[i].calls = load[i];
        in[i].interval_s = opts->interval_s;
        in[i].aht_s = load[i] > 0 ? aht_s[i] : 1; /* no calls: any handle time needs 0 seats */
        in[i].patience_s = opts->patience_s;
        in[i].threshold_s = opts->service_level_s;
    }
    if (st == WFM_OK)
        st = wfm_staffing_solve_series(in, n, &s, out, err);
    for (size_t i = 0; st == WFM_OK && i < n; i++)
        required[i] = load[i] > 0 ? out[i].scheduled_seats : 0;
    free(in);
    free(out);
    return st;
}

wfm_status wfm_requirement_seats(const double *load, const double *aht_s, size_t n,
                                 const wfm_requirement_opts *opts, int *required, wfm_error *err)
{
    wfm_status st = wfm_requirement_opts_check(opts, err);
    if (st == WFM_OK)
        st = wfm_check_nonnegative_array(load, n, "load", err);
    if (st != WFM_OK)
        return st;
    if (opts->deadline_s == 0)
        return live_seats(load, aht_s, n, opts, required, err);
    for (size_t i = 0; i < n; i++) {
        if (load[i] > 0 && !(aht_s[i] > 0))
            return wfm_error_set(err, WFM_EINVAL, "aht_s", "interval %zu: aht_s must be > 0 (%g)",
                                 i, aht_s[i]);
        int seats = load[i] > 0 ? (int)ceil(load[i] * aht_s[i] / opts->interval_s - 1e-9) : 0;
        required[i] = scheduled(seats, opts->shrinkage);
    }
    return WFM_OK;
}

/* The on-queue curve at seats 0..max_seats into on_queue. */
static wfm_status on_queue_curve(double load, double aht_s, int max_seats,
                                 const wfm_requirement_opts *opts, double *on_queue,
                                 wfm_error *err)
{
    if (opts->deadline_s > 0) {
        double per_seat = opts->interval_s / aht_s;
        for (int k = 0; k <= max_seats; k++)
            on_queue[k] = fmin(load, k * per_seat);
        return WFM_OK;
    }
    wfm_erlang_input in;
    wfm_erlang_input_init(&in);
    in.calls = load;
    in.interval_s = opts->interval_s;
    in.aht_s = aht_s;
    in.patience_s = opts->patience_s;
    double *abandoned = malloc((size_t)(max_seats + 1) * sizeof *abandoned);
    if (!abandoned)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for a curve");
    wfm_status st = wfm_staffing_curve(&in, max_seats, on_queue, abandoned, err);
    free(abandoned);
    return st;
}

wfm_status wfm_requirement_curve(double load, double aht_s, int max_agents,
                                 const wfm_requirement_opts *opts, double *answered,
                                 wfm_error *err)
{
    wfm_status st = wfm_requirement_opts_check(opts, err);
    if (st == WFM_OK)
        st = wfm_check_at_least(load, 0, true, "load", err);
    if (st == WFM_OK && load > 0)
        st = wfm_check_at_least(aht_s, 0, false, "aht_s", err);
    if (st == WFM_OK && max_agents < 0)
        st = wfm_error_set(err, WFM_EINVAL, "max_agents", "max_agents must be >= 0 (%d)",
                           max_agents);
    if (st != WFM_OK)
        return st;
    if (load == 0) {
        for (int k = 0; k <= max_agents; k++)
            answered[k] = 0;
        return WFM_OK;
    }
    double on_share = 1 - opts->shrinkage;
    int max_seats = (int)ceil(max_agents * on_share) + 1;
    double *on_queue = malloc((size_t)(max_seats + 1) * sizeof *on_queue);
    if (!on_queue)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for a curve");
    st = on_queue_curve(load, aht_s, max_seats, opts, on_queue, err);
    for (int k = 0; st == WFM_OK && k <= max_agents; k++) {
        double seats = k * on_share;
        int whole = (int)floor(seats);
        double part = seats - whole;
        answered[k] = whole >= max_seats ? on_queue[max_seats]
                                         : on_queue[whole] + part * (on_queue[whole + 1] - on_queue[whole]);
    }
    free(on_queue);
    return st;
}

int wfm_requirement_curve_agents(double max_load, double shrinkage)
{
    double seats = max_load + 4 * sqrt(fmax(max_load, 0)) + 3;
    return (int)ceil(seats / (1 - shrinkage) - 1e-9);
}
