/* wfm_live_cache: serialized live plans per center (see wfm_live_cache.h). */
#include "api/wfm_live_cache.h"
#include "api/wfm_db.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* One center's plan; the bodies are immutable, replaced whole, and shared
 * with the responses that are still sending them. */
typedef struct entry {
    char *center;
    int64_t plan_id;
    wfm_http_blob *text;
    char etag[WFM_ETAG_MAX];
    wfm_http_blob *gz_text;    /* NULL when compression failed: then plain only */
    char gz_etag[WFM_ETAG_MAX];
} entry;

struct wfm_live_cache {
    pthread_rwlock_t lock;
    pthread_mutex_t load_lock; /* one loader at a time */
    atomic_int loaded;
    entry *entries;            /* a hotline server serves a handful of centers: */
    size_t n_entries, cap;     /* a linear scan beats hashing here */
};

wfm_live_cache *wfm_live_cache_create(void)
{
    wfm_live_cache *cache = calloc(1, sizeof *cache);
    if (!cache)
        return NULL;
    pthread_rwlock_init(&cache->lock, NULL);
    pthread_mutex_init(&cache->load_lock, NULL);
    return cache;
}

void wfm_live_cache_destroy(wfm_live_cache *cache)
{
    if (!cache)
        return;
    for (size_t i = 0; i < cache->n_entries; i++) {
        free(cache->entries[i].center);
        wfm_http_blob_release(cache->entries[i].text);
        wfm_http_blob_release(cache->entries[i].gz_text);
    }
    free(cache->entries);
    pthread_rwlock_destroy(&cache->lock);
    pthread_mutex_destroy(&cache->load_lock);
    free(cache);
}

/* FNV-1a, 64 bit (Fowler, Noll, Vo; http://www.isthe.com/chongo/tech/comp/fnv/):
 * the ETag only has to change when the text does. */
void wfm_live_etag(const char *text, size_t len, char etag[WFM_ETAG_MAX])
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)text[i];
        h *= 1099511628211ull;
    }
    snprintf(etag, WFM_ETAG_MAX, "\"%016llx-%zx\"", (unsigned long long)h, len);
}

static entry *find(wfm_live_cache *cache, const char *center)
{
    for (size_t i = 0; i < cache->n_entries; i++)
        if (!strcmp(cache->entries[i].center, center))
            return &cache->entries[i];
    return NULL;
}

/* A fresh slot for center (write lock held), or NULL when out of memory. */
static entry *add(wfm_live_cache *cache, const char *center)
{
    if (cache->n_entries == cache->cap) {
        size_t cap = cache->cap ? 2 * cache->cap : 8;
        entry *grown = realloc(cache->entries, cap * sizeof *grown);
        if (!grown)
            return NULL;
        cache->entries = grown;
        cache->cap = cap;
    }
    char *name = strdup(center);
    if (!name)
        return NULL;
    entry *e = &cache->entries[cache->n_entries++];
    memset(e, 0, sizeof *e);
    e->center = name;
    e->plan_id = -1;
    return e;
}

/* text gzip-compressed (RFC 1952) as a blob; NULL on failure. */
static wfm_http_blob *gzip_blob(const char *text, size_t len)
{
    z_stream z = {0};
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    size_t cap = deflateBound(&z, (uLong)len);
    char *out = malloc(cap);
    z.next_in = (Bytef *)text;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    int done = out && deflate(&z, Z_FINISH) == Z_STREAM_END;
    deflateEnd(&z);
    wfm_http_blob *blob = done ? wfm_http_blob_create(out, z.total_out) : NULL;
    free(out);
    return blob;
}

/* The gzip variant's ETag: the plain one with -gz before the closing quote. */
static void gzip_etag(const char *etag, char out[WFM_ETAG_MAX])
{
    size_t n = strlen(etag);
    snprintf(out, WFM_ETAG_MAX, "%.*s-gz\"", (int)(n > 0 ? n - 1 : 0), etag);
}

wfm_status wfm_live_cache_put(wfm_live_cache *cache, const char *center, int64_t plan_id,
                              const char *text, size_t len, const char *etag, wfm_error *err)
{
    wfm_http_blob *copy = wfm_http_blob_create(text, len);
    if (!copy)
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the live plan");
    wfm_http_blob *gz = gzip_blob(text, len);
    pthread_rwlock_wrlock(&cache->lock);
    entry *e = find(cache, center);
    if (!e)
        e = add(cache, center);
    if (!e) {
        pthread_rwlock_unlock(&cache->lock);
        wfm_http_blob_release(copy);
        wfm_http_blob_release(gz);
        return wfm_error_set(err, WFM_ENOMEM, NULL, "out of memory for the live plan");
    }
    wfm_http_blob *old = copy, *old_gz = gz;
    if (plan_id >= e->plan_id) {
        old = e->text;
        old_gz = e->gz_text;
        e->text = copy;
        e->gz_text = gz;
        e->plan_id = plan_id;
        snprintf(e->etag, sizeof e->etag, "%s", etag);
        gzip_etag(etag, e->gz_etag);
    }
    pthread_rwlock_unlock(&cache->lock);
    /* Responses still sending the old plan hold their own references. */
    wfm_http_blob_release(old);
    wfm_http_blob_release(old_gz);
    return WFM_OK;
}

/* Whether an If-None-Match value matches etag (RFC 9110 13.1.2: weak
 * comparison, so W/"x" matches "x"; "*" matches any current plan). */
static int etag_listed(const char *if_none_match, const char *etag)
{
    const char *p = if_none_match;
    size_t etag_len = strlen(etag);
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*')
            return 1;
        if (p[0] == 'W' && p[1] == '/')
            p += 2;
        if (!strncmp(p, etag, etag_len) && (p[etag_len] == '\0' || p[etag_len] == ',' ||
                                            p[etag_len] == ' ' || p[etag_len] == '\t'))
            return 1;
        while (*p && *p != ',')
            p++;
    }
    return 0;
}

int wfm_live_accepts_gzip(const char *accept_encoding)
{
    const char *p = accept_encoding ? strstr(accept_encoding, "gzip") : NULL;
    if (!p)
        return 0;
    p += 4;
    while (*p == ' ')
        p++;
    if (strncmp(p, ";q=0", 4))
        return 1;
    p += 4; /* q=0, q=0.0, q=0.000 refuse; q=0.5 accepts */
    if (*p == '.')
        p++;
    while (*p == '0')
        p++;
    return *p >= '1' && *p <= '9';
}

wfm_live_lookup wfm_live_cache_get(wfm_live_cache *cache, const char *center,
                                   const char *if_none_match, int *gzip,
                                   wfm_http_blob **body, char etag[WFM_ETAG_MAX])
{
    *body = NULL;
    wfm_live_lookup found = WFM_LIVE_MISSING;
    pthread_rwlock_rdlock(&cache->lock);
    const entry *e = find(cache, center);
    if (e && e->text) {
        *gzip = *gzip && e->gz_text;
        memcpy(etag, *gzip ? e->gz_etag : e->etag, WFM_ETAG_MAX);
        if (if_none_match && (etag_listed(if_none_match, e->etag) ||
                              etag_listed(if_none_match, e->gz_etag))) {
            found = WFM_LIVE_NOT_MODIFIED;
        } else {
            *body = wfm_http_blob_ref(*gzip ? e->gz_text : e->text);
            found = WFM_LIVE_FOUND;
        }
    }
    pthread_rwlock_unlock(&cache->lock);
    return found;
}

int wfm_live_cache_loaded(wfm_live_cache *cache)
{
    return atomic_load(&cache->loaded);
}

/* Puts every row of r (center_id, id, plan, etag) into the cache. */
static wfm_status put_rows(wfm_live_cache *cache, PGresult *r, wfm_error *err)
{
    for (int i = 0; i < PQntuples(r); i++) {
        wfm_status st = wfm_live_cache_put(cache, PQgetvalue(r, i, 0),
                                           strtoll(PQgetvalue(r, i, 1), NULL, 10),
                                           PQgetvalue(r, i, 2), (size_t)PQgetlength(r, i, 2),
                                           PQgetvalue(r, i, 3), err);
        if (st != WFM_OK)
            return st;
    }
    return WFM_OK;
}

wfm_status wfm_live_cache_load(wfm_live_cache *cache, PGconn *db, wfm_error *err)
{
    if (atomic_load(&cache->loaded))
        return WFM_OK;
    pthread_mutex_lock(&cache->load_lock);
    wfm_status st = WFM_OK;
    if (!atomic_load(&cache->loaded)) {
        PGresult *r = PQexec(db, "SELECT DISTINCT ON (center_id) center_id, id, plan, etag"
                                 " FROM live_seat_plan ORDER BY center_id, id DESC");
        st = PQresultStatus(r) == PGRES_TUPLES_OK ? put_rows(cache, r, err)
                                                  : wfm_db_error(r, db, err);
        PQclear(r);
        if (st == WFM_OK)
            atomic_store(&cache->loaded, 1);
    }
    pthread_mutex_unlock(&cache->load_lock);
    return st;
}
