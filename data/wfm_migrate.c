/* wfm_migrate: applying the embedded schema migrations (see wfm_migrate.h). */
#include "data/wfm_migrate.h"

#include <stdlib.h>
#include <string.h>

/* Any constant shared by every hotline-wfm process; serializes migrators. */
#define WFM_MIGRATE_LOCK_KEY 0x77666d6d /* "wfmm" */

static wfm_status fail(wfm_error *err, const char *what, PGresult *res, PGconn *db)
{
    const char *pg = res ? PQresultErrorMessage(res) : PQerrorMessage(db);
    wfm_error_set(err, WFM_EDB, NULL, "%s: %.*s", what,
                  (int)strcspn(pg, "\n"), pg);
    if (res)
        PQclear(res);
    return WFM_EDB;
}

static wfm_status exec_ok(PGconn *db, const char *sql, const char *what, wfm_error *err)
{
    PGresult *res = PQexec(db, sql);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        return fail(err, what, res, db);
    PQclear(res);
    return WFM_OK;
}

static int is_applied(PGconn *db, int version, wfm_error *err)
{
    char v[16];
    snprintf(v, sizeof v, "%d", version);
    const char *params[1] = {v};
    PGresult *res = PQexecParams(db, "SELECT 1 FROM schema_migrations WHERE version = $1",
                                 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fail(err, "reading schema_migrations", res, db);
        return -1;
    }
    int applied = PQntuples(res) > 0;
    PQclear(res);
    return applied;
}

static wfm_status apply_one(PGconn *db, const wfm_migration *m, wfm_error *err)
{
    char what[160];
    snprintf(what, sizeof what, "migration %s", m->name);
    if (exec_ok(db, "BEGIN", what, err))
        return WFM_EDB;
    PGresult *res = PQexec(db, m->sql);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        fail(err, what, res, db);
        PQclear(PQexec(db, "ROLLBACK"));
        return WFM_EDB;
    }
    PQclear(res);
    char v[16];
    snprintf(v, sizeof v, "%d", m->version);
    const char *params[2] = {v, m->name};
    res = PQexecParams(db, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                       2, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        fail(err, what, res, db);
        PQclear(PQexec(db, "ROLLBACK"));
        return WFM_EDB;
    }
    PQclear(res);
    return exec_ok(db, "COMMIT", what, err);
}

wfm_status wfm_migrate_apply(PGconn *db, int *applied, wfm_error *err)
{
    if (applied)
        *applied = 0;
    if (!db || PQstatus(db) != CONNECTION_OK)
        return wfm_error_set(err, WFM_EDB, NULL, "migrations: no database connection%s%s",
                             db ? ": " : "", db ? PQerrorMessage(db) : "");
    char lock[96];
    snprintf(lock, sizeof lock, "SELECT pg_advisory_lock(%d)", WFM_MIGRATE_LOCK_KEY);
    if (exec_ok(db, lock, "taking the migration lock", err))
        return WFM_EDB;
    /* A DO block rather than IF NOT EXISTS, which would log a NOTICE at
     * every start of every process. */
    wfm_status st = exec_ok(db,
        "DO $$ BEGIN IF to_regclass('schema_migrations') IS NULL THEN"
        " CREATE TABLE schema_migrations ("
        " version integer PRIMARY KEY, name text NOT NULL,"
        " applied_at timestamptz NOT NULL DEFAULT now()); END IF; END $$",
        "creating schema_migrations", err);
    size_t count = 0;
    const wfm_migration *all = wfm_migrations(&count);
    for (size_t i = 0; st == WFM_OK && i < count; i++) {
        int done = is_applied(db, all[i].version, err);
        if (done < 0)
            st = WFM_EDB;
        else if (!done && (st = apply_one(db, &all[i], err)) == WFM_OK && applied)
            (*applied)++;
    }
    snprintf(lock, sizeof lock, "SELECT pg_advisory_unlock(%d)", WFM_MIGRATE_LOCK_KEY);
    PQclear(PQexec(db, lock));
    return st;
}
