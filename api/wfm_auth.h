/* wfm_auth: bearer-token authentication and per-token rate limits of the
 * server, in front of the route handlers (docs/security.md).
 *
 * A request to a route that needs a capability (wfm_route.needs != 0) must
 * carry `Authorization: Bearer wfm_<id>_<secret>` (data/wfm_token.h); no
 * other place is read, so a token never sits in a URL, a proxy's log or the
 * browser history. wfm_auth_admit decides before the body is read:
 *
 *     401 unauthorized   no header, not "Bearer", or a token that is
 *                        malformed, unknown or revoked (WWW-Authenticate:
 *                        Bearer ..., error="invalid_token")
 *     403 forbidden      the token's role lacks the capability, or the
 *                        path's center is not the token's
 *     429 rate_limited   the token's bucket is empty (Retry-After)
 *     503                the database is needed to check the token and is
 *                        down (Retry-After): not a 401, the token may be fine
 *
 * Verified tokens are kept in memory for cache_ttl_s (keyed by a BLAKE2b
 * hash of the token, never the token itself), so the live-plan polls of
 * the wall dashboards do not cost a database round trip each. The price:
 * a revoked token keeps working on a running server for up to cache_ttl_s.
 * Failures are never cached, so a token created a moment ago works at once.
 *
 * Rate limit: a token bucket per token (the meter of RFC 2697 with one
 * bucket): it refills at rate_per_s a second up to burst; each request
 * takes one. The state lives with the cached token and
 * survives its re-verification. The table is bounded (max_tokens); when it
 * is full of live entries a newly seen token is verified on every request
 * and not rate limited, which a stolen-token attacker cannot exploit without
 * holding max_tokens valid tokens. */
#ifndef WFM_AUTH_H
#define WFM_AUTH_H

#include "api/wfm_db.h"
#include "api/wfm_http.h"
#include "data/wfm_token.h"

#include <stddef.h>

typedef struct wfm_auth_opts {
    double cache_ttl_s; /* how long a verified token is trusted without the database; 30 */
    double rate_per_s;  /* requests a second per token, refilled continuously; 0 = no limit */
    double burst;       /* requests a token may make at once; 200 (at least 1) */
    size_t max_tokens;  /* tokens remembered at once; 10000 */
} wfm_auth_opts;

/* Defaults: 30 s cache, 100 requests/s, burst 200, 10,000 tokens. A wall
 * dashboard polling every 2 s uses half a request a second. */
void wfm_auth_opts_init(wfm_auth_opts *o);

typedef struct wfm_auth wfm_auth;

/* A new, empty cache with o's settings (copied). NULL when out of memory.
 * Free with wfm_auth_destroy (NULL is fine). Thread-safe. */
wfm_auth *wfm_auth_create(const wfm_auth_opts *o);
void wfm_auth_destroy(wfm_auth *auth);

/* Authenticates the Authorization header value `authorization` (may be
 * NULL) for a route that needs the capabilities `needs`, addressed to
 * center_id (NULL: the route names no center; the handler checks). Checks
 * the token against the cache, else with wfm_token_verify on a connection
 * of pool; then the role, the center and the token's rate. Returns 1 and
 * fills *info when the request may go on; 0 with the error response in res
 * otherwise (see the table above). Never copies the token into res or a
 * log. */
int wfm_auth_admit(wfm_auth *auth, wfm_db_pool *pool, const char *authorization, unsigned needs,
                   const char *center_id, wfm_token_info *info, wfm_http_response *res);

/* Makes every cached token due for re-verification at its next use (rate
 * buckets are kept). For tests (instead of waiting cache_ttl_s) and for an
 * operator who has just revoked a token. */
void wfm_auth_expire_all(wfm_auth *auth);

/* How many tokens the cache holds now. */
size_t wfm_auth_cached(wfm_auth *auth);

#endif
