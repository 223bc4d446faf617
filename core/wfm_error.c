/* wfm_error: filling and naming error records (see wfm_error.h). */
#include "core/wfm_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void wfm_error_clear(wfm_error *err)
{
    if (!err)
        return;
    err->status = WFM_OK;
    err->field[0] = '\0';
    err->message[0] = '\0';
}

wfm_status wfm_error_set(wfm_error *err, wfm_status status, const char *field,
                         const char *fmt, ...)
{
    if (!err)
        return status;
    err->status = status;
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

const char *wfm_status_name(wfm_status status)
{
    switch (status) {
    case WFM_OK: return "ok";
    case WFM_EINVAL: return "invalid_argument";
    case WFM_ENOTFOUND: return "not_found";
    case WFM_ECONFLICT: return "conflict";
    case WFM_ELIMIT: return "limit_exceeded";
    case WFM_EINFEASIBLE: return "infeasible";
    case WFM_ENOMEM: return "out_of_memory";
    case WFM_EIO: return "io_error";
    case WFM_EDB: return "database_unavailable";
    case WFM_EINTERNAL: return "internal";
    case WFM_ECANCELLED: return "cancelled";
    case WFM_ETOOBIG: return "over_limit";
    }
    return "internal";
}
