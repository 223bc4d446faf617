/* wfm_sample_staff: the workforce of the demo hotline (data/wfm_sample.h),
 * in the roster input document's form (docs/roster.md): 350 agents in
 * skill groups with contracts and availability, and five shift templates.
 * Sized so that the sample's forecast week at a 95 % answer rate can be
 * covered, but not with agents to spare (docs/sample-data.md, "Staff").
 * Pure: builds JSON, no I/O; data/wfm_sample_load stores it. */
#ifndef WFM_SAMPLE_STAFF_H
#define WFM_SAMPLE_STAFF_H

#include <jansson.h>

/* The agents, ordered by id ("jn-001" ...), as a new JSON array (caller
 * json_decref()s); NULL when out of memory. */
json_t *wfm_sample_agents(void);

/* The shift templates, as a new JSON array (caller json_decref()s); NULL
 * when out of memory. */
json_t *wfm_sample_templates(void);

#endif
