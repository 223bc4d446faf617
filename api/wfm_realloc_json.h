/* wfm_realloc_json: the JSON shape of the reallocation's decisions, shared
 * by `wfm reallocate` and the live seat plan (GET .../seatplan/live) so
 * both state each decision once, with the agents it applies to in the
 * order the reallocation named them (optimizer/wfm_reallocate.h,
 * wfm_realloc_decisions):
 *   moves:         {"from", "to", "at", "reason", "count", "agents"}
 *   break_changes: {"from", "to", "reason", "count", "agents"}
 *   proposals:     {"kind": "overtime"|"early_release", "from", "until",
 *                   "reason", "count", "agents"}
 * "count" is the length of "agents". Queues are written by name,
 * "offline" for offline work; times by the caller (timestamps on the live
 * plan, interval indexes in the CLI). */
#ifndef WFM_REALLOC_JSON_H
#define WFM_REALLOC_JSON_H

#include <jansson.h>

#include "core/wfm_error.h"
#include "optimizer/wfm_reallocate.h"

/* What the entries' indexes name; all borrowed. */
typedef struct wfm_realloc_json_names {
    const wfm_realloc_agent *agents;  /* the reallocation's input agents: their .name */
    const char *const *queues;        /* the input queues' names, by index */
    /* An interval (relative to now) as the document writes times; a new
     * reference, NULL when out of memory. */
    json_t *(*time)(const void *ctx, long interval);
    const void *time_ctx;
} wfm_realloc_json_names;

/* The grouped arrays of r; new references (caller owns them). NULL and
 * err set (WFM_ENOMEM) when out of memory or a name is not UTF-8. */
json_t *wfm_realloc_moves_json(const wfm_realloc_result *r, const wfm_realloc_json_names *names,
                               wfm_error *err);
json_t *wfm_realloc_break_changes_json(const wfm_realloc_result *r,
                                       const wfm_realloc_json_names *names, wfm_error *err);
json_t *wfm_realloc_proposals_json(const wfm_realloc_result *r,
                                   const wfm_realloc_json_names *names, wfm_error *err);

#endif
