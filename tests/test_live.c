/* Specification of the interval-boundary re-plan (api/wfm_live
 * wfm_live_replan_due, driven through wfm_server_replan_tick as the
 * server's timer drives it): the live plan's "now" moves forward at each
 * boundary without any post, and only then.
 *
 * An in-process server on the center of tests/support/wfm_testlive: the
 * phone system reports at 10:07 with phone at 80 contacts (bound 55) in
 * the 09:30 and 09:45 intervals, so the first plan carries a surge alert. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/wfm_date.h"
#include "tests/support/wfm_testdb.h"
#include "tests/support/wfm_testhttp.h"
#include "tests/support/wfm_testlive.h"

#define LIVE "/v1/centers/c1/seatplan/live"

static wfm_test_server *ts;

static int64_t at(const char *iso)
{
    int64_t t;
    assert_true(wfm_timestamp_parse(iso, &t));
    return t;
}

static size_t tick(const char *boundary)
{
    size_t replanned = 99;
    wfm_error err;
    wfm_error_clear(&err);
    if (wfm_server_replan_tick(ts->server, at(boundary), &replanned, &err) != WFM_OK)
        fail_msg("tick at %s: %s", boundary, err.message);
    return replanned;
}

static wfm_test_reply get_live(void)
{
    wfm_test_reply r = wfm_test_http(ts, "GET", LIVE, NULL, NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(r.json);
    return r;
}

static const char *horizon_from(const wfm_test_reply *r)
{
    return json_string_value(json_object_get(json_object_get(r->json, "horizon"), "from"));
}

static int setup(void **state)
{
    (void)state;
    ts = wfm_test_server_start("live_tick", NULL);
    assert_non_null(ts);
    wfm_testlive_seed(ts->db);
    char *body = wfm_testlive_actuals(40, 80);
    wfm_test_reply post = wfm_test_http(ts, "POST", "/v1/centers/c1/actuals",
                                        "application/json", body, NULL);
    free(body);
    assert_int_equal(post.status, 201);
    wfm_test_reply_free(&post);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    wfm_test_server_stop(ts);
    return 0;
}

static void without_a_boundary_the_plan_stays(void **state)
{
    (void)state;
    wfm_test_reply first = get_live();
    assert_string_equal(horizon_from(&first), "2026-11-27T10:00:00+08:00");
    assert_int_equal(json_array_size(json_object_get(first.json, "surge_alerts")), 1);
    /* 10:07:30 and 10:10 are no boundary of a 15-minute grid; a tick
     * there (a server whose clock ticks at 5 minutes) changes nothing. */
    assert_int_equal(tick("2026-11-27T10:10:00+08:00"), 0);
    wfm_test_reply again = get_live();
    assert_string_equal(again.etag, first.etag);
    wfm_test_reply_free(&first);
    wfm_test_reply_free(&again);
}

static void a_boundary_moves_the_plan_forward(void **state)
{
    (void)state;
    wfm_test_reply before = get_live();
    assert_int_equal(tick("2026-11-27T10:15:00+08:00"), 1);
    wfm_test_reply after = get_live();
    assert_string_not_equal(after.etag, before.etag);
    /* The plan now starts at the boundary and still covers 8 hours. */
    assert_string_equal(horizon_from(&after), "2026-11-27T10:15:00+08:00");
    assert_string_equal(json_string_value(json_object_get(after.json, "as_of")),
                        "2026-11-27T10:15:00+08:00");
    json_t *horizon = json_object_get(after.json, "horizon");
    assert_int_equal(json_integer_value(json_object_get(horizon, "intervals")), 32);
    assert_string_equal(json_string_value(json_object_get(horizon, "until")),
                        "2026-11-27T18:15:00+08:00");
    /* The 10:00 interval has not been reported: the run of hot intervals
     * no longer reaches now, so the alert is gone (wfm_surge: a gap ends
     * a run). */
    assert_int_equal(json_array_size(json_object_get(after.json, "surge_alerts")), 0);
    /* A poll with the old ETag gets the new plan, not 304. */
    char condition[160];
    snprintf(condition, sizeof condition, "If-None-Match: %s", before.etag);
    const char *headers[] = {condition, NULL};
    wfm_test_reply poll = wfm_test_http(ts, "GET", LIVE, NULL, NULL, headers);
    assert_int_equal(poll.status, 200);
    assert_string_equal(poll.etag, after.etag);
    wfm_test_reply_free(&poll);
    wfm_test_reply_free(&before);
    wfm_test_reply_free(&after);
}

static void the_same_boundary_twice_changes_nothing(void **state)
{
    (void)state;
    wfm_test_reply before = get_live();
    char *plans_before = wfm_testdb_scalar(ts->db, "SELECT count(*) FROM live_seat_plan");
    /* Another server's timer, or a retry: the plan is already as of 10:15. */
    assert_int_equal(tick("2026-11-27T10:15:00+08:00"), 0);
    wfm_test_reply after = get_live();
    assert_string_equal(after.etag, before.etag);
    char *plans_after = wfm_testdb_scalar(ts->db, "SELECT count(*) FROM live_seat_plan");
    assert_string_equal(plans_after, plans_before);
    free(plans_before);
    free(plans_after);
    wfm_test_reply_free(&before);
    wfm_test_reply_free(&after);
}

static void a_post_after_the_boundary_is_not_overtaken(void **state)
{
    (void)state;
    /* Actuals as of 10:20 make the plan; the 10:15 tick, running late,
     * must not replace it with an older "now". */
    const char *body =
        "{\"as_of\":\"2026-11-27T10:20:00+08:00\",\"intervals\":[{\"queue\":\"phone\","
        "\"interval_start\":\"2026-11-27T10:00:00+08:00\",\"offered\":41,\"answered\":40,"
        "\"abandoned\":1,\"handle_time_s\":12000,\"wait_time_s\":600}]}";
    wfm_test_reply post = wfm_test_http(ts, "POST", "/v1/centers/c1/actuals",
                                        "application/json", body, NULL);
    assert_int_equal(post.status, 201);
    wfm_test_reply before = get_live();
    assert_int_equal(tick("2026-11-27T10:15:00+08:00"), 0);
    wfm_test_reply after = get_live();
    assert_string_equal(after.etag, before.etag);
    assert_string_equal(json_string_value(json_object_get(after.json, "as_of")),
                        "2026-11-27T10:20:00+08:00");
    /* The next boundary does move it. */
    assert_int_equal(tick("2026-11-27T10:30:00+08:00"), 1);
    wfm_test_reply later = get_live();
    assert_string_equal(horizon_from(&later), "2026-11-27T10:30:00+08:00");
    wfm_test_reply_free(&post);
    wfm_test_reply_free(&before);
    wfm_test_reply_free(&after);
    wfm_test_reply_free(&later);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(without_a_boundary_the_plan_stays),
        cmocka_unit_test(a_boundary_moves_the_plan_forward),
        cmocka_unit_test(the_same_boundary_twice_changes_nothing),
        cmocka_unit_test(a_post_after_the_boundary_is_not_overtaken),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
