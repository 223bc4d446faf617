/* Fuzzes the roster input document (docs/roster.md) as POST
 * /v1/centers/{id}/rosters and the "roster" job check it before queueing or
 * solving (wfm_roster_job_check: parse, validate, the server's time limit).
 * Only the checks: a solve is never started here. */
#include "data/wfm_roster_job.h"
#include "tests/fuzz/wfm_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *body = wfm_fuzz_body(data, size);
    if (!body)
        return 0;
    wfm_roster_doc doc;
    wfm_error err;
    if (wfm_roster_job_check(body, &doc, &err) == WFM_OK)
        wfm_roster_doc_free(&doc);
    json_decref(body);
    return 0;
}
