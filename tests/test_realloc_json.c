/* Specification of api/wfm_realloc_json: the live plan and `wfm reallocate`
 * state each decision of the reallocation once, with "count" and the
 * "agents" it applies to in the order the reallocation named them; the
 * reasons are the reallocation's own, word for word; every per-agent entry
 * is in exactly one decision. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/wfm_realloc_json.h"

static const wfm_realloc_agent agents[] = {{.name = "a01"}, {.name = "a02"}, {.name = "a03"},
                                           {.name = "a04"}, {.name = "a05"}};
static const char *const queues[] = {"phone", "wechat"};

/* Times as "+N" so a test sees the caller's writer was used. */
static json_t *relative_time(const void *ctx, long interval)
{
    (void)ctx;
    char text[24];
    snprintf(text, sizeof text, "+%ld", interval);
    return json_string(text);
}

static const wfm_realloc_json_names names = {agents, queues, relative_time, NULL};

static void assert_json_text(json_t *doc, const char *expected)
{
    assert_non_null(doc);
    char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_string_equal(text, expected);
    free(text);
    json_decref(doc);
}

/* a01 and a03 leave phone for wechat at 2 for the same reason: one entry
 * naming both; a02's move back (another reason) and a05's to offline work
 * are entries of their own, in the order they first appear. */
static void agents_moved_alike_share_one_entry(void **state)
{
    (void)state;
    wfm_realloc_move moves[] = {
        {0, 0, 1, 2, "wechat: contacts must be answered within 60 min"},
        {1, 1, 0, 2, "back to the planned queue"},
        {2, 0, 1, 2, "wechat: contacts must be answered within 60 min"},
        {4, 0, WFM_REALLOC_OFFLINE, 5, "phone has more seats than it needs"},
    };
    wfm_realloc_result r = {.moves = moves, .n_moves = 4};
    assert_json_text(wfm_realloc_moves_json(&r, &names, NULL),
        "[{\"from\":\"phone\",\"to\":\"wechat\",\"at\":\"+2\","
        "\"reason\":\"wechat: contacts must be answered within 60 min\",\"count\":2,"
        "\"agents\":[\"a01\",\"a03\"]},"
        "{\"from\":\"wechat\",\"to\":\"phone\",\"at\":\"+2\",\"reason\":\"back to the planned queue\","
        "\"count\":1,\"agents\":[\"a02\"]},"
        "{\"from\":\"phone\",\"to\":\"offline\",\"at\":\"+5\","
        "\"reason\":\"phone has more seats than it needs\",\"count\":1,\"agents\":[\"a05\"]}]");
}

static void break_changes_and_proposals_are_grouped_the_same_way(void **state)
{
    (void)state;
    wfm_realloc_break_change breaks[] = {
        {3, 0, 4, 6, "phone is 2 seats short at interval 4: break moved to 6"},
        {1, 1, 4, 6, "phone is 2 seats short at interval 4: break moved to 6"},
    };
    wfm_realloc_proposal proposals[] = {
        {4, WFM_PROPOSE_EARLY_RELEASE, 28, 32,
         "no queue the agent can serve needs them before the shift ends"},
        {0, WFM_PROPOSE_OVERTIME, 32, 34, "phone short after the shift ends and no move can cover it"},
        {2, WFM_PROPOSE_EARLY_RELEASE, 28, 32,
         "no queue the agent can serve needs them before the shift ends"},
    };
    wfm_realloc_result r = {.break_changes = breaks, .n_break_changes = 2,
                            .proposals = proposals, .n_proposals = 3};
    assert_json_text(wfm_realloc_break_changes_json(&r, &names, NULL),
        "[{\"from\":\"+4\",\"to\":\"+6\","
        "\"reason\":\"phone is 2 seats short at interval 4: break moved to 6\",\"count\":2,"
        "\"agents\":[\"a04\",\"a02\"]}]");
    assert_json_text(wfm_realloc_proposals_json(&r, &names, NULL),
        "[{\"kind\":\"early_release\",\"from\":\"+28\",\"until\":\"+32\","
        "\"reason\":\"no queue the agent can serve needs them before the shift ends\","
        "\"count\":2,\"agents\":[\"a05\",\"a03\"]},"
        "{\"kind\":\"overtime\",\"from\":\"+32\",\"until\":\"+34\","
        "\"reason\":\"phone short after the shift ends and no move can cover it\","
        "\"count\":1,\"agents\":[\"a01\"]}]");
}

static void a_result_without_decisions_gives_empty_arrays(void **state)
{
    (void)state;
    wfm_realloc_result r = {0};
    assert_json_text(wfm_realloc_moves_json(&r, &names, NULL), "[]");
    assert_json_text(wfm_realloc_break_changes_json(&r, &names, NULL), "[]");
    assert_json_text(wfm_realloc_proposals_json(&r, &names, NULL), "[]");
}

/* ---- a real reallocation ------------------------------------------------ */

#define N 8

/* Phone needs 3 seats throughout; five phone agents end with the horizon
 * (two to spare: early release) and two more end at interval 4 while the
 * wechat-only agent cannot help (overtime); all on one queue, so the
 * reallocation's proposals come in groups. */
static void solve_surplus_and_gap(wfm_realloc_result *r, wfm_realloc_agent *staff, size_t *n)
{
    static double need[N], offered[2][N], aht[N];
    static wfm_realloc_queue qs[2];
    for (int i = 0; i < N; i++) {
        need[i] = 3;
        offered[0][i] = 9;
        offered[1][i] = 0;
        aht[i] = 240;
    }
    qs[0] = (wfm_realloc_queue){"phone", WFM_QUEUE_LIVE, offered[0], aht, need, 0, 0, 0, 1};
    qs[1] = (wfm_realloc_queue){"wechat", WFM_QUEUE_DEFERRED, offered[1], aht, NULL, 0, 0, 3600, 1};
    static const char *ids[] = {"p1", "p2", "p3", "p4", "p5", "e1", "e2", "w1"};
    *n = 0;
    for (size_t k = 0; k < 8; k++)
        staff[(*n)++] = (wfm_realloc_agent){ids[k], k < 7 ? 1u : 2u, k < 7 ? 0 : 1, -4,
                                            k < 5 ? N : k < 7 ? 4 : 40, {{0}}, 0};
    wfm_realloc_input in = {qs, 2, staff, *n, N, 900, NULL, NULL};
    wfm_error err;
    if (wfm_reallocate(&in, NULL, r, &err) != WFM_OK)
        fail_msg("reallocation refused: %s", err.message);
}

/* Every per-agent proposal of the result is in the document once, in an
 * entry with its own kind, times and reason; counts add up to the result's. */
static void every_proposal_of_the_reallocation_is_in_one_entry(void **state)
{
    (void)state;
    wfm_realloc_agent staff[8];
    size_t n;
    wfm_realloc_result r;
    solve_surplus_and_gap(&r, staff, &n);
    assert_true(r.n_proposals >= 2);
    const wfm_realloc_json_names real = {staff, queues, relative_time, NULL};
    json_t *doc = wfm_realloc_proposals_json(&r, &real, NULL);
    assert_non_null(doc);
    assert_true(json_array_size(doc) < r.n_proposals); /* something was grouped */
    size_t total = 0, index;
    json_t *entry;
    json_array_foreach(doc, index, entry) {
        json_t *names_of = json_object_get(entry, "agents");
        assert_int_equal(json_integer_value(json_object_get(entry, "count")),
                         json_array_size(names_of));
        total += json_array_size(names_of);
    }
    assert_int_equal(total, r.n_proposals);
    for (size_t k = 0; k < r.n_proposals; k++) {
        const wfm_realloc_proposal *p = &r.proposals[k];
        size_t found = 0;
        json_array_foreach(doc, index, entry) {
            size_t i;
            json_t *name;
            json_array_foreach(json_object_get(entry, "agents"), i, name)
                if (!strcmp(json_string_value(name), staff[p->agent].name)) {
                    found++;
                    char from[24], until[24];
                    snprintf(from, sizeof from, "+%d", p->from);
                    snprintf(until, sizeof until, "+%d", p->until);
                    assert_string_equal(json_string_value(json_object_get(entry, "kind")),
                                        p->kind == WFM_PROPOSE_OVERTIME ? "overtime"
                                                                        : "early_release");
                    assert_string_equal(json_string_value(json_object_get(entry, "from")), from);
                    assert_string_equal(json_string_value(json_object_get(entry, "until")), until);
                    assert_string_equal(json_string_value(json_object_get(entry, "reason")),
                                        p->reason);
                }
        }
        assert_int_equal(found, 1);
    }
    json_decref(doc);
    wfm_realloc_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(agents_moved_alike_share_one_entry),
        cmocka_unit_test(break_changes_and_proposals_are_grouped_the_same_way),
        cmocka_unit_test(a_result_without_decisions_gives_empty_arrays),
        cmocka_unit_test(every_proposal_of_the_reallocation_is_in_one_entry),
    };
    return cmocka_run_group_tests_name("realloc_json", tests, NULL, NULL);
}
