/* Fuzzes the JSON history import (data/wfm_history_json.h): parse from
 * text, then the checks across rows against a center, as `wfm history
 * import` and POST /v1/centers/{id}/history do. */
#include "data/wfm_history_json.h"
#include "tests/fuzz/wfm_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wfm_history_set set;
    wfm_history_set_init(&set);
    wfm_error err;
    if (wfm_history_json_parse_text((const char *)data, size, &set, &err) == WFM_OK)
        wfm_fuzz_history_check(&set, "Asia/Shanghai", WFM_HISTORY_JSON_FIRST_ROW);
    wfm_history_set_free(&set);
    return 0;
}
