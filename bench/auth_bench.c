/* auth_bench: the CPU time of admitting one request with a cached token
 * (wfm_auth_admit: BLAKE2b of the token, the cache lookup under its lock,
 * the role and center checks, the rate bucket), against a named peer in
 * the same run: matching the same request against the route table
 * (wfm_http_route_find), which every request pays with or without auth.
 * Usage: build/bench/auth_bench DATABASE_URL TOKEN   (bench/auth.sh runs it) */
#include "api/wfm_auth.h"
#include "api/wfm_routes.h"
#include "core/wfm_clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CALLS = 2000000 };

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: auth_bench DATABASE_URL TOKEN\n");
        return 2;
    }
    wfm_error err;
    wfm_db_pool *pool = wfm_db_pool_create(argv[1], 1, &err);
    wfm_auth_opts o;
    wfm_auth_opts_init(&o);
    o.rate_per_s = 1e9; /* counted, never refused */
    o.burst = 1e9;
    wfm_auth *auth = pool ? wfm_auth_create(&o) : NULL;
    if (!auth) {
        fprintf(stderr, "auth_bench: %s\n", pool ? "out of memory" : err.message);
        return 1;
    }
    char header[160];
    snprintf(header, sizeof header, "Bearer %s", argv[2]);
    const char *path = "/v1/centers/b1/seatplan/live";
    size_t n_routes;
    const wfm_route *routes = wfm_routes_list(&n_routes);
    char scratch[64];
    const char *params[WFM_HTTP_MAX_PARAMS];
    size_t n_params;
    const wfm_route *route =
        wfm_http_route_find(routes, n_routes, "GET", path, scratch, params, &n_params);
    wfm_token_info info;
    wfm_http_response res;
    wfm_http_response_init(&res);
    if (!route || !wfm_auth_admit(auth, pool, header, route->needs, "b1", &info, &res)) {
        fprintf(stderr, "auth_bench: the token was not admitted: %s\n", res.body ? res.body : "");
        return 1;
    }

    double start = wfm_clock_now_s();
    int admitted = 0;
    for (int i = 0; i < CALLS; i++)
        admitted += wfm_auth_admit(auth, pool, header, route->needs, "b1", &info, &res);
    double admit_ns = (wfm_clock_now_s() - start) / CALLS * 1e9;

    start = wfm_clock_now_s();
    size_t found = 0;
    for (int i = 0; i < CALLS; i++)
        found += wfm_http_route_find(routes, n_routes, "GET", path, scratch, params, &n_params) != NULL;
    double match_ns = (wfm_clock_now_s() - start) / CALLS * 1e9;

    printf("  wfm_auth_admit, cached token:     %7.0f ns a request (%d of %d admitted)\n",
           admit_ns, admitted, CALLS);
    printf("  peer: route match of the request: %7.0f ns a request (%zu matched)\n", match_ns,
           found);
    printf("  ratio admit / route match: %.2f\n", admit_ns / match_ns);
    wfm_http_response_free(&res);
    wfm_auth_destroy(auth);
    wfm_db_pool_destroy(pool);
    return admitted == CALLS ? 0 : 1;
}
