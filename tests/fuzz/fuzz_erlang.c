/* Fuzzes POST /v1/erlang's request (api/wfm_erlang_json.h): the body as the
 * server decodes it, evaluated, and the answer encoded. */
#include "api/wfm_erlang_json.h"
#include "tests/fuzz/wfm_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *request = wfm_fuzz_body(data, size);
    if (!request)
        return 0;
    json_t *response = NULL;
    wfm_error err;
    if (wfm_erlang_request_eval(request, &response, &err) == WFM_OK)
        free(json_dumps(response, JSON_COMPACT));
    json_decref(response);
    json_decref(request);
    return 0;
}
