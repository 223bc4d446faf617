/* wfm_calendar_store: a center's holiday calendar in PostgreSQL (see
 * wfm_calendar_store.h). */
#include "data/wfm_calendar_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wfm_date.h"
#include "data/wfm_pg.h"

static const char *entry_kind_name(int kind)
{
    return kind == WFM_CAL_WORKDAY ? "workday" : "holiday";
}

static wfm_status read_entries(PGconn *db, const char *center_id, wfm_center_calendar *out,
                               wfm_error *err)
{
    const char *params[1] = {center_id};
    PGresult *res = PQexecParams(db,
                                 "SELECT to_char(day, 'YYYY-MM-DD'), kind, name FROM calendar_entry"
                                 " WHERE center_id = $1 ORDER BY day",
                                 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return wfm_pg_fail(err, "reading the calendar entries", res);
    size_t n = (size_t)PQntuples(res);
    out->entries = calloc(n ? n : 1, sizeof *out->entries);
    if (!out->entries) {
        PQclear(res);
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory reading the calendar");
    }
    for (size_t i = 0; i < n; i++) {
        wfm_calendar_entry *e = &out->entries[i];
        wfm_date_parse(PQgetvalue(res, (int)i, 0), &e->day);
        e->kind = strcmp(PQgetvalue(res, (int)i, 1), "workday") ? WFM_CAL_HOLIDAY : WFM_CAL_WORKDAY;
        snprintf(e->name, sizeof e->name, "%s", PQgetvalue(res, (int)i, 2));
    }
    out->n_entries = n;
    PQclear(res);
    return WFM_OK;
}

wfm_status wfm_calendar_store_get(PGconn *db, const char *center_id, wfm_center_calendar *out,
                                  wfm_error *err)
{
    memset(out, 0, sizeof *out);
    const char *params[1] = {center_id};
    PGresult *res = PQexecParams(db, "SELECT time_zone, calendar FROM center WHERE id = $1", 1,
                                 NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return wfm_pg_fail(err, "reading the center", res);
    if (PQntuples(res) == 0) {
        PQclear(res);
        return wfm_error_set(err, WFM_ENOTFOUND, "center", "no center '%s'", center_id);
    }
    snprintf(out->time_zone, sizeof out->time_zone, "%s", PQgetvalue(res, 0, 0));
    wfm_status st = wfm_calendar_kind_parse(PQgetvalue(res, 0, 1), &out->kind, err);
    PQclear(res);
    if (st == WFM_OK)
        st = read_entries(db, center_id, out, err);
    if (st != WFM_OK)
        wfm_center_calendar_free(out);
    return st;
}

unsigned long long wfm_center_calendar_hash(const wfm_center_calendar *c)
{
    unsigned long long h = 1469598103934665603ULL;
    const unsigned char *p = (const unsigned char *)c->entries;
    for (size_t i = 0; i < c->n_entries * sizeof *c->entries; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return (h ^ (unsigned)c->kind) * 1099511628211ULL;
}

void wfm_center_calendar_free(wfm_center_calendar *c)
{
    free(c->entries);
    c->entries = NULL;
    c->n_entries = 0;
}

static int compare_days(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* WFM_EINVAL naming the first day that two entries share. */
static wfm_status check_distinct_days(const wfm_calendar_entry *entries, size_t n, wfm_error *err)
{
    int32_t *days = malloc((n ? n : 1) * sizeof *days);
    if (!days)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++)
        days[i] = entries[i].day;
    qsort(days, n, sizeof *days, compare_days);
    wfm_status st = WFM_OK;
    for (size_t i = 1; st == WFM_OK && i < n; i++)
        if (days[i] == days[i - 1]) {
            char text[16];
            wfm_date_format(days[i], text, sizeof text);
            st = wfm_error_set(err, WFM_EINVAL, "entries", "two entries for the date %s", text);
        }
    free(days);
    return st;
}

static wfm_status exec_params(PGconn *db, const char *sql, int n, const char *const *params,
                              const char *what, int *affected, wfm_error *err)
{
    PGresult *res = PQexecParams(db, sql, n, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        return wfm_pg_fail(err, what, res);
    if (affected)
        *affected = atoi(PQcmdTuples(res));
    PQclear(res);
    return WFM_OK;
}

static wfm_status put_locked(PGconn *db, const char *center_id, wfm_calendar_kind kind,
                             const wfm_calendar_entry *entries, size_t n, wfm_error *err)
{
    const char *params[4] = {center_id, wfm_calendar_kind_name(kind)};
    int updated = 0;
    wfm_status st = exec_params(db, "UPDATE center SET calendar = $2 WHERE id = $1", 2, params,
                                "setting the calendar", &updated, err);
    if (st == WFM_OK && updated == 0)
        return wfm_error_set(err, WFM_ENOTFOUND, "center", "no center '%s'", center_id);
    if (st == WFM_OK)
        st = exec_params(db, "DELETE FROM calendar_entry WHERE center_id = $1", 1, params,
                         "clearing the calendar entries", NULL, err);
    for (size_t i = 0; st == WFM_OK && i < n; i++) {
        char day[16];
        wfm_date_format(entries[i].day, day, sizeof day);
        const char *row[4] = {center_id, day, entry_kind_name(entries[i].kind), entries[i].name};
        st = exec_params(db, "INSERT INTO calendar_entry (center_id, day, kind, name)"
                             " VALUES ($1, $2, $3, $4)",
                         4, row, "storing a calendar entry", NULL, err);
    }
    return st;
}

wfm_status wfm_calendar_store_put(PGconn *db, const char *center_id, wfm_calendar_kind kind,
                                  const wfm_calendar_entry *entries, size_t n, wfm_error *err)
{
    wfm_status st = check_distinct_days(entries, n, err);
    if (st != WFM_OK)
        return st;
    PGresult *res = PQexec(db, "BEGIN");
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        return wfm_pg_fail(err, "starting the calendar update", res);
    PQclear(res);
    st = put_locked(db, center_id, kind, entries, n, err);
    res = PQexec(db, st == WFM_OK ? "COMMIT" : "ROLLBACK");
    if (PQresultStatus(res) != PGRES_COMMAND_OK && st == WFM_OK)
        return wfm_pg_fail(err, "committing the calendar update", res);
    PQclear(res);
    return st;
}

wfm_status wfm_center_calendar_build(const wfm_center_calendar *c, int first_year, int last_year,
                                     wfm_calendar **cal, wfm_error *err)
{
    *cal = wfm_calendar_create();
    if (!*cal)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the calendar");
    wfm_status st = wfm_calendar_load_kind(*cal, c->kind, first_year, last_year, err);
    for (size_t i = 0; st == WFM_OK && i < c->n_entries; i++)
        st = wfm_calendar_set(*cal, c->entries[i].day, c->entries[i].kind, c->entries[i].name, err);
    if (st != WFM_OK) {
        wfm_calendar_delete(*cal);
        *cal = NULL;
    }
    return st;
}

/* Reads entries[i] of a PUT body into e; WFM_EINVAL naming entries[i].field. */
static wfm_status parse_entry(const json_t *item, size_t i, wfm_calendar_entry *e,
                              wfm_error *err)
{
    char field[48];
    const char *date = json_string_value(json_object_get(item, "date"));
    const char *kind = json_string_value(json_object_get(item, "kind"));
    const json_t *name = json_object_get(item, "name");
    memset(e, 0, sizeof *e);
    if (!json_is_object(item)) {
        snprintf(field, sizeof field, "entries[%zu]", i);
        return wfm_error_set(err, WFM_EINVAL, field, "%s must be an object", field);
    }
    if (!date || !wfm_date_parse(date, &e->day)) {
        snprintf(field, sizeof field, "entries[%zu].date", i);
        return wfm_error_set(err, WFM_EINVAL, field, "%s must be a date YYYY-MM-DD ('%.64s')",
                             field, date ? date : "");
    }
    if (!kind || (strcmp(kind, "holiday") && strcmp(kind, "workday"))) {
        snprintf(field, sizeof field, "entries[%zu].kind", i);
        return wfm_error_set(err, WFM_EINVAL, field, "%s must be holiday or workday ('%.64s')",
                             field, kind ? kind : "");
    }
    e->kind = strcmp(kind, "workday") ? WFM_CAL_HOLIDAY : WFM_CAL_WORKDAY;
    if (name && (!json_is_string(name) || strlen(json_string_value(name)) >= sizeof e->name)) {
        snprintf(field, sizeof field, "entries[%zu].name", i);
        return wfm_error_set(err, WFM_EINVAL, field, "%s must be a string of at most %zu bytes",
                             field, sizeof e->name - 1);
    }
    snprintf(e->name, sizeof e->name, "%s", name ? json_string_value(name) : "");
    return WFM_OK;
}

wfm_status wfm_calendar_body_parse(const json_t *body, wfm_calendar_kind *kind,
                                   wfm_calendar_entry **entries, size_t *n, wfm_error *err)
{
    const json_t *list = json_object_get(body, "entries");
    *entries = NULL;
    *n = 0;
    wfm_status st = wfm_calendar_kind_parse(json_string_value(json_object_get(body, "calendar")),
                                            kind, err);
    if (st != WFM_OK)
        return st;
    if (list && (!json_is_array(list) || json_array_size(list) > WFM_CALENDAR_MAX_ENTRIES))
        return wfm_error_set(err, WFM_EINVAL, "entries", "entries must be an array of at most %d",
                             WFM_CALENDAR_MAX_ENTRIES);
    size_t count = list ? json_array_size(list) : 0;
    wfm_calendar_entry *parsed = calloc(count ? count : 1, sizeof *parsed);
    if (!parsed)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for %zu entries", count);
    for (size_t i = 0; i < count; i++) {
        st = parse_entry(json_array_get(list, i), i, &parsed[i], err);
        if (st != WFM_OK) {
            free(parsed);
            return st;
        }
    }
    *entries = parsed;
    *n = count;
    return WFM_OK;
}
