/* Fuzzes the body of POST /v1/centers/{id}/scenarios as the route checks it
 * before anything is stored (data/wfm_scenario_spec.h: name, options and
 * the plan spec with its overrides), against the sample center's five
 * queues at 15-minute intervals. */
#include "data/wfm_scenario_spec.h"
#include "tests/fuzz/wfm_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const queues[] = {"phone", "sms", "mailbox", "weibo", "wechat"};
    json_t *spec = wfm_fuzz_body(data, size);
    if (!spec)
        return 0;
    wfm_error err;
    wfm_scenario_spec_check(spec, queues, sizeof queues / sizeof *queues, 15, &err);
    json_decref(spec);
    return 0;
}
