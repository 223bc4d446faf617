/* Fuzzes POST /v1/centers/{id}/actuals's body (api/wfm_actuals.h) against a
 * center with 15-minute intervals in Asia/Shanghai (UTC+8) and the sample
 * center's queues. */
#include "api/wfm_actuals.h"
#include "tests/fuzz/wfm_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *queues[] = {"phone", "sms", "mailbox", "weibo", "wechat"};
    const wfm_actuals_center center = {.interval_s = 900, .time_zone = "Asia/Shanghai",
                                       .queues = queues,
                                       .n_queues = sizeof queues / sizeof *queues};
    json_t *body = wfm_fuzz_body(data, size);
    if (!body)
        return 0;
    wfm_actuals_post post;
    wfm_actuals_post_init(&post, 1795919220); /* 2026-11-29T10:27:00+08:00 */
    wfm_error err;
    if (wfm_actuals_as_of(body, &post.as_of, &err) == WFM_OK)
        wfm_actuals_parse(body, &center, &post, &err);
    wfm_actuals_post_free(&post);
    json_decref(body);
    return 0;
}
