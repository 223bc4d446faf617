/* wfm_route_web: GET / and GET /web/{file}, the dashboard served from the
 * files embedded in the binary (api/wfm_web.h). Each answer carries a
 * strong ETag of its bytes and Cache-Control: no-cache, so a browser keeps
 * the files and revalidates them with a 304 after an upgrade changes them. */
#include "api/wfm_routes.h"
#include "api/wfm_live_cache.h"
#include "api/wfm_web.h"

#include <stdlib.h>
#include <string.h>

const wfm_web_asset *wfm_web_find(const char *name)
{
    if (!name || !*name || name[0] == '.' || strchr(name, '/') || strchr(name, '\\'))
        return NULL;
    size_t n;
    const wfm_web_asset *assets = wfm_web_assets(&n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(assets[i].name, name))
            return &assets[i];
    return NULL;
}

/* True when the If-None-Match header names etag (or is "*"). */
static int etag_matches(const char *if_none_match, const char *etag)
{
    return if_none_match && (!strcmp(if_none_match, "*") || strstr(if_none_match, etag));
}

static void send_asset(const wfm_http_request *req, wfm_http_response *res, const char *name)
{
    const wfm_web_asset *a = wfm_web_find(name);
    if (!a) {
        wfm_http_error(res, 404, "not_found", "file", "no dashboard file named '%s'", name);
        return;
    }
    char etag[WFM_ETAG_MAX];
    wfm_live_etag((const char *)a->bytes, a->len, etag);
    wfm_http_header(res, "ETag", etag);
    wfm_http_header(res, "Cache-Control", "no-cache");
    if (etag_matches(wfm_http_request_header(req, "If-None-Match"), etag)) {
        wfm_http_text(res, 304, a->content_type, NULL, 0);
        return;
    }
    char *body = malloc(a->len ? a->len : 1);
    if (!body) {
        wfm_http_error(res, 500, "internal", NULL, "out of memory");
        return;
    }
    memcpy(body, a->bytes, a->len);
    wfm_http_text(res, 200, a->content_type, body, a->len);
}

void wfm_route_web_index(const wfm_http_request *req, wfm_http_response *res)
{
    send_asset(req, res, "index.html");
}

void wfm_route_web_file(const wfm_http_request *req, wfm_http_response *res)
{
    send_asset(req, res, req->params[0]);
}
