/* wfm: the command-line tool. A thin dispatcher over the subcommands listed
 * in the table below; the work itself is in the static library. */
#include "cli/wfm_cli.h"

#include <stdio.h>
#include <string.h>

/* Subcommands: one declaration and one table row each. */
int wfm_cmd_erlang(int argc, char **argv);
int wfm_cmd_forecast(int argc, char **argv);
int wfm_cmd_history(int argc, char **argv);
int wfm_cmd_job(int argc, char **argv);
int wfm_cmd_migrate(int argc, char **argv);
int wfm_cmd_plan_input(int argc, char **argv);
int wfm_cmd_reallocate(int argc, char **argv);
int wfm_cmd_roster(int argc, char **argv);
int wfm_cmd_sample(int argc, char **argv);
int wfm_cmd_scenario(int argc, char **argv);
int wfm_cmd_simulate(int argc, char **argv);
int wfm_cmd_token(int argc, char **argv);
int wfm_cmd_worker(int argc, char **argv);

const wfm_cli_command wfm_cli_commands[] = {
    {"erlang", "Erlang C/A metrics at a staffing, or the seats a target needs", wfm_cmd_erlang},
    {"forecast", "forecast volume and handle time from a history CSV", wfm_cmd_forecast},
    {"history", "import interval history (CSV or JSON) into a center", wfm_cmd_history},
    {"job", "enqueue, inspect, cancel and list background jobs", wfm_cmd_job},
    {"migrate", "apply the database schema migrations", wfm_cmd_migrate},
    {"plan-input", "a center's roster input document built from its forecast", wfm_cmd_plan_input},
    {"reallocate", "re-plan the agents on shift for the rest of today", wfm_cmd_reallocate},
    {"roster", "build a roster of named agents from an input file", wfm_cmd_roster},
    {"sample", "generate or load the demo hotline's history", wfm_cmd_sample},
    {"scenario", "what-if scenarios: create, list, show, cancel, compare, run", wfm_cmd_scenario},
    {"simulate", "replay a forecast against a staffing plan (discrete-event)", wfm_cmd_simulate},
    {"token", "create or revoke API bearer tokens", wfm_cmd_token},
    {"worker", "run background jobs (rosters, scenarios) from the queue", wfm_cmd_worker},
    {NULL, NULL, NULL}
};

static void print_help(FILE *out)
{
    fprintf(out, "usage: wfm <command> [options]\n\n"
                 "hotline-wfm: forecasts, seats and rosters for citizen service hotlines.\n\n"
                 "commands:\n");
    for (const wfm_cli_command *c = wfm_cli_commands; c->name; c++)
        fprintf(out, "  %-12s %s\n", c->name, c->summary);
    fprintf(out, "\n`wfm <command> --help` describes each command's options.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        print_help(stdout);
        return 0;
    }
    for (const wfm_cli_command *c = wfm_cli_commands; c->name; c++)
        if (!strcmp(argv[1], c->name))
            return c->run(argc - 1, argv + 1);
    fprintf(stderr, "wfm: unknown command '%s'\n\n", argv[1]);
    print_help(stderr);
    return 2;
}
