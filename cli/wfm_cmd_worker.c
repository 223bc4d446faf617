/* wfm worker: a process that only runs background jobs (see data/wfm_worker.h). */
#include "cli/wfm_cli.h"

#include <getopt.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/wfm_worker.h"

static atomic_int stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    atomic_store(&stop_requested, 1);
}

static void usage(FILE *out)
{
    fprintf(out,
        "usage: wfm worker [--database-url URL] [--concurrency N] [--worker-id ID]\n"
        "                  [--lease SECONDS] [--heartbeat SECONDS] [--poll-interval SECONDS]\n"
        "Runs background jobs (rosters, scenarios, diagnostics) from the database's queue until\n"
        "SIGTERM or SIGINT; then running jobs stop at their next checkpoint and go back to the\n"
        "queue for another worker. Any number of workers on any machines share one queue.\n"
        "  --database-url   default $WFM_DATABASE_URL\n"
        "  --concurrency    jobs run at once (default 2)\n"
        "  --worker-id      name in the job rows (default HOST:PID)\n"
        "  --lease          a job whose worker is silent this long is taken again\n"
        "                   (default $WFM_JOB_LEASE_S or 30)\n"
        "  --heartbeat      lease renewal and progress writes (default: 1, or a\n"
        "                   quarter of a lease shorter than 4 s)\n"
        "  --poll-interval  look for work at least this often (default: 5, or half\n"
        "                   a lease shorter than 10 s)\n");
}

/* A positive number (of seconds, or a whole count when whole is set), or a
 * message naming the option. */
static int parse_positive(const char *text, const char *option, int whole, double *out)
{
    char *end = NULL;
    double v = text ? strtod(text, &end) : 0;
    if (!text || end == text || *end || !(v > 0) || (whole && v != (int)v)) {
        fprintf(stderr, "wfm worker: %s must be a positive %s ('%s')\n", option,
                whole ? "whole number" : "number of seconds", text ? text : "");
        return 0;
    }
    *out = v;
    return 1;
}

static int parse_seconds(const char *text, const char *option, double *out)
{
    return parse_positive(text, option, 0, out);
}

int wfm_cmd_worker(int argc, char **argv)
{
    wfm_worker_opts opts;
    wfm_worker_opts_init(&opts);
    opts.database_url = getenv("WFM_DATABASE_URL");
    const char *lease_env = getenv("WFM_JOB_LEASE_S");
    if (lease_env && *lease_env && !parse_seconds(lease_env, "WFM_JOB_LEASE_S", &opts.lease_s))
        return 2;
    static const struct option longopts[] = {
        {"database-url", required_argument, NULL, 'd'},
        {"concurrency", required_argument, NULL, 'c'},
        {"worker-id", required_argument, NULL, 'w'},
        {"lease", required_argument, NULL, 'l'},
        {"heartbeat", required_argument, NULL, 'b'},
        {"poll-interval", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, ok = 1;
    double count = 0;
    optind = 1;
    while (ok && (c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': opts.database_url = optarg; break;
        case 'c': ok = parse_positive(optarg, "--concurrency", 1, &count);
                  opts.concurrency = count < 1000 ? (int)count : 1000; break;
        case 'w': opts.worker_id = optarg; break;
        case 'l': ok = parse_seconds(optarg, "--lease", &opts.lease_s); break;
        case 'b': ok = parse_seconds(optarg, "--heartbeat", &opts.heartbeat_s); break;
        case 'p': ok = parse_seconds(optarg, "--poll-interval", &opts.poll_s); break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!ok || optind < argc) {
        if (ok)
            usage(stderr);
        return 2;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    wfm_error err;
    wfm_error_clear(&err);
    if (wfm_worker_run(&opts, &stop_requested, &err) != WFM_OK) {
        fprintf(stderr, "wfm worker: %s\n", err.message);
        return err.status == WFM_EINVAL ? 2 : 1;
    }
    return 0;
}
