/* wfm_scenario_spec: checks of a scenario request (see wfm_scenario_spec.h).
 * The horizon, target and overrides are the pipeline's (data/wfm_plan_spec);
 * what a scenario adds is checked here, table-driven: one row per key. */
#include "data/wfm_scenario_spec.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/wfm_plan_spec.h"

typedef wfm_status (*value_check)(const json_t *value, const char *field, wfm_error *err);

static wfm_status bad(wfm_error *err, const char *field, const char *what, const json_t *value)
{
    char *shown = value ? json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    wfm_status st = wfm_error_set(err, WFM_EINVAL, field, "%s %s (%s)", field, what,
                                  shown ? shown : "missing");
    free(shown);
    return st;
}

static bool number_in(const json_t *v, double lo, double hi, bool lo_open)
{
    if (!json_is_number(v))
        return false;
    double x = json_number_value(v);
    return isfinite(x) && (lo_open ? x > lo : x >= lo) && x <= hi;
}

static wfm_status check_rate(const json_t *v, const char *field, wfm_error *err)
{
    return number_in(v, 0, 1, true) ? WFM_OK : bad(err, field, "must be a share in (0, 1]", v);
}

static wfm_status check_floor(const json_t *v, const char *field, wfm_error *err)
{
    return number_in(v, 0, 1, false) ? WFM_OK : bad(err, field, "must be a share in [0, 1]", v);
}

static wfm_status check_nonnegative(const json_t *v, const char *field, wfm_error *err)
{
    return number_in(v, 0, 1e9, false) ? WFM_OK : bad(err, field, "must be a number >= 0", v);
}

static wfm_status check_time_limit(const json_t *v, const char *field, wfm_error *err)
{
    return number_in(v, 0, WFM_SCENARIO_MAX_TIME_LIMIT_S, true)
               ? WFM_OK
               : bad(err, field, "must be seconds in (0, 600]", v);
}

static wfm_status check_minute_of_day(const json_t *v, const char *field, wfm_error *err)
{
    return json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 2880
               ? WFM_OK
               : bad(err, field, "must be minutes in 0..2880", v);
}

static wfm_status check_target(const json_t *v, const char *field, wfm_error *err)
{
    const char *t = json_string_value(v);
    return t && (!strcmp(t, "daily-answer-rate") || !strcmp(t, "seats"))
               ? WFM_OK
               : bad(err, field, "must be \"daily-answer-rate\" or \"seats\"", v);
}

static wfm_status check_name(const json_t *v, const char *field, wfm_error *err)
{
    size_t n = json_string_length(v);
    return json_is_string(v) && n >= 1 && n <= 200
               ? WFM_OK
               : bad(err, field, "must be a string of 1..200 characters", v);
}

static wfm_status check_text(const json_t *v, const char *field, wfm_error *err)
{
    return json_is_string(v) && json_string_length(v) <= 2000
               ? WFM_OK
               : bad(err, field, "must be a string of at most 2000 characters", v);
}

/* A member of an object and the check of its value (NULL: checked by the
 * pipeline's spec parser). */
typedef struct member_rule {
    const char *key;
    value_check check;
} member_rule;

/* Every member of object v (named prefix, "" at the top) must have a rule;
 * its value passes the rule's check. */
static wfm_status check_members(const json_t *v, const char *prefix, const member_rule *rules,
                                wfm_error *err)
{
    if (!json_is_object(v))
        return bad(err, *prefix ? prefix : "scenario", "must be an object", v);
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)v, key, value) {
        char field[128];
        snprintf(field, sizeof field, "%s%s%s", prefix, *prefix ? "." : "", key);
        const member_rule *rule = rules;
        while (rule->key && strcmp(rule->key, key))
            rule++;
        if (!rule->key)
            return wfm_error_set(err, WFM_EINVAL, field, "%s is not a known setting", field);
        wfm_status st = rule->check ? rule->check(value, field, err) : WFM_OK;
        if (st != WFM_OK)
            return st;
    }
    return WFM_OK;
}

/* The roster document's options (docs/roster.md), with the server's bound
 * on the time limit. */
static wfm_status check_options(const json_t *v, const char *field, wfm_error *err)
{
    static const member_rule rules[] = {
        {"time_limit_s", check_time_limit},     {"mip_gap", check_nonnegative},
        {"daily_answer_rate", check_rate},      {"interval_floor", check_floor},
        {"cost_per_paid_hour", check_nonnegative}, {"shortfall_penalty", check_nonnegative},
        {"night_start_min", check_minute_of_day}, {"night_end_min", check_minute_of_day},
        {"target", check_target},               {0}};
    return check_members(v, field, rules, err);
}

wfm_status wfm_scenario_spec_check(const json_t *spec, const char *const *queues, size_t n_queues,
                                   int interval_min, wfm_error *err)
{
    static const member_rule rules[] = {
        {"name", check_name},    {"start_date", NULL},         {"days", NULL},
        {"target", NULL},        {"overrides", NULL},          {"options", check_options},
        {"created_by", check_name}, {"description", check_text}, {0}};
    if (!json_is_object(spec))
        return wfm_error_set(err, WFM_EINVAL, NULL, "a scenario must be a JSON object");
    if (!json_object_get(spec, "name"))
        return bad(err, "name", "is required", NULL);
    wfm_status st = check_members(spec, "", rules, err);
    wfm_plan_spec parsed;
    if (st == WFM_OK)
        st = wfm_plan_spec_parse(spec, queues, (int)n_queues, interval_min, &parsed, err);
    return st;
}
