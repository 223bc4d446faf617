/* Specification of `wfm forecast`: reads the documented history CSV, writes
 * the documented forecast CSV (one row per queue and future interval) and
 * the backtest report, and refuses bad arguments with a clear message.
 * Runs the built binary ($WFM_BUILD_DIR/wfm) on files made here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "tests/support/wfm_synth.h"

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/wfm_test_forecast_cli_%d", (int)getpid());
    char cmd[512];
    snprintf(cmd, sizeof cmd, "mkdir -p %s", dir);
    return system(cmd);
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

/* Writes `days` days of two queues' synthetic history starting Monday
 * 2024-01-01 00:00 +08:00 (day 0 of the generator is a Monday too). */
static void write_history(const char *path, int days)
{
    assert_true(days <= 59);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "queue,interval_start,interval_s,offered,answered,abandoned,handle_time_s,wait_time_s\n");
    const char *queues[2] = {"phone", "wechat"};
    for (int q = 0; q < 2; q++) {
        wfm_synth_opts so;
        wfm_synth_opts_init(&so);
        so.seed = (unsigned long)q + 1;
        wfm_series *s = wfm_synth_series(&so, 0, days, 1);
        for (size_t i = 0; i < s->n; i++) {
            int day = s->day[i] + 1, slot = s->slot[i];
            int month = 1 + (day - 1) / 31, mday = 1 + (day - 1) % 31; /* days <= 59: Jan, Feb */
            long offered = (long)s->offered[i];
            fprintf(f, "%s,2024-%02d-%02dT%02d:%02d:00+08:00,900,%ld,%ld,0,%ld,0\n", queues[q],
                    month, mday, slot / 4, slot % 4 * 15, offered,
                    offered, offered * 250);
        }
        wfm_series_delete(s);
    }
    fclose(f);
}

static int run_wfm(const char *args, char *stderr_text, size_t size)
{
    char cmd[1024], errfile[300];
    const char *build = getenv("WFM_BUILD_DIR");
    snprintf(errfile, sizeof errfile, "%s/stderr.txt", dir);
    snprintf(cmd, sizeof cmd, "%s/wfm forecast %s 2>%s", build ? build : "build", args, errfile);
    int rc = system(cmd);
    FILE *f = fopen(errfile, "r");
    size_t n = f ? fread(stderr_text, 1, size - 1, f) : 0;
    stderr_text[n] = '\0';
    if (f)
        fclose(f);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void writes_documented_columns_for_every_queue(void **state)
{
    (void)state;
    char history[300], out[300], report[300], args[1024], errors[2048], line[512];
    snprintf(history, sizeof history, "%s/history.csv", dir);
    snprintf(out, sizeof out, "%s/forecast.csv", dir);
    snprintf(report, sizeof report, "%s/report.json", dir);
    write_history(history, 59); /* Jan 1 .. Feb 28 */
    snprintf(args, sizeof args, "--history %s --horizon-days 3 --out %s --backtest-report %s",
             history, out, report);
    assert_int_equal(run_wfm(args, errors, sizeof errors), 0);
    FILE *f = fopen(out, "r");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "queue,interval_start,offered,offered_lo80,offered_hi80,"
                              "offered_lo95,offered_hi95,aht_s\n");
    assert_non_null(fgets(line, sizeof line, f));
    assert_int_equal(strncmp(line, "phone,2024-02-29T00:00:00+08:00,", 32), 0);
    int rows = 1;
    while (fgets(line, sizeof line, f))
        rows++;
    fclose(f);
    assert_int_equal(rows, 2 * 3 * 96);
    f = fopen(report, "r");
    assert_non_null(f);
    size_t n = fread(errors, 1, sizeof errors - 1, f);
    errors[n] = '\0';
    fclose(f);
    assert_non_null(strstr(errors, "\"queue\": \"wechat\""));
    assert_non_null(strstr(errors, "\"wape\""));
}

static void refuses_bad_arguments_and_short_history(void **state)
{
    (void)state;
    char history[300], args[1024], errors[2048];
    snprintf(history, sizeof history, "%s/short.csv", dir);
    write_history(history, 10);
    snprintf(args, sizeof args, "--history %s --horizon-days -1 --out %s/x.csv", history, dir);
    assert_int_equal(run_wfm(args, errors, sizeof errors), 2);
    assert_non_null(strstr(errors, "--horizon-days must be an integer from 1 to 56 ('-1')"));
    snprintf(args, sizeof args, "--history %s --horizon-days 7 --out %s/x.csv --model arima", history, dir);
    assert_int_equal(run_wfm(args, errors, sizeof errors), 2);
    assert_non_null(strstr(errors, "'arima'"));
    snprintf(args, sizeof args, "--history %s --horizon-days 7 --out %s/x.csv", history, dir);
    assert_int_equal(run_wfm(args, errors, sizeof errors), 1);
    assert_non_null(strstr(errors, "queue phone: history too short"));
    snprintf(args, sizeof args, "--history %s/missing.csv --horizon-days 7 --out %s/x.csv", dir, dir);
    assert_int_equal(run_wfm(args, errors, sizeof errors), 1);
    assert_non_null(strstr(errors, "cannot open"));
}

/* The history's instants are the same, but local days are New York's: the
 * horizon ends at local midnight, 10 March 2024 (spring forward) has 92
 * fifteen-minute intervals, and timestamps carry EST then EDT. */
static void local_days_follow_the_time_zone_across_dst(void **state)
{
    (void)state;
    char history[300], out[300], args[1024], errors[2048], line[512];
    snprintf(history, sizeof history, "%s/history.csv", dir);
    snprintf(out, sizeof out, "%s/ny.csv", dir);
    write_history(history, 59); /* last row 2024-02-28T23:45+08:00 = 10:45 EST */
    snprintf(args, sizeof args, "--history %s --horizon-days 12 --out %s --time-zone America/New_York"
             " --calendar us", history, out);
    assert_int_equal(run_wfm(args, errors, sizeof errors), 0);
    FILE *f = fopen(out, "r");
    assert_non_null(f);
    int phone = 0, dst_day = 0, edt = 0;
    assert_non_null(fgets(line, sizeof line, f));
    assert_non_null(fgets(line, sizeof line, f));
    assert_int_equal(strncmp(line, "phone,2024-02-28T11:00:00-05:00,", 32), 0);
    do {
        if (strncmp(line, "phone,", 6))
            continue;
        phone++;
        dst_day += !strncmp(line + 6, "2024-03-10T", 11);
        edt += strstr(line, "-04:00,") != NULL;
    } while (fgets(line, sizeof line, f));
    fclose(f);
    assert_int_equal(dst_day, 92);
    assert_int_equal(phone, 13 * 4 + 10 * 96 + 92 + 96); /* rest of 28 Feb, 29 Feb-9 Mar, 10, 11 */
    assert_int_equal(edt, 92 - 8 + 96);                  /* from 03:00 on 10 March */
    snprintf(args, sizeof args, "--history %s --horizon-days 7 --out %s --time-zone Mars/Olympus",
             history, out);
    assert_int_equal(run_wfm(args, errors, sizeof errors), 2);
    assert_non_null(strstr(errors, "--time-zone must be an IANA zone name ('Mars/Olympus')"));
    snprintf(args, sizeof args, "--history %s --horizon-days 7 --out %s --calendar mars", history, out);
    assert_int_equal(run_wfm(args, errors, sizeof errors), 2);
    assert_non_null(strstr(errors, "('mars')"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_documented_columns_for_every_queue),
        cmocka_unit_test(refuses_bad_arguments_and_short_history),
        cmocka_unit_test(local_days_follow_the_time_zone_across_dst),
    };
    return cmocka_run_group_tests_name("cli/wfm forecast", tests, setup, teardown);
}
