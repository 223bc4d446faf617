/* wfm_sample_load: puts the demo hotline into a database: the center
 * (Asia/Shanghai, 15-minute intervals) and its five queues when absent, then
 * the generated history through the ordinary import, then its agents and
 * shift templates when it has none (so loading twice with the same options
 * changes nothing). Used by `wfm sample load` and by
 * `make run`. */
#ifndef WFM_SAMPLE_LOAD_H
#define WFM_SAMPLE_LOAD_H

#include <stddef.h>
#include <libpq-fe.h>

#include "core/wfm_error.h"
#include "data/wfm_history_store.h"
#include "data/wfm_sample.h"

/* Creates center_id and its queues if absent (existing ones are left as
 * they are). WFM_EDB on failure. */
wfm_status wfm_sample_center_ensure(PGconn *db, const char *center_id, wfm_error *err);

/* Stores the demo workforce (data/wfm_sample_staff.h) in center_id: its
 * agents when the center has no active agent, its shift templates when it
 * has none, in one transaction (db must not be inside one). A center whose
 * staff someone stored or edited keeps it, so loading twice changes
 * nothing. *agents_added and *templates_added (may be NULL) receive how
 * many were stored. WFM_ENOTFOUND for an unknown center, WFM_EDB. */
wfm_status wfm_sample_staff_load(PGconn *db, const char *center_id, int *agents_added,
                                 int *templates_added, wfm_error *err);

/* Ensures the center, generates the history of opts with China's holiday
 * calendar and imports it, then its staff (wfm_sample_staff_load). *n_rows (when not NULL) receives the number of
 * rows generated; counts (may be NULL) what the import did. */
wfm_status wfm_sample_load(PGconn *db, const char *center_id, const wfm_sample_opts *opts,
                           size_t *n_rows, wfm_history_import_counts *counts, wfm_error *err);

#endif
