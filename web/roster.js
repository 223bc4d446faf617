/* The Roster view: pick a roster of the center (GET /v1/centers/{c}/rosters),
 * see its week as a timeline per agent (shifts as bars, breaks cut into
 * them), coverage vs requirement per interval underneath (chart
 * "coverage", datasets: seats required, seats rostered, for the queue
 * chosen), its KPIs, and publish a draft (POST /v1/rosters/{id}/publish
 * {"by"}; the server refuses it unless the token has the roster role, and
 * the page then says so); the roster as CSV and each agent's iCalendar
 * file (click the name) download through the API. A large center has ~350
 * agents: the timeline shows a page of them at a time, filterable by id.
 * __wfm.roster holds the roster drawn (GET /v1/rosters/{id}). */
'use strict';

(() => {
  const { t, el, api, getJson, chart, num, pct, kpi } = wfm;
  const PAGE = 40;
  const DAY_MIN = 1440;
  let list = [];
  let roster = null;
  let page = 0;
  const $ = (id) => document.getElementById(id);

  const minutes = (hm) => {
    const [h, m] = hm.split(':').map(Number);
    return h * 60 + m;
  };

  /* An instant in the viewer's own clock, in the page's language. */
  const when = (iso) => (iso ? new Date(iso).toLocaleString(wfm.state.lang === 'zh' ? 'zh-CN' : 'en-GB',
    { dateStyle: 'short', timeStyle: 'short' }) : '');

  async function loadList() {
    const c = encodeURIComponent(wfm.state.center);
    list = (await getJson(`/v1/centers/${c}/rosters?limit=50`)).rosters;
    const select = $('roster-select');
    const keep = roster ? String(roster.id) : new URLSearchParams(location.search).get('roster');
    select.replaceChildren(...list.map((r) => el('option', { value: String(r.id) },
      `#${r.id} · ${r.start_date} +${r.days}d · ${t(r.state)} · ${num(r.kpis && r.kpis.paid_hours)} h`)));
    if (!list.length) select.appendChild(el('option', { value: '' }, t('no_rosters')));
    if (keep && list.some((r) => String(r.id) === keep)) select.value = keep;
  }

  async function loadRoster(id) {
    roster = id ? await getJson(`/v1/rosters/${encodeURIComponent(id)}`) : null;
    window.__wfm.roster = roster;
    page = 0;
    draw();
  }

  function drawHeader() {
    const publishable = roster && roster.state === 'draft';
    $('publish-box').hidden = !publishable;
    $('roster-state').textContent = !roster ? '' : roster.state === 'published'
      ? `${t('published')} · ${t('published_by')} ${roster.published_by} · ${when(roster.published_at)}`
      : t('draft');
    $('roster-state').dataset.state = roster ? roster.state : '';
  }

  function drawKpis() {
    const box = $('roster-kpis');
    if (!roster) { box.replaceChildren(); return; }
    const k = roster.kpis || {};
    const doc = roster.roster || {};
    /* A seats-target roster has no day-level rate (null): no tile then. */
    const rated = (doc.days || []).filter((d) => d.queues.some((q) => q.answer_rate !== null));
    const rates = rated.map((d) => el('tr', {}, el('td', {}, d.date),
      ...d.queues.map((q) => el('td', {}, `${q.queue} ${pct(q.answer_rate)}`))));
    box.replaceChildren(...[
      kpi(t('paid_hours'), num(k.paid_hours, 0)),
      kpi(t('shifts'), num(k.shifts)),
      kpi(t('gap'), pct(k.gap, 2)),
      el('div', { className: 'kpi' + ((doc.shortfalls || []).length ? ' bad' : '') },
         el('span', { className: 'label' }, t('shortfalls')), el('b', {}, num((doc.shortfalls || []).length))),
      kpi(t('unstaffed'), num(k.unstaffed_shifts)),
      kpi(t('solve_seconds'), num(k.solve_seconds, 1)),
      rates.length ? el('div', { className: 'kpi wide' }, el('span', { className: 'label' }, t('days_rate')),
                        el('table', { className: 'mini' }, el('tbody', {}, ...rates))) : null,
    ].filter(Boolean));
  }

  /* Shifts per agent, in the roster's agent order (agents without a shift
   * keep an empty row: a planner wants to see who is off). */
  function shiftsByAgent() {
    const by = new Map((roster.agents || []).map((a) => [a, []]));
    for (const s of (roster.roster && roster.roster.shifts) || []) {
      if (!by.has(s.agent)) by.set(s.agent, []);
      by.get(s.agent).push(s);
    }
    return by;
  }

  /* Saves what an API path returns as a file: a plain link would not carry
   * the bearer token. */
  async function download(path, filename) {
    try {
      const blob = await (await api(path)).blob();
      const a = el('a', { href: URL.createObjectURL(blob), download: filename });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } catch (e) {
      $('publish-result').dataset.state = 'error';
      $('publish-result').textContent = e.message;
    }
  }

  /* The agent's name, a link to their iCalendar file. */
  function agentLink(agent) {
    const a = el('a', { href: '#', className: 'who', title: t('calendar_of', { agent }) }, agent);
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      download(`/v1/rosters/${roster.id}/agents/${encodeURIComponent(agent)}/calendar.ics`, `${agent}.ics`);
    });
    return a;
  }

  function shiftBar(s, days) {
    const span = days * DAY_MIN;
    const start = s.day * DAY_MIN + minutes(s.start);
    let end = s.day * DAY_MIN + minutes(s.end);
    if (end <= start) end += DAY_MIN; /* past midnight */
    const bar = el('div', {
      className: 'shift', title: `${s.agent} ${s.date} ${s.start}–${s.end} ${s.template} (${s.paid_hours} h)`,
      style: `left:${(start / span) * 100}%;width:${((end - start) / span) * 100}%`,
      dataset: { agent: s.agent, date: s.date },
    });
    for (const b of s.breaks || []) {
      let bs = s.day * DAY_MIN + minutes(b.start);
      if (bs < start) bs += DAY_MIN;
      bar.appendChild(el('div', { className: 'break', title: `${t('break')} ${b.start} ${b.minutes} min`,
        style: `left:${((bs - start) / (end - start)) * 100}%;width:${(b.minutes / (end - start)) * 100}%` }));
    }
    return bar;
  }

  function drawTimeline() {
    const box = $('timeline');
    if (!roster) { box.replaceChildren(); $('page-info').textContent = ''; return; }
    const days = roster.days;
    const filter = $('agent-filter').value.trim().toLowerCase();
    const agents = [...shiftsByAgent()].filter(([a]) => !filter || a.toLowerCase().includes(filter));
    const pages = Math.max(1, Math.ceil(agents.length / PAGE));
    page = Math.min(page, pages - 1);
    $('page-info').textContent = t('page', { p: page + 1, n: pages, a: agents.length });
    const start = new Date(roster.start_date + 'T00:00:00Z');
    const dayNames = [...Array(days)].map((_, d) => {
      const date = new Date(start.getTime() + d * 86400e3);
      return date.toLocaleDateString(wfm.state.lang === 'zh' ? 'zh-CN' : 'en-GB',
                                     { weekday: 'short', month: 'numeric', day: 'numeric', timeZone: 'UTC' });
    });
    const track = `--days:${days}`;
    const head = el('div', { className: 'row head' }, el('div', { className: 'who' }),
      el('div', { className: 'track', style: track },
         ...dayNames.map((n, d) => el('span', { className: 'day', style: `left:${(d / days) * 100}%;width:${100 / days}%` }, n))));
    const rows = agents.slice(page * PAGE, (page + 1) * PAGE).map(([agent, shifts]) =>
      el('div', { className: 'row', dataset: { agent } }, agentLink(agent),
         el('div', { className: 'track', style: track }, ...shifts.map((s) => shiftBar(s, days)))));
    box.replaceChildren(head, ...rows);
  }

  function drawCoverage() {
    const coverage = (roster && roster.roster && roster.roster.coverage) || [];
    const select = $('coverage-queue');
    const queues = [...new Set(coverage.map((c) => c.queue))];
    const chosen = queues.includes(select.value) ? select.value : queues[0];
    select.replaceChildren(...queues.map((q) => el('option', { value: q }, q)));
    if (chosen) select.value = chosen;
    const rows = coverage.filter((c) => c.queue === chosen);
    chart('coverage', $('coverage-chart'), {
      type: 'bar',
      data: {
        labels: rows.map((c) => `${c.date.slice(5)} ${c.start}`),
        datasets: [
          { type: 'line', label: t('required'), data: rows.map((c) => c.required), stepped: true,
            borderColor: '#ff9f43', borderWidth: 2, pointRadius: 0, order: 0 },
          { type: 'bar', label: t('seats'), data: rows.map((c) => c.seats),
            backgroundColor: 'rgba(77,171,247,0.55)', barPercentage: 1, categoryPercentage: 1, order: 1 },
        ],
      },
      options: { scales: { x: { ticks: { maxTicksLimit: 14 } }, y: { beginAtZero: true } } },
    });
  }

  function draw() {
    drawHeader();
    drawKpis();
    drawTimeline();
    drawCoverage();
  }

  async function publish() {
    const by = $('publish-by').value.trim();
    const out = $('publish-result');
    out.dataset.state = '';
    try {
      const r = await api(`/v1/rosters/${roster.id}/publish`, { method: 'POST', json: { by } });
      const body = await r.json();
      localStorage.setItem('wfm_user', by);
      out.dataset.state = 'ok';
      out.textContent = t('publish_ok', { id: body.id, by: body.published_by });
      await loadList();
      await loadRoster(String(roster.id));
    } catch (e) {
      out.dataset.state = 'error';
      out.textContent = t('publish_failed') + (e.status === 401 || e.status === 403
        ? t('forbidden_action', { role: 'manager' }) : e.message);
    }
  }

  async function show() {
    try {
      await loadList();
      await loadRoster($('roster-select').value);
      wfm.setStatus('ok');
    } catch (e) {
      wfm.setFailed(e);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('roster-select').addEventListener('change', (ev) => loadRoster(ev.target.value));
    $('coverage-queue').addEventListener('change', drawCoverage);
    $('agent-filter').addEventListener('input', () => { page = 0; drawTimeline(); });
    $('page-prev').addEventListener('click', () => { page = Math.max(0, page - 1); drawTimeline(); });
    $('page-next').addEventListener('click', () => { page += 1; drawTimeline(); });
    $('publish-by').value = localStorage.getItem('wfm_user') || '';
    $('publish').addEventListener('click', publish);
    $('export-csv').addEventListener('click',
      () => roster && download(`/v1/rosters/${roster.id}/export.csv`, `roster-${roster.id}.csv`));
  });

  wfm.register('roster', { show, relabel: () => { if (roster) draw(); } });
})();
