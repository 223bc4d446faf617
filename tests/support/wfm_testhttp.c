/* wfm_testhttp: server and client helpers for integration tests (see
 * wfm_testhttp.h). */
#include "tests/support/wfm_testhttp.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

wfm_server *wfm_testhttp_start(const char *database_url)
{
    wfm_server_opts o;
    wfm_server_opts_init(&o);
    o.port = 0;
    o.bind_address = "127.0.0.1";
    o.database_url = database_url;
    o.threads = 2;
    o.access_log = 0;
    wfm_error err;
    wfm_server *srv = wfm_server_start(&o, &err);
    if (!srv)
        fprintf(stderr, "server: %s\n", err.message);
    return srv;
}

static size_t collect(char *data, size_t size, size_t n, void *out)
{
    fwrite(data, size, n, out);
    return size * n;
}

long wfm_testhttp_request(wfm_server *srv, const char *method, const char *path,
                          const char *content_type, const char *body, json_t **json)
{
    char url[1024], ct[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", wfm_server_port(srv), path);
    snprintf(ct, sizeof ct, "Content-Type: %s", content_type ? content_type : "application/json");
    char *reply = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&reply, &len);
    CURL *c = curl_easy_init();
    struct curl_slist *headers = curl_slist_append(NULL, ct);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    if (body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, mem);
    assert_int_equal(curl_easy_perform(c), CURLE_OK);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    fclose(mem);
    *json = json_loads(reply, 0, NULL);
    free(reply);
    return status;
}

const char *wfm_testhttp_error(json_t *reply, const char *key)
{
    return json_string_value(json_object_get(json_object_get(reply, "error"), key));
}
