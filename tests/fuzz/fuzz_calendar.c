/* Fuzzes PUT /v1/centers/{id}/calendar's body (wfm_calendar_body_parse),
 * then lays the entries over the ready-made set as GET ?year= does. */
#include "data/wfm_calendar_store.h"
#include "tests/fuzz/wfm_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *body = wfm_fuzz_body(data, size);
    if (!body)
        return 0;
    wfm_center_calendar c = {.time_zone = "Asia/Shanghai"};
    wfm_error err;
    if (wfm_calendar_body_parse(body, &c.kind, &c.entries, &c.n_entries, &err) == WFM_OK) {
        wfm_calendar *cal = NULL;
        if (wfm_center_calendar_build(&c, 2026, 2026, &cal, &err) == WFM_OK)
            wfm_calendar_delete(cal);
    }
    free(c.entries);
    json_decref(body);
    return 0;
}
