/* wfm_job_kind: the table of job kinds, the progress/stop context of a
 * running job, and the built-in "sleep" kind (see wfm_job_kind.h). */
#include "data/wfm_job_kind.h"

#include "core/wfm_clock.h"
#include "data/wfm_roster_job.h"
#include "data/wfm_scenario_job.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Register a kind: one row here. */
const wfm_job_kind wfm_job_kinds[] = {
    {"sleep", "diagnostic: sleeps {\"seconds\"} in 100 ms steps, reporting progress",
     wfm_job_run_sleep},
    {"roster", "builds a center's roster with the optimizer and stores it as a draft",
     wfm_job_run_roster},
    {"scenario", "runs a what-if scenario (forecast, requirements, roster) and stores its result",
     wfm_job_run_scenario},
    {NULL, NULL, NULL}
};

struct wfm_job_ctx {
    PGconn *db;
    long long job_id;
    char center_id[WFM_JOB_NAME_MAX];
    atomic_int stop;            /* wfm_job_stop */
    pthread_mutex_t lock;       /* guards what follows */
    int reported;               /* something new since the last take_report */
    char phase[64];
    double percent;
    json_t *detail;
};

const wfm_job_kind *wfm_job_kind_find(const wfm_job_kind *table, const char *name)
{
    for (const wfm_job_kind *k = table; name && k->name; k++)
        if (!strcmp(k->name, name))
            return k;
    return NULL;
}

wfm_job_ctx *wfm_job_ctx_create(PGconn *db, const wfm_job_lease *lease)
{
    wfm_job_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    ctx->db = db;
    if (lease) {
        ctx->job_id = lease->id;
        memcpy(ctx->center_id, lease->center_id, sizeof ctx->center_id);
    }
    atomic_init(&ctx->stop, WFM_JOB_GO_ON);
    pthread_mutex_init(&ctx->lock, NULL);
    return ctx;
}

void wfm_job_ctx_free(wfm_job_ctx *ctx)
{
    if (!ctx)
        return;
    json_decref(ctx->detail);
    pthread_mutex_destroy(&ctx->lock);
    free(ctx);
}

void wfm_job_ctx_stop(wfm_job_ctx *ctx, wfm_job_stop reason)
{
    int expected = WFM_JOB_GO_ON;
    atomic_compare_exchange_strong(&ctx->stop, &expected, (int)reason);
}

wfm_job_stop wfm_job_should_stop(const wfm_job_ctx *ctx)
{
    return (wfm_job_stop)atomic_load(&((wfm_job_ctx *)ctx)->stop);
}

wfm_job_stop wfm_job_progress(wfm_job_ctx *ctx, const char *phase, double percent,
                              json_t *detail)
{
    pthread_mutex_lock(&ctx->lock);
    if (phase)
        strncpy(ctx->phase, phase, sizeof ctx->phase - 1);
    ctx->percent = percent < 0 ? 0 : percent > 100 ? 100 : percent;
    if (detail) {
        json_decref(ctx->detail);
        ctx->detail = detail;
    }
    ctx->reported = 1;
    pthread_mutex_unlock(&ctx->lock);
    return wfm_job_should_stop(ctx);
}

int wfm_job_ctx_take_report(wfm_job_ctx *ctx, char *phase, size_t phase_size,
                            double *percent, json_t **detail)
{
    pthread_mutex_lock(&ctx->lock);
    int fresh = ctx->reported;
    if (fresh) {
        strncpy(phase, ctx->phase, phase_size - 1);
        phase[phase_size - 1] = '\0';
        *percent = ctx->percent;
        *detail = json_incref(ctx->detail);
        ctx->reported = 0;
    }
    pthread_mutex_unlock(&ctx->lock);
    return fresh;
}

wfm_status wfm_job_stopped(const wfm_job_ctx *ctx, wfm_error *err)
{
    static const char *const why[] = {"not asked to stop", "cancelled",
                                      "its worker is shutting down",
                                      "taken over by another worker"};
    wfm_job_stop reason = wfm_job_should_stop(ctx);
    return wfm_error_set(err, WFM_ECONFLICT, NULL, "job %lld stopped: %s", ctx->job_id,
                         why[reason <= WFM_JOB_STOP_LOST ? reason : 0]);
}

PGconn *wfm_job_ctx_db(const wfm_job_ctx *ctx)
{
    return ctx->db;
}

long long wfm_job_ctx_job_id(const wfm_job_ctx *ctx)
{
    return ctx->job_id;
}

const char *wfm_job_ctx_center_id(const wfm_job_ctx *ctx)
{
    return ctx->center_id;
}

#define SLEEP_STEP_S 0.1

wfm_status wfm_job_run_sleep(const json_t *params, wfm_job_ctx *ctx, json_t **result,
                             wfm_error *err)
{
    const json_t *given = json_object_get(params, "seconds");
    double seconds = given ? json_number_value(given) : 1.0;
    if ((given && !json_is_number(given)) || !(seconds >= 0 && seconds <= 3600))
        return wfm_error_set(err, WFM_EINVAL, "seconds",
                             "seconds must be a number in 0..3600 (%s)",
                             given && json_is_number(given) ? "out of range" : "not a number");
    double elapsed = 0;
    while (elapsed < seconds) {
        double percent = 100.0 * elapsed / seconds;
        if (wfm_job_progress(ctx, "sleeping", percent, json_pack("{s:f}", "elapsed_s", elapsed)))
            return wfm_job_stopped(ctx, err);
        double step = seconds - elapsed < SLEEP_STEP_S ? seconds - elapsed : SLEEP_STEP_S;
        wfm_clock_sleep_s(step);
        elapsed += step;
    }
    *result = json_pack("{s:f}", "slept_s", seconds);
    return WFM_OK;
}
