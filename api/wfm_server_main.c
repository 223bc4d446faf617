/* wfm-server: the HTTP server program. Reads its configuration from flags
 * and environment (flags win), applies the schema migrations, serves until
 * SIGTERM or SIGINT, then stops gracefully and exits 0. SIGHUP makes every
 * cached token due for re-verification (after `wfm token revoke`). */
#include "api/wfm_server.h"
#include "data/wfm_migrate.h"
#include "data/wfm_worker.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_help(FILE *out)
{
    fprintf(out,
            "usage: wfm-server [options]\n\n"
            "Serves the hotline-wfm HTTP API (GET /v1/health, ...).\n\n"
            "options (environment variable in brackets; flags win):\n"
            "  --port N           TCP port, 0 = any free one [WFM_PORT] (default 8080)\n"
            "  --bind ADDR        numeric address to listen on [WFM_BIND] (default: all)\n"
            "  --database-url URL PostgreSQL URL [WFM_DATABASE_URL] (required)\n"
            "  --threads N        worker threads = DB connections [WFM_THREADS] (default: CPUs)\n"
            "  --max-body BYTES   largest request body accepted [WFM_MAX_BODY] (default 1048576)\n"
            "  --max-import-body BYTES  largest history import body [WFM_MAX_IMPORT_BODY]\n"
            "                     (default 8388608)\n"
            "  --no-auth          serve every route without a token [WFM_AUTH=off]; for local\n"
            "                     experiments only (default: bearer tokens required)\n"
            "  --rate-limit N     requests a second per token, 0 = unlimited [WFM_RATE_LIMIT]\n"
            "                     (default 100)\n"
            "  --rate-burst N     requests a token may make at once [WFM_RATE_BURST] (default 200)\n"
            "  --auth-cache-ttl S a verified token is trusted S seconds without asking the\n"
            "                     database, so a revocation takes effect within S\n"
            "                     [WFM_AUTH_CACHE_TTL_S] (default 30)\n"
            "  --max-agents N     roster requests with more agents get 422 [WFM_MAX_AGENTS]\n"
            "                     (default 1000)\n"
            "  --job-threads N    background jobs (rosters, scenarios) run at once by this\n"
            "                     process, 0 = none [WFM_JOB_THREADS] (default 1)\n"
            "  --worker-only      run background jobs only, no HTTP (default 2 job threads)\n"
            "  --job-lease S      a job whose process is silent S seconds is run again\n"
            "                     elsewhere [WFM_JOB_LEASE_S] (default 30)\n"
            "  --replan-interval S re-plan live seat plans at each S-second boundary of the\n"
            "                     clock, 0 = only when actuals arrive [WFM_REPLAN_INTERVAL_S]\n"
            "                     (default 900)\n"
            "  --no-migrate       do not apply schema migrations at start [WFM_MIGRATE=0]\n"
            "  --help             this text\n\n"
            "Each request is logged to stderr as one line; SIGTERM or SIGINT stops\n"
            "accepting connections, lets in-flight requests finish (up to 10 s), exits 0.\n"
            "SIGHUP checks every token again at its next use: a revocation takes effect\n"
            "at once instead of within --auth-cache-ttl.\n");
}

/* Parses text as an unsigned number in [min, max] for the option name;
 * prints the error and returns -1 when it is not one. */
static int parse_unsigned(const char *name, const char *text, unsigned long long min,
                          unsigned long long max, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-' || v < min || v > max) {
        fprintf(stderr, "wfm-server: %s must be a whole number in %llu..%llu, not '%s'\n",
                name, min, max, text);
        return -1;
    }
    *out = v;
    return 0;
}

typedef struct setting {
    const char *flag;
    const char *env;
    const char *value; /* from the flag, else the environment, else NULL */
} setting;

enum { PORT, BIND, DATABASE_URL, THREADS, MAX_BODY, JOB_THREADS, JOB_LEASE, REPLAN_INTERVAL,
       MAX_IMPORT_BODY, RATE_LIMIT, RATE_BURST, AUTH_CACHE_TTL, MAX_AGENTS, N_SETTINGS };

static int migrate_at_start = 1;
static int worker_only = 0;
static int auth_off = 0;

/* Fills settings from argv, then from the environment where no flag was
 * given. Returns 0, 1 after --help, or 2 on bad usage. */
static int read_settings(int argc, char **argv, setting *settings)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            print_help(stdout);
            return 1;
        }
        if (!strcmp(argv[i], "--no-migrate")) {
            migrate_at_start = 0;
            continue;
        }
        if (!strcmp(argv[i], "--worker-only")) {
            worker_only = 1;
            continue;
        }
        if (!strcmp(argv[i], "--no-auth")) {
            auth_off = 1;
            continue;
        }
        int known = 0;
        for (int s = 0; s < N_SETTINGS; s++) {
            size_t len = strlen(settings[s].flag);
            if (strncmp(argv[i], settings[s].flag, len))
                continue;
            if (argv[i][len] == '=') {
                settings[s].value = argv[i] + len + 1;
            } else if (argv[i][len] == '\0' && i + 1 < argc) {
                settings[s].value = argv[++i];
            } else if (argv[i][len] == '\0') {
                fprintf(stderr, "wfm-server: %s needs a value\n", settings[s].flag);
                return 2;
            } else {
                continue;
            }
            known = 1;
            break;
        }
        if (!known) {
            fprintf(stderr, "wfm-server: unknown option '%s' (see --help)\n", argv[i]);
            return 2;
        }
    }
    for (int s = 0; s < N_SETTINGS; s++)
        if (!settings[s].value)
            settings[s].value = getenv(settings[s].env);
    const char *migrate = getenv("WFM_MIGRATE");
    if (migrate && !strcmp(migrate, "0"))
        migrate_at_start = 0;
    const char *auth = getenv("WFM_AUTH");
    if (auth && (!strcmp(auth, "off") || !strcmp(auth, "0")))
        auth_off = 1;
    return 0;
}

static int apply_settings(const setting *settings, wfm_server_opts *o, wfm_worker_opts *jobs)
{
    unsigned long long v;
    jobs->concurrency = worker_only ? 2 : 1;
    if (settings[JOB_THREADS].value) {
        if (parse_unsigned(settings[JOB_THREADS].flag, settings[JOB_THREADS].value,
                           worker_only ? 1 : 0, 64, &v))
            return -1;
        jobs->concurrency = (int)v;
    }
    if (settings[JOB_LEASE].value) {
        if (parse_unsigned(settings[JOB_LEASE].flag, settings[JOB_LEASE].value, 1, 86400, &v))
            return -1;
        jobs->lease_s = (double)v;
    }
    if (settings[PORT].value) {
        if (parse_unsigned(settings[PORT].flag, settings[PORT].value, 0, 65535, &v))
            return -1;
        o->port = (unsigned)v;
    }
    if (settings[THREADS].value) {
        if (parse_unsigned(settings[THREADS].flag, settings[THREADS].value, 1, 256, &v))
            return -1;
        o->threads = (unsigned)v;
    }
    if (settings[MAX_BODY].value) {
        if (parse_unsigned(settings[MAX_BODY].flag, settings[MAX_BODY].value, 1,
                           1ull << 30, &v))
            return -1;
        o->max_body_bytes = (size_t)v;
    }
    if (settings[REPLAN_INTERVAL].value) {
        if (parse_unsigned(settings[REPLAN_INTERVAL].flag, settings[REPLAN_INTERVAL].value, 0,
                           86400, &v))
            return -1;
        o->replan_interval_s = (unsigned)v;
    }
    if (settings[MAX_IMPORT_BODY].value) {
        if (parse_unsigned(settings[MAX_IMPORT_BODY].flag, settings[MAX_IMPORT_BODY].value, 1,
                           1ull << 31, &v))
            return -1;
        o->max_import_bytes = (size_t)v;
    }
    if (settings[RATE_LIMIT].value) {
        if (parse_unsigned(settings[RATE_LIMIT].flag, settings[RATE_LIMIT].value, 0, 1000000, &v))
            return -1;
        o->auth_opts.rate_per_s = (double)v;
    }
    if (settings[RATE_BURST].value) {
        if (parse_unsigned(settings[RATE_BURST].flag, settings[RATE_BURST].value, 1, 1000000, &v))
            return -1;
        o->auth_opts.burst = (double)v;
    }
    if (settings[AUTH_CACHE_TTL].value) {
        if (parse_unsigned(settings[AUTH_CACHE_TTL].flag, settings[AUTH_CACHE_TTL].value, 0, 3600,
                           &v))
            return -1;
        o->auth_opts.cache_ttl_s = (double)v;
    }
    if (settings[MAX_AGENTS].value) {
        if (parse_unsigned(settings[MAX_AGENTS].flag, settings[MAX_AGENTS].value, 1, 100000, &v))
            return -1;
        o->max_agents = (int)v;
    }
    o->auth = !auth_off;
    o->bind_address = settings[BIND].value;
    o->database_url = settings[DATABASE_URL].value;
    jobs->database_url = o->database_url;
    return 0;
}

/* Brings the schema up to this binary's migrations. An unreachable
 * database is not fatal: the server starts degraded (health 503) and
 * `wfm migrate` can be run once the database is back. A migration that
 * fails is fatal: the server would run against a schema it does not know.
 * Returns 0, or -1 after printing why. */
static int migrate_schema(const char *url)
{
    PGconn *db = PQconnectdb(url);
    if (PQstatus(db) != CONNECTION_OK) {
        fprintf(stderr, "wfm-server: database unreachable, migrations not applied: %s",
                PQerrorMessage(db));
        PQfinish(db);
        return 0;
    }
    wfm_error err;
    wfm_error_clear(&err);
    int applied = 0;
    wfm_status st = wfm_migrate_apply(db, &applied, &err);
    PQfinish(db);
    if (st != WFM_OK) {
        fprintf(stderr, "wfm-server: migration failed: %s\n", err.message);
        return -1;
    }
    fprintf(stderr, "wfm-server: schema up to date (%d migration(s) applied now)\n", applied);
    return 0;
}

int main(int argc, char **argv)
{
    setting settings[N_SETTINGS] = {
        [PORT] = {"--port", "WFM_PORT", NULL},
        [BIND] = {"--bind", "WFM_BIND", NULL},
        [DATABASE_URL] = {"--database-url", "WFM_DATABASE_URL", NULL},
        [THREADS] = {"--threads", "WFM_THREADS", NULL},
        [MAX_BODY] = {"--max-body", "WFM_MAX_BODY", NULL},
        [JOB_THREADS] = {"--job-threads", "WFM_JOB_THREADS", NULL},
        [JOB_LEASE] = {"--job-lease", "WFM_JOB_LEASE_S", NULL},
        [REPLAN_INTERVAL] = {"--replan-interval", "WFM_REPLAN_INTERVAL_S", NULL},
        [MAX_IMPORT_BODY] = {"--max-import-body", "WFM_MAX_IMPORT_BODY", NULL},
        [RATE_LIMIT] = {"--rate-limit", "WFM_RATE_LIMIT", NULL},
        [RATE_BURST] = {"--rate-burst", "WFM_RATE_BURST", NULL},
        [AUTH_CACHE_TTL] = {"--auth-cache-ttl", "WFM_AUTH_CACHE_TTL_S", NULL},
        [MAX_AGENTS] = {"--max-agents", "WFM_MAX_AGENTS", NULL},
    };
    int usage = read_settings(argc, argv, settings);
    if (usage)
        return usage == 1 ? 0 : 2;
    wfm_server_opts opts;
    wfm_server_opts_init(&opts);
    wfm_worker_opts job_opts;
    wfm_worker_opts_init(&job_opts);
    if (apply_settings(settings, &opts, &job_opts))
        return 2;

    /* Blocked before any thread exists, so every worker inherits the mask
     * and the signals wait for sigwait() below. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (migrate_at_start && opts.database_url && migrate_schema(opts.database_url))
        return 1;

    wfm_error err;
    wfm_error_clear(&err);
    wfm_server *srv = worker_only ? NULL : wfm_server_start(&opts, &err);
    if (!worker_only && !srv) {
        fprintf(stderr, "wfm-server: %s\n", err.message);
        return err.status == WFM_EINVAL ? 2 : 1;
    }
    /* Background jobs run on their own threads and connections (data/wfm_worker.h). */
    wfm_worker_handle *jobs = NULL;
    if (job_opts.concurrency > 0) {
        if (!(jobs = wfm_worker_start(&job_opts, &err))) {
            fprintf(stderr, "wfm-server: jobs: %s\n", err.message);
            wfm_server_stop(srv);
            return err.status == WFM_EINVAL ? 2 : 1;
        }
    }
    if (srv && auth_off)
        fprintf(stderr,
                "wfm-server: ************************************************************\n"
                "wfm-server: WARNING: AUTHENTICATION IS OFF (--no-auth / WFM_AUTH=off).\n"
                "wfm-server: Anyone who reaches port %u can read and change every\n"
                "wfm-server: center's data. For tests and local experiments only.\n"
                "wfm-server: ************************************************************\n",
                wfm_server_port(srv));
    if (srv)
        fprintf(stderr, "wfm-server %s: listening on port %u with %u threads, %d job thread(s)\n",
                WFM_VERSION, wfm_server_port(srv), wfm_server_options(srv)->threads,
                job_opts.concurrency);

    int sig = 0;
    while (sigwait(&stop_signals, &sig) == 0 && sig == SIGHUP) {
        if (srv && wfm_server_auth(srv))
            wfm_auth_expire_all(wfm_server_auth(srv));
        fprintf(stderr, "wfm-server: SIGHUP: every token is checked again at its next use\n");
    }
    fprintf(stderr, "wfm-server: %s: finishing %u in-flight request(s)%s\n",
            sig == SIGTERM ? "SIGTERM" : "SIGINT", srv ? wfm_server_in_flight(srv) : 0,
            jobs ? "; running jobs go back to the queue" : "");
    wfm_worker_stop(jobs);
    wfm_server_stop(srv);
    fprintf(stderr, "wfm-server: stopped\n");
    return 0;
}
