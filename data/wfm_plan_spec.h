/* wfm_plan_spec: the spec of a planning horizon (data/wfm_plan_input.h)
 * read and checked against a center's queues: the horizon, the target and
 * every override, each refused with its field and value ("overrides.
 * volume_factor.fax: center has no queue 'fax'"). No database: the caller
 * gives the queue names. */
#ifndef WFM_PLAN_SPEC_H
#define WFM_PLAN_SPEC_H

#include <stdint.h>
#include <jansson.h>

#include "core/wfm_error.h"
#include "optimizer/wfm_roster.h"

typedef struct wfm_plan_spec {
    char start_date[11];   /* "YYYY-MM-DD" */
    int32_t start_day;     /* its day number (core/wfm_date.h) */
    int days;              /* 1..WFM_ROSTER_MAX_DAYS, default 7 */
    const char *target;    /* "seats" or "daily-answer-rate" (static storage) */
    /* per queue, in the order of the names given to the parser */
    double volume_factor[WFM_ROSTER_MAX_QUEUES];   /* default 1 */
    double aht_factor[WFM_ROSTER_MAX_QUEUES];      /* default 1 */
    double patience_s[WFM_ROSTER_MAX_QUEUES];      /* 0: from history */
    int open_min[WFM_ROSTER_MAX_QUEUES];           /* -1: open all day */
    int close_min[WFM_ROSTER_MAX_QUEUES];
    double day_volume_factor[WFM_ROSTER_MAX_DAYS]; /* by day of the horizon, default 1 */
    double answer_rate;        /* default 0.95 (or options.daily_answer_rate) */
    double service_level;      /* share; 0: no service-level target */
    double service_level_s;    /* default 20 */
    double interval_floor;     /* < 0: the optimizer's default */
    double shrinkage;          /* default 0 */
    double cost_per_paid_hour; /* < 0: the optimizer's default */
    int max_agents;            /* < 0: no limit */
    const json_t *new_hires;   /* validated array or NULL (borrowed from the spec) */
    const json_t *templates;   /* replacement templates or NULL (borrowed) */
    const json_t *options;     /* the spec's "options" object or NULL (borrowed) */
    const json_t *overrides;   /* the spec's "overrides" object or NULL (borrowed) */
} wfm_plan_spec;

/* Reads spec (a JSON object) for a center with n_queues queues named
 * queues[] and intervals of interval_min minutes (opening hours must fall on
 * that grid). out borrows parts of spec: keep spec alive while out is used.
 * WFM_EINVAL naming the field ("start_date", "days", "target",
 * "overrides.<key>[.<queue>]") and the value. */
wfm_status wfm_plan_spec_parse(const json_t *spec, const char *const *queues, int n_queues,
                               int interval_min, wfm_plan_spec *out, wfm_error *err);

#endif
