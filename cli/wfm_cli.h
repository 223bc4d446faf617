/* wfm_cli: the subcommands of the `wfm` command-line tool.
 *
 * Each subcommand lives in its own file cli/wfm_cmd_<name>.c and has the
 * signature of main(): argv[0] is the subcommand's name. It returns the
 * process exit status: 0 success, 1 failure of the work, 2 bad usage.
 * Register a new one in the table in cli/wfm_main.c. */
#ifndef WFM_CLI_H
#define WFM_CLI_H

#include <libpq-fe.h>

#include "core/wfm_error.h"

typedef int (*wfm_cli_fn)(int argc, char **argv);

typedef struct wfm_cli_command {
    const char *name;
    const char *summary; /* one line for `wfm --help` */
    wfm_cli_fn run;
} wfm_cli_command;

/* Connects to url (the caller's --database-url, else $WFM_DATABASE_URL) for
 * subcommand `who` ("wfm token"). Returns 0 with *db set (the caller
 * PQfinish()es it), 2 when no URL was given, 1 when the connection failed;
 * in both failures it has said why on stderr and *db is NULL. */
int wfm_cli_connect(const char *who, const char *url, PGconn **db);

/* Prints "<who>: <message>" on stderr and returns the exit status of a
 * failed command: 2 for bad input (WFM_EINVAL), 1 otherwise. */
int wfm_cli_fail(const char *who, const wfm_error *err);

/* The table, terminated by an entry whose name is NULL. */
extern const wfm_cli_command wfm_cli_commands[];

#endif
