/* wfm_clock: monotonic seconds and sleeping for fractions of a second, for
 * timeouts and pacing (never for wall-clock dates). */
#ifndef WFM_CLOCK_H
#define WFM_CLOCK_H

/* Seconds on the monotonic clock (arbitrary origin; only differences mean
 * anything). */
double wfm_clock_now_s(void);

/* Sleeps about seconds (may return early on a signal). seconds <= 0: no-op. */
void wfm_clock_sleep_s(double seconds);

#endif
