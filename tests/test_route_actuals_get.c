/* Specification of GET /v1/centers/{id}/actuals?date= (api/wfm_route_actuals_get.c):
 * the interval actuals stored for one local day of the center, in its UTC
 * offset, ordered by queue and interval; other days are left out; a bad
 * date is a 400 naming it, an unknown center a 404 naming the id.
 *
 * The center runs on Asia/Shanghai (UTC+8, no daylight saving), so the
 * local day 2026-11-27 is [2026-11-26T16:00Z, 2026-11-27T16:00Z). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "tests/support/wfm_testhttp.h"

/* Rows at local 00:00 and 23:45 of the 27th (inside), 23:45 of the 26th
 * and 00:00 of the 28th (outside). */
static const char *seed =
    "INSERT INTO center (id, name, time_zone, interval_s)"
    " VALUES ('c1', 'hotline', 'Asia/Shanghai', 900);"
    "INSERT INTO queue (center_id, id, channel, kind, deadline_s) VALUES"
    " ('c1', 'phone', 'phone', 'live', NULL), ('c1', 'sms', 'sms', 'deferred', 1800);"
    "INSERT INTO live_actual (center_id, queue_id, interval_start, interval_s, offered,"
    " answered, abandoned, handle_time_s, wait_time_s) VALUES"
    " ('c1', 'phone', '2026-11-27T00:00+08', 900, 40, 38, 2, 11400, 300),"
    " ('c1', 'phone', '2026-11-27T23:45+08', 900, 12, 12, 0, 3600, 10),"
    " ('c1', 'phone', '2026-11-26T23:45+08', 900, 9, 9, 0, 2700, 5),"
    " ('c1', 'phone', '2026-11-28T00:00+08', 900, 7, 7, 0, 2100, 5),"
    " ('c1', 'sms', '2026-11-27T10:00+08', 900, 20, 19, 1, 3000, 900.5);";

static int start(void **state)
{
    *state = wfm_test_server_start("wfm_test_route_actuals_get", seed);
    return *state ? 0 : -1;
}

static int stop(void **state)
{
    wfm_test_server_stop(*state);
    return 0;
}

static void the_local_day_only_in_local_time(void **state)
{
    wfm_test_reply r = wfm_test_http(*state, "GET", "/v1/centers/c1/actuals?date=2026-11-27",
                                     NULL, NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "date")), "2026-11-27");
    json_t *rows = json_object_get(r.json, "intervals");
    assert_int_equal(json_array_size(rows), 3);
    const char *expected[][2] = {{"phone", "2026-11-27T00:00:00+08:00"},
                                 {"phone", "2026-11-27T23:45:00+08:00"},
                                 {"sms", "2026-11-27T10:00:00+08:00"}};
    for (size_t i = 0; i < 3; i++) {
        json_t *row = json_array_get(rows, i);
        assert_string_equal(json_string_value(json_object_get(row, "queue")), expected[i][0]);
        assert_string_equal(json_string_value(json_object_get(row, "interval_start")),
                            expected[i][1]);
    }
    json_t *sms = json_array_get(rows, 2);
    assert_int_equal(json_integer_value(json_object_get(sms, "offered")), 20);
    assert_int_equal(json_integer_value(json_object_get(sms, "answered")), 19);
    assert_int_equal(json_integer_value(json_object_get(sms, "abandoned")), 1);
    assert_int_equal(json_integer_value(json_object_get(sms, "interval_s")), 900);
    assert_float_equal(json_real_value(json_object_get(sms, "wait_time_s")), 900.5, 1e-9);
    wfm_test_reply_free(&r);
}

static void a_day_without_actuals_is_empty(void **state)
{
    wfm_test_reply r = wfm_test_http(*state, "GET", "/v1/centers/c1/actuals?date=2026-12-01",
                                     NULL, NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "intervals")), 0);
    wfm_test_reply_free(&r);
}

static void bad_date_and_unknown_center(void **state)
{
    wfm_test_reply r = wfm_test_http(*state, "GET", "/v1/centers/c1/actuals?date=27.11.2026",
                                     NULL, NULL, NULL);
    assert_int_equal(r.status, 400);
    assert_string_equal(wfm_test_error_field(&r), "date");
    wfm_test_reply_free(&r);
    r = wfm_test_http(*state, "GET", "/v1/centers/nope/actuals", NULL, NULL, NULL);
    assert_int_equal(r.status, 404);
    assert_string_equal(wfm_test_error_field(&r), "id");
    wfm_test_reply_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_local_day_only_in_local_time),
        cmocka_unit_test(a_day_without_actuals_is_empty),
        cmocka_unit_test(bad_date_and_unknown_center),
    };
    return cmocka_run_group_tests(tests, start, stop);
}
