/* wfm_forecast_input: what a forecast of one stored queue needs, read from
 * PostgreSQL in one go: the center's zone and calendar settings, the
 * queue's whole history, and a version of that history for caches. */
#ifndef WFM_FORECAST_INPUT_H
#define WFM_FORECAST_INPUT_H

#include <libpq-fe.h>

#include "core/wfm_error.h"
#include "data/wfm_calendar_store.h"
#include "data/wfm_history.h"

typedef struct wfm_forecast_input {
    wfm_center_calendar center; /* zone, calendar kind, custom entries */
    wfm_history_set history;    /* the queue's rows by interval_start */
    int64_t n_rows;             /* stored rows of the queue */
    int64_t last_start;         /* start of its latest interval (UTC) */
    int32_t last_interval_s;    /* and that interval's length; 0 without rows */
    char version[96];           /* changes whenever the history does: row
                                   count, latest interval, latest import time
                                   (unchanged re-imports leave it alone) */
} wfm_forecast_input;

/* Reads the center's calendar settings, checks that queue is one of its
 * queues and reads the history's version; with rows != 0 also the history
 * (all in one snapshot). Caller
 * frees *in with wfm_forecast_input_free (also on failure). WFM_ENOTFOUND
 * (field "center" or "queue") for an unknown center or queue, WFM_EDB. */
wfm_status wfm_forecast_input_load(PGconn *db, const char *center_id, const char *queue, int rows,
                                   wfm_forecast_input *in, wfm_error *err);

void wfm_forecast_input_free(wfm_forecast_input *in);

#endif
