/* wfm_pg: libpq helpers (see wfm_pg.h). */
#include "data/wfm_pg.h"

#include <string.h>

wfm_status wfm_pg_fail(wfm_error *err, const char *what, PGresult *res)
{
    const char *msg = res ? PQresultErrorMessage(res) : "no result";
    wfm_error_set(err, WFM_EDB, NULL, "%s: %.*s", what, (int)strcspn(msg, "\n"), msg);
    PQclear(res);
    return WFM_EDB;
}
