/* wfm_fuzz: what the libFuzzer harnesses (tests/fuzz/fuzz_*.c) share. Each
 * harness is one file with LLVMFuzzerTestOneInput and feeds the bytes to one
 * parser exactly as the server or the CLI would (docs/fuzzing.md). Header
 * only, so a harness needs no build rule of its own. */
#ifndef WFM_FUZZ_H
#define WFM_FUZZ_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/wfm_http.h"
#include "data/wfm_history.h"
#include "data/wfm_roster_job.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data as a NUL-terminated string (malloc'd, caller frees), as the server
 * copies a body; NULL when out of memory. */
static inline char *wfm_fuzz_text(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text) {
        memcpy(text, data, size);
        text[size] = '\0';
    }
    return text;
}

/* data as a request body decoded by the server's own wfm_http_body_object:
 * the JSON object (caller json_decref()s) or NULL when the server would have
 * answered 400 already. */
static inline json_t *wfm_fuzz_body(const uint8_t *data, size_t size)
{
    char *text = wfm_fuzz_text(data, size);
    if (!text)
        return NULL;
    wfm_http_request req = {.method = "POST", .path = "/fuzz", .body = text, .body_len = size,
                            .content_type = "application/json", .request_id = "fuzz"};
    wfm_http_response res;
    wfm_http_response_init(&res);
    json_t *body = wfm_http_body_object(&req, &res);
    wfm_http_response_free(&res);
    free(text);
    return body;
}

/* A small valid roster document (one day of 60-minute intervals, queues
 * phone and sms, template "day", agent "ana") that a stored agent or
 * template is added to, as a roster request that uses the center's stored
 * ones would be. New reference (caller json_decref()s). */
static inline json_t *wfm_fuzz_roster_doc(void)
{
    json_t *hours = json_array();
    for (int i = 0; i < 24; i++)
        json_array_append_new(hours, json_integer(i >= 8 && i < 18 ? 2 : 0));
    return json_pack("{s:s, s:i, s:i, s:[{s:s, s:i}, {s:s, s:i}], s:{s:[o], s:[O]},"
                     " s:[{s:s, s:i, s:i, s:i}], s:[{s:s, s:[s]}]}",
                     "start_date", "2026-11-30", "days", 1, "interval_minutes", 60,
                     "queues", "name", "phone", "aht_s", 240, "name", "sms", "aht_s", 180,
                     "required", "phone", hours, "sms", hours,
                     "templates", "name", "day", "start_earliest_min", 480,
                     "start_latest_min", 480, "length_min", 480,
                     "agents", "id", "ana", "skills", "phone");
}

/* Runs the roster check (wfm_roster_job_check) on wfm_fuzz_roster_doc()
 * with item appended to its array list ("agents" or "templates"). */
static inline void wfm_fuzz_roster_check_with(const char *list, json_t *item)
{
    json_t *input = wfm_fuzz_roster_doc();
    json_array_append(json_object_get(input, list), item);
    wfm_roster_doc doc;
    wfm_error err;
    if (wfm_roster_job_check(input, &doc, &err) == WFM_OK)
        wfm_roster_doc_free(&doc);
    json_decref(input);
}

/* The checks across rows an import makes after parsing, against a center
 * in zone with the sample center's queues; then frees set. */
static inline void wfm_fuzz_history_check(wfm_history_set *set, const char *zone,
                                          size_t first_row)
{
    static const char *const queues[] = {"phone", "sms", "mailbox", "weibo", "wechat"};
    wfm_history_check_opts opts;
    wfm_history_check_opts_init(&opts);
    opts.time_zone = zone;
    opts.queues = queues;
    opts.n_queues = sizeof queues / sizeof *queues;
    opts.first_row_number = first_row;
    wfm_error err;
    wfm_history_validate(set->rows, set->n_rows, &opts, &err);
}

#endif
