/* Specification of the dashboard's static routes (api/wfm_route_web.c):
 * GET / and GET /web/{file} serve the files embedded at build time, with
 * their content type, an ETag that a revalidation answers with 304, and no
 * way to reach any other file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/wfm_web.h"
#include "tests/support/wfm_testhttp.h"

static int start(void **state)
{
    *state = wfm_test_server_start("wfm_test_route_web", NULL);
    return *state ? 0 : -1;
}

static int stop(void **state)
{
    wfm_test_server_stop(*state);
    return 0;
}

/* The bytes of source file rel (under $WFM_SOURCE_DIR), malloc'd. */
static char *read_source(const char *rel, size_t *len)
{
    const char *dir = getenv("WFM_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : ".", rel);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    char *buf = malloc(*len + 1);
    assert_int_equal(fread(buf, 1, *len, f), *len);
    fclose(f);
    return buf;
}

static void index_is_web_index_html(void **state)
{
    size_t len;
    char *expected = read_source("web/index.html", &len);
    wfm_test_reply r = wfm_test_http(*state, "GET", "/", NULL, NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.content_type, "text/html; charset=utf-8");
    assert_int_equal(r.len, len);
    assert_memory_equal(r.body, expected, len);
    assert_string_equal(r.cache_control, "no-cache");
    assert_true(r.etag[0] == '"');
    wfm_test_reply_free(&r);
    free(expected);
}

static void files_carry_their_content_type(void **state)
{
    static const struct { const char *path, *type; } cases[] = {
        {"/web/app.js", "text/javascript; charset=utf-8"},
        {"/web/app.css", "text/css; charset=utf-8"},
        {"/web/chart.min.js", "text/javascript; charset=utf-8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wfm_test_reply r = wfm_test_http(*state, "GET", cases[i].path, NULL, NULL, NULL);
        assert_int_equal(r.status, 200);
        assert_string_equal(r.content_type, cases[i].type);
        assert_true(r.len > 0);
        wfm_test_reply_free(&r);
    }
}

static void revalidation_with_the_etag_gives_304(void **state)
{
    wfm_test_reply first = wfm_test_http(*state, "GET", "/web/app.js", NULL, NULL, NULL);
    char header[200];
    snprintf(header, sizeof header, "If-None-Match: %s", first.etag);
    const char *headers[] = {header, NULL};
    wfm_test_reply again = wfm_test_http(*state, "GET", "/web/app.js", NULL, NULL, headers);
    assert_int_equal(again.status, 304);
    assert_int_equal(again.len, 0);
    assert_string_equal(again.etag, first.etag);

    const char *stale[] = {"If-None-Match: \"0-0\"", NULL};
    wfm_test_reply changed = wfm_test_http(*state, "GET", "/web/app.js", NULL, NULL, stale);
    assert_int_equal(changed.status, 200);
    assert_int_equal(changed.len, first.len);
    wfm_test_reply_free(&first);
    wfm_test_reply_free(&again);
    wfm_test_reply_free(&changed);
}

/* Encoded dots and slashes are decoded before matching: none of these may
 * leave the embedded table. (An encoded NUL, /web/index.html%00.js, ends
 * the decoded path, so it serves index.html: still an embedded file.) */
static void no_path_reaches_the_file_system(void **state)
{
    static const char *paths[] = {
        "/web/..%2F..%2F..%2Fetc%2Fpasswd", "/web/%2e%2e", "/web/..%2FMakefile",
        "/web/%2Fetc%2Fpasswd", "/web/.hidden", "/web/nope.js",
        "/web/web%2Fapp.js",
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        wfm_test_reply r = wfm_test_http(*state, "GET", paths[i], NULL, NULL, NULL);
        if (r.status != 404)
            fail_msg("%s gave %ld", paths[i], r.status);
        assert_null(strstr(r.body, "root:"));
        wfm_test_reply_free(&r);
    }
    assert_null(wfm_web_find("../Makefile"));
    assert_null(wfm_web_find(".."));
    assert_null(wfm_web_find(""));
    assert_null(wfm_web_find(NULL));
    assert_non_null(wfm_web_find("index.html"));
}

static void writing_is_not_allowed(void **state)
{
    wfm_test_reply r = wfm_test_http(*state, "POST", "/web/app.js", "text/plain", "x", NULL);
    assert_int_equal(r.status, 405);
    assert_non_null(strstr(r.allow, "GET"));
    wfm_test_reply_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(index_is_web_index_html),
        cmocka_unit_test(files_carry_their_content_type),
        cmocka_unit_test(revalidation_with_the_etag_gives_304),
        cmocka_unit_test(no_path_reaches_the_file_system),
        cmocka_unit_test(writing_is_not_allowed),
    };
    return cmocka_run_group_tests(tests, start, stop);
}
