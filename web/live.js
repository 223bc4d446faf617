/* The Live view: what the wall screen shows all day.
 *
 * It polls GET /v1/centers/{c}/seatplan/live every ?poll= seconds (default
 * 5) with If-None-Match; a 304 touches nothing. On a new plan it fetches the
 * day's actuals (GET .../actuals?date=) and, once a day, the forecast of each
 * live queue with its 95 % band (GET .../forecast?queue=&from=&to=), then
 * redraws everything once: __wfm.redraws counts these redraws, __wfm.polls
 * the polls, __wfm.plan holds the plan drawn, __wfm.day the actuals and
 * forecasts drawn with it.
 *
 * The plan's queues carry their figures as columns: q.seats_needed[k] is
 * the interval starting at plan.interval_starts[k].
 *
 * Charts (in __wfm.charts): "seats:<queue>" (datasets: seats needed, seats
 * assigned, per plan interval), "volume:<live queue>" (labels: the day's
 * intervals; datasets: lo95, hi95 filled down to lo95, forecast, actual,
 * the plan's reforecast), "answer-rate" (actual per interval, the plan's
 * predicted rate, the 95 % target line). */
'use strict';

(() => {
  const { t, el, api, getJson, chart, dropCharts, setStatus, hhmm, pct, num, kpi } = wfm;
  const pollMs = Math.max(1, Number(new URLSearchParams(location.search).get('poll') || 5)) * 1000;
  const TARGET = 0.95;
  const COLORS = { needed: '#ff9f43', assigned: '#4dabf7', band: 'rgba(77,171,247,0.22)',
                   forecast: '#4dabf7', actual: '#3ecf8e', reforecast: '#c792ea', target: '#ff5b4d' };
  const MOVES_SHOWN = 25;     /* rows (decisions) before "show all" */
  const NAMES_SHOWN = 6;      /* agent names in a row before "show all" */
  let etag = null;
  let day = null;            /* {date, actuals, forecasts: {queue: forecast|null}} */
  let showAllMoves = false;
  const base = () => `/v1/centers/${encodeURIComponent(wfm.state.center)}`;

  const liveQueues = (plan) => (plan.queues || []).filter((q) => q.kind === 'live');

  /* The day's actuals, and the forecasts of the live queues (kept while the
   * date stays the same: the forecast of a day does not change with each
   * plan). A forecast that cannot be had (say 422, too little history)
   * is null, the chart says so, and the next plan tries again. */
  async function loadDay(plan) {
    const date = plan.as_of.slice(0, 10);
    const next = new Date(Date.parse(date + 'T00:00:00Z') + 86400e3).toISOString().slice(0, 10);
    /* Without actuals the plan still shows: the seat charts matter most. */
    const actuals = await getJson(`${base()}/actuals?date=${date}`).catch(() => ({ intervals: [] }));
    const forecasts = day && day.date === date ? day.forecasts : {};
    await Promise.all(liveQueues(plan).filter((q) => !forecasts[q.queue]).map(async (q) => {
      try {
        forecasts[q.queue] = await getJson(
          `${base()}/forecast?queue=${encodeURIComponent(q.queue)}&from=${date}&to=${next}`);
      } catch (e) {
        forecasts[q.queue] = null;
      }
    }));
    day = { date, actuals, forecasts };
    window.__wfm.day = day;
  }

  /* One poll at a time: a slow answer is not overtaken by the next tick;
   * a poll asked for meanwhile gets the one in flight. */
  let inFlight = null;
  function poll() {
    if (!inFlight) inFlight = pollOnce().finally(() => { inFlight = null; });
    return inFlight;
  }

  async function pollOnce() {
    if (wfm.state.view !== 'live') return;
    window.__wfm.polls += 1;
    try {
      const headers = etag ? { 'If-None-Match': etag } : {};
      const r = await api(`${base()}/seatplan/live`, { headers });
      if (r.status === 304) { setStatus('ok'); return; }
      const plan = await r.json();
      await loadDay(plan);
      etag = r.headers.get('ETag');
      window.__wfm.plan = plan;
      setStatus('ok');
      draw();
    } catch (e) {
      if (e.status === 404) setStatus('empty', t('no_plan'));
      else wfm.setFailed(e);
    }
  }

  /* Sum over the live queues of f(queue, k) per plan interval index k. */
  function sumLive(plan, f) {
    const out = [];
    for (const q of liveQueues(plan))
      plan.interval_starts.forEach((s, k) => { out[k] = (out[k] || 0) + f(q, k); });
    return out;
  }

  /* The phone system's board at its last snapshot, if it sent one. */
  function realtimeAgents(rt) {
    if (!rt || !rt.agents) return '';
    return t('realtime_agents', { in: num(rt.agents.logged_in), avail: num(rt.agents.available),
                                  brk: num(rt.agents.on_break) });
  }

  function drawKpis(plan) {
    const live = new Set(liveQueues(plan).map((q) => q.queue));
    let offered = 0, answered = 0;
    for (const a of day.actuals.intervals)
      if (live.has(a.queue)) { offered += a.offered; answered += a.answered; }
    let seen = 0, expected = 0;
    for (const q of plan.queues || []) {
      seen += (q.reforecast && q.reforecast.actual_so_far) || 0;
      expected += (q.reforecast && q.reforecast.forecast_so_far) || 0;
    }
    const shortNow = (plan.queues || []).reduce(
      (s, q) => s + (q.shortfall[0] || 0), 0);
    const rate = offered ? answered / offered : null;
    document.getElementById('live-kpis').replaceChildren(
      kpi(t('as_of'), hhmm(plan.as_of), plan.as_of.slice(0, 10)),
      kpi(t('agents_on_shift'), num(plan.agents_on_shift), realtimeAgents(plan.realtime)),
      el('div', { className: 'kpi' + (rate !== null && rate < TARGET ? ' bad' : ' good'), id: 'kpi-rate' },
         el('span', { className: 'label' }, t('answer_rate_so_far')), el('b', {}, pct(rate)),
         el('small', {}, `${num(answered)} / ${num(offered)}`)),
      kpi(t('contacts_today'), num(seen),
          expected ? `${t('vs_forecast')} ${num(expected)} (${(seen / expected * 100 - 100).toFixed(1)} %)` : ''),
      el('div', { className: 'kpi' + (shortNow > 0 ? ' bad' : '') },
         el('span', { className: 'label' }, t('seats_short')), el('b', {}, num(shortNow, 0))),
      el('div', { className: 'kpi' + ((plan.surge_alerts || []).length ? ' bad' : '') },
         el('span', { className: 'label' }, t('surges')), el('b', {}, String((plan.surge_alerts || []).length))));
  }

  function drawAlerts(plan) {
    document.getElementById('alerts').replaceChildren(...(plan.surge_alerts || []).map((a) =>
      el('div', { className: 'alert', dataset: { queue: a.queue } },
         `⚠ ${t('surge')}: ${a.queue} · ${t('since')} ${hhmm(a.since)} · ` +
         `${t('ratio', { r: a.ratio === null ? '—' : (a.ratio * 100).toFixed(0) + ' %' })} · ` +
         t('above', { n: num(a.above, 1) }))));
  }

  function drawSeats(plan) {
    const box = document.getElementById('seat-charts');
    dropCharts('seats:');
    box.replaceChildren();
    const queues = [...liveQueues(plan), ...(plan.queues || []).filter((q) => q.kind !== 'live')];
    const waiting = (plan.realtime && plan.realtime.contacts_waiting) || {};
    for (const q of queues) {
      const live = q.kind === 'live';
      const canvas = el('canvas');
      box.appendChild(el('div', { className: 'card queue' + (live ? ' live' : ' deferred'), id: 'queue-' + q.queue },
        el('h2', {}, q.queue, live ? null : el('small', {}, ' ' + t('deferred'))),
        el('div', { className: 'now' }, t('now') + ' ',
           live ? el('span', {}, t('needed') + ' ', el('b', {}, num(q.seats_needed[0], 0)), ' · ') : null,
           t('assigned') + ' ',
           el('b', { className: q.shortfall[0] > 0 ? 'short' : '' }, num(q.seats_assigned[0])),
           live ? el('span', {}, ' · ' + t('predicted_rate') + ' ', el('b', {}, pct(q.predicted_answer_rate[0]))) : null,
           waiting[q.queue] !== undefined
             ? el('span', { className: 'waiting' }, ' · ' + t('waiting') + ' ', el('b', {}, num(waiting[q.queue]))) : null),
        el('div', { className: 'chart' + (live ? '' : ' small') }, canvas)));
      chart('seats:' + q.queue, canvas, {
        type: 'line',
        data: {
          labels: plan.interval_starts.map(hhmm),
          datasets: [
            { label: t('needed'), data: [...q.seats_needed], hidden: !live,
              borderColor: COLORS.needed, backgroundColor: 'rgba(255,159,67,0.15)', fill: true,
              stepped: true, pointRadius: 0, borderWidth: 3 },
            { label: t('assigned'), data: [...q.seats_assigned],
              borderColor: COLORS.assigned, stepped: true, pointRadius: 0, borderWidth: 3 },
          ],
        },
        options: { scales: { x: { ticks: { maxTicksLimit: 9 } }, y: { beginAtZero: true } },
                   plugins: { legend: { display: live } } },
      });
    }
  }

  /* The day's interval starts: the forecast's, else the actuals' and the
   * plan's (all ISO strings in the center's offset, so they sort). */
  function dayStarts(forecast, queue, plan) {
    if (forecast) return forecast.intervals.map((i) => i.interval_start);
    const s = new Set(day.actuals.intervals.filter((a) => a.queue === queue).map((a) => a.interval_start));
    plan.interval_starts.forEach((start) => s.add(start));
    return [...s].sort();
  }

  /* values[k] = f(row) for the row whose start is starts[k], else null. */
  function aligned(starts, rows, startOf, f) {
    const at = new Map(rows.map((r) => [startOf(r), r]));
    return starts.map((s) => (at.has(s) ? f(at.get(s)) : null));
  }

  function drawVolume(plan) {
    const box = document.getElementById('volume-charts');
    dropCharts('volume:');
    box.replaceChildren();
    for (const q of liveQueues(plan)) {
      const forecast = day.forecasts[q.queue];
      const starts = dayStarts(forecast, q.queue, plan);
      const fc = forecast ? forecast.intervals : [];
      const canvas = el('canvas');
      box.appendChild(el('div', { className: 'volume' }, el('h3', {}, q.queue,
        forecast ? null : el('small', { className: 'note' }, ' · ' + t('no_forecast'))),
        el('div', { className: 'chart' }, canvas)));
      const actual = day.actuals.intervals.filter((a) => a.queue === q.queue);
      chart('volume:' + q.queue, canvas, {
        type: 'line',
        data: {
          labels: starts.map(hhmm),
          datasets: [
            { label: t('band95') + ' ', data: aligned(starts, fc, (i) => i.interval_start, (i) => i.lo95),
              borderColor: 'transparent', pointRadius: 0, fill: false },
            { label: t('band95'), data: aligned(starts, fc, (i) => i.interval_start, (i) => i.hi95),
              borderColor: 'transparent', backgroundColor: COLORS.band, pointRadius: 0, fill: '-1' },
            { label: t('forecast'), data: aligned(starts, fc, (i) => i.interval_start, (i) => i.offered),
              borderColor: COLORS.forecast, borderWidth: 2, pointRadius: 0 },
            { label: t('actual'), data: aligned(starts, actual, (a) => a.interval_start, (a) => a.offered),
              borderColor: COLORS.actual, backgroundColor: COLORS.actual, borderWidth: 3, pointRadius: 2,
              spanGaps: false },
            { label: t('reforecast'), data: aligned(starts, [...plan.interval_starts.keys()],
                                                    (k) => plan.interval_starts[k], (k) => q.offered[k]),
              borderColor: COLORS.reforecast, borderDash: [6, 4], borderWidth: 2, pointRadius: 0 },
          ],
        },
        options: {
          scales: { x: { ticks: { maxTicksLimit: 12 } }, y: { beginAtZero: true } },
          plugins: { legend: { labels: { filter: (item) => !item.text.endsWith(' ') } } },
        },
      });
    }
  }

  function drawAnswerRate(plan) {
    const live = new Set(liveQueues(plan).map((q) => q.queue));
    const byStart = new Map();
    for (const a of day.actuals.intervals) {
      if (!live.has(a.queue)) continue;
      const s = byStart.get(a.interval_start) || { offered: 0, answered: 0 };
      s.offered += a.offered;
      s.answered += a.answered;
      byStart.set(a.interval_start, s);
    }
    const planStarts = liveQueues(plan).length ? plan.interval_starts : [];
    const starts = [...new Set([...byStart.keys(), ...planStarts])].sort();
    /* The predicted rate over the live queues, weighted by offered. */
    const offered = sumLive(plan, (q, k) => q.offered[k]);
    const answered = sumLive(plan, (q, k) => q.offered[k] * q.predicted_answer_rate[k]);
    const predicted = new Map(planStarts.map((s, k) => [s, offered[k] ? answered[k] / offered[k] : null]));
    chart('answer-rate', document.getElementById('answer-rate-chart'), {
      type: 'line',
      data: {
        labels: starts.map(hhmm),
        datasets: [
          { label: t('actual'), data: starts.map((s) => (byStart.get(s) && byStart.get(s).offered
              ? byStart.get(s).answered / byStart.get(s).offered : null)),
            borderColor: COLORS.actual, borderWidth: 3, pointRadius: 2 },
          { label: t('predicted_rate'), data: starts.map((s) => (predicted.has(s) ? predicted.get(s) : null)),
            borderColor: COLORS.reforecast, borderDash: [6, 4], borderWidth: 2, pointRadius: 0 },
          { label: t('target95'), data: starts.map(() => TARGET), borderColor: COLORS.target,
            borderWidth: 2, pointRadius: 0 },
        ],
      },
      options: {
        scales: { x: { ticks: { maxTicksLimit: 12 } },
                  y: { suggestedMin: 0.8, max: 1, ticks: { callback: (v) => Math.round(v * 100) + ' %' } } },
      },
    });
  }

  /* Agents over the entries of a grouped list (moves, break_changes,
   * proposals: one entry per decision, "count" agents each). */
  const agentsIn = (list) => (list || []).reduce((n, d) => n + d.count, 0);

  /* The agents of one move: "×3 a01, a02, a03"; past NAMES_SHOWN names the
   * rest as "+N more" until "show all", every name in the cell's title. */
  function agentsCell(move) {
    const names = showAllMoves ? move.agents : move.agents.slice(0, NAMES_SHOWN);
    const rest = move.agents.length - names.length;
    return el('td', { className: 'agents', title: move.agents.join(', ') },
      el('b', { className: 'count' }, `×${move.count}`), ' ', names.join(', '),
      rest ? el('small', {}, ' ' + t('more_agents', { n: rest })) : null);
  }

  /* One row per decision of the plan: the agents it moves, from, to, when
   * and why; MOVES_SHOWN rows until "show all". The heading counts agent
   * moves, as a shift manager counts them. */
  function drawMoves(plan) {
    const moves = plan.moves || [];
    const body = document.querySelector('#moves tbody');
    const moved = agentsIn(moves);
    document.getElementById('moves-count').textContent = moved ? `(${moved})` : '';
    if (!moves.length) {
      body.replaceChildren(el('tr', {}, el('td', { colSpan: 5 }, t('no_moves'))));
    } else {
      const shown = showAllMoves ? moves : moves.slice(0, MOVES_SHOWN);
      const truncated = shown.length < moves.length || moves.some((m) => m.agents.length > NAMES_SHOWN);
      const rows = shown.map((m) => el('tr', {}, agentsCell(m),
        ...[m.from || '—', m.to || '—', m.at ? hhmm(m.at) : '', m.reason || '']
          .map((v) => el('td', {}, v))));
      if (!showAllMoves && truncated) {
        const more = el('button', { type: 'button', className: 'link' },
                        shown.length < moves.length ? t('more_moves', { n: moves.length - shown.length })
                                                    : t('show_all'));
        more.addEventListener('click', () => { showAllMoves = true; drawMoves(plan); });
        rows.push(el('tr', {}, el('td', { colSpan: 5 }, more)));
      }
      body.replaceChildren(...rows);
    }
    /* Overtime and early release per agent, not per decision. */
    const kinds = {};
    for (const p of plan.proposals || []) kinds[p.kind] = (kinds[p.kind] || 0) + p.count;
    const kindName = (k) => ({ overtime: t('kind_overtime'), early_release: t('kind_early_release') })[k] || k;
    document.getElementById('proposals').textContent =
      `${t('proposals')}: ${Object.entries(kinds).map(([k, n]) => `${kindName(k)} ${n}`).join(', ') || '—'} · ` +
      `${t('break_changes')}: ${agentsIn(plan.break_changes)}`;
  }

  function draw() {
    const plan = window.__wfm.plan;
    if (!plan || !day) return;
    drawKpis(plan);
    drawAlerts(plan);
    drawSeats(plan);
    drawVolume(plan);
    drawAnswerRate(plan);
    drawMoves(plan);
    window.__wfm.redraws += 1;
  }

  let timer = null;
  wfm.register('live', {
    show() {
      poll();
      if (!timer) timer = setInterval(poll, pollMs);
    },
    relabel: draw,
  });
  window.__wfm.poll = poll; /* a test may poll now instead of waiting */
})();
