/* wfm_route_util: ids, query arguments and paged answers of the resource
 * routes (see wfm_route_util.h). */
#include "api/wfm_route_util.h"

#include "api/wfm_db.h"
#include "data/wfm_jobs.h"

bool wfm_route_open_id(const wfm_http_request *req, wfm_http_response *res, long long *id,
                       PGconn **db, wfm_error *err)
{
    wfm_error_clear(err);
    *db = NULL;
    wfm_status st = wfm_job_id_parse(req->n_params ? req->params[0] : NULL, "id", id, err);
    if (st == WFM_OK && !(*db = wfm_db_acquire(req->server, err)))
        st = err->status;
    if (st != WFM_OK)
        wfm_http_error_from(res, err);
    return st == WFM_OK;
}

bool wfm_http_query_positive(const wfm_http_request *req, wfm_http_response *res,
                             const char *name, long long *out)
{
    const char *text = wfm_http_query(req, name);
    wfm_error err;
    wfm_error_clear(&err);
    if (!text || wfm_job_id_parse(text, name, out, &err) == WFM_OK)
        return true;
    wfm_http_error_from(res, &err);
    return false;
}

void wfm_http_list_page(wfm_http_response *res, const char *key, json_t *items, long long limit)
{
    size_t count = json_array_size(items);
    json_t *last = count && count == (size_t)limit ? json_array_get(items, count - 1) : NULL;
    json_t *next = last ? json_incref(json_object_get(last, "id")) : json_null();
    wfm_http_json(res, 200, json_pack("{s:o, s:o}", key, items, "next_before_id", next));
    wfm_http_header(res, "Cache-Control", "no-store");
}
