/* wfm_token: bearer tokens and the roles they carry.
 *
 * A token reads "wfm_<id>_<secret>": id is 12 base64url characters stored in
 * clear to find the row, secret is 43 base64url characters (32 random bytes)
 * of which only a BLAKE2b-256 hash is stored (a fast hash is right here: the
 * secret has 256 bits of entropy, so there is nothing to brute-force). The
 * check compares hashes in constant time (libsodium). A token belongs to one
 * center and has one role:
 *   viewer  - dashboard reads (GET)
 *   manager - viewer + rosters (create, publish)
 *   planner - viewer + scenarios
 *   admin   - everything of its center: centers, tokens, history import */
#ifndef WFM_TOKEN_H
#define WFM_TOKEN_H

#include <stddef.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "core/wfm_error.h"

typedef enum wfm_role {
    WFM_ROLE_VIEWER = 1,
    WFM_ROLE_MANAGER,
    WFM_ROLE_PLANNER,
    WFM_ROLE_ADMIN
} wfm_role;

/* What a request needs; a role grants a set of these. */
typedef enum wfm_capability {
    WFM_CAN_VIEW = 1 << 0,
    WFM_CAN_ROSTER = 1 << 1,
    WFM_CAN_SCENARIO = 1 << 2,
    WFM_CAN_ADMIN = 1 << 3
} wfm_capability;

#define WFM_TOKEN_ID_LEN 12
#define WFM_TOKEN_MAX 80 /* buffer size for a whole token, NUL included */

typedef struct wfm_token_info {
    char token_id[WFM_TOKEN_ID_LEN + 1];
    char center_id[64];
    wfm_role role;
} wfm_token_info;

/* "viewer" -> WFM_ROLE_VIEWER ...; WFM_EINVAL naming field "role" otherwise. */
wfm_status wfm_role_parse(const char *name, wfm_role *role, wfm_error *err);
const char *wfm_role_name(wfm_role role); /* static storage */
/* Whether role grants every capability in `needed` (a bit set). */
int wfm_role_allows(wfm_role role, unsigned needed);

/* Creates a token for center_id with role, stores its hash, and writes the
 * token (to be shown once) into token_out (WFM_TOKEN_MAX bytes).
 * WFM_ENOTFOUND when the center does not exist; WFM_EDB on database errors. */
wfm_status wfm_token_create(PGconn *db, const char *center_id, wfm_role role,
                            const char *label, char token_out[WFM_TOKEN_MAX],
                            wfm_error *err);

/* Checks a presented token. WFM_OK fills info; WFM_ENOTFOUND for a token
 * that is malformed, unknown, revoked or whose secret does not match (one
 * status for all, so a caller cannot tell which); WFM_EDB when the database
 * fails. */
wfm_status wfm_token_verify(PGconn *db, const char *token, wfm_token_info *info,
                            wfm_error *err);

/* Revokes a token by its id; WFM_ENOTFOUND when no live token has that id. */
wfm_status wfm_token_revoke(PGconn *db, const char *token_id, wfm_error *err);

/* The tokens of center_id (NULL: of every center), newest first, as a JSON
 * array into *tokens (caller json_decref()s): [{"token_id", "center_id",
 * "role", "label", "created_at", "revoked_at" (null while live)}], times
 * ISO 8601 UTC. What an operator needs to find the id to revoke; never a
 * secret or a hash. WFM_EDB on database errors. */
wfm_status wfm_token_list(PGconn *db, const char *center_id, json_t **tokens, wfm_error *err);

#endif
