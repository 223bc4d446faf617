/* wfm_roster_check: validation of roster inputs and options, every message
 * naming the field and the value to fix. */
#include "optimizer/wfm_roster.h"

#include <math.h>
#include <stddef.h>

static int on_grid(int minutes, int interval_min)
{
    return minutes % interval_min == 0;
}

static wfm_status check_break(const wfm_shift_template *t, int j, int interval_min, wfm_error *err)
{
    const wfm_roster_break *b = &t->breaks[j];
    if (b->length_min <= 0)
        return wfm_error_set(err, WFM_EINVAL, "breaks.length_min",
                             "template '%s': break %d length_min must be > 0 (%d)", t->name, j,
                             b->length_min);
    if (b->earliest_min < 0 || b->latest_min < b->earliest_min ||
        !on_grid(b->earliest_min, interval_min) || !on_grid(b->latest_min, interval_min))
        return wfm_error_set(err, WFM_EINVAL, "breaks.earliest_min",
                             "template '%s': break %d window [%d, %d] must be ordered, >= 0 and on "
                             "the %d-minute grid", t->name, j, b->earliest_min, b->latest_min,
                             interval_min);
    if (b->latest_min + b->length_min > t->length_min)
        return wfm_error_set(err, WFM_EINVAL, "breaks.latest_min",
                             "template '%s': break %d may end at %d, after the shift (%d min)",
                             t->name, j, b->latest_min + b->length_min, t->length_min);
    if (j > 0 && t->breaks[j - 1].latest_min + t->breaks[j - 1].length_min > b->earliest_min)
        return wfm_error_set(err, WFM_EINVAL, "breaks.earliest_min",
                             "template '%s': break %d window overlaps break %d's; list breaks in "
                             "order with disjoint windows", t->name, j, j - 1);
    return WFM_OK;
}

static wfm_status check_template(const wfm_shift_template *t, int interval_min, wfm_error *err)
{
    if (t->length_min <= 0 || t->length_min > 1440)
        return wfm_error_set(err, WFM_EINVAL, "length_min",
                             "template '%s': length_min must be in 1..1440 (%d)", t->name,
                             t->length_min);
    if (t->start_step_min <= 0 || !on_grid(t->start_step_min, interval_min))
        return wfm_error_set(err, WFM_EINVAL, "start_step_min",
                             "template '%s': start_step_min must be a positive multiple of %d (%d)",
                             t->name, interval_min, t->start_step_min);
    if (t->start_earliest_min < 0 || t->start_latest_min >= 1440 ||
        t->start_latest_min < t->start_earliest_min || !on_grid(t->start_earliest_min, interval_min))
        return wfm_error_set(err, WFM_EINVAL, "start_earliest_min",
                             "template '%s': start window [%d, %d] must be ordered, within the day "
                             "and on the %d-minute grid", t->name, t->start_earliest_min,
                             t->start_latest_min, interval_min);
    if (t->n_breaks < 0 || t->n_breaks > WFM_ROSTER_MAX_BREAKS)
        return wfm_error_set(err, WFM_EINVAL, "breaks", "template '%s': %d breaks (at most %d)",
                             t->name, t->n_breaks, WFM_ROSTER_MAX_BREAKS);
    for (int j = 0; j < t->n_breaks; j++) {
        wfm_status st = check_break(t, j, interval_min, err);
        if (st)
            return st;
    }
    return WFM_OK;
}

static wfm_status check_agent(const wfm_roster_input *in, const wfm_roster_agent *a, wfm_error *err)
{
    if (a->skills == 0)
        return wfm_error_set(err, WFM_EINVAL, "skills", "agent '%s' has no skills", a->id);
    if (a->skills >> in->n_queues)
        return wfm_error_set(err, WFM_EINVAL, "skills",
                             "agent '%s' has a skill beyond the %d queues (mask 0x%x)", a->id,
                             in->n_queues, a->skills);
    if (!(a->min_week_hours >= 0) || !(a->max_week_hours >= a->min_week_hours) ||
        a->max_week_hours > 168)
        return wfm_error_set(err, WFM_EINVAL, "min_week_hours",
                             "agent '%s': weekly hours must satisfy 0 <= min <= max <= 168 "
                             "(min %g, max %g)", a->id, a->min_week_hours, a->max_week_hours);
    if (a->max_consecutive_days < 1 || a->min_rest_min < 0 || a->days_off_per_week < 0 ||
        a->days_off_per_week > 7)
        return wfm_error_set(err, WFM_EINVAL, "max_consecutive_days",
                             "agent '%s': max_consecutive_days >= 1, min_rest >= 0 and 0..7 days "
                             "off needed (%d, %d, %d)", a->id, a->max_consecutive_days,
                             a->min_rest_min, a->days_off_per_week);
    if (a->avail_start_min < 0 || a->avail_end_min <= a->avail_start_min || a->avail_end_min > 2880)
        return wfm_error_set(err, WFM_EINVAL, "availability",
                             "agent '%s': availability [%d, %d] minutes is empty or out of range",
                             a->id, a->avail_start_min, a->avail_end_min);
    if (a->preferred_template < -1 || a->preferred_template >= in->n_templates)
        return wfm_error_set(err, WFM_EINVAL, "preferred_template",
                             "agent '%s': preferred template %d does not exist", a->id,
                             a->preferred_template);
    return WFM_OK;
}

static wfm_status check_array(const double *v, int n, const char *field, wfm_error *err)
{
    if (!v)
        return wfm_error_set(err, WFM_EINVAL, field, "%s is missing for this target", field);
    for (int k = 0; k < n; k++)
        if (!isfinite(v[k]) || v[k] < 0)
            return wfm_error_set(err, WFM_EINVAL, field, "%s[%d] must be finite and >= 0 (%g)",
                                 field, k, v[k]);
    return WFM_OK;
}

/* The curve must be non-decreasing and concave for the increments to be
 * filled in order (Koole & van der Sluis 2003). */
static wfm_status check_curve(const wfm_roster_input *in, int n_slots, wfm_error *err)
{
    int n = in->curve_max_seats + 1;
    if (in->curve_max_seats < 1)
        return wfm_error_set(err, WFM_EINVAL, "curve_max_seats", "curve_max_seats must be >= 1 (%d)",
                             in->curve_max_seats);
    wfm_status st = check_array(in->answered, n_slots * n, "answered", err);
    for (int s = 0; st == WFM_OK && s < n_slots; s++) {
        const double *c = in->answered + (size_t)s * n;
        for (int k = 1; k < n; k++) {
            double inc = c[k] - c[k - 1], prev = k > 1 ? c[k - 1] - c[k - 2] : INFINITY;
            if (inc < -1e-9 || inc > prev + 1e-6 * (1 + fabs(prev)))
                return wfm_error_set(err, WFM_EINVAL, "answered",
                                     "answered curve of slot %d is not non-decreasing and concave "
                                     "at %d seats", s, k);
        }
    }
    return st;
}

static wfm_status check_opts(const wfm_roster_opts *o, wfm_error *err)
{
    if (!(o->time_limit_s > 0))
        return wfm_error_set(err, WFM_EINVAL, "time_limit_s", "time_limit_s must be > 0 (%g)",
                             o->time_limit_s);
    if (!(o->daily_answer_rate > 0 && o->daily_answer_rate <= 1) ||
        !(o->interval_floor >= 0 && o->interval_floor <= 1))
        return wfm_error_set(err, WFM_EINVAL, "daily_answer_rate",
                             "daily_answer_rate must be in (0, 1] and interval_floor in [0, 1] "
                             "(%g, %g)", o->daily_answer_rate, o->interval_floor);
    if (!(o->cost_per_paid_hour >= 0) || !(o->shortfall_penalty >= 0) || !(o->mip_gap >= 0))
        return wfm_error_set(err, WFM_EINVAL, "shortfall_penalty",
                             "costs, penalty and mip_gap must be >= 0 (%g, %g, %g)",
                             o->cost_per_paid_hour, o->shortfall_penalty, o->mip_gap);
    if (o->target != WFM_ROSTER_TARGET_SEATS && o->target != WFM_ROSTER_TARGET_DAILY_ANSWER_RATE)
        return wfm_error_set(err, WFM_EINVAL, "target", "unknown target kind %d", (int)o->target);
    return WFM_OK;
}

/* What the discrete-event check needs (wfm_roster_simulate), refused
 * before the solve rather than after it. */
static wfm_status check_simulation(const wfm_roster_input *in, const wfm_roster_opts *o,
                                   wfm_error *err)
{
    if (o->simulate_replications < 0 || o->simulate_replications > 1000)
        return wfm_error_set(err, WFM_EINVAL, "simulate.replications",
                             "simulate.replications must be in 0..1000 (%d)",
                             o->simulate_replications);
    if (!(o->simulate_handle_cv >= 0) || !isfinite(o->simulate_handle_cv))
        return wfm_error_set(err, WFM_EINVAL, "simulate.handle_cv",
                             "simulate.handle_cv must be >= 0 (%g)", o->simulate_handle_cv);
    for (int q = 0; q < in->n_queues; q++) {
        const wfm_roster_queue *queue = &in->queues[q];
        if (!(queue->patience_s >= 0) || !isfinite(queue->patience_s) ||
            !(queue->deadline_s >= 0) || !isfinite(queue->deadline_s))
            return wfm_error_set(err, WFM_EINVAL, "patience_s",
                                 "queue %s: patience_s and deadline_s must be >= 0 (%g, %g)",
                                 queue->name, queue->patience_s, queue->deadline_s);
    }
    return WFM_OK;
}

static wfm_status check_grid(const wfm_roster_input *in, wfm_error *err)
{
    if (in->n_days < 1 || in->n_days > WFM_ROSTER_MAX_DAYS)
        return wfm_error_set(err, WFM_EINVAL, "n_days", "n_days must be in 1..%d (%d)",
                             WFM_ROSTER_MAX_DAYS, in->n_days);
    if (in->intervals_per_day < 1 || 1440 % in->intervals_per_day)
        return wfm_error_set(err, WFM_EINVAL, "intervals_per_day",
                             "intervals_per_day must divide 1440 (%d)", in->intervals_per_day);
    if (in->first_weekday < 0 || in->first_weekday > 6)
        return wfm_error_set(err, WFM_EINVAL, "first_weekday", "first_weekday must be 0..6 (%d)",
                             in->first_weekday);
    if (in->n_queues < 1 || in->n_queues > WFM_ROSTER_MAX_QUEUES)
        return wfm_error_set(err, WFM_EINVAL, "queues", "1..%d queues needed (%d)",
                             WFM_ROSTER_MAX_QUEUES, in->n_queues);
    if (in->n_templates < 1 || !in->templates)
        return wfm_error_set(err, WFM_EINVAL, "templates", "at least one shift template needed");
    if (in->n_agents < 1 || !in->agents)
        return wfm_error_set(err, WFM_EINVAL, "agents", "at least one agent needed");
    return WFM_OK;
}

wfm_status wfm_roster_validate(const wfm_roster_input *in, const wfm_roster_opts *opts,
                               wfm_error *err)
{
    wfm_status st = check_opts(opts, err);
    if (!st)
        st = check_grid(in, err);
    if (!st)
        st = check_simulation(in, opts, err);
    if (st)
        return st;
    int interval_min = 1440 / in->intervals_per_day;
    int n_slots = in->n_queues * in->n_days * in->intervals_per_day;
    for (int k = 0; !st && k < in->n_templates; k++)
        st = check_template(&in->templates[k], interval_min, err);
    for (int a = 0; !st && a < in->n_agents; a++)
        st = check_agent(in, &in->agents[a], err);
    if (st)
        return st;
    if (opts->target == WFM_ROSTER_TARGET_SEATS)
        return check_array(in->required, n_slots, "required", err);
    st = check_array(in->offered, n_slots, "offered", err);
    return st ? st : check_curve(in, n_slots, err);
}
