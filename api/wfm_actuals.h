/* wfm_actuals: the body of POST /v1/centers/{id}/actuals (docs/live.md),
 * read and checked against the center without touching the database, so
 * the whole post is refused before anything is stored (and so the parser
 * can be fuzzed: tests/fuzz/fuzz_actuals.c). Interval rows go through the
 * history import's own field parser and checks (data/wfm_history.h), so they
 * are accepted and refused with the same words. The route
 * (api/wfm_route_actuals.c) loads the center, stores and re-plans. */
#ifndef WFM_ACTUALS_H
#define WFM_ACTUALS_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "core/wfm_error.h"
#include "data/wfm_history.h"

/* Most intervals one post may carry: a day of 15-minute intervals for 20
 * queues. */
#define WFM_ACTUALS_MAX_ROWS 2000

/* What a post is checked against: the center's interval length, its IANA
 * time zone and its queue ids (queues owned by whoever filled the struct). */
typedef struct wfm_actuals_center {
    int interval_s;
    char time_zone[64];
    char **queues;
    size_t n_queues;
} wfm_actuals_center;

/* A post, read and checked. rows are owned (wfm_actuals_post_free);
 * waiting is borrowed from the body, which must outlive the post. */
typedef struct wfm_actuals_post {
    int64_t as_of;          /* Unix seconds */
    wfm_history_set rows;   /* the intervals, in the body's order */
    int has_snapshot;       /* the body had "realtime" */
    int64_t taken_at;       /* Unix seconds; as_of when not given */
    json_int_t logged_in, on_break, available;
    json_t *waiting;        /* borrowed from the body: queue -> count, or NULL */
} wfm_actuals_post;

/* Empties p and sets its as_of (the default when the body has none). */
void wfm_actuals_post_init(wfm_actuals_post *p, int64_t as_of);

/* The body's "as_of" into *as_of, left alone when absent. WFM_EINVAL
 * naming "as_of" when it is not an ISO 8601 time with a UTC offset. */
wfm_status wfm_actuals_as_of(const json_t *body, int64_t *as_of, wfm_error *err);

/* Reads "intervals" and "realtime" of body into p (initialized with
 * wfm_actuals_post_init, as_of set), checking every field, the rows as the
 * history import does (queues of center c, intervals on its local grid,
 * counts consistent, no queue and interval twice) and the live rules (the
 * center's interval length, an interval ended by as_of). Errors name the
 * element: "intervals[1].offered". WFM_EINVAL naming the field and quoting
 * the value (also for a queue the center lacks), WFM_ETOOBIG (422) for more than
 * WFM_ACTUALS_MAX_ROWS intervals, WFM_ENOMEM. The caller frees p with
 * wfm_actuals_post_free, also on failure. */
wfm_status wfm_actuals_parse(const json_t *body, const wfm_actuals_center *c,
                             wfm_actuals_post *p, wfm_error *err);

/* Frees p's rows and empties them. */
void wfm_actuals_post_free(wfm_actuals_post *p);

#endif
