/* wfm_history_store: interval history in PostgreSQL (table `history`,
 * data/migrations/002_history.sql).
 *
 * An import is one transaction: the center and its queues are locked
 * against deletion (FOR KEY SHARE), the rows validated against them (zone,
 * queues), bulk-loaded with COPY into a temporary table and merged by an
 * UPDATE of changed rows and an INSERT of new ones, under a per-center
 * advisory lock that serializes imports into one center. Either every row
 * lands or none does. Merging is keyed by (center, queue, interval_start):
 *  - a new key is inserted;
 *  - a key whose stored values are identical is left alone (unchanged), so
 *    re-importing a file changes nothing, not even imported_at;
 *  - a key whose values differ is overwritten by the imported row (updated):
 *    the latest export of an interval is taken as the corrected one. */
#ifndef WFM_HISTORY_STORE_H
#define WFM_HISTORY_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "core/wfm_error.h"
#include "data/wfm_history.h"

typedef struct wfm_history_import_counts {
    size_t inserted;
    size_t updated;
    size_t unchanged;
} wfm_history_import_counts;

/* Imports n rows for center_id. first_row_number labels rows[0] in
 * validation messages (WFM_HISTORY_CSV_FIRST_ROW for a CSV file). counts
 * may be NULL. Returns WFM_ENOTFOUND (field "center") for an unknown
 * center, WFM_EINVAL for a bad row (nothing written), WFM_EDB when the
 * database fails (rolled back). db must not be inside a transaction. */
wfm_status wfm_history_store_import(PGconn *db, const char *center_id,
                                    const wfm_history_row *rows, size_t n,
                                    size_t first_row_number,
                                    wfm_history_import_counts *counts, wfm_error *err);

/* Appends to out the rows of center_id with from <= interval_start < to
 * (Unix seconds), of one queue or of all when queue is NULL, ordered by
 * queue then interval_start. out is caller-initialized and caller-freed. */
wfm_status wfm_history_store_read(PGconn *db, const char *center_id, const char *queue,
                                  int64_t from, int64_t to, wfm_history_set *out,
                                  wfm_error *err);

/* How many history rows center_id has (0 for an unknown center). */
wfm_status wfm_history_store_count(PGconn *db, const char *center_id, int64_t *count,
                                   wfm_error *err);

#endif
