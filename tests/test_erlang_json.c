/* Specification of api/wfm_erlang_json: the calculator behind
 * POST /v1/erlang and the JSON shape `wfm erlang` prints. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "api/wfm_erlang_json.h"
#include "tests/support/wfm_erlang_vectors.h"

/* Evaluates the JSON text; returns the status, the response in *out. */
static wfm_status eval(const char *text, json_t **out, wfm_error *err)
{
    json_t *req = json_loads(text, 0, NULL);
    assert_non_null(req);
    *out = NULL;
    wfm_status st = wfm_erlang_request_eval(req, out, err);
    json_decref(req);
    return st;
}

static double number_at(json_t *o, const char *object, const char *key)
{
    json_t *v = json_object_get(object ? json_object_get(o, object) : o, key);
    assert_non_null(v);
    return json_number_value(v);
}

static void agents_request_gives_the_reference_metrics(void **state)
{
    (void)state;
    size_t n = 0;
    wfm_erlang_vector *rows = wfm_erlang_vectors_load(&n);
    assert_non_null(rows);
    for (size_t i = 0; i < 2; i++) { /* the first rows: one C and one A */
        const wfm_erlang_vector *v = &rows[i + 1];
        double rounding;
        wfm_erlang_input in = wfm_erlang_vector_input(v, &rounding);
        char text[512];
        snprintf(text, sizeof text,
                 "{\"calls\": %.17g, \"interval_s\": %g, \"aht_s\": %g, \"patience_s\": %g,"
                 " \"threshold_s\": %g, \"agents\": %d}",
                 in.calls, in.interval_s, in.aht_s, in.patience_s, in.threshold_s, v->agents);
        json_t *out;
        assert_int_equal(eval(text, &out, NULL), WFM_OK);
        assert_true(fabs(number_at(out, "metrics", "p_wait") - v->p_wait) <= 1e-9);
        if (v->model == 'A')
            assert_true(fabs(number_at(out, "metrics", "answer_rate") - v->answer_rate) <= 1e-9);
        else
            assert_true(fabs(number_at(out, "metrics", "asa_s") - v->asa_s) <= 1e-6 * v->asa_s);
        json_decref(out);
    }
    free(rows);
}

static void target_and_table_together(void **state)
{
    (void)state;
    json_t *out;
    assert_int_equal(eval("{\"calls\": 200, \"interval_s\": 900, \"aht_s\": 240, \"patience_s\": 120,"
                          " \"target_answer_rate\": 0.95, \"shrinkage\": 0.2,"
                          " \"seats_from\": 40, \"seats_to\": 70}",
                          &out, NULL),
                     WFM_OK);
    assert_string_equal(json_string_value(json_object_get(out, "model")), "A");
    int seats = (int)number_at(out, "staffing", "seats_needed");
    assert_true(number_at(out, "staffing", "answer_rate") >= 0.95);
    json_t *table = json_object_get(out, "table");
    assert_int_equal(json_array_size(table), 31);
    for (size_t i = 0; i < 31; i++) {
        json_t *row = json_array_get(table, i);
        assert_int_equal(number_at(row, NULL, "agents"), 40 + (int)i);
        /* the staffing answer is where the table first reaches the target */
        bool reached = number_at(row, NULL, "answer_rate") >= 0.95;
        assert_int_equal(reached, 40 + (int)i >= seats);
    }
    json_decref(out);
}

static void overload_has_null_asa(void **state)
{
    (void)state;
    json_t *out;
    assert_int_equal(eval("{\"calls\": 100, \"interval_s\": 900, \"aht_s\": 90, \"agents\": 10}", &out,
                          NULL),
                     WFM_OK);
    json_t *m = json_object_get(out, "metrics");
    assert_true(json_is_true(json_object_get(m, "overloaded")));
    assert_true(json_is_null(json_object_get(m, "asa_s")));
    json_decref(out);
}

static void bad_requests_name_the_field(void **state)
{
    (void)state;
    const struct {
        const char *body, *field;
        wfm_status status;
    } cases[] = {
        {"{\"calls\": 10, \"interval_s\": 900, \"aht_s\": 0, \"agents\": 2}", "aht_s", WFM_EINVAL},
        {"{\"calls\": \"ten\", \"interval_s\": 900, \"aht_s\": 60, \"agents\": 2}", "calls", WFM_EINVAL},
        {"{\"interval_s\": 900, \"aht_s\": 60, \"agents\": 2}", "calls", WFM_EINVAL},
        {"{\"calls\": 10, \"interval_s\": 900, \"aht_s\": 60, \"agnets\": 2}", "agnets", WFM_EINVAL},
        {"{\"calls\": 10, \"interval_s\": 900, \"aht_s\": 60, \"agents\": 2.5}", "agents", WFM_EINVAL},
        {"{\"calls\": 10, \"interval_s\": 900, \"aht_s\": 60, \"agents\": -1}", "agents", WFM_EINVAL},
        {"{\"calls\": 10, \"interval_s\": 900, \"aht_s\": 60}", "agents", WFM_EINVAL},
        {"{\"calls\": 10, \"interval_s\": 900, \"aht_s\": 60, \"target_answer_rate\": 0.9}",
         "target_answer_rate", WFM_EINVAL},
        {"{\"calls\": 10, \"interval_s\": 900, \"aht_s\": 60, \"target_sl\": 1.5}", "target_sl",
         WFM_EINVAL},
        {"{\"calls\": 10, \"interval_s\": 900, \"aht_s\": 60, \"seats_from\": 9, \"seats_to\": 3}",
         "seats_to", WFM_EINVAL},
        {"{\"calls\": 10, \"interval_s\": 900, \"aht_s\": 60, \"seats_to\": 90000}", "seats_to",
         WFM_ETOOBIG},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *out;
        wfm_error err;
        assert_int_equal(eval(cases[i].body, &out, &err), cases[i].status);
        assert_null(out);
        assert_string_equal(err.field, cases[i].field);
    }
    json_t *out;
    wfm_error err;
    assert_int_equal(eval("[1, 2]", &out, &err), WFM_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(agents_request_gives_the_reference_metrics),
        cmocka_unit_test(target_and_table_together),
        cmocka_unit_test(overload_has_null_asa),
        cmocka_unit_test(bad_requests_name_the_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
