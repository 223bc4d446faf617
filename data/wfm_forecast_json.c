/* wfm_forecast_json: backtest report as JSON (see wfm_forecast_json.h). */
#include "data/wfm_forecast_json.h"

#include <math.h>

json_t *wfm_json_number_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

json_t *wfm_forecast_report_json(const char *queue, const wfm_forecast *f)
{
    const wfm_backtest_report *r = &f->backtest;
    json_t *models = json_array();
    for (int k = 0; k < r->n_scores; k++) {
        const wfm_backtest_score *s = &r->scores[k];
        json_array_append_new(models, json_pack("{s:s, s:i, s:I, s:o, s:o, s:o, s:o}",
                                                "model", wfm_model_name(s->model),
                                                "origins", s->origins, "points", (json_int_t)s->points,
                                                "wape", wfm_json_number_or_null(s->wape),
                                                "mase", wfm_json_number_or_null(s->mase),
                                                "coverage80", wfm_json_number_or_null(s->coverage80),
                                                "coverage95", wfm_json_number_or_null(s->coverage95)));
    }
    return json_pack("{s:s, s:s, s:i, s:o}", "queue", queue, "chosen", wfm_model_name(f->model),
                     "horizon_days", r->horizon_days, "models", models);
}
