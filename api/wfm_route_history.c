/* POST /v1/centers/{id}/history: imports interval history sent as CSV
 * (text/csv) or JSON (application/json), all rows or none
 * (data/wfm_history_store.h, docs/history-import.md). */
#include "api/wfm_db.h"
#include "api/wfm_routes.h"
#include "data/wfm_history_csv.h"
#include "data/wfm_history_json.h"
#include "data/wfm_history_store.h"

#include <string.h>
#include <strings.h>

/* Whether the Content-Type's media type (before any ';') is `type`. */
static int media_type_is(const char *content_type, const char *type)
{
    size_t n = strlen(type);
    return content_type && !strncasecmp(content_type, type, n)
           && (content_type[n] == '\0' || content_type[n] == ';' || content_type[n] == ' ');
}

static wfm_status import_rows(wfm_server *srv, const char *center_id, const wfm_history_set *set,
                              size_t first_row, wfm_history_import_counts *counts, wfm_error *err)
{
    PGconn *db = wfm_db_acquire(srv, err);
    if (!db)
        return err->status;
    wfm_status st = wfm_history_store_import(db, center_id, set->rows, set->n_rows, first_row,
                                             counts, err);
    wfm_db_release(srv, db);
    return st;
}

void wfm_route_history_post(const wfm_http_request *req, wfm_http_response *res)
{
    int csv = media_type_is(req->content_type, "text/csv");
    if (!csv && !media_type_is(req->content_type, "application/json")) {
        wfm_http_error(res, 415, "unsupported_media_type", "Content-Type",
                       "send history as text/csv or application/json (got '%s')",
                       req->content_type ? req->content_type : "");
        return;
    }
    wfm_history_set set;
    wfm_history_set_init(&set);
    wfm_error err;
    wfm_error_clear(&err);
    wfm_history_import_counts counts = {0};
    wfm_status st = csv ? wfm_history_csv_parse(req->body, req->body_len, &set, &err)
                        : wfm_history_json_parse_text(req->body, req->body_len, &set, &err);
    if (st == WFM_OK)
        st = import_rows(req->server, req->params[0], &set,
                         csv ? WFM_HISTORY_CSV_FIRST_ROW : WFM_HISTORY_JSON_FIRST_ROW, &counts,
                         &err);
    size_t n = set.n_rows;
    wfm_history_set_free(&set);
    if (st != WFM_OK) {
        wfm_http_error_from(res, &err);
        return;
    }
    wfm_http_json(res, 200, json_pack("{s:s, s:I, s:I, s:I, s:I}", "center", req->params[0],
                                      "rows", (json_int_t)n, "inserted",
                                      (json_int_t)counts.inserted, "updated",
                                      (json_int_t)counts.updated, "unchanged",
                                      (json_int_t)counts.unchanged));
}
