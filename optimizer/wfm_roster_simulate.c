/* wfm_roster_simulate: the roster's seats per queue and interval handed to
 * the discrete-event simulation (models/wfm_roster_sim.h), so a roster
 * reports the answer rate it really holds next to the one the answered-calls
 * curve predicts. */
#include "optimizer/wfm_roster.h"

#include <stdlib.h>

/* Whether every queue that is offered calls says how its callers behave. */
static int can_simulate(const wfm_roster_input *in)
{
    if (!in->offered)
        return 0;
    size_t per_queue = (size_t)in->n_days * in->intervals_per_day;
    for (int q = 0; q < in->n_queues; q++) {
        const wfm_roster_queue *queue = &in->queues[q];
        double offered = 0;
        for (size_t k = 0; k < per_queue; k++)
            offered += in->offered[q * per_queue + k];
        if (offered > 0 && (!(queue->aht_s > 0) || !(queue->patience_s > 0 || queue->deadline_s > 0)))
            return 0;
    }
    return 1;
}

wfm_status wfm_roster_simulate(const wfm_roster_input *in, const wfm_roster_opts *opts,
                               wfm_roster_result *r, wfm_error *err)
{
    wfm_roster_sim_result_free(&r->sim);
    if (!can_simulate(in) || !r->seats)
        return WFM_OK;
    size_t per_queue = (size_t)in->n_days * in->intervals_per_day;
    wfm_roster_sim_queue queues[WFM_ROSTER_MAX_QUEUES];
    for (int q = 0; q < in->n_queues; q++) {
        const wfm_roster_queue *queue = &in->queues[q];
        queues[q] = (wfm_roster_sim_queue){queue->name, in->offered + q * per_queue,
                                           r->seats + q * per_queue, queue->aht_s,
                                           queue->patience_s, queue->deadline_s};
    }
    wfm_roster_sim_input sim_in = {queues, (size_t)in->n_queues, in->n_days,
                                   in->intervals_per_day, 86400.0 / in->intervals_per_day};
    wfm_roster_sim_opts o;
    wfm_roster_sim_opts_init(&o);
    o.replications = opts->simulate_replications;
    o.seed = opts->simulate_seed;
    if (opts->simulate_handle_cv > 0) {
        o.handle_dist = WFM_HANDLE_LOGNORMAL;
        o.handle_cv = opts->simulate_handle_cv;
    }
    return wfm_roster_sim_run(&sim_in, &o, &r->sim, err);
}
