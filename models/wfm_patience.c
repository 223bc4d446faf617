/* wfm_patience: pooled, shrunk patience estimate (see wfm_patience.h). */
#include "models/wfm_patience.h"

#include <math.h>
#include <stdio.h>

void wfm_patience_opts_init(wfm_patience_opts *opts)
{
    opts->prior_patience_s = 120;
    opts->prior_abandons = 10;
}

static wfm_status check_nonnegative(const double *values, size_t i, const char *name,
                                    wfm_error *err)
{
    if (isfinite(values[i]) && values[i] >= 0)
        return WFM_OK;
    char field[64];
    snprintf(field, sizeof field, "%s[%zu]", name, i);
    return wfm_error_set(err, WFM_EINVAL, field, "%s must be a finite number >= 0 (%g)", field,
                         values[i]);
}

wfm_status wfm_patience_estimate_pooled(const double *abandoned, const double *wait_time_s,
                                        size_t count, const wfm_patience_opts *opts,
                                        wfm_patience_estimate *out, wfm_error *err)
{
    if (!(opts->prior_patience_s > 0 && isfinite(opts->prior_patience_s)))
        return wfm_error_set(err, WFM_EINVAL, "prior_patience_s",
                             "prior_patience_s must be > 0 (%g)", opts->prior_patience_s);
    if (!(opts->prior_abandons >= 0 && isfinite(opts->prior_abandons)))
        return wfm_error_set(err, WFM_EINVAL, "prior_abandons", "prior_abandons must be >= 0 (%g)",
                             opts->prior_abandons);
    double total_abandoned = 0, total_wait = 0;
    for (size_t i = 0; i < count; i++) {
        wfm_status st;
        if ((st = check_nonnegative(abandoned, i, "abandoned", err)) ||
            (st = check_nonnegative(wait_time_s, i, "wait_time_s", err)))
            return st;
        total_abandoned += abandoned[i];
        total_wait += wait_time_s[i];
    }
    double k0 = opts->prior_abandons;
    if (total_abandoned + k0 == 0)
        return wfm_error_set(err, WFM_EINVAL, "abandoned",
                             "no abandons and no prior weight: patience cannot be estimated");
    out->abandoned = total_abandoned;
    out->wait_time_s = total_wait;
    out->theta_per_s = (total_abandoned + k0) / (total_wait + k0 * opts->prior_patience_s);
    out->patience_s = 1.0 / out->theta_per_s;
    out->prior_weight = k0 / (total_abandoned + k0);
    return WFM_OK;
}
