/* wfm_tz: local time through glibc's tz database under one mutex (see
 * wfm_tz.h for why the lock exists). */
#include "core/wfm_tz.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/wfm_date.h"

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

bool wfm_tz_valid(const char *zone)
{
    if (!zone || !*zone || zone[0] == '/' || strstr(zone, "..") || strlen(zone) > 200)
        return false;
    char path[256];
    strcpy(path, "/usr/share/zoneinfo/");
    strcat(path, zone);
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The zone TZ is set to, guarded by tz_lock. TZ is switched only when a
 * call asks for another zone and is not restored afterwards: setenv() is
 * not safe against getenv() in threads that do not hold this lock (libpq
 * reads PG* variables when it connects), so it should run as rarely as
 * possible: once in a process that serves one zone. */
static char current_zone[256];

/* Takes the lock with TZ set to zone; leave_zone() releases it. */
static wfm_status enter_zone(const char *zone, wfm_error *err)
{
    if (!wfm_tz_valid(zone))
        return wfm_error_set(err, WFM_EINVAL, "time_zone", "unknown time zone '%s'",
                             zone ? zone : "(null)");
    pthread_mutex_lock(&tz_lock);
    if (strcmp(current_zone, zone) != 0) {
        setenv("TZ", zone, 1);
        tzset();
        snprintf(current_zone, sizeof current_zone, "%s", zone);
    }
    return WFM_OK;
}

static void leave_zone(void)
{
    pthread_mutex_unlock(&tz_lock);
}

static void local_of(int64_t utc, wfm_local_time *out)
{
    time_t t = (time_t)utc;
    struct tm tm;
    localtime_r(&t, &tm);
    out->day = wfm_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    out->second = tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
    out->utc_offset_s = (int32_t)tm.tm_gmtoff;
}

wfm_status wfm_tz_local(const char *zone, int64_t utc, wfm_local_time *out, wfm_error *err)
{
    wfm_status st = enter_zone(zone, err);
    if (st != WFM_OK)
        return st;
    local_of(utc, out);
    leave_zone();
    return WFM_OK;
}

wfm_status wfm_tz_offsets(const char *zone, const int64_t *utc, size_t n, int32_t *offsets_s,
                          wfm_error *err)
{
    wfm_status st = enter_zone(zone, err);
    if (st != WFM_OK)
        return st;
    wfm_local_time lt;
    for (size_t i = 0; i < n; i++) {
        local_of(utc[i], &lt);
        offsets_s[i] = lt.utc_offset_s;
    }
    leave_zone();
    return WFM_OK;
}

/* The first instant of local day `day` (lock held). Local midnight is found
 * from the offset at UTC midnight and corrected once: offsets differ by at
 * most a day, and a transition near midnight moves the answer by the
 * transition's size. When midnight does not exist (a zone springing forward
 * at 00:00), the first instant whose local date is `day` is returned. */
static int64_t day_start(int32_t day)
{
    int64_t guess = (int64_t)day * 86400;
    wfm_local_time lt;
    for (int i = 0; i < 3; i++) {
        local_of(guess, &lt);
        int64_t local_s = (int64_t)lt.day * 86400 + lt.second;
        int64_t want = (int64_t)day * 86400;
        if (local_s == want)
            return guess;
        guess += want - local_s;
    }
    /* Midnight skipped: step back from the guess to the transition. */
    local_of(guess, &lt);
    while (lt.day == day && lt.second > 0) {
        wfm_local_time prev;
        local_of(guess - 900, &prev);
        if (prev.day != day)
            break;
        guess -= 900;
        lt = prev;
    }
    if (lt.day != day)
        guess += 900;
    return guess;
}

wfm_status wfm_tz_day(const char *zone, int32_t day, int32_t interval_s, int64_t *utc_start,
                      int32_t *n_intervals, wfm_error *err)
{
    if (interval_s <= 0 || 3600 % interval_s != 0)
        return wfm_error_set(err, WFM_EINVAL, "interval_s",
                             "interval_s must divide an hour (%d)", (int)interval_s);
    wfm_status st = enter_zone(zone, err);
    if (st != WFM_OK)
        return st;
    int64_t start = day_start(day);
    int64_t end = day_start(day + 1);
    leave_zone();
    if (utc_start)
        *utc_start = start;
    if (n_intervals)
        *n_intervals = (int32_t)((end - start) / interval_s);
    return WFM_OK;
}
