/* wfm_clock: monotonic time and short sleeps (see wfm_clock.h). */
#include "core/wfm_clock.h"

#include <time.h>

double wfm_clock_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

void wfm_clock_sleep_s(double seconds)
{
    if (!(seconds > 0))
        return;
    struct timespec ts = {(time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9)};
    nanosleep(&ts, NULL);
}
