/* wfm_actuals: the body of POST /v1/centers/{id}/actuals (docs/live.md),
 * read and checked against the center without touching the database, so
 * the whole post is refused before anything is stored (and so the parser
 * can be fuzzed: tests/fuzz/fuzz_actuals.c). The route
 * (api/wfm_route_actuals.c) loads the center, stores and re-plans. */
#ifndef WFM_ACTUALS_H
#define WFM_ACTUALS_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "core/wfm_error.h"

/* Most intervals one post may carry: a day of 15-minute intervals for 20
 * queues. */
#define WFM_ACTUALS_MAX_ROWS 2000

/* One interval result. queue points into the body. */
typedef struct wfm_actual_row {
    const char *queue;
    int64_t start; /* Unix seconds */
    json_int_t offered, answered, abandoned;
    double handle_time_s, wait_time_s;
} wfm_actual_row;

/* What a post is checked against: the center's interval length, its UTC
 * offset at as_of and its queue ids (owned by whoever loaded them). */
typedef struct wfm_actuals_center {
    int interval_s;
    int utc_offset_s;
    char **queues;
    size_t n_queues;
} wfm_actuals_center;

/* A checked post. rows are malloc'd (wfm_actuals_post_free); queue ids and
 * waiting are borrowed from the body, which must outlive the post. */
typedef struct wfm_actuals_post {
    int64_t as_of;
    wfm_actual_row *rows;
    size_t n_rows;
    int has_snapshot;
    int64_t taken_at;
    json_int_t logged_in, on_break, available;
    json_t *waiting; /* borrowed from the body: queue -> count */
} wfm_actuals_post;

/* The body's "as_of" into *as_of, left alone when absent (the caller puts
 * the current time there first). WFM_EINVAL naming "as_of" when it is not
 * an ISO 8601 time with a UTC offset. */
wfm_status wfm_actuals_as_of(const json_t *body, int64_t *as_of, wfm_error *err);

/* Reads "intervals" and "realtime" of body into p (p->as_of set by the
 * caller; the other fields zero), checking every field and the rows against
 * center c. WFM_EINVAL naming the field and quoting the value, WFM_ENOTFOUND
 * for a queue the center lacks, WFM_ELIMIT for more than
 * WFM_ACTUALS_MAX_ROWS intervals, WFM_ENOMEM. The caller frees p with
 * wfm_actuals_post_free, also on failure. */
wfm_status wfm_actuals_parse(const json_t *body, const wfm_actuals_center *c,
                             wfm_actuals_post *p, wfm_error *err);

/* Frees p's rows and empties them. */
void wfm_actuals_post_free(wfm_actuals_post *p);

#endif
