/* The Scenario view: the center's what-if scenarios (GET
 * /v1/centers/{c}/scenarios), several picked and compared side by side
 * (GET .../scenarios/compare?ids=, the first ticked is the reference): a
 * table of paid hours, cost, agents, intervals short and answer rates with
 * the difference to the reference; chart "compare-rate" (per scenario and
 * day: the predicted answer rate as a line, the simulated one's 95 %
 * confidence interval as a floating bar) and chart "compare-hours" (paid
 * hours per scenario). A small form creates a scenario (POST
 * .../scenarios: name, base week, volume factor). __wfm.compare holds the
 * comparison drawn. Contract: SCENARIO_API.md of the scenario work. */
'use strict';

(() => {
  const { t, el, api, getJson, chart, num, pct } = wfm;
  const PALETTE = ['#4dabf7', '#ff9f43', '#3ecf8e', '#c792ea', '#ffd43b', '#ff6b9a'];
  const $ = (id) => document.getElementById(id);
  let scenarios = [];
  let refreshTimer = null;
  const base = () => `/v1/centers/${encodeURIComponent(wfm.state.center)}`;

  function note(text, kind) {
    $('scenario-note').textContent = text || '';
    $('scenario-note').dataset.state = kind || '';
  }

  /* The ticked scenarios in the order they were ticked: the first is the
   * comparison's reference. */
  let picks = [];
  const pickedIds = () => picks.slice();
  function onTick(ev) {
    if (ev.target.type !== 'checkbox') return;
    picks = picks.filter((id) => id !== ev.target.value);
    if (ev.target.checked) picks.push(ev.target.value);
  }

  async function loadList() {
    const picked = new Set(pickedIds());
    try {
      scenarios = (await getJson(`${base()}/scenarios?limit=50`)).scenarios || [];
    } catch (e) {
      scenarios = [];
      note(e.status === 404 && !(e.body && e.body.error && e.body.error.field === 'id')
        ? t('scenario_api_missing') : t('error') + ` (${e.status || '—'})`, 'error');
      if (e.status === 401 || e.status === 403) wfm.setFailed(e);
      drawList(picked);
      return;
    }
    picks = picks.filter((id) => scenarios.some((x) => String(x.id) === id && x.state === 'succeeded'));
    note(scenarios.length ? '' : t('no_scenarios'));
    drawList(picked);
    /* Keep the states fresh while any is still being computed. */
    const busy = scenarios.some((s) => s.state === 'queued' || s.state === 'running');
    clearTimeout(refreshTimer);
    if (busy && wfm.state.view === 'scenario') refreshTimer = setTimeout(loadList, 3000);
  }

  function drawList(picked) {
    $('scenario-list').tBodies[0].replaceChildren(...scenarios.map((s) => {
      const box = el('input', { type: 'checkbox', value: String(s.id), disabled: s.state !== 'succeeded',
                                checked: picked.has(String(s.id)) });
      const spec = s.spec || {};
      const progress = s.job && s.job.progress && s.state === 'running' ? ` ${s.job.progress.percent || 0} %` : '';
      return el('tr', { dataset: { id: String(s.id), state: s.state } }, el('td', {}, box),
        el('td', {}, String(s.id)), el('td', {}, s.name || ''),
        el('td', {}, spec.start_date ? `${spec.start_date} +${spec.days || 7}d` : ''),
        el('td', { className: 'state-' + s.state }, t(s.state) + progress,
           s.error ? el('small', {}, ' ' + s.error.message) : null),
        el('td', {}, s.result ? num(s.result.paid_hours) : ''));
    }));
  }

  const delta = (d, digits = 0) => (d === undefined || d === null ? '' :
    ` (${d > 0 ? '+' : ''}${num(d, digits)})`);

  function drawTable(cmp) {
    const list = cmp.scenarios;
    const row = (label, f) => el('tr', {}, el('th', {}, label), ...list.map((s) => el('td', {}, f(s))));
    /* The difference to the reference, on the other scenarios only. */
    const vs = (s, key) => (s.id === cmp.reference || !s.delta ? '' : delta(s.delta[key]));
    $('compare-table').replaceChildren(
      el('thead', {}, el('tr', {}, el('th', {}),
        ...list.map((s) => el('th', {}, `#${s.id} ${s.name || ''}`,
                              s.id === cmp.reference ? el('small', {}, ` (${t('reference')})`) : null)))),
      el('tbody', {},
        row(t('paid_hours'), (s) => num(s.paid_hours) + vs(s, 'paid_hours')),
        row(t('cost'), (s) => num(s.cost) + vs(s, 'cost')),
        row(t('agents_needed'), (s) => num(s.agents_needed) + vs(s, 'agents_needed')),
        row(t('agents_rostered'), (s) => num(s.agents_rostered)),
        row(t('intervals_short'), (s) => num(s.intervals_short) + vs(s, 'intervals_short')),
        row(`${t('answer_rate')} (${t('predicted')})`, (s) => pct(s.predicted_answer_rate)),
        row(`${t('answer_rate')} (${t('simulated')})`, (s) => pct(s.simulated_answer_rate))));
  }

  function drawCharts(cmp) {
    const dates = [...new Set(cmp.scenarios.flatMap((s) => (s.days || []).map((d) => d.date)))].sort();
    const datasets = [];
    cmp.scenarios.forEach((s, k) => {
      const color = PALETTE[k % PALETTE.length];
      const byDate = new Map((s.days || []).map((d) => [d.date, d]));
      const at = (f) => dates.map((d) => (byDate.has(d) ? f(byDate.get(d)) : null));
      datasets.push({ type: 'line', label: `#${s.id} ${t('predicted')}`, data: at((d) => d.predicted_answer_rate),
                      borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 3 });
      datasets.push({ type: 'bar', label: `#${s.id} ${t('simulated')} ${t('ci95')}`,
                      data: at((d) => (d.simulated_ci95 ? d.simulated_ci95 : null)),
                      backgroundColor: color + '66', borderColor: color, borderWidth: 1,
                      barPercentage: 0.5 });
    });
    datasets.push({ type: 'line', label: t('target95'), data: dates.map(() => 0.95), borderColor: '#ff5b4d',
                    borderDash: [4, 4], pointRadius: 0, borderWidth: 2 });
    /* Bars would pull the axis down to 0; rates live near the target. */
    const values = datasets.flatMap((d) => d.data.flat()).filter((v) => typeof v === 'number');
    const low = Math.min(0.94, ...values);
    chart('compare-rate', $('compare-rate-chart'), {
      data: { labels: dates, datasets },
      options: { scales: { y: { beginAtZero: false, min: Math.floor(low * 100 - 1) / 100, max: 1,
                                ticks: { callback: (v) => Math.round(v * 1000) / 10 + ' %' } } },
                 plugins: { title: { display: true, text: t('answer_rate') } } },
    });
    chart('compare-hours', $('compare-hours-chart'), {
      type: 'bar',
      data: { labels: cmp.scenarios.map((s) => `#${s.id} ${s.name || ''}`),
              datasets: [{ label: t('paid_hours'), data: cmp.scenarios.map((s) => s.paid_hours),
                           backgroundColor: cmp.scenarios.map((_, k) => PALETTE[k % PALETTE.length]) }] },
      options: { scales: { y: { beginAtZero: true } }, plugins: { legend: { display: false },
                 title: { display: true, text: t('paid_hours') } } },
    });
  }

  function drawCompare() {
    const cmp = window.__wfm.compare;
    $('compare-box').hidden = !cmp;
    if (!cmp) return;
    drawTable(cmp);
    drawCharts(cmp);
  }

  async function compare() {
    const ids = pickedIds();
    if (!ids.length) { note(t('pick_two')); return; }
    try {
      window.__wfm.compare = await getJson(`${base()}/scenarios/compare?ids=${ids.join(',')}`);
      note('');
      drawCompare();
    } catch (e) {
      note(e.message, 'error');
    }
  }

  async function create(ev) {
    ev.preventDefault();
    const f = new FormData(ev.target);
    const out = $('scenario-form-result');
    const factor = Number(f.get('volume_factor'));
    const body = { name: f.get('name'), start_date: f.get('start_date'), days: Number(f.get('days')),
                   overrides: factor === 1 ? {} : { volume_factor: factor } };
    try {
      const r = await api(`${base()}/scenarios`, { method: 'POST', json: body });
      const created = await r.json();
      out.dataset.state = 'ok';
      out.textContent = t('created', { id: created.scenario.id });
      await loadList();
    } catch (e) {
      out.dataset.state = 'error';
      out.textContent = e.status === 401 || e.status === 403 ? t('forbidden_action', { role: 'planner' })
        : e.message + (e.body && e.body.error && e.body.error.field ? ` [${e.body.error.field}]` : '');
    }
  }

  async function show() {
    await loadList();
    wfm.setStatus('ok');
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('compare').addEventListener('click', compare);
    $('scenario-list').addEventListener('change', onTick);
    $('scenario-form').addEventListener('submit', create);
    const monday = new Date();
    monday.setUTCDate(monday.getUTCDate() + ((8 - monday.getUTCDay()) % 7 || 7));
    $('scenario-form').elements.start_date.value = monday.toISOString().slice(0, 10);
  });

  wfm.register('scenario', { show, relabel: () => { drawList(new Set(pickedIds())); drawCompare(); } });
})();
