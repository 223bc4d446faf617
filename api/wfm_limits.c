/* wfm_limits: size limits of roster-shaped requests (see wfm_limits.h). */
#include "api/wfm_limits.h"
#include "optimizer/wfm_roster.h"

wfm_status wfm_limits_check_roster(const wfm_server *srv, const json_t *doc, wfm_error *err)
{
    const json_t *days = json_object_get(doc, "days");
    if (json_is_integer(days) && json_integer_value(days) > WFM_ROSTER_MAX_DAYS)
        return wfm_error_set(err, WFM_ETOOBIG, "days",
                             "days may be at most %d, a four-week horizon (%lld)",
                             WFM_ROSTER_MAX_DAYS, (long long)json_integer_value(days));
    wfm_server_opts defaults;
    wfm_server_opts_init(&defaults);
    int max_agents = srv ? wfm_server_options(srv)->max_agents : defaults.max_agents;
    const json_t *agents = json_object_get(doc, "agents");
    if (json_is_array(agents) && json_array_size(agents) > (size_t)max_agents)
        return wfm_error_set(err, WFM_ETOOBIG, "agents",
                             "at most %d agents per roster on this server (%zu); see "
                             "--max-agents", max_agents, json_array_size(agents));
    return WFM_OK;
}
