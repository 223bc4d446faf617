/* Specification of POST /v1/erlang: through the route table (unit) and
 * through a live wfm server over HTTP (integration). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "api/wfm_routes.h"
#include "api/wfm_server.h"
#include "tests/support/wfm_erlang_vectors.h"
#include "tests/support/wfm_testhttp.h"

/* Dispatches POST /v1/erlang with body over the real route table. */
static json_t *post(const char *body, unsigned *status)
{
    wfm_http_request req = {.method = "POST", .path = "/v1/erlang", .body = body,
                            .body_len = strlen(body), .content_type = "application/json",
                            .request_id = "test"};
    wfm_http_response res;
    wfm_http_response_init(&res);
    size_t n;
    const wfm_route *routes = wfm_routes_list(&n);
    wfm_http_dispatch(routes, n, &req, &res);
    *status = res.status;
    json_t *answer = json_loadb(res.body, res.body_len, 0, NULL);
    wfm_http_response_free(&res);
    assert_non_null(answer);
    return answer;
}

static const char *error_field(json_t *answer)
{
    return json_string_value(json_object_get(json_object_get(answer, "error"), "field"));
}

static void answers_metrics_staffing_and_table(void **state)
{
    (void)state;
    unsigned status;
    json_t *a = post("{\"calls\": 300, \"interval_s\": 900, \"aht_s\": 300, \"patience_s\": 90,"
                     " \"agents\": 100, \"target_answer_rate\": 0.95, \"seats_from\": 95,"
                     " \"seats_to\": 105}",
                     &status);
    assert_int_equal(status, 200);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(a, "metrics"), "agents")),
                     100);
    json_t *staffing = json_object_get(a, "staffing");
    assert_true(json_real_value(json_object_get(staffing, "answer_rate")) >= 0.95);
    assert_int_equal(json_array_size(json_object_get(a, "table")), 11);
    json_decref(a);
}

static void errors_follow_the_status_rule(void **state)
{
    (void)state;
    const struct {
        const char *body;
        unsigned status;
        const char *field;
    } cases[] = {
        {"{\"calls\": 30, \"interval_s\": 900, \"aht_s\": -1, \"agents\": 3}", 400, "aht_s"},
        {"{\"calls\": 30, \"interval_s\": 900, \"aht_s\": 60, \"agents\": 3, \"x\": 1}", 400, "x"},
        {"{\"calls\": 30, \"interval_s\": 900, \"aht_s\": 60, \"seats_to\": 5000}", 422, "seats_to"},
        {"{\"calls\": 1e6, \"interval_s\": 900, \"aht_s\": 3000, \"target_sl\": 0.8}", 422, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned status;
        json_t *a = post(cases[i].body, &status);
        assert_int_equal(status, cases[i].status);
        if (cases[i].field)
            assert_string_equal(error_field(a), cases[i].field);
        json_decref(a);
    }
    unsigned status;
    json_t *a = post("{\"calls\": ", &status);
    assert_int_equal(status, 400);
    json_decref(a);
}

/* The first Erlang A reference row, posted to a live server. */
static void live_server_answers_a_reference_row(void **state)
{
    (void)state;
    wfm_test_server *ts = wfm_test_server_start("wfm_route_erlang", NULL);
    assert_non_null(ts);

    size_t n = 0;
    wfm_erlang_vector *rows = wfm_erlang_vectors_load(&n);
    assert_non_null(rows);
    size_t i = 0;
    while (rows[i].model != 'A')
        i++;
    double rounding;
    wfm_erlang_input in = wfm_erlang_vector_input(&rows[i], &rounding);
    char body[512];
    snprintf(body, sizeof body,
             "{\"calls\": %.17g, \"interval_s\": %g, \"aht_s\": %g, \"patience_s\": %g, \"agents\": %d}",
             in.calls, in.interval_s, in.aht_s, in.patience_s, rows[i].agents);
    wfm_test_reply r = wfm_test_http(ts, "POST", "/v1/erlang", "application/json", body, NULL);
    wfm_test_server_stop(ts);

    assert_int_equal(r.status, 200);
    assert_non_null(r.json);
    json_t *m = json_object_get(r.json, "metrics");
    assert_true(fabs(json_real_value(json_object_get(m, "p_wait")) - rows[i].p_wait) <= 1e-9);
    assert_true(fabs(json_real_value(json_object_get(m, "answer_rate")) - rows[i].answer_rate) <=
                1e-9);
    wfm_test_reply_free(&r);
    free(rows);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers_metrics_staffing_and_table),
        cmocka_unit_test(errors_follow_the_status_rule),
        cmocka_unit_test(live_server_answers_a_reference_row),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    return failed;
}
