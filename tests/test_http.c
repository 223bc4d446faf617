/* Specification of api/wfm_http: route matching, dispatch (404/405/OPTIONS/
 * HEAD), the JSON error shape, the wfm_status -> HTTP status rule, body
 * parsing and the authorization checks handlers make. No network: requests
 * are built by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "api/wfm_http.h"
#include "data/wfm_token.h"

/* Parses a response body; fails the test when it is not JSON. */
static json_t *body_json(const wfm_http_response *res)
{
    assert_non_null(res->body);
    json_error_t jerr;
    json_t *root = json_loadb(res->body, res->body_len, 0, &jerr);
    if (!root)
        fail_msg("body is not JSON: %s (%.*s)", jerr.text, (int)res->body_len, res->body);
    return root;
}

/* Checks res is the error shape {"error":{"code","message","field"}} with
 * the given status, code and field (NULL: JSON null). */
static void assert_error(const wfm_http_response *res, unsigned status, const char *code,
                         const char *field)
{
    assert_int_equal(res->status, status);
    assert_string_equal(res->content_type, "application/json");
    json_t *root = body_json(res);
    json_t *error = json_object_get(root, "error");
    assert_true(json_is_object(error));
    assert_int_equal(json_object_size(root), 1);
    assert_int_equal(json_object_size(error), 3);
    assert_string_equal(json_string_value(json_object_get(error, "code")), code);
    assert_true(json_string_length(json_object_get(error, "message")) > 0);
    json_t *f = json_object_get(error, "field");
    if (field)
        assert_string_equal(json_string_value(f), field);
    else
        assert_true(json_is_null(f));
    json_decref(root);
}

static int match(const char *pattern, const char *path, const char **params, size_t *n)
{
    static char scratch[256];
    return wfm_http_path_match(pattern, path, scratch, params, n);
}

static void literal_patterns_match_only_the_same_path(void **state)
{
    (void)state;
    const char *params[WFM_HTTP_MAX_PARAMS];
    size_t n = 99;
    assert_true(match("/v1/health", "/v1/health", params, &n));
    assert_int_equal(n, 0);
    assert_false(match("/v1/health", "/v1/healthz", params, &n));
    assert_false(match("/v1/health", "/v1/health/", params, &n));
    assert_false(match("/v1/health", "/v1", params, &n));
    assert_false(match("/v1/health", "/v2/health", params, &n));
    assert_false(match("/v1/health", "", params, &n));
}

static void param_segments_capture_one_segment_each(void **state)
{
    (void)state;
    const char *params[WFM_HTTP_MAX_PARAMS];
    size_t n;
    assert_true(match("/v1/centers/{center}/queues/{queue}", "/v1/centers/jinan/queues/phone",
                      params, &n));
    assert_int_equal(n, 2);
    assert_string_equal(params[0], "jinan");
    assert_string_equal(params[1], "phone");

    assert_true(match("/v1/centers/{id}", "/v1/centers/nyc-311", params, &n));
    assert_int_equal(n, 1);
    assert_string_equal(params[0], "nyc-311");
}

static void param_segments_never_match_empty_or_several_segments(void **state)
{
    (void)state;
    const char *params[WFM_HTTP_MAX_PARAMS];
    size_t n;
    assert_false(match("/v1/centers/{id}", "/v1/centers/", params, &n));
    assert_false(match("/v1/centers/{id}", "/v1/centers", params, &n));
    assert_false(match("/v1/centers/{id}", "/v1/centers/a/b", params, &n));
    assert_int_equal(n, 0);
}

static void ok_handler(const wfm_http_request *req, wfm_http_response *res)
{
    json_t *params = json_array();
    for (size_t i = 0; i < req->n_params; i++)
        json_array_append_new(params, json_string(req->params[i]));
    wfm_http_json(res, 200, json_pack("{s:s, s:o}", "method", req->method, "params", params));
}

static const wfm_route table[] = {
    {"GET", "/v1/centers", ok_handler, 0},
    {"POST", "/v1/centers", ok_handler, 0},
    {"GET", "/v1/centers/{id}", ok_handler, 0},
    {"DELETE", "/v1/centers/{id}", ok_handler, 0},
};

static void dispatch(const char *method, const char *path, wfm_http_response *res)
{
    wfm_http_request req = {.method = method, .path = path, .body = "", .request_id = "t"};
    wfm_http_response_init(res);
    wfm_http_dispatch(table, sizeof table / sizeof table[0], &req, res);
}

static void dispatch_runs_the_matching_handler_with_params(void **state)
{
    (void)state;
    wfm_http_response res;
    dispatch("DELETE", "/v1/centers/jinan", &res);
    assert_int_equal(res.status, 200);
    json_t *root = body_json(&res);
    assert_string_equal(json_string_value(json_object_get(root, "method")), "DELETE");
    json_t *params = json_object_get(root, "params");
    assert_int_equal(json_array_size(params), 1);
    assert_string_equal(json_string_value(json_array_get(params, 0)), "jinan");
    json_decref(root);
    wfm_http_response_free(&res);
}

static void unknown_path_is_404_json(void **state)
{
    (void)state;
    wfm_http_response res;
    dispatch("GET", "/v1/nothing-here", &res);
    assert_error(&res, 404, "not_found", NULL);
    wfm_http_response_free(&res);
}

static void wrong_method_is_405_json_listing_allowed_methods(void **state)
{
    (void)state;
    wfm_http_response res;
    dispatch("PUT", "/v1/centers", &res);
    assert_error(&res, 405, "method_not_allowed", NULL);
    assert_string_equal(wfm_http_response_header(&res, "Allow"), "GET, POST");
    wfm_http_response_free(&res);

    dispatch("POST", "/v1/centers/x", &res);
    assert_error(&res, 405, "method_not_allowed", NULL);
    assert_string_equal(wfm_http_response_header(&res, "allow"), "GET, DELETE");
    wfm_http_response_free(&res);
}

static void options_answers_204_with_allow(void **state)
{
    (void)state;
    wfm_http_response res;
    dispatch("OPTIONS", "/v1/centers", &res);
    assert_int_equal(res.status, 204);
    assert_null(res.body);
    assert_string_equal(wfm_http_response_header(&res, "Allow"), "GET, POST");
    wfm_http_response_free(&res);
}

static void head_is_served_by_the_get_route(void **state)
{
    (void)state;
    wfm_http_response res;
    dispatch("HEAD", "/v1/centers/a", &res);
    assert_int_equal(res.status, 200);
    wfm_http_response_free(&res);
}

static void error_shape_names_code_message_and_field(void **state)
{
    (void)state;
    wfm_http_response res;
    wfm_http_response_init(&res);
    wfm_http_error(&res, 400, "invalid_argument", "target", "target must be in (0, 1] (%g)", 1.5);
    assert_error(&res, 400, "invalid_argument", "target");
    json_t *root = body_json(&res);
    assert_string_equal(json_string_value(json_object_get(json_object_get(root, "error"),
                                                          "message")),
                        "target must be in (0, 1] (1.5)");
    json_decref(root);
    /* A second answer replaces the first without leaking it. */
    wfm_http_error(&res, 500, "internal", "", "boom");
    assert_error(&res, 500, "internal", NULL);
    wfm_http_response_free(&res);
}

static void json_bodies_end_with_one_newline(void **state)
{
    (void)state;
    wfm_http_response res;
    wfm_http_response_init(&res);
    wfm_http_json(&res, 201, json_pack("{s:i}", "a", 1));
    assert_int_equal(res.status, 201);
    assert_int_equal(res.body_len, strlen("{\"a\":1}\n"));
    assert_memory_equal(res.body, "{\"a\":1}\n", res.body_len);
    wfm_http_response_free(&res);
}

static void statuses_map_to_http_by_the_documented_rule(void **state)
{
    (void)state;
    assert_int_equal(wfm_http_status_for(WFM_OK), 200);
    assert_int_equal(wfm_http_status_for(WFM_EINVAL), 400);
    assert_int_equal(wfm_http_status_for(WFM_ENOTFOUND), 404);
    assert_int_equal(wfm_http_status_for(WFM_ECONFLICT), 409);
    assert_int_equal(wfm_http_status_for(WFM_ELIMIT), 429);
    assert_int_equal(wfm_http_status_for(WFM_EINFEASIBLE), 422);
    assert_int_equal(wfm_http_status_for(WFM_ETOOBIG), 422);
    assert_int_equal(wfm_http_status_for(WFM_EDB), 503);
    assert_int_equal(wfm_http_status_for(WFM_ENOMEM), 500);
    assert_int_equal(wfm_http_status_for(WFM_EIO), 500);
    assert_int_equal(wfm_http_status_for(WFM_EINTERNAL), 500);
}

static void error_from_carries_status_code_field_and_message(void **state)
{
    (void)state;
    wfm_error err;
    wfm_http_response res;
    wfm_http_response_init(&res);
    wfm_error_set(&err, WFM_ENOTFOUND, "center", "no center 'x'");
    wfm_http_error_from(&res, &err);
    assert_error(&res, 404, "not_found", "center");
    assert_null(wfm_http_response_header(&res, "Retry-After"));
    wfm_http_response_free(&res);

    wfm_error_set(&err, WFM_EDB, "database", "database unreachable");
    wfm_http_error_from(&res, &err);
    assert_error(&res, 503, "database_unavailable", "database");
    assert_string_equal(wfm_http_response_header(&res, "Retry-After"), "5");
    wfm_http_response_free(&res);
}

static json_t *parse_body(const char *body, const char *content_type, wfm_http_response *res)
{
    wfm_http_request req = {.method = "POST", .path = "/x", .body = body,
                            .body_len = strlen(body), .content_type = content_type};
    wfm_http_response_init(res);
    return wfm_http_body_object(&req, res);
}

static void malformed_json_bodies_are_400_naming_the_body(void **state)
{
    (void)state;
    wfm_http_response res;
    assert_null(parse_body("{\"a\": 1,", "application/json", &res));
    assert_error(&res, 400, "invalid_json", "body");
    wfm_http_response_free(&res);

    assert_null(parse_body("[1, 2]", NULL, &res));
    assert_error(&res, 400, "invalid_argument", "body");
    wfm_http_response_free(&res);

    assert_null(parse_body("", "application/json", &res));
    assert_error(&res, 400, "invalid_argument", "body");
    wfm_http_response_free(&res);

    assert_null(parse_body("{\"a\":1,\"a\":2}", NULL, &res));
    assert_error(&res, 400, "invalid_json", "body");
    wfm_http_response_free(&res);
}

static void non_json_content_types_are_415(void **state)
{
    (void)state;
    wfm_http_response res;
    assert_null(parse_body("a=1", "application/x-www-form-urlencoded", &res));
    assert_error(&res, 415, "unsupported_media_type", "Content-Type");
    wfm_http_response_free(&res);
}

static void json_objects_parse_with_any_json_content_type(void **state)
{
    (void)state;
    const char *types[] = {NULL, "application/json", "application/json; charset=utf-8",
                           "application/merge-patch+json"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        wfm_http_response res;
        json_t *o = parse_body("{\"target\": 0.95}", types[i], &res);
        assert_non_null(o);
        assert_true(json_real_value(json_object_get(o, "target")) == 0.95);
        json_decref(o);
        assert_null(res.body);
        wfm_http_response_free(&res);
    }
}

static void without_a_connection_query_and_headers_are_absent(void **state)
{
    (void)state;
    wfm_http_request req = {.method = "GET", .path = "/", .body = ""};
    assert_null(wfm_http_query(&req, "from"));
    assert_null(wfm_http_request_header(&req, "Accept"));
}

static void a_shared_body_lives_while_any_holder_does(void **state)
{
    (void)state;
    wfm_http_blob *blob = wfm_http_blob_create("{\"a\":1}", 7);
    assert_non_null(blob);
    wfm_http_response res;
    wfm_http_response_init(&res);
    wfm_http_shared(&res, 200, NULL, blob);
    wfm_http_blob_release(blob); /* the cache lets go; the response keeps it */
    size_t len;
    const char *body = wfm_http_response_body(&res, &len);
    assert_int_equal(len, 7);
    assert_memory_equal(body, "{\"a\":1}", 7);
    assert_null(res.body);
    assert_int_equal(wfm_http_blob_fd(res.shared), -1); /* small: sent from memory */
    /* Setting another body drops the reference (ASan would see a leak). */
    wfm_http_json(&res, 201, json_pack("{s:i}", "b", 2));
    assert_null(res.shared);
    assert_memory_equal(wfm_http_response_body(&res, &len), "{\"b\":2}\n", len);
    wfm_http_response_free(&res);
}

static void a_large_shared_body_is_also_a_file(void **state)
{
    (void)state;
    size_t len = WFM_HTTP_BLOB_FILE_MIN + 12345;
    char *text = malloc(len);
    for (size_t i = 0; i < len; i++)
        text[i] = (char)('a' + i % 26);
    wfm_http_blob *blob = wfm_http_blob_create(text, len);
    wfm_http_blob *again = wfm_http_blob_ref(blob);
    assert_ptr_equal(again, blob);
    int fd = wfm_http_blob_fd(blob);
    assert_true(fd >= 0);
    /* The file holds the same bytes, read at an explicit offset. */
    char *read_back = malloc(len);
    assert_int_equal(pread(fd, read_back, len, 0), (ssize_t)len);
    assert_memory_equal(read_back, text, len);
    assert_memory_equal(wfm_http_blob_data(blob), text, len);
    assert_int_equal(wfm_http_blob_data(blob)[len], '\0');
    /* Sealed: nobody changes a plan that responses are still sending. */
    assert_int_equal(pwrite(fd, "x", 1, 0), -1);
    wfm_http_blob_release(again);
    wfm_http_blob_release(blob);
    free(read_back);
    free(text);
}

/* A request carrying token (role, center), as the server hands it on. */
static int authorized(const wfm_token_info *token, unsigned needs, const char *center,
                      wfm_http_response *res)
{
    wfm_http_request req = {.method = "GET", .path = "/", .body = "", .token = token};
    wfm_http_response_init(res);
    return wfm_http_authorize(&req, res, needs) && wfm_http_authorize_center(&req, res, center);
}

static void handlers_check_role_and_center_of_the_token(void **state)
{
    (void)state;
    wfm_token_info manager = {.token_id = "id", .center_id = "north", .role = WFM_ROLE_MANAGER};
    wfm_http_response res;
    assert_true(authorized(&manager, WFM_CAN_ROSTER, "north", &res));
    wfm_http_response_free(&res);
    assert_false(authorized(&manager, WFM_CAN_SCENARIO, "north", &res));
    assert_error(&res, 403, "forbidden", "Authorization");
    assert_non_null(strstr(res.body, "planner or admin"));
    assert_non_null(strstr(wfm_http_response_header(&res, "WWW-Authenticate"),
                           "insufficient_scope"));
    wfm_http_response_free(&res);
    assert_false(authorized(&manager, WFM_CAN_VIEW, "south", &res));
    assert_error(&res, 403, "forbidden", "Authorization");
    assert_null(strstr(res.body, "south")); /* the other center is not named */
    wfm_http_response_free(&res);
    assert_false(authorized(&manager, WFM_CAN_VIEW, NULL, &res)); /* no center's resource */
    wfm_http_response_free(&res);
    /* Without a token (authentication off) every check passes. */
    assert_true(authorized(NULL, WFM_CAN_ADMIN, NULL, &res));
    wfm_http_response_free(&res);
}

static void center_routes_name_their_center_in_the_first_segment(void **state)
{
    (void)state;
    const char *params[] = {"north", "phone"};
    wfm_route center = {"GET", "/v1/centers/{id}/forecast", NULL, WFM_CAN_VIEW};
    wfm_route bare = {"GET", "/v1/centers/{id}", NULL, WFM_CAN_VIEW};
    wfm_route roster = {"GET", "/v1/rosters/{id}", NULL, WFM_CAN_VIEW};
    wfm_route lookalike = {"GET", "/v1/centers/{id}x/y", NULL, WFM_CAN_VIEW};
    assert_string_equal(wfm_http_route_center(&center, params), "north");
    assert_string_equal(wfm_http_route_center(&bare, params), "north");
    assert_null(wfm_http_route_center(&roster, params));
    assert_null(wfm_http_route_center(&lookalike, params));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(literal_patterns_match_only_the_same_path),
        cmocka_unit_test(a_shared_body_lives_while_any_holder_does),
        cmocka_unit_test(a_large_shared_body_is_also_a_file),
        cmocka_unit_test(param_segments_capture_one_segment_each),
        cmocka_unit_test(param_segments_never_match_empty_or_several_segments),
        cmocka_unit_test(dispatch_runs_the_matching_handler_with_params),
        cmocka_unit_test(unknown_path_is_404_json),
        cmocka_unit_test(wrong_method_is_405_json_listing_allowed_methods),
        cmocka_unit_test(options_answers_204_with_allow),
        cmocka_unit_test(head_is_served_by_the_get_route),
        cmocka_unit_test(error_shape_names_code_message_and_field),
        cmocka_unit_test(json_bodies_end_with_one_newline),
        cmocka_unit_test(statuses_map_to_http_by_the_documented_rule),
        cmocka_unit_test(error_from_carries_status_code_field_and_message),
        cmocka_unit_test(malformed_json_bodies_are_400_naming_the_body),
        cmocka_unit_test(non_json_content_types_are_415),
        cmocka_unit_test(json_objects_parse_with_any_json_content_type),
        cmocka_unit_test(without_a_connection_query_and_headers_are_absent),
        cmocka_unit_test(handlers_check_role_and_center_of_the_token),
        cmocka_unit_test(center_routes_name_their_center_in_the_first_segment),
    };
    return cmocka_run_group_tests_name("api/wfm_http", tests, NULL, NULL);
}
