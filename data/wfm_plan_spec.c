/* wfm_plan_spec: a planning spec read and checked (see wfm_plan_spec.h). */
#include "data/wfm_plan_spec.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wfm_date.h"

#define MAX_FACTOR 100.0
#define MAX_HIRES 1000

/* A JSON value as short text for messages. */
static void value_text(const json_t *v, char *buf, size_t size)
{
    char *text = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(10)) : NULL;
    snprintf(buf, size, "%s", text ? text : "missing");
    if (strlen(buf) == size - 1 && size > 4)
        strcpy(buf + size - 4, "...");
    free(text);
}

/* A number in [lo, hi] (or (lo, hi] when lo_open) into *out. */
static wfm_status number_in(const json_t *v, const char *field, double lo, bool lo_open, double hi,
                            double *out, wfm_error *err)
{
    double x = json_is_number(v) ? json_number_value(v) : NAN;
    if (isfinite(x) && (lo_open ? x > lo : x >= lo) && x <= hi) {
        *out = x;
        return WFM_OK;
    }
    char text[80];
    value_text(v, text, sizeof text);
    return wfm_error_set(err, WFM_EINVAL, field, "%s must be a number in %c%g, %g] (%s)", field,
                         lo_open ? '(' : '[', lo, hi, text);
}

static wfm_status whole_in(const json_t *v, const char *field, int lo, int hi, int *out,
                           wfm_error *err)
{
    double x = 0;
    wfm_status st = number_in(v, field, lo, false, hi, &x, err);
    if (st == WFM_OK && x != floor(x))
        st = wfm_error_set(err, WFM_EINVAL, field, "%s must be a whole number (%g)", field, x);
    *out = (int)x;
    return st;
}

static int queue_index(const char *name, const char *const *queues, int n)
{
    for (int q = 0; q < n; q++)
        if (!strcmp(name, queues[q]))
            return q;
    return -1;
}

static wfm_status unknown_queue(const char *field, const char *name, wfm_error *err)
{
    return wfm_error_set(err, WFM_EINVAL, field, "%s: the center has no queue '%s'", field, name);
}

/* Where an override is read from and checked against. */
typedef struct reader {
    const char *const *queues;
    int n_queues;
    int interval_min;
    wfm_plan_spec *spec;
    wfm_error *err;
} reader;

/* "x" for every queue or {"<queue>": x}, each in (lo, hi] (lo_open) or [lo, hi]. */
static wfm_status per_queue(const reader *r, const char *key, const json_t *v, double lo,
                            bool lo_open, double hi, double *out)
{
    char field[160];
    snprintf(field, sizeof field, "overrides.%s", key);
    if (!json_is_object(v)) {
        double x = 0;
        wfm_status st = number_in(v, field, lo, lo_open, hi, &x, r->err);
        for (int q = 0; st == WFM_OK && q < r->n_queues; q++)
            out[q] = x;
        return st;
    }
    const char *name;
    const json_t *value;
    json_object_foreach((json_t *)v, name, value) {
        snprintf(field, sizeof field, "overrides.%s.%s", key, name);
        int q = queue_index(name, r->queues, r->n_queues);
        if (q < 0)
            return unknown_queue(field, name, r->err);
        wfm_status st = number_in(value, field, lo, lo_open, hi, &out[q], r->err);
        if (st != WFM_OK)
            return st;
    }
    return WFM_OK;
}

static wfm_status read_volume_factor(const reader *r, const json_t *v)
{
    return per_queue(r, "volume_factor", v, 0, true, MAX_FACTOR, r->spec->volume_factor);
}

static wfm_status read_aht_factor(const reader *r, const json_t *v)
{
    return per_queue(r, "aht_factor", v, 0, true, 10, r->spec->aht_factor);
}

static wfm_status read_patience(const reader *r, const json_t *v)
{
    return per_queue(r, "patience_s", v, 0, true, 86400, r->spec->patience_s);
}

static wfm_status read_day_volume_factor(const reader *r, const json_t *v)
{
    if (!json_is_object(v))
        return wfm_error_set(r->err, WFM_EINVAL, "overrides.day_volume_factor",
                             "overrides.day_volume_factor must be an object "
                             "{\"YYYY-MM-DD\": factor}");
    const char *date;
    const json_t *value;
    json_object_foreach((json_t *)v, date, value) {
        char field[160];
        snprintf(field, sizeof field, "overrides.day_volume_factor.%s", date);
        int32_t day;
        if (!wfm_date_parse(date, &day))
            return wfm_error_set(r->err, WFM_EINVAL, field, "%s: '%s' is not a date YYYY-MM-DD",
                                 field, date);
        int k = (int)(day - r->spec->start_day);
        if (k < 0 || k >= r->spec->days)
            return wfm_error_set(r->err, WFM_EINVAL, field,
                                 "%s: %s is outside the horizon (%s, %d days)", field, date,
                                 r->spec->start_date, r->spec->days);
        wfm_status st = number_in(value, field, 0, true, MAX_FACTOR,
                                  &r->spec->day_volume_factor[k], r->err);
        if (st != WFM_OK)
            return st;
    }
    return WFM_OK;
}

static wfm_status read_answer_rate(const reader *r, const json_t *v)
{
    return number_in(v, "overrides.answer_rate", 0, true, 1, &r->spec->answer_rate, r->err);
}

/* Every key of object v among names[] (NULL-terminated); field names v. */
static wfm_status only_keys(const json_t *v, const char *field, const char *const *names,
                            wfm_error *err)
{
    if (!json_is_object(v))
        return wfm_error_set(err, WFM_EINVAL, field, "%s must be an object", field);
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)v, key, value) {
        bool known = false;
        for (const char *const *n = names; *n && !known; n++)
            known = !strcmp(*n, key);
        if (!known)
            return wfm_error_set(err, WFM_EINVAL, field, "%s: unknown key '%s'", field, key);
    }
    return WFM_OK;
}

static wfm_status read_service_level(const reader *r, const json_t *v)
{
    static const char *const keys[] = {"share", "seconds", NULL};
    wfm_status st = only_keys(v, "overrides.service_level", keys, r->err);
    if (st == WFM_OK)
        st = number_in(json_object_get(v, "share"), "overrides.service_level.share", 0, true,
                       0.999, &r->spec->service_level, r->err);
    const json_t *seconds = json_object_get(v, "seconds");
    if (st == WFM_OK && seconds)
        st = number_in(seconds, "overrides.service_level.seconds", 0, false, 3600,
                       &r->spec->service_level_s, r->err);
    return st;
}

static wfm_status read_interval_floor(const reader *r, const json_t *v)
{
    return number_in(v, "overrides.interval_floor", 0, false, 1, &r->spec->interval_floor, r->err);
}

static wfm_status read_shrinkage(const reader *r, const json_t *v)
{
    return number_in(v, "overrides.shrinkage", 0, false, 0.9, &r->spec->shrinkage, r->err);
}

static wfm_status read_max_agents(const reader *r, const json_t *v)
{
    return whole_in(v, "overrides.max_agents", 0, 100000, &r->spec->max_agents, r->err);
}

static wfm_status read_cost(const reader *r, const json_t *v)
{
    return number_in(v, "overrides.cost_per_paid_hour", 0, false, 1e6,
                     &r->spec->cost_per_paid_hour, r->err);
}

static wfm_status read_skills(const reader *r, const json_t *skills, const char *field)
{
    if (!json_is_array(skills) || json_array_size(skills) == 0)
        return wfm_error_set(r->err, WFM_EINVAL, field,
                             "%s must be a non-empty array of queue names", field);
    size_t i;
    const json_t *s;
    json_array_foreach(skills, i, s) {
        if (!json_is_string(s))
            return wfm_error_set(r->err, WFM_EINVAL, field, "%s[%zu] must be a queue name",
                                 field, i);
        if (queue_index(json_string_value(s), r->queues, r->n_queues) < 0)
            return unknown_queue(field, json_string_value(s), r->err);
    }
    return WFM_OK;
}

static wfm_status read_hire(const reader *r, const json_t *h, size_t k, int *total)
{
    static const char *const keys[] = {"count", "skills", "min_week_hours", "max_week_hours",
                                       NULL};
    char field[96], sub[128];
    snprintf(field, sizeof field, "overrides.new_hires[%zu]", k);
    wfm_status st = only_keys(h, field, keys, r->err);
    int count = 0;
    double min_h = 0, max_h = 40;
    snprintf(sub, sizeof sub, "%s.count", field);
    if (st == WFM_OK)
        st = whole_in(json_object_get(h, "count"), sub, 1, MAX_HIRES, &count, r->err);
    snprintf(sub, sizeof sub, "%s.skills", field);
    if (st == WFM_OK)
        st = read_skills(r, json_object_get(h, "skills"), sub);
    snprintf(sub, sizeof sub, "%s.max_week_hours", field);
    if (st == WFM_OK && json_object_get(h, "max_week_hours"))
        st = number_in(json_object_get(h, "max_week_hours"), sub, 0, true, 168, &max_h, r->err);
    snprintf(sub, sizeof sub, "%s.min_week_hours", field);
    if (st == WFM_OK && json_object_get(h, "min_week_hours"))
        st = number_in(json_object_get(h, "min_week_hours"), sub, 0, false, max_h, &min_h, r->err);
    *total += count;
    if (st == WFM_OK && *total > MAX_HIRES)
        st = wfm_error_set(r->err, WFM_EINVAL, "overrides.new_hires",
                           "overrides.new_hires: at most %d new hires (%d)", MAX_HIRES, *total);
    return st;
}

static wfm_status read_new_hires(const reader *r, const json_t *v)
{
    if (!json_is_array(v))
        return wfm_error_set(r->err, WFM_EINVAL, "overrides.new_hires",
                             "overrides.new_hires must be an array of {count, skills, ...}");
    size_t k;
    const json_t *h;
    int total = 0;
    json_array_foreach(v, k, h) {
        wfm_status st = read_hire(r, h, k, &total);
        if (st != WFM_OK)
            return st;
    }
    r->spec->new_hires = v;
    return WFM_OK;
}

/* The templates' own fields are checked with the roster document. */
static wfm_status read_templates(const reader *r, const json_t *v)
{
    if (!json_is_array(v) || json_array_size(v) == 0)
        return wfm_error_set(r->err, WFM_EINVAL, "overrides.templates",
                             "overrides.templates must be a non-empty array of shift templates");
    r->spec->templates = v;
    return WFM_OK;
}

static wfm_status read_hours(const reader *r, const char *name, const json_t *h)
{
    static const char *const keys[] = {"open_min", "close_min", NULL};
    char field[160], sub[192];
    snprintf(field, sizeof field, "overrides.opening_hours.%s", name);
    int q = queue_index(name, r->queues, r->n_queues), open = 0, close = 0;
    if (q < 0)
        return unknown_queue(field, name, r->err);
    wfm_status st = only_keys(h, field, keys, r->err);
    snprintf(sub, sizeof sub, "%s.open_min", field);
    if (st == WFM_OK)
        st = whole_in(json_object_get(h, "open_min"), sub, 0, 1440, &open, r->err);
    snprintf(sub, sizeof sub, "%s.close_min", field);
    if (st == WFM_OK)
        st = whole_in(json_object_get(h, "close_min"), sub, open + 1, 1440, &close, r->err);
    if (st == WFM_OK && (open % r->interval_min || close % r->interval_min))
        st = wfm_error_set(r->err, WFM_EINVAL, field,
                           "%s: open_min and close_min must fall on the %d-minute grid (%d, %d)",
                           field, r->interval_min, open, close);
    r->spec->open_min[q] = open;
    r->spec->close_min[q] = close;
    return st;
}

static wfm_status read_opening_hours(const reader *r, const json_t *v)
{
    if (!json_is_object(v))
        return wfm_error_set(r->err, WFM_EINVAL, "overrides.opening_hours",
                             "overrides.opening_hours must be an object "
                             "{\"<queue>\": {\"open_min\", \"close_min\"}}");
    const char *name;
    const json_t *h;
    json_object_foreach((json_t *)v, name, h) {
        wfm_status st = read_hours(r, name, h);
        if (st != WFM_OK)
            return st;
    }
    return WFM_OK;
}

typedef wfm_status (*override_fn)(const reader *r, const json_t *v);

static const struct {
    const char *key;
    override_fn read;
} OVERRIDES[] = {
    {"volume_factor", read_volume_factor},   {"day_volume_factor", read_day_volume_factor},
    {"aht_factor", read_aht_factor},         {"patience_s", read_patience},
    {"answer_rate", read_answer_rate},       {"service_level", read_service_level},
    {"interval_floor", read_interval_floor}, {"shrinkage", read_shrinkage},
    {"max_agents", read_max_agents},         {"new_hires", read_new_hires},
    {"templates", read_templates},           {"opening_hours", read_opening_hours},
    {"cost_per_paid_hour", read_cost},
};

static wfm_status read_overrides(const reader *r, const json_t *overrides)
{
    if (!overrides || json_is_null(overrides))
        return WFM_OK;
    if (!json_is_object(overrides))
        return wfm_error_set(r->err, WFM_EINVAL, "overrides", "overrides must be an object");
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)overrides, key, value) {
        size_t k = 0, n = sizeof OVERRIDES / sizeof *OVERRIDES;
        while (k < n && strcmp(OVERRIDES[k].key, key))
            k++;
        if (k == n) {
            char field[160];
            snprintf(field, sizeof field, "overrides.%s", key);
            return wfm_error_set(r->err, WFM_EINVAL, field, "%s: unknown override", field);
        }
        wfm_status st = OVERRIDES[k].read(r, value);
        if (st != WFM_OK)
            return st;
    }
    r->spec->overrides = overrides;
    return WFM_OK;
}

static void defaults(wfm_plan_spec *s)
{
    memset(s, 0, sizeof *s);
    s->days = 7;
    s->target = "daily-answer-rate";
    for (int q = 0; q < WFM_ROSTER_MAX_QUEUES; q++) {
        s->volume_factor[q] = s->aht_factor[q] = 1;
        s->open_min[q] = s->close_min[q] = -1;
    }
    for (int d = 0; d < WFM_ROSTER_MAX_DAYS; d++)
        s->day_volume_factor[d] = 1;
    s->answer_rate = 0.95;
    s->service_level_s = 20;
    s->interval_floor = -1;
    s->cost_per_paid_hour = -1;
    s->max_agents = -1;
}

/* start_date, days, target and options: what the overrides are read against. */
static wfm_status read_horizon(const json_t *spec, wfm_plan_spec *s, wfm_error *err)
{
    const json_t *start = json_object_get(spec, "start_date"), *days = json_object_get(spec, "days");
    const char *text = json_string_value(start);
    if (!text || strlen(text) != 10 || !wfm_date_parse(text, &s->start_day)) {
        char value[80];
        value_text(start, value, sizeof value);
        return wfm_error_set(err, WFM_EINVAL, "start_date",
                             "start_date must be a date YYYY-MM-DD (%s)", value);
    }
    snprintf(s->start_date, sizeof s->start_date, "%s", text);
    wfm_status st = days ? whole_in(days, "days", 1, WFM_ROSTER_MAX_DAYS, &s->days, err) : WFM_OK;
    const json_t *target = json_object_get(spec, "target");
    const json_t *options = json_object_get(spec, "options");
    if (st == WFM_OK && options && !json_is_object(options))
        st = wfm_error_set(err, WFM_EINVAL, "options", "options must be an object");
    s->options = options;
    if (st == WFM_OK && !target && options)
        target = json_object_get(options, "target");
    const char *name = json_string_value(target);
    if (st != WFM_OK || !target)
        return st;
    if (name && (!strcmp(name, "seats") || !strcmp(name, "daily-answer-rate"))) {
        s->target = !strcmp(name, "seats") ? "seats" : "daily-answer-rate";
        return WFM_OK;
    }
    char value[80];
    value_text(target, value, sizeof value);
    return wfm_error_set(err, WFM_EINVAL, "target",
                         "target must be \"seats\" or \"daily-answer-rate\" (%s)", value);
}

wfm_status wfm_plan_spec_parse(const json_t *spec, const char *const *queues, int n_queues,
                               int interval_min, wfm_plan_spec *out, wfm_error *err)
{
    defaults(out);
    if (!json_is_object(spec))
        return wfm_error_set(err, WFM_EINVAL, "spec", "the plan spec must be a JSON object");
    wfm_status st = read_horizon(spec, out, err);
    /* options.daily_answer_rate is the answer rate when no override sets one */
    const json_t *rate = json_object_get(out->options, "daily_answer_rate");
    if (st == WFM_OK && rate)
        st = number_in(rate, "options.daily_answer_rate", 0, true, 1, &out->answer_rate, err);
    reader r = {queues, n_queues, interval_min, out, err};
    if (st == WFM_OK)
        st = read_overrides(&r, json_object_get(spec, "overrides"));
    return st;
}
