/* Specification of authentication, roles and limits as a client sees them
 * (api/wfm_auth.h, docs/security.md): protected routes need
 * `Authorization: Bearer <token>`; a missing, garbled or revoked token is
 * 401, a token of the wrong role or of another center 403, a token over its
 * rate 429; the database being down while a token must be checked is 503;
 * bodies over the route's limit are 413 before anything else is read; a
 * roster over 28 days or over the agent limit is 422; the access log never
 * holds a token's secret. Needs WFM_TEST_DATABASE_URL, WFM_SOURCE_DIR and
 * WFM_BUILD_DIR. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/wfm_auth.h"
#include "data/wfm_token.h"
#include "tests/support/wfm_testdb.h"
#include "tests/support/wfm_testhttp.h"
#include "tests/support/wfm_testserver.h"

static const char SEED[] =
    "INSERT INTO center (id, name, time_zone) VALUES"
    " ('north', 'North hotline', 'Asia/Shanghai'), ('south', 'South hotline', 'Asia/Shanghai');";

/* A roster of center north, stored directly: what the routes by roster id
 * must guard. Returns its id. */
static long long seed_roster(PGconn *db, const char *center)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO roster (center_id, start_date, days, kpis, input, document, csv)"
             " VALUES ('%s', '2026-12-07', 7, '{}', '{}', '{}', 'agent,date\n') RETURNING id",
             center);
    char *id = wfm_testdb_scalar(db, sql);
    long long value = atoll(id);
    free(id);
    return value;
}

/* A queued job of kind for center (NULL: a job of no center). */
static long long seed_job(PGconn *db, const char *center, const char *kind)
{
    char sql[256];
    snprintf(sql, sizeof sql, "INSERT INTO job (center_id, kind) VALUES (%s%s%s, '%s') RETURNING id",
             center ? "'" : "", center ? center : "NULL", center ? "'" : "", kind);
    char *id = wfm_testdb_scalar(db, sql);
    long long value = atoll(id);
    free(id);
    return value;
}

static int start(void **state)
{
    wfm_test_server *ts = wfm_test_server_start_auth("auth_api", SEED);
    *state = ts;
    return ts ? 0 : -1;
}

static int stop(void **state)
{
    wfm_test_server_stop(*state);
    return 0;
}

/* The error reply's code, "" when the body is not a JSON error. */
static const char *error_code(const wfm_test_reply *r)
{
    const char *code =
        json_string_value(json_object_get(json_object_get(r->json, "error"), "code"));
    return code ? code : "";
}

/* method path with the one header line (may be NULL) answers status, with
 * an error code when code is not NULL. */
static void expect(const wfm_test_server *ts, const char *method, const char *path,
                   const char *header, long status, const char *code)
{
    const char *headers[] = {header, NULL};
    wfm_test_reply r = wfm_test_http(ts, method, path, NULL, NULL, header ? headers : NULL);
    if (r.status != status)
        fail_msg("%s %s: %ld, expected %ld: %s", method, path, r.status, status, r.body);
    if (code)
        assert_string_equal(error_code(&r), code);
    wfm_test_reply_free(&r);
}

static void public_routes_need_no_token(void **state)
{
    expect(*state, "GET", "/v1/health", NULL, 200, NULL);
    expect(*state, "GET", "/", NULL, 200, NULL);
    expect(*state, "GET", "/web/app.js", NULL, 200, NULL);
}

static void a_missing_token_is_401_with_a_bearer_challenge(void **state)
{
    wfm_test_reply r = wfm_test_http(*state, "GET", "/v1/centers/north/rosters", NULL, NULL, NULL);
    assert_int_equal(r.status, 401);
    assert_string_equal(error_code(&r), "unauthorized");
    assert_string_equal(wfm_test_error_field(&r), "Authorization");
    assert_string_equal(r.www_authenticate, "Bearer realm=\"hotline-wfm\"");
    wfm_test_reply_free(&r);
}

static void garbled_tokens_are_401_invalid_token(void **state)
{
    char *good = wfm_test_token_header(*state, "north", "viewer");
    char forged[160];
    snprintf(forged, sizeof forged, "%s", good);
    char *last = forged + strlen(forged) - 1;
    *last = *last == 'A' ? 'B' : 'A'; /* the right id, a wrong secret */
    const char *bad[] = {
        "Authorization: Bearer nonsense",
        "Authorization: Basic bm9ydGg6cGFzc3dvcmQ=",
        "Authorization: Bearer",
        "Authorization: Bearer wfm_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        forged,
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *headers[] = {bad[i], NULL};
        wfm_test_reply r = wfm_test_http(*state, "GET", "/v1/centers/north/rosters", NULL, NULL,
                                         headers);
        assert_int_equal(r.status, 401);
        assert_string_equal(error_code(&r), "unauthorized");
        assert_non_null(strstr(r.www_authenticate, "Bearer realm=\"hotline-wfm\""));
        /* Neither the token nor its secret comes back in the answer. */
        assert_null(strstr(r.body, forged + strlen("Authorization: Bearer wfm_")));
        wfm_test_reply_free(&r);
    }
    expect(*state, "GET", "/v1/centers/north/rosters", good, 200, NULL);
    free(good);
}

/* A revoked token keeps working until the cache entry expires (at most the
 * TTL, 30 s by default: documented); the test hook expires it at once. */
static void a_revoked_token_is_401_once_its_cache_entry_expires(void **state)
{
    wfm_test_server *ts = *state;
    char *header = wfm_test_token_header(ts, "north", "viewer");
    expect(ts, "GET", "/v1/centers/north/rosters", header, 200, NULL);
    char token_id[WFM_TOKEN_ID_LEN + 1];
    snprintf(token_id, sizeof token_id, "%s", header + strlen("Authorization: Bearer wfm_"));
    wfm_error err;
    assert_int_equal(wfm_token_revoke(ts->db, token_id, &err), WFM_OK);
    expect(ts, "GET", "/v1/centers/north/rosters", header, 200, NULL);
    wfm_auth_expire_all(wfm_server_auth(ts->server));
    expect(ts, "GET", "/v1/centers/north/rosters", header, 401, "unauthorized");
    free(header);
}

static void a_viewer_may_read_but_not_build_rosters(void **state)
{
    wfm_test_server *ts = *state;
    char *viewer = wfm_test_token_header(ts, "north", "viewer");
    const char *headers[] = {viewer, NULL};
    wfm_test_reply r = wfm_test_http(ts, "POST", "/v1/centers/north/rosters", "application/json",
                                     "{}", headers);
    assert_int_equal(r.status, 403);
    assert_string_equal(error_code(&r), "forbidden");
    assert_non_null(strstr(json_string_value(json_object_get(json_object_get(r.json, "error"),
                                                             "message")),
                           "manager or admin"));
    assert_non_null(strstr(r.www_authenticate, "insufficient_scope"));
    wfm_test_reply_free(&r);
    expect(ts, "GET", "/v1/centers/north/rosters", viewer, 200, NULL);
    expect(ts, "PUT", "/v1/centers/north/calendar", viewer, 403, "forbidden");
    free(viewer);
}

static void the_right_role_is_admitted(void **state)
{
    wfm_test_server *ts = *state;
    char *manager = wfm_test_token_header(ts, "north", "manager");
    char *viewer = wfm_test_token_header(ts, "north", "viewer");
    char path[64];
    snprintf(path, sizeof path, "/v1/rosters/%lld", seed_roster(ts->db, "north"));
    expect(ts, "DELETE", path, viewer, 403, "forbidden");
    expect(ts, "DELETE", path, manager, 204, NULL);
    /* The manager's body gets to the handler: a 400 naming the field, not a 401/403. */
    const char *headers[] = {manager, NULL};
    wfm_test_reply r = wfm_test_http(ts, "POST", "/v1/centers/north/rosters", "application/json",
                                     "{\"days\": \"seven\", \"required\": {}}", headers);
    assert_int_equal(r.status, 400);
    wfm_test_reply_free(&r);
    free(manager);
    free(viewer);
}

static void another_centers_token_is_403(void **state)
{
    wfm_test_server *ts = *state;
    char *south = wfm_test_token_header(ts, "south", "admin");
    char *north = wfm_test_token_header(ts, "north", "viewer");
    expect(ts, "GET", "/v1/centers/north/forecast?queue=phone", south, 403, "forbidden");
    expect(ts, "GET", "/v1/centers/north/rosters", south, 403, "forbidden");
    char path[96];
    long long id = seed_roster(ts->db, "north");
    snprintf(path, sizeof path, "/v1/rosters/%lld", id);
    expect(ts, "GET", path, south, 403, "forbidden");
    expect(ts, "GET", path, north, 200, NULL);
    snprintf(path, sizeof path, "/v1/rosters/%lld/export.csv", id);
    expect(ts, "GET", path, south, 403, "forbidden");
    expect(ts, "GET", path, north, 200, NULL);
    snprintf(path, sizeof path, "/v1/rosters/%lld/publish", id);
    expect(ts, "POST", path, south, 403, "forbidden");
    /* An unknown roster is a 404 to anyone: there is nothing to guard. */
    expect(ts, "GET", "/v1/rosters/999999", south, 404, "not_found");
    free(south);
    free(north);
}

/* A job is seen by its center's tokens; cancelling it needs what created
 * it: roster -> manager, scenario -> planner, anything else -> admin. */
static void jobs_are_guarded_by_their_center_and_kind(void **state)
{
    wfm_test_server *ts = *state;
    char *viewer = wfm_test_token_header(ts, "north", "viewer");
    char *manager = wfm_test_token_header(ts, "north", "manager");
    char *planner = wfm_test_token_header(ts, "north", "planner");
    char *south = wfm_test_token_header(ts, "south", "admin");
    char path[64], cancel[80];
    snprintf(path, sizeof path, "/v1/jobs/%lld", seed_job(ts->db, "north", "roster"));
    snprintf(cancel, sizeof cancel, "%s/cancel", path);
    expect(ts, "GET", path, viewer, 200, NULL);
    expect(ts, "GET", path, south, 403, "forbidden");
    expect(ts, "POST", cancel, viewer, 403, "forbidden");
    expect(ts, "POST", cancel, planner, 403, "forbidden");
    expect(ts, "POST", cancel, south, 403, "forbidden");
    expect(ts, "POST", cancel, manager, 200, NULL);

    snprintf(cancel, sizeof cancel, "/v1/jobs/%lld/cancel", seed_job(ts->db, "north", "scenario"));
    expect(ts, "POST", cancel, manager, 403, "forbidden");
    expect(ts, "POST", cancel, planner, 200, NULL);

    snprintf(path, sizeof path, "/v1/jobs/%lld", seed_job(ts->db, NULL, "maintenance"));
    expect(ts, "GET", path, viewer, 403, "forbidden");
    free(viewer);
    free(manager);
    free(planner);
    free(south);
}

/* The center's queue is full (20 queued jobs): a roster request is 429 with
 * Retry-After, something to retry, not a 413. */
static void a_full_job_queue_is_429(void **state)
{
    wfm_test_server *ts = *state;
    free(wfm_testdb_scalar(ts->db, "INSERT INTO job (center_id, kind)"
                                   " SELECT 'south', 'roster' FROM generate_series(1, 20)"
                                   " RETURNING 1"));
    char *manager = wfm_test_token_header(ts, "south", "manager");
    const char *src = getenv("WFM_SOURCE_DIR");
    char fixture[1024];
    snprintf(fixture, sizeof fixture, "%s/tests/fixtures/roster_small.json", src ? src : ".");
    json_t *doc = json_load_file(fixture, 0, NULL);
    assert_non_null(doc);
    char *body = json_dumps(doc, JSON_COMPACT);
    const char *headers[] = {manager, NULL};
    wfm_test_reply r = wfm_test_http(ts, "POST", "/v1/centers/south/rosters", "application/json",
                                     body, headers);
    assert_int_equal(r.status, 429);
    assert_string_equal(error_code(&r), "limit_exceeded");
    assert_true(atoi(r.retry_after) >= 1);
    wfm_test_reply_free(&r);
    free(body);
    json_decref(doc);
    free(manager);
}

/* ---- limits: a server of small limits ------------------------------------ */

static wfm_test_server *start_small(void)
{
    wfm_server_opts o;
    wfm_server_opts_init(&o);
    o.threads = 2;
    o.access_log = 0;
    o.max_body_bytes = 1024;
    o.max_import_bytes = 4096;
    o.max_agents = 3;
    o.auth_opts.rate_per_s = 0.1; /* slow enough that a loaded machine cannot refill it */
    o.auth_opts.burst = 4;
    wfm_test_server *ts = wfm_test_server_start_opts("auth_limits", SEED, &o);
    assert_non_null(ts);
    return ts;
}

static char *filled(size_t len, char c)
{
    char *text = malloc(len + 1);
    memset(text, c, len);
    text[len] = '\0';
    return text;
}

/* The import route takes bodies up to max_import_bytes, the others up to
 * max_body_bytes; past them 413 before the body is read. A caller without
 * a token is refused (401) before its body is looked at. */
static void bodies_over_the_route_limit_are_413(void **state)
{
    (void)state;
    wfm_test_server *ts = start_small();
    char *admin = wfm_test_token_header(ts, "north", "admin");
    const char *headers[] = {admin, NULL};
    char *two_k = filled(2000, 'x'), *five_k = filled(5000, 'x');
    wfm_test_reply r = wfm_test_http(ts, "PUT", "/v1/centers/north/calendar", "application/json",
                                     two_k, headers);
    assert_int_equal(r.status, 413);
    assert_string_equal(error_code(&r), "payload_too_large");
    wfm_test_reply_free(&r);
    r = wfm_test_http(ts, "POST", "/v1/centers/north/history", "text/csv", two_k, headers);
    assert_int_equal(r.status, 400); /* within the import limit: the CSV itself is refused */
    wfm_test_reply_free(&r);
    r = wfm_test_http(ts, "POST", "/v1/centers/north/history", "text/csv", five_k, headers);
    assert_int_equal(r.status, 413);
    wfm_test_reply_free(&r);
    r = wfm_test_http(ts, "POST", "/v1/centers/north/history", "text/csv", five_k, NULL);
    assert_int_equal(r.status, 401);
    wfm_test_reply_free(&r);
    free(two_k);
    free(five_k);
    free(admin);
    wfm_test_server_stop(ts);
}

/* burst 4, one request each 10 s: the fifth request at once is 429 with
 * Retry-After (about 10 s); another token has its own bucket. */
static void a_token_over_its_rate_is_429(void **state)
{
    (void)state;
    wfm_test_server *ts = start_small();
    char *first = wfm_test_token_header(ts, "north", "viewer");
    char *second = wfm_test_token_header(ts, "north", "viewer");
    for (int i = 0; i < 4; i++)
        expect(ts, "GET", "/v1/centers/north/rosters", first, 200, NULL);
    const char *headers[] = {first, NULL};
    wfm_test_reply r = wfm_test_http(ts, "GET", "/v1/centers/north/rosters", NULL, NULL, headers);
    assert_int_equal(r.status, 429);
    assert_string_equal(error_code(&r), "rate_limited");
    assert_in_range(atoi(r.retry_after), 1, 10);
    wfm_test_reply_free(&r);
    expect(ts, "GET", "/v1/centers/north/rosters", second, 200, NULL);
    expect(ts, "GET", "/v1/health", NULL, 200, NULL); /* public routes count no tokens */
    free(first);
    free(second);
    wfm_test_server_stop(ts);
}

/* The cache holds at most max_tokens: a token beyond them is still
 * admitted, checked against the database each time. */
static void a_full_cache_still_admits_new_tokens(void **state)
{
    (void)state;
    wfm_server_opts o;
    wfm_server_opts_init(&o);
    o.threads = 2;
    o.access_log = 0;
    o.auth_opts.max_tokens = 2;
    wfm_test_server *ts = wfm_test_server_start_opts("auth_full_cache", SEED, &o);
    assert_non_null(ts);
    for (int i = 0; i < 3; i++) {
        char *header = wfm_test_token_header(ts, "north", "viewer");
        expect(ts, "GET", "/v1/centers/north/rosters", header, 200, NULL);
        expect(ts, "GET", "/v1/centers/north/rosters", header, 200, NULL);
        free(header);
    }
    assert_int_equal(wfm_auth_cached(wfm_server_auth(ts->server)), 2);
    wfm_test_server_stop(ts);
}

/* A roster over four weeks, or over the server's agent limit, is valid
 * input the server will not take on: 422 naming the field. */
static void rosters_over_the_size_limits_are_422(void **state)
{
    (void)state;
    wfm_test_server *ts = start_small();
    char *manager = wfm_test_token_header(ts, "north", "manager");
    const char *headers[] = {manager, NULL};
    const char *bodies[][2] = {
        {"{\"start_date\": \"2026-12-07\", \"days\": 29}", "days"},
        {"{\"days\": 7, \"agents\": [{}, {}, {}, {}]}", "agents"},
    };
    for (size_t i = 0; i < 2; i++) {
        wfm_test_reply r = wfm_test_http(ts, "POST", "/v1/centers/north/rosters",
                                         "application/json", bodies[i][0], headers);
        assert_int_equal(r.status, 422);
        assert_string_equal(error_code(&r), "over_limit");
        assert_string_equal(wfm_test_error_field(&r), bodies[i][1]);
        wfm_test_reply_free(&r);
    }
    free(manager);
    wfm_test_server_stop(ts);
}

/* A token that must be checked while the database is away is 503 (try
 * again), never 401 (which would tell the client to drop its token). */
static void an_unreachable_database_is_503_not_401(void **state)
{
    (void)state;
    char *url = wfm_testdb_url("auth_no_such_database");
    wfm_server_opts o;
    wfm_server_opts_init(&o);
    o.port = 0;
    o.bind_address = "127.0.0.1";
    o.database_url = url;
    o.threads = 2;
    o.access_log = 0;
    wfm_error err;
    wfm_server *srv = wfm_server_start(&o, &err);
    assert_non_null(srv);
    const char *headers[] = {
        "Authorization: Bearer wfm_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL};
    wfm_test_reply r = wfm_test_http_port(wfm_server_port(srv), "GET",
                                          "/v1/centers/north/rosters", NULL, NULL, headers);
    assert_int_equal(r.status, 503);
    assert_string_equal(r.retry_after, "5");
    wfm_test_reply_free(&r);
    wfm_server_stop(srv);
    free(url);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *text = calloc(1, (size_t)size + 1);
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    return text;
}

/* The program's access log names the token by its id (the public half) and
 * never holds the secret, whether the token was good, bad, or put where it
 * does not belong (the query string, which is never read). */
static void the_access_log_never_holds_a_token(void **state)
{
    wfm_test_server *ts = *state;
    char *header = wfm_test_token_header(ts, "north", "viewer");
    const char *token = header + strlen("Authorization: Bearer ");
    const char *secret = token + strlen("wfm_") + WFM_TOKEN_ID_LEN + 1;
    wfm_testserver child;
    wfm_testserver_start_auth(ts->db_url, (const char *[]){"--no-migrate", "--job-threads", "0",
                                                           NULL},
                              &child);
    wfm_testreply r;
    wfm_testserver_request_token(&child, "GET", "/v1/centers/north/rosters", NULL, token, &r);
    assert_int_equal(r.status, 200);
    wfm_testreply_free(&r);
    char wrong[WFM_TOKEN_MAX];
    snprintf(wrong, sizeof wrong, "%s", token);
    wrong[strlen(wrong) - 1] = wrong[strlen(wrong) - 1] == 'A' ? 'B' : 'A';
    wfm_testserver_request_token(&child, "GET", "/v1/centers/north/rosters", NULL, wrong, &r);
    assert_int_equal(r.status, 401);
    wfm_testreply_free(&r);
    char path[160];
    snprintf(path, sizeof path, "/v1/centers/north/rosters?access_token=%s", token);
    wfm_testserver_request(&child, "GET", path, NULL, &r);
    assert_int_equal(r.status, 401); /* a token in the URL does not count */
    wfm_testreply_free(&r);

    char *log = read_file(child.log_path);
    char expected[64];
    snprintf(expected, sizeof expected, " 200 ");
    assert_non_null(strstr(log, expected));
    snprintf(expected, sizeof expected, "token=%.*s", WFM_TOKEN_ID_LEN, token + strlen("wfm_"));
    assert_non_null(strstr(log, expected));
    assert_null(strstr(log, secret));
    assert_null(strstr(log, wrong + strlen("wfm_") + WFM_TOKEN_ID_LEN + 1));
    assert_null(strstr(log, "access_token"));
    free(log);
    assert_int_equal(wfm_testserver_stop(&child), 0);
    free(header);
}

/* After `wfm token revoke`, SIGHUP to the server makes the revocation
 * take effect at once instead of within the cache TTL. */
static void sighup_makes_a_revocation_immediate(void **state)
{
    wfm_test_server *ts = *state;
    char *header = wfm_test_token_header(ts, "north", "viewer");
    const char *token = header + strlen("Authorization: Bearer ");
    wfm_testserver child;
    wfm_testserver_start_auth(ts->db_url, (const char *[]){"--no-migrate", "--job-threads", "0",
                                                           NULL},
                              &child);
    wfm_testreply r;
    wfm_testserver_request_token(&child, "GET", "/v1/centers/north/rosters", NULL, token, &r);
    assert_int_equal(r.status, 200);
    wfm_testreply_free(&r);
    char token_id[WFM_TOKEN_ID_LEN + 1];
    snprintf(token_id, sizeof token_id, "%s", token + strlen("wfm_"));
    wfm_error err;
    assert_int_equal(wfm_token_revoke(ts->db, token_id, &err), WFM_OK);
    kill(child.pid, SIGHUP);
    char *log = NULL;
    for (int waited = 0; waited < 5000; waited += 20) { /* until the server has seen it */
        free(log);
        log = read_file(child.log_path);
        if (strstr(log, "SIGHUP"))
            break;
        usleep(20 * 1000);
    }
    assert_non_null(strstr(log, "SIGHUP"));
    free(log);
    wfm_testserver_request_token(&child, "GET", "/v1/centers/north/rosters", NULL, token, &r);
    assert_int_equal(r.status, 401);
    wfm_testreply_free(&r);
    assert_int_equal(wfm_testserver_stop(&child), 0);
    free(header);
}

/* --no-auth serves every route to anyone, and the program says so on
 * stderr where an operator cannot miss it. */
static void no_auth_serves_everyone_and_warns(void **state)
{
    wfm_test_server *ts = *state;
    wfm_testserver child;
    wfm_testserver_start(ts->db_url, (const char *[]){"--no-migrate", "--job-threads", "0", NULL},
                         &child);
    wfm_testreply r;
    wfm_testserver_request(&child, "GET", "/v1/centers/north/rosters", NULL, &r);
    assert_int_equal(r.status, 200);
    wfm_testreply_free(&r);
    char *log = read_file(child.log_path);
    assert_non_null(strstr(log, "WARNING: AUTHENTICATION IS OFF"));
    free(log);
    assert_int_equal(wfm_testserver_stop(&child), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(public_routes_need_no_token),
        cmocka_unit_test(a_missing_token_is_401_with_a_bearer_challenge),
        cmocka_unit_test(garbled_tokens_are_401_invalid_token),
        cmocka_unit_test(a_revoked_token_is_401_once_its_cache_entry_expires),
        cmocka_unit_test(a_viewer_may_read_but_not_build_rosters),
        cmocka_unit_test(the_right_role_is_admitted),
        cmocka_unit_test(another_centers_token_is_403),
        cmocka_unit_test(jobs_are_guarded_by_their_center_and_kind),
        cmocka_unit_test(a_full_job_queue_is_429),
        cmocka_unit_test(bodies_over_the_route_limit_are_413),
        cmocka_unit_test(a_token_over_its_rate_is_429),
        cmocka_unit_test(rosters_over_the_size_limits_are_422),
        cmocka_unit_test(a_full_cache_still_admits_new_tokens),
        cmocka_unit_test(an_unreachable_database_is_503_not_401),
        cmocka_unit_test(the_access_log_never_holds_a_token),
        cmocka_unit_test(no_auth_serves_everyone_and_warns),
        cmocka_unit_test(sighup_makes_a_revocation_immediate),
    };
    return cmocka_run_group_tests_name("authentication, roles and limits", tests, start, stop);
}
