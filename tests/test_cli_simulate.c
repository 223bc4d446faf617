/* Specification of `wfm simulate --roster` together with `wfm roster`: a
 * roster built from an input document with callers' patience prints its
 * simulated answer rate, and replaying the written roster against the same
 * document with the same seed gives the same rates as the roster's KPIs.
 * Runs the built tool ($WFM_BUILD_DIR/wfm) on tests/fixtures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "tests/support/wfm_testcli.h"

static void fixture(const char *name, char *path, size_t size)
{
    const char *dir = getenv("WFM_SOURCE_DIR");
    snprintf(path, size, "%s/tests/fixtures/%s", dir ? dir : ".", name);
}

static void roster_replayed_gives_the_roster_kpis(void **state)
{
    (void)state;
    char input[4096], roster[64], args[8192];
    static char out[1 << 16];
    fixture("roster_small_callers.json", input, sizeof input);
    snprintf(roster, sizeof roster, "/tmp/wfm_test_cli_simulate_%d.json", (int)getpid());

    snprintf(args, sizeof args, "roster --input %s --out-json %s", input, roster);
    assert_int_equal(wfm_testcli_output(args, out, sizeof out), 0);
    assert_non_null(strstr(out, "simulated answer rate (10 replications, 95 % interval)"));
    assert_non_null(strstr(out, "whole horizon"));

    json_t *written = json_load_file(roster, 0, NULL);
    assert_non_null(written);
    const json_t *kpis = json_object_get(written, "kpis");
    double kpi_rate = json_real_value(json_object_get(kpis, "simulated_answer_rate"));
    assert_true(kpi_rate > 0 && kpi_rate <= 1);

    snprintf(args, sizeof args, "simulate --roster %s --input %s", roster, input);
    assert_int_equal(wfm_testcli_output(args, out, sizeof out), 0);
    json_t *replay = json_loads(out, 0, NULL);
    assert_non_null(replay);
    const json_t *rate = json_object_get(json_object_get(replay, "horizon"), "answer_rate");
    assert_true(fabs(json_real_value(json_object_get(rate, "mean")) - kpi_rate) < 1e-5);
    assert_int_equal(json_integer_value(json_object_get(replay, "replications")), 10);
    assert_int_equal(json_array_size(json_object_get(replay, "days")), 2);

    /* More replications: another estimate, inside a narrower interval. */
    snprintf(args, sizeof args, "simulate --roster %s --input %s --replications 40", roster, input);
    assert_int_equal(wfm_testcli_output(args, out, sizeof out), 0);
    json_t *longer = json_loads(out, 0, NULL);
    assert_non_null(longer);
    const json_t *ci10 = json_object_get(rate, "ci");
    const json_t *ci40 =
        json_object_get(json_object_get(json_object_get(longer, "horizon"), "answer_rate"), "ci");
    assert_true(json_real_value(json_array_get(ci40, 1)) - json_real_value(json_array_get(ci40, 0)) <
                json_real_value(json_array_get(ci10, 1)) - json_real_value(json_array_get(ci10, 0)));
    json_decref(longer);
    json_decref(replay);
    json_decref(written);

    /* The plain fixture has no patience: nothing to simulate, said so. */
    fixture("roster_small.json", input, sizeof input);
    snprintf(args, sizeof args, "simulate --roster %s --input %s", roster, input);
    assert_int_equal(wfm_testcli_output(args, out, sizeof out), 1);
    assert_non_null(strstr(out, "patience_s"));
    unlink(roster);
}

/* `wfm roster --phases` prints each phase of the solve as it begins, in
 * the solver's order, then the summary. */
static void roster_phases_are_printed_in_order(void **state)
{
    (void)state;
    char input[4096], args[8192];
    static char out[1 << 16];
    fixture("roster_small.json", input, sizeof input);
    snprintf(args, sizeof args, "roster --input %s --phases", input);
    assert_int_equal(wfm_testcli_output(args, out, sizeof out), 0);
    const char *order[] = {"phase lp ", "phase dive ", "phase assign ", "phase evaluate ", "shifts "};
    const char *at = out;
    for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
        const char *next = strstr(at, order[k]);
        if (!next)
            fail_msg("'%s' missing or out of order in:\n%s", order[k], out);
        at = next;
    }
    /* The bound is known once the relaxation is solved. */
    assert_non_null(strstr(strstr(out, "phase dive "), "best bound "));
    assert_null(strstr(strstr(out, "phase dive "), "best bound nan"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(roster_replayed_gives_the_roster_kpis),
        cmocka_unit_test(roster_phases_are_printed_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
