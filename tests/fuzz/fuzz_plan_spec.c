/* Fuzzes the spec of a planning horizon with its overrides (the scenario
 * and roster-from-forecast input, data/wfm_plan_spec.h), checked against the
 * sample center's five queues at 15-minute intervals. */
#include "data/wfm_plan_spec.h"
#include "tests/fuzz/wfm_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const queues[] = {"phone", "sms", "mailbox", "weibo", "wechat"};
    json_t *spec = wfm_fuzz_body(data, size);
    if (!spec)
        return 0;
    wfm_plan_spec parsed;
    wfm_error err;
    wfm_plan_spec_parse(spec, queues, sizeof queues / sizeof *queues, 15, &parsed, &err);
    json_decref(spec);
    return 0;
}
