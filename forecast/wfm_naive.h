/* wfm_naive: the seasonal naive forecast (same interval last week), the
 * baseline every other model must beat, and the scale MASE divides by.
 *
 * "Same interval" means the same (weekday, wall-clock slot), so a
 * daylight-saving day, whose positions are shifted, still finds the right
 * interval of the previous week. */
#ifndef WFM_NAIVE_H
#define WFM_NAIVE_H

#include "forecast/wfm_series.h"

/* Fills out[0 .. future->n) with, for each future interval, the latest
 * observed offered value of history at the same weekday and slot; where a
 * week slot was never observed, the latest value at the same slot on any
 * day. history and future must have the same interval_s. Returns WFM_EINVAL
 * when history has no observed value. out is caller-owned. */
wfm_status wfm_naive_forecast(const wfm_series *history, const wfm_series *future, double *out,
                              wfm_error *err);

/* The mean absolute one-week-back naive error over history (the MASE
 * denominator of Hyndman & Koehler 2006, with the seasonal period one week).
 * Returns NaN when fewer than two weeks of the same slots are observed. */
double wfm_naive_scale(const wfm_series *history);

#endif
