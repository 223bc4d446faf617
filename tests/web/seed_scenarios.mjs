// Two what-if scenarios for the browser tests (tests/web/run.sh), when the
// server has the scenario API: the center's agents and shift templates are
// stored first (the 350 agents of roster_week.mjs, every fifth one skilled
// for all five queues), then one day computed as is and with volume x1.2.
// Waits until both have finished. A server without the API (404) is left
// alone: the tests then check the view against contract-shaped replies.
//   node tests/web/seed_scenarios.mjs BASE_URL START_DATE   (token: $WFM_WEB_TOKEN)
import { execFileSync } from 'node:child_process';

const [base, start] = process.argv.slice(2);
const headers = { 'Content-Type': 'application/json' };
if (process.env.WFM_WEB_TOKEN) headers.Authorization = 'Bearer ' + process.env.WFM_WEB_TOKEN;
const call = async (method, path, body) => {
  const r = await fetch(base + path, { method, headers, body: body && JSON.stringify(body) });
  return { status: r.status, body: await r.json().catch(() => null) };
};

if ((await call('GET', '/v1/centers/jinan/scenarios')).status === 404) {
  console.log('scenarios: this server has no scenario API; none made');
  process.exit(0);
}
const week = JSON.parse(execFileSync(process.execPath,
  [new URL('roster_week.mjs', import.meta.url).pathname, start, '350']));
for (const t of week.templates)
  await call('PUT', `/v1/centers/jinan/shift-templates/${t.name}`, t);
await Promise.all(week.agents.map((a, i) => call('PUT', `/v1/centers/jinan/agents/${a.id}`,
  i % 5 === 0 ? { ...a, skills: ['phone', 'sms', 'wechat', 'weibo', 'mailbox'] } : a)));
const ids = [];
for (const [name, factor] of [['base', 1], ['volume +20%', 1.2]]) {
  const r = await call('POST', '/v1/centers/jinan/scenarios', {
    name, start_date: start, days: 1, overrides: factor === 1 ? {} : { volume_factor: factor },
    options: { time_limit_s: 10 } });
  if (r.status !== 202) throw new Error(`POST scenario ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  ids.push(r.body.scenario.id);
}
for (let waited = 0; ; waited += 1) {
  const found = await Promise.all(ids.map(async (id) => (await call('GET', `/v1/scenarios/${id}`)).body));
  const states = found.map((s) => s.state);
  if (states.every((s) => ['succeeded', 'failed', 'cancelled'].includes(s))) {
    console.log(`scenarios ${ids.join(', ')}: ${states.join(', ')}`);
    for (const s of found.filter((s) => s.error)) console.log(`scenario ${s.id}: ${JSON.stringify(s.error)}`);
    process.exit(states.every((s) => s === 'succeeded') ? 0 : 1);
  }
  if (waited > 300) throw new Error('scenarios did not finish in 300 s');
  await new Promise((ok) => setTimeout(ok, 1000));
}
