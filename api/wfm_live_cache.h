/* wfm_live_cache: the latest live seat plan of each center, serialized, in
 * memory. GET /v1/centers/{id}/seatplan/live answers from here only: the
 * wall dashboards poll it all day, so a request costs a lookup and a
 * reference count, never a copy, a computation or a database round trip:
 * the plan bodies are shared blobs (wfm_http_blob) the responses send
 * directly. A re-plan replaces the
 * entry (wfm_live_cache_put); the server fills the cache from the database
 * once, on first use (wfm_live_cache_load).
 *
 * Thread safe: readers share a read lock; a put takes the write lock for a
 * pointer swap only (the new text is built before). */
#ifndef WFM_LIVE_CACHE_H
#define WFM_LIVE_CACHE_H

#include "api/wfm_http.h"
#include "core/wfm_error.h"

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#define WFM_ETAG_MAX 48 /* a quoted ETag and its NUL */

typedef struct wfm_live_cache wfm_live_cache;

/* An empty cache; NULL when out of memory. Free with wfm_live_cache_destroy. */
wfm_live_cache *wfm_live_cache_create(void);
void wfm_live_cache_destroy(wfm_live_cache *cache); /* cache may be NULL */

/* The strong ETag of a plan text: a quoted 64-bit FNV-1a hash and the
 * length, e.g. "\"9f0c2a1b33d4e5f6-2a1c\"". Written into etag. */
void wfm_live_etag(const char *text, size_t len, char etag[WFM_ETAG_MAX]);

/* Makes text (len bytes, copied) with etag the plan of center, unless the
 * cache already holds a plan with a higher plan_id (a slower concurrent
 * re-plan finishing late must not win). A gzip copy is made here too, once
 * per plan, for clients that accept it (the plan JSON shrinks about 10x,
 * and the wall dashboards poll it all day). WFM_ENOMEM. */
wfm_status wfm_live_cache_put(wfm_live_cache *cache, const char *center, int64_t plan_id,
                              const char *text, size_t len, const char *etag, wfm_error *err);

typedef enum wfm_live_lookup {
    WFM_LIVE_MISSING = 0,  /* no plan for this center */
    WFM_LIVE_FOUND,        /* *body is a reference the caller releases */
    WFM_LIVE_NOT_MODIFIED  /* if_none_match names the current ETag; no body */
} wfm_live_lookup;

/* Whether an Accept-Encoding header value accepts gzip (not with q=0).
 * accept_encoding may be NULL. */
int wfm_live_accepts_gzip(const char *accept_encoding);

/* Looks up center's plan. if_none_match is the request's If-None-Match
 * header or NULL ("*" and lists of ETags, weak or strong, are understood;
 * the ETag of either encoding matches). With *gzip nonzero the gzip copy
 * is wanted; *gzip is set to whether the body is gzip. etag receives the
 * current ETag of that encoding (the gzip one ends in -gz) unless MISSING.
 * On WFM_LIVE_FOUND *body is a reference to the plan's bytes (the caller
 * releases it, e.g. by handing it to wfm_http_shared and releasing its
 * own); otherwise *body is NULL. */
wfm_live_lookup wfm_live_cache_get(wfm_live_cache *cache, const char *center,
                                   const char *if_none_match, int *gzip,
                                   wfm_http_blob **body, char etag[WFM_ETAG_MAX]);

/* Loads the latest stored plan of every center (table live_seat_plan), the
 * first time it succeeds; later calls return WFM_OK at once. WFM_EDB when
 * the query fails (then a later call tries again). */
wfm_status wfm_live_cache_load(wfm_live_cache *cache, PGconn *db, wfm_error *err);

/* Nonzero once wfm_live_cache_load has succeeded. */
int wfm_live_cache_loaded(wfm_live_cache *cache);

#endif
