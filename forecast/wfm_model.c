/* wfm_model: dispatch over the point-forecasting models. */
#include "forecast/wfm_model.h"

#include <string.h>

#include "forecast/wfm_naive.h"

static const char *const model_names[WFM_MODEL_COUNT] = {"auto", "naive", "hw", "regression"};

void wfm_model_opts_init(wfm_model_opts *opts)
{
    wfm_hw_opts_init(&opts->hw);
    wfm_regression_opts_init(&opts->regression);
}

const char *wfm_model_name(wfm_model model)
{
    return model >= 0 && model < WFM_MODEL_COUNT ? model_names[model] : "unknown";
}

wfm_status wfm_model_parse(const char *name, wfm_model *model, wfm_error *err)
{
    for (int m = 0; m < WFM_MODEL_COUNT; m++)
        if (name && !strcmp(name, model_names[m])) {
            *model = (wfm_model)m;
            return WFM_OK;
        }
    return wfm_error_set(err, WFM_EINVAL, "model",
                         "model must be auto, naive, hw or regression ('%s')", name ? name : "");
}

static wfm_status predict_hw(const wfm_model_opts *opts, wfm_model_fit *fit,
                             const wfm_series *history, const wfm_series *future, double *out,
                             wfm_error *err)
{
    wfm_model_fit local = {0};
    if (!fit)
        fit = &local;
    if (!fit->hw_fitted) {
        wfm_status st = wfm_hw_fit(history, &opts->hw, &fit->hw, err);
        if (st != WFM_OK)
            return st;
        fit->hw_fitted = 1;
    }
    return wfm_hw_forecast(history, &opts->hw, &fit->hw, future, out, err);
}

wfm_status wfm_model_predict(wfm_model model, const wfm_model_opts *opts, wfm_model_fit *fit,
                             const wfm_series *history, const wfm_series *future, double *out,
                             wfm_error *err)
{
    switch (model) {
    case WFM_MODEL_NAIVE:
        return wfm_naive_forecast(history, future, out, err);
    case WFM_MODEL_HW:
        return predict_hw(opts, fit, history, future, out, err);
    case WFM_MODEL_REGRESSION:
        return wfm_regression_forecast(history, &opts->regression, future, out, err);
    default:
        return wfm_error_set(err, WFM_EINVAL, "model", "model '%s' cannot forecast by itself",
                             wfm_model_name(model));
    }
}
