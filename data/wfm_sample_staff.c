/* wfm_sample_staff: the demo hotline's agents and shift templates (see
 * wfm_sample_staff.h; the numbers are explained in docs/sample-data.md). */
#include "data/wfm_sample_staff.h"

#include <stdio.h>

#define ALL_DAY (-1)

/* When an agent may work: each shift starts at or after from_min and ends
 * by to_min (minutes after midnight); ALL_DAY: no limit. */
typedef struct availability {
    const char *name;
    int from_min, to_min;
} availability;

static const availability ANY = {"any time", ALL_DAY, ALL_DAY};
static const availability DAYS = {"days", 360, 1200};      /* 06:00-20:00 */
static const availability EVENINGS = {"evenings", 660, 1440}; /* 11:00-24:00 */
static const availability LATE = {"late evenings", 960, 1440}; /* 16:00-24:00 */

/* A skill group: agents with the same queues, contract and availability. */
typedef struct staff_group {
    int count;
    const char *skills[5];
    double min_week_hours, max_week_hours;
    const availability *when;
    const char *preferred; /* template every other agent prefers, or NULL */
} staff_group;

#define PHONE "phone"
#define TEXT "sms", "mailbox", "weibo", "wechat"

/* 350 agents: 250 full time (32-40 paid hours a week), 100 part time
 * (12-24); 275 take phone calls, 165 text (90 both); 105 may work nights. */
static const staff_group GROUPS[] = {
    {55, {PHONE}, 32, 40, &ANY, "night"},
    {40, {PHONE}, 32, 40, &DAYS, "early"},
    {25, {PHONE}, 32, 40, &EVENINGS, "late"},
    {25, {PHONE, "sms"}, 32, 40, &ANY, NULL},
    {15, {PHONE, "sms"}, 32, 40, &DAYS, "day"},
    {25, {PHONE, TEXT}, 32, 40, &ANY, NULL},
    {10, {PHONE, TEXT}, 32, 40, &DAYS, NULL},
    {30, {TEXT}, 32, 40, &DAYS, "day"},
    {25, {TEXT}, 32, 40, &EVENINGS, "late"},
    {45, {PHONE}, 12, 24, &DAYS, "part-4h"},
    {20, {PHONE}, 12, 24, &EVENINGS, "part-4h"},
    {20, {TEXT}, 12, 24, &LATE, "part-4h"},
    {15, {PHONE, "sms"}, 12, 24, &DAYS, "part-4h"},
};

static const char *const SURNAMES[] = {"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao",
                                       "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu", "Zhu", "Gao",
                                       "Lin", "He", "Guo", "Ma", "Luo"};
static const char *const GIVEN[] = {"Wei", "Fang", "Na", "Min", "Jing", "Lei", "Qiang", "Yan",
                                    "Jie", "Tao", "Ming", "Chao", "Xia", "Ping", "Gang", "Hui",
                                    "Yun", "Lan", "Bo", "Ling"};

static json_t *agent_json(const staff_group *g, int number, int nth_in_group)
{
    char id[16], name[48];
    snprintf(id, sizeof id, "jn-%03d", number);
    /* 20 x 20 names, stepped so neighbours differ in both parts */
    snprintf(name, sizeof name, "%s %s", SURNAMES[number % 20], GIVEN[(number * 7 / 20) % 20]);
    json_t *skills = json_array();
    for (int s = 0; s < 5 && g->skills[s]; s++)
        json_array_append_new(skills, json_string(g->skills[s]));
    json_t *agent = json_pack("{s:s, s:s, s:o, s:f, s:f}", "id", id, "name", name, "skills",
                              skills, "min_week_hours", g->min_week_hours, "max_week_hours",
                              g->max_week_hours);
    if (g->when->from_min != ALL_DAY) {
        json_object_set_new(agent, "available_from_min", json_integer(g->when->from_min));
        json_object_set_new(agent, "available_to_min", json_integer(g->when->to_min));
    }
    if (g->preferred && nth_in_group % 2 == 0)
        json_object_set_new(agent, "preferred_template", json_string(g->preferred));
    return agent;
}

json_t *wfm_sample_agents(void)
{
    json_t *agents = json_array();
    int number = 0;
    for (size_t k = 0; agents && k < sizeof GROUPS / sizeof *GROUPS; k++)
        for (int i = 0; i < GROUPS[k].count; i++) {
            json_t *agent = agent_json(&GROUPS[k], ++number, i);
            if (!agent || json_array_append_new(agents, agent)) {
                json_decref(agents);
                return NULL;
            }
        }
    return agents;
}

/* An 8.5-hour shift (8 paid): a paid 15-minute break 1.5-2.5 h in, an
 * unpaid 30-minute lunch 3.5-5 h in, a paid 15-minute break 6-7 h in. */
static json_t *full_shift(const char *name, int first_start, int last_start, int step)
{
    return json_pack("{s:s, s:i, s:i, s:i, s:i, s:[{s:i, s:b, s:i, s:i}, {s:i, s:b, s:i, s:i},"
                     " {s:i, s:b, s:i, s:i}]}",
                     "name", name, "start_earliest_min", first_start, "start_latest_min",
                     last_start, "start_step_min", step, "length_min", 510, "breaks",
                     "length_min", 15, "paid", 1, "earliest_min", 90, "latest_min", 150,
                     "length_min", 30, "paid", 0, "earliest_min", 210, "latest_min", 300,
                     "length_min", 15, "paid", 1, "earliest_min", 360, "latest_min", 420);
}

/* Every shift starts and ends within its day, the night one at midnight,
 * so the first morning of a horizon is covered like any other. */
json_t *wfm_sample_templates(void)
{
    return json_pack(
        "[o, o, o, o, {s:s, s:i, s:i, s:i, s:i, s:[{s:i, s:b, s:i, s:i}]}]",
        full_shift("night", 0, 60, 60),    /* 00:00-01:00 starts, ending by 09:30 */
        full_shift("early", 360, 480, 30), /* 06:00-08:00 */
        full_shift("day", 510, 660, 30),   /* 08:30-11:00 */
        full_shift("late", 690, 930, 30),  /* 11:30-15:30, ending by midnight */
        "name", "part-4h", "start_earliest_min", 480, "start_latest_min", 1200,
        "start_step_min", 60, "length_min", 240, "breaks", "length_min", 15, "paid", 1,
        "earliest_min", 90, "latest_min", 150);
}
