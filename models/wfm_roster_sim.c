/* wfm_roster_sim: a roster's seats replayed by wfm_simulate, one
 * replication per call so that every replication's day counts are at hand
 * for the pooled (all-queue) rates and their intervals. */
#include "models/wfm_roster_sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define WFM_ROSTER_SIM_MAX_REPLICATIONS 1000
#define WFM_ROSTER_SIM_MAX_SEATS 100000

void wfm_roster_sim_opts_init(wfm_roster_sim_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->seed = 1;
    opts->replications = 10;
    opts->confidence = 0.95;
    opts->handle_dist = WFM_HANDLE_EXPONENTIAL;
    opts->handle_cv = 1.0;
}

void wfm_roster_sim_result_free(wfm_roster_sim_result *result)
{
    if (!result)
        return;
    free(result->days);
    free(result->all_days);
    free(result->seats);
    memset(result, 0, sizeof *result);
}

void wfm_roster_sim_round_seats(const double *seats, size_t n, int *out)
{
    double total = 0;
    long rounded_before = 0;
    for (size_t i = 0; i < n; i++) {
        total += seats[i] > 0 ? seats[i] : 0;
        long rounded = lround(total);
        out[i] = (int)(rounded - rounded_before);
        rounded_before = rounded;
    }
}

/* ---- validation ---------------------------------------------------------- */

static const char *label(const wfm_roster_sim_queue *q)
{
    return q->name ? q->name : "?";
}

static wfm_status check_queue(const wfm_roster_sim_queue *q, size_t n, wfm_error *err)
{
    if (!q->offered || !q->seats)
        return wfm_error_set(err, WFM_EINVAL, "queues", "queue %s: offered and seats are required",
                             label(q));
    if (!(q->aht_s >= 0) || !isfinite(q->aht_s))
        return wfm_error_set(err, WFM_EINVAL, "aht_s", "queue %s: aht_s must be > 0 (%g)", label(q),
                             q->aht_s);
    if (!(q->deadline_s >= 0) || !isfinite(q->deadline_s))
        return wfm_error_set(err, WFM_EINVAL, "deadline_s", "queue %s: deadline_s must be >= 0 (%g)",
                             label(q), q->deadline_s);
    for (size_t i = 0; i < n; i++)
        if (!(q->seats[i] >= 0) || !isfinite(q->seats[i]) || q->seats[i] > WFM_ROSTER_SIM_MAX_SEATS)
            return wfm_error_set(err, WFM_EINVAL, "seats",
                                 "queue %s interval %zu: seats must be in 0..%d (%g)", label(q), i,
                                 WFM_ROSTER_SIM_MAX_SEATS, q->seats[i]);
    return WFM_OK; /* offered, aht_s per interval and patience: wfm_simulate checks them */
}

static wfm_status check_input(const wfm_roster_sim_input *in, const wfm_roster_sim_opts *o,
                              wfm_error *err)
{
    if (!in || !in->queues || in->n_queues == 0)
        return wfm_error_set(err, WFM_EINVAL, "queues", "at least one queue is required");
    if (in->n_days < 1 || in->intervals_per_day < 1)
        return wfm_error_set(err, WFM_EINVAL, "n_days",
                             "n_days (%d) and intervals_per_day (%d) must be >= 1", in->n_days,
                             in->intervals_per_day);
    if (o->replications < 1 || o->replications > WFM_ROSTER_SIM_MAX_REPLICATIONS)
        return wfm_error_set(err, WFM_EINVAL, "replications", "replications must be in 1..%d (%d)",
                             WFM_ROSTER_SIM_MAX_REPLICATIONS, o->replications);
    size_t n = (size_t)in->n_days * in->intervals_per_day;
    for (size_t q = 0; q < in->n_queues; q++) {
        wfm_status st = check_queue(&in->queues[q], n, err);
        if (st != WFM_OK)
            return st;
    }
    return WFM_OK;
}

/* ---- the plan handed to wfm_simulate -------------------------------------- */

typedef struct sim_plan {
    wfm_sim_queue *queues;
    double *aht;  /* [queue][interval] */
    int *seats;   /* [queue][interval], handed to the result */
    wfm_sim_input input;
} sim_plan;

static wfm_status plan_build(const wfm_roster_sim_input *in, sim_plan *p, wfm_error *err)
{
    size_t n = (size_t)in->n_days * in->intervals_per_day, nq = in->n_queues;
    p->queues = calloc(nq, sizeof *p->queues);
    p->aht = malloc(nq * n * sizeof *p->aht);
    p->seats = malloc(nq * n * sizeof *p->seats);
    if (!p->queues || !p->aht || !p->seats)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the roster simulation");
    for (size_t q = 0; q < nq; q++) {
        const wfm_roster_sim_queue *rq = &in->queues[q];
        double *aht = p->aht + q * n;
        int *seats = p->seats + q * n;
        for (size_t i = 0; i < n; i++)
            aht[i] = rq->aht_s;
        wfm_roster_sim_round_seats(rq->seats, n, seats);
        int deferred = rq->deadline_s > 0;
        p->queues[q] = (wfm_sim_queue){rq->name, rq->offered, aht, seats,
                                       deferred ? 0 : rq->patience_s, deferred ? rq->deadline_s : 0};
    }
    p->input = (wfm_sim_input){p->queues, nq, n, (size_t)in->intervals_per_day, in->interval_s};
    return WFM_OK;
}

static void plan_free(sim_plan *p)
{
    free(p->queues);
    free(p->aht);
    free(p->seats);
}

/* ---- statistics over replications ----------------------------------------- */

/* Buckets: queue-days, then all-queue days, then the horizon. Counts are
 * summed over replications; rates kept per replication (NAN: nothing
 * offered) for the interval. */
typedef struct tally {
    size_t n_buckets;
    int replications;
    wfm_roster_sim_day *sums;
    double *rates; /* [bucket * replications + rep] */
} tally;

static void tally_add(tally *t, size_t bucket, int rep, const wfm_roster_sim_day *counts)
{
    wfm_roster_sim_day *s = &t->sums[bucket];
    s->offered += counts->offered;
    s->answered += counts->answered;
    s->abandoned += counts->abandoned;
    s->answered_in_time += counts->answered_in_time;
    t->rates[bucket * t->replications + rep] =
        counts->offered > 0 ? counts->answered_in_time / counts->offered : NAN;
}

static void counts_add(wfm_roster_sim_day *into, const wfm_roster_sim_day *from)
{
    into->offered += from->offered;
    into->answered += from->answered;
    into->abandoned += from->abandoned;
    into->answered_in_time += from->answered_in_time;
}

/* Folds one replication (result of a one-replication wfm_simulate) in. */
static void tally_replication(tally *t, const wfm_roster_sim_input *in, const wfm_sim_result *one,
                              int rep)
{
    size_t nq = in->n_queues, nd = (size_t)in->n_days;
    wfm_roster_sim_day horizon = {0};
    for (size_t d = 0; d < nd; d++) {
        wfm_roster_sim_day all = {0};
        for (size_t q = 0; q < nq; q++) {
            const wfm_sim_summary *s = &one->days[q * nd + d];
            wfm_roster_sim_day c = {s->offered, s->answered, s->abandoned,
                                    in->queues[q].deadline_s > 0 ? s->within_threshold : s->answered,
                                    {0, 0, 0, 0}};
            tally_add(t, q * nd + d, rep, &c);
            counts_add(&all, &c);
        }
        tally_add(t, nq * nd + d, rep, &all);
        counts_add(&horizon, &all);
    }
    tally_add(t, nq * nd + nd, rep, &horizon);
}

static wfm_roster_sim_day tally_finish(const tally *t, size_t bucket, double confidence)
{
    wfm_roster_sim_day out = t->sums[bucket];
    out.offered /= t->replications;
    out.answered /= t->replications;
    out.abandoned /= t->replications;
    out.answered_in_time /= t->replications;
    const double *rates = t->rates + bucket * t->replications;
    double sum = 0, squares = 0;
    int n = 0;
    for (int k = 0; k < t->replications; k++)
        if (!isnan(rates[k])) {
            sum += rates[k];
            n++;
        }
    double mean = n ? sum / n : -1;
    for (int k = 0; k < t->replications; k++)
        if (!isnan(rates[k]))
            squares += (rates[k] - mean) * (rates[k] - mean);
    out.answer_rate = wfm_sim_stat_make(mean, n > 1 ? sqrt(squares / (n - 1)) : 0, n, confidence);
    if (n > 0) { /* a rate lies in [0, 1]; the t interval may not */
        out.answer_rate.ci_low = fmax(out.answer_rate.ci_low, 0);
        out.answer_rate.ci_high = fmin(out.answer_rate.ci_high, 1);
    }
    return out;
}

/* ---- driver ------------------------------------------------------------- */

static wfm_status replicate(const wfm_roster_sim_input *in, const wfm_roster_sim_opts *o,
                            const sim_plan *plan, tally *t, wfm_error *err)
{
    wfm_sim_opts one;
    wfm_sim_opts_init(&one);
    one.replications = 1;
    one.confidence = o->confidence;
    one.handle_dist = o->handle_dist;
    one.handle_cv = o->handle_cv;
    for (int rep = 0; rep < o->replications; rep++) {
        wfm_sim_result res;
        one.seed = o->seed + (unsigned long)rep;
        wfm_status st = wfm_simulate(&plan->input, &one, &res, err);
        if (st != WFM_OK)
            return st;
        tally_replication(t, in, &res, rep);
        wfm_sim_result_free(&res);
    }
    return WFM_OK;
}

static wfm_status finish(const wfm_roster_sim_input *in, const wfm_roster_sim_opts *o,
                         const tally *t, wfm_roster_sim_result *res, wfm_error *err)
{
    size_t nq = in->n_queues, nd = (size_t)in->n_days;
    res->days = malloc(nq * nd * sizeof *res->days);
    res->all_days = malloc(nd * sizeof *res->all_days);
    if (!res->days || !res->all_days)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the roster simulation");
    for (size_t b = 0; b < nq * nd; b++)
        res->days[b] = tally_finish(t, b, o->confidence);
    for (size_t d = 0; d < nd; d++)
        res->all_days[d] = tally_finish(t, nq * nd + d, o->confidence);
    res->horizon = tally_finish(t, nq * nd + nd, o->confidence);
    res->n_queues = nq;
    res->n_days = in->n_days;
    res->replications = o->replications;
    res->confidence = o->confidence;
    return WFM_OK;
}

wfm_status wfm_roster_sim_run(const wfm_roster_sim_input *in, const wfm_roster_sim_opts *opts,
                              wfm_roster_sim_result *res, wfm_error *err)
{
    wfm_roster_sim_opts defaults;
    wfm_roster_sim_opts_init(&defaults);
    const wfm_roster_sim_opts *o = opts ? opts : &defaults;
    memset(res, 0, sizeof *res);
    wfm_status st = check_input(in, o, err);
    if (st != WFM_OK)
        return st;
    sim_plan plan = {0};
    size_t n_buckets = in->n_queues * in->n_days + in->n_days + 1;
    tally t = {n_buckets, o->replications, calloc(n_buckets, sizeof *t.sums),
               malloc(n_buckets * o->replications * sizeof *t.rates)};
    st = t.sums && t.rates ? plan_build(in, &plan, err)
                           : wfm_error_set(err, WFM_ENOMEM, NULL,
                                           "out of memory for the roster simulation");
    if (st == WFM_OK)
        st = replicate(in, o, &plan, &t, err);
    if (st == WFM_OK)
        st = finish(in, o, &t, res, err);
    if (st == WFM_OK) {
        res->seats = plan.seats;
        plan.seats = NULL;
    } else {
        wfm_roster_sim_result_free(res);
    }
    plan_free(&plan);
    free(t.sums);
    free(t.rates);
    return st;
}
