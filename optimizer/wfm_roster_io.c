/* wfm_roster_io: the roster input document in, JSON / CSV / iCalendar out
 * (see wfm_roster_io.h and docs/roster.md). */
#include "optimizer/wfm_roster_io.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- dates (proleptic Gregorian, Hinnant's days_from_civil) ------------------ */

static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int parse_date(const char *s, long *days)
{
    int y, m, d;
    char tail;
    if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    *days = days_from_civil(y, m, d);
    return 0;
}

/* Day `offset` after the document's start plus `minutes`, as "YYYYMMDDTHHMMSS"
 * (ical) or "YYYY-MM-DD" + "HH:MM" parts. */
static void stamp(const wfm_roster_doc *doc, int day, int minutes, char *date, char *hhmm, char *ical)
{
    long base = 0;
    parse_date(doc->start_date, &base);
    int y, m, d;
    civil_from_days(base + day + minutes / 1440, &y, &m, &d);
    minutes %= 1440;
    if (date)
        sprintf(date, "%04d-%02d-%02d", y, m, d);
    if (hhmm)
        sprintf(hhmm, "%02d:%02d", minutes / 60, minutes % 60);
    if (ical)
        sprintf(ical, "%04d%02d%02dT%02d%02d00", y, m, d, minutes / 60, minutes % 60);
}

/* ---- parsing ----------------------------------------------------------------- */

static wfm_status bad(wfm_error *err, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static wfm_status bad(wfm_error *err, const char *field, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return wfm_error_set(err, WFM_EINVAL, field, "%s: %s", field, msg);
}

static int get_int(const json_t *obj, const char *key, int fallback)
{
    json_t *v = json_object_get(obj, key);
    return json_is_number(v) ? (int)json_number_value(v) : fallback;
}

static double get_num(const json_t *obj, const char *key, double fallback)
{
    json_t *v = json_object_get(obj, key);
    return json_is_number(v) ? json_number_value(v) : fallback;
}

static int queue_index(const wfm_roster_input *in, const char *name)
{
    for (int q = 0; q < in->n_queues; q++)
        if (name && !strcmp(in->queues[q].name, name))
            return q;
    return -1;
}

static int template_index(const wfm_roster_doc *doc, const char *name)
{
    for (int k = 0; k < doc->in.n_templates; k++)
        if (name && !strcmp(doc->templates[k].name, name))
            return k;
    return -1;
}

static wfm_status parse_queues(const json_t *root, wfm_roster_doc *doc, wfm_error *err)
{
    const json_t *queues = json_object_get(root, "queues");
    size_t n = json_array_size(queues);
    if (n < 1 || n > WFM_ROSTER_MAX_QUEUES)
        return bad(err, "queues", "an array of 1..%d queues is needed (%zu)", WFM_ROSTER_MAX_QUEUES, n);
    doc->in.n_queues = (int)n;
    for (size_t q = 0; q < n; q++) {
        const json_t *item = json_array_get(queues, q);
        const char *name = json_string_value(json_object_get(item, "name"));
        if (!name || !*name || strlen(name) >= WFM_ROSTER_NAME_LEN)
            return bad(err, "queues", "queue %zu needs a name of 1..%d characters", q,
                       WFM_ROSTER_NAME_LEN - 1);
        snprintf(doc->in.queues[q].name, WFM_ROSTER_NAME_LEN, "%s", name);
        doc->in.queues[q].aht_s = get_num(item, "aht_s", 0);
        doc->in.queues[q].patience_s = get_num(item, "patience_s", 0);
    }
    return WFM_OK;
}

/* Reads {"queue": [[v per interval] per day]} into [queue][day][interval]
 * (width 1) or {"queue": [[[v per seat] per interval] per day]} (width > 1). */
static wfm_status parse_grid(const json_t *root, const char *key, wfm_roster_doc *doc, int width,
                             double *out, wfm_error *err)
{
    const wfm_roster_input *in = &doc->in;
    const json_t *obj = json_object_get(root, key);
    const char *queue;
    const json_t *days;
    json_object_foreach((json_t *)obj, queue, days) {
        int q = queue_index(in, queue);
        if (q < 0)
            return bad(err, key, "unknown queue '%s'", queue);
        if ((int)json_array_size(days) != in->n_days)
            return bad(err, key, "queue '%s' has %zu days, expected %d", queue,
                       json_array_size(days), in->n_days);
        for (int d = 0; d < in->n_days; d++) {
            const json_t *day = json_array_get(days, d);
            if ((int)json_array_size(day) != in->intervals_per_day)
                return bad(err, key, "queue '%s' day %d has %zu intervals, expected %d", queue, d,
                           json_array_size(day), in->intervals_per_day);
            for (int i = 0; i < in->intervals_per_day; i++) {
                const json_t *cell = json_array_get(day, i);
                double *dst = out + (size_t)wfm_roster_slot(in, q, d, i) * width;
                if (width == 1) {
                    if (!json_is_number(cell))
                        return bad(err, key, "queue '%s' day %d interval %d is not a number", queue, d, i);
                    dst[0] = json_number_value(cell);
                    continue;
                }
                if ((int)json_array_size(cell) != width)
                    return bad(err, key, "queue '%s' day %d interval %d: curve needs %d values", queue,
                               d, i, width);
                for (int k = 0; k < width; k++)
                    dst[k] = json_number_value(json_array_get(cell, k));
            }
        }
    }
    return WFM_OK;
}

static int curve_width(const json_t *root)
{
    const json_t *curves = json_object_get(root, "answered_curve");
    if (!json_is_object(curves) || !json_object_size(curves))
        return 0;
    json_t *first = json_object_iter_value(json_object_iter((json_t *)curves));
    return (int)json_array_size(json_array_get(json_array_get(first, 0), 0));
}

static wfm_status parse_demand(const json_t *root, wfm_roster_doc *doc, wfm_error *err)
{
    wfm_roster_input *in = &doc->in;
    size_t slots = (size_t)in->n_queues * in->n_days * in->intervals_per_day;
    int width = curve_width(root);
    doc->required = calloc(slots, sizeof(double));
    doc->offered = calloc(slots, sizeof(double));
    doc->answered = width > 1 ? calloc(slots * width, sizeof(double)) : NULL;
    if (!doc->required || !doc->offered || (width > 1 && !doc->answered))
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory reading the demand");
    in->required = json_object_get(root, "required") ? doc->required : NULL;
    in->offered = json_object_get(root, "offered") ? doc->offered : NULL;
    in->answered = doc->answered;
    in->curve_max_seats = width - 1;
    wfm_status st = parse_grid(root, "required", doc, 1, doc->required, err);
    if (!st)
        st = parse_grid(root, "offered", doc, 1, doc->offered, err);
    if (!st && width > 1)
        st = parse_grid(root, "answered_curve", doc, width, doc->answered, err);
    return st;
}

static unsigned parse_weekdays(const json_t *days)
{
    static const char *names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    unsigned mask = 0;
    size_t k;
    const json_t *v;
    json_array_foreach(days, k, v)
        for (int w = 0; w < 7; w++)
            if (json_is_string(v) && !strcmp(json_string_value(v), names[w]))
                mask |= 1u << w;
    return mask;
}

static wfm_status parse_template(const json_t *item, size_t k, wfm_shift_template *t, wfm_error *err)
{
    const char *name = json_string_value(json_object_get(item, "name"));
    if (!name || !*name || strlen(name) >= WFM_ROSTER_NAME_LEN)
        return bad(err, "templates", "template %zu needs a name", k);
    snprintf(t->name, sizeof t->name, "%s", name);
    t->start_earliest_min = get_int(item, "start_earliest_min", 0);
    t->start_latest_min = get_int(item, "start_latest_min", t->start_earliest_min);
    t->start_step_min = get_int(item, "start_step_min", 60);
    t->length_min = get_int(item, "length_min", 0);
    t->weekdays = parse_weekdays(json_object_get(item, "weekdays"));
    const json_t *breaks = json_object_get(item, "breaks");
    if (json_array_size(breaks) > WFM_ROSTER_MAX_BREAKS)
        return bad(err, "templates", "template '%s' has %zu breaks (at most %d)", name,
                   json_array_size(breaks), WFM_ROSTER_MAX_BREAKS);
    t->n_breaks = (int)json_array_size(breaks);
    for (int j = 0; j < t->n_breaks; j++) {
        const json_t *b = json_array_get(breaks, j);
        t->breaks[j] = (wfm_roster_break){
            .length_min = get_int(b, "length_min", 0), .paid = json_is_true(json_object_get(b, "paid")),
            .earliest_min = get_int(b, "earliest_min", 0), .latest_min = get_int(b, "latest_min", 0)};
    }
    return WFM_OK;
}

static wfm_status parse_skills(const json_t *item, const char *id, const wfm_roster_input *in,
                               unsigned *skills, wfm_error *err)
{
    size_t k;
    const json_t *v;
    *skills = 0;
    json_array_foreach(json_object_get(item, "skills"), k, v) {
        int q = queue_index(in, json_string_value(v));
        if (q < 0)
            return bad(err, "skills", "agent '%s': unknown queue '%s'", id,
                       json_is_string(v) ? json_string_value(v) : "(not a string)");
        *skills |= 1u << q;
    }
    return WFM_OK;
}

static wfm_status parse_agent(const json_t *item, size_t k, wfm_roster_doc *doc, wfm_roster_agent *a,
                              wfm_error *err)
{
    wfm_roster_agent_init(a);
    const char *id = json_string_value(json_object_get(item, "id"));
    if (!id || !*id || strlen(id) >= WFM_ROSTER_NAME_LEN)
        return bad(err, "agents", "agent %zu needs an id of 1..%d characters", k, WFM_ROSTER_NAME_LEN - 1);
    snprintf(a->id, sizeof a->id, "%s", id);
    wfm_status st = parse_skills(item, id, &doc->in, &a->skills, err);
    if (st)
        return st;
    a->min_week_hours = get_num(item, "min_week_hours", a->min_week_hours);
    a->max_week_hours = get_num(item, "max_week_hours", a->max_week_hours);
    a->max_consecutive_days = get_int(item, "max_consecutive_days", a->max_consecutive_days);
    a->min_rest_min = (int)(60 * get_num(item, "min_rest_hours", a->min_rest_min / 60.0));
    a->days_off_per_week = get_int(item, "days_off_per_week", a->days_off_per_week);
    a->avail_start_min = get_int(item, "available_from_min", a->avail_start_min);
    a->avail_end_min = get_int(item, "available_to_min", a->avail_end_min);
    size_t j;
    const json_t *v;
    json_array_foreach(json_object_get(item, "time_off"), j, v) {
        long day = 0, base = 0;
        parse_date(doc->start_date, &base);
        if (parse_date(json_string_value(v), &day))
            return bad(err, "time_off", "agent '%s': '%s' is not a YYYY-MM-DD date", id,
                       json_is_string(v) ? json_string_value(v) : "(not a string)");
        if (day - base >= 0 && day - base < doc->in.n_days)
            a->time_off[day - base] = 1;
    }
    const char *pref = json_string_value(json_object_get(item, "preferred_template"));
    a->preferred_template = pref ? template_index(doc, pref) : -1;
    if (pref && a->preferred_template < 0)
        return bad(err, "preferred_template", "agent '%s': unknown template '%s'", id, pref);
    return WFM_OK;
}

static wfm_status parse_people(const json_t *root, wfm_roster_doc *doc, wfm_error *err)
{
    const json_t *templates = json_object_get(root, "templates"), *agents = json_object_get(root, "agents");
    size_t n_t = json_array_size(templates), n_a = json_array_size(agents);
    doc->templates = calloc(n_t + 1, sizeof *doc->templates);
    doc->agents = calloc(n_a + 1, sizeof *doc->agents);
    if (!doc->templates || !doc->agents)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory reading agents");
    doc->in.templates = doc->templates;
    doc->in.agents = doc->agents;
    wfm_status st = WFM_OK;
    for (size_t k = 0; !st && k < n_t; k++, doc->in.n_templates++)
        st = parse_template(json_array_get(templates, k), k, &doc->templates[k], err);
    for (size_t k = 0; !st && k < n_a; k++, doc->in.n_agents++)
        st = parse_agent(json_array_get(agents, k), k, doc, &doc->agents[k], err);
    return st;
}

static wfm_status parse_options(const json_t *root, wfm_roster_doc *doc, wfm_error *err)
{
    const json_t *o = json_object_get(root, "options");
    wfm_roster_opts *opts = &doc->opts;
    const char *target = json_string_value(json_object_get(o, "target"));
    if (target && !strcmp(target, "daily-answer-rate"))
        opts->target = WFM_ROSTER_TARGET_DAILY_ANSWER_RATE;
    else if (target && strcmp(target, "seats"))
        return bad(err, "options.target", "'%s' is neither 'seats' nor 'daily-answer-rate'", target);
    opts->time_limit_s = get_num(o, "time_limit_s", opts->time_limit_s);
    opts->mip_gap = get_num(o, "mip_gap", opts->mip_gap);
    opts->daily_answer_rate = get_num(o, "daily_answer_rate", opts->daily_answer_rate);
    opts->interval_floor = get_num(o, "interval_floor", opts->interval_floor);
    opts->cost_per_paid_hour = get_num(o, "cost_per_paid_hour", opts->cost_per_paid_hour);
    opts->shortfall_penalty = get_num(o, "shortfall_penalty", opts->shortfall_penalty);
    return WFM_OK;
}

static wfm_status parse_grid_size(const json_t *root, wfm_roster_doc *doc, wfm_error *err)
{
    const char *start = json_string_value(json_object_get(root, "start_date"));
    long day0;
    if (parse_date(start, &day0))
        return bad(err, "start_date", "'%s' is not a YYYY-MM-DD date", start ? start : "(missing)");
    snprintf(doc->start_date, sizeof doc->start_date, "%s", start);
    const char *tz = json_string_value(json_object_get(root, "timezone"));
    snprintf(doc->timezone, sizeof doc->timezone, "%s", tz ? tz : "");
    /* 1970-01-01 was a Thursday (weekday 3 with Monday 0). */
    doc->in.first_weekday = (int)(((day0 % 7) + 7 + 3) % 7);
    doc->in.n_days = get_int(root, "days", 7);
    int interval = get_int(root, "interval_minutes", 15);
    if (interval < 1 || 1440 % interval)
        return bad(err, "interval_minutes", "must divide 1440 (%d)", interval);
    doc->in.intervals_per_day = 1440 / interval;
    if (doc->in.n_days < 1 || doc->in.n_days > WFM_ROSTER_MAX_DAYS)
        return bad(err, "days", "must be 1..%d (%d)", WFM_ROSTER_MAX_DAYS, doc->in.n_days);
    return WFM_OK;
}

wfm_status wfm_roster_doc_parse(const json_t *root, wfm_roster_doc *doc, wfm_error *err)
{
    memset(doc, 0, sizeof *doc);
    wfm_roster_opts_init(&doc->opts);
    if (!json_is_object(root))
        return bad(err, "document", "the roster input must be a JSON object");
    wfm_status st = parse_grid_size(root, doc, err);
    if (!st)
        st = parse_queues(root, doc, err);
    if (!st)
        st = parse_demand(root, doc, err);
    if (!st)
        st = parse_people(root, doc, err);
    if (!st)
        st = parse_options(root, doc, err);
    if (st)
        wfm_roster_doc_free(doc);
    return st;
}

void wfm_roster_doc_free(wfm_roster_doc *doc)
{
    free(doc->required);
    free(doc->offered);
    free(doc->answered);
    free(doc->templates);
    free(doc->agents);
    memset(doc, 0, sizeof *doc);
}

/* ---- JSON out ------------------------------------------------------------------ */

static json_t *shift_json(const wfm_roster_doc *doc, const wfm_roster_shift *s)
{
    char date[11], start[6], end[6];
    stamp(doc, s->day, s->start_min, date, start, NULL);
    stamp(doc, s->day, s->end_min, NULL, end, NULL);
    json_t *breaks = json_array();
    for (int j = 0; j < s->n_breaks; j++) {
        char at[6];
        stamp(doc, s->day, s->break_start_min[j], NULL, at, NULL);
        json_array_append_new(breaks, json_pack("{s:s, s:i}", "start", at, "minutes",
                                                s->break_length_min[j]));
    }
    return json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:f, s:o}", "agent",
                     doc->agents[s->agent].id, "date", date, "day", s->day, "template",
                     doc->templates[s->template_index].name, "start", start, "end", end,
                     "paid_hours", s->paid_min / 60.0, "breaks", breaks);
}

static json_t *coverage_json(const wfm_roster_doc *doc, const wfm_roster_result *r)
{
    const wfm_roster_input *in = &doc->in;
    json_t *rows = json_array();
    int interval_min = 1440 / in->intervals_per_day;
    for (int q = 0; q < in->n_queues; q++)
        for (int d = 0; d < in->n_days; d++)
            for (int i = 0; i < in->intervals_per_day; i++) {
                int slot = wfm_roster_slot(in, q, d, i);
                char date[11], start[6];
                stamp(doc, d, i * interval_min, date, start, NULL);
                json_array_append_new(rows, json_pack(
                    "{s:s, s:s, s:s, s:f, s:f, s:f, s:f}", "queue", in->queues[q].name, "date", date,
                    "start", start, "required", in->required ? in->required[slot] : 0.0,
                    "offered", in->offered ? in->offered[slot] : 0.0, "seats", r->seats[slot],
                    "answered", r->answered[slot]));
            }
    return rows;
}

static json_t *days_json(const wfm_roster_doc *doc, const wfm_roster_result *r)
{
    json_t *days = json_array();
    for (int d = 0; d < doc->in.n_days; d++) {
        char date[11];
        stamp(doc, d, 0, date, NULL, NULL);
        json_t *queues = json_array();
        for (int q = 0; q < doc->in.n_queues; q++) {
            int qd = q * doc->in.n_days + d;
            json_t *rate = r->day_answer_rate[qd] >= 0 ? json_real(r->day_answer_rate[qd]) : json_null();
            json_t *occ = r->day_occupancy[qd] >= 0 ? json_real(r->day_occupancy[qd]) : json_null();
            json_array_append_new(queues, json_pack("{s:s, s:o, s:o}", "queue", doc->in.queues[q].name,
                                                    "answer_rate", rate, "occupancy", occ));
        }
        json_array_append_new(days, json_pack("{s:s, s:o}", "date", date, "queues", queues));
    }
    return days;
}

static json_t *shortfalls_json(const wfm_roster_doc *doc, const wfm_roster_result *r)
{
    json_t *rows = json_array();
    int interval_min = 1440 / doc->in.intervals_per_day;
    for (int k = 0; k < r->n_shortfalls; k++) {
        const wfm_roster_shortfall *s = &r->shortfalls[k];
        char date[11], start[6];
        stamp(doc, s->day, s->interval >= 0 ? s->interval * interval_min : 0, date, start, NULL);
        const char *unit = doc->opts.target == WFM_ROSTER_TARGET_SEATS ? "seats" : "calls";
        json_array_append_new(rows, json_pack("{s:s, s:s, s:o, s:s, s:f, s:f, s:f}", "queue",
                                              doc->in.queues[s->queue].name, "date", date, "start",
                                              s->interval >= 0 ? json_string(start) : json_null(),
                                              "unit", unit, "needed", s->needed, "staffed",
                                              s->staffed, "short_by", s->short_by));
    }
    return rows;
}

json_t *wfm_roster_result_json(const wfm_roster_doc *doc, const wfm_roster_result *r)
{
    json_t *shifts = json_array();
    for (int k = 0; k < r->n_shifts; k++)
        json_array_append_new(shifts, shift_json(doc, &r->shifts[k]));
    json_t *kpis = json_pack(
        "{s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:i, s:i, s:b, s:f, s:i}", "paid_hours", r->paid_hours,
        "objective", r->objective, "plan_objective", r->plan_objective, "best_bound", r->best_bound,
        "gap", r->gap, "plan_gap", r->plan_gap, "decomposition_loss", r->decomposition_loss,
        "unstaffed_shifts", r->unstaffed_shifts, "agents_below_min_hours", r->agents_below_min_hours,
        "time_limit_hit", r->time_limit_hit, "solve_seconds", r->solve_seconds, "shifts", r->n_shifts);
    return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "start_date", doc->start_date, "target",
                     doc->opts.target == WFM_ROSTER_TARGET_SEATS ? "seats" : "daily-answer-rate",
                     "kpis", kpis, "days", days_json(doc, r), "shifts", shifts, "coverage",
                     coverage_json(doc, r), "shortfalls", shortfalls_json(doc, r));
}

/* ---- text out ------------------------------------------------------------------- */

/* A growing string; on allocation failure it turns NULL and stays so. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(text *t, const char *fmt, ...)
{
    if (!t->s && t->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (t->len + need + 1 > t->cap) {
        size_t cap = (t->len + need + 1) * 2;
        char *grown = realloc(t->s, cap);
        if (!grown) {
            free(t->s);
            t->s = NULL;
            t->cap = 1;
            return;
        }
        t->s = grown;
        t->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    t->len += need;
}

/* CSV fields quoted per RFC 4180 when they hold a comma, quote or newline. */
static void add_csv_field(text *t, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        add(t, "%s", s);
        return;
    }
    add(t, "\"");
    for (const char *p = s; *p; p++)
        add(t, *p == '"' ? "\"\"" : "%c", *p);
    add(t, "\"");
}

char *wfm_roster_result_csv(const wfm_roster_doc *doc, const wfm_roster_result *r)
{
    text t = {0};
    add(&t, "agent,date,template,start,end,paid_hours,breaks\r\n");
    for (int k = 0; k < r->n_shifts; k++) {
        const wfm_roster_shift *s = &r->shifts[k];
        char date[11], start[6], end[6];
        stamp(doc, s->day, s->start_min, date, start, NULL);
        stamp(doc, s->day, s->end_min, NULL, end, NULL);
        add_csv_field(&t, doc->agents[s->agent].id);
        add(&t, ",%s,", date);
        add_csv_field(&t, doc->templates[s->template_index].name);
        add(&t, ",%s,%s,%.2f,", start, end, s->paid_min / 60.0);
        for (int j = 0; j < s->n_breaks; j++) {
            char at[6];
            stamp(doc, s->day, s->break_start_min[j], NULL, at, NULL);
            add(&t, "%s%s+%d", j ? " " : "", at, s->break_length_min[j]);
        }
        add(&t, "\r\n");
    }
    return t.s;
}

/* RFC 5545 3.3.11: backslash, semicolon and comma escaped in TEXT. */
static void add_ical_text(text *t, const char *s)
{
    for (const char *p = s; *p; p++)
        add(t, strchr("\\;,", *p) ? "\\%c" : "%c", *p);
}

/* RFC 5545 3.1: lines longer than 75 octets are folded with CRLF + space
 * (our text is ASCII, so octets are characters). Frees its argument. */
static char *fold_lines(char *s)
{
    if (!s)
        return NULL;
    text t = {0};
    int column = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '\r' || *p == '\n')
            column = -1;
        else if (column == 75) {
            add(&t, "\r\n ");
            column = 1;
        }
        add(&t, "%c", *p);
        column++;
    }
    free(s);
    return t.s;
}

char *wfm_roster_agent_ical(const wfm_roster_doc *doc, const wfm_roster_result *r, int agent,
                            const char *dtstamp)
{
    text t = {0};
    add(&t, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hotline-wfm//roster//EN\r\nCALSCALE:GREGORIAN\r\n");
    if (doc->timezone[0])
        add(&t, "X-WR-TIMEZONE:%s\r\n", doc->timezone);
    for (int k = 0; k < r->n_shifts; k++) {
        const wfm_roster_shift *s = &r->shifts[k];
        if (s->agent != agent)
            continue;
        char from[16], to[16];
        stamp(doc, s->day, s->start_min, NULL, NULL, from);
        stamp(doc, s->day, s->end_min, NULL, NULL, to);
        add(&t, "BEGIN:VEVENT\r\nUID:%s-%d-", from, s->day);
        add_ical_text(&t, doc->agents[agent].id);
        add(&t, "@hotline-wfm\r\nDTSTAMP:%s\r\nDTSTART:%s\r\nDTEND:%s\r\nSUMMARY:", dtstamp, from, to);
        add_ical_text(&t, doc->templates[s->template_index].name);
        add(&t, " shift\r\nDESCRIPTION:%.2f paid hours", s->paid_min / 60.0);
        for (int j = 0; j < s->n_breaks; j++) {
            char at[6];
            stamp(doc, s->day, s->break_start_min[j], NULL, at, NULL);
            add(&t, "\\, break %s (%d min)", at, s->break_length_min[j]);
        }
        add(&t, "\r\nEND:VEVENT\r\n");
    }
    add(&t, "END:VCALENDAR\r\n");
    return fold_lines(t.s);
}
