/* Specification of POST /v1/centers/{id}/history over real HTTP: an
 * in-process server on a loopback port, a fresh database, libcurl. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/wfm_server.h"
#include "tests/support/wfm_testdb.h"
#include "tests/support/wfm_testhttp.h"

#define HEADER "queue,interval_start,interval_s,offered,answered,abandoned,handle_time_s,wait_time_s\n"

typedef wfm_test_server fixture;

static int setup(void **state)
{
    *state = wfm_test_server_start("wfm_route_history",
        "INSERT INTO center (id, name, time_zone) VALUES ('jinan', 'Jinan', 'Asia/Shanghai');"
        "INSERT INTO queue (center_id, id, channel, kind) VALUES ('jinan', 'phone', 'phone', 'live')");
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    wfm_test_server_stop(*state);
    return 0;
}

/* POSTs body with content_type to path; returns the status, *json the parsed
 * reply (caller decrefs). */
static long post(fixture *f, const char *path, const char *content_type, const char *body,
                 json_t **json)
{
    wfm_test_reply r = wfm_test_http(f, "POST", path, content_type, body, NULL);
    *json = json_incref(r.json);
    long status = r.status;
    wfm_test_reply_free(&r);
    return status;
}

static json_int_t int_of(json_t *j, const char *key)
{
    return json_integer_value(json_object_get(j, key));
}

static const char *error_text(json_t *j, const char *key)
{
    return json_string_value(json_object_get(json_object_get(j, "error"), key));
}

static void csv_imports_once_then_changes_nothing(void **state)
{
    fixture *f = *state;
    const char *csv = HEADER "phone,2026-01-05T08:00:00+08:00,900,31,29,2,8120,410\r\n"
                             "phone,2026-01-05T08:15:00+08:00,900,20,20,0,5000,0\r\n";
    json_t *j;
    assert_int_equal(post(f, "/v1/centers/jinan/history", "text/csv; charset=utf-8", csv, &j), 200);
    assert_int_equal(int_of(j, "rows"), 2);
    assert_int_equal(int_of(j, "inserted"), 2);
    json_decref(j);
    assert_int_equal(post(f, "/v1/centers/jinan/history", "text/csv", csv, &j), 200);
    assert_int_equal(int_of(j, "unchanged"), 2);
    assert_int_equal(int_of(j, "inserted"), 0);
    json_decref(j);
}

static void json_rows_import_too(void **state)
{
    fixture *f = *state;
    const char *body = "{\"rows\":[{\"queue\":\"phone\",\"interval_start\":\"2026-01-05T09:00:00+08:00\","
                       "\"interval_s\":3600,\"offered\":100,\"answered\":95,\"abandoned\":5,"
                       "\"handle_time_s\":28000,\"wait_time_s\":900}]}";
    json_t *j;
    assert_int_equal(post(f, "/v1/centers/jinan/history", "application/json", body, &j), 200);
    assert_int_equal(int_of(j, "inserted"), 1);
    json_decref(j);
}

static void a_bad_row_is_400_naming_row_column_and_value(void **state)
{
    fixture *f = *state;
    json_t *j;
    assert_int_equal(post(f, "/v1/centers/jinan/history", "text/csv",
                          HEADER "phone,2026-01-06T08:00:00+08:00,900,5,4,0,100,0\n"
                                 "phone,2026-01-06T08:15:00+08:00,900,-3,0,0,0,0\n", &j), 400);
    assert_string_equal(error_text(j, "field"), "offered");
    assert_non_null(strstr(error_text(j, "message"), "row 3, column offered"));
    assert_non_null(strstr(error_text(j, "message"), "'-3'"));
    json_decref(j);
    char *count = wfm_testdb_scalar(f->db, "SELECT count(*) FROM history WHERE interval_start >= '2026-01-06'");
    assert_string_equal(count, "0"); /* row 2 was fine, but nothing was stored */
    free(count);
}

static void unknown_center_is_404_and_other_types_415(void **state)
{
    fixture *f = *state;
    json_t *j;
    assert_int_equal(post(f, "/v1/centers/nowhere/history", "text/csv",
                          HEADER "phone,2026-01-05T08:00:00+08:00,900,1,1,0,0,0\n", &j), 404);
    assert_string_equal(error_text(j, "field"), "center");
    json_decref(j);
    assert_int_equal(post(f, "/v1/centers/jinan/history", "application/xml", "<rows/>", &j), 415);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_imports_once_then_changes_nothing),
        cmocka_unit_test(json_rows_import_too),
        cmocka_unit_test(a_bad_row_is_400_naming_row_column_and_value),
        cmocka_unit_test(unknown_center_is_404_and_other_types_415),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
