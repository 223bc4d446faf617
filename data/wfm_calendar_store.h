/* wfm_calendar_store: a center's holiday calendar in PostgreSQL
 * (data/migrations/003_calendar.sql): the ready-made set it follows
 * (center.calendar: china, us or none) and its own entries (table
 * calendar_entry), which override the ready-made set on their day. */
#ifndef WFM_CALENDAR_STORE_H
#define WFM_CALENDAR_STORE_H

#include <stddef.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "core/wfm_error.h"
#include "forecast/wfm_calendar.h"

/* A center's calendar settings as stored. */
typedef struct wfm_center_calendar {
    char time_zone[64];
    wfm_calendar_kind kind;
    wfm_calendar_entry *entries; /* custom entries, by day; owned (free()) */
    size_t n_entries;
} wfm_center_calendar;

/* Reads center_id's zone, calendar kind and custom entries into *out
 * (caller frees with wfm_center_calendar_free). WFM_ENOTFOUND (field
 * "center") for an unknown center, WFM_EDB when the database fails. */
wfm_status wfm_calendar_store_get(PGconn *db, const char *center_id, wfm_center_calendar *out,
                                  wfm_error *err);

void wfm_center_calendar_free(wfm_center_calendar *c);

/* A hash of c's kind and entries (FNV-1a), for cache keys: any calendar
 * edit changes it. */
unsigned long long wfm_center_calendar_hash(const wfm_center_calendar *c);

/* Replaces center_id's calendar kind and all its custom entries, in one
 * transaction (db must not be inside one). Entries must have distinct days
 * and kind WFM_CAL_HOLIDAY or WFM_CAL_WORKDAY. WFM_ENOTFOUND for an unknown
 * center, WFM_EINVAL for a repeated day (naming it), WFM_EDB. */
wfm_status wfm_calendar_store_put(PGconn *db, const char *center_id, wfm_calendar_kind kind,
                                  const wfm_calendar_entry *entries, size_t n, wfm_error *err);

/* Most custom entries a center keeps (a decade of local days off). */
#define WFM_CALENDAR_MAX_ENTRIES 2000

/* Reads the body of PUT /v1/centers/{id}/calendar, {"calendar": "china" |
 * "us" | "none", "entries": [{"date": "YYYY-MM-DD", "kind": "holiday" |
 * "workday", "name"?}, ...]} ("entries" optional), into *kind and
 * *entries[0..*n) (malloc'd, caller frees; NULL on failure). Pure: the days
 * are checked for repeats by wfm_calendar_store_put. WFM_EINVAL naming
 * "calendar", "entries" or "entries[i].field"; WFM_ENOMEM. */
wfm_status wfm_calendar_body_parse(const json_t *body, wfm_calendar_kind *kind,
                                   wfm_calendar_entry **entries, size_t *n, wfm_error *err);

/* The effective calendar of stored settings c: the ready-made set of
 * c->kind (US federal for years first_year..last_year) with c's entries
 * laid over it. Caller frees *cal with wfm_calendar_delete. */
wfm_status wfm_center_calendar_build(const wfm_center_calendar *c, int first_year, int last_year,
                                     wfm_calendar **cal, wfm_error *err);

#endif
