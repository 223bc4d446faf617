/* wfm_realloc_json: the reallocation's decisions as JSON, each stated once
 * with its agents (see wfm_realloc_json.h). */
#include "api/wfm_realloc_json.h"

#include <assert.h>
#include <stdlib.h>

/* One list of the result: how its entries group, what a decision says,
 * whom an entry names. */
typedef struct decision_list {
    wfm_status (*group)(const wfm_realloc_result *r, wfm_realloc_decisions *out, wfm_error *err);
    size_t n_entries;
    json_t *(*decision)(const wfm_realloc_result *r, size_t k, const wfm_realloc_json_names *names);
    size_t (*agent)(const wfm_realloc_result *r, size_t k);
} decision_list;

static json_t *time_json(const wfm_realloc_json_names *names, long interval)
{
    return names->time(names->time_ctx, interval);
}

static json_t *queue_json(const wfm_realloc_json_names *names, int q)
{
    assert(q >= WFM_REALLOC_OFFLINE);
    return json_string(q == WFM_REALLOC_OFFLINE ? "offline" : names->queues[q]);
}

/* Each decision's fields, then "count" and "agents" once its agents are
 * known: the agents follow the decision in the text a person reads. */
static json_t *grouped_json(const wfm_realloc_result *r, const decision_list *list,
                            const wfm_realloc_json_names *names, wfm_error *err)
{
    wfm_realloc_decisions d;
    if (list->group(r, &d, err) != WFM_OK)
        return NULL;
    json_t *out = json_array();
    json_t **agents = calloc(d.n ? d.n : 1, sizeof *agents);
    int ok = out && agents;
    for (size_t g = 0; ok && g < d.n; g++) {
        agents[g] = json_array();
        ok = agents[g] && !json_array_append_new(out, list->decision(r, d.first[g], names));
    }
    for (size_t k = 0; ok && k < list->n_entries; k++)
        ok = !json_array_append_new(agents[d.of_entry[k]],
                                    json_string(names->agents[list->agent(r, k)].name));
    for (size_t g = 0; ok && g < d.n; g++) {
        json_t *decision = json_array_get(out, g);
        json_int_t count = (json_int_t)json_array_size(agents[g]);
        ok = !json_object_set_new(decision, "count", json_integer(count)) &&
             !json_object_set_new(decision, "agents", agents[g]);
        agents[g] = NULL; /* the decision has it, or it is gone with the failure */
    }
    for (size_t g = 0; agents && g < d.n; g++)
        json_decref(agents[g]);
    free(agents);
    wfm_realloc_decisions_free(&d);
    if (!ok) {
        json_decref(out);
        wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the plan's decisions");
        return NULL;
    }
    return out;
}

static json_t *move_json(const wfm_realloc_result *r, size_t k, const wfm_realloc_json_names *names)
{
    const wfm_realloc_move *m = &r->moves[k];
    return json_pack("{s:o, s:o, s:o, s:s}", "from", queue_json(names, m->from_queue), "to",
                     queue_json(names, m->to_queue), "at", time_json(names, (long)m->at),
                     "reason", m->reason);
}

static size_t move_agent(const wfm_realloc_result *r, size_t k)
{
    return r->moves[k].agent;
}

json_t *wfm_realloc_moves_json(const wfm_realloc_result *r, const wfm_realloc_json_names *names,
                               wfm_error *err)
{
    const decision_list list = {wfm_realloc_group_moves, r->n_moves, move_json, move_agent};
    return grouped_json(r, &list, names, err);
}

static json_t *break_change_json(const wfm_realloc_result *r, size_t k,
                                 const wfm_realloc_json_names *names)
{
    const wfm_realloc_break_change *c = &r->break_changes[k];
    return json_pack("{s:o, s:o, s:s}", "from", time_json(names, c->from), "to",
                     time_json(names, c->to), "reason", c->reason);
}

static size_t break_change_agent(const wfm_realloc_result *r, size_t k)
{
    return r->break_changes[k].agent;
}

json_t *wfm_realloc_break_changes_json(const wfm_realloc_result *r,
                                       const wfm_realloc_json_names *names, wfm_error *err)
{
    const decision_list list = {wfm_realloc_group_break_changes, r->n_break_changes,
                                break_change_json, break_change_agent};
    return grouped_json(r, &list, names, err);
}

static json_t *proposal_json(const wfm_realloc_result *r, size_t k,
                             const wfm_realloc_json_names *names)
{
    const wfm_realloc_proposal *p = &r->proposals[k];
    return json_pack("{s:s, s:o, s:o, s:s}", "kind",
                     p->kind == WFM_PROPOSE_OVERTIME ? "overtime" : "early_release", "from",
                     time_json(names, p->from), "until", time_json(names, p->until), "reason",
                     p->reason);
}

static size_t proposal_agent(const wfm_realloc_result *r, size_t k)
{
    return r->proposals[k].agent;
}

json_t *wfm_realloc_proposals_json(const wfm_realloc_result *r,
                                   const wfm_realloc_json_names *names, wfm_error *err)
{
    const decision_list list = {wfm_realloc_group_proposals, r->n_proposals, proposal_json,
                                proposal_agent};
    return grouped_json(r, &list, names, err);
}
