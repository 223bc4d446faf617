/* wfm_route_util: what the routes of stored resources (jobs, rosters,
 * scenarios) share: the resource id of the path with a pooled connection,
 * positive integer query arguments (?limit=, ?before_id=), and the
 * keyset-paged list answer {"<items>": [...], "next_before_id": id | null},
 * newest first, where a full page may have more behind it and the client
 * asks again with before_id = the last id. */
#ifndef WFM_ROUTE_UTIL_H
#define WFM_ROUTE_UTIL_H

#include <stdbool.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "api/wfm_http.h"

/* The first path parameter ({id} of /v1/<resource>/{id}[/...]) as a
 * positive integer into *id, and a pooled connection into *db (the caller
 * releases it with wfm_db_release). false with the error response in res
 * otherwise (400 naming "id", 503 without a database). err is cleared for
 * the caller's further use. */
bool wfm_route_open_id(const wfm_http_request *req, wfm_http_response *res, long long *id,
                       PGconn **db, wfm_error *err);

/* The query argument name as a positive integer into *out, left alone when
 * absent. false with a 400 naming it in res otherwise. */
bool wfm_http_query_positive(const wfm_http_request *req, wfm_http_response *res,
                             const char *name, long long *out);

/* 200 {key: items, "next_before_id"} with Cache-Control: no-store (lists
 * change as jobs run). items (stolen) is the page of at most limit objects
 * with an "id", newest first. */
void wfm_http_list_page(wfm_http_response *res, const char *key, json_t *items, long long limit);

#endif
