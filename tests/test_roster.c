/* Specification of optimizer/wfm_roster: optimal small plans derived by
 * hand, every labor rule held by the named roster, breaks inside their
 * windows, shortfalls listed instead of "infeasible", the day-level target
 * saving paid hours at the same daily answer rate, the time limit, progress
 * reports and stop requests, contract minimums met where the rules allow,
 * and bad input named. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <time.h>
#include <cmocka.h>

#include "core/wfm_clock.h"
#include "optimizer/wfm_roster.h"

/* A test instance owning its arrays. */
typedef struct instance {
    wfm_roster_input in;
    double *required, *offered, *answered;
    wfm_shift_template templates[4];
    wfm_roster_agent agents[64];
} instance;

static instance *instance_new(int n_days, int per_day, int n_queues, int n_agents, int max_seats)
{
    instance *x = calloc(1, sizeof *x);
    size_t slots = (size_t)n_days * per_day * n_queues;
    x->required = calloc(slots, sizeof(double));
    x->offered = calloc(slots, sizeof(double));
    x->answered = calloc(slots * (max_seats + 1), sizeof(double));
    x->in = (wfm_roster_input){.n_days = n_days, .intervals_per_day = per_day, .n_queues = n_queues,
                               .required = x->required, .offered = x->offered,
                               .answered = x->answered, .curve_max_seats = max_seats,
                               .templates = x->templates, .agents = x->agents,
                               .n_agents = n_agents, .n_templates = 1};
    for (int q = 0; q < n_queues; q++) {
        snprintf(x->in.queues[q].name, sizeof x->in.queues[q].name, "q%d", q);
        x->in.queues[q].aht_s = 300;
    }
    for (int a = 0; a < n_agents; a++) {
        wfm_roster_agent_init(&x->agents[a]);
        snprintf(x->agents[a].id, sizeof x->agents[a].id, "a%d", a);
        x->agents[a].skills = (1u << n_queues) - 1;
    }
    return x;
}

static void instance_free(instance *x)
{
    free(x->required);
    free(x->offered);
    free(x->answered);
    free(x);
}

static wfm_shift_template plain_template(const char *name, int earliest, int latest, int step, int length)
{
    wfm_shift_template t = {.start_earliest_min = earliest, .start_latest_min = latest,
                            .start_step_min = step, .length_min = length};
    snprintf(t.name, sizeof t.name, "%s", name);
    return t;
}

/* 1 day of 24 hourly intervals: 2 seats 08-12, 1 seat 12-16, 4-hour shifts
 * starting on the hour. By hand: 2 shifts at 08 and 1 at 12 cover it exactly,
 * 12 paid hours, and no cover can do with less (seat-hours needed = 12). */
static void covering_optimum_found_by_hand(void **state)
{
    (void)state;
    instance *x = instance_new(1, 24, 1, 3, 4);
    x->templates[0] = plain_template("four", 0, 20 * 60, 60, 240);
    for (int h = 8; h < 12; h++)
        x->required[h] = 2;
    for (int h = 12; h < 16; h++)
        x->required[h] = 1;
    wfm_roster_opts o;
    wfm_roster_opts_init(&o);
    o.mip_gap = 0;
    wfm_roster_result r;
    wfm_error err;
    assert_int_equal(wfm_roster_solve(&x->in, &o, &r, &err), WFM_OK);
    assert_int_equal(r.n_shifts, 3);
    assert_float_equal(r.paid_hours, 12, 1e-9);
    assert_float_equal(r.objective, 12, 1e-6);
    assert_float_equal(r.gap, 0, 1e-9);
    assert_int_equal(r.n_shortfalls, 0);
    int at8 = 0, at12 = 0;
    for (int k = 0; k < r.n_shifts; k++) {
        at8 += r.shifts[k].start_min == 8 * 60;
        at12 += r.shifts[k].start_min == 12 * 60;
    }
    assert_int_equal(at8, 2);
    assert_int_equal(at12, 1);
    for (int h = 0; h < 24; h++)
        assert_true(r.seats[h] >= x->required[h] - 1e-6);
    wfm_roster_result_free(&r);
    instance_free(x);
}

/* With 2 agents and 3 seats required 09-11, the roster still comes back,
 * listing both intervals 1 seat short. */
static void shortfall_listed_when_agents_are_too_few(void **state)
{
    (void)state;
    instance *x = instance_new(1, 24, 1, 2, 4);
    x->templates[0] = plain_template("four", 0, 20 * 60, 60, 240);
    x->required[9] = x->required[10] = 3;
    wfm_roster_opts o;
    wfm_roster_opts_init(&o);
    wfm_roster_result r;
    wfm_error err;
    assert_int_equal(wfm_roster_solve(&x->in, &o, &r, &err), WFM_OK);
    assert_int_equal(r.n_shifts, 2);
    assert_int_equal(r.n_shortfalls, 2);
    for (int k = 0; k < r.n_shortfalls; k++) {
        assert_true(r.shortfalls[k].interval == 9 || r.shortfalls[k].interval == 10);
        assert_float_equal(r.shortfalls[k].needed, 3, 1e-9);
        assert_float_equal(r.shortfalls[k].staffed, 2, 1e-6);
        assert_float_equal(r.shortfalls[k].short_by, 1, 1e-6);
    }
    wfm_roster_result_free(&r);
    instance_free(x);
}

/* An 8-hour shift with a 30-minute unpaid lunch 3-5 h in and a paid
 * 15-minute break 6-7 h in; 15-minute grid. */
static wfm_shift_template eight_with_breaks(void)
{
    wfm_shift_template t = plain_template("eight", 0, 23 * 60 + 45, 30, 480);
    t.n_breaks = 2;
    t.breaks[0] = (wfm_roster_break){.length_min = 30, .paid = 0, .earliest_min = 180, .latest_min = 300};
    t.breaks[1] = (wfm_roster_break){.length_min = 15, .paid = 1, .earliest_min = 360, .latest_min = 420};
    return t;
}

static void breaks_fall_inside_their_windows(void **state)
{
    (void)state;
    instance *x = instance_new(1, 96, 1, 6, 8);
    x->templates[0] = eight_with_breaks();
    for (int i = 32; i < 72; i++) /* 08:00-18:00, 3 seats */
        x->required[i] = 3;
    wfm_roster_opts o;
    wfm_roster_opts_init(&o);
    wfm_roster_result r;
    wfm_error err;
    assert_int_equal(wfm_roster_solve(&x->in, &o, &r, &err), WFM_OK);
    assert_true(r.n_shifts > 0);
    for (int k = 0; k < r.n_shifts; k++) {
        const wfm_roster_shift *s = &r.shifts[k];
        assert_int_equal(s->n_breaks, 2);
        assert_int_equal(s->paid_min, 450);
        for (int j = 0; j < 2; j++) {
            int into = s->break_start_min[j] - s->start_min;
            assert_true(into >= x->templates[0].breaks[j].earliest_min);
            assert_true(into <= x->templates[0].breaks[j].latest_min);
            assert_int_equal(s->break_length_min[j], x->templates[0].breaks[j].length_min);
        }
    }
    /* Staggered breaks: the working agents, minus those on break, cover the requirement. */
    for (int i = 0; i < 96; i++) {
        double working = 0;
        for (int k = 0; k < r.n_shifts; k++) {
            const wfm_roster_shift *s = &r.shifts[k];
            int t0 = i * 15, on = t0 >= s->start_min && t0 < s->end_min;
            for (int j = 0; j < s->n_breaks; j++)
                on &= !(t0 >= s->break_start_min[j] && t0 < s->break_start_min[j] + s->break_length_min[j]);
            working += on;
        }
        if (x->required[i] > 0)
            assert_float_equal(working, r.seats[i], 1e-6);
    }
    assert_int_equal(r.n_shortfalls, 0);
    wfm_roster_result_free(&r);
    instance_free(x);
}

/* ---- labor rules over two weeks ---------------------------------------- */

static void check_labor_rules(const instance *x, const wfm_roster_result *r)
{
    const wfm_roster_input *in = &x->in;
    for (int k = 0; k < r->n_shifts; k++) {
        const wfm_roster_shift *s = &r->shifts[k];
        const wfm_roster_agent *a = &in->agents[s->agent];
        assert_false(a->time_off[s->day]);
        assert_true(s->start_min >= a->avail_start_min && s->end_min <= a->avail_end_min);
        if (k > 0 && r->shifts[k - 1].agent == s->agent) {
            const wfm_roster_shift *p = &r->shifts[k - 1];
            assert_true(p->day < s->day); /* one shift a day */
            int rest = s->day * 1440 + s->start_min - (p->day * 1440 + p->end_min);
            assert_true(rest >= a->min_rest_min);
        }
    }
    for (int a = 0; a < in->n_agents; a++) {
        const wfm_roster_agent *ag = &in->agents[a];
        int worked[WFM_ROSTER_MAX_DAYS] = {0};
        double hours[4] = {0};
        for (int k = 0; k < r->n_shifts; k++)
            if (r->shifts[k].agent == a) {
                worked[r->shifts[k].day] = 1;
                hours[r->shifts[k].day / 7] += r->shifts[k].paid_min / 60.0;
            }
        int run = 0;
        for (int d = 0; d < in->n_days; d++) {
            run = worked[d] ? run + 1 : 0;
            assert_true(run <= ag->max_consecutive_days);
        }
        for (int w = 0; w * 7 < in->n_days; w++) {
            int days = 0;
            for (int d = 7 * w; d < 7 * w + 7 && d < in->n_days; d++)
                days += worked[d];
            assert_true(days <= 7 - ag->days_off_per_week);
            assert_true(hours[w] <= ag->max_week_hours + 1e-9);
        }
        for (int k = 0; k < r->n_shifts; k++) /* skills: the agent's group takes only its queues */
            if (r->shifts[k].agent == a)
                assert_true(ag->skills != 0);
    }
}

static void every_labor_rule_holds_over_two_weeks(void **state)
{
    (void)state;
    int n_agents = 24;
    instance *x = instance_new(14, 48, 2, n_agents, 8);
    x->in.n_templates = 2;
    x->templates[0] = plain_template("day8", 6 * 60, 14 * 60, 60, 480);
    x->templates[0].n_breaks = 1;
    x->templates[0].breaks[0] = (wfm_roster_break){.length_min = 30, .earliest_min = 180, .latest_min = 300};
    x->templates[1] = plain_template("night8", 22 * 60, 22 * 60, 60, 480);
    for (int q = 0; q < 2; q++)
        for (int d = 0; d < 14; d++)
            for (int i = 0; i < 48; i++) /* busier in the day, quieter at night, queue 1 smaller */
                x->required[wfm_roster_slot(&x->in, q, d, i)] =
                    (i >= 16 && i < 40 ? 3 : 1) - q * (i < 16 || i >= 40);
    for (int a = 0; a < n_agents; a++) {
        wfm_roster_agent *ag = &x->agents[a];
        ag->skills = a % 3 == 0 ? 2u : a % 3 == 1 ? 1u : 3u;
        ag->max_week_hours = a % 4 == 0 ? 24 : 40;
        ag->max_consecutive_days = a % 2 ? 4 : 5;
        ag->days_off_per_week = 2;
        if (a % 5 == 0)
            ag->time_off[3] = ag->time_off[4] = 1;
        if (a % 6 == 1)
            ag->avail_start_min = 6 * 60, ag->avail_end_min = 20 * 60;
        ag->preferred_template = a % 7 == 0 ? 1 : -1;
    }
    wfm_roster_opts o;
    wfm_roster_opts_init(&o);
    o.time_limit_s = 2;
    o.mip_gap = 0.02;
    wfm_roster_result r;
    wfm_error err;
    assert_int_equal(wfm_roster_solve(&x->in, &o, &r, &err), WFM_OK);
    assert_true(r.n_shifts > 50);
    check_labor_rules(x, &r);
    assert_true(r.gap >= 0 && r.gap < 1);
    assert_true(r.best_bound <= r.objective + 1e-6);
    wfm_roster_result_free(&r);
    instance_free(x);
}

/* ---- day-level target -------------------------------------------------- */

/* Independent reference curve: a loss system, answered(n) = offered (1 - B(n, a))
 * with Erlang B by the recursion B(0)=1, B(k)=aB(k-1)/(k+aB(k-1)); concave in n. */
static void erlang_b_curve(double offered, double load, int max_seats, double *curve)
{
    double b = 1;
    curve[0] = 0;
    for (int k = 1; k <= max_seats; k++) {
        b = load * b / (k + load * b);
        curve[k] = offered * (1 - b);
    }
}

static double day_rate_from_curve(const instance *x, const wfm_roster_result *r, int d)
{
    double answered = 0, offered = 0;
    int n = x->in.curve_max_seats;
    for (int i = 0; i < x->in.intervals_per_day; i++) {
        int slot = wfm_roster_slot(&x->in, 0, d, i);
        int seats = (int)floor(r->seats[slot] + 1e-6);
        seats = seats > n ? n : seats;
        answered += x->answered[(size_t)slot * (n + 1) + seats];
        offered += x->offered[slot];
    }
    return answered / offered;
}

static void daily_target_saves_paid_hours_at_same_answer_rate(void **state)
{
    (void)state;
    int max_seats = 20;
    instance *x = instance_new(1, 24, 1, 60, max_seats);
    x->templates[0] = plain_template("four", 0, 20 * 60, 60, 240);
    for (int h = 6; h < 22; h++) { /* calls in an hour; AHT 360 s */
        double calls = h >= 9 && h < 12 ? 80 : h >= 14 && h < 17 ? 60 : 25;
        x->offered[h] = calls;
        erlang_b_curve(calls, calls * 360 / 3600.0, max_seats, x->answered + (size_t)h * (max_seats + 1));
        int n = 0; /* the classic requirement: 95 % in every interval */
        while (x->answered[(size_t)h * (max_seats + 1) + n] < 0.95 * calls)
            n++;
        x->required[h] = n;
    }
    wfm_roster_opts o;
    wfm_roster_opts_init(&o);
    o.mip_gap = 0;
    wfm_roster_result classic, daily;
    wfm_error err;
    assert_int_equal(wfm_roster_solve(&x->in, &o, &classic, &err), WFM_OK);
    o.target = WFM_ROSTER_TARGET_DAILY_ANSWER_RATE;
    o.interval_floor = 0.80;
    assert_int_equal(wfm_roster_solve(&x->in, &o, &daily, &err), WFM_OK);
    double rate_classic = day_rate_from_curve(x, &classic, 0);
    double rate_daily = day_rate_from_curve(x, &daily, 0);
    assert_true(rate_classic >= 0.95);
    assert_true(rate_daily >= 0.95 - 1e-9);
    assert_int_equal(daily.n_shortfalls, 0);
    assert_true(daily.paid_hours < classic.paid_hours);
    assert_float_equal(daily.day_answer_rate[0], rate_daily, 1e-6);
    for (int k = 0; k < 24; k++) /* seats are counts: no simplex round-off below zero */
        assert_true(classic.seats[k] >= 0 && daily.seats[k] >= 0);
    wfm_roster_result_free(&classic);
    wfm_roster_result_free(&daily);
    instance_free(x);
}

/* A week of 15-minute intervals, one queue, 2-7 seats, 60 agents: enough
 * for GLPK to work a while. */
static instance *busy_week(void)
{
    instance *x = instance_new(7, 96, 1, 60, 8);
    x->templates[0] = eight_with_breaks();
    for (int d = 0; d < 7; d++)
        for (int i = 0; i < 96; i++)
            x->required[wfm_roster_slot(&x->in, 0, d, i)] = 2 + (i * 7 + d * 3) % 11 / 2;
    return x;
}

/* A tight time limit still gives a roster with a proven gap. */
static void time_limit_returns_roster_with_gap(void **state)
{
    (void)state;
    instance *x = busy_week();
    wfm_roster_opts o;
    wfm_roster_opts_init(&o);
    o.time_limit_s = 1;
    o.mip_gap = 0;
    wfm_roster_result r;
    wfm_error err;
    assert_int_equal(wfm_roster_solve(&x->in, &o, &r, &err), WFM_OK);
    assert_true(r.n_shifts > 0);
    assert_true(isfinite(r.gap) && r.gap >= 0 && r.gap < 1);
    assert_true(r.best_bound > 0 && r.best_bound <= r.plan_objective + 1e-6);
    wfm_roster_result_free(&r);
    instance_free(x);
}

/* ---- progress and stop ------------------------------------------------------ */

static const char *const phase_order[] = {"lp", "dive", "mip", "breaks", "assign", "evaluate"};

/* What a progress callback saw, and when it asks to stop. */
typedef struct watcher {
    const char *stop_in; /* phase from which on to ask, NULL never */
    int ask;             /* WFM_ROSTER_STOP or WFM_ROSTER_CANCEL */
    int calls, last_phase;
    double last_elapsed;
    int seen[6];
    double bound_in_dive;
} watcher;

static int phase_index(const char *phase)
{
    for (int k = 0; k < 6; k++)
        if (!strcmp(phase, phase_order[k]))
            return k;
    fail_msg("unknown phase '%s'", phase);
    return -1;
}

static int watch(void *cookie, const wfm_roster_progress *p)
{
    watcher *w = cookie;
    int k = phase_index(p->phase);
    assert_true(k >= w->last_phase); /* phases come in order */
    assert_true(p->elapsed_s >= w->last_elapsed);
    assert_true(isnan(p->gap) || p->gap >= 0);
    if (k == 1)
        w->bound_in_dive = p->best_bound;
    w->calls++, w->last_phase = k, w->last_elapsed = p->elapsed_s, w->seen[k] = 1;
    return w->stop_in && k >= phase_index(w->stop_in) ? w->ask : WFM_ROSTER_GO_ON;
}

static wfm_status solve_watched(const instance *x, watcher *w, wfm_roster_result *r, wfm_error *err)
{
    wfm_roster_opts o;
    wfm_roster_opts_init(&o);
    o.time_limit_s = 2;
    o.progress = watch;
    o.progress_cookie = w;
    return wfm_roster_solve(&x->in, &o, r, err);
}

static void progress_reports_every_phase_in_order(void **state)
{
    (void)state;
    instance *x = busy_week();
    watcher w = {0};
    wfm_roster_result r;
    wfm_error err;
    assert_int_equal(solve_watched(x, &w, &r, &err), WFM_OK);
    for (int k = 0; k < 6; k++)
        if (k != 2) /* branch and bound is skipped when the dive leaves it no time */
            assert_true(w.seen[k]);
    assert_float_equal(w.bound_in_dive, r.best_bound, 1e-6 * r.best_bound + 1e-6);
    assert_false(r.stopped_early);
    wfm_roster_result_free(&r);
    instance_free(x);
}

/* Cancelled before any plan exists, or while the roster is evaluated: no
 * roster, WFM_ECANCELLED. */
static void a_cancel_gives_no_roster(void **state)
{
    (void)state;
    instance *x = busy_week();
    const char *when[] = {"lp", "dive", "evaluate"};
    for (int k = 0; k < 3; k++) {
        watcher w = {.stop_in = when[k], .ask = WFM_ROSTER_CANCEL};
        wfm_roster_result r;
        wfm_error err;
        assert_int_equal(solve_watched(x, &w, &r, &err), WFM_ECANCELLED);
        assert_string_equal(wfm_status_name(err.status), "cancelled");
        assert_int_equal(r.n_shifts, 0);
        assert_int_equal(w.last_phase, phase_index(when[k]));
        wfm_roster_result_free(&r);
    }
    instance_free(x);
}

/* Threads of this process (/proc/self/task). */
static int thread_count(void)
{
    DIR *dir = opendir("/proc/self/task");
    int n = 0;
    for (struct dirent *e; dir && (e = readdir(dir));)
        n += e->d_name[0] != '.';
    if (dir)
        closedir(dir);
    return n;
}

static int cancel_in_interior(void *cookie, const wfm_roster_progress *p)
{
    double *asked = cookie;
    if (strcmp(p->phase, "lp") || p->elapsed_s < 0.2)
        return WFM_ROSTER_GO_ON;
    if (*asked == 0)
        *asked = wfm_clock_now_s();
    return WFM_ROSTER_CANCEL;
}

/* The daily target's relaxation runs GLPK's interior-point method on a
 * thread of its own: a cancel during it comes back at once, and that
 * thread gives up at its next iteration rather than running to the end. */
/* Days of two queues for the daily target: four weeks take the interior
 * point 2-3 s. */
static instance *busy_days(int n_days)
{
    instance *x = instance_new(n_days, 96, 2, 40, 30);
    x->templates[0] = eight_with_breaks();
    for (int q = 0; q < 2; q++)
        for (int d = 0; d < n_days; d++)
            for (int i = 0; i < 96; i++) {
                int slot = wfm_roster_slot(&x->in, q, d, i);
                x->offered[slot] = 10 + 5 * q + (i > 32 && i < 80 ? 20 : 0);
                double *curve = x->answered + (size_t)slot * 31;
                for (int n = 1; n <= 30; n++) /* concave: each seat answers 3 calls less */
                    curve[n] = fmin(x->offered[slot], curve[n - 1] + fmax(0, 12 - 0.5 * n));
            }
    return x;
}

/* The interior-point models have no branch and bound: the limit counts as
 * hit when the dive had to round against it, not otherwise. */
static void a_limit_the_relaxation_overran_is_reported(void **state)
{
    (void)state;
    instance *x = busy_days(3);
    wfm_roster_opts o;
    wfm_roster_opts_init(&o);
    o.target = WFM_ROSTER_TARGET_DAILY_ANSWER_RATE;
    o.time_limit_s = 0.05;
    wfm_roster_result r;
    wfm_error err;
    assert_int_equal(wfm_roster_solve(&x->in, &o, &r, &err), WFM_OK);
    assert_int_equal(r.time_limit_hit, 1);
    assert_true(r.n_shifts > 0 && isfinite(r.gap) && r.gap >= 0);
    wfm_roster_result_free(&r);
    instance_free(x);

    x = instance_new(1, 24, 1, 4, 20); /* solved in milliseconds */
    x->templates[0] = plain_template("four", 0, 20 * 60, 60, 240);
    for (int h = 6; h < 22; h++) {
        x->offered[h] = 20;
        erlang_b_curve(20, 2, 20, x->answered + (size_t)h * 21);
    }
    o.time_limit_s = 30;
    assert_int_equal(wfm_roster_solve(&x->in, &o, &r, &err), WFM_OK);
    assert_int_equal(r.time_limit_hit, 0);
    assert_true(r.n_shifts > 0);
    wfm_roster_result_free(&r);
    instance_free(x);
}

static void a_cancel_stops_the_interior_point_solve(void **state)
{
    (void)state;
    instance *x = busy_days(28);
    int before = thread_count();
    double asked = 0;
    wfm_roster_opts o;
    wfm_roster_opts_init(&o);
    o.target = WFM_ROSTER_TARGET_DAILY_ANSWER_RATE;
    o.progress = cancel_in_interior;
    o.progress_cookie = &asked;
    wfm_roster_result r;
    wfm_error err;
    assert_int_equal(wfm_roster_solve(&x->in, &o, &r, &err), WFM_ECANCELLED);
    double returned = wfm_clock_now_s();
    assert_true(asked > 0);
    assert_true(returned - asked < 1.0);
    /* The solving thread is gone within a second (left alone, it would run
     * on for 2-3 s). */
    while (thread_count() > before && wfm_clock_now_s() - returned < 1.0) {
        struct timespec pause = {.tv_nsec = 20 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    assert_int_equal(thread_count(), before);
    wfm_roster_result_free(&r);
    instance_free(x);
}

/* Stopped once the first plan exists: the roster comes back from it, flagged,
 * with a proven gap and every seat it reports really staffed. */
static void a_stop_after_the_first_plan_returns_that_roster(void **state)
{
    (void)state;
    instance *x = busy_week();
    watcher w = {.stop_in = "mip", .ask = WFM_ROSTER_STOP};
    wfm_roster_result r;
    wfm_error err;
    assert_int_equal(solve_watched(x, &w, &r, &err), WFM_OK);
    assert_true(r.stopped_early);
    assert_true(r.n_shifts > 0);
    assert_true(w.seen[5]); /* it still assigned and evaluated */
    assert_true(r.best_bound > 0 && r.best_bound <= r.objective + 1e-6);
    assert_true(isfinite(r.gap) && r.gap >= 0 && r.gap < 1);
    watcher never = {.stop_in = "dive", .ask = WFM_ROSTER_STOP}; /* no plan yet: nothing to return */
    wfm_roster_result none;
    assert_int_equal(solve_watched(x, &never, &none, &err), WFM_ECANCELLED);
    wfm_roster_result_free(&none);
    wfm_roster_result_free(&r);
    instance_free(x);
}

/* ---- contract minimums ----------------------------------------------------- */

/* A week of hourly intervals; one seat 09-17 on the given days; one
 * 8-hour template starting at 09:00 (so every shift covers all of it). */
static instance *nine_to_five(int n_agents, const int *busy_days, int n_busy)
{
    instance *x = instance_new(7, 24, 1, n_agents, 2);
    x->templates[0] = plain_template("nine", 9 * 60, 9 * 60, 60, 480);
    for (int k = 0; k < n_busy; k++)
        for (int h = 9; h < 17; h++)
            x->required[wfm_roster_slot(&x->in, 0, busy_days[k], h)] = 1;
    return x;
}

/* Solves with the default options; the roster must keep every labor rule. */
static void solve_by_the_rules(const instance *x, wfm_roster_result *r)
{
    wfm_roster_opts o;
    wfm_roster_opts_init(&o);
    wfm_error err;
    assert_int_equal(wfm_roster_solve(&x->in, &o, r, &err), WFM_OK);
    check_labor_rules(x, r);
}

static double agent_hours(const wfm_roster_result *r, int agent)
{
    double hours = 0;
    for (int k = 0; k < r->n_shifts; k++)
        hours += r->shifts[k].agent == agent ? r->shifts[k].paid_min / 60.0 : 0;
    return hours;
}

/* Two shifts of work and two agents: "a" must have 16 h, "b" need have none
 * but prefers the template (which the assignment weighs first). The
 * cheapest roster gives "a" both shifts: 16 paid hours, nobody below. */
static void a_minimum_is_met_with_shifts_a_colleague_can_spare(void **state)
{
    (void)state;
    int days[] = {0, 1};
    instance *x = nine_to_five(2, days, 2);
    x->agents[0].min_week_hours = 16;
    x->agents[1].preferred_template = 0;
    wfm_roster_result r;
    solve_by_the_rules(x, &r);
    assert_float_equal(agent_hours(&r, 0), 16, 1e-9);
    assert_int_equal(r.agents_below_min_hours, 0);
    assert_float_equal(r.paid_hours, 16, 1e-9);
    assert_float_equal(r.objective, 16, 1e-6);
    assert_int_equal(r.n_shortfalls, 0);
    wfm_roster_result_free(&r);
    instance_free(x);
}

/* One seat on day 0, two on day 1. "a" may work one day a week and
 * prefers the template, "b" two days. A pass over the days in order gives
 * day 0 to "a" (preferred, and as urgent), which leaves day 1 one agent
 * short; the assignment MIP sees the week at once: "b" works both days,
 * "a" day 1, nothing unstaffed, nothing short. */
static void the_assignment_sees_the_whole_week(void **state)
{
    (void)state;
    int days[] = {0, 1};
    instance *x = nine_to_five(2, days, 2);
    for (int h = 9; h < 17; h++)
        x->required[wfm_roster_slot(&x->in, 0, 1, h)] = 2;
    x->agents[0].days_off_per_week = 6;
    x->agents[0].preferred_template = 0;
    x->agents[1].days_off_per_week = 5;
    wfm_roster_result r;
    solve_by_the_rules(x, &r);
    assert_int_equal(r.unstaffed_shifts, 0);
    assert_int_equal(r.n_shortfalls, 0);
    assert_int_equal(r.n_shifts, 3);
    assert_float_equal(r.objective, 24, 1e-6);
    int day_of_a = -1, days_of_b = 0;
    for (int k = 0; k < r.n_shifts; k++) {
        if (r.shifts[k].agent == 0)
            day_of_a = r.shifts[k].day;
        else
            days_of_b |= 1 << r.shifts[k].day;
    }
    assert_int_equal(day_of_a, 1);
    assert_int_equal(days_of_b, 3);
    wfm_roster_result_free(&r);
    instance_free(x);
}

/* One agent, a late shift wanted on day 0 (16-24) and an early one on day
 * 1 (06-14): 6 hours apart, under the 11-hour rest, so one agent works one
 * of them. The plan knows it (the rest rows of stage 1): its bound is the
 * roster's, nothing planned goes unstaffed, and the other shift's hours
 * are listed short. */
static void the_plan_sees_the_rest_rule(void **state)
{
    (void)state;
    instance *x = instance_new(2, 24, 1, 1, 2);
    x->in.n_templates = 2;
    x->templates[0] = plain_template("late", 16 * 60, 16 * 60, 60, 480);
    x->templates[1] = plain_template("early", 6 * 60, 6 * 60, 60, 480);
    for (int h = 16; h < 24; h++)
        x->required[wfm_roster_slot(&x->in, 0, 0, h)] = 1;
    for (int h = 6; h < 14; h++)
        x->required[wfm_roster_slot(&x->in, 0, 1, h)] = 1;
    wfm_roster_result r;
    solve_by_the_rules(x, &r);
    assert_int_equal(r.n_shifts, 1);
    assert_int_equal(r.unstaffed_shifts, 0);
    assert_float_equal(r.objective, 8 + 20 * 8, 1e-6); /* 8 paid hours, 8 seat-hours short */
    assert_float_equal(r.decomposition_loss, 0, 1e-9);
    assert_true(r.gap < 1e-6);
    assert_int_equal(r.n_shortfalls, 8);
    wfm_roster_result_free(&r);
    instance_free(x);
}

/* "a" is off on the two busy days, so the plan's two shifts go to "b"; "a"'s
 * minimum, 16 h less a seventh for each day off (16 x 5/7 = 11.4 h), needs
 * two more 8-hour shifts on other days. */
static void a_minimum_no_colleague_can_help_gets_extra_shifts(void **state)
{
    (void)state;
    int days[] = {0, 1};
    instance *x = nine_to_five(2, days, 2);
    x->agents[0].min_week_hours = 16;
    x->agents[0].time_off[0] = x->agents[0].time_off[1] = 1;
    wfm_roster_result r;
    solve_by_the_rules(x, &r);
    assert_float_equal(agent_hours(&r, 0), 16, 1e-9);
    assert_float_equal(agent_hours(&r, 1), 16, 1e-9);
    assert_int_equal(r.agents_below_min_hours, 0);
    assert_int_equal(r.n_shortfalls, 0);
    wfm_roster_result_free(&r);
    instance_free(x);
}

/* "a" may work two days a week and must have 16 h; the work is five 4-hour
 * mornings, which "b" prefers. Two days of the 4-hour shifts give "a" 8 h
 * only: they must become 8-hour shifts. */
static void a_minimum_is_met_with_longer_shifts_when_the_days_are_used_up(void **state)
{
    (void)state;
    int days[] = {0, 1, 2, 3, 4};
    instance *x = nine_to_five(2, days, 5);
    x->in.n_templates = 2;
    x->templates[1] = plain_template("four", 9 * 60, 9 * 60, 60, 240);
    for (int d = 0; d < 5; d++)
        for (int h = 13; h < 17; h++) /* the mornings only */
            x->required[wfm_roster_slot(&x->in, 0, d, h)] = 0;
    x->agents[0].min_week_hours = 16;
    x->agents[0].days_off_per_week = 5;
    x->agents[1].preferred_template = 1;
    wfm_roster_result r;
    solve_by_the_rules(x, &r);
    assert_true(agent_hours(&r, 0) >= 16 - 1e-9);
    assert_int_equal(r.agents_below_min_hours, 0);
    assert_int_equal(r.n_shortfalls, 0);
    wfm_roster_result_free(&r);
    instance_free(x);
}

/* 40 h are out of reach with 5 days off a week and 8-hour shifts: the agent
 * gets the two days the rules allow and is reported below the minimum. */
static void a_minimum_out_of_reach_is_reported(void **state)
{
    (void)state;
    int days[] = {2};
    instance *x = nine_to_five(1, days, 1);
    x->agents[0].min_week_hours = 40;
    x->agents[0].days_off_per_week = 5;
    wfm_roster_result r;
    solve_by_the_rules(x, &r);
    assert_int_equal(r.n_shifts, 2);
    assert_int_equal(r.agents_below_min_hours, 1);
    wfm_roster_result_free(&r);
    instance_free(x);
}

/* ---- bad input ------------------------------------------------------------- */

static void expect_invalid(instance *x, const char *field)
{
    wfm_roster_opts o;
    wfm_roster_opts_init(&o);
    wfm_roster_result r;
    wfm_error err;
    assert_int_equal(wfm_roster_solve(&x->in, &o, &r, &err), WFM_EINVAL);
    assert_string_equal(err.field, field);
    wfm_roster_result_free(&r);
}

static void bad_input_is_named(void **state)
{
    (void)state;
    instance *x = instance_new(1, 24, 1, 2, 4);
    x->templates[0] = plain_template("zero", 0, 60, 60, 0);
    expect_invalid(x, "length_min");
    x->templates[0] = plain_template("four", 0, 60, 60, 240);
    x->agents[1].max_week_hours = -5;
    expect_invalid(x, "min_week_hours");
    x->agents[1].max_week_hours = 40;
    x->agents[0].skills = 1u << 3; /* queue 3 does not exist */
    expect_invalid(x, "skills");
    x->agents[0].skills = 1;
    x->required[5] = -1;
    expect_invalid(x, "required");
    x->required[5] = 0;
    x->templates[0].n_breaks = 1;
    x->templates[0].breaks[0] = (wfm_roster_break){.length_min = 60, .earliest_min = 180, .latest_min = 240};
    expect_invalid(x, "breaks.latest_min");
    instance_free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(covering_optimum_found_by_hand),
        cmocka_unit_test(shortfall_listed_when_agents_are_too_few),
        cmocka_unit_test(breaks_fall_inside_their_windows),
        cmocka_unit_test(every_labor_rule_holds_over_two_weeks),
        cmocka_unit_test(daily_target_saves_paid_hours_at_same_answer_rate),
        cmocka_unit_test(time_limit_returns_roster_with_gap),
        cmocka_unit_test(progress_reports_every_phase_in_order),
        cmocka_unit_test(a_cancel_gives_no_roster),
        cmocka_unit_test(a_cancel_stops_the_interior_point_solve),
        cmocka_unit_test(a_limit_the_relaxation_overran_is_reported),
        cmocka_unit_test(a_stop_after_the_first_plan_returns_that_roster),
        cmocka_unit_test(a_minimum_is_met_with_shifts_a_colleague_can_spare),
        cmocka_unit_test(a_minimum_no_colleague_can_help_gets_extra_shifts),
        cmocka_unit_test(the_assignment_sees_the_whole_week),
        cmocka_unit_test(the_plan_sees_the_rest_rule),
        cmocka_unit_test(a_minimum_is_met_with_longer_shifts_when_the_days_are_used_up),
        cmocka_unit_test(a_minimum_out_of_reach_is_reported),
        cmocka_unit_test(bad_input_is_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
