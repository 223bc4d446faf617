/* Specification of the forecast and calendar routes over real HTTP:
 * GET /v1/centers/{id}/forecast, .../forecast/backtest and GET/PUT
 * .../calendar, on an in-process server and a fresh database holding eight
 * weeks of the generated sample's phone queue (ending Sunday 1 March 2026,
 * so Spring Festival 2026 is inside it). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wfm_date.h"
#include "data/wfm_history_store.h"
#include "data/wfm_sample.h"
#include "tests/support/wfm_testhttp.h"

#define DB "wfm_route_forecast"
#define WEEKS 8

/* The last WEEKS weeks of the sample's phone queue, imported. */
static void load_phone_history(PGconn *db)
{
    wfm_sample_opts so;
    wfm_sample_opts_init(&so);
    so.years = 1;
    so.end_day = wfm_date_from_ymd(2026, 3, 1);
    wfm_calendar *cal = wfm_calendar_create();
    wfm_history_set all, phone;
    wfm_history_set_init(&all);
    wfm_history_set_init(&phone);
    wfm_error err;
    assert_int_equal(wfm_calendar_load_china(cal, &err), WFM_OK);
    assert_int_equal(wfm_sample_generate(&so, cal, &all, &err), WFM_OK);
    int64_t since = ((int64_t)wfm_date_from_ymd(2026, 3, 2) - WEEKS * 7) * 86400 - 8 * 3600;
    for (size_t i = 0; i < all.n_rows; i++)
        if (!strcmp(all.rows[i].queue, "phone") && all.rows[i].interval_start >= since)
            *wfm_history_set_push(&phone) = all.rows[i];
    assert_int_equal(phone.n_rows, WEEKS * 7 * 96);
    assert_int_equal(wfm_history_store_import(db, "jinan", phone.rows, phone.n_rows, 1, NULL, &err),
                     WFM_OK);
    wfm_history_set_free(&all);
    wfm_history_set_free(&phone);
    wfm_calendar_delete(cal);
}

static int setup(void **state)
{
    wfm_test_server *ts = wfm_test_server_start(
        DB, "INSERT INTO center (id, name, time_zone) VALUES ('jinan', 'Jinan', 'Asia/Shanghai');"
            "INSERT INTO queue (center_id, id, channel, kind) VALUES"
            " ('jinan', 'phone', 'phone', 'live'), ('jinan', 'wechat', 'wechat', 'live')");
    if (!ts)
        return -1;
    load_phone_history(ts->db);
    *state = ts;
    return 0;
}

static int teardown(void **state)
{
    wfm_test_server_stop(*state);
    return 0;
}

/* Sends the request; returns the status and *json the reply (caller
 * decrefs). */
static long request(wfm_test_server *ts, const char *method, const char *path, const char *body,
                    json_t **json)
{
    wfm_test_reply r = wfm_test_http(ts, method, path, body ? "application/json" : NULL, body, NULL);
    *json = json_incref(r.json);
    long status = r.status;
    wfm_test_reply_free(&r);
    return status;
}

static long get(wfm_test_server *f, const char *path, json_t **json)
{
    return request(f, "GET", path, NULL, json);
}

static const char *error_of(json_t *reply, const char *key)
{
    return json_string_value(json_object_get(json_object_get(reply, "error"), key));
}

static double num(json_t *o, const char *key)
{
    return json_number_value(json_object_get(o, key));
}

/* Sum of offered over the intervals of a forecast reply. */
static double total_offered(json_t *reply)
{
    json_t *intervals = json_object_get(reply, "intervals"), *it;
    size_t i;
    double sum = 0;
    json_array_foreach(intervals, i, it)
        sum += num(it, "offered");
    return sum;
}

static void forecast_gives_ordered_intervals_for_the_asked_day(void **state)
{
    wfm_test_server *f = *state;
    json_t *j;
    assert_int_equal(get(f, "/v1/centers/jinan/forecast?queue=phone&from=2026-03-03&to=2026-03-04", &j),
                     200);
    json_t *intervals = json_object_get(j, "intervals"), *it;
    assert_int_equal(json_array_size(intervals), 96);
    assert_string_equal(json_string_value(json_object_get(json_array_get(intervals, 0),
                                                          "interval_start")),
                        "2026-03-03T00:00:00+08:00");
    size_t i;
    json_array_foreach(intervals, i, it) {
        assert_true(num(it, "lo95") <= num(it, "lo80") + 1e-9);
        assert_true(num(it, "lo80") <= num(it, "offered") + 1e-9);
        assert_true(num(it, "offered") <= num(it, "hi80") + 1e-9);
        assert_true(num(it, "hi80") <= num(it, "hi95") + 1e-9);
        assert_true(num(it, "aht_s") > 0);
    }
    const char *model = json_string_value(json_object_get(j, "model"));
    assert_true(!strcmp(model, "naive") || !strcmp(model, "hw") || !strcmp(model, "regression"));
    assert_int_equal(json_array_size(json_object_get(json_object_get(j, "backtest"), "models")), 3);
    /* A second request (served from the cache) answers the same. */
    json_t *again;
    assert_int_equal(get(f, "/v1/centers/jinan/forecast?queue=phone&from=2026-03-03&to=2026-03-04",
                         &again), 200);
    assert_true(json_equal(j, again));
    json_decref(again);
    json_decref(j);
}

static void backtest_reports_every_model(void **state)
{
    wfm_test_server *f = *state;
    json_t *j, *m;
    assert_int_equal(get(f, "/v1/centers/jinan/forecast/backtest?queue=phone", &j), 200);
    assert_string_equal(json_string_value(json_object_get(j, "queue")), "phone");
    size_t i;
    double best = INFINITY;
    json_array_foreach(json_object_get(j, "models"), i, m) {
        assert_true(num(m, "wape") > 0 && num(m, "wape") < 1);
        assert_true(num(m, "mase") > 0);
        best = fmin(best, num(m, "wape"));
    }
    /* The chosen model is the one with the lowest WAPE. */
    const char *chosen = json_string_value(json_object_get(j, "chosen"));
    json_array_foreach(json_object_get(j, "models"), i, m)
        if (!strcmp(json_string_value(json_object_get(m, "model")), chosen))
            assert_true(num(m, "wape") == best);
    json_decref(j);
}

static void expect_error(wfm_test_server *f, const char *path, long status, const char *field,
                         const char *in_message)
{
    json_t *j;
    assert_int_equal(get(f, path, &j), status);
    assert_string_equal(error_of(j, "field"), field);
    if (in_message && !strstr(error_of(j, "message"), in_message))
        fail_msg("'%s' not in '%s'", in_message, error_of(j, "message"));
    json_decref(j);
}

static void bad_requests_name_the_parameter_and_value(void **state)
{
    wfm_test_server *f = *state;
    expect_error(f, "/v1/centers/jinan/forecast", 400, "queue", NULL);
    expect_error(f, "/v1/centers/jinan/forecast?queue=phone&from=tuesday", 400, "from", "'tuesday'");
    expect_error(f, "/v1/centers/jinan/forecast?queue=phone&from=2026-02-28", 400, "from",
                 "2026-03-02T00:00:00+08:00");
    expect_error(f, "/v1/centers/jinan/forecast?queue=phone&to=2026-06-01", 400, "to", "2026-06-01");
    /* The last history day is 1 March: forecasts end by 27 April (56 days). */
    expect_error(f, "/v1/centers/jinan/forecast?queue=phone&to=2026-04-27T00:15:00%2B08:00", 400,
                 "to", "2026-04-27T00:00:00+08:00");
    expect_error(f, "/v1/centers/jinan/forecast?queue=phone&from=2026-04-25", 400, "from",
                 "from + 7 days");
    expect_error(f, "/v1/centers/jinan/forecast?queue=phone&from=2026-03-05&to=2026-03-04", 400,
                 "to", NULL);
    expect_error(f, "/v1/centers/jinan/forecast?queue=phone&model=arima", 400, "model", "arima");
    expect_error(f, "/v1/centers/jinan/forecast?queue=fax", 404, "queue", "fax");
    expect_error(f, "/v1/centers/nowhere/forecast?queue=phone", 404, "center", "nowhere");
    expect_error(f, "/v1/centers/jinan/forecast?queue=wechat", 422, "history", NULL);
    expect_error(f, "/v1/centers/jinan/forecast/backtest?queue=wechat", 422, "history", NULL);
}

static long put(wfm_test_server *f, const char *body, json_t **j)
{
    return request(f, "PUT", "/v1/centers/jinan/calendar", body, j);
}

/* A custom holiday reaches the forecast: Tuesday 3 March turned into a
 * holiday is forecast quieter by the regression, which learnt the holiday
 * effect from Spring Festival in the history. */
static void calendar_edits_are_stored_and_reach_the_forecast(void **state)
{
    wfm_test_server *f = *state;
    const char *path = "/v1/centers/jinan/forecast?queue=phone&from=2026-03-03&to=2026-03-04&model=regression";
    json_t *j;
    assert_int_equal(get(f, "/v1/centers/jinan/calendar?year=2026", &j), 200);
    assert_string_equal(json_string_value(json_object_get(j, "calendar")), "china");
    assert_int_equal(json_array_size(json_object_get(j, "entries")), 0);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "days"), 0),
                                                          "date")), "2026-01-01");
    json_decref(j);
    assert_int_equal(get(f, path, &j), 200);
    double normal = total_offered(j);
    json_decref(j);
    assert_int_equal(put(f, "{\"calendar\":\"china\",\"entries\":[{\"date\":\"2026-03-03\","
                            "\"kind\":\"holiday\",\"name\":\"City festival\"}]}", &j), 200);
    json_t *e = json_array_get(json_object_get(j, "entries"), 0);
    assert_string_equal(json_string_value(json_object_get(e, "date")), "2026-03-03");
    assert_string_equal(json_string_value(json_object_get(e, "name")), "City festival");
    json_decref(j);
    assert_int_equal(get(f, path, &j), 200);
    assert_true(total_offered(j) < 0.8 * normal);
    json_decref(j);
    assert_int_equal(put(f, "{\"calendar\":\"china\",\"entries\":[]}", &j), 200);
    json_decref(j);
}

static void calendar_rejects_bad_entries_whole(void **state)
{
    wfm_test_server *f = *state;
    json_t *j;
    assert_int_equal(put(f, "{\"calendar\":\"china\",\"entries\":[{\"date\":\"2026-05-04\",\"kind\":\"holiday\"},"
                            "{\"date\":\"2026-02-30\",\"kind\":\"holiday\"}]}", &j), 400);
    assert_string_equal(error_of(j, "field"), "entries[1].date");
    assert_non_null(strstr(error_of(j, "message"), "'2026-02-30'"));
    json_decref(j);
    assert_int_equal(put(f, "{\"calendar\":\"china\",\"entries\":[{\"date\":\"2026-05-04\",\"kind\":\"party\"}]}",
                         &j), 400);
    assert_string_equal(error_of(j, "field"), "entries[0].kind");
    json_decref(j);
    assert_int_equal(put(f, "{\"calendar\":\"mars\"}", &j), 400);
    assert_string_equal(error_of(j, "field"), "calendar");
    json_decref(j);
    assert_int_equal(put(f, "{\"calendar\":\"us\",\"entries\":[{\"date\":\"2026-05-04\",\"kind\":\"holiday\"},"
                            "{\"date\":\"2026-05-04\",\"kind\":\"workday\"}]}", &j), 400);
    assert_non_null(strstr(error_of(j, "message"), "2026-05-04"));
    json_decref(j);
    /* Nothing of the refused requests was stored. */
    assert_int_equal(get(f, "/v1/centers/jinan/calendar", &j), 200);
    assert_string_equal(json_string_value(json_object_get(j, "calendar")), "china");
    assert_int_equal(json_array_size(json_object_get(j, "entries")), 0);
    json_decref(j);
    assert_int_equal(request(f, "PUT", "/v1/centers/nowhere/calendar", "{\"calendar\":\"us\"}", &j), 404);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(forecast_gives_ordered_intervals_for_the_asked_day),
        cmocka_unit_test(backtest_reports_every_model),
        cmocka_unit_test(bad_requests_name_the_parameter_and_value),
        cmocka_unit_test(calendar_edits_are_stored_and_reach_the_forecast),
        cmocka_unit_test(calendar_rejects_bad_entries_whole),
    };
    return cmocka_run_group_tests_name("api/forecast and calendar routes", tests, setup, teardown);
}
