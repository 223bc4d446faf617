/* wfm_cli_json: shared JSON readers of the file-driven subcommands. */
#include "cli/wfm_cli_json.h"

#include <stdio.h>
#include <stdlib.h>

json_t *wfm_cli_json_load_object(const char *command, const char *path)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (json_is_object(root))
        return root;
    fprintf(stderr, "wfm %s: %s:%d: %s\n", command, path, jerr.line,
            root ? "the top level must be an object" : jerr.text);
    json_decref(root);
    return NULL;
}

double wfm_cli_json_number_or(const json_t *obj, const char *key, double fallback)
{
    json_t *v = json_object_get(obj, key);
    return json_is_number(v) ? json_number_value(v) : fallback;
}

int wfm_cli_json_series(const char *command, const json_t *obj, const char *key,
                        const char *owner, size_t n, double *out)
{
    json_t *v = json_object_get(obj, key);
    if (json_is_number(v)) {
        for (size_t i = 0; i < n; i++)
            out[i] = json_number_value(v);
        return 0;
    }
    if (!json_is_array(v) || json_array_size(v) != n) {
        fprintf(stderr, "wfm %s: %s: '%s' must be a number or an array of %zu numbers\n",
                command, owner, key, n);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(v, i);
        if (!json_is_number(x)) {
            fprintf(stderr, "wfm %s: %s: '%s'[%zu] is not a number\n", command, owner, key, i);
            return -1;
        }
        out[i] = json_number_value(x);
    }
    return 0;
}

int wfm_cli_json_print(json_t *value)
{
    char *text = json_dumps(value, JSON_INDENT(2) | JSON_ENCODE_ANY);
    if (text)
        printf("%s\n", text);
    free(text);
    json_decref(value);
    return 0;
}
