/* wfm_token: creating, checking and revoking bearer tokens (see wfm_token.h). */
#include "data/wfm_token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#define PREFIX "wfm_"
#define PREFIX_LEN 4
#define ID_BYTES 9      /* -> 12 base64url characters */
#define SECRET_BYTES 32 /* -> 43 base64url characters */
#define SECRET_LEN 43
#define TOKEN_LEN (PREFIX_LEN + WFM_TOKEN_ID_LEN + 1 + SECRET_LEN)
#define HASH_BYTES 32

static const struct {
    const char *name;
    wfm_role role;
    unsigned grants;
} roles[] = {
    {"viewer", WFM_ROLE_VIEWER, WFM_CAN_VIEW},
    {"manager", WFM_ROLE_MANAGER, WFM_CAN_VIEW | WFM_CAN_ROSTER},
    {"planner", WFM_ROLE_PLANNER, WFM_CAN_VIEW | WFM_CAN_SCENARIO},
    {"admin", WFM_ROLE_ADMIN, WFM_CAN_VIEW | WFM_CAN_ROSTER | WFM_CAN_SCENARIO | WFM_CAN_ADMIN},
};
#define N_ROLES (sizeof roles / sizeof roles[0])

wfm_status wfm_role_parse(const char *name, wfm_role *role, wfm_error *err)
{
    for (size_t i = 0; name && i < N_ROLES; i++)
        if (!strcmp(name, roles[i].name)) {
            *role = roles[i].role;
            return WFM_OK;
        }
    return wfm_error_set(err, WFM_EINVAL, "role",
                         "role must be viewer, manager, planner or admin (got '%s')",
                         name ? name : "");
}

const char *wfm_role_name(wfm_role role)
{
    for (size_t i = 0; i < N_ROLES; i++)
        if (roles[i].role == role)
            return roles[i].name;
    return "unknown";
}

int wfm_role_allows(wfm_role role, unsigned needed)
{
    for (size_t i = 0; i < N_ROLES; i++)
        if (roles[i].role == role)
            return (roles[i].grants & needed) == needed;
    return 0;
}

static wfm_status db_error(wfm_error *err, const char *what, PGresult *res)
{
    const char *msg = PQresultErrorMessage(res);
    wfm_error_set(err, WFM_EDB, NULL, "%s: %.*s", what, (int)strcspn(msg, "\n"), msg);
    PQclear(res);
    return WFM_EDB;
}

static void hash_secret(const char *secret, unsigned char out[HASH_BYTES])
{
    crypto_generichash(out, HASH_BYTES, (const unsigned char *)secret, SECRET_LEN, NULL, 0);
}

wfm_status wfm_token_create(PGconn *db, const char *center_id, wfm_role role,
                            const char *label, char token_out[WFM_TOKEN_MAX],
                            wfm_error *err)
{
    if (sodium_init() < 0)
        return wfm_error_set(err, WFM_EINTERNAL, NULL, "libsodium failed to initialise");
    unsigned char id_raw[ID_BYTES], secret_raw[SECRET_BYTES], hash[HASH_BYTES];
    char id[WFM_TOKEN_ID_LEN + 1], secret[SECRET_LEN + 1];
    randombytes_buf(id_raw, sizeof id_raw);
    randombytes_buf(secret_raw, sizeof secret_raw);
    sodium_bin2base64(id, sizeof id, id_raw, sizeof id_raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_bin2base64(secret, sizeof secret, secret_raw, sizeof secret_raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    hash_secret(secret, hash);
    sodium_memzero(secret_raw, sizeof secret_raw);

    const char *params[5] = {id, (const char *)hash, center_id, wfm_role_name(role),
                             label ? label : ""};
    int lengths[5] = {0, HASH_BYTES, 0, 0, 0};
    int formats[5] = {0, 1, 0, 0, 0};
    PGresult *res = PQexecParams(db,
        "INSERT INTO api_token (token_id, secret_hash, center_id, role, label) "
        "SELECT $1, $2, id, $4, $5 FROM center WHERE id = $3",
        5, NULL, params, lengths, formats, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        return db_error(err, "storing the token", res);
    int inserted = atoi(PQcmdTuples(res));
    PQclear(res);
    if (inserted != 1) {
        sodium_memzero(secret, sizeof secret);
        return wfm_error_set(err, WFM_ENOTFOUND, "center", "no center '%s'", center_id);
    }
    snprintf(token_out, WFM_TOKEN_MAX, PREFIX "%s_%s", id, secret);
    sodium_memzero(secret, sizeof secret);
    return WFM_OK;
}

/* Splits "wfm_<id>_<secret>" by position: base64url itself may hold '_'. */
static int split_token(const char *token, char id[WFM_TOKEN_ID_LEN + 1], const char **secret)
{
    if (!token || strlen(token) != TOKEN_LEN || strncmp(token, PREFIX, PREFIX_LEN) != 0 ||
        token[PREFIX_LEN + WFM_TOKEN_ID_LEN] != '_')
        return 0;
    memcpy(id, token + PREFIX_LEN, WFM_TOKEN_ID_LEN);
    id[WFM_TOKEN_ID_LEN] = '\0';
    *secret = token + PREFIX_LEN + WFM_TOKEN_ID_LEN + 1;
    return 1;
}

wfm_status wfm_token_verify(PGconn *db, const char *token, wfm_token_info *info,
                            wfm_error *err)
{
    char id[WFM_TOKEN_ID_LEN + 1];
    const char *secret = NULL;
    if (!split_token(token, id, &secret))
        return wfm_error_set(err, WFM_ENOTFOUND, "Authorization", "invalid or revoked token");
    if (sodium_init() < 0)
        return wfm_error_set(err, WFM_EINTERNAL, NULL, "libsodium failed to initialise");
    const char *params[1] = {id};
    PGresult *res = PQexecParams(db,
        "SELECT secret_hash, center_id, role FROM api_token "
        "WHERE token_id = $1 AND revoked_at IS NULL",
        1, NULL, params, NULL, NULL, 1 /* binary: the hash comes back raw */);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return db_error(err, "checking the token", res);
    unsigned char presented[HASH_BYTES];
    hash_secret(secret, presented);
    int match = PQntuples(res) == 1 && PQgetlength(res, 0, 0) == HASH_BYTES &&
                sodium_memcmp(presented, PQgetvalue(res, 0, 0), HASH_BYTES) == 0;
    wfm_role role = WFM_ROLE_VIEWER;
    if (match) {
        snprintf(info->token_id, sizeof info->token_id, "%s", id);
        snprintf(info->center_id, sizeof info->center_id, "%.*s",
                 PQgetlength(res, 0, 1), PQgetvalue(res, 0, 1));
        char role_name[16];
        snprintf(role_name, sizeof role_name, "%.*s", PQgetlength(res, 0, 2), PQgetvalue(res, 0, 2));
        match = wfm_role_parse(role_name, &role, NULL) == WFM_OK;
        info->role = role;
    }
    PQclear(res);
    if (!match)
        return wfm_error_set(err, WFM_ENOTFOUND, "Authorization", "invalid or revoked token");
    return WFM_OK;
}

wfm_status wfm_token_revoke(PGconn *db, const char *token_id, wfm_error *err)
{
    const char *params[1] = {token_id};
    PGresult *res = PQexecParams(db,
        "UPDATE api_token SET revoked_at = now() WHERE token_id = $1 AND revoked_at IS NULL",
        1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        return db_error(err, "revoking the token", res);
    int n = atoi(PQcmdTuples(res));
    PQclear(res);
    if (n != 1)
        return wfm_error_set(err, WFM_ENOTFOUND, "token_id", "no live token with id '%s'", token_id);
    return WFM_OK;
}

wfm_status wfm_token_list(PGconn *db, const char *center_id, json_t **tokens, wfm_error *err)
{
    *tokens = NULL;
    const char *params[1] = {center_id};
    PGresult *res = PQexecParams(db,
        "SELECT coalesce(json_agg(json_build_object("
        "  'token_id', token_id, 'center_id', center_id, 'role', role, 'label', label,"
        "  'created_at', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
        "  'revoked_at', to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"
        "  ORDER BY created_at DESC, token_id), '[]')"
        " FROM api_token WHERE $1::text IS NULL OR center_id = $1",
        1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return db_error(err, "listing the tokens", res);
    *tokens = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
    PQclear(res);
    if (!*tokens)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the token list");
    return WFM_OK;
}
