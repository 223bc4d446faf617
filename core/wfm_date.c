/* wfm_date: day numbers and ISO 8601 timestamps (see wfm_date.h). */
#include "core/wfm_date.h"

#include <ctype.h>
#include <stdio.h>

/* Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms"
 * (days_from_civil / civil_from_days): exact for the proleptic Gregorian
 * calendar, no loops, no tables. */
int32_t wfm_date_from_ymd(int year, int month, int day)
{
    int y = year - (month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int mp = (month + 9) % 12;
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

void wfm_date_to_ymd(int32_t day, int *year, int *month, int *mday)
{
    int32_t z = day + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (m <= 2));
    *month = m;
    *mday = d;
}

int wfm_date_weekday(int32_t day)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    int32_t w = (day + 3) % 7;
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

int wfm_date_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/* Reads exactly n digits at *p, advancing it. */
static bool read_digits(const char **p, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return false;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *value = v;
    return true;
}

static bool read_ymd(const char **p, int32_t *day)
{
    int y, m, d;
    if (!read_digits(p, 4, &y) || *(*p)++ != '-' || !read_digits(p, 2, &m) || *(*p)++ != '-'
        || !read_digits(p, 2, &d))
        return false;
    if (m < 1 || m > 12 || d < 1 || d > wfm_date_days_in_month(y, m))
        return false;
    *day = wfm_date_from_ymd(y, m, d);
    return true;
}

bool wfm_date_parse(const char *text, int32_t *day)
{
    const char *p = text;
    return read_ymd(&p, day) && *p == '\0';
}

void wfm_date_format(int32_t day, char *buf, size_t size)
{
    int y, m, d;
    wfm_date_to_ymd(day, &y, &m, &d);
    snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

/* "Z", "+HH:MM", "+HHMM" or "+HH" at p, as seconds east of UTC. */
static bool read_offset(const char **p, int32_t *offset_s)
{
    if (**p == 'Z' || **p == 'z') {
        (*p)++;
        *offset_s = 0;
        return true;
    }
    if (**p != '+' && **p != '-')
        return false;
    int sign = *(*p)++ == '-' ? -1 : 1;
    int hh, mm = 0;
    if (!read_digits(p, 2, &hh))
        return false;
    if (**p == ':')
        (*p)++;
    if (**p && !read_digits(p, 2, &mm))
        return false;
    if (hh > 18 || mm > 59)
        return false;
    *offset_s = sign * (hh * 3600 + mm * 60);
    return true;
}

bool wfm_timestamp_parse(const char *text, int64_t *utc)
{
    const char *p = text;
    int32_t day, offset_s;
    int hh, mi, ss = 0;
    if (!read_ymd(&p, &day) || (*p != 'T' && *p != 't' && *p != ' '))
        return false;
    p++;
    if (!read_digits(&p, 2, &hh) || *p++ != ':' || !read_digits(&p, 2, &mi))
        return false;
    if (*p == ':') {
        p++;
        if (!read_digits(&p, 2, &ss))
            return false;
        if (*p == '.' || *p == ',') {
            p++;
            if (!isdigit((unsigned char)*p))
                return false;
            for (; isdigit((unsigned char)*p); p++)
                if (*p != '0')
                    return false;
        }
    }
    if (hh > 23 || mi > 59 || ss > 59 || !read_offset(&p, &offset_s) || *p != '\0')
        return false;
    *utc = (int64_t)day * 86400 + hh * 3600 + mi * 60 + ss - offset_s;
    return true;
}

void wfm_timestamp_format(int64_t utc, int32_t offset_s, char *buf, size_t size)
{
    int64_t local = utc + offset_s;
    int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    int64_t sec = local - day * 86400;
    int y, m, d;
    wfm_date_to_ymd((int32_t)day, &y, &m, &d);
    int32_t off = offset_s < 0 ? -offset_s : offset_s;
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, m, d, (int)(sec / 3600),
             (int)(sec / 60 % 60), (int)(sec % 60), offset_s < 0 ? '-' : '+', (int)(off / 3600),
             (int)(off / 60 % 60));
}
