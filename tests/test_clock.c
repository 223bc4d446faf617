/* Specification of core/wfm_clock: the monotonic clock never goes back, and
 * a sleep lasts at least about as long as asked. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/wfm_clock.h"

static void the_clock_never_goes_back(void **state)
{
    (void)state;
    double last = wfm_clock_now_s();
    for (int i = 0; i < 1000; i++) {
        double now = wfm_clock_now_s();
        assert_true(now >= last);
        last = now;
    }
}

static void a_sleep_lasts_as_long_as_asked(void **state)
{
    (void)state;
    double start = wfm_clock_now_s();
    wfm_clock_sleep_s(0.03);
    assert_true(wfm_clock_now_s() - start >= 0.029);
    start = wfm_clock_now_s();
    wfm_clock_sleep_s(-1); /* nothing to wait for */
    wfm_clock_sleep_s(0);
    assert_true(wfm_clock_now_s() - start < 0.03);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_clock_never_goes_back),
        cmocka_unit_test(a_sleep_lasts_as_long_as_asked),
    };
    return cmocka_run_group_tests_name("core/wfm_clock", tests, NULL, NULL);
}
