/* Fuzzes PUT /v1/centers/{id}/shift-templates/{name}: the checks before
 * storing (wfm_roster_store_check_template) and then, for a template they
 * let through, the roster check of a request that uses it. */
#include "data/wfm_roster_store.h"
#include "tests/fuzz/wfm_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *definition = wfm_fuzz_body(data, size);
    wfm_error err;
    if (definition && wfm_roster_store_check_template(definition, &err) == WFM_OK)
        wfm_fuzz_roster_check_with("templates", definition);
    json_decref(definition);
    return 0;
}
