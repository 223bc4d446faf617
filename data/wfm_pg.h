/* wfm_pg: small shared helpers of the data/ modules that talk to
 * PostgreSQL through libpq. */
#ifndef WFM_PG_H
#define WFM_PG_H

#include <libpq-fe.h>

#include "core/wfm_error.h"

/* Fills err with WFM_EDB, "what: " and the first line of PostgreSQL's
 * message of res (NULL: "no result"), frees res and returns WFM_EDB. */
wfm_status wfm_pg_fail(wfm_error *err, const char *what, PGresult *res);

#endif
