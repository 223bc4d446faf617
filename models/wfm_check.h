/* wfm_check: input checks shared by the models, each filling a wfm_error
 * that names the field and the offending value. */
#ifndef WFM_CHECK_H
#define WFM_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/wfm_error.h"

/* v finite and v >= min (min_inclusive) or v > min; else WFM_EINVAL
 * "field must be > 0 (-3)". */
wfm_status wfm_check_at_least(double v, double min, bool min_inclusive, const char *field,
                              wfm_error *err);

/* Every values[i] finite and >= 0; else WFM_EINVAL naming "name[i]". */
wfm_status wfm_check_nonnegative_array(const double *values, size_t count, const char *name,
                                       wfm_error *err);

#endif
