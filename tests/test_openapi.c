/* Specification of docs/openapi.json against the route table: every route
 * the server registers is documented, with its method, its path pattern
 * and each {param} declared as a path parameter, and at least one
 * response; a route that needs a token documents 401 and 403, a public one
 * says `"security": []`. Reads $WFM_SOURCE_DIR/docs/openapi.json. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/wfm_routes.h"

static int load_spec(void **state)
{
    const char *dir = getenv("WFM_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/docs/openapi.json", dir ? dir : ".");
    json_error_t jerr;
    json_t *spec = json_load_file(path, 0, &jerr);
    if (!spec) {
        fprintf(stderr, "%s: line %d: %s\n", path, jerr.line, jerr.text);
        return -1;
    }
    *state = spec;
    return 0;
}

static int free_spec(void **state)
{
    json_decref(*state);
    return 0;
}

static void spec_is_openapi_3(void **state)
{
    const char *version = json_string_value(json_object_get(*state, "openapi"));
    assert_non_null(version);
    assert_true(!strncmp(version, "3.", 2));
    assert_true(json_is_object(json_object_get(*state, "paths")));
}

/* True when operation or its path item declares {name} as an in-path
 * parameter. */
static int declares_path_param(json_t *path_item, json_t *operation, const char *name,
                               size_t len)
{
    json_t *lists[] = {json_object_get(operation, "parameters"),
                       json_object_get(path_item, "parameters")};
    for (size_t l = 0; l < 2; l++) {
        size_t i;
        json_t *p;
        json_array_foreach(lists[l], i, p) {
            const char *pname = json_string_value(json_object_get(p, "name"));
            const char *in = json_string_value(json_object_get(p, "in"));
            if (pname && in && !strcmp(in, "path") && strlen(pname) == len &&
                !strncmp(pname, name, len))
                return 1;
        }
    }
    return 0;
}

/* The operation of route in the spec (NULL when undocumented). */
static json_t *operation_of(json_t *spec, const wfm_route *route)
{
    char method[16];
    size_t m = 0;
    for (; route->method[m] && m < sizeof method - 1; m++)
        method[m] = (char)tolower((unsigned char)route->method[m]);
    method[m] = '\0';
    return json_object_get(json_object_get(json_object_get(spec, "paths"), route->pattern), method);
}

static void every_route_is_documented(void **state)
{
    json_t *paths = json_object_get(*state, "paths");
    size_t n;
    const wfm_route *routes = wfm_routes_list(&n);
    assert_true(n > 0);
    int missing = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_object_get(paths, routes[i].pattern);
        json_t *op = operation_of(*state, &routes[i]);
        if (!op) {
            fprintf(stderr, "not in docs/openapi.json: %s %s\n", routes[i].method,
                    routes[i].pattern);
            missing++;
            continue;
        }
        if (json_object_size(json_object_get(op, "responses")) == 0) {
            fprintf(stderr, "no responses documented: %s %s\n", routes[i].method,
                    routes[i].pattern);
            missing++;
        }
        for (const char *b = strchr(routes[i].pattern, '{'); b; b = strchr(b + 1, '{')) {
            size_t len = strcspn(b + 1, "}");
            if (!declares_path_param(item, op, b + 1, len)) {
                fprintf(stderr, "path parameter {%.*s} undeclared: %s %s\n", (int)len, b + 1,
                        routes[i].method, routes[i].pattern);
                missing++;
            }
        }
    }
    assert_int_equal(missing, 0);
}

static void authentication_is_documented_per_route(void **state)
{
    json_t *scheme = json_object_get(json_object_get(json_object_get(*state, "components"),
                                                     "securitySchemes"), "bearerAuth");
    assert_string_equal(json_string_value(json_object_get(scheme, "scheme")), "bearer");
    size_t n;
    const wfm_route *routes = wfm_routes_list(&n);
    int wrong = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *op = operation_of(*state, &routes[i]);
        json_t *responses = json_object_get(op, "responses");
        json_t *security = json_object_get(op, "security");
        int ok = routes[i].needs ? json_object_get(responses, "401") &&
                                       json_object_get(responses, "403") && !security
                                 : json_is_array(security) && json_array_size(security) == 0;
        if (op && !ok) {
            fprintf(stderr, "%s %s: %s\n", routes[i].method, routes[i].pattern,
                    routes[i].needs ? "needs a token: document 401 and 403"
                                    : "public: say \"security\": []");
            wrong++;
        }
    }
    assert_int_equal(wrong, 0);
}

/* The properties of the live plan's schema, SeatPlan. */
static json_t *seat_plan_properties(json_t *spec)
{
    json_t *plan = json_object_get(
        json_object_get(json_object_get(json_object_get(spec, "components"), "schemas"),
                        "SeatPlan"),
        "properties");
    assert_non_null(plan);
    return plan;
}

/* The live plan states each decision of the reallocation once
 * (api/wfm_realloc_json): moves, break_changes and proposals items require
 * "count" and "agents" (a list of names) and have no per-agent "agent". */
static void seat_plan_decisions_are_documented_grouped(void **state)
{
    json_t *plan = seat_plan_properties(*state);
    const char *lists[] = {"moves", "break_changes", "proposals"};
    for (size_t l = 0; l < 3; l++) {
        json_t *items = json_object_get(json_object_get(plan, lists[l]), "items");
        json_t *props = json_object_get(items, "properties");
        assert_non_null(props);
        assert_null(json_object_get(props, "agent"));
        assert_string_equal(json_string_value(json_object_get(json_object_get(props, "count"), "type")),
                            "integer");
        json_t *agents = json_object_get(props, "agents");
        assert_string_equal(json_string_value(json_object_get(agents, "type")), "array");
        assert_string_equal(
            json_string_value(json_object_get(json_object_get(agents, "items"), "type")), "string");
        int required = 0;
        size_t i;
        json_t *name;
        json_array_foreach(json_object_get(items, "required"), i, name)
            required += !strcmp(json_string_value(name), "count") ||
                        !strcmp(json_string_value(name), "agents");
        assert_int_equal(required, 2);
    }
}

/* The live plan's queues carry their per-interval figures as columns
 * (api/wfm_live): one array a figure, element k being the interval that
 * starts at the plan's interval_starts[k]; no object per interval. */
static void seat_plan_queues_are_documented_as_columns(void **state)
{
    json_t *plan = seat_plan_properties(*state);
    json_t *starts = json_object_get(plan, "interval_starts");
    assert_string_equal(json_string_value(json_object_get(starts, "type")), "array");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(starts, "items"), "format")),
        "date-time");
    json_t *queue = json_object_get(
        json_object_get(json_object_get(plan, "queues"), "items"), "properties");
    assert_non_null(queue);
    assert_null(json_object_get(queue, "intervals"));
    const char *columns[] = {"offered", "aht_s", "seats_needed", "seats_assigned",
                             "predicted_answer_rate", "shortfall"};
    for (size_t c = 0; c < sizeof columns / sizeof *columns; c++) {
        json_t *column = json_object_get(queue, columns[c]);
        assert_string_equal(json_string_value(json_object_get(column, "type")), "array");
        const char *item = json_string_value(
            json_object_get(json_object_get(column, "items"), "type"));
        assert_string_equal(item, strcmp(columns[c], "seats_assigned") ? "number" : "integer");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spec_is_openapi_3),
        cmocka_unit_test(every_route_is_documented),
        cmocka_unit_test(authentication_is_documented_per_route),
        cmocka_unit_test(seat_plan_decisions_are_documented_grouped),
        cmocka_unit_test(seat_plan_queues_are_documented_as_columns),
    };
    return cmocka_run_group_tests_name("docs/openapi.json", tests, load_spec, free_spec);
}
