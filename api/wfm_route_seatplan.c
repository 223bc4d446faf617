/* GET /v1/centers/{id}/seatplan/live and GET /v1/centers/{id}/seatplan?at=.
 *
 * The live plan is what the wall dashboards poll all day: it comes from the
 * server's in-memory cache (wfm_live_cache), never recomputed and never read
 * from the database per request. It carries a strong ETag; a poll with
 * If-None-Match naming it gets 304 and no body. Cache-Control: no-cache
 * lets any cache keep the plan but makes it revalidate on every poll, so a
 * new plan shows at once. The plan in force at an earlier time comes from
 * the database (table live_seat_plan). Clients that accept gzip get the
 * copy the cache compressed once per plan (ETag ending in -gz). */
#include "api/wfm_db.h"
#include "api/wfm_live.h"
#include "api/wfm_routes.h"
#include "api/wfm_server.h"
#include "core/wfm_date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void plan_headers(wfm_http_response *res, const char *etag)
{
    wfm_http_header(res, "ETag", etag);
    wfm_http_header(res, "Cache-Control", "no-cache");
}

/* The cache is filled at server start; when the database was down then,
 * the first request fills it (once). */
static int ensure_loaded(const wfm_http_request *req, wfm_http_response *res)
{
    wfm_live_cache *cache = wfm_server_live_cache(req->server);
    if (wfm_live_cache_loaded(cache))
        return 1;
    wfm_error err;
    wfm_error_clear(&err);
    PGconn *db = wfm_db_acquire(req->server, &err);
    wfm_status st = db ? wfm_live_cache_load(cache, db, &err) : err.status;
    wfm_db_release(req->server, db);
    if (st != WFM_OK)
        wfm_http_error_from(res, &err);
    return st == WFM_OK;
}

void wfm_route_seatplan_live_get(const wfm_http_request *req, wfm_http_response *res)
{
    if (!ensure_loaded(req, res))
        return;
    wfm_http_blob *body;
    char etag[WFM_ETAG_MAX];
    int gzip = wfm_live_accepts_gzip(wfm_http_request_header(req, "Accept-Encoding"));
    wfm_live_lookup found = wfm_live_cache_get(wfm_server_live_cache(req->server),
                                               req->params[0],
                                               wfm_http_request_header(req, "If-None-Match"),
                                               &gzip, &body, etag);
    if (found == WFM_LIVE_MISSING) {
        wfm_http_error(res, 404, "not_found", "id",
                       "no live seat plan for center '%.64s' (unknown center, or no actuals "
                       "posted yet)", req->params[0]);
        return;
    }
    if (found == WFM_LIVE_FOUND) {
        wfm_http_shared(res, 200, "application/json", body); /* sent without a copy */
        wfm_http_blob_release(body);
    } else {
        wfm_http_text(res, 304, "application/json", NULL, 0);
    }
    plan_headers(res, etag);
    wfm_http_header(res, "Vary", "Accept-Encoding");
    if (gzip && found == WFM_LIVE_FOUND)
        wfm_http_header(res, "Content-Encoding", "gzip");
}

void wfm_route_seatplan_get(const wfm_http_request *req, wfm_http_response *res)
{
    const char *at_text = wfm_http_query(req, "at");
    int64_t at;
    if (!at_text || !wfm_timestamp_parse(at_text, &at)) {
        wfm_http_error(res, 400, "invalid_argument", "at",
                       "at must be an ISO 8601 time with a UTC offset, not '%.64s'",
                       at_text ? at_text : "(missing)");
        return;
    }
    wfm_error err;
    wfm_error_clear(&err);
    PGconn *db = wfm_db_acquire(req->server, &err);
    if (!db) {
        wfm_http_error_from(res, &err);
        return;
    }
    char t[32];
    snprintf(t, sizeof t, "%lld", (long long)at);
    const char *params[] = {req->params[0], t};
    PGresult *r = wfm_db_query(db,
        "SELECT plan, etag FROM live_seat_plan WHERE center_id = $1"
        " AND created_at < to_timestamp($2::bigint + 1) ORDER BY created_at DESC, id DESC"
        " LIMIT 1", 2, params, &err);
    if (!r) {
        wfm_http_error_from(res, &err);
    } else if (PQntuples(r) == 0) {
        wfm_http_error(res, 404, "not_found", "at",
                       "no seat plan of center '%.64s' was in force at %.64s", req->params[0],
                       at_text);
    } else {
        size_t len = (size_t)PQgetlength(r, 0, 0);
        char *text = malloc(len + 1);
        if (text) {
            memcpy(text, PQgetvalue(r, 0, 0), len + 1);
            wfm_http_text(res, 200, "application/json", text, len);
            plan_headers(res, PQgetvalue(r, 0, 1));
        } else {
            wfm_http_error(res, 500, "out_of_memory", NULL, "out of memory for the plan");
        }
    }
    PQclear(r);
    wfm_db_release(req->server, db);
}
