/* POST /v1/erlang: the Erlang C / Erlang A calculator over HTTP, the same
 * one as `wfm erlang`. The request and response are described with
 * wfm_erlang_request_eval() (api/wfm_erlang_json.h) and in
 * docs/models.md. Pure compute: no database. */
#include "api/wfm_erlang_json.h"
#include "api/wfm_routes.h"

void wfm_route_erlang_post(const wfm_http_request *req, wfm_http_response *res)
{
    json_t *body = wfm_http_body_object(req, res);
    if (!body)
        return;
    wfm_error err;
    wfm_error_clear(&err);
    json_t *answer = NULL;
    wfm_status st = wfm_erlang_request_eval(body, &answer, &err);
    json_decref(body);
    if (st != WFM_OK) {
        wfm_http_error_from(res, &err);
        return;
    }
    wfm_http_json(res, 200, answer);
}
