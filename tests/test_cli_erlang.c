/* Specification of `wfm erlang`: it prints the reference metrics for a
 * reference row, finds the seats a target needs, and rejects bad input
 * with exit status 2 and a message naming the flag. Runs the built tool
 * ($WFM_BUILD_DIR/wfm). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "tests/support/wfm_erlang_vectors.h"
#include "tests/support/wfm_testcli.h"

/* Runs `wfm erlang <args> 2>&1`; returns the exit status, output in out. */
static int run_wfm(const char *args, char *out, size_t size)
{
    char full[2048];
    snprintf(full, sizeof full, "erlang %s", args);
    return wfm_testcli_output(full, out, size);
}

static double number(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    assert_non_null(v);
    return json_number_value(v);
}

/* The first reference row of the model, run through the CLI. */
static void check_reference_row(char model)
{
    size_t n = 0;
    wfm_erlang_vector *rows = wfm_erlang_vectors_load(&n);
    assert_non_null(rows);
    size_t i = 0;
    while (rows[i].model != model)
        i++;
    const wfm_erlang_vector *v = &rows[i];
    double rounding;
    wfm_erlang_input in = wfm_erlang_vector_input(v, &rounding);
    char args[512], out[4096];
    int len = snprintf(args, sizeof args, "--calls %.17g --interval-s %g --aht-s %g --agents %d --json",
                       in.calls, in.interval_s, in.aht_s, v->agents);
    if (model == 'A')
        snprintf(args + len, sizeof args - len, " --patience-s %g", in.patience_s);
    else
        snprintf(args + len, sizeof args - len, " --threshold-s %g", in.threshold_s);
    assert_int_equal(run_wfm(args, out, sizeof out), 0);
    json_t *o = json_loads(out, 0, NULL);
    assert_non_null(o);
    assert_int_equal(number(o, "agents"), v->agents);
    assert_true(fabs(number(o, "p_wait") - v->p_wait) <= 1e-9);
    assert_true(fabs(number(o, "occupancy") - v->occupancy) <= 1e-9);
    if (model == 'A') {
        assert_true(fabs(number(o, "p_abandon") - v->p_abandon) <= 1e-9);
        assert_true(fabs(number(o, "answer_rate") - v->answer_rate) <= 1e-9);
    } else {
        assert_null(json_object_get(o, "p_abandon"));
        assert_true(fabs(number(o, "service_level") - v->service_level) <= 1e-9);
        assert_true(fabs(number(o, "asa_s") - v->asa_s) <= 1e-6 * v->asa_s);
    }
    json_decref(o);
    free(rows);
}

static void prints_the_reference_metrics_for_erlang_c(void **state)
{
    (void)state;
    check_reference_row('C');
}

static void prints_the_reference_metrics_for_erlang_a(void **state)
{
    (void)state;
    check_reference_row('A');
}

static void target_gives_seats_and_scheduled_seats(void **state)
{
    (void)state;
    char out[4096];
    assert_int_equal(run_wfm("--calls 300 --interval-s 900 --aht-s 300 --patience-s 90 "
                             "--target-answer-rate 0.95 --shrinkage 0.25 --json",
                             out, sizeof out),
                     0);
    json_t *o = json_loads(out, 0, NULL);
    assert_non_null(o);
    int seats = (int)number(o, "seats_needed");
    assert_int_equal(number(o, "agents"), seats);
    assert_int_equal(number(o, "scheduled_seats"), (int)ceil(seats / 0.75 - 1e-9));
    assert_true(number(o, "answer_rate") >= 0.95);
    json_decref(o);
    /* one seat fewer misses the target */
    char args[256];
    snprintf(args, sizeof args, "--calls 300 --interval-s 900 --aht-s 300 --patience-s 90 "
                                "--agents %d --json", seats - 1);
    assert_int_equal(run_wfm(args, out, sizeof out), 0);
    o = json_loads(out, 0, NULL);
    assert_true(number(o, "answer_rate") < 0.95);
    json_decref(o);
}

static void overload_is_explicit(void **state)
{
    (void)state;
    char out[4096];
    assert_int_equal(run_wfm("--calls 300 --interval-s 900 --aht-s 300 --agents 90 --json", out,
                             sizeof out),
                     0);
    json_t *o = json_loads(out, 0, NULL);
    assert_non_null(o);
    assert_true(json_is_true(json_object_get(o, "overloaded")));
    assert_true(json_is_null(json_object_get(o, "asa_s")));
    json_decref(o);
}

static void bad_input_exits_2_naming_the_flag(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"--calls 10 --interval-s 900 --aht-s 0 --agents 3 --json", "--aht-s"},
        {"--calls nan --interval-s 900 --aht-s 60 --agents 3 --json", "--calls"},
        {"--calls 10 --interval-s 900 --aht-s 60 --agents -2 --json", "--agents"},
        {"--calls 10 --interval-s 900 --aht-s 60 --agents 3 --frobnicate 1", "--frobnicate"},
        {"--calls 10 --interval-s 900 --aht-s 60 --target-sl 1.5", "--target-sl"},
        {"--calls 10 --aht-s 60 --agents 3", "--interval-s"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[4096];
        assert_int_equal(run_wfm(cases[i][0], out, sizeof out), 2);
        assert_non_null(strstr(out, cases[i][1]));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(prints_the_reference_metrics_for_erlang_c),
        cmocka_unit_test(prints_the_reference_metrics_for_erlang_a),
        cmocka_unit_test(target_gives_seats_and_scheduled_seats),
        cmocka_unit_test(overload_is_explicit),
        cmocka_unit_test(bad_input_exits_2_naming_the_flag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
