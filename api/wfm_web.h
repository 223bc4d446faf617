/* wfm_web: the dashboard's files (web/ and Chart.js), embedded at build time
 * by scripts/embed_web.sh, and the lookup the static routes use. */
#ifndef WFM_WEB_H
#define WFM_WEB_H

#include <stddef.h>

typedef struct wfm_web_asset {
    const char *name;         /* base name, e.g. "app.js" */
    const char *content_type; /* e.g. "text/javascript; charset=utf-8" */
    const unsigned char *bytes;
    size_t len;
} wfm_web_asset;

/* The embedded files; *count gets their number. Static storage. */
const wfm_web_asset *wfm_web_assets(size_t *count);

/* The asset named exactly name (no path: a name holding '/' or starting
 * with '.' never matches, so no request reaches outside the table), or
 * NULL. */
const wfm_web_asset *wfm_web_find(const char *name);

#endif
