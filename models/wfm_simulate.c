/* wfm_simulate: discrete-event replay of a forecast against a staffing plan.
 *
 * Each queue is simulated on its own (queues do not share seats). Per
 * replication the only events are: the next arrival (one pending at a
 * time), call completions (a min-heap holding one time per busy agent) and
 * interval boundaries. Abandonment is handled lazily: a waiting contact
 * carries the time it will hang up, and when an agent takes the head of the
 * FIFO, contacts whose time has passed are counted as abandoned and
 * skipped. Under FIFO this gives exactly the same answered/abandoned
 * outcomes as scheduling an abandonment event per caller, without one.
 * All storage is allocated once per call; nothing is allocated per event. */
#include "models/wfm_simulate.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* Beyond this many expected contacts (over all queues and replications) a
 * request is refused: it would run for minutes. */
#define WFM_SIM_MAX_CONTACTS 2e8

void wfm_sim_opts_init(wfm_sim_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->seed = 1;
    opts->replications = 20;
    opts->warmup_s = 0;
    opts->threshold_s = 20;
    opts->confidence = 0.95;
    opts->handle_dist = WFM_HANDLE_EXPONENTIAL;
    opts->handle_cv = 1.0;
}

void wfm_sim_result_free(wfm_sim_result *result)
{
    if (!result)
        return;
    free(result->total);
    free(result->days);
    free(result->intervals);
    memset(result, 0, sizeof *result);
}

/* ---- validation ---------------------------------------------------------- */

static const char *queue_label(const wfm_sim_queue *q)
{
    return q->name ? q->name : "?";
}

static wfm_status check_queue(const wfm_sim_input *in, size_t qi, double *expected,
                              wfm_error *err)
{
    const wfm_sim_queue *q = &in->queues[qi];
    if (!q->offered || !q->aht_s || !q->seats)
        return wfm_error_set(err, WFM_EINVAL, "queues",
                             "queue %zu (%s): offered, aht_s and seats are required", qi,
                             queue_label(q));
    if (!(q->patience_s >= 0) || !isfinite(q->patience_s))
        return wfm_error_set(err, WFM_EINVAL, "patience_s",
                             "queue %s: patience_s must be >= 0 (%g)", queue_label(q),
                             q->patience_s);
    if (!(q->threshold_s >= 0) || !isfinite(q->threshold_s))
        return wfm_error_set(err, WFM_EINVAL, "threshold_s",
                             "queue %s: threshold_s must be >= 0 (%g)", queue_label(q),
                             q->threshold_s);
    for (size_t i = 0; i < in->n_intervals; i++) {
        if (!(q->offered[i] >= 0) || !isfinite(q->offered[i]))
            return wfm_error_set(err, WFM_EINVAL, "offered",
                                 "queue %s interval %zu: offered must be >= 0 (%g)",
                                 queue_label(q), i, q->offered[i]);
        if (q->offered[i] > 0 && (!(q->aht_s[i] > 0) || !isfinite(q->aht_s[i])))
            return wfm_error_set(err, WFM_EINVAL, "aht_s",
                                 "queue %s interval %zu: aht_s must be > 0 (%g)",
                                 queue_label(q), i, q->aht_s[i]);
        if (q->seats[i] < 0)
            return wfm_error_set(err, WFM_EINVAL, "seats",
                                 "queue %s interval %zu: seats must be >= 0 (%d)",
                                 queue_label(q), i, q->seats[i]);
        *expected += q->offered[i];
    }
    return WFM_OK;
}

static wfm_status check_input(const wfm_sim_input *in, const wfm_sim_opts *o, wfm_error *err)
{
    if (!in || !in->queues || in->n_queues == 0)
        return wfm_error_set(err, WFM_EINVAL, "queues", "at least one queue is required");
    if (in->n_intervals == 0)
        return wfm_error_set(err, WFM_EINVAL, "n_intervals", "at least one interval is required");
    if (!(in->interval_s > 0) || !isfinite(in->interval_s))
        return wfm_error_set(err, WFM_EINVAL, "interval_s", "interval_s must be > 0 (%g)",
                             in->interval_s);
    if (in->intervals_per_day > in->n_intervals)
        return wfm_error_set(err, WFM_EINVAL, "intervals_per_day",
                             "intervals_per_day (%zu) exceeds the number of intervals (%zu)",
                             in->intervals_per_day, in->n_intervals);
    if (o->replications < 1 || o->replications > 100000)
        return wfm_error_set(err, WFM_EINVAL, "replications",
                             "replications must be in 1..100000 (%d)", o->replications);
    if (!(o->warmup_s >= 0) || !isfinite(o->warmup_s))
        return wfm_error_set(err, WFM_EINVAL, "warmup_s", "warmup_s must be >= 0 (%g)",
                             o->warmup_s);
    if (!(o->threshold_s >= 0) || !isfinite(o->threshold_s))
        return wfm_error_set(err, WFM_EINVAL, "threshold_s", "threshold_s must be >= 0 (%g)",
                             o->threshold_s);
    if (!(o->confidence > 0 && o->confidence < 1))
        return wfm_error_set(err, WFM_EINVAL, "confidence",
                             "confidence must be in (0,1) (%g)", o->confidence);
    if (o->handle_dist != WFM_HANDLE_EXPONENTIAL && o->handle_dist != WFM_HANDLE_LOGNORMAL)
        return wfm_error_set(err, WFM_EINVAL, "handle_dist", "unknown handle time distribution (%d)",
                             (int)o->handle_dist);
    if (o->handle_dist == WFM_HANDLE_LOGNORMAL && (!(o->handle_cv > 0) || !isfinite(o->handle_cv)))
        return wfm_error_set(err, WFM_EINVAL, "handle_cv", "handle_cv must be > 0 (%g)",
                             o->handle_cv);
    double expected = 0;
    for (size_t qi = 0; qi < in->n_queues; qi++) {
        wfm_status st = check_queue(in, qi, &expected, err);
        if (st != WFM_OK)
            return st;
    }
    if (expected * o->replications > WFM_SIM_MAX_CONTACTS)
        return wfm_error_set(err, WFM_ETOOBIG, "replications",
                             "%.3g expected contacts x %d replications is above the limit of %.3g",
                             expected, o->replications, WFM_SIM_MAX_CONTACTS);
    return WFM_OK;
}

/* ---- per-replication state ----------------------------------------------- */

/* Raw sums of one interval of one replication. */
typedef struct raw_counts {
    double offered, answered, abandoned, still_waiting;
    double delayed, within_threshold, wait_sum_s;
    double busy_s, seat_s;
} raw_counts;

typedef struct waiting_contact {
    double arrival_s, hangup_s, handle_s; /* hangup_s = INFINITY: never abandons */
    long interval;                        /* bucket; -1 inside the warm-up */
} waiting_contact;

typedef struct sim_state {
    gsl_rng *rng;
    double *busy_until; /* min-heap of completion times, one per busy agent */
    size_t busy, heap_cap;
    waiting_contact *fifo; /* ring buffer */
    size_t head, count, fifo_cap;
    raw_counts *raw;       /* [n_intervals] */
} sim_state;

static void heap_push(sim_state *s, double t)
{
    assert(s->busy < s->heap_cap);
    size_t i = s->busy++;
    while (i > 0 && s->busy_until[(i - 1) / 2] > t) {
        s->busy_until[i] = s->busy_until[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    s->busy_until[i] = t;
}

static void heap_pop(sim_state *s)
{
    double last = s->busy_until[--s->busy];
    size_t i = 0;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= s->busy)
            break;
        if (child + 1 < s->busy && s->busy_until[child + 1] < s->busy_until[child])
            child++;
        if (s->busy_until[child] >= last)
            break;
        s->busy_until[i] = s->busy_until[child];
        i = child;
    }
    if (s->busy > 0)
        s->busy_until[i] = last;
}

static int fifo_push(sim_state *s, waiting_contact c)
{
    if (s->count == s->fifo_cap) {
        size_t cap = s->fifo_cap ? 2 * s->fifo_cap : 1024;
        waiting_contact *grown = malloc(cap * sizeof *grown);
        if (!grown)
            return -1;
        for (size_t k = 0; k < s->count; k++)
            grown[k] = s->fifo[(s->head + k) % s->fifo_cap];
        free(s->fifo);
        s->fifo = grown;
        s->fifo_cap = cap;
        s->head = 0;
    }
    s->fifo[(s->head + s->count) % s->fifo_cap] = c;
    s->count++;
    return 0;
}

static waiting_contact fifo_pop(sim_state *s)
{
    waiting_contact c = s->fifo[s->head];
    s->head = (s->head + 1) % s->fifo_cap;
    s->count--;
    return c;
}

/* Everything one queue's replication needs besides the mutable state. */
typedef struct queue_run {
    const wfm_sim_input *in;
    const wfm_sim_queue *q;
    const wfm_sim_opts *o;
    double threshold_s; /* the queue's own, or the options' */
    double lognormal_zeta, lognormal_sigma;
} queue_run;

static double draw_handle(const queue_run *r, gsl_rng *rng, double mean)
{
    if (r->o->handle_dist == WFM_HANDLE_LOGNORMAL)
        return mean * gsl_ran_lognormal(rng, r->lognormal_zeta, r->lognormal_sigma);
    return gsl_ran_exponential(rng, mean);
}

/* The first arrival in [from, until) at the interval's rate, or INFINITY. */
static double next_arrival(const queue_run *r, gsl_rng *rng, long interval, double from)
{
    double rate_offered = r->q->offered[interval];
    if (rate_offered <= 0)
        return INFINITY;
    double t = from + gsl_ran_exponential(rng, r->in->interval_s / rate_offered);
    return t < (interval + 1) * r->in->interval_s ? t : INFINITY;
}

static void start_service(sim_state *s, const waiting_contact *c, double now, double threshold_s)
{
    heap_push(s, now + c->handle_s);
    if (c->interval < 0)
        return;
    raw_counts *rc = &s->raw[c->interval];
    double wait = now - c->arrival_s;
    rc->answered += 1;
    rc->wait_sum_s += wait;
    if (wait <= threshold_s)
        rc->within_threshold += 1;
}

/* Agents free while seats allow take waiting contacts in FIFO order,
 * discarding those who hung up meanwhile. */
static void serve_waiting(sim_state *s, int seats, double now, double threshold_s)
{
    while (s->count > 0 && s->busy < (size_t)seats) {
        waiting_contact c = fifo_pop(s);
        if (c.hangup_s <= now) {
            if (c.interval >= 0)
                s->raw[c.interval].abandoned += 1;
            continue;
        }
        start_service(s, &c, now, threshold_s);
    }
}

/* Busy and seat time of [from, to) inside interval, clipped to after the
 * warm-up: the denominators of occupancy. */
static void add_agent_time(sim_state *s, const queue_run *r, long interval, int seats,
                           double from, double to)
{
    if (interval >= (long)r->in->n_intervals)
        return;
    if (from < r->o->warmup_s)
        from = r->o->warmup_s;
    if (to <= from)
        return;
    s->raw[interval].busy_s += (double)s->busy * (to - from);
    s->raw[interval].seat_s += (double)seats * (to - from);
}

static int arrive(sim_state *s, const queue_run *r, long interval, int seats, double now)
{
    waiting_contact c;
    c.arrival_s = now;
    c.hangup_s = r->q->patience_s > 0 ? now + gsl_ran_exponential(s->rng, r->q->patience_s)
                                      : INFINITY;
    c.handle_s = draw_handle(r, s->rng, r->q->aht_s[interval]);
    c.interval = now >= r->o->warmup_s ? interval : -1;
    if (c.interval >= 0)
        s->raw[interval].offered += 1;
    if (s->busy < (size_t)seats && s->count == 0) {
        start_service(s, &c, now, r->threshold_s);
        return 0;
    }
    if (c.interval >= 0)
        s->raw[interval].delayed += 1;
    return fifo_push(s, c);
}

/* Contacts left in the queue when no event remains: those with patience
 * would hang up eventually; the rest wait forever. */
static void flush_waiting(sim_state *s)
{
    while (s->count > 0) {
        waiting_contact c = fifo_pop(s);
        if (c.interval < 0)
            continue;
        if (isfinite(c.hangup_s))
            s->raw[c.interval].abandoned += 1;
        else
            s->raw[c.interval].still_waiting += 1;
    }
}

/* One replication of one queue into s->raw. Returns -1 when out of memory. */
static int run_queue(sim_state *s, const queue_run *r)
{
    const size_t n = r->in->n_intervals;
    const double step = r->in->interval_s;
    memset(s->raw, 0, n * sizeof *s->raw);
    s->busy = s->head = s->count = 0;

    long interval = 0;
    int seats = r->q->seats[0];
    double now = 0;
    double arrival = next_arrival(r, s->rng, 0, 0);
    for (;;) {
        double boundary = interval < (long)n ? (interval + 1) * step : INFINITY;
        double completion = s->busy > 0 ? s->busy_until[0] : INFINITY;
        double next = fmin(arrival, fmin(boundary, completion));
        if (isinf(next))
            break;
        add_agent_time(s, r, interval, seats, now, next);
        now = next;
        if (next == completion) {
            heap_pop(s);
            serve_waiting(s, seats, now, r->threshold_s);
        } else if (next == arrival) {
            if (arrive(s, r, interval, seats, now) != 0)
                return -1;
            arrival = next_arrival(r, s->rng, interval, now);
        } else {
            interval++;
            if (interval < (long)n) {
                seats = r->q->seats[interval];
                arrival = next_arrival(r, s->rng, interval, now);
            }
            serve_waiting(s, seats, now, r->threshold_s);
        }
    }
    flush_waiting(s);
    return 0;
}

/* ---- statistics across replications ------------------------------------- */

/* Welford's running mean and sum of squared deviations (Knuth, TAOCP 2,
 * 4.2.2), numerically stable for many replications. */
typedef struct running_stat {
    int n;
    double mean, m2;
} running_stat;

typedef struct bucket_acc {
    raw_counts sum;
    running_stat answer_rate, p_abandon, p_wait, service_level, asa_s, occupancy;
} bucket_acc;

static void running_add(running_stat *st, double numerator, double denominator)
{
    if (!(denominator > 0))
        return;
    double x = numerator / denominator;
    st->n++;
    double delta = x - st->mean;
    st->mean += delta / st->n;
    st->m2 += delta * (x - st->mean);
}

static void raw_add(raw_counts *into, const raw_counts *from)
{
    into->offered += from->offered;
    into->answered += from->answered;
    into->abandoned += from->abandoned;
    into->still_waiting += from->still_waiting;
    into->delayed += from->delayed;
    into->within_threshold += from->within_threshold;
    into->wait_sum_s += from->wait_sum_s;
    into->busy_s += from->busy_s;
    into->seat_s += from->seat_s;
}

static void bucket_add(bucket_acc *b, const raw_counts *rc)
{
    raw_add(&b->sum, rc);
    running_add(&b->answer_rate, rc->answered, rc->offered);
    running_add(&b->p_abandon, rc->abandoned, rc->offered);
    running_add(&b->p_wait, rc->delayed, rc->offered);
    running_add(&b->service_level, rc->within_threshold, rc->offered);
    running_add(&b->asa_s, rc->wait_sum_s, rc->answered);
    running_add(&b->occupancy, rc->busy_s, rc->seat_s);
}

wfm_sim_stat wfm_sim_stat_make(double mean, double sample_sd, int n, double confidence)
{
    wfm_sim_stat out = {mean, mean, mean, n};
    if (n < 2)
        return out;
    double half = gsl_cdf_tdist_Pinv(0.5 + confidence / 2, n - 1) * sample_sd / sqrt(n);
    out.ci_low = mean - half;
    out.ci_high = mean + half;
    return out;
}

static wfm_sim_stat finish_stat(const running_stat *st, double confidence)
{
    double sd = st->n >= 2 ? sqrt(st->m2 / (st->n - 1)) : 0;
    return wfm_sim_stat_make(st->mean, sd, st->n, confidence);
}

static wfm_sim_summary finish_bucket(const bucket_acc *b, int replications, double confidence)
{
    wfm_sim_summary s;
    s.offered = b->sum.offered / replications;
    s.answered = b->sum.answered / replications;
    s.abandoned = b->sum.abandoned / replications;
    s.still_waiting = b->sum.still_waiting / replications;
    s.within_threshold = b->sum.within_threshold / replications;
    s.answer_rate = finish_stat(&b->answer_rate, confidence);
    s.p_abandon = finish_stat(&b->p_abandon, confidence);
    s.p_wait = finish_stat(&b->p_wait, confidence);
    s.service_level = finish_stat(&b->service_level, confidence);
    s.asa_s = finish_stat(&b->asa_s, confidence);
    s.occupancy = finish_stat(&b->occupancy, confidence);
    return s;
}

/* Folds one replication of queue qi into the interval, day and total buckets. */
static void collect_replication(bucket_acc *intervals, bucket_acc *days, bucket_acc *total,
                                const raw_counts *raw, size_t n_intervals, size_t per_day)
{
    raw_counts day = {0}, all = {0};
    for (size_t i = 0; i < n_intervals; i++) {
        bucket_add(&intervals[i], &raw[i]);
        raw_add(&day, &raw[i]);
        raw_add(&all, &raw[i]);
        if ((i + 1) % per_day == 0 || i + 1 == n_intervals) {
            bucket_add(&days[i / per_day], &day);
            memset(&day, 0, sizeof day);
        }
    }
    bucket_add(total, &all);
}

/* ---- driver ------------------------------------------------------------- */

static int max_seats(const wfm_sim_input *in)
{
    int most = 0;
    for (size_t qi = 0; qi < in->n_queues; qi++)
        for (size_t i = 0; i < in->n_intervals; i++)
            if (in->queues[qi].seats[i] > most)
                most = in->queues[qi].seats[i];
    return most;
}

static void state_free(sim_state *s)
{
    if (s->rng)
        gsl_rng_free(s->rng);
    free(s->busy_until);
    free(s->fifo);
    free(s->raw);
}

static wfm_status alloc_all(const wfm_sim_input *in, size_t n_days, sim_state *s,
                            bucket_acc **acc, wfm_sim_result *res, wfm_error *err)
{
    size_t nq = in->n_queues, ni = in->n_intervals;
    s->heap_cap = (size_t)max_seats(in) + 1;
    s->busy_until = malloc(s->heap_cap * sizeof *s->busy_until);
    s->raw = malloc(ni * sizeof *s->raw);
    s->rng = gsl_rng_alloc(gsl_rng_mt19937);
    *acc = calloc(nq * (ni + n_days + 1), sizeof **acc);
    res->total = calloc(nq, sizeof *res->total);
    res->days = calloc(nq * n_days, sizeof *res->days);
    res->intervals = calloc(nq * ni, sizeof *res->intervals);
    if (!s->busy_until || !s->raw || !s->rng || !*acc || !res->total || !res->days ||
        !res->intervals)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the simulation");
    return WFM_OK;
}

wfm_status wfm_simulate(const wfm_sim_input *in, const wfm_sim_opts *opts,
                        wfm_sim_result *res, wfm_error *err)
{
    wfm_sim_opts defaults;
    wfm_sim_opts_init(&defaults);
    const wfm_sim_opts *o = opts ? opts : &defaults;
    memset(res, 0, sizeof *res);
    wfm_status st = check_input(in, o, err);
    if (st != WFM_OK)
        return st;

    size_t nq = in->n_queues, ni = in->n_intervals;
    size_t per_day = in->intervals_per_day ? in->intervals_per_day : ni;
    size_t n_days = (ni + per_day - 1) / per_day;
    sim_state s = {0};
    bucket_acc *acc = NULL;
    st = alloc_all(in, n_days, &s, &acc, res, err);
    bucket_acc *acc_intervals = acc, *acc_days = acc + nq * ni, *acc_total = acc_days + nq * n_days;

    /* Lognormal with mean m and CV c: sigma^2 = ln(1 + c^2), and a
     * location of -sigma^2/2 makes the factor's mean 1. */
    queue_run r = {in, NULL, o, 0, 0, 0};
    r.lognormal_sigma = sqrt(log1p(o->handle_cv * o->handle_cv));
    r.lognormal_zeta = -r.lognormal_sigma * r.lognormal_sigma / 2;

    if (st == WFM_OK)
        gsl_rng_set(s.rng, o->seed);
    for (int rep = 0; st == WFM_OK && rep < o->replications; rep++) {
        for (size_t qi = 0; qi < nq && st == WFM_OK; qi++) {
            r.q = &in->queues[qi];
            r.threshold_s = r.q->threshold_s > 0 ? r.q->threshold_s : o->threshold_s;
            if (run_queue(&s, &r) != 0) {
                st = wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the waiting queue");
                break;
            }
            collect_replication(acc_intervals + qi * ni, acc_days + qi * n_days, acc_total + qi,
                                s.raw, ni, per_day);
        }
    }
    if (st == WFM_OK) {
        res->n_queues = nq;
        res->n_days = n_days;
        res->n_intervals = ni;
        for (size_t b = 0; b < nq * ni; b++)
            res->intervals[b] = finish_bucket(&acc_intervals[b], o->replications, o->confidence);
        for (size_t b = 0; b < nq * n_days; b++)
            res->days[b] = finish_bucket(&acc_days[b], o->replications, o->confidence);
        for (size_t b = 0; b < nq; b++)
            res->total[b] = finish_bucket(&acc_total[b], o->replications, o->confidence);
    } else {
        wfm_sim_result_free(res);
    }
    free(acc);
    state_free(&s);
    return st;
}
