/* Specification of core/wfm_error: how errors are filled and named. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/wfm_error.h"

static void set_fills_status_field_and_message(void **state)
{
    (void)state;
    wfm_error err;
    wfm_error_clear(&err);
    wfm_status st = wfm_error_set(&err, WFM_EINVAL, "offered", "row %d: offered is negative (%d)", 17, -3);
    assert_int_equal(st, WFM_EINVAL);
    assert_int_equal(err.status, WFM_EINVAL);
    assert_string_equal(err.field, "offered");
    assert_string_equal(err.message, "row 17: offered is negative (-3)");
}

static void set_with_null_error_only_returns_status(void **state)
{
    (void)state;
    assert_int_equal(wfm_error_set(NULL, WFM_ENOTFOUND, NULL, "x"), WFM_ENOTFOUND);
}

static void long_messages_are_truncated_not_overflowed(void **state)
{
    (void)state;
    wfm_error err;
    char big[2048];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    wfm_error_set(&err, WFM_EINVAL, big, "%s", big);
    assert_int_equal(strlen(err.message), sizeof err.message - 1);
    assert_int_equal(strlen(err.field), sizeof err.field - 1);
}

static void status_names_are_stable(void **state)
{
    (void)state;
    assert_string_equal(wfm_status_name(WFM_EINVAL), "invalid_argument");
    assert_string_equal(wfm_status_name(WFM_ENOTFOUND), "not_found");
    assert_string_equal(wfm_status_name(WFM_EDB), "database_unavailable");
    assert_string_equal(wfm_status_name(WFM_ECANCELLED), "cancelled");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(set_fills_status_field_and_message),
        cmocka_unit_test(set_with_null_error_only_returns_status),
        cmocka_unit_test(long_messages_are_truncated_not_overflowed),
        cmocka_unit_test(status_names_are_stable),
    };
    return cmocka_run_group_tests_name("core/wfm_error", tests, NULL, NULL);
}
