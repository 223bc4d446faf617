/* Fuzzes PUT /v1/centers/{id}/agents/{agent}: the checks before storing
 * (wfm_roster_store_check_agent) and then, for an agent they let through,
 * the roster check of a request that uses it, since a stored agent ends up
 * in every roster of its center. */
#include "data/wfm_roster_store.h"
#include "tests/fuzz/wfm_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *agent = wfm_fuzz_body(data, size);
    wfm_error err;
    if (agent && wfm_roster_store_check_agent(agent, &err) == WFM_OK)
        wfm_fuzz_roster_check_with("agents", agent);
    json_decref(agent);
    return 0;
}
