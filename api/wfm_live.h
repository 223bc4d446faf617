/* wfm_live: the live seat plan of a center (issue 6). A re-plan reads what
 * the database knows about today (migration 007: forecast with its 95 %
 * bound, actuals so far, the latest real-time snapshot, agents on shift with
 * their skills and breaks), then:
 *
 *   1. reforecasts the rest of today (forecast/wfm_reforecast: the day's
 *      level factor (A + k) / (F + k) from the intervals seen so far);
 *   2. turns each live queue's offered load into seats needed for a 95 %
 *      Erlang A answer rate (models/wfm_staffing, 60 s mean patience);
 *   3. reallocates the agents on shift over now .. +8 h (wfm_reallocate);
 *   4. raises surge alerts (wfm_surge) where actuals ran above the 95 %
 *      bound for 2 intervals in a row up to now;
 *   5. stores the plan JSON with its ETag (table live_seat_plan) unless it
 *      is byte for byte the latest one.
 *
 * docs/live.md describes the JSON. */
#ifndef WFM_LIVE_H
#define WFM_LIVE_H

#include "api/wfm_live_cache.h"
#include "core/wfm_error.h"

#include <libpq-fe.h>
#include <stdint.h>

#define WFM_LIVE_HORIZON_S (8 * 3600)

typedef struct wfm_live_stored {
    int64_t plan_id;          /* row of live_seat_plan in force now */
    char etag[WFM_ETAG_MAX];
    int changed;              /* 0: the new plan equals the latest stored one */
    char *text;               /* the plan JSON, malloc'd, the caller frees */
    size_t len;
    double replan_ms;         /* reading, computing, serializing and storing */
} wfm_live_stored;

/* Re-plans center as of Unix time as_of on db, inside the caller's open
 * transaction (it takes a transaction-scoped lock per center, so
 * concurrent re-plans of a center queue up). Fills *out. Fails with
 * WFM_ENOTFOUND (unknown center), WFM_EDB, WFM_EINVAL / WFM_EINFEASIBLE
 * (stored shifts or breaks the reallocation refuses, field named),
 * WFM_ENOMEM; then *out holds no text. */
wfm_status wfm_live_replan(PGconn *db, const char *center, int64_t as_of,
                           wfm_live_stored *out, wfm_error *err);

/* Re-plans, as of boundary (Unix seconds, an interval boundary), every
 * center whose latest live plan was made before boundary and whose
 * interval grid (local clock) has a boundary there, each in a transaction
 * of its own, and puts the new plans in cache. So the plan's "now" moves
 * forward and surge alerts age even when no actuals are posted; a center
 * re-planned by a post after boundary is left alone, and a second call for
 * the same boundary (another server, a retry) changes nothing.
 * *replanned (may be NULL) receives the number of centers re-planned.
 * A center whose re-plan fails does not stop the others; the first failure
 * is returned (WFM_EDB when the database is unreachable). */
wfm_status wfm_live_replan_due(PGconn *db, wfm_live_cache *cache, int64_t boundary,
                               size_t *replanned, wfm_error *err);

#endif
