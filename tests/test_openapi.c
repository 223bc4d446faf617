/* Specification of docs/openapi.json against the route table: every route
 * the server registers is documented, with its method, its path pattern
 * and each {param} declared as a path parameter, and at least one
 * response. Reads $WFM_SOURCE_DIR/docs/openapi.json. */
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

static void every_route_is_documented(void **state)
{
    json_t *paths = json_object_get(*state, "paths");
    size_t n;
    const wfm_route *routes = wfm_routes_list(&n);
    assert_true(n > 0);
    int missing = 0;
    for (size_t i = 0; i < n; i++) {
        char method[16];
        size_t m = 0;
        for (; routes[i].method[m] && m < sizeof method - 1; m++)
            method[m] = (char)tolower((unsigned char)routes[i].method[m]);
        method[m] = '\0';
        json_t *item = json_object_get(paths, routes[i].pattern);
        json_t *op = json_object_get(item, method);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spec_is_openapi_3),
        cmocka_unit_test(every_route_is_documented),
    };
    return cmocka_run_group_tests_name("docs/openapi.json", tests, load_spec, free_spec);
}
