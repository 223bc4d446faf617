/* wfm_auth: the verified-token cache, the per-token rate buckets and the
 * admission decision of every protected request (see wfm_auth.h). */
#include "api/wfm_auth.h"
#include "core/wfm_clock.h"

#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { KEY_BYTES = 32, N_SLOTS = 1024, TOKEN_TEXT_MAX = 200 };

typedef struct entry {
    unsigned char key[KEY_BYTES]; /* BLAKE2b-256 of the token text */
    wfm_token_info info;
    double verified_at;           /* monotonic seconds; -INFINITY: verify again */
    double bucket;                /* requests left in the bucket */
    double refilled_at;
    struct entry *next;
} entry;

struct wfm_auth {
    wfm_auth_opts opts;
    pthread_mutex_t lock;
    entry *slots[N_SLOTS];
    size_t count;
};

void wfm_auth_opts_init(wfm_auth_opts *o)
{
    o->cache_ttl_s = 30;
    o->rate_per_s = 100;
    o->burst = 200;
    o->max_tokens = 10000;
}

wfm_auth *wfm_auth_create(const wfm_auth_opts *o)
{
    if (sodium_init() < 0)
        return NULL;
    wfm_auth *auth = calloc(1, sizeof *auth);
    if (!auth)
        return NULL;
    auth->opts = *o;
    if (auth->opts.burst < 1)
        auth->opts.burst = 1;
    pthread_mutex_init(&auth->lock, NULL);
    return auth;
}

void wfm_auth_destroy(wfm_auth *auth)
{
    if (!auth)
        return;
    for (size_t s = 0; s < N_SLOTS; s++)
        for (entry *e = auth->slots[s], *next; e; e = next) {
            next = e->next;
            sodium_memzero(e, sizeof *e);
            free(e);
        }
    pthread_mutex_destroy(&auth->lock);
    free(auth);
}

static entry **slot_of(wfm_auth *auth, const unsigned char key[KEY_BYTES])
{
    unsigned index;
    memcpy(&index, key, sizeof index); /* the key is a hash: any bytes are uniform */
    return &auth->slots[index % N_SLOTS];
}

/* Under the lock. The keys are compared in constant time although they
 * are hashes: how much of a key matched then tells a prober nothing. */
static entry *find(wfm_auth *auth, const unsigned char key[KEY_BYTES])
{
    for (entry *e = *slot_of(auth, key); e; e = e->next)
        if (!sodium_memcmp(e->key, key, KEY_BYTES))
            return e;
    return NULL;
}

/* Under the lock: unlinks and frees the entries of slot list *at that
 * verified before stale_before, or (key not NULL) the one of key. */
static void remove_from(wfm_auth *auth, entry **at, const unsigned char *key, double stale_before)
{
    while (*at) {
        entry *e = *at;
        int gone = key ? !sodium_memcmp(e->key, key, KEY_BYTES) : e->verified_at < stale_before;
        if (!gone) {
            at = &e->next;
            continue;
        }
        *at = e->next;
        free(e);
        auth->count--;
    }
}

/* Under the lock: drops the entries verified before stale_before. */
static void remove_stale(wfm_auth *auth, double stale_before)
{
    for (size_t s = 0; s < N_SLOTS; s++)
        remove_from(auth, &auth->slots[s], NULL, stale_before);
}

/* Under the lock: a fresh entry for key, or NULL when the table is full of
 * live entries (the caller then goes without the cache). */
static entry *insert(wfm_auth *auth, const unsigned char key[KEY_BYTES], double now)
{
    if (auth->count >= auth->opts.max_tokens)
        remove_stale(auth, now - auth->opts.cache_ttl_s);
    if (auth->count >= auth->opts.max_tokens)
        return NULL;
    entry *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    memcpy(e->key, key, KEY_BYTES);
    e->bucket = auth->opts.burst;
    e->refilled_at = now;
    entry **slot = slot_of(auth, key);
    e->next = *slot;
    *slot = e;
    auth->count++;
    return e;
}

/* Under the lock: takes one request from e's bucket. Returns 0 when there
 * was one, else the whole seconds until there will be (at least 1). */
static unsigned take_request(const wfm_auth *auth, entry *e, double now)
{
    double rate = auth->opts.rate_per_s;
    if (rate <= 0)
        return 0;
    e->bucket = fmin(auth->opts.burst, e->bucket + (now - e->refilled_at) * rate);
    e->refilled_at = now;
    if (e->bucket >= 1) {
        e->bucket -= 1;
        return 0;
    }
    return (unsigned)fmax(1, ceil((1 - e->bucket) / rate));
}

void wfm_auth_expire_all(wfm_auth *auth)
{
    pthread_mutex_lock(&auth->lock);
    for (size_t s = 0; s < N_SLOTS; s++)
        for (entry *e = auth->slots[s]; e; e = e->next)
            e->verified_at = -INFINITY;
    pthread_mutex_unlock(&auth->lock);
}

size_t wfm_auth_cached(wfm_auth *auth)
{
    pthread_mutex_lock(&auth->lock);
    size_t n = auth->count;
    pthread_mutex_unlock(&auth->lock);
    return n;
}

/* What a cache lookup found. */
typedef enum { LOOKUP_MISS, LOOKUP_HIT } lookup_result;

/* Looks key up; on a hit within the TTL fills info and takes one request
 * from the bucket (*retry_after_s > 0 when it was empty). */
static lookup_result lookup(wfm_auth *auth, const unsigned char key[KEY_BYTES], double now,
                            wfm_token_info *info, unsigned *retry_after_s)
{
    pthread_mutex_lock(&auth->lock);
    entry *e = find(auth, key);
    int fresh = e && now - e->verified_at < auth->opts.cache_ttl_s;
    if (fresh) {
        *info = e->info;
        *retry_after_s = take_request(auth, e, now);
    }
    pthread_mutex_unlock(&auth->lock);
    return fresh ? LOOKUP_HIT : LOOKUP_MISS;
}

/* Records a verification: ok stores info (keeping the bucket of an entry
 * re-verified) and takes one request; a refusal drops any entry. */
static void record(wfm_auth *auth, const unsigned char key[KEY_BYTES], double now, int ok,
                   const wfm_token_info *info, unsigned *retry_after_s)
{
    pthread_mutex_lock(&auth->lock);
    if (!ok) {
        remove_from(auth, slot_of(auth, key), key, 0);
    } else {
        entry *e = find(auth, key);
        if (!e)
            e = insert(auth, key, now);
        if (e) {
            e->info = *info;
            e->verified_at = now;
            *retry_after_s = take_request(auth, e, now);
        }
    }
    pthread_mutex_unlock(&auth->lock);
}

/* The token of "Bearer <token>" (scheme case-insensitive, RFC 6750 section
 * 2.1), or NULL. */
static const char *bearer_token(const char *authorization)
{
    if (!authorization || strncasecmp(authorization, "Bearer ", 7))
        return NULL;
    const char *token = authorization + 7;
    while (*token == ' ')
        token++;
    size_t len = strlen(token);
    return len > 0 && len <= TOKEN_TEXT_MAX ? token : NULL;
}

static void unauthorized(wfm_http_response *res, int presented, const char *message)
{
    wfm_http_error(res, 401, "unauthorized", "Authorization", "%s", message);
    wfm_http_header(res, "WWW-Authenticate",
                    presented ? "Bearer realm=\"hotline-wfm\", error=\"invalid_token\""
                              : "Bearer realm=\"hotline-wfm\"");
}

static void rate_limited(wfm_http_response *res, const wfm_auth *auth, unsigned retry_after_s)
{
    char seconds[16];
    snprintf(seconds, sizeof seconds, "%u", retry_after_s);
    wfm_http_error(res, 429, "rate_limited", NULL,
                   "more than %g requests a second with this token; retry in %u s",
                   auth->opts.rate_per_s, retry_after_s);
    wfm_http_header(res, "Retry-After", seconds);
}

/* Asks the database about token. Returns WFM_OK with info, or the error
 * (ENOTFOUND for a bad token, EDB/ELIMIT when it could not be checked). */
static wfm_status verify_in_database(wfm_db_pool *pool, const char *token, wfm_token_info *info,
                                     wfm_error *err)
{
    PGconn *db = wfm_db_pool_acquire(pool, err);
    if (!db)
        return err->status;
    wfm_status st = wfm_token_verify(db, token, info, err);
    wfm_db_pool_release(pool, db);
    return st;
}

int wfm_auth_admit(wfm_auth *auth, wfm_db_pool *pool, const char *authorization, unsigned needs,
                   const char *center_id, wfm_token_info *info, wfm_http_response *res)
{
    const char *token = bearer_token(authorization);
    if (!token) {
        unauthorized(res, authorization != NULL,
                     "this route needs a bearer token: Authorization: Bearer <token> "
                     "(wfm token create)");
        return 0;
    }
    unsigned char key[KEY_BYTES];
    crypto_generichash(key, sizeof key, (const unsigned char *)token, strlen(token), NULL, 0);
    double now = wfm_clock_now_s();
    unsigned retry_after_s = 0;
    if (lookup(auth, key, now, info, &retry_after_s) == LOOKUP_MISS) {
        wfm_error err;
        wfm_error_clear(&err);
        wfm_status st = verify_in_database(pool, token, info, &err);
        if (st == WFM_ENOTFOUND) {
            record(auth, key, now, 0, NULL, NULL);
            unauthorized(res, 1, "invalid or revoked token");
            return 0;
        }
        if (st != WFM_OK) {
            wfm_http_error_from(res, &err); /* 503 (or 429 for a busy pool): try again */
            return 0;
        }
        record(auth, key, now, 1, info, &retry_after_s);
    }
    const wfm_http_request as_caller = {.token = info};
    if (!wfm_http_authorize(&as_caller, res, needs) ||
        (center_id && !wfm_http_authorize_center(&as_caller, res, center_id)))
        return 0;
    if (retry_after_s) {
        rate_limited(res, auth, retry_after_s);
        return 0;
    }
    return 1;
}
