/* Specification of `wfm --help`: every command the tool has is listed
 * once, in alphabetical order, and each answers its own --help with exit
 * status 0 and a usage line naming it. Runs the built tool
 * ($WFM_BUILD_DIR/wfm). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "tests/support/wfm_testcli.h"

/* The commands, as `wfm` dispatches them (cli/wfm_main.c). */
static const char *const COMMANDS[] = {"erlang", "forecast", "history", "job", "migrate",
                                       "plan-input", "reallocate", "roster", "sample",
                                       "scenario", "simulate", "token", "worker"};
#define N_COMMANDS (sizeof COMMANDS / sizeof *COMMANDS)

/* How many lines of text start with "  NAME " (a row of the command list),
 * and the offset of the first. */
static int rows_of(const char *text, const char *name, long *first)
{
    char row[64];
    snprintf(row, sizeof row, "\n  %s ", name);
    int n = 0;
    *first = -1;
    for (const char *at = strstr(text, row); at; at = strstr(at + 1, row)) {
        if (n++ == 0)
            *first = at - text;
    }
    return n;
}

static void help_lists_each_command_once_in_order(void **state)
{
    (void)state;
    char out[8192];
    assert_int_equal(wfm_testcli_output("--help", out, sizeof out), 0);
    long previous = -1;
    for (size_t k = 0; k < N_COMMANDS; k++) {
        long first;
        assert_int_equal(rows_of(out, COMMANDS[k], &first), 1);
        assert_true(first > previous);
        previous = first;
    }
    /* Nothing listed that is not a command above. */
    int rows = 0;
    for (const char *at = strstr(out, "\ncommands:\n"); at && (at = strstr(at + 1, "\n  "));)
        if (at[3] != ' ')
            rows++;
    assert_int_equal(rows, (int)N_COMMANDS);
}

static void each_command_answers_its_own_help(void **state)
{
    (void)state;
    for (size_t k = 0; k < N_COMMANDS; k++) {
        char args[64], out[16384], usage[64];
        snprintf(args, sizeof args, "%s --help", COMMANDS[k]);
        int status = wfm_testcli_output(args, out, sizeof out);
        if (status != 0)
            fail_msg("`wfm %s` exited %d:\n%s", args, status, out);
        snprintf(usage, sizeof usage, "wfm %s", COMMANDS[k]);
        assert_non_null(strstr(out, usage));
    }
}

static void an_unknown_command_is_named(void **state)
{
    (void)state;
    char out[8192];
    assert_int_equal(wfm_testcli_output("rosterz", out, sizeof out), 2);
    assert_non_null(strstr(out, "rosterz"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(help_lists_each_command_once_in_order),
        cmocka_unit_test(each_command_answers_its_own_help),
        cmocka_unit_test(an_unknown_command_is_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
