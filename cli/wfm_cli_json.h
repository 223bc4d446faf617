/* wfm_cli_json: the small JSON readers the file-driven subcommands share
 * (wfm simulate, wfm reallocate): a whole file as an object, numbers with
 * defaults, and per-interval series given as one number or an array.
 * Errors are printed to stderr prefixed with the command's name. */
#ifndef WFM_CLI_JSON_H
#define WFM_CLI_JSON_H

#include <jansson.h>
#include <stddef.h>

/* The file's top-level object, or NULL after printing why (unreadable,
 * not JSON, not an object). The caller json_decref()s it. */
json_t *wfm_cli_json_load_object(const char *command, const char *path);

/* obj[key] when it is a number, otherwise fallback. */
double wfm_cli_json_number_or(const json_t *obj, const char *key, double fallback);

/* Fills out[0..n) from obj[key]: one number for every interval or an
 * array of exactly n numbers. Returns 0, or -1 after printing an error
 * naming owner and key. */
int wfm_cli_json_series(const char *command, const json_t *obj, const char *key,
                        const char *owner, size_t n, double *out);

/* Prints value (stolen; any JSON value) indented on stdout and returns 0,
 * the exit status of a command that printed its answer. */
int wfm_cli_json_print(json_t *value);

#endif
