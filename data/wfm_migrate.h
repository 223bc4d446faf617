/* wfm_migrate: the database schema, as numbered SQL migrations.
 *
 * The files data/migrations/NNN_name.sql are embedded into the library at
 * build time (scripts/embed_migrations.sh), so a binary always carries the
 * schema it was written for. They are applied in order, each in its own
 * transaction and recorded in the table schema_migrations; applying twice is
 * a no-op, and a migration that fails leaves the database as it was before
 * that migration. Concurrent migrators (two servers starting at once) are
 * serialized by an advisory lock. */
#ifndef WFM_MIGRATE_H
#define WFM_MIGRATE_H

#include <stddef.h>
#include <libpq-fe.h>

#include "core/wfm_error.h"

typedef struct wfm_migration {
    int version;       /* NNN of the file name */
    const char *name;  /* file name without .sql */
    const char *sql;   /* the file's text */
} wfm_migration;

/* The embedded migrations, in ascending version order (static storage). */
const wfm_migration *wfm_migrations(size_t *count);

/* Applies every embedded migration not yet recorded in db. When applied is
 * not NULL it receives how many were applied now. On failure returns WFM_EDB
 * with the migration's name and PostgreSQL's message in err; the failed
 * migration is rolled back, the ones before it stay applied. */
wfm_status wfm_migrate_apply(PGconn *db, int *applied, wfm_error *err);

#endif
