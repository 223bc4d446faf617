/* Fuzzes what the API reads from a request line: the path against the
 * route table (wfm_http_path_match) and the query values of the forecast,
 * calendar, roster and job routes (from/to as a timestamp or a local date,
 * model, ids; time_zone names). The route handlers read their query through
 * libmicrohttpd, so the parsers are called here directly on the value. */
#include "api/wfm_routes.h"
#include "core/wfm_date.h"
#include "core/wfm_tz.h"
#include "data/wfm_jobs.h"
#include "forecast/wfm_model.h"
#include "tests/fuzz/wfm_fuzz.h"

static void match_routes(const char *path)
{
    size_t n;
    const wfm_route *routes = wfm_routes_list(&n);
    char *scratch = malloc(strlen(path) + 1);
    for (size_t i = 0; scratch && i < n; i++) {
        const char *params[WFM_HTTP_MAX_PARAMS];
        size_t n_params;
        wfm_http_path_match(routes[i].pattern, path, scratch, params, &n_params);
    }
    free(scratch);
}

static void parse_values(const char *value)
{
    wfm_error err;
    int64_t utc;
    int32_t day, n_intervals;
    if (!wfm_timestamp_parse(value, &utc) && wfm_date_parse(value, &day))
        wfm_tz_day("Asia/Shanghai", day, 900, &utc, &n_intervals, &err);
    wfm_model model;
    wfm_model_parse(value, &model, &err);
    long long id;
    wfm_job_id_parse(value, "id", &id, &err);
    if (wfm_tz_valid(value))
        wfm_tz_local(value, 1795919220, &(wfm_local_time){0}, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = wfm_fuzz_text(data, size);
    if (!text)
        return 0;
    match_routes(text);
    parse_values(text);
    free(text);
    return 0;
}
