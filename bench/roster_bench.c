/* roster_bench: a one-week roster for a sample-like hotline: ~10,000
 * contacts a day on 5 queues (two phone, three text), 15-minute intervals,
 * 350 agents in four skill groups. Solves it with the seat target and with
 * the daily 95 % answer-rate target and prints time, proven gap, paid hours
 * and the daily answer rate each achieves on the answered-calls curve.
 * With --write-mps FILE it also writes the stage-1 model (seat target, or
 * daily with --only daily; for the CBC comparison in bench/roster.sh).
 *
 * With --simulate, callers behave as the discrete-event check replays them
 * (models/wfm_roster_sim): phone callers abandon after an exponential
 * patience (and the phone curve is Erlang A's, models/wfm_staffing, not
 * Erlang B's), text contacts count when answered within a deadline (their
 * curve: Erlang A with the deadline as mean patience, a concave proxy, in
 * place of the fluid capacity curve, which plans text queues at a load the
 * simulation shows they cannot hold); every
 * roster is then simulated and its simulated rates printed. --equal-rate
 * (implies --simulate) compares the two targets at equal simulated answer
 * rate: after the daily 95 % roster, the seats target's per-interval answer
 * rate is lowered by bisection to the cheapest requirement whose roster
 * still simulates at least the daily roster's worst queue-day rate.
 *
 * The requirement is built here until the sample data and models/ land:
 * phone queues follow a day curve peaking 09-11 and 14-16; the curve is an
 * Erlang B loss curve (answered = offered (1 - B(n, a))) for phone and a
 * capacity curve (answered = min(offered, n * capacity)) for text. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/wfm_staffing.h"
#include "optimizer/wfm_roster.h"
#include "optimizer/wfm_roster_model.h"

enum { DAYS = 7, PER_DAY = 96, QUEUES = 5, AGENTS = 350, MAX_SEATS = 150 };

static int n_days = DAYS; /* --days: a shorter horizon for the daily-target comparison */
static int minimums = 1; /* contract minimum hours (24 h full time, 12 h part time) */
static int simulate;     /* --simulate: Erlang A phone curves, patience and deadlines */

/* How callers behave under --simulate: mean patience of phone callers and
 * the deadline of text contacts, by queue (same order as queue_spec). */
static const struct {
    double patience_s;
    double deadline_s;
} caller_spec[QUEUES] = {{90, 0}, {150, 0}, {0, 1800}, {0, 1800}, {0, 1800}};

static const struct {
    const char *name;
    double per_day;
    double aht_s;
    int phone;
} queue_spec[QUEUES] = {
    {"phone_general", 5600, 240, 1},
    {"phone_complaints", 1400, 360, 1},
    {"sms", 1200, 180, 0},
    {"mailbox", 800, 420, 0},
    {"wechat_weibo", 1000, 240, 0},
};

/* Share of a day's contacts in each hour: low at night, peaks 09-11 and 14-16. */
static double hour_weight(int hour, int phone)
{
    static const double w[24] = {0.6, 0.4, 0.3, 0.3, 0.3, 0.5, 1.0, 2.5, 4.5, 7.5, 7.8, 6.0,
                                 4.5, 5.0, 7.2, 7.4, 6.0, 5.0, 4.0, 3.5, 3.0, 2.4, 1.6, 1.0};
    return phone ? w[hour] : (hour >= 8 && hour < 22 ? 4.0 : 0.8);
}

static double day_factor(int day)
{
    static const double f[7] = {1.15, 1.05, 1.0, 1.0, 1.05, 0.85, 0.8};
    return f[day];
}

static void erlang_b_curve(double offered, double load, double *curve)
{
    double b = 1;
    curve[0] = 0;
    for (int k = 1; k <= MAX_SEATS; k++) {
        b = load * b / (k + load * b);
        curve[k] = offered * (1 - b);
    }
}

static void capacity_curve(double offered, double per_seat, double *curve)
{
    for (int k = 0; k <= MAX_SEATS; k++)
        curve[k] = fmin(offered, k * per_seat);
}

typedef struct center {
    wfm_roster_input in;
    double required[QUEUES * DAYS * PER_DAY];
    double offered[QUEUES * DAYS * PER_DAY];
    double *answered;
    wfm_shift_template templates[3];
    wfm_roster_agent agents[AGENTS];
} center;

/* Erlang A (M/M/n+M) answered-calls curve from models/ for --simulate. */
static void erlang_a_curve(double offered, double aht_s, double patience_s, double *curve)
{
    wfm_erlang_input in;
    wfm_erlang_input_init(&in);
    in.calls = offered;
    in.aht_s = aht_s;
    in.patience_s = patience_s;
    double abandoned[MAX_SEATS + 1];
    wfm_error err;
    if (wfm_staffing_curve(&in, MAX_SEATS, curve, abandoned, &err) != WFM_OK) {
        fprintf(stderr, "roster_bench: %s\n", err.message);
        exit(1);
    }
}

/* The classic requirement: in every interval the fewest seats whose curve
 * answers `rate` of the interval's offered calls. */
static void set_requirement(center *c, double rate)
{
    for (int slot = 0; slot < QUEUES * n_days * PER_DAY; slot++) {
        const double *curve = c->answered + (size_t)slot * (MAX_SEATS + 1);
        int n = 0;
        while (n < MAX_SEATS && curve[n] < rate * c->offered[slot])
            n++;
        c->required[slot] = n;
    }
}

static void build_demand(center *c)
{
    double total_w[2] = {0, 0};
    for (int h = 0; h < 24; h++)
        for (int p = 0; p < 2; p++)
            total_w[p] += hour_weight(h, p);
    for (int q = 0; q < QUEUES; q++)
        for (int d = 0; d < n_days; d++)
            for (int i = 0; i < PER_DAY; i++) {
                int slot = wfm_roster_slot(&c->in, q, d, i), phone = queue_spec[q].phone;
                double calls = queue_spec[q].per_day * day_factor(d) * hour_weight(i / 4, phone) /
                               total_w[phone] / 4;
                double *curve = c->answered + (size_t)slot * (MAX_SEATS + 1);
                c->offered[slot] = calls;
                if (simulate) /* text: Erlang A with the deadline as patience, a concave
                                 proxy for "answered within the deadline" */
                    erlang_a_curve(calls, queue_spec[q].aht_s,
                                   phone ? caller_spec[q].patience_s : caller_spec[q].deadline_s,
                                   curve);
                else if (phone)
                    erlang_b_curve(calls, calls * queue_spec[q].aht_s / 900.0, curve);
                else
                    capacity_curve(calls, 900.0 / queue_spec[q].aht_s, curve);
            }
    set_requirement(c, 0.95); /* classic: 95 % answered in every interval */
}

static void build_templates(center *c)
{
    wfm_shift_template *t = c->templates;
    t[0] = (wfm_shift_template){.name = "full_8h", .start_earliest_min = 0, .start_latest_min = 1410,
                                .start_step_min = 60, .length_min = 510, .n_breaks = 2};
    t[0].breaks[0] = (wfm_roster_break){.length_min = 30, .paid = 0, .earliest_min = 180, .latest_min = 300};
    t[0].breaks[1] = (wfm_roster_break){.length_min = 15, .paid = 1, .earliest_min = 360, .latest_min = 420};
    t[1] = (wfm_shift_template){.name = "part_6h", .start_earliest_min = 360, .start_latest_min = 1080,
                                .start_step_min = 60, .length_min = 360, .n_breaks = 1};
    t[1].breaks[0] = (wfm_roster_break){.length_min = 15, .paid = 1, .earliest_min = 150, .latest_min = 210};
    t[2] = (wfm_shift_template){.name = "part_4h", .start_earliest_min = 420, .start_latest_min = 1080,
                                .start_step_min = 60, .length_min = 240, .weekdays = 0x1f};
}

static void build_agents(center *c)
{
    for (int a = 0; a < AGENTS; a++) {
        wfm_roster_agent *ag = &c->agents[a];
        wfm_roster_agent_init(ag);
        snprintf(ag->id, sizeof ag->id, "agent%03d", a);
        ag->skills = a < 150 ? 0x1u : a < 230 ? 0x3u : a < 290 ? 0x1cu : 0x1du;
        int part_time = a % 5 == 4;
        /* --no-minimums: paid hours then show what each target needs. */
        ag->min_week_hours = minimums ? (part_time ? 12 : 24) : 0;
        ag->max_week_hours = part_time ? 24 : 40;
        if (a % 23 == 0)
            ag->time_off[2] = ag->time_off[3] = 1;
    }
}

static center *center_new(void)
{
    center *c = calloc(1, sizeof *c);
    c->answered = calloc((size_t)QUEUES * DAYS * PER_DAY * (MAX_SEATS + 1), sizeof(double));
    c->in = (wfm_roster_input){.n_days = n_days, .intervals_per_day = PER_DAY, .first_weekday = 0,
                               .n_queues = QUEUES, .required = c->required, .offered = c->offered,
                               .answered = c->answered, .curve_max_seats = MAX_SEATS,
                               .n_templates = 3, .templates = c->templates,
                               .n_agents = AGENTS, .agents = c->agents};
    for (int q = 0; q < QUEUES; q++) {
        snprintf(c->in.queues[q].name, sizeof c->in.queues[q].name, "%s", queue_spec[q].name);
        c->in.queues[q].aht_s = queue_spec[q].aht_s;
        if (simulate) {
            c->in.queues[q].patience_s = caller_spec[q].patience_s;
            c->in.queues[q].deadline_s = caller_spec[q].deadline_s;
        }
    }
    build_demand(c);
    build_templates(c);
    build_agents(c);
    return c;
}

/* The mean over queues and days of the daily answer rate, offered-weighted. */
static double overall_rate(const center *c, const wfm_roster_result *r)
{
    double answered = 0, offered = 0;
    for (int k = 0; k < QUEUES * n_days * PER_DAY; k++) {
        answered += r->answered[k];
        offered += c->offered[k];
    }
    return answered / offered;
}

static double worst_day_rate(const wfm_roster_result *r)
{
    double worst = 1;
    for (int k = 0; k < QUEUES * n_days; k++)
        if (r->day_answer_rate[k] >= 0 && r->day_answer_rate[k] < worst)
            worst = r->day_answer_rate[k];
    return worst;
}

static int verbose;

/* What a solve gave: paid hours and, when simulated, the worst queue-day
 * and the worst day of all queues together (mean and 95 % interval). */
typedef struct outcome {
    double paid_hours;
    int simulated;
    wfm_sim_stat worst_queue_day, worst_day;
} outcome;

static wfm_sim_stat worst_of(const wfm_roster_sim_day *days, int n)
{
    wfm_sim_stat worst = {2, 2, 2, 0};
    for (int k = 0; k < n; k++)
        if (days[k].answer_rate.n > 0 && days[k].answer_rate.mean < worst.mean)
            worst = days[k].answer_rate;
    return worst;
}

static void print_simulated(const char *label, const wfm_roster_result *r, outcome *out)
{
    const wfm_roster_sim_result *sim = &r->sim;
    out->simulated = 1;
    out->worst_queue_day = worst_of(sim->days, QUEUES * n_days);
    out->worst_day = worst_of(sim->all_days, n_days);
    printf("%s: simulated (%d replications) horizon=%.4f [%.4f, %.4f] worst_day=%.4f "
           "[%.4f, %.4f] worst_queue_day=%.4f [%.4f, %.4f]\n",
           label, sim->replications, sim->horizon.answer_rate.mean, sim->horizon.answer_rate.ci_low,
           sim->horizon.answer_rate.ci_high, out->worst_day.mean, out->worst_day.ci_low,
           out->worst_day.ci_high, out->worst_queue_day.mean, out->worst_queue_day.ci_low,
           out->worst_queue_day.ci_high);
    for (int q = 0; q < QUEUES; q++) {
        wfm_sim_stat w = worst_of(sim->days + q * n_days, n_days);
        double predicted = 1;
        for (int d = 0; d < n_days; d++)
            if (r->day_answer_rate[q * n_days + d] >= 0)
                predicted = fmin(predicted, r->day_answer_rate[q * n_days + d]);
        printf("%s:   %-16s worst day simulated=%.4f [%.4f, %.4f] predicted=%.4f\n", label,
               queue_spec[q].name, w.mean, w.ci_low, w.ci_high, predicted);
    }
}

/* --phases: when each phase of the solve begins, with the incumbent and
 * bound then (stderr), and the longest silence between reports. */
typedef struct phase_log {
    const char *phase;
    double last_s, longest_silence_s;
} phase_log;

static int log_phase(void *cookie, const wfm_roster_progress *p)
{
    phase_log *log = cookie;
    if (!log->phase || strcmp(log->phase, p->phase))
        fprintf(stderr, "  %6.1f s  %-8s incumbent=%.2f best_bound=%.2f gap=%.4f\n", p->elapsed_s,
                p->phase, p->incumbent, p->best_bound, p->gap);
    log->phase = p->phase;
    log->longest_silence_s = fmax(log->longest_silence_s, p->elapsed_s - log->last_s);
    log->last_s = p->elapsed_s;
    return WFM_ROSTER_GO_ON;
}

static int phases;

static int run(const center *c, wfm_roster_target target, double time_limit, const char *label,
               outcome *out)
{
    wfm_roster_opts o;
    wfm_roster_opts_init(&o);
    o.verbose = verbose;
    o.target = target;
    o.time_limit_s = time_limit;
    phase_log log = {0};
    if (phases) {
        o.progress = log_phase;
        o.progress_cookie = &log;
    }
    wfm_roster_result r;
    wfm_error err;
    memset(out, 0, sizeof *out);
    clock_t cpu = clock();
    if (wfm_roster_solve(&c->in, &o, &r, &err)) {
        fprintf(stderr, "roster_bench: %s: %s\n", label, err.message);
        wfm_roster_result_free(&r);
        return 1;
    }
    /* CPU seconds beside wall seconds: on a shared machine the time limit
     * (wall clock) buys less work than on an idle one. */
    printf("%s: cpu_seconds=%.1f\n", label, (double)(clock() - cpu) / CLOCKS_PER_SEC);
    printf("%s: seconds=%.1f plan_objective=%.2f best_bound=%.2f plan_gap=%.4f "
           "roster_objective=%.2f roster_gap=%.4f decomposition_loss=%.4f time_limit_hit=%d\n",
           label, r.solve_seconds, r.plan_objective, r.best_bound, r.plan_gap, r.objective,
           r.gap, r.decomposition_loss, r.time_limit_hit);
    printf("%s: shifts=%d unstaffed=%d paid_hours=%.1f answer_rate_week=%.4f "
           "worst_queue_day_rate=%.4f shortfalls=%d agents_below_min_hours=%d\n",
           label, r.n_shifts, r.unstaffed_shifts, r.paid_hours, overall_rate(c, &r),
           worst_day_rate(&r), r.n_shortfalls, r.agents_below_min_hours);
    if (r.sim.days) {
        print_simulated(label, &r, out);
        /* The simulation again, timed: wfm_roster_solve does not time it. */
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        wfm_status st = wfm_roster_simulate(&c->in, &o, &r, &err);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        printf("%s: simulation of %d days x %d queues x %d intervals x %d replications: %.2f s%s\n",
               label, n_days, QUEUES, PER_DAY, r.sim.replications,
               (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
               st ? " (failed)" : "");
    }
    out->paid_hours = r.paid_hours;
    if (phases)
        printf("%s: longest_silence_s=%.2f\n", label, log.longest_silence_s);
    wfm_roster_result_free(&r);
    return 0;
}

/* One seats-target roster of the equal-rate search. */
typedef struct trial {
    double p; /* per-interval answer rate of its requirement */
    outcome o;
} trial;

static const wfm_sim_stat *criterion(const outcome *o, int pooled)
{
    return pooled ? &o->worst_day : &o->worst_queue_day;
}

/* Among the trials, the cheapest that simulates at least the daily
 * roster's rate (above) and the dearest cheaper one that does not (below);
 * the hours at exactly the daily rate are interpolated between them. */
static void report_equal(const trial *trials, int n, const outcome *daily, int pooled)
{
    const char *what = pooled ? "worst day, all queues" : "worst queue-day";
    double wanted = criterion(daily, pooled)->mean;
    const trial *above = NULL, *below = NULL;
    for (int k = 0; k < n; k++)
        if (criterion(&trials[k].o, pooled)->mean >= wanted &&
            (!above || trials[k].o.paid_hours < above->o.paid_hours))
            above = &trials[k];
    if (!above) {
        printf("equal-rate (%s): no seats roster reaches the daily roster's %.4f\n", what, wanted);
        return;
    }
    for (int k = 0; k < n; k++)
        if (criterion(&trials[k].o, pooled)->mean < wanted &&
            trials[k].o.paid_hours <= above->o.paid_hours &&
            (!below || trials[k].o.paid_hours > below->o.paid_hours))
            below = &trials[k];
    const wfm_sim_stat *a = criterion(&above->o, pooled), *d = criterion(daily, pooled);
    double hours = above->o.paid_hours;
    if (below && a->mean > criterion(&below->o, pooled)->mean) {
        const wfm_sim_stat *b = criterion(&below->o, pooled);
        hours = below->o.paid_hours +
                (above->o.paid_hours - below->o.paid_hours) * (wanted - b->mean) / (a->mean - b->mean);
    }
    printf("equal-rate (%s): daily95 %.1f h at %.4f [%.4f, %.4f]; seats p=%.4f %.1f h at %.4f "
           "[%.4f, %.4f]", what, daily->paid_hours, d->mean, d->ci_low, d->ci_high, above->p,
           above->o.paid_hours, a->mean, a->ci_low, a->ci_high);
    if (below)
        printf("; seats p=%.4f %.1f h at %.4f", below->p, below->o.paid_hours,
               criterion(&below->o, pooled)->mean);
    printf("\npaid hours at equal simulated answer rate (%s), daily95 vs seats: %.1f vs %.1f "
           "(saving %.1f %%)\n", what, daily->paid_hours, hours,
           100 * (hours - daily->paid_hours) / hours);
}

/* The seats target at equal simulated answer rate: bisection on the
 * per-interval answer rate p of the classic requirement (from 0.95, the
 * classic roster already solved, down to 0.80) for the cheapest
 * requirement whose roster's simulated worst queue-day rate still reaches
 * the daily roster's; then the saving is reported against both the worst
 * queue-day and the worst day of all queues together. */
static int equal_rate(center *c, double time_limit, int steps, const outcome *daily,
                      const outcome *classic)
{
    double wanted = daily->worst_queue_day.mean, low = 0.80, high = 0.95;
    trial trials[1 + 32] = {{0.95, *classic}};
    int n = 1;
    for (int step = 0; step < steps && step < 32; step++, n++) {
        double p = (low + high) / 2;
        char label[32];
        snprintf(label, sizeof label, "seats@%.4f", p);
        set_requirement(c, p);
        trials[n].p = p;
        if (run(c, WFM_ROSTER_TARGET_SEATS, time_limit, label, &trials[n].o))
            return 1;
        if (trials[n].o.worst_queue_day.mean >= wanted)
            high = p;
        else
            low = p;
    }
    set_requirement(c, 0.95);
    report_equal(trials, n, daily, 0);
    report_equal(trials, n, daily, 1);
    return 0;
}

static int write_mps(const center *c, wfm_roster_target target, const char *path)
{
    wfm_roster_opts o;
    wfm_roster_opts_init(&o);
    o.target = target;
    wfm_roster_model m;
    wfm_error err;
    if (wfm_roster_model_build(&c->in, &o, &m, &err)) {
        fprintf(stderr, "roster_bench: %s\n", err.message);
        return 1;
    }
    int rc = glp_write_mps(m.lp, GLP_MPS_DECK, NULL, path);
    printf("mps: %s rows=%d cols=%d integer=%d\n", path, glp_get_num_rows(m.lp),
           glp_get_num_cols(m.lp), glp_get_num_int(m.lp));
    wfm_roster_model_free(&m);
    return rc != 0;
}

int main(int argc, char **argv)
{
    double time_limit = 60;
    const char *mps = NULL, *only = NULL;
    int equal = 0, bisections = 6;
    for (int k = 1; k < argc; k++) {
        if (!strcmp(argv[k], "--time-limit") && k + 1 < argc)
            time_limit = atof(argv[++k]);
        else if (!strcmp(argv[k], "--write-mps") && k + 1 < argc)
            mps = argv[++k];
        else if (!strcmp(argv[k], "--days") && k + 1 < argc)
            n_days = atoi(argv[++k]) >= 1 && atoi(argv[k]) <= DAYS ? atoi(argv[k]) : DAYS;
        else if (!strcmp(argv[k], "--no-minimums"))
            minimums = 0;
        else if (!strcmp(argv[k], "--verbose"))
            verbose = 1;
        else if (!strcmp(argv[k], "--phases"))
            phases = 1;
        else if (!strcmp(argv[k], "--only") && k + 1 < argc)
            only = argv[++k];
        else if (!strcmp(argv[k], "--simulate"))
            simulate = 1;
        else if (!strcmp(argv[k], "--equal-rate"))
            simulate = equal = 1;
        else if (!strcmp(argv[k], "--bisections") && k + 1 < argc)
            bisections = atoi(argv[++k]) > 0 ? atoi(argv[k]) : 1;
        else {
            fprintf(stderr, "usage: roster_bench [--time-limit S] [--write-mps FILE] "
                            "[--only seats|daily] [--days N] [--no-minimums] [--simulate] "
                            "[--equal-rate [--bisections N]] [--verbose] [--phases]\n");
            return 2;
        }
    }
    center *c = center_new();
    double offered = 0;
    for (int k = 0; k < QUEUES * n_days * PER_DAY; k++)
        offered += c->offered[k];
    printf("center: days=%d intervals=%d queues=%d agents=%d contacts_per_day=%.0f\n", n_days,
           PER_DAY, QUEUES, AGENTS, offered / n_days);
    int rc = mps ? write_mps(c, only && !strcmp(only, "daily") ? WFM_ROSTER_TARGET_DAILY_ANSWER_RATE
                                                               : WFM_ROSTER_TARGET_SEATS, mps)
                 : 0;
    outcome seats = {0}, daily = {0};
    if (!rc && (!only || !strcmp(only, "seats")))
        rc = run(c, WFM_ROSTER_TARGET_SEATS, time_limit, "seats", &seats);
    if (!rc && (!only || !strcmp(only, "daily")))
        rc = run(c, WFM_ROSTER_TARGET_DAILY_ANSWER_RATE, time_limit, "daily95", &daily);
    if (!rc && !only)
        printf("paid hours daily95 vs seats: %.1f vs %.1f (saving %.1f %%)\n", daily.paid_hours,
               seats.paid_hours, 100 * (seats.paid_hours - daily.paid_hours) / seats.paid_hours);
    if (!rc && !only && equal)
        rc = equal_rate(c, time_limit, bisections, &daily, &seats);
    free(c->answered);
    free(c);
    return rc;
}
