/* Specification of POST /v1/centers/{id}/history over real HTTP: an
 * in-process server on a loopback port, a fresh database, libcurl. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/wfm_server.h"
#include "tests/support/wfm_testdb.h"

#define HEADER "queue,interval_start,interval_s,offered,answered,abandoned,handle_time_s,wait_time_s\n"

typedef struct fixture {
    wfm_server *srv;
    PGconn *db;
    char *url;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->db = wfm_testdb_fresh("wfm_route_history");
    PQclear(PQexec(f->db, "INSERT INTO center (id, name, time_zone) VALUES ('jinan', 'Jinan', 'Asia/Shanghai');"
                          "INSERT INTO queue (center_id, id, channel, kind) VALUES ('jinan', 'phone', 'phone', 'live')"));
    f->url = wfm_testdb_url("wfm_route_history");
    wfm_server_opts o;
    wfm_server_opts_init(&o);
    o.port = 0;
    o.bind_address = "127.0.0.1";
    o.database_url = f->url;
    o.threads = 2;
    o.access_log = 0;
    wfm_error err;
    f->srv = wfm_server_start(&o, &err);
    if (!f->srv) {
        fprintf(stderr, "server: %s\n", err.message);
        return -1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    wfm_server_stop(f->srv);
    PQfinish(f->db);
    free(f->url);
    free(f);
    curl_global_cleanup();
    return 0;
}

static size_t collect(char *data, size_t size, size_t n, void *out)
{
    fwrite(data, size, n, out);
    return size * n;
}

/* POSTs body with content_type to path; returns the status, *json the parsed
 * reply (caller decrefs). */
static long post(fixture *f, const char *path, const char *content_type, const char *body,
                 json_t **json)
{
    char url[256], ct[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", wfm_server_port(f->srv), path);
    snprintf(ct, sizeof ct, "Content-Type: %s", content_type);
    char *reply = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&reply, &len);
    CURL *c = curl_easy_init();
    struct curl_slist *headers = curl_slist_append(NULL, ct);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, mem);
    assert_int_equal(curl_easy_perform(c), CURLE_OK);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    fclose(mem);
    *json = json_loads(reply, 0, NULL);
    free(reply);
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
