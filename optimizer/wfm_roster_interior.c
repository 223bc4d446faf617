/* wfm_roster_interior: the interior-point solve on its own thread (see
 * wfm_roster_interior.h). */
#include "optimizer/wfm_roster_interior.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What the caller and the solving thread share; whichever of them lets go
 * last frees it. */
typedef struct solve {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    glp_prob *source; /* the caller's LP: read until copied is set */
    glp_iptcp parm;
    int n_cols;
    double *x, *d;    /* 1-based: values and reduced costs */
    double objective;
    int copied, done, rc;
    int abandoned;    /* the caller stopped waiting: the solve may give up */
    int holders;      /* 2 while both hold it */
    int verbose;      /* pass GLPK's iteration lines through */
    jmp_buf give_up;  /* the solving thread's way out of glp_interior */
} solve;

static void let_go(solve *s)
{
    pthread_mutex_lock(&s->lock);
    int last = --s->holders == 0;
    pthread_mutex_unlock(&s->lock);
    if (!last)
        return;
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->changed);
    free(s->x);
    free(s->d);
    free(s);
}

/* GLPK's terminal hook, in the solving thread's environment: the
 * interior-point method prints a line an iteration (msg_lev GLP_MSG_ON),
 * which is where it can be told to give up. Leaving it by longjmp skips
 * GLPK's frames; glp_free_env then frees everything that environment
 * holds, GLPK's documented way back from an aborted call. */
static int on_line(void *info, const char *text)
{
    solve *s = info;
    (void)text;
    pthread_mutex_lock(&s->lock);
    int abandoned = s->abandoned;
    pthread_mutex_unlock(&s->lock);
    if (abandoned)
        longjmp(s->give_up, 1);
    return !s->verbose; /* nonzero: not printed */
}

static void *run(void *arg)
{
    solve *s = arg;
    if (setjmp(s->give_up)) {
        glp_free_env(); /* the copy and the method's work with it */
        pthread_mutex_lock(&s->lock);
        s->rc = -1;
        s->done = 1;
        pthread_mutex_unlock(&s->lock);
        let_go(s);
        return NULL;
    }
    glp_term_hook(on_line, s);
    glp_prob *lp = glp_create_prob(); /* in this thread's GLPK environment */
    glp_copy_prob(lp, s->source, GLP_OFF);
    pthread_mutex_lock(&s->lock);
    s->copied = 1;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);

    int rc = glp_interior(lp, &s->parm) == 0 && glp_ipt_status(lp) == GLP_OPT ? 0 : -1;
    if (rc == 0) {
        s->objective = glp_ipt_obj_val(lp);
        for (int j = 1; j <= s->n_cols; j++) {
            s->x[j] = glp_ipt_col_prim(lp, j);
            s->d[j] = glp_ipt_col_dual(lp, j);
        }
    }
    glp_delete_prob(lp);
    glp_free_env(); /* this thread's environment only */

    pthread_mutex_lock(&s->lock);
    s->rc = rc;
    s->done = 1;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
    let_go(s);
    return NULL;
}

/* Waits up to ms for the solve to change; returns with the lock held. */
static void wait_ms(solve *s, long ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += ms * 1000000L;
    until.tv_sec += until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    pthread_cond_timedwait(&s->changed, &s->lock, &until);
}

int wfm_roster_interior(glp_prob *lp, const glp_iptcp *parm, wfm_roster_watch *w, int stop_at,
                        double *x, double *d, double *objective)
{
    solve *s = calloc(1, sizeof *s);
    if (!s)
        return -1;
    s->n_cols = glp_get_num_cols(lp);
    s->x = malloc(sizeof *s->x * ((size_t)s->n_cols + 1));
    s->d = malloc(sizeof *s->d * ((size_t)s->n_cols + 1));
    s->source = lp;
    s->parm = *parm;
    s->verbose = parm->msg_lev >= GLP_MSG_ON;
    s->parm.msg_lev = GLP_MSG_ON; /* a line an iteration: the hook's chance to stop it */
    s->holders = 2;
    /* glp_copy_prob reads the source's factorization settings, which GLPK
     * creates on first use: created on the other thread they would belong
     * to its environment and go when it ends. Create them here. */
    glp_bfcp bfcp;
    glp_get_bfcp(lp, &bfcp);
    pthread_t thread;
    pthread_attr_t attr;
    if (!s->x || !s->d || pthread_mutex_init(&s->lock, NULL) ||
        pthread_cond_init(&s->changed, NULL)) {
        free(s->x);
        free(s->d);
        free(s);
        return -1;
    }
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int failed = pthread_create(&thread, &attr, run, s);
    pthread_attr_destroy(&attr);
    if (failed) {
        s->holders = 1;
        let_go(s);
        return -1;
    }
    int rc = 1;
    pthread_mutex_lock(&s->lock);
    while (!s->copied) /* the caller's LP must stay as it is until then */
        wait_ms(s, 50);
    for (;;) {
        if (s->done) {
            rc = s->rc;
            break;
        }
        pthread_mutex_unlock(&s->lock);
        int stop = w ? wfm_roster_watch_poll(w) : WFM_ROSTER_GO_ON;
        pthread_mutex_lock(&s->lock);
        if (stop >= stop_at)
            break;
        if (!s->done)
            wait_ms(s, 50);
    }
    if (rc == 0) {
        memcpy(x + 1, s->x + 1, sizeof *x * s->n_cols);
        memcpy(d + 1, s->d + 1, sizeof *d * s->n_cols);
        *objective = s->objective;
    }
    s->abandoned = 1; /* when still running: give up at the next iteration */
    pthread_mutex_unlock(&s->lock);
    let_go(s);
    return rc;
}
