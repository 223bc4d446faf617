/* wfm_patience: pooled, shrunk patience estimate (see wfm_patience.h). */
#include "models/wfm_patience.h"

#include "models/wfm_check.h"

void wfm_patience_opts_init(wfm_patience_opts *opts)
{
    opts->prior_patience_s = 120;
    opts->prior_abandons = 10;
}

wfm_status wfm_patience_estimate_pooled(const double *abandoned, const double *wait_time_s,
                                        size_t count, const wfm_patience_opts *opts,
                                        wfm_patience_estimate *out, wfm_error *err)
{
    wfm_status st;
    if ((st = wfm_check_at_least(opts->prior_patience_s, 0, false, "prior_patience_s", err)) ||
        (st = wfm_check_at_least(opts->prior_abandons, 0, true, "prior_abandons", err)) ||
        (st = wfm_check_nonnegative_array(abandoned, count, "abandoned", err)) ||
        (st = wfm_check_nonnegative_array(wait_time_s, count, "wait_time_s", err)))
        return st;
    double total_abandoned = 0, total_wait = 0;
    for (size_t i = 0; i < count; i++) {
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
