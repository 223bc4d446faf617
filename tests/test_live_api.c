/* Specification of the live seat plan API (issue 6), end to end: a real
 * build/wfm-server on a loopback port against a fresh database, spoken to
 * over HTTP with libcurl.
 *
 * The center is tests/support/wfm_testlive's: a phone queue forecast at 40
 * contacts per interval (95 % bound 55), a WeChat queue, twelve agents on
 * shift 08:00-18:00; the phone system reports at 10:07 local time. The
 * server's own boundary timer is off (--replan-interval 0): test_live
 * specifies the boundary re-plan. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <jansson.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/wfm_date.h"
#include "tests/support/wfm_testdb.h"
#include "tests/support/wfm_testhttp.h"
#include "tests/support/wfm_testlive.h"

typedef wfm_test_reply reply;

typedef struct fixture {
    PGconn *db;
    char *url;
    pid_t server;
    unsigned port;
    char first_etag[64];
    char *first_plan;
    time_t between_plans; /* after the first plan was stored, before the second */
    int accept_gzip;      /* requests say Accept-Encoding: gzip (libcurl inflates) */
} fixture;

static fixture fx;

/* ---- HTTP --------------------------------------------------------------- */

/* One request; body NULL = GET. */
static reply http(const char *path, const char *body, const char *if_none_match)
{
    char condition[128];
    snprintf(condition, sizeof condition, "If-None-Match: %s", if_none_match ? if_none_match : "");
    const char *headers[3] = {NULL, NULL, NULL};
    size_t n = 0;
    if (if_none_match)
        headers[n++] = condition;
    if (fx.accept_gzip)
        headers[n++] = "Accept-Encoding: gzip";
    return wfm_test_http_port(fx.port, body ? "POST" : "GET", path, "application/json", body,
                              headers);
}

static json_t *parse(const reply *r)
{
    json_error_t jerr;
    json_t *doc = json_loads(r->body ? r->body : "", 0, &jerr);
    if (!doc)
        fail_msg("not JSON (%s): %s", jerr.text, r->body ? r->body : "(empty)");
    return doc;
}

/* ---- the server --------------------------------------------------------- */

static unsigned free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(s, (struct sockaddr *)&a, &len), 0);
    close(s);
    return ntohs(a.sin_port);
}

static void start_server(void)
{
    const char *build = getenv("WFM_BUILD_DIR");
    char binary[1024], port[16];
    snprintf(binary, sizeof binary, "%s/wfm-server", build ? build : "build");
    fx.port = free_port();
    snprintf(port, sizeof port, "%u", fx.port);
    fx.server = fork();
    assert_true(fx.server >= 0);
    if (fx.server == 0) {
        if (!getenv("WFM_TEST_SERVER_LOG"))
            freopen("/dev/null", "w", stderr);
        execl(binary, binary, "--port", port, "--bind", "127.0.0.1", "--database-url", fx.url,
              "--threads", "2", "--replan-interval", "0", "--no-auth", (char *)NULL);
        _exit(127);
    }
    if (wfm_test_wait_healthy(fx.port, 10))
        return;
    fail_msg("%s did not answer /v1/health on port %u", binary, fx.port);
}

static void stop_server(void)
{
    if (fx.server <= 0)
        return;
    kill(fx.server, SIGTERM);
    int status;
    waitpid(fx.server, &status, 0);
    fx.server = 0;
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* ---- the center --------------------------------------------------------- */

/* What a post can leave behind: interval rows, snapshots, plans. */
static char *count_stored(void)
{
    return wfm_testdb_scalar(fx.db, "SELECT (SELECT count(*) FROM live_actual) || '/' ||"
                                    " (SELECT count(*) FROM live_snapshot) || '/' ||"
                                    " (SELECT count(*) FROM live_seat_plan)");
}

static int setup(void **state)
{
    (void)state;
    fx.db = wfm_testdb_fresh("live_api");
    fx.url = wfm_testdb_url("live_api");
    wfm_testlive_seed(fx.db);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    start_server();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    stop_server();
    curl_global_cleanup();
    free(fx.url);
    free(fx.first_plan);
    PQfinish(fx.db);
    return 0;
}

/* The decision an entry of moves, break_changes or proposals states: the
 * entry without its "count" and "agents". New reference. */
static json_t *decision_of(json_t *entry)
{
    json_t *d = json_deep_copy(entry);
    json_object_del(d, "count");
    json_object_del(d, "agents");
    return d;
}

/* Each list of the plan states a decision once: "count" agents named, no
 * per-agent "agent" field, and no two entries with the same decision. */
static void assert_grouped(json_t *plan, const char *list)
{
    json_t *entries = json_object_get(plan, list);
    assert_true(json_is_array(entries));
    for (size_t k = 0; k < json_array_size(entries); k++) {
        json_t *entry = json_array_get(entries, k);
        json_t *agents = json_object_get(entry, "agents");
        assert_true(json_array_size(agents) >= 1);
        assert_int_equal(json_integer_value(json_object_get(entry, "count")),
                         json_array_size(agents));
        assert_null(json_object_get(entry, "agent"));
        assert_non_null(json_object_get(entry, "reason"));
        json_t *mine = decision_of(entry);
        for (size_t j = 0; j < k; j++) {
            json_t *other = decision_of(json_array_get(entries, j));
            if (json_equal(mine, other))
                fail_msg("%s %zu and %zu state the same decision", list, j, k);
            json_decref(other);
        }
        json_decref(mine);
    }
}

/* ---- the columns of a queue ---------------------------------------------- */

static const char *const COLUMNS[] = {"offered", "aht_s", "seats_needed", "seats_assigned",
                                      "predicted_answer_rate", "shortfall"};

/* Element k of queue q's column `name` as a number. */
static double column_at(json_t *q, const char *name, size_t k)
{
    json_t *v = json_array_get(json_object_get(q, name), k);
    if (!json_is_number(v))
        fail_msg("%s[%zu] of queue %s is not a number", name, k,
                 json_string_value(json_object_get(q, "queue")));
    return json_number_value(v);
}

/* The queue named id in plan's queues. */
static json_t *plan_queue(json_t *plan, const char *id)
{
    json_t *queues = json_object_get(plan, "queues");
    for (size_t i = 0; i < json_array_size(queues); i++)
        if (!strcmp(json_string_value(json_object_get(json_array_get(queues, i), "queue")), id))
            return json_array_get(queues, i);
    fail_msg("no queue %s in the plan", id);
    return NULL;
}

/* ---- the specification -------------------------------------------------- */

static void no_plan_before_the_first_report(void **state)
{
    (void)state;
    reply r = http("/v1/centers/c1/seatplan/live", NULL, NULL);
    assert_int_equal(r.status, 404);
    json_t *doc = parse(&r);
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "error"), "code")),
                        "not_found");
    json_decref(doc);
    wfm_test_reply_free(&r);
}

static void posting_actuals_makes_the_live_plan(void **state)
{
    (void)state;
    char *body = wfm_testlive_actuals(40, 0);
    reply post = http("/v1/centers/c1/actuals", body, NULL);
    free(body);
    assert_int_equal(post.status, 201);
    json_t *answer = parse(&post);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(answer, "stored"),
                                                        "intervals")), 16);
    json_t *seatplan = json_object_get(answer, "seatplan");
    assert_string_equal(json_string_value(json_object_get(seatplan, "status")), "ok");
    const char *etag = json_string_value(json_object_get(seatplan, "etag"));
    assert_non_null(etag);

    reply live = http("/v1/centers/c1/seatplan/live", NULL, NULL);
    assert_int_equal(live.status, 200);
    assert_string_equal(live.etag, etag);
    assert_string_equal(live.cache_control, "no-cache");
    json_t *plan = parse(&live);
    /* The plan starts at the interval holding as_of and covers 8 hours. */
    json_t *horizon = json_object_get(plan, "horizon");
    assert_string_equal(json_string_value(json_object_get(horizon, "from")),
                        "2026-11-27T10:00:00+08:00");
    assert_int_equal(json_integer_value(json_object_get(horizon, "intervals")), 32);
    json_t *phone = json_array_get(json_object_get(plan, "queues"), 0);
    assert_string_equal(json_string_value(json_object_get(phone, "queue")), "phone");
    /* Actuals exactly at the forecast: the reforecast factor is 1. */
    assert_true(fabs(json_number_value(json_object_get(json_object_get(phone, "reforecast"),
                                                       "factor")) - 1.0) < 1e-9);
    /* 40 contacts x 300 s / 900 s = 13.3 erlangs: more than 13 seats needed. */
    assert_true(json_number_value(json_array_get(json_object_get(phone, "seats_needed"), 1)) >
                13.3);
    assert_int_equal(json_array_size(json_object_get(plan, "surge_alerts")), 0);
    assert_int_equal(json_integer_value(json_object_get(plan, "agents_on_shift")), 12);
    assert_grouped(plan, "moves");
    assert_grouped(plan, "break_changes");
    assert_grouped(plan, "proposals");
    /* At 10:00 WeChat's backlog, due within the hour, takes the six phone
     * agents a03..a08 together: one entry naming all six in the
     * reallocation's order, the reason as the optimizer wrote it. */
    json_t *move = json_array_get(json_object_get(plan, "moves"), 0);
    assert_string_equal(json_string_value(json_object_get(move, "from")), "phone");
    assert_string_equal(json_string_value(json_object_get(move, "to")), "wechat");
    assert_string_equal(json_string_value(json_object_get(move, "at")),
                        "2026-11-27T10:00:00+08:00");
    assert_string_equal(json_string_value(json_object_get(move, "reason")),
                        "wechat: contacts must be answered within 60 min");
    assert_int_equal(json_integer_value(json_object_get(move, "count")), 6);
    const char *six[] = {"a03", "a04", "a05", "a06", "a07", "a08"};
    for (size_t k = 0; k < 6; k++)
        assert_string_equal(json_string_value(json_array_get(json_object_get(move, "agents"), k)),
                            six[k]);
    snprintf(fx.first_etag, sizeof fx.first_etag, "%s", etag);
    fx.first_plan = live.body; /* kept for later tests; the rest of the reply goes */
    live.body = NULL;
    wfm_test_reply_free(&live);
    json_decref(plan);
    json_decref(answer);
    wfm_test_reply_free(&post);
}

/* Each queue's figures are columns over the horizon: element k of every
 * column is the interval starting at interval_starts[k]. Replaying the
 * plan's moves on the planned queues (a01..a08 phone, a09..a12 WeChat),
 * less the twelve breaks at 12:00-12:30 that no break change moved, gives
 * seats_assigned[k] of each queue: a column shifted by one interval fails. */
static void the_queue_columns_follow_interval_starts(void **state)
{
    (void)state;
    json_t *plan = json_loads(fx.first_plan, 0, NULL);
    assert_non_null(plan);
    json_t *starts = json_object_get(plan, "interval_starts");
    assert_int_equal(json_array_size(starts), 32);
    int64_t from, start;
    assert_true(wfm_timestamp_parse(json_string_value(json_object_get(
        json_object_get(plan, "horizon"), "from")), &from));
    for (size_t k = 0; k < 32; k++) {
        assert_true(wfm_timestamp_parse(json_string_value(json_array_get(starts, k)), &start));
        assert_int_equal(start, from + (int64_t)k * 900);
    }
    assert_string_equal(json_string_value(json_array_get(starts, 31)),
                        "2026-11-27T17:45:00+08:00");
    json_t *queues = json_object_get(plan, "queues");
    for (size_t i = 0; i < json_array_size(queues); i++) {
        json_t *q = json_array_get(queues, i);
        assert_null(json_object_get(q, "intervals"));
        for (size_t c = 0; c < sizeof COLUMNS / sizeof *COLUMNS; c++)
            assert_int_equal(json_array_size(json_object_get(q, COLUMNS[c])), 32);
    }
    json_t *phone = plan_queue(plan, "phone"), *wechat = plan_queue(plan, "wechat");
    /* The 4 phone contacts waiting now join the first interval only. */
    assert_true(fabs(column_at(phone, "offered", 0) - 44.0) < 1e-9);
    assert_true(fabs(column_at(phone, "offered", 1) - 40.0) < 1e-9);
    assert_true(fabs(column_at(wechat, "offered", 0) - 20.0) < 1e-9);
    assert_int_equal(json_array_size(json_object_get(plan, "break_changes")), 0);

    char where[12][8]; /* the queue each agent a01..a12 serves */
    for (int a = 0; a < 12; a++)
        snprintf(where[a], sizeof where[a], "%s", a < 8 ? "phone" : "wechat");
    json_t *moves = json_object_get(plan, "moves");
    for (size_t k = 0; k < 32; k++) {
        const char *at = json_string_value(json_array_get(starts, k));
        for (size_t m = 0; m < json_array_size(moves); m++) {
            json_t *move = json_array_get(moves, m);
            if (strcmp(json_string_value(json_object_get(move, "at")), at))
                continue;
            json_t *agents = json_object_get(move, "agents");
            for (size_t j = 0; j < json_array_size(agents); j++) {
                int a = atoi(json_string_value(json_array_get(agents, j)) + 1) - 1;
                assert_in_range(a, 0, 11);
                assert_string_equal(where[a], json_string_value(json_object_get(move, "from")));
                snprintf(where[a], sizeof where[a], "%s",
                         json_string_value(json_object_get(move, "to")));
            }
        }
        int on_break = strcmp(at + 11, "12:00:00+08:00") >= 0 &&
                       strcmp(at + 11, "12:30:00+08:00") < 0;
        int phone_seats = 0, wechat_seats = 0;
        for (int a = 0; a < 12 && !on_break; a++) {
            if (!strcmp(where[a], "phone"))
                phone_seats++;
            else
                wechat_seats++;
        }
        if (column_at(phone, "seats_assigned", k) != phone_seats ||
            column_at(wechat, "seats_assigned", k) != wechat_seats)
            fail_msg("at %s: seats_assigned phone %g, wechat %g; the moves give %d, %d", at,
                     column_at(phone, "seats_assigned", k),
                     column_at(wechat, "seats_assigned", k), phone_seats, wechat_seats);
        /* A live queue is short by what it needs beyond what it has. */
        double short_by = column_at(phone, "seats_needed", k) - phone_seats;
        assert_true(fabs(column_at(phone, "shortfall", k) - (short_by > 0 ? short_by : 0)) <
                    0.011);
    }
    json_decref(plan);
}

static void the_etag_is_stable_while_nothing_changes(void **state)
{
    (void)state;
    reply again = http("/v1/centers/c1/seatplan/live", NULL, NULL);
    assert_int_equal(again.status, 200);
    assert_string_equal(again.etag, fx.first_etag);
    assert_string_equal(again.body, fx.first_plan);
    wfm_test_reply_free(&again);
    /* The same report again makes the same plan: nothing new is stored. */
    char *body = wfm_testlive_actuals(40, 0);
    reply post = http("/v1/centers/c1/actuals", body, NULL);
    free(body);
    assert_int_equal(post.status, 201);
    json_t *answer = parse(&post);
    json_t *seatplan = json_object_get(answer, "seatplan");
    assert_false(json_boolean_value(json_object_get(seatplan, "changed")));
    assert_string_equal(json_string_value(json_object_get(seatplan, "etag")), fx.first_etag);
    char *plans = wfm_testdb_scalar(fx.db, "SELECT count(*) FROM live_seat_plan");
    assert_string_equal(plans, "1");
    free(plans);
    json_decref(answer);
    wfm_test_reply_free(&post);
}

static void if_none_match_gets_304_without_a_body(void **state)
{
    (void)state;
    reply r = http("/v1/centers/c1/seatplan/live", NULL, fx.first_etag);
    assert_int_equal(r.status, 304);
    assert_int_equal(r.len, 0);
    assert_string_equal(r.etag, fx.first_etag);
    wfm_test_reply_free(&r);
    reply other = http("/v1/centers/c1/seatplan/live", NULL, "\"something-else\"");
    assert_int_equal(other.status, 200);
    wfm_test_reply_free(&other);
}

static void gzip_clients_get_the_same_plan_compressed(void **state)
{
    (void)state;
    fx.accept_gzip = 1;
    reply r = http("/v1/centers/c1/seatplan/live", NULL, NULL);
    reply again = http("/v1/centers/c1/seatplan/live", NULL, r.etag);
    fx.accept_gzip = 0;
    assert_int_equal(r.status, 200);
    assert_string_equal(r.content_encoding, "gzip");
    assert_string_equal(r.body, fx.first_plan); /* as inflated by libcurl */
    /* Another representation, so another strong ETag. */
    assert_string_not_equal(r.etag, fx.first_etag);
    assert_int_equal(again.status, 304);
    wfm_test_reply_free(&r);
    wfm_test_reply_free(&again);
}

/* Posts body and checks the 4xx answer names field; nothing is stored. */
static void assert_refused(const char *path, const char *body, long status, const char *field,
                           const char *in_message)
{
    char *before = count_stored();
    reply r = http(path, body, NULL);
    assert_int_equal(r.status, status);
    json_t *doc = parse(&r);
    json_t *error = json_object_get(doc, "error");
    assert_string_equal(json_string_value(json_object_get(error, "field")), field);
    if (in_message && !strstr(json_string_value(json_object_get(error, "message")), in_message))
        fail_msg("message '%s' does not mention '%s'",
                 json_string_value(json_object_get(error, "message")), in_message);
    char *after = count_stored();
    assert_string_equal(before, after);
    free(before);
    free(after);
    json_decref(doc);
    wfm_test_reply_free(&r);
}

/* A post of a valid first row, a second row with the fields of the JSON
 * object `changes` replaced, and a valid snapshot: a refusal must not
 * leave the first row or the snapshot behind. */
static void assert_row_refused(const char *changes, long status, const char *field,
                               const char *in_message)
{
    json_t *body = json_loads(
        "{\"as_of\":\"2026-11-27T10:20:00+08:00\",\"intervals\":["
        "{\"queue\":\"phone\",\"interval_start\":\"2026-11-27T10:00:00+08:00\",\"offered\":5,"
        "\"answered\":5,\"abandoned\":0,\"handle_time_s\":1500,\"wait_time_s\":0},"
        "{\"queue\":\"phone\",\"interval_start\":\"2026-11-27T09:45:00+08:00\",\"offered\":3,"
        "\"answered\":3,\"abandoned\":0,\"handle_time_s\":0,\"wait_time_s\":0}],"
        "\"realtime\":{\"agents\":{\"logged_in\":3,\"on_break\":1,\"available\":1}}}", 0, NULL);
    json_t *update = json_loads(changes, 0, NULL);
    assert_non_null(update);
    json_object_update(json_array_get(json_object_get(body, "intervals"), 1), update);
    json_decref(update);
    char *text = json_dumps(body, JSON_COMPACT);
    assert_refused("/v1/centers/c1/actuals", text, status, field, in_message);
    free(text);
    json_decref(body);
}

static void bad_actuals_are_refused_naming_the_field(void **state)
{
    (void)state;
    /* The history import's rules and words (data/wfm_history), rows
     * numbered as the array's indices. */
    assert_row_refused("{\"offered\":-3}", 400, "intervals[1].offered",
                       "row 1, column offered: must be a whole number >= 0 ('-3')");
    assert_row_refused("{\"answered\":\"many\"}", 400, "intervals[1].answered", "'many'");
    assert_row_refused("{\"wait_time_s\":-1.5}", 400, "intervals[1].wait_time_s",
                       "must be a number of seconds >= 0 ('-1.5')");
    assert_row_refused("{\"handle_time_s\":null}", 400, "intervals[1].handle_time_s", NULL);
    assert_row_refused("{\"abandoned\":1}", 400, "intervals[1].answered",
                       "answered + abandoned exceeds offered ('3 + 1 > 3')");
    assert_row_refused("{\"interval_start\":\"2026-11-27T09:40:00+08:00\"}", 400,
                       "intervals[1].interval_start", "not on a 900-second boundary");
    assert_row_refused("{\"queue\":\"fax\"}", 400, "intervals[1].queue",
                       "unknown queue (not a queue of this center) ('fax')");
    assert_row_refused("{\"interval_start\":\"2026-11-27T10:00:00+08:00\"}", 400,
                       "intervals[1].interval_start", "duplicate interval of queue phone");
    /* Beyond history: the center's own interval, and only ended intervals. */
    assert_row_refused("{\"interval_s\":1800,\"interval_start\":\"2026-11-27T09:30:00+08:00\"}",
                       400, "intervals[1].interval_s",
                       "interval_s must be the center's, 900 ('1800')");
    assert_row_refused("{\"interval_start\":\"2026-11-27T10:15:00+08:00\"}", 400,
                       "intervals[1].interval_start", "has not ended by as_of");
    const char *row = "{\"queue\":\"phone\",\"interval_start\":\"2026-11-27T10:00:00+08:00\","
                      "\"offered\":5,\"answered\":5,\"abandoned\":0,\"handle_time_s\":1500,"
                      "\"wait_time_s\":0}";
    char body[1024];
    snprintf(body, sizeof body, "{\"as_of\":\"2026-11-27T10:20:00+08:00\",\"intervals\":[%s]}",
             row);
    assert_refused("/v1/centers/nowhere/actuals", body, 404, "id", "nowhere");
    /* A bad snapshot refuses the valid interval with it. */
    snprintf(body, sizeof body, "{\"as_of\":\"2026-11-27T10:20:00+08:00\",\"intervals\":[%s],"
             "\"realtime\":{\"agents\":{\"logged_in\":3,\"on_break\":2,\"available\":2}}}",
             row);
    assert_refused("/v1/centers/c1/actuals", body, 400, "realtime.agents", "exceeds");
    assert_refused("/v1/centers/c1/actuals", "{\"as_of\":\"yesterday\",\"intervals\":[]}", 400,
                   "as_of", "yesterday");
}

static void two_hot_intervals_raise_a_surge_alert(void **state)
{
    (void)state;
    /* The plans are stored at whole seconds apart, so ?at= can tell them. */
    fx.between_plans = time(NULL) + 1;
    while (time(NULL) <= fx.between_plans)
        usleep(50 * 1000);
    /* 09:30 and 09:45 at 80 contacts against the bound 55. */
    char *body = wfm_testlive_actuals(40, 80);
    reply post = http("/v1/centers/c1/actuals", body, NULL);
    free(body);
    assert_int_equal(post.status, 201);
    reply live = http("/v1/centers/c1/seatplan/live", NULL, fx.first_etag);
    assert_int_equal(live.status, 200);
    assert_string_not_equal(live.etag, fx.first_etag);
    json_t *plan = parse(&live);
    json_t *alerts = json_object_get(plan, "surge_alerts");
    assert_int_equal(json_array_size(alerts), 1);
    json_t *alert = json_array_get(alerts, 0);
    assert_string_equal(json_string_value(json_object_get(alert, "queue")), "phone");
    assert_string_equal(json_string_value(json_object_get(alert, "since")),
                        "2026-11-27T09:30:00+08:00");
    assert_int_equal(json_integer_value(json_object_get(alert, "intervals")), 2);
    /* (80 + 80) / (55 + 55) and 80 - 55 */
    assert_true(fabs(json_number_value(json_object_get(alert, "ratio")) - 160.0 / 110.0) < 1e-3);
    assert_true(fabs(json_number_value(json_object_get(alert, "above")) - 25.0) < 1e-9);
    /* 6 x 40 + 2 x 80 = 400 seen against 8 x 40 = 320 forecast since 08:00
     * (earlier intervals were not reported): (400 + 100) / (320 + 100). */
    json_t *phone = json_array_get(json_object_get(plan, "queues"), 0);
    assert_true(fabs(json_number_value(json_object_get(json_object_get(phone, "reforecast"),
                                                       "factor")) - 500.0 / 420.0) < 1e-4);
    json_decref(plan);
    wfm_test_reply_free(&live);
    wfm_test_reply_free(&post);
}

static void seatplan_at_returns_the_plan_in_force_then(void **state)
{
    (void)state;
    char path[256], stamp[40];
    struct tm tm;
    time_t t = fx.between_plans;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(path, sizeof path, "/v1/centers/c1/seatplan?at=%s", stamp);
    reply then = http(path, NULL, NULL);
    assert_int_equal(then.status, 200);
    assert_string_equal(then.etag, fx.first_etag);
    assert_string_equal(then.body, fx.first_plan);
    wfm_test_reply_free(&then);
    reply before = http("/v1/centers/c1/seatplan?at=2020-01-01T00:00:00Z", NULL, NULL);
    assert_int_equal(before.status, 404);
    wfm_test_reply_free(&before);
    reply bad = http("/v1/centers/c1/seatplan?at=noon", NULL, NULL);
    assert_int_equal(bad.status, 400);
    json_t *doc = parse(&bad);
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "error"), "field")),
                        "at");
    json_decref(doc);
    wfm_test_reply_free(&bad);
}

static void a_restarted_server_serves_the_latest_plan(void **state)
{
    (void)state;
    reply before = http("/v1/centers/c1/seatplan/live", NULL, NULL);
    stop_server();
    start_server();
    reply after = http("/v1/centers/c1/seatplan/live", NULL, NULL);
    assert_int_equal(after.status, 200);
    assert_string_equal(after.etag, before.etag);
    assert_string_equal(after.body, before.body);
    wfm_test_reply_free(&before);
    wfm_test_reply_free(&after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_plan_before_the_first_report),
        cmocka_unit_test(posting_actuals_makes_the_live_plan),
        cmocka_unit_test(the_queue_columns_follow_interval_starts),
        cmocka_unit_test(the_etag_is_stable_while_nothing_changes),
        cmocka_unit_test(if_none_match_gets_304_without_a_body),
        cmocka_unit_test(gzip_clients_get_the_same_plan_compressed),
        cmocka_unit_test(bad_actuals_are_refused_naming_the_field),
        cmocka_unit_test(two_hot_intervals_raise_a_surge_alert),
        cmocka_unit_test(seatplan_at_returns_the_plan_in_force_then),
        cmocka_unit_test(a_restarted_server_serves_the_latest_plan),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
