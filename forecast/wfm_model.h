/* wfm_model: the point-forecasting models behind one call, so the backtest
 * and the forecast treat them alike. */
#ifndef WFM_MODEL_H
#define WFM_MODEL_H

#include "forecast/wfm_hw.h"
#include "forecast/wfm_regression.h"
#include "forecast/wfm_series.h"

typedef enum wfm_model {
    WFM_MODEL_AUTO = 0,     /* pick by rolling-origin backtest (wfm_forecast) */
    WFM_MODEL_NAIVE,        /* seasonal naive, same interval last week */
    WFM_MODEL_HW,           /* double-seasonal Holt-Winters */
    WFM_MODEL_REGRESSION,   /* calendar-effects regression */
    WFM_MODEL_COUNT         /* number of codes; not a model */
} wfm_model;

typedef struct wfm_model_opts {
    wfm_hw_opts hw;
    wfm_regression_opts regression;
} wfm_model_opts;

/* What a model keeps between calls on growing prefixes of one series: the
 * Holt-Winters parameters are fitted on the first call and reused, as a
 * rolling-origin backtest with fixed parameters does. Zero-initialize
 * ({0}) for a fresh fit. */
typedef struct wfm_model_fit {
    int hw_fitted;
    wfm_hw_params hw;
} wfm_model_fit;

void wfm_model_opts_init(wfm_model_opts *opts);

/* "auto", "naive", "hw", "regression"; static storage. */
const char *wfm_model_name(wfm_model model);

/* Parses a name of wfm_model_name into *model; WFM_EINVAL naming the value
 * otherwise. */
wfm_status wfm_model_parse(const char *name, wfm_model *model, wfm_error *err);

/* Point forecasts of future's intervals from history with a concrete model
 * (not AUTO) into out[0 .. future->n) (caller-owned). fit may be NULL (fit
 * afresh, keep nothing). */
wfm_status wfm_model_predict(wfm_model model, const wfm_model_opts *opts, wfm_model_fit *fit,
                             const wfm_series *history, const wfm_series *future, double *out,
                             wfm_error *err);

#endif
