/* wfm_history_store: history import by COPY + merge, and read-back (see
 * wfm_history_store.h). */
#include "data/wfm_history_store.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fills err from a failed result (first line of PostgreSQL's message) and
 * frees the result. */
static wfm_status db_fail(wfm_error *err, const char *what, PGresult *res)
{
    const char *msg = res ? PQresultErrorMessage(res) : "no result";
    wfm_error_set(err, WFM_EDB, NULL, "%s: %.*s", what, (int)strcspn(msg, "\n"), msg);
    PQclear(res);
    return WFM_EDB;
}

static wfm_status exec_ok(PGconn *db, const char *sql, wfm_error *err)
{
    PGresult *res = PQexec(db, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        return db_fail(err, sql, res);
    PQclear(res);
    return WFM_OK;
}

/* The center's time zone and queue ids (malloc'd array of malloc'd
 * strings, freed by free_queues). */
typedef struct center_info {
    char time_zone[64];
    char **queues;
    size_t n_queues;
} center_info;

static void free_center(center_info *c)
{
    for (size_t i = 0; i < c->n_queues; i++)
        free(c->queues[i]);
    free(c->queues);
}

static wfm_status load_center(PGconn *db, const char *center_id, center_info *c, wfm_error *err)
{
    memset(c, 0, sizeof *c);
    const char *params[1] = {center_id};
    PGresult *res = PQexecParams(db, "SELECT time_zone FROM center WHERE id = $1 FOR KEY SHARE", 1, NULL,
                                 params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return db_fail(err, "reading the center", res);
    if (PQntuples(res) == 0) {
        PQclear(res);
        return wfm_error_set(err, WFM_ENOTFOUND, "center", "no center '%s'", center_id);
    }
    snprintf(c->time_zone, sizeof c->time_zone, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    res = PQexecParams(db, "SELECT id FROM queue WHERE center_id = $1 ORDER BY id FOR KEY SHARE", 1, NULL,
                       params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return db_fail(err, "reading the center's queues", res);
    size_t n = (size_t)PQntuples(res);
    c->queues = calloc(n ? n : 1, sizeof *c->queues);
    for (size_t i = 0; c->queues && i < n; i++)
        if ((c->queues[i] = strdup(PQgetvalue(res, (int)i, 0))))
            c->n_queues++;
    PQclear(res);
    if (!c->queues || c->n_queues != n)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory reading queues");
    return WFM_OK;
}

/* Streams the rows in COPY text format, in 256 KB chunks. */
static wfm_status copy_rows(PGconn *db, const wfm_history_row *rows, size_t n, wfm_error *err)
{
    PGresult *res = PQexec(db, "COPY history_load FROM STDIN");
    if (PQresultStatus(res) != PGRES_COPY_IN)
        return db_fail(err, "starting COPY", res);
    PQclear(res);
    enum { CHUNK = 1 << 18 };
    char *buf = malloc(CHUNK);
    size_t used = 0;
    bool out_of_memory = buf == NULL;
    bool ok = !out_of_memory;
    for (size_t i = 0; ok && i < n; i++) {
        const wfm_history_row *r = &rows[i];
        /* %.17g round-trips a double exactly, so unchanged rows compare equal. */
        used += (size_t)snprintf(buf + used, CHUNK - used, "%s\t%lld\t%d\t%lld\t%lld\t%lld\t%.17g\t%.17g\n",
                                 r->queue, (long long)r->interval_start, (int)r->interval_s,
                                 (long long)r->offered, (long long)r->answered,
                                 (long long)r->abandoned, r->handle_time_s, r->wait_time_s);
        if (used > CHUNK - 512 || i + 1 == n) {
            ok = PQputCopyData(db, buf, (int)used) == 1;
            used = 0;
        }
    }
    free(buf);
    if (PQputCopyEnd(db, ok ? NULL : "client failed") != 1 || !ok) {
        while ((res = PQgetResult(db)))
            PQclear(res);
        return wfm_error_set(err, out_of_memory ? WFM_ENOMEM : WFM_EDB, NULL, "COPY of history failed: %s",
                             PQerrorMessage(db));
    }
    res = PQgetResult(db);
    wfm_status st = PQresultStatus(res) == PGRES_COMMAND_OK ? WFM_OK : db_fail(err, "COPY", res);
    if (st == WFM_OK)
        PQclear(res);
    while ((res = PQgetResult(db)))
        PQclear(res);
    return st;
}

/* The merge, set-based (hash joins instead of a speculative insertion a
 * row, 3-4x faster on a million rows): changed rows are overwritten, then
 * new keys inserted, in key order (appending to the index instead of
 * splitting pages at random). Identical rows match neither statement.
 * Imports into one center are serialized by an advisory lock (taken in
 * load_and_merge), so no concurrent import can insert a key between the two
 * statements, and the insert needs no ON CONFLICT (whose speculative
 * insertion costs as much again). */
static const char update_sql[] =
    "UPDATE history AS h SET interval_s = l.interval_s, offered = l.offered,"
    " answered = l.answered, abandoned = l.abandoned, handle_time_s = l.handle_time_s,"
    " wait_time_s = l.wait_time_s, imported_at = now()"
    " FROM history_load AS l"
    " WHERE h.center_id = $1 AND h.queue_id = l.queue_id"
    " AND h.interval_start = to_timestamp(l.start_s)"
    " AND (h.interval_s, h.offered, h.answered, h.abandoned, h.handle_time_s, h.wait_time_s)"
    "  IS DISTINCT FROM (l.interval_s, l.offered, l.answered, l.abandoned, l.handle_time_s,"
    "  l.wait_time_s)";

static const char insert_sql[] =
    "INSERT INTO history (center_id, queue_id, interval_start, interval_s, offered, answered,"
    " abandoned, handle_time_s, wait_time_s)"
    " SELECT $1, l.queue_id, to_timestamp(l.start_s), l.interval_s, l.offered, l.answered,"
    " l.abandoned, l.handle_time_s, l.wait_time_s FROM history_load AS l"
    " WHERE NOT EXISTS (SELECT 1 FROM history AS h WHERE h.center_id = $1"
    "  AND h.queue_id = l.queue_id AND h.interval_start = to_timestamp(l.start_s))"
    " ORDER BY l.queue_id, l.start_s";

/* Runs a data-modifying statement with the center as $1; *affected gets
 * its row count. */
static wfm_status exec_count(PGconn *db, const char *sql, const char *center_id,
                             size_t *affected, wfm_error *err)
{
    const char *params[1] = {center_id};
    PGresult *res = PQexecParams(db, sql, 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        return db_fail(err, "merging history", res);
    *affected = strtoull(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return WFM_OK;
}

static wfm_status load_and_merge(PGconn *db, const char *center_id, const wfm_history_row *rows,
                                 size_t n, wfm_history_import_counts *counts, wfm_error *err)
{
    const char *params[1] = {center_id};
    PGresult *res = PQexecParams(db, "SELECT pg_advisory_xact_lock(hashtext('wfm_history:' || $1))",
                                 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return db_fail(err, "locking the center's history", res);
    PQclear(res);
    wfm_status st = exec_ok(db,
                            "CREATE TEMP TABLE history_load (queue_id text, start_s bigint,"
                            " interval_s integer, offered integer, answered integer,"
                            " abandoned integer, handle_time_s double precision,"
                            " wait_time_s double precision) ON COMMIT DROP", err);
    if (st == WFM_OK)
        st = copy_rows(db, rows, n, err);
    if (st != WFM_OK)
        return st;
    st = exec_ok(db, "ANALYZE history_load", err);
    if (st == WFM_OK)
        st = exec_count(db, update_sql, center_id, &counts->updated, err);
    if (st == WFM_OK)
        st = exec_count(db, insert_sql, center_id, &counts->inserted, err);
    if (st != WFM_OK)
        return st;
    counts->unchanged = n - counts->inserted - counts->updated;
    return WFM_OK;
}

/* Inside the import's transaction: locks the center and its queues against
 * deletion (what a foreign key would do, see 002_history.sql), checks the
 * rows against them, then loads and merges. */
static wfm_status import_locked(PGconn *db, const char *center_id, const wfm_history_row *rows,
                                size_t n, size_t first_row_number,
                                wfm_history_import_counts *counts, wfm_error *err)
{
    center_info center;
    wfm_status st = load_center(db, center_id, &center, err);
    if (st == WFM_OK) {
        wfm_history_check_opts o;
        wfm_history_check_opts_init(&o);
        o.time_zone = center.time_zone;
        o.queues = (const char *const *)center.queues;
        o.n_queues = center.n_queues;
        o.first_row_number = first_row_number;
        st = wfm_history_validate(rows, n, &o, err);
    }
    free_center(&center);
    if (st == WFM_OK && n > 0)
        st = load_and_merge(db, center_id, rows, n, counts, err);
    return st;
}

wfm_status wfm_history_store_import(PGconn *db, const char *center_id,
                                    const wfm_history_row *rows, size_t n,
                                    size_t first_row_number,
                                    wfm_history_import_counts *counts, wfm_error *err)
{
    wfm_history_import_counts local = {0};
    if (!counts)
        counts = &local;
    memset(counts, 0, sizeof *counts);
    wfm_status st = exec_ok(db, "BEGIN", err);
    if (st != WFM_OK)
        return st;
    st = import_locked(db, center_id, rows, n, first_row_number, counts, err);
    if (st == WFM_OK)
        st = exec_ok(db, "COMMIT", err);
    if (st != WFM_OK) {
        PQclear(PQexec(db, "ROLLBACK"));
        memset(counts, 0, sizeof *counts);
    }
    return st;
}

wfm_status wfm_history_store_read(PGconn *db, const char *center_id, const char *queue,
                                  int64_t from, int64_t to, wfm_history_set *out,
                                  wfm_error *err)
{
    char from_s[24], to_s[24];
    snprintf(from_s, sizeof from_s, "%lld", (long long)from);
    snprintf(to_s, sizeof to_s, "%lld", (long long)to);
    const char *params[4] = {center_id, queue, from_s, to_s};
    PGresult *res = PQexecParams(
        db,
        "SELECT queue_id, extract(epoch FROM interval_start)::bigint, interval_s, offered,"
        " answered, abandoned, handle_time_s, wait_time_s FROM history"
        " WHERE center_id = $1 AND ($2::text IS NULL OR queue_id = $2)"
        " AND interval_start >= to_timestamp($3::bigint) AND interval_start < to_timestamp($4::bigint)"
        " ORDER BY queue_id, interval_start",
        4, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return db_fail(err, "reading history", res);
    for (int i = 0; i < PQntuples(res); i++) {
        wfm_history_row *r = wfm_history_set_push(out);
        if (!r) {
            PQclear(res);
            return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory reading history");
        }
        snprintf(r->queue, sizeof r->queue, "%s", PQgetvalue(res, i, 0));
        r->interval_start = strtoll(PQgetvalue(res, i, 1), NULL, 10);
        r->interval_s = (int32_t)strtol(PQgetvalue(res, i, 2), NULL, 10);
        r->offered = strtoll(PQgetvalue(res, i, 3), NULL, 10);
        r->answered = strtoll(PQgetvalue(res, i, 4), NULL, 10);
        r->abandoned = strtoll(PQgetvalue(res, i, 5), NULL, 10);
        r->handle_time_s = strtod(PQgetvalue(res, i, 6), NULL);
        r->wait_time_s = strtod(PQgetvalue(res, i, 7), NULL);
    }
    PQclear(res);
    return WFM_OK;
}

wfm_status wfm_history_store_count(PGconn *db, const char *center_id, int64_t *count,
                                   wfm_error *err)
{
    const char *params[1] = {center_id};
    PGresult *res = PQexecParams(db, "SELECT count(*) FROM history WHERE center_id = $1", 1, NULL,
                                 params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return db_fail(err, "counting history", res);
    *count = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return WFM_OK;
}
