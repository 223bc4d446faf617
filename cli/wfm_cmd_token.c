/* wfm token: creates and revokes the bearer tokens the API checks. */
#include "cli/wfm_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>

#include "data/wfm_token.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: wfm token create --center C --role viewer|manager|planner|admin [--label L]\n"
            "       wfm token revoke TOKEN_ID\n"
            "       wfm token list [--center C]\n"
            "options: --database-url URL (default $WFM_DATABASE_URL)\n"
            "create prints the token once; only its hash is stored. TOKEN_ID is the 12\n"
            "characters after wfm_; list shows the ids, roles, labels and revocations.\n"
            "A running server may accept a revoked token for its --auth-cache-ttl (30 s);\n"
            "send it SIGHUP to check every token again at once.\n");
}

/* One line a token: id, center, role, created, revoked or "live", label. */
static void print_tokens(json_t *tokens)
{
    printf("%-12s  %-16s  %-7s  %-20s  %-20s  %s\n", "id", "center", "role", "created",
           "revoked", "label");
    size_t i;
    json_t *t;
    json_array_foreach(tokens, i, t) {
        const char *revoked = json_string_value(json_object_get(t, "revoked_at"));
        printf("%-12s  %-16s  %-7s  %-20s  %-20s  %s\n",
               json_string_value(json_object_get(t, "token_id")),
               json_string_value(json_object_get(t, "center_id")),
               json_string_value(json_object_get(t, "role")),
               json_string_value(json_object_get(t, "created_at")), revoked ? revoked : "live",
               json_string_value(json_object_get(t, "label")));
    }
    json_decref(tokens);
}

int wfm_cmd_token(int argc, char **argv)
{
    const char *url = getenv("WFM_DATABASE_URL");
    const char *center = NULL, *role_name = NULL, *label = "";
    static const struct option longopts[] = {
        {"database-url", required_argument, NULL, 'd'},
        {"center", required_argument, NULL, 'c'},
        {"role", required_argument, NULL, 'r'},
        {"label", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': url = optarg; break;
        case 'c': center = optarg; break;
        case 'r': role_name = optarg; break;
        case 'l': label = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    const char *action = optind < argc ? argv[optind] : NULL;
    int create = action && !strcmp(action, "create");
    int revoke = action && !strcmp(action, "revoke") && optind + 1 < argc;
    int list = action && !strcmp(action, "list");
    if (!create && !revoke && !list) {
        usage(stderr);
        return 2;
    }
    wfm_error err;
    wfm_error_clear(&err);
    wfm_role role = WFM_ROLE_VIEWER;
    if (create && (!center || wfm_role_parse(role_name, &role, &err) != WFM_OK)) {
        fprintf(stderr, "wfm token: %s\n", center ? err.message : "--center is required");
        return 2;
    }
    PGconn *db;
    int rc = wfm_cli_connect("wfm token", url, &db);
    if (rc)
        return rc;
    char token[WFM_TOKEN_MAX];
    json_t *tokens = NULL;
    wfm_status st = create   ? wfm_token_create(db, center, role, label, token, &err)
                    : revoke ? wfm_token_revoke(db, argv[optind + 1], &err)
                             : wfm_token_list(db, center, &tokens, &err);
    PQfinish(db);
    if (st != WFM_OK) {
        fprintf(stderr, "wfm token: %s\n", err.message);
        return 1;
    }
    if (list)
        print_tokens(tokens);
    else if (create)
        printf("%s\n", token);
    else
        printf("revoked %s\n", argv[optind + 1]);
    return 0;
}
