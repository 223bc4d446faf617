/* wfm_limits: the size limits a request must stay within beyond its body
 * size (docs/security.md, "Limits"): the horizon of a roster and the agents
 * it rosters. The body size itself is the server's (wfm_server_opts), the
 * jobs a center may have queued are wfm_jobs' (429), requests a second per
 * token are wfm_auth's (429). */
#ifndef WFM_LIMITS_H
#define WFM_LIMITS_H

#include "api/wfm_server.h"
#include "core/wfm_error.h"

#include <jansson.h>

/* Checks a roster-shaped document (a roster request, its completed input,
 * a scenario's base week) against the limits: "days" over
 * WFM_ROSTER_MAX_DAYS (28) and more "agents" than the server's max_agents
 * (srv NULL: the default, 1000) are WFM_ETOOBIG (HTTP 422) naming the
 * field and the limit. Fields absent or of the wrong type pass: the
 * document's parser names those. */
wfm_status wfm_limits_check_roster(const wfm_server *srv, const json_t *doc, wfm_error *err);

#endif
