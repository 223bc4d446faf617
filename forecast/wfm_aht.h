/* wfm_aht: handle-time forecast per interval.
 *
 * Handle time moves slowly and is noisy in thin intervals, so the forecast
 * is the contact-weighted mean AHT of the same interval of the week over
 * the last `weeks` weeks (sum aht * offered / sum offered); where that cell
 * is empty, the same slot on any day; then the window's overall mean. */
#ifndef WFM_AHT_H
#define WFM_AHT_H

#include "forecast/wfm_series.h"

/* Fills out[0 .. future->n) (caller-owned) with AHT forecasts in seconds;
 * NaN everywhere when history has no AHT at all in the window. weeks >= 1
 * (WFM_EINVAL otherwise). */
wfm_status wfm_aht_forecast(const wfm_series *history, int weeks, const wfm_series *future,
                            double *out, wfm_error *err);

#endif
