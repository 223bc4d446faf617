/* wfm_error: the status codes and the caller-owned error record every
 * module of hotline-wfm reports failures through.
 *
 * Convention: a function that can fail returns wfm_status (WFM_OK == 0) and,
 * when it fails, fills the wfm_error the caller passed with a message a user
 * can act on ("row 17: offered is negative (-3)") and, where one input is to
 * blame, the name of that field. The error record is plain data, owned by the
 * caller, usually on the stack; nothing in it needs freeing. */
#ifndef WFM_ERROR_H
#define WFM_ERROR_H

typedef enum wfm_status {
    WFM_OK = 0,
    WFM_EINVAL,      /* bad input: a field out of range, malformed text */
    WFM_ENOTFOUND,   /* an id that does not exist */
    WFM_ECONFLICT,   /* the request clashes with stored state */
    WFM_ELIMIT,      /* a quota or rate is used up: retry later (jobs queued, requests/s) */
    WFM_EINFEASIBLE, /* no answer satisfies the constraints */
    WFM_ENOMEM,      /* allocation failed */
    WFM_EIO,         /* a file could not be read or written */
    WFM_EDB,         /* the database failed or is unreachable */
    WFM_EINTERNAL,   /* a bug or a library failure we did not expect */
    WFM_ECANCELLED,  /* the caller asked the work to stop before it had an answer */
    WFM_ETOOBIG      /* a valid request larger than a limit of the service (horizon
                        days, agents, table rows): asking again will not help */
} wfm_status;

typedef struct wfm_error {
    wfm_status status;
    char field[64];    /* input field to blame, "" when none */
    char message[512]; /* human-readable, no trailing newline */
} wfm_error;

/* Empties err (status WFM_OK, empty strings). err may be NULL. */
void wfm_error_clear(wfm_error *err);

/* Fills err (when not NULL) and returns status, so callers can write
 * `return wfm_error_set(err, WFM_EINVAL, "aht_s", "aht_s must be > 0 (%g)", v);`
 * field may be NULL. The message is truncated to fit. */
wfm_status wfm_error_set(wfm_error *err, wfm_status status, const char *field,
                         const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A stable snake_case name for a status ("invalid_argument", "not_found"),
 * used as the "code" of JSON errors. Never NULL; static storage. */
const char *wfm_status_name(wfm_status status);

#endif
