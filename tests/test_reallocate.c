/* Specification of optimizer/wfm_reallocate: the live re-plan moves agents
 * only within their skills, keeps breaks in their windows, keeps deferred
 * deadlines, and proposes overtime or early release when moves cannot hold
 * the target. Every case is small enough to check by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "optimizer/wfm_reallocate.h"

#define N 8 /* intervals of 15 minutes: two hours */
#define PHONE 0
#define TEXT 1
#define BOTH (1u << PHONE | 1u << TEXT)

typedef struct fixture {
    double offered[2][N], aht[2][N], need[2][N];
    wfm_realloc_queue queues[2];
    wfm_realloc_agent agents[16];
    wfm_realloc_input input;
} fixture;

/* Phone (live) needs `phone_need` seats every interval; text (deferred,
 * 60 min deadline) gets text_offered contacts an interval at 180 s each:
 * one seat answers 5 an interval. */
static void fixture_init(fixture *f, double phone_need, double text_offered)
{
    memset(f, 0, sizeof *f);
    for (int i = 0; i < N; i++) {
        f->need[PHONE][i] = phone_need;
        f->offered[PHONE][i] = phone_need * 3;
        f->aht[PHONE][i] = 240;
        f->offered[TEXT][i] = text_offered;
        f->aht[TEXT][i] = 180;
    }
    f->queues[PHONE] = (wfm_realloc_queue){"phone", WFM_QUEUE_LIVE, f->offered[PHONE],
                                           f->aht[PHONE], f->need[PHONE], 0, 0, 0, 1};
    f->queues[TEXT] = (wfm_realloc_queue){"wechat", WFM_QUEUE_DEFERRED, f->offered[TEXT],
                                          f->aht[TEXT], NULL, 0, 0, 3600, 1};
    f->input = (wfm_realloc_input){f->queues, 2, f->agents, 0, N, 900, NULL, NULL};
}

static wfm_realloc_agent *add_agent(fixture *f, unsigned skills, int queue, int shift_end)
{
    wfm_realloc_agent *a = &f->agents[f->input.n_agents++];
    *a = (wfm_realloc_agent){"agent", skills, queue, -4, shift_end, {{0}}, 0};
    return a;
}

static wfm_realloc_result solve(const fixture *f, const wfm_realloc_opts *o)
{
    wfm_realloc_result r;
    wfm_error err;
    wfm_error_clear(&err);
    if (wfm_reallocate(&f->input, o, &r, &err) != WFM_OK)
        fail_msg("reallocation refused: %s", err.message);
    return r;
}

static int assigned(const wfm_realloc_result *r, size_t q, size_t i)
{
    return r->cells[q * r->n_intervals + i].seats_assigned;
}

static void assert_within_skills(const wfm_realloc_agent *agents, const wfm_realloc_result *r)
{
    for (size_t a = 0; a < r->n_agents; a++)
        for (size_t i = 0; i < r->n_intervals; i++) {
            int q = r->assignment[a * r->n_intervals + i];
            if (q >= 0 && !(agents[a].skills >> q & 1u))
                fail_msg("agent %zu serves queue %d outside its skills at %zu", a, q, i);
        }
}

/* 3 phone-only agents and 4 text agents who may also take phone; phone
 * needs 5, text has nothing to do: two text agents move to phone at once
 * and stay, and only text agents move. */
static void phone_surge_pulls_text_skilled_agents_to_phone(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 5, 0);
    for (int k = 0; k < 3; k++)
        add_agent(&f, 1u << PHONE, PHONE, 40);
    for (int k = 0; k < 4; k++)
        add_agent(&f, BOTH, TEXT, 40);
    wfm_realloc_result r = solve(&f, NULL);
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(assigned(&r, PHONE, i), 5);
        assert_true(r.cells[PHONE * N + i].shortfall == 0);
    }
    assert_int_equal(r.n_moves, 2);
    for (size_t k = 0; k < r.n_moves; k++) {
        assert_true(r.moves[k].agent >= 3);
        assert_int_equal(r.moves[k].from_queue, TEXT);
        assert_int_equal(r.moves[k].to_queue, PHONE);
        assert_int_equal(r.moves[k].at, 0);
        assert_string_equal(r.moves[k].reason, "phone needs 5 seats, 3 planned");
    }
    /* Both are told the same thing at the same time: one decision. */
    wfm_realloc_decisions d;
    assert_int_equal(wfm_realloc_group_moves(&r, &d, NULL), WFM_OK);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.first[0], 0);
    assert_int_equal(d.of_entry[1], 0);
    wfm_realloc_decisions_free(&d);
    assert_within_skills(f.agents, &r);
    wfm_realloc_result_free(&r);
}

/* Text-only agents stay on text even when phone is short: phone lacks
 * seats rather than borrowing an agent who cannot take calls. */
static void agents_never_serve_outside_their_skills(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 4, 0);
    add_agent(&f, 1u << PHONE, PHONE, 40);
    for (int k = 0; k < 5; k++)
        add_agent(&f, 1u << TEXT, TEXT, 40);
    wfm_realloc_result r = solve(&f, NULL);
    assert_within_skills(f.agents, &r);
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(assigned(&r, PHONE, i), 1);
        assert_true(fabs(r.cells[PHONE * N + i].shortfall - 3) < 1e-9);
    }
    wfm_realloc_result_free(&r);
}

/* Phone needs 3 in the first three intervals and 2 after; one of the 3
 * agents has a one-interval break planned at interval 1, allowed in 0..6:
 * it must move to 3..6 (where the third agent is spare), never outside. */
static void breaks_move_out_of_the_peak_inside_their_window(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 2, 0);
    for (int i = 0; i < 3; i++)
        f.need[PHONE][i] = 3;
    add_agent(&f, 1u << PHONE, PHONE, 40);
    add_agent(&f, 1u << PHONE, PHONE, 40);
    wfm_realloc_agent *a = add_agent(&f, 1u << PHONE, PHONE, 40);
    a->breaks[0] = (wfm_realloc_break){1, 1, 0, 6};
    a->n_breaks = 1;
    wfm_realloc_result r = solve(&f, NULL);
    assert_int_equal(r.n_break_changes, 1);
    const wfm_realloc_break_change *c = &r.break_changes[0];
    assert_int_equal(c->agent, 2);
    assert_int_equal(c->from, 1);
    assert_true(c->to >= 3 && c->to <= 6);
    assert_non_null(strstr(c->reason, "phone is 1 seats short at interval 1"));
    for (size_t i = 0; i < N; i++)
        assert_true(r.cells[PHONE * N + i].shortfall == 0);
    assert_int_equal(r.assignment[2 * N + c->to], WFM_REALLOC_UNAVAILABLE);
    wfm_realloc_result_free(&r);
}

/* A WeChat backlog of 100 contacts due within the hour, 180 s each: 20
 * seat-intervals in the first 4 intervals. Six agents who may do both,
 * phone needs 1: at least 5 of them go to WeChat on average, and by the end
 * of interval 3 nothing is late. */
static void deferred_backlog_still_meets_its_deadline(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 1, 0);
    f.queues[TEXT].backlog = 100;
    f.queues[TEXT].backlog_due_s = 3600;
    for (int k = 0; k < 6; k++)
        add_agent(&f, BOTH, PHONE, 40);
    wfm_realloc_result r = solve(&f, NULL);
    int text_seat_intervals = 0;
    for (size_t i = 0; i < 4; i++) {
        text_seat_intervals += assigned(&r, TEXT, i);
        assert_true(assigned(&r, PHONE, i) >= 1);
    }
    assert_true(text_seat_intervals >= 20);
    for (size_t i = 0; i < N; i++) {
        assert_true(r.cells[TEXT * N + i].shortfall == 0);
        assert_true(r.cells[TEXT * N + i].predicted_answer_rate == 1);
    }
    assert_within_skills(f.agents, &r);
    wfm_realloc_result_free(&r);
}

/* Phone needs 2 throughout; the second phone agent's shift ends at
 * interval 4 and nobody else can take calls: overtime for that agent from
 * 4 to the end of the horizon (4 intervals = the longest allowed). */
static void overtime_is_proposed_when_no_move_can_cover(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 2, 0);
    add_agent(&f, 1u << PHONE, PHONE, 40);
    add_agent(&f, 1u << PHONE, PHONE, 4);
    add_agent(&f, 1u << TEXT, TEXT, 40);
    wfm_realloc_result r = solve(&f, NULL);
    assert_int_equal(r.n_proposals, 1);
    const wfm_realloc_proposal *p = &r.proposals[0];
    assert_int_equal(p->agent, 1);
    assert_int_equal(p->kind, WFM_PROPOSE_OVERTIME);
    assert_int_equal(p->from, 4);
    assert_int_equal(p->until, 8);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(assigned(&r, PHONE, i), 2);
    wfm_realloc_result_free(&r);
}

/* Without the overtime option the same case reports the gap instead. */
static void without_overtime_the_shortfall_is_reported(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 2, 0);
    add_agent(&f, 1u << PHONE, PHONE, 40);
    add_agent(&f, 1u << PHONE, PHONE, 4);
    wfm_realloc_opts o;
    wfm_realloc_opts_init(&o);
    o.max_overtime_intervals = 0;
    o.max_release_intervals = 0;
    wfm_realloc_result r = solve(&f, &o);
    assert_int_equal(r.n_proposals, 0);
    for (size_t i = 4; i < N; i++) {
        assert_true(fabs(r.cells[PHONE * N + i].shortfall - 1) < 1e-9);
        /* 1 seat x 900 s / 240 s = 3.75 of 6 offered calls (fluid bound). */
        assert_true(fabs(r.cells[PHONE * N + i].predicted_answer_rate - 3.75 / 6) < 1e-9);
    }
    wfm_realloc_result_free(&r);
}

/* Three phone agents ending with the horizon where one is needed: the two
 * spare agents are offered the last hour (the longest early release by
 * default) off, the queue keeps its seat. */
static void surplus_agents_are_offered_early_release(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 1, 0);
    for (int k = 0; k < 3; k++)
        add_agent(&f, 1u << PHONE, PHONE, N);
    wfm_realloc_result r = solve(&f, NULL);
    assert_int_equal(r.n_proposals, 2);
    for (size_t k = 0; k < r.n_proposals; k++) {
        assert_int_equal(r.proposals[k].kind, WFM_PROPOSE_EARLY_RELEASE);
        assert_int_equal(r.proposals[k].from, N - 4);
        assert_int_equal(r.proposals[k].until, N);
    }
    for (size_t i = N - 4; i < N; i++)
        assert_int_equal(assigned(&r, PHONE, i), 1);
    /* One end key, one length: a single decision for both agents, its
     * reason the one each agent's proposal carries. */
    wfm_realloc_decisions d;
    assert_int_equal(wfm_realloc_group_proposals(&r, &d, NULL), WFM_OK);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.of_entry[0], 0);
    assert_int_equal(d.of_entry[1], 0);
    assert_string_equal(r.proposals[d.first[0]].reason,
                        "no queue the agent can serve needs them before the shift ends");
    wfm_realloc_decisions_free(&d);
    wfm_realloc_result_free(&r);
}

/* Entries equal but for the agent are one decision, wherever they stand;
 * any other difference (the reason too) makes another. Decisions are
 * numbered by their first entry. */
static void decisions_are_entries_equal_but_for_the_agent(void **state)
{
    (void)state;
    wfm_realloc_move moves[] = {
        {0, PHONE, TEXT, 2, "wechat: contacts must be answered within 60 min"},
        {1, TEXT, PHONE, 2, "phone needs 5 seats, 3 planned"},
        {2, PHONE, TEXT, 2, "wechat: contacts must be answered within 60 min"},
        {3, PHONE, TEXT, 3, "wechat: contacts must be answered within 60 min"},
        {4, TEXT, PHONE, 2, "back to the planned queue"},
    };
    wfm_realloc_break_change breaks[] = {{0, 0, 1, 4, "spreads breaks"}, {1, 1, 1, 4, "spreads breaks"},
                                         {2, 0, 1, 5, "spreads breaks"}};
    wfm_realloc_proposal proposals[] = {
        {5, WFM_PROPOSE_OVERTIME, 4, 8, "phone short"},
        {6, WFM_PROPOSE_EARLY_RELEASE, 4, 8, "phone short"},
        {7, WFM_PROPOSE_OVERTIME, 4, 8, "phone short"},
        {8, WFM_PROPOSE_OVERTIME, 4, 7, "phone short"},
    };
    wfm_realloc_result r = {.moves = moves, .n_moves = 5, .break_changes = breaks,
                            .n_break_changes = 3, .proposals = proposals, .n_proposals = 4};
    wfm_realloc_decisions d;
    assert_int_equal(wfm_realloc_group_moves(&r, &d, NULL), WFM_OK);
    assert_int_equal(d.n, 4);
    const size_t move_decision[] = {0, 1, 0, 2, 3}, move_first[] = {0, 1, 3, 4};
    for (size_t k = 0; k < 5; k++)
        assert_int_equal(d.of_entry[k], move_decision[k]);
    for (size_t k = 0; k < 4; k++)
        assert_int_equal(d.first[k], move_first[k]);
    wfm_realloc_decisions_free(&d);

    /* The break index is the agent's own: breaks 0 and 1 of two agents
     * moved from 1 to 4 are one decision. */
    assert_int_equal(wfm_realloc_group_break_changes(&r, &d, NULL), WFM_OK);
    assert_int_equal(d.n, 2);
    assert_int_equal(d.of_entry[1], 0);
    assert_int_equal(d.of_entry[2], 1);
    wfm_realloc_decisions_free(&d);

    assert_int_equal(wfm_realloc_group_proposals(&r, &d, NULL), WFM_OK);
    assert_int_equal(d.n, 3);
    assert_int_equal(d.of_entry[0], 0);
    assert_int_equal(d.of_entry[1], 1);
    assert_int_equal(d.of_entry[2], 0);
    assert_int_equal(d.of_entry[3], 2);
    wfm_realloc_decisions_free(&d);

    wfm_realloc_result none = {0};
    assert_int_equal(wfm_realloc_group_moves(&none, &d, NULL), WFM_OK);
    assert_int_equal(d.n, 0);
    wfm_realloc_decisions_free(&d);
}

/* ---- a larger random instance: properties every plan must have ---------- */

#define BIG_AGENTS 80
#define BIG_QUEUES 4
#define BIG_N 32

typedef struct big_instance {
    double offered[BIG_QUEUES][BIG_N], aht[BIG_QUEUES][BIG_N], need[BIG_N];
    wfm_realloc_queue queues[BIG_QUEUES];
    wfm_realloc_agent agents[BIG_AGENTS];
    wfm_realloc_input input;
} big_instance;

static unsigned next_random(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7fff;
}

static void big_init(big_instance *x, unsigned seed)
{
    static const char *names[BIG_QUEUES] = {"phone", "wechat", "weibo", "mailbox"};
    for (int q = 0; q < BIG_QUEUES; q++) {
        for (int i = 0; i < BIG_N; i++) {
            x->offered[q][i] = q == 0 ? 120 + 40 * (i < 8) : 15;
            x->aht[q][i] = q == 0 ? 240 : 300;
        }
        x->queues[q] = (wfm_realloc_queue){names[q], q ? WFM_QUEUE_DEFERRED : WFM_QUEUE_LIVE,
                                           x->offered[q], x->aht[q], q ? NULL : x->need,
                                           q == 1 ? 60 : 0, 3600, 7200, 1};
    }
    for (int i = 0; i < BIG_N; i++)
        x->need[i] = ceil(x->offered[0][i] * 240 / 900 * 1.1);
    for (int a = 0; a < BIG_AGENTS; a++) {
        unsigned skills = 1u + next_random(&seed) % 15u;
        int queue = 0;
        while (!(skills >> queue & 1u))
            queue++;
        int end = 6 + (int)(next_random(&seed) % 40);
        wfm_realloc_agent *ag = &x->agents[a];
        *ag = (wfm_realloc_agent){"agent", skills, queue, -(int)(next_random(&seed) % 8), end,
                                  {{0}}, 0};
        /* Some breaks under way, some windows reaching past the shift. */
        int start = ag->shift_start + (int)(next_random(&seed) % (unsigned)(end - 1 - ag->shift_start));
        ag->breaks[0] = (wfm_realloc_break){start, 2, start - 3, start + 5};
        ag->n_breaks = 1;
    }
    x->input = (wfm_realloc_input){x->queues, BIG_QUEUES, x->agents, BIG_AGENTS, BIG_N, 900,
                                   NULL, NULL};
}

/* The break start after the plan's changes. */
static int final_break_start(const wfm_realloc_result *r, const wfm_realloc_agent *ag, size_t a)
{
    for (size_t k = 0; k < r->n_break_changes; k++)
        if (r->break_changes[k].agent == a)
            return r->break_changes[k].to;
    return ag->breaks[0].start;
}

/* The end of the agent's working time after overtime or early release. */
static int final_shift_end(const wfm_realloc_result *r, const wfm_realloc_agent *ag, size_t a)
{
    for (size_t k = 0; k < r->n_proposals; k++)
        if (r->proposals[k].agent == a)
            return r->proposals[k].kind == WFM_PROPOSE_OVERTIME ? r->proposals[k].until
                                                               : r->proposals[k].from;
    return ag->shift_end;
}

/* Every agent present works (a queue or offline), nobody absent does,
 * started breaks stay, moved breaks stay in their windows. */
static void assert_presence_respected(const big_instance *x, const wfm_realloc_result *r)
{
    for (size_t a = 0; a < BIG_AGENTS; a++) {
        const wfm_realloc_agent *ag = &x->agents[a];
        int brk = final_break_start(r, ag, a), end = final_shift_end(r, ag, a);
        if (brk != ag->breaks[0].start) {
            assert_true(ag->breaks[0].start >= 0);
            assert_true(brk >= ag->breaks[0].earliest && brk <= ag->breaks[0].latest);
        }
        for (int i = 0; i < BIG_N; i++) {
            int present = i >= ag->shift_start && i < end && !(i >= brk && i < brk + 2);
            int working = r->assignment[a * BIG_N + (size_t)i] != WFM_REALLOC_UNAVAILABLE;
            if (present != working)
                fail_msg("agent %zu interval %d: present %d but working %d", a, i, present,
                         working);
        }
    }
}

/* The cells count the named agents, and each move is a change of queue
 * in the agent's sequence of working intervals (and only those). */
static void assert_counts_and_moves_agree(const big_instance *x, const wfm_realloc_result *r)
{
    for (size_t q = 0; q < BIG_QUEUES; q++)
        for (size_t i = 0; i < BIG_N; i++) {
            int n = 0;
            for (size_t a = 0; a < BIG_AGENTS; a++)
                n += r->assignment[a * BIG_N + i] == (int)q;
            assert_int_equal(n, r->cells[q * BIG_N + i].seats_assigned);
        }
    for (size_t a = 0; a < BIG_AGENTS; a++) {
        size_t changes = 0, moves = 0;
        int last = x->agents[a].queue;
        for (size_t i = 0; i < BIG_N; i++) {
            int q = r->assignment[a * BIG_N + i];
            if (q == WFM_REALLOC_UNAVAILABLE)
                continue;
            changes += q != last;
            last = q;
        }
        for (size_t k = 0; k < r->n_moves; k++)
            moves += r->moves[k].agent == a;
        assert_int_equal(changes, moves);
    }
}

/* A grouping partitions the n entries: each decision's first entry is its
 * own, firsts rise, every entry lies in a decision numbered no later than
 * its first appearance allows, and no entry is lost. */
static void assert_partition(const wfm_realloc_decisions *d, size_t n)
{
    assert_true(d->n <= n);
    for (size_t g = 0; g < d->n; g++) {
        assert_int_equal(d->of_entry[d->first[g]], g);
        if (g > 0)
            assert_true(d->first[g] > d->first[g - 1]);
    }
    for (size_t k = 0; k < n; k++) {
        assert_true(d->of_entry[k] < d->n);
        assert_true(d->first[d->of_entry[k]] <= k);
    }
}

/* Moves of one decision agree in all but the agent; two decisions never do. */
static void assert_moves_grouped(const wfm_realloc_result *r)
{
    wfm_realloc_decisions d;
    assert_int_equal(wfm_realloc_group_moves(r, &d, NULL), WFM_OK);
    assert_partition(&d, r->n_moves);
    for (size_t k = 0; k < r->n_moves; k++) {
        for (size_t g = 0; g < d.n; g++) {
            const wfm_realloc_move *a = &r->moves[k], *b = &r->moves[d.first[g]];
            int same = a->from_queue == b->from_queue && a->to_queue == b->to_queue &&
                       a->at == b->at && !strcmp(a->reason, b->reason);
            assert_int_equal(same, d.of_entry[k] == g);
        }
    }
    wfm_realloc_decisions_free(&d);
}

static void random_plans_respect_skills_breaks_shifts_and_counts(void **state)
{
    (void)state;
    static big_instance x;
    /* Properties, not speed: a generous simplex limit so a loaded machine
     * (or valgrind) does not turn a slow solve into a refusal. */
    wfm_realloc_opts o;
    wfm_realloc_opts_init(&o);
    o.time_limit_ms = 120000;
    for (unsigned seed = 1; seed <= 4; seed++) {
        big_init(&x, seed);
        wfm_realloc_result r;
        wfm_error err;
        if (wfm_reallocate(&x.input, &o, &r, &err) != WFM_OK)
            fail_msg("seed %u: %s", seed, err.message);
        assert_within_skills(x.agents, &r);
        assert_presence_respected(&x, &r);
        assert_counts_and_moves_agree(&x, &r);
        assert_moves_grouped(&r);
        wfm_realloc_result_free(&r);
    }
}

static void expect_rejected(const fixture *f, const char *field)
{
    wfm_realloc_result r;
    wfm_error err;
    wfm_error_clear(&err);
    assert_int_equal(wfm_reallocate(&f->input, NULL, &r, &err), WFM_EINVAL);
    assert_string_equal(err.field, field);
    assert_null(r.cells);
}

static void bad_input_is_refused_naming_the_field(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 1, 0);
    wfm_realloc_agent *a = add_agent(&f, 1u << TEXT, PHONE, 40);
    expect_rejected(&f, "queue");
    a->queue = TEXT;
    a->skills = 1u << 5;
    expect_rejected(&f, "skills");
    a->skills = 1u << TEXT;
    a->breaks[0] = (wfm_realloc_break){5, 1, 0, 3};
    a->n_breaks = 1;
    expect_rejected(&f, "breaks");
    a->breaks[0] = (wfm_realloc_break){2, 2, 0, 3};
    a->breaks[1] = (wfm_realloc_break){3, 1, 3, 6};
    a->n_breaks = 2;
    expect_rejected(&f, "breaks"); /* overlapping */
    a->n_breaks = 0;
    f.queues[TEXT].deadline_s = 0;
    expect_rejected(&f, "deadline_s");
    f.queues[TEXT].deadline_s = 3600;
    f.aht[PHONE][3] = 0;
    expect_rejected(&f, "aht_s");
    f.aht[PHONE][3] = 240;
    f.need[PHONE][2] = NAN;
    expect_rejected(&f, "seats_needed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(phone_surge_pulls_text_skilled_agents_to_phone),
        cmocka_unit_test(agents_never_serve_outside_their_skills),
        cmocka_unit_test(breaks_move_out_of_the_peak_inside_their_window),
        cmocka_unit_test(deferred_backlog_still_meets_its_deadline),
        cmocka_unit_test(overtime_is_proposed_when_no_move_can_cover),
        cmocka_unit_test(without_overtime_the_shortfall_is_reported),
        cmocka_unit_test(surplus_agents_are_offered_early_release),
        cmocka_unit_test(decisions_are_entries_equal_but_for_the_agent),
        cmocka_unit_test(random_plans_respect_skills_breaks_shifts_and_counts),
        cmocka_unit_test(bad_input_is_refused_naming_the_field),
    };
    return cmocka_run_group_tests_name("reallocate", tests, NULL, NULL);
}
