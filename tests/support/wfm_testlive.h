/* wfm_testlive: the live seat plan tests' center and the phone system's
 * report, shared by the tests that speak to a child server
 * (test_live_api) and to an in-process one (test_live).
 *
 * The center c1 (Asia/Shanghai, 15-minute intervals) has a phone queue
 * forecast at 40 contacts per interval (95 % bound 55) and a WeChat queue
 * (20, bound 30, deadline 1 h); twelve agents are on shift 08:00-18:00 on
 * 2026-11-27, each with a 30-minute break at 12:00 movable 11:30-13:00. */
#ifndef WFM_TESTLIVE_H
#define WFM_TESTLIVE_H

#include <libpq-fe.h>

/* When the phone system reports: 10:07 local time. */
#define WFM_TESTLIVE_AS_OF "2026-11-27T10:07:00+08:00"

/* Inserts the center, its queues, forecast, shifts and breaks into db
 * (fails the current cmocka test on a database error). */
void wfm_testlive_seed(PGconn *db);

/* The report as of WFM_TESTLIVE_AS_OF: phone and wechat for 08:00 .. 10:00
 * local, phone at `phone` contacts per interval except 09:30 and 09:45 at
 * `phone_hot` (when nonzero), wechat at 20; a real-time snapshot with 4
 * phone and 35 WeChat contacts waiting. Returns malloc'd JSON text. */
char *wfm_testlive_actuals(int phone, int phone_hot);

#endif
