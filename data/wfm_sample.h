/* wfm_sample: a seeded generator of a realistic 12345-style hotline's
 * interval history, for demos, tests and forecast benchmarks.
 *
 * Five queues (phone live; sms, mailbox, weibo, wechat deferred), 15-minute
 * intervals on the local clock of Asia/Shanghai (UTC+08:00 all year, no
 * daylight saving since 1991), `years` years ending on `end_day`. Volume is
 * a growing level (~daily_contacts a day over the latest year, growing
 * annual_growth a year) times each channel's share, weekly pattern and
 * intraday shape, times calendar effects (holidays from the calendar given,
 * the Spring Festival dip and rebound, National Day week), the November
 * heating-season surge, a summer bump and random incident spikes, with
 * gamma-Poisson (negative binomial) noise. Handle times vary by channel and
 * hour; abandonment follows load relative to a staffing plan that lags the
 * growth and improves over the years. Every parameter is documented in
 * docs/sample-data.md.
 *
 * Deterministic: each day draws from its own GSL mt19937 stream seeded from
 * (seed, day), so the same options give the same rows, byte for byte, and a
 * day's values do not depend on how many days precede it (only on the end
 * date, which anchors the level). Pure: no I/O, no globals. */
#ifndef WFM_SAMPLE_H
#define WFM_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/wfm_error.h"
#include "data/wfm_history.h"
#include "forecast/wfm_calendar.h"

#define WFM_SAMPLE_TIME_ZONE "Asia/Shanghai"
#define WFM_SAMPLE_UTC_OFFSET_S (8 * 3600)
#define WFM_SAMPLE_INTERVAL_S 900

typedef struct wfm_sample_queue {
    const char *id;      /* also the channel name */
    const char *kind;    /* "live" or "deferred" */
    int deadline_s;      /* deferred: reply within this; 0 for live */
    double share;        /* of all contacts */
    double aht_s;        /* mean handle time per answered contact */
} wfm_sample_queue;

/* The five demo queues, in output order (static storage). */
const wfm_sample_queue *wfm_sample_queues(size_t *count);

typedef struct wfm_sample_opts {
    uint64_t seed;          /* default 12345 */
    int32_t end_day;        /* last local day generated (day number); required */
    int years;              /* default 3 (1..10) */
    double daily_contacts;  /* mean a day over the latest year, default 10000 */
    double annual_growth;   /* default 0.34 (34 % a year) */
} wfm_sample_opts;

void wfm_sample_opts_init(wfm_sample_opts *opts);

/* Appends the history to out (caller-initialized, caller-freed), ordered by
 * queue (as wfm_sample_queues) then interval. calendar gives the holidays
 * (normally wfm_calendar_load_china's); NULL means none. WFM_EINVAL naming
 * the option for out-of-range options, WFM_ENOMEM. */
wfm_status wfm_sample_generate(const wfm_sample_opts *opts, const wfm_calendar *calendar,
                               wfm_history_set *out, wfm_error *err);

#endif
