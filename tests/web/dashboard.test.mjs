// Specification of the dashboard (web/) in a real browser: headless Debian
// Chromium driven by playwright-core, against the wfm-server that
// tests/web/run.sh started with the sample center, today's live inputs and
// actuals, and a small roster. Each chart must hold what the API returns
// for the same request (fetched here, outside the page); a poll answered
// 304 must redraw nothing; a new plan must redraw once; the language
// toggle switches labels; Publish publishes. Screenshots go to
// $WFM_WEB_ARTIFACTS.
//
// Environment (set by run.sh): WFM_WEB_BASE (http://127.0.0.1:PORT),
// WFM_WEB_TOKEN (an admin token; empty when the server runs with auth off),
// WFM_WEB_VIEWER_TOKEN (a viewer token, or empty),
// WFM_WEB_ARTIFACTS, WFM_WEB_ACTUALS_NEXT (a later actuals post).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { chromium } from 'playwright-core';

const BASE = process.env.WFM_WEB_BASE;
const TOKEN = process.env.WFM_WEB_TOKEN || '';
const VIEWER_TOKEN = process.env.WFM_WEB_VIEWER_TOKEN || '';
const ARTIFACTS = process.env.WFM_WEB_ARTIFACTS || 'build/web-artifacts';
const CENTER = 'jinan';
assert.ok(BASE, 'WFM_WEB_BASE must be set (run tests/web/run.sh)');

let browser;
let context;
let profile;

/* The API as the page sees it, fetched from here. */
async function api(path, init = {}) {
  const headers = Object.assign({}, init.headers || {});
  if (TOKEN) headers.Authorization = 'Bearer ' + TOKEN;
  const r = await fetch(BASE + path, Object.assign({}, init, { headers }));
  assert.ok(r.ok, `${path}: HTTP ${r.status}`);
  return r.json();
}

before(async () => {
  profile = mkdtempSync(join(tmpdir(), 'wfm-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1366, height: 900 },
    locale: 'zh-CN',
  });
  browser = context;
});

after(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/* A fresh page on view, the token passed the way a person would get it:
 * in the address's fragment. Collects the API requests the page makes. */
async function open(view, extra = '', token = TOKEN) {
  const page = await context.newPage();
  page.on('pageerror', (e) => { page.errors.push(String(e)); });
  page.errors = [];
  page.apiRequests = [];
  page.apiResponses = [];
  page.on('request', (r) => { if (r.url().includes('/v1/')) page.apiRequests.push(r); });
  page.on('response', (r) => { if (r.url().includes('/v1/')) page.apiResponses.push(r); });
  const fragment = token ? '#token=' + encodeURIComponent(token) : '';
  await page.goto(`${BASE}/?view=${view}&center=${CENTER}&poll=3600${extra}${fragment}`);
  return page;
}

const chartData = (page, name) => page.evaluate((n) => {
  const c = window.__wfm.charts[n];
  return c ? { labels: c.data.labels, datasets: c.data.datasets.map((d) => ({ label: d.label, data: d.data })) } : null;
}, name);

const shot = (page, name) => page.screenshot({ path: join(ARTIFACTS, name + '.png'), fullPage: true });

async function waitForPlan(page) {
  await page.waitForFunction(() => window.__wfm && window.__wfm.redraws >= 1, null, { timeout: 30000 });
}

test('the live view draws the plan, the forecast band and the actuals the API returns', async () => {
  const page = await open('live', '&lang=en');
  await waitForPlan(page);
  const plan = await api(`/v1/centers/${CENTER}/seatplan/live`);
  const date = plan.as_of.slice(0, 10);
  const drawn = await page.evaluate(() => window.__wfm.plan);
  assert.equal(drawn.as_of, plan.as_of);

  // Each queue's figures are columns: element k is the interval starting
  // at interval_starts[k], once for the whole plan.
  const starts = plan.interval_starts;
  assert.equal(starts.length, plan.horizon.intervals);
  assert.equal(starts[0], plan.horizon.from);
  const COLUMNS = ['offered', 'aht_s', 'seats_needed', 'seats_assigned', 'predicted_answer_rate', 'shortfall'];
  for (const q of plan.queues) {
    for (const column of COLUMNS)
      assert.equal(q[column].length, starts.length, `${q.queue}.${column} covers the horizon`);
    const c = await chartData(page, 'seats:' + q.queue);
    assert.ok(c, `a seats chart for ${q.queue}`);
    assert.deepEqual(c.labels, starts.map((s) => s.slice(11, 16)));
    assert.deepEqual(c.datasets[0].data, q.seats_needed, `${q.queue} needed`);
    assert.deepEqual(c.datasets[1].data, q.seats_assigned, `${q.queue} assigned`);
  }

  const next = new Date(Date.parse(date + 'T00:00:00Z') + 86400e3).toISOString().slice(0, 10);
  const actuals = await api(`/v1/centers/${CENTER}/actuals?date=${date}`);
  for (const q of plan.queues.filter((x) => x.kind === 'live')) {
    const f = await api(`/v1/centers/${CENTER}/forecast?queue=${q.queue}&from=${date}&to=${next}`);
    const c = await chartData(page, 'volume:' + q.queue);
    assert.deepEqual(c.labels, f.intervals.map((i) => i.interval_start.slice(11, 16)));
    assert.deepEqual(c.datasets[0].data, f.intervals.map((i) => i.lo95), 'band low = lo95');
    assert.deepEqual(c.datasets[1].data, f.intervals.map((i) => i.hi95), 'band high = hi95');
    assert.deepEqual(c.datasets[2].data, f.intervals.map((i) => i.offered), 'forecast line');
    const mine = new Map(actuals.intervals.filter((a) => a.queue === q.queue)
      .map((a) => [a.interval_start, a.offered]));
    assert.ok(mine.size > 0, 'actuals were posted');
    assert.deepEqual(c.datasets[3].data, f.intervals.map((i) => mine.get(i.interval_start) ?? null), 'actuals');
    // The reforecast sits at the plan's own interval starts, matched by time.
    const planned = new Map(starts.map((s, k) => [s, q.offered[k]]));
    assert.deepEqual(c.datasets[4].data, f.intervals.map((i) => planned.get(i.interval_start) ?? null),
                     'reforecast');
  }
  // The band is filled between the two bound datasets.
  const fill = await page.evaluate(() => {
    const c = Object.entries(window.__wfm.charts).find(([n]) => n.startsWith('volume:'))[1];
    return c.data.datasets[1].fill;
  });
  assert.equal(fill, '-1');

  const rate = await chartData(page, 'answer-rate');
  assert.ok(rate.datasets[2].data.every((v) => v === 0.95), 'the 95 % line');
  const live = new Set(plan.queues.filter((x) => x.kind === 'live').map((x) => x.queue));
  const first = actuals.intervals.find((a) => live.has(a.queue));
  const k = rate.labels.indexOf(first.interval_start.slice(11, 16));
  assert.ok(Math.abs(rate.datasets[0].data[k] - first.answered / first.offered) < 1e-12);
  // The predicted rate at interval_starts[j]: the live queues' rates at j,
  // weighted by what they are offered at j.
  const liveQueues = plan.queues.filter((x) => live.has(x.queue));
  starts.forEach((s, j) => {
    const offered = liveQueues.reduce((n, q) => n + q.offered[j], 0);
    const answered = liveQueues.reduce((n, q) => n + q.offered[j] * q.predicted_answer_rate[j], 0);
    const drawn = rate.datasets[1].data[rate.labels.indexOf(s.slice(11, 16))];
    assert.ok(offered ? Math.abs(drawn - answered / offered) < 1e-12 : drawn === null, `predicted rate at ${s}`);
  });

  // The phone system's real-time board.
  assert.match(await page.locator('#live-kpis').textContent(),
               new RegExp(`logged in ${plan.realtime.agents.logged_in} · available ${plan.realtime.agents.available}`));
  const phone = plan.queues.find((q) => q.queue === 'phone');
  assert.match(await page.locator('#queue-phone .now').textContent(),
               new RegExp(`waiting ${plan.realtime.contacts_waiting.phone}`));
  assert.match(await page.locator('#queue-phone .now').textContent(),
               new RegExp(`Seats assigned ${phone.seats_assigned[0]} `), 'now: interval 0');

  // Surge alerts and moves as the plan has them.
  assert.equal(await page.locator('#alerts .alert').count(), plan.surge_alerts.length);
  assert.ok(plan.surge_alerts.length >= 1, 'the seeded surge shows');
  // One row per decision of the plan (agents moved alike share one), 25
  // rows and the names of 6 agents a row until "show all".
  const moveRows = page.locator('#moves tbody tr');
  const truncated = plan.moves.length > 25 || plan.moves.some((m) => m.agents.length > 6);
  assert.equal(await moveRows.count(), Math.min(plan.moves.length, 25) + (truncated ? 1 : 0));
  assert.ok(plan.moves.some((m) => m.count >= 2 && m.count === m.agents.length),
            'some decision names several agents');
  const move = plan.moves[0];
  const cells = await moveRows.first().locator('td').allTextContents();
  assert.ok(cells[0].startsWith(`×${move.count} ${move.agents.slice(0, 6).join(', ')}`), cells[0]);
  assert.deepEqual(cells.slice(1), [move.from, move.to, move.at.slice(11, 16), move.reason]);
  assert.equal(await moveRows.first().locator('td').first().getAttribute('title'), move.agents.join(', '));
  // The heading counts agent moves; the summary counts agents per kind of
  // proposal and agents whose break moved.
  const agentsIn = (list) => list.reduce((n, d) => n + d.count, 0);
  assert.equal(await page.locator('#moves-count').textContent(), `(${agentsIn(plan.moves)})`);
  const kinds = {};
  for (const p of plan.proposals) kinds[p.kind] = (kinds[p.kind] || 0) + p.count;
  const label = { overtime: 'overtime', early_release: 'early release' };
  assert.equal(await page.locator('#proposals').textContent(),
               `Overtime / early release: ${Object.entries(kinds).map(([k, n]) => `${label[k]} ${n}`).join(', ') || '—'}` +
               ` · Moved breaks: ${agentsIn(plan.break_changes)}`);
  if (truncated) {
    await moveRows.last().locator('button').click();
    assert.equal(await moveRows.count(), plan.moves.length, 'show all: every decision');
    const all = await page.locator('#moves tbody td.agents').allTextContents();
    assert.deepEqual(all, plan.moves.map((m) => `×${m.count} ${m.agents.join(', ')}`),
                     'show all: every agent of every decision');
  }
  assert.deepEqual(page.errors, []);
  await shot(page, 'live-laptop-en');
  await page.close();
});

test('a poll answered 304 redraws nothing; a new plan redraws once', async () => {
  const page = await open('live');
  await waitForPlan(page);
  const before = await page.evaluate(() => ({ redraws: window.__wfm.redraws, polls: window.__wfm.polls }));
  const isPlan = (r) => r.url().includes('/seatplan/live');
  const answered = page.waitForResponse(isPlan);
  await page.evaluate(() => window.__wfm.poll());
  const repeat = await answered;
  assert.equal(repeat.status(), 304, 'the repeat poll is answered 304');
  const first = page.apiResponses.find(isPlan);
  assert.equal(repeat.request().headers()['if-none-match'], first.headers()['etag'],
               'the poll carried the ETag as If-None-Match');
  const afterPoll = await page.evaluate(() => ({ redraws: window.__wfm.redraws, polls: window.__wfm.polls }));
  assert.equal(afterPoll.polls, before.polls + 1);
  assert.equal(afterPoll.redraws, before.redraws, 'nothing redrawn on 304');

  // The phone system reports again: a new plan, one redraw, new data drawn.
  const body = readFileSync(process.env.WFM_WEB_ACTUALS_NEXT, 'utf8');
  const posted = await api(`/v1/centers/${CENTER}/actuals`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  assert.equal(posted.seatplan.changed, true);
  await page.evaluate(() => window.__wfm.poll());
  const afterNew = await page.evaluate(() => window.__wfm.redraws);
  assert.equal(afterNew, before.redraws + 1);
  const plan = await api(`/v1/centers/${CENTER}/seatplan/live`);
  const phone = plan.queues.find((q) => q.queue === 'phone');
  const c = await chartData(page, 'seats:phone');
  assert.deepEqual(c.datasets[1].data, phone.seats_assigned);
  await page.close();
});

test('the language toggle switches labels between Chinese and English', async () => {
  const page = await open('live', '&lang=zh');
  await waitForPlan(page);
  assert.equal(await page.locator('#tabs a[data-view=roster]').textContent(), '排班表');
  assert.equal((await chartData(page, 'seats:phone')).datasets[0].label, '所需席位');
  await shot(page, 'live-laptop-zh');
  await page.click('#lang');
  assert.equal(await page.locator('#tabs a[data-view=roster]').textContent(), 'Roster');
  assert.equal((await chartData(page, 'seats:phone')).datasets[0].label, 'Seats needed');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.click('#lang');
  assert.equal(await page.locator('h1').textContent(), '话务排班');
  await page.close();
});

test('the wall mode fits a 1080p screen with large type', async () => {
  const page = await open('live', '&wall=1&lang=zh');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await waitForPlan(page);
  const size = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  assert.ok(size >= 20, `wall font ${size}px`);
  const box = await page.evaluate(() => ({ w: document.documentElement.scrollWidth,
                                           h: document.documentElement.scrollHeight }));
  assert.ok(box.w <= 1920, `no horizontal scrolling (${box.w}px)`);
  assert.ok(box.h <= 1080, `the whole view fits the screen (${box.h}px)`);
  await shot(page, 'live-wall-1080p-zh');
  await page.close();
});

test('the token in the fragment is kept, hidden from the address, and sent', async () => {
  const page = await open('live');
  await waitForPlan(page);
  assert.equal(new URL(page.url()).hash, '', 'the fragment is gone from the address bar');
  const stored = await page.evaluate(() => localStorage.getItem('wfm_token'));
  if (TOKEN) {
    assert.equal(stored, TOKEN);
    for (const r of page.apiRequests)
      assert.equal(r.headers().authorization, 'Bearer ' + TOKEN, r.url());
  } else {
    assert.equal(stored, null);
    for (const r of page.apiRequests) assert.equal(r.headers().authorization, undefined);
  }
  await page.close();
});

/* Whether the server refuses a made-up token (auth on). */
async function serverChecksTokens() {
  const probe = await fetch(`${BASE}/v1/centers/${CENTER}/rosters`, { headers: { Authorization: 'Bearer nope' } });
  return probe.status === 401 || probe.status === 403;
}

/* Puts the suite's own token back where the page keeps it. */
const restoreToken = (page) => page.evaluate((token) => (token ? localStorage.setItem('wfm_token', token)
                                                              : localStorage.removeItem('wfm_token')), TOKEN);

test('a refused token shows how to get one', async () => {
  // Against the server when it checks tokens; otherwise its 401 is played
  // by the browser's request interception, so the page's side is checked
  // either way.
  const page = await context.newPage();
  if (!(await serverChecksTokens()))
    await page.route('**/v1/**', (route) => route.fulfill({ status: 401, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'unauthorized', message: 'a bearer token is needed', field: null } }) }));
  await page.goto(`${BASE}/?view=roster&center=${CENTER}&lang=en#token=nope`);
  await page.waitForSelector('#auth:not([hidden])');
  const text = await page.locator('#auth').textContent();
  assert.match(text, /wfm token create --center CENTER --role viewer/);
  assert.match(text, new RegExp(`${BASE}/#token=TOKEN`));
  await shot(page, 'auth-refused-en');
  await restoreToken(page);
  await page.close();
});

test('Publish refused for the token\'s role says which role it needs', async () => {
  // The server refuses a viewer's publish with 403: the real one when it
  // checks tokens, else played by interception. Either way the week stays
  // a draft for the other tests.
  const week = (await api(`/v1/centers/${CENTER}/rosters`)).rosters.find((r) => r.days === 7);
  const real = VIEWER_TOKEN && (await serverChecksTokens());
  const page = await open('roster', `&lang=en&roster=${week.id}`, real ? VIEWER_TOKEN : TOKEN);
  if (!real)
    await page.route(`**/v1/rosters/${week.id}/publish`, (route) => route.fulfill({
      status: 403, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'forbidden', message: 'this token may not publish rosters', field: null } }) }));
  await page.waitForFunction((id) => window.__wfm.roster && window.__wfm.roster.id === id, week.id);
  await page.fill('#publish-by', 'viewer-on-the-wall');
  await page.click('#publish');
  await page.waitForSelector('#publish-result[data-state=error]');
  assert.match(await page.locator('#publish-result').textContent(), /needs the manager role/);
  assert.equal((await api(`/v1/rosters/${week.id}`)).state, 'draft');
  await restoreToken(page);
  await page.close();
});

test('the roster view shows the week per agent, coverage from the API, and publishes', async () => {
  const list = await api(`/v1/centers/${CENTER}/rosters`);
  const newest = list.rosters.find((r) => r.days === 2);
  assert.equal(newest.state, 'draft', 'run.sh built a draft');
  const page = await open('roster', `&lang=en&roster=${newest.id}`);
  await page.waitForFunction(() => window.__wfm.roster && window.__wfm.charts.coverage, null, { timeout: 20000 });
  const roster = await api(`/v1/rosters/${newest.id}`);

  // One timeline row per agent, one bar per shift, each break inside its shift.
  assert.equal(await page.locator('#timeline .row:not(.head)').count(), roster.agents.length);
  assert.equal(await page.locator('#timeline .shift').count(), roster.roster.shifts.length);
  const breaks = roster.roster.shifts.reduce((n, s) => n + s.breaks.length, 0);
  assert.equal(await page.locator('#timeline .break').count(), breaks);
  const s0 = roster.roster.shifts[0];
  const bar = page.locator(`#timeline .shift[data-agent="${s0.agent}"][data-date="${s0.date}"]`);
  assert.match(await bar.getAttribute('title'), new RegExp(`${s0.start}–${s0.end}`));

  const queue = await page.locator('#coverage-queue').inputValue();
  const rows = roster.roster.coverage.filter((c) => c.queue === queue);
  const cov = await chartData(page, 'coverage');
  assert.deepEqual(cov.datasets[0].data, rows.map((c) => c.required));
  assert.deepEqual(cov.datasets[1].data, rows.map((c) => c.seats));
  assert.equal(cov.labels.length, rows.length);
  assert.equal(await page.locator('#roster-kpis .kpi').first().locator('b').textContent(),
               String(Math.round(roster.kpis.paid_hours)));
  await shot(page, 'roster-draft-en');

  // Publish: refused without a name (the server's message shows), then done.
  assert.equal(await page.locator('#publish-box').isVisible(), true);
  await page.fill('#publish-by', '');
  await page.click('#publish');
  await page.waitForSelector('#publish-result[data-state=error]');
  assert.match(await page.locator('#publish-result').textContent(), /by/);
  await page.fill('#publish-by', 'shift-lead');
  await page.click('#publish');
  await page.waitForSelector('#publish-result[data-state=ok]');
  const published = await api(`/v1/rosters/${newest.id}`);
  assert.equal(published.state, 'published');
  assert.equal(published.published_by, 'shift-lead');
  await page.waitForFunction(() => window.__wfm.roster.state === 'published');
  assert.equal(await page.locator('#publish-box').isVisible(), false, 'no Publish on a published roster');
  assert.match(await page.locator('#roster-state').textContent(), /shift-lead/);
  assert.deepEqual(page.errors, []);
  await shot(page, 'roster-published-en');
  await page.close();
});

test('the scenario view loads (compares when the scenario API is there)', async () => {
  const page = await open('scenario', '&lang=en');
  await page.waitForSelector('#view-scenario:not([hidden])');
  await page.waitForFunction(() => document.querySelector('#scenario-note').textContent !== '' ||
                                   document.querySelectorAll('#scenario-list tbody tr').length > 0);
  const probe = await fetch(`${BASE}/v1/centers/${CENTER}/scenarios`,
                            { headers: TOKEN ? { Authorization: 'Bearer ' + TOKEN } : {} });
  if (probe.status === 200) {
    const list = (await probe.json()).scenarios;
    assert.equal(await page.locator('#scenario-list tbody tr').count(), list.length);
    const done = list.filter((s) => s.state === 'succeeded').slice(0, 3);
    if (done.length) {
      for (const s of done) await page.check(`#scenario-list tr[data-id="${s.id}"] input`);
      await page.click('#compare');
      await page.waitForFunction(() => window.__wfm.charts['compare-hours']);
      const cmp = await api(`/v1/centers/${CENTER}/scenarios/compare?ids=${done.map((s) => s.id).join(',')}`);
      const hours = await chartData(page, 'compare-hours');
      assert.deepEqual(hours.datasets[0].data, cmp.scenarios.map((s) => s.paid_hours));
    }
  } else {
    assert.match(await page.locator('#scenario-note').textContent(), /scenario API|Connection failed/);
  }
  assert.deepEqual(page.errors, []);
  await shot(page, 'scenario-en');
  await page.close();
});

test('a week of 350 agents pages 40 at a time and filters by agent', async () => {
  const week = (await api(`/v1/centers/${CENTER}/rosters`)).rosters.find((r) => r.days === 7);
  const roster = await api(`/v1/rosters/${week.id}`);
  assert.equal(roster.agents.length, 350);
  const page = await open('roster', `&lang=zh&roster=${week.id}`);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.waitForFunction((id) => window.__wfm.roster && window.__wfm.roster.id === id, week.id);
  const shown = () => page.locator('#timeline .row:not(.head)').evaluateAll(
    (rows) => rows.map((r) => r.dataset.agent));
  const shiftsOf = (agents) => roster.roster.shifts.filter((s) => agents.includes(s.agent)).length;

  let agents = await shown();
  assert.deepEqual(agents, roster.agents.slice(0, 40));
  assert.equal(await page.locator('#timeline .shift').count(), shiftsOf(agents));
  assert.match(await page.locator('#page-info').textContent(), /1\/9/);
  await shot(page, 'roster-week-350-zh');

  // Exports download through the API (with the token): the CSV, and the
  // calendar of the agent whose name is clicked.
  const apiText = async (path) => (await fetch(BASE + path,
    { headers: TOKEN ? { Authorization: 'Bearer ' + TOKEN } : {} })).text();
  let [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  assert.equal(download.suggestedFilename(), `roster-${week.id}.csv`);
  assert.equal(readFileSync(await download.path(), 'utf8'), await apiText(`/v1/rosters/${week.id}/export.csv`));
  [download] = await Promise.all([page.waitForEvent('download'),
                                  page.click('#timeline .row[data-agent="agent-003"] .who')]);
  assert.equal(download.suggestedFilename(), 'agent-003.ics');
  assert.equal(readFileSync(await download.path(), 'utf8'),
               await apiText(`/v1/rosters/${week.id}/agents/agent-003/calendar.ics`));

  await page.click('#page-next');
  agents = await shown();
  assert.deepEqual(agents, roster.agents.slice(40, 80));
  assert.equal(await page.locator('#timeline .shift').count(), shiftsOf(agents));

  await page.fill('#agent-filter', 'agent-34');
  agents = await shown();
  assert.deepEqual(agents, roster.agents.filter((a) => a.includes('agent-34')));
  assert.match(await page.locator('#page-info').textContent(), /1\/1/);

  const queue = await page.locator('#coverage-queue').inputValue();
  const cov = await chartData(page, 'coverage');
  const rows = roster.roster.coverage.filter((c) => c.queue === queue);
  assert.equal(rows.length, 7 * 48);
  assert.deepEqual(cov.datasets[1].data, rows.map((c) => c.seats));
  assert.deepEqual(page.errors, []);
  await page.close();
});

// The scenario view against replies shaped as the scenario API's contract
// (SCENARIO_API.md) says, served by the browser's request interception, so
// the view is specified before (and whatever) the server's data: two
// succeeded scenarios, one running; the comparison of the two.
const SCENARIOS = [
  { id: 9, center_id: CENTER, name: 'volume +20%', state: 'succeeded',
    spec: { name: 'volume +20%', start_date: '2026-12-07', days: 2, overrides: { volume_factor: 1.2 } },
    result: { paid_hours: 1290 } },
  { id: 8, center_id: CENTER, name: 'running one', state: 'running',
    spec: { start_date: '2026-12-07', days: 2 }, job: { id: 41, state: 'running', progress: { percent: 40 } } },
  { id: 7, center_id: CENTER, name: 'base', state: 'succeeded',
    spec: { name: 'base', start_date: '2026-12-07', days: 2, overrides: {} }, result: { paid_hours: 1100 } },
];
const COMPARE = {
  reference: 7,
  scenarios: [
    { id: 7, name: 'base', state: 'succeeded', paid_hours: 1100, cost: 55000, agents_needed: 150,
      agents_rostered: 152, intervals_short: 3, predicted_answer_rate: 0.953, simulated_answer_rate: 0.951,
      days: [{ date: '2026-12-07', offered: 10100, predicted_answer_rate: 0.955, simulated_answer_rate: 0.952,
               simulated_ci95: [0.948, 0.956], intervals_short: 1 },
             { date: '2026-12-08', offered: 9900, predicted_answer_rate: 0.951, simulated_answer_rate: 0.95,
               simulated_ci95: [0.945, 0.955], intervals_short: 2 }],
      delta: { paid_hours: 0, cost: 0, agents_needed: 0, intervals_short: 0 } },
    { id: 9, name: 'volume +20%', state: 'succeeded', paid_hours: 1290, cost: 64500, agents_needed: 176,
      agents_rostered: 176, intervals_short: 9, predicted_answer_rate: 0.95, simulated_answer_rate: 0.944,
      days: [{ date: '2026-12-07', offered: 12120, predicted_answer_rate: 0.951, simulated_answer_rate: 0.946,
               simulated_ci95: [0.94, 0.952], intervals_short: 4 },
             { date: '2026-12-08', offered: 11880, predicted_answer_rate: 0.949, simulated_answer_rate: 0.942,
               simulated_ci95: [0.936, 0.948], intervals_short: 5 }],
      delta: { paid_hours: 190, cost: 9500, agents_needed: 26, intervals_short: 6 } },
  ],
};

test('the scenario view compares side by side and creates a scenario (contract replies)', async () => {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  const created = [];
  await page.route(/\/v1\/centers\/[^/]+\/scenarios(\?.*)?$/, async (route) => {
    if (route.request().method() === 'POST') {
      created.push(JSON.parse(route.request().postData()));
      await route.fulfill({ status: 202, contentType: 'application/json',
        body: JSON.stringify({ scenario: { id: 10, state: 'queued' }, links: { self: '/v1/scenarios/10' } }) });
    } else {
      await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ scenarios: SCENARIOS }) });
    }
  });
  let compareUrl = null;
  await page.route(/\/scenarios\/compare\?/, async (route) => {
    compareUrl = new URL(route.request().url());
    await route.fulfill({ contentType: 'application/json', body: JSON.stringify(COMPARE) });
  });
  await page.goto(`${BASE}/?view=scenario&center=${CENTER}&lang=en`);
  await page.waitForSelector('#scenario-list tbody tr[data-id="9"]');
  assert.equal(await page.locator('#scenario-list tbody tr').count(), 3);
  assert.equal(await page.locator('#scenario-list tr[data-id="8"] input').isDisabled(), true,
               'a running scenario cannot be compared');

  await page.check('#scenario-list tr[data-id="7"] input');
  await page.check('#scenario-list tr[data-id="9"] input');
  await page.click('#compare');
  await page.waitForFunction(() => window.__wfm.charts['compare-rate']);
  assert.equal(compareUrl.searchParams.get('ids'), '7,9', 'ids in list order');

  const hours = await chartData(page, 'compare-hours');
  assert.deepEqual(hours.datasets[0].data, [1100, 1290]);
  const rate = await chartData(page, 'compare-rate');
  assert.deepEqual(rate.labels, ['2026-12-07', '2026-12-08']);
  assert.deepEqual(rate.datasets[0].data, [0.955, 0.951], 'base predicted per day');
  assert.deepEqual(rate.datasets[1].data, [[0.948, 0.956], [0.945, 0.955]], 'base simulated CI');
  assert.deepEqual(rate.datasets[3].data, [[0.94, 0.952], [0.936, 0.948]], '+20% simulated CI');
  const table = await page.locator('#compare-table').textContent();
  assert.match(table, /1,290 \(\+190\)/);
  assert.match(table, /9 \(\+6\)/);
  assert.match(table, /94\.4 %/);
  await shot(page, 'scenario-compare-en');

  await page.fill('#scenario-form input[name=name]', 'heating +25%');
  await page.fill('#scenario-form input[name=start_date]', '2026-12-14');
  await page.fill('#scenario-form input[name=volume_factor]', '1.25');
  await page.click('#scenario-form button[type=submit]');
  await page.waitForSelector('#scenario-form-result[data-state=ok]');
  assert.deepEqual(created, [{ name: 'heating +25%', start_date: '2026-12-14', days: 7,
                               overrides: { volume_factor: 1.25 } }]);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('every label exists in Chinese and in English', () => {
  const web = new URL('../../web/', import.meta.url);
  const TEXT = runInNewContext(readFileSync(new URL('i18n.js', web), 'utf8') + ';TEXT', {});
  assert.deepEqual(Object.keys(TEXT.zh).sort(), Object.keys(TEXT.en).sort());
  const used = new Set();
  for (const file of ['index.html', 'app.js', 'live.js', 'roster.js', 'scenario.js']) {
    const src = readFileSync(new URL(file, web), 'utf8');
    for (const m of src.matchAll(/data-i18n(?:-placeholder)?="([a-z0-9_]+)"/g)) used.add(m[1]);
    for (const m of src.matchAll(/\bt\('([a-z0-9_]+)'/g)) used.add(m[1]);
  }
  const missing = [...used].filter((k) => !(k in TEXT.en));
  assert.deepEqual(missing, [], 'labels used but not in the dictionary');
});
