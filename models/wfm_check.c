/* wfm_check: shared input checks (see wfm_check.h). */
#include "models/wfm_check.h"

#include <math.h>
#include <stdio.h>

wfm_status wfm_check_at_least(double v, double min, bool min_inclusive, const char *field,
                              wfm_error *err)
{
    if (!isfinite(v))
        return wfm_error_set(err, WFM_EINVAL, field, "%s must be a finite number (%g)", field, v);
    if (min_inclusive ? v < min : v <= min)
        return wfm_error_set(err, WFM_EINVAL, field, "%s must be %s %g (%g)", field,
                             min_inclusive ? ">=" : ">", min, v);
    return WFM_OK;
}

wfm_status wfm_check_nonnegative_array(const double *values, size_t count, const char *name,
                                       wfm_error *err)
{
    for (size_t i = 0; i < count; i++)
        if (!(isfinite(values[i]) && values[i] >= 0)) {
            char field[64];
            snprintf(field, sizeof field, "%s[%zu]", name, i);
            return wfm_error_set(err, WFM_EINVAL, field, "%s must be a finite number >= 0 (%g)",
                                 field, values[i]);
        }
    return WFM_OK;
}
