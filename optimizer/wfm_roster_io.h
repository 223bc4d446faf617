/* wfm_roster_io: the roster's documents: the input JSON (docs/roster.md)
 * into wfm_roster_input and options, and the result out as JSON, CSV and one
 * iCalendar (RFC 5545) file per agent. Text in, text out: no files here. */
#ifndef WFM_ROSTER_IO_H
#define WFM_ROSTER_IO_H

#include <jansson.h>

#include "optimizer/wfm_roster.h"

/* Most numbers an "answered_curve" may hold (queues x days x intervals x
 * (seats + 1)): the curves are allocated before they are read, so a small
 * document must not ask for gigabytes. 16 Mi values = 128 MiB, several
 * times a real center's (5 queues x 28 days x 96 intervals x 200 seats =
 * 2.7 Mi, from the pipeline of data/wfm_plan_input.h). */
#define WFM_ROSTER_MAX_CURVE_VALUES (16 * 1024 * 1024)

/* A parsed input document: the solver input, its options, and the arrays
 * and names the input points into (all owned here). */
typedef struct wfm_roster_doc {
    wfm_roster_input in;
    wfm_roster_opts opts;
    char start_date[11];   /* YYYY-MM-DD of day 0 */
    char timezone[64];     /* IANA name, "" when not given */
    double *required, *offered, *answered;
    wfm_shift_template *templates;
    wfm_roster_agent *agents;
} wfm_roster_doc;

/* Reads the document (see docs/roster.md). opts start from
 * wfm_roster_opts_init and take the document's "options". On success the
 * caller releases doc with wfm_roster_doc_free; on failure nothing needs
 * freeing and err names the field ("agents[3].skills: unknown queue 'fax'"). */
wfm_status wfm_roster_doc_parse(const json_t *root, wfm_roster_doc *doc, wfm_error *err);

void wfm_roster_doc_free(wfm_roster_doc *doc);

/* The roster as JSON: kpis, per-day answer rates and occupancy, shifts,
 * coverage vs requirement per queue and interval, shortfalls. New reference
 * (caller decrefs); NULL when out of memory. */
json_t *wfm_roster_result_json(const wfm_roster_doc *doc, const wfm_roster_result *r);

/* One line per shift: agent,date,template,start,end,paid_hours,breaks.
 * malloc'd NUL-terminated text (caller frees); NULL when out of memory. */
char *wfm_roster_result_csv(const wfm_roster_doc *doc, const wfm_roster_result *r);

/* The agent's shifts as an iCalendar object, CRLF lines, local floating
 * times (with X-WR-TIMEZONE when the document names a time zone). dtstamp is
 * the UTC creation time "YYYYMMDDTHHMMSSZ" the caller supplies (this module
 * reads no clock). malloc'd (caller frees); NULL when out of memory. */
char *wfm_roster_agent_ical(const wfm_roster_doc *doc, const wfm_roster_result *r, int agent,
                            const char *dtstamp);

#endif
