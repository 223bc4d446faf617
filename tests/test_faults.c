/* Specification of how hotline-wfm rides out faults (issue 9): its own
 * PostgreSQL cluster (scripts/pg.sh on a private folder, never the suite's
 * shared one) is stopped and started again under a running build/wfm-server
 * (child process, tests/support/wfm_testserver) that serves requests and
 * runs background jobs; and the server gets SIGTERM in the middle of a
 * roster job.
 *
 *   - While the database is down, requests that need it get 503 with a JSON
 *     error (POST actuals, GET seatplan?at=, health); the live seat plan
 *     is still served from the server's memory (200). Once it is back, the
 *     same requests succeed again without a restart of the server, and every
 *     actuals post that was acknowledged (201) is in the database.
 *   - A job running while the database is away finishes once it returns.
 *   - SIGTERM while a roster job runs: the server brings the job to its next
 *     checkpoint, puts it back in the queue and exits 0; the next server
 *     takes it and finishes it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "data/wfm_jobs.h"
#include "data/wfm_migrate.h"
#include "tests/support/wfm_testhttp.h"
#include "tests/support/wfm_testlive.h"
#include "tests/support/wfm_testserver.h"

#define DB_NAME "wfm_faults"
/* The poster's posts: 10:00 .. 23:45 of 2026-11-27 x 2 queues, one interval
 * each, so every acknowledged post can be found; the intervals before 10:00
 * belong to the main thread's posts (wfm_testlive_actuals). */
#define POSTS 112

static struct {
    char dir[64];    /* the private cluster's folder */
    int cluster;     /* nonzero while the folder holds a cluster to destroy */
    char url[512];
    PGconn *db;      /* the test's own connection, reopened after restarts */
    wfm_testserver server;
} fx;

/* ---- the private cluster ------------------------------------------------ */

static void sleep_ms(long ms)
{
    struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000};
    nanosleep(&t, NULL);
}

/* scripts/pg.sh command on the private folder; start fills fx.url. */
static void pg(const char *command)
{
    char line[1024];
    snprintf(line, sizeof line, "%s/scripts/pg.sh %s %s " DB_NAME, getenv("WFM_SOURCE_DIR"),
             command, fx.dir);
    FILE *out = popen(line, "r");
    assert_non_null(out);
    char text[512] = "";
    if (fgets(text, sizeof text, out) && !strcmp(command, "start")) {
        text[strcspn(text, "\n")] = '\0';
        snprintf(fx.url, sizeof fx.url, "%s", text);
    }
    while (fgets(text, sizeof text, out))
        ;
    if (pclose(out) != 0)
        fail_msg("scripts/pg.sh %s %s failed", command, fx.dir);
}

/* Stops and removes the private cluster (and a server still running).
 * Also run at exit, so a setup or test that fails half way leaves no
 * PostgreSQL and no wfm-server running on a shared machine. */
static void destroy_cluster(void)
{
    if (fx.server.pid > 0 && kill(fx.server.pid, SIGKILL) == 0)
        waitpid(fx.server.pid, NULL, 0); /* a test that failed half way */
    fx.server.pid = 0;
    if (!fx.cluster)
        return;
    fx.cluster = 0;
    char line[1024];
    snprintf(line, sizeof line, "%s/scripts/pg.sh destroy %s >/dev/null 2>&1",
             getenv("WFM_SOURCE_DIR"), fx.dir);
    if (system(line) != 0)
        fprintf(stderr, "test_faults: could not destroy %s\n", fx.dir);
}

/* The test's own connection, opened afresh (after a restart). */
static void reconnect(void)
{
    PQfinish(fx.db);
    fx.db = PQconnectdb(fx.url);
    if (PQstatus(fx.db) != CONNECTION_OK)
        fail_msg("cannot connect to %s: %s", fx.url, PQerrorMessage(fx.db));
}

static char *scalar(const char *sql)
{
    PGresult *r = PQexec(fx.db, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    char *value = PQntuples(r) ? strdup(PQgetvalue(r, 0, 0)) : NULL;
    PQclear(r);
    return value;
}

static void start_server(void)
{
    const char *args[] = {"--replan-interval", "0", "--job-threads", "1", NULL};
    wfm_testserver_start(fx.url, args, &fx.server);
}

static int setup(void **state)
{
    (void)state;
    if (!getenv("WFM_SOURCE_DIR") || !getenv("WFM_BUILD_DIR")) {
        fprintf(stderr, "test_faults: WFM_SOURCE_DIR and WFM_BUILD_DIR must be set "
                        "(make test sets them)\n");
        return -1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT); /* before any thread uses libcurl */
    snprintf(fx.dir, sizeof fx.dir, "/tmp/wfm-faults-XXXXXX");
    if (!mkdtemp(fx.dir))
        return -1;
    fx.cluster = 1;
    atexit(destroy_cluster);
    pg("start");
    reconnect();
    wfm_error err;
    wfm_error_clear(&err);
    if (wfm_migrate_apply(fx.db, NULL, &err) != WFM_OK) {
        fprintf(stderr, "migrations: %s\n", err.message);
        return -1;
    }
    wfm_testlive_seed(fx.db);
    start_server();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (fx.server.pid > 0)
        wfm_testserver_stop(&fx.server);
    fx.server.pid = 0; /* reaped: never signal that number again */
    PQfinish(fx.db);
    destroy_cluster();
    curl_global_cleanup();
    return 0;
}

/* ---- requests ------------------------------------------------------------ */

static long request(const char *method, const char *path, const char *body, json_t **json)
{
    wfm_testreply r;
    wfm_testserver_request(&fx.server, method, path, body, &r);
    if (json)
        *json = wfm_testreply_json(&r);
    long status = r.status;
    wfm_testreply_free(&r);
    return status;
}

static const char *error_code(const json_t *doc)
{
    return json_string_value(json_object_get(json_object_get(doc, "error"), "code"));
}

/* Post number k of the poster: one interval of one queue, k apart. */
static void interval_of_post(int k, char *queue, char *start)
{
    strcpy(queue, k % 2 ? "wechat" : "phone");
    int minutes = 10 * 60 + (k / 2) * 15;
    sprintf(start, "2026-11-27T%02d:%02d:00+08:00", minutes / 60, minutes % 60);
}

typedef struct poster {
    atomic_int stop;
    long status[POSTS];      /* read once the poster has been joined */
    atomic_int sent;
    atomic_long last_status; /* for watching while it runs */
} poster;

/* Posts actuals one after another until told to stop (or out of posts). */
static void *post_actuals(void *arg)
{
    poster *p = arg;
    for (int k = 0; k < POSTS && !atomic_load(&p->stop); k++) {
        char queue[16], start[40], body[512];
        interval_of_post(k, queue, start);
        snprintf(body, sizeof body,
                 "{\"as_of\":\"2026-11-28T00:00:00+08:00\",\"intervals\":[{\"queue\":\"%s\","
                 "\"interval_start\":\"%s\",\"offered\":%d,\"answered\":%d,\"abandoned\":0,"
                 "\"handle_time_s\":%d,\"wait_time_s\":0}]}", queue, start, k + 1, k + 1,
                 300 * (k + 1));
        wfm_test_reply r = wfm_test_http_port(fx.server.port, "POST", "/v1/centers/c1/actuals",
                                              "application/json", body, NULL);
        p->status[k] = r.status;
        atomic_store(&p->last_status, r.status);
        atomic_store(&p->sent, k + 1);
        wfm_test_reply_free(&r);
        sleep_ms(40); /* paced, so the posts outlast the outage on a quiet machine too */
    }
    return NULL;
}

/* Whether the stored interval of post k has its offered count. */
static int post_is_stored(int k)
{
    char queue[16], start[40], sql[256];
    interval_of_post(k, queue, start);
    snprintf(sql, sizeof sql, "SELECT offered FROM live_actual WHERE center_id = 'c1' AND"
             " queue_id = '%s' AND interval_start = '%s'", queue, start);
    char *offered = scalar(sql);
    int stored = offered && atoi(offered) == k + 1;
    free(offered);
    return stored;
}

/* ---- the specification --------------------------------------------------- */

static void database_down_and_back_while_requests_run(void **state)
{
    (void)state;
    char *first = wfm_testlive_actuals(40, 0);
    assert_int_equal(request("POST", "/v1/centers/c1/actuals", first, NULL), 201);
    free(first);

    poster p = {.sent = 0};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, post_actuals, &p), 0);
    sleep_ms(300);
    pg("stop");

    /* Answers while the database is down, checked once the poster is
     * joined: a failed check must not leave its thread running. */
    json_t *live, *health, *post, *past;
    long live_status = request("GET", "/v1/centers/c1/seatplan/live", NULL, &live);
    long health_status = request("GET", "/v1/health", NULL, &health);
    char *body = wfm_testlive_actuals(41, 0);
    long post_status = request("POST", "/v1/centers/c1/actuals", body, &post);
    long past_status = request("GET", "/v1/centers/c1/seatplan?at=2026-11-27T10:00:00Z", NULL,
                               &past);
    int sent_while_down = atomic_load(&p.sent);

    sleep_ms(500);
    pg("start");
    /* Back without a restart of the server. */
    int healthy = wfm_test_wait_healthy(fx.server.port, 15);
    /* A pooled connection may still answer 503 once after the return, as
     * its client retries (Retry-After): within a few seconds it is 201. */
    long post_after = 0;
    for (int tries = 0; healthy && post_after != 201 && tries < 50; tries++) {
        post_after = request("POST", "/v1/centers/c1/actuals", body, NULL);
        if (post_after != 201)
            sleep_ms(100);
    }
    free(body);
    /* Until the poster too has been acknowledged again. */
    atomic_store(&p.last_status, 0);
    for (int waited = 0; healthy && waited < 10000 && atomic_load(&p.last_status) != 201;
         waited += 50)
        sleep_ms(50);
    atomic_store(&p.stop, 1);
    pthread_join(thread, NULL);

    /* Served from the server's memory: the wall dashboards keep their plan. */
    assert_int_equal(live_status, 200);
    assert_non_null(json_object_get(live, "queues"));
    /* What needs the database says so, as JSON, and is worth retrying. */
    assert_int_equal(health_status, 503);
    assert_int_equal(post_status, 503);
    assert_string_equal(error_code(post), "database_unavailable");
    assert_int_equal(past_status, 503);
    assert_string_equal(error_code(past), "database_unavailable");
    json_decref(live);
    json_decref(health);
    json_decref(post);
    json_decref(past);
    assert_true(healthy);
    assert_int_equal(post_after, 201);

    reconnect();
    int acknowledged = 0, refused = 0;
    for (int k = 0; k < p.sent; k++) {
        if (p.status[k] == 201) {
            acknowledged++;
            if (!post_is_stored(k))
                fail_msg("post %d was acknowledged (201) but is not in the database", k);
        } else if (p.status[k] == 503) {
            refused++;
        } else {
            fail_msg("post %d got %ld: only 201 or 503 are acceptable", k, p.status[k]);
        }
    }
    /* The poster ran before, during and after the outage. */
    assert_true(acknowledged >= 2);
    assert_true(p.sent > sent_while_down);
    assert_int_equal(p.status[p.sent - 1], 201);
    print_message("poster: %d posts, %d acknowledged, %d refused with 503\n", p.sent,
                  acknowledged, refused);
}

static long long enqueue(const char *kind, const char *center, json_t *params)
{
    wfm_job_spec spec;
    wfm_job_spec_init(&spec);
    spec.kind = kind;
    spec.center_id = center;
    spec.params = params;
    long long id = 0;
    wfm_error err;
    wfm_error_clear(&err);
    if (wfm_job_enqueue(fx.db, &spec, &id, &err) != WFM_OK)
        fail_msg("enqueue %s: %s", kind, err.message);
    json_decref(params);
    return id;
}

static char *job_field(long long id, const char *column)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT %s FROM job WHERE id = %lld", column, id);
    return scalar(sql);
}

/* Waits (up to timeout_s) until job id is in one of the states listed
 * ("running" or "succeeded failed cancelled"); returns its state. */
static char *await_state(long long id, const char *states, double timeout_s)
{
    for (double waited = 0; waited < timeout_s; waited += 0.05) {
        char *state = job_field(id, "state");
        if (strstr(states, state))
            return state;
        free(state);
        sleep_ms(50);
    }
    fail_msg("job %lld did not reach %s within %.0f s", id, states, timeout_s);
    return NULL;
}

static void a_running_job_finishes_after_the_database_returns(void **state)
{
    (void)state;
    long long id = enqueue("sleep", NULL, json_pack("{s:f}", "seconds", 2.0));
    free(await_state(id, "running", 10));
    pg("stop");
    sleep_ms(1000);
    pg("start");
    reconnect();
    char *final = await_state(id, "succeeded failed cancelled", 30);
    assert_string_equal(final, "succeeded");
    free(final);
    char *attempts = job_field(id, "attempts");
    assert_string_equal(attempts, "1"); /* finished by the attempt that was running */
    free(attempts);
}

/* The small roster fixture without its agents, which the center stores
 * (PUT .../agents/{id}), so the job reads them from table agent. */
static json_t *roster_request(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fixtures/roster_small.json", getenv("WFM_SOURCE_DIR"));
    json_t *doc = json_load_file(path, 0, NULL);
    assert_non_null(doc);
    size_t i;
    json_t *agent;
    json_array_foreach(json_object_get(doc, "agents"), i, agent) {
        char *text = json_dumps(agent, JSON_COMPACT), put[128];
        snprintf(put, sizeof put, "/v1/centers/c1/agents/%s",
                 json_string_value(json_object_get(agent, "id")));
        assert_int_equal(request("PUT", put, text, NULL) / 100, 2);
        free(text);
    }
    json_object_del(doc, "agents");
    json_object_set_new(doc, "created_by", json_string("faults"));
    return doc;
}

static void sigterm_mid_roster_job_hands_it_to_the_next_server(void **state)
{
    (void)state;
    json_t *params = roster_request();
    /* Hold the job at its first database read: another session locks the
     * agent table, so the job is running, not done, when SIGTERM comes. */
    PGconn *holder = PQconnectdb(fx.url);
    assert_int_equal(PQstatus(holder), CONNECTION_OK);
    PQclear(PQexec(holder, "BEGIN"));
    PGresult *locked = PQexec(holder, "LOCK TABLE agent IN ACCESS EXCLUSIVE MODE");
    assert_int_equal(PQresultStatus(locked), PGRES_COMMAND_OK);
    PQclear(locked);

    long long id = enqueue("roster", "c1", params);
    free(await_state(id, "running", 10));
    char *first_worker = job_field(id, "worker_id");
    kill(fx.server.pid, SIGTERM);
    sleep_ms(300);
    /* Still there: it waits for the job to reach a checkpoint. */
    assert_int_equal(waitpid(fx.server.pid, NULL, WNOHANG), 0);
    PQclear(PQexec(holder, "COMMIT"));
    PQfinish(holder);
    int exit_status = wfm_testserver_stop(&fx.server);
    fx.server.pid = 0; /* reaped: never signal that number again */
    assert_int_equal(exit_status, 0);

    /* Put back in the queue, not failed, and this attempt not counted. */
    char *state_after = job_field(id, "state");
    assert_string_equal(state_after, "queued");
    free(state_after);

    start_server();
    char *final = await_state(id, "succeeded failed cancelled", 60);
    assert_string_equal(final, "succeeded");
    free(final);
    char *worker = job_field(id, "worker_id");
    char *roster = job_field(id, "result->>'roster_id'");
    assert_string_not_equal(worker, first_worker);
    assert_true(roster && atoll(roster) > 0);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM roster WHERE job_id = %lld", id);
    char *rosters = scalar(sql);
    assert_string_equal(rosters, "1"); /* stored once, by the process that finished */
    free(rosters);
    free(roster);
    free(worker);
    free(first_worker);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(database_down_and_back_while_requests_run),
        cmocka_unit_test(a_running_job_finishes_after_the_database_returns),
        cmocka_unit_test(sigterm_mid_roster_job_hands_it_to_the_next_server),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
