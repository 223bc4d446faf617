/* Fuzzes the CSV history import (data/wfm_history_csv.h): parse, then the
 * checks across rows against a center in a zone with daylight saving, as
 * `wfm history import` and POST /v1/centers/{id}/history do. */
#include "data/wfm_history_csv.h"
#include "tests/fuzz/wfm_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wfm_history_set set;
    wfm_history_set_init(&set);
    wfm_error err;
    if (wfm_history_csv_parse((const char *)data, size, &set, &err) == WFM_OK)
        wfm_fuzz_history_check(&set, "America/New_York", WFM_HISTORY_CSV_FIRST_ROW);
    wfm_history_set_free(&set);
    return 0;
}
