/* Specification of data/wfm_token: tokens are shown once, stored hashed,
 * checked against their secret, scoped to a center and a role. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "data/wfm_token.h"
#include "tests/support/wfm_testdb.h"

static int setup(void **state)
{
    PGconn *db = wfm_testdb_fresh("wfm_token");
    PQclear(PQexec(db, "INSERT INTO center (id, name, time_zone) VALUES "
                       "('jinan', 'Jinan 12345', 'Asia/Shanghai'),"
                       "('nyc', 'NYC 311', 'America/New_York')"));
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    PQfinish(*state);
    return 0;
}

static void roles_grant_what_the_issue_lists(void **state)
{
    (void)state;
    assert_true(wfm_role_allows(WFM_ROLE_VIEWER, WFM_CAN_VIEW));
    assert_false(wfm_role_allows(WFM_ROLE_VIEWER, WFM_CAN_ROSTER));
    assert_true(wfm_role_allows(WFM_ROLE_MANAGER, WFM_CAN_ROSTER | WFM_CAN_VIEW));
    assert_false(wfm_role_allows(WFM_ROLE_MANAGER, WFM_CAN_SCENARIO));
    assert_true(wfm_role_allows(WFM_ROLE_PLANNER, WFM_CAN_SCENARIO));
    assert_false(wfm_role_allows(WFM_ROLE_PLANNER, WFM_CAN_ADMIN));
    assert_true(wfm_role_allows(WFM_ROLE_ADMIN, WFM_CAN_ADMIN | WFM_CAN_ROSTER | WFM_CAN_SCENARIO));
}

static void unknown_role_names_the_field_and_value(void **state)
{
    (void)state;
    wfm_role role;
    wfm_error err;
    assert_int_equal(wfm_role_parse("root", &role, &err), WFM_EINVAL);
    assert_string_equal(err.field, "role");
    assert_non_null(strstr(err.message, "'root'"));
}

static void created_token_verifies_with_its_center_and_role(void **state)
{
    PGconn *db = *state;
    char token[WFM_TOKEN_MAX];
    wfm_error err;
    assert_int_equal(wfm_token_create(db, "jinan", WFM_ROLE_MANAGER, "shift desk", token, &err), WFM_OK);
    assert_int_equal(strlen(token), 60);
    assert_memory_equal(token, "wfm_", 4);
    wfm_token_info info;
    assert_int_equal(wfm_token_verify(db, token, &info, &err), WFM_OK);
    assert_string_equal(info.center_id, "jinan");
    assert_int_equal(info.role, WFM_ROLE_MANAGER);
    assert_memory_equal(info.token_id, token + 4, WFM_TOKEN_ID_LEN);
}

static void only_a_hash_of_the_secret_is_stored(void **state)
{
    PGconn *db = *state;
    char token[WFM_TOKEN_MAX], sql[256];
    wfm_error err;
    assert_int_equal(wfm_token_create(db, "jinan", WFM_ROLE_VIEWER, "", token, &err), WFM_OK);
    const char *secret = token + 4 + WFM_TOKEN_ID_LEN + 1;
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM api_token WHERE position(convert_to('%s', 'UTF8') in secret_hash) > 0"
             " OR label LIKE '%%%s%%'", secret, secret);
    char *hits = wfm_testdb_scalar(db, sql);
    assert_string_equal(hits, "0");
    free(hits);
}

static void tampered_malformed_and_revoked_tokens_are_refused(void **state)
{
    PGconn *db = *state;
    char token[WFM_TOKEN_MAX];
    wfm_error err;
    wfm_token_info info;
    assert_int_equal(wfm_token_create(db, "nyc", WFM_ROLE_ADMIN, "", token, &err), WFM_OK);

    char tampered[WFM_TOKEN_MAX];
    snprintf(tampered, sizeof tampered, "%s", token);
    tampered[50] = tampered[50] == 'A' ? 'B' : 'A';
    assert_int_equal(wfm_token_verify(db, tampered, &info, &err), WFM_ENOTFOUND);
    assert_int_equal(wfm_token_verify(db, "wfm_short", &info, &err), WFM_ENOTFOUND);
    assert_int_equal(wfm_token_verify(db, "", &info, &err), WFM_ENOTFOUND);
    assert_int_equal(wfm_token_verify(db, NULL, &info, &err), WFM_ENOTFOUND);

    char id[WFM_TOKEN_ID_LEN + 1];
    memcpy(id, token + 4, WFM_TOKEN_ID_LEN);
    id[WFM_TOKEN_ID_LEN] = '\0';
    assert_int_equal(wfm_token_revoke(db, id, &err), WFM_OK);
    assert_int_equal(wfm_token_verify(db, token, &info, &err), WFM_ENOTFOUND);
    assert_int_equal(wfm_token_revoke(db, id, &err), WFM_ENOTFOUND);
}

static void token_for_unknown_center_is_not_created(void **state)
{
    PGconn *db = *state;
    char token[WFM_TOKEN_MAX];
    wfm_error err;
    char *before = wfm_testdb_scalar(db, "SELECT count(*) FROM api_token");
    assert_int_equal(wfm_token_create(db, "atlantis", WFM_ROLE_ADMIN, "", token, &err), WFM_ENOTFOUND);
    assert_string_equal(err.field, "center");
    assert_non_null(strstr(err.message, "atlantis"));
    char *after = wfm_testdb_scalar(db, "SELECT count(*) FROM api_token");
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void two_tokens_never_collide(void **state)
{
    PGconn *db = *state;
    char a[WFM_TOKEN_MAX], b[WFM_TOKEN_MAX];
    wfm_error err;
    assert_int_equal(wfm_token_create(db, "jinan", WFM_ROLE_VIEWER, "", a, &err), WFM_OK);
    assert_int_equal(wfm_token_create(db, "jinan", WFM_ROLE_VIEWER, "", b, &err), WFM_OK);
    assert_string_not_equal(a, b);
}

/* Listing a center's tokens gives what an operator needs to rotate them
 * (id, role, label, revoked or not) and nothing that would let anyone use
 * one. */
static void the_list_shows_ids_and_states_never_secrets(void **state)
{
    PGconn *db = *state;
    char live[WFM_TOKEN_MAX], gone[WFM_TOKEN_MAX];
    wfm_error err;
    assert_int_equal(wfm_token_create(db, "nyc", WFM_ROLE_VIEWER, "wall 3", live, &err), WFM_OK);
    assert_int_equal(wfm_token_create(db, "nyc", WFM_ROLE_ADMIN, "import", gone, &err), WFM_OK);
    char gone_id[WFM_TOKEN_ID_LEN + 1];
    memcpy(gone_id, gone + 4, WFM_TOKEN_ID_LEN);
    gone_id[WFM_TOKEN_ID_LEN] = '\0';
    assert_int_equal(wfm_token_revoke(db, gone_id, &err), WFM_OK);
    json_t *tokens = NULL;
    assert_int_equal(wfm_token_list(db, "nyc", &tokens, &err), WFM_OK);
    size_t i, seen = 0;
    json_t *t;
    json_array_foreach(tokens, i, t) {
        assert_string_equal(json_string_value(json_object_get(t, "center_id")), "nyc");
        const char *id = json_string_value(json_object_get(t, "token_id"));
        int is_live = !strncmp(id, live + 4, WFM_TOKEN_ID_LEN);
        int is_gone = !strcmp(id, gone_id);
        if (!is_live && !is_gone)
            continue;
        seen++;
        assert_string_equal(json_string_value(json_object_get(t, "label")),
                            is_live ? "wall 3" : "import");
        assert_int_equal(json_is_null(json_object_get(t, "revoked_at")), is_live);
        char *text = json_dumps(t, 0);
        assert_null(strstr(text, (is_live ? live : gone) + 4 + WFM_TOKEN_ID_LEN + 1));
        free(text);
    }
    assert_int_equal(seen, 2);
    json_decref(tokens);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(roles_grant_what_the_issue_lists),
        cmocka_unit_test(unknown_role_names_the_field_and_value),
        cmocka_unit_test(created_token_verifies_with_its_center_and_role),
        cmocka_unit_test(only_a_hash_of_the_secret_is_stored),
        cmocka_unit_test(tampered_malformed_and_revoked_tokens_are_refused),
        cmocka_unit_test(token_for_unknown_center_is_not_created),
        cmocka_unit_test(two_tokens_never_collide),
        cmocka_unit_test(the_list_shows_ids_and_states_never_secrets),
    };
    return cmocka_run_group_tests_name("data/wfm_token", tests, setup, teardown);
}
