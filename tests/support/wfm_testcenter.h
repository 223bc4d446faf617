/* wfm_testcenter: a small synthetic hotline in a test database, enough for
 * the whole planning pipeline (history -> forecast -> requirements ->
 * roster) to run in seconds: center "north" (Asia/Shanghai, 30-minute
 * intervals), queues "phone" (live) and "sms" (deferred, 1 h deadline),
 * eight weeks of interval history ending Sunday 2026-11-29 with a morning
 * and an afternoon peak (about 700 phone and 230 sms contacts a day), 30
 * agents (20 phone and sms, 10 phone only; 0-40 h a week: more than the
 * base week needs, so more work means more paid hours) and day, evening
 * and night shift templates. The next week starts Monday 2026-11-30. */
#ifndef WFM_TESTCENTER_H
#define WFM_TESTCENTER_H

#include <libpq-fe.h>

#define WFM_TESTCENTER_ID "north"
#define WFM_TESTCENTER_NEXT_WEEK "2026-11-30"

/* Seeds db (migrated, without the center). Returns 0, or -1 after printing
 * why. */
int wfm_testcenter_seed(PGconn *db);

#endif
