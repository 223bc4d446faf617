/* The Live view: polls GET /v1/centers/{center}/seatplan/live with
 * If-None-Match and redraws only when the ETag changes (a 304 redraws
 * nothing). window.wfmRedraws counts redraws and window.wfmCharts holds the
 * Chart instances per queue, so a test (or a curious operator) can check
 * that the chart shows what the API sent. The center comes from ?center=
 * (default "jinan"), the poll period from ?poll= seconds (default 5), the
 * language from ?lang=zh|en (default zh). */
'use strict';

const params = new URLSearchParams(location.search);
const center = params.get('center') || 'jinan';
const pollMs = Math.max(1, Number(params.get('poll') || 5)) * 1000;
let lang = params.get('lang') === 'en' ? 'en' : 'zh';

const TEXT = {
  zh: { title: '实时席位', moves: '调度建议', agent: '坐席', from: '从', to: '到', at: '时间',
        reason: '原因', needed: '所需席位', assigned: '已排席位', now: '当前',
        surge: '话务激增', since: '自', noPlan: '暂无实时计划', error: '连接失败',
        noMoves: '无调度建议', ratio: '超出上限比例' },
  en: { title: 'Live seats', moves: 'Recommended moves', agent: 'Agent', from: 'From', to: 'To',
        at: 'At', reason: 'Reason', needed: 'Seats needed', assigned: 'Seats assigned',
        now: 'Now', surge: 'Surge', since: 'since', noPlan: 'No live plan yet',
        error: 'Connection failed', noMoves: 'No moves recommended', ratio: 'ratio to bound' },
};
const t = (key) => TEXT[lang][key];

window.wfmRedraws = 0;
window.wfmPolls = 0;
window.wfmCharts = {};
window.wfmPlan = null;
let etag = null;

function hhmm(iso) { return iso.slice(11, 16); }

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  Object.assign(e, attrs || {});
  if (text !== undefined) e.textContent = text;
  return e;
}

function queueCard(q) {
  const card = el('div', { className: 'queue', id: 'queue-' + q.queue });
  card.appendChild(el('h2', {}, q.queue));
  const first = q.intervals[0];
  const now = el('div', { className: 'now' });
  if (first) {
    now.append(t('now') + ' ' + t('needed') + ' ');
    now.appendChild(el('b', {}, String(first.seats_needed)));
    now.append(' · ' + t('assigned') + ' ');
    now.appendChild(el('b', { className: first.seats_assigned < first.seats_needed ? 'short' : '' },
                       String(first.seats_assigned)));
  }
  card.appendChild(now);
  card.appendChild(el('canvas'));
  return card;
}

function drawChart(card, q) {
  const chart = new Chart(card.querySelector('canvas'), {
    type: 'line',
    data: {
      labels: q.intervals.map((i) => hhmm(i.start)),
      datasets: [
        { label: t('needed'), data: q.intervals.map((i) => i.seats_needed),
          borderColor: '#ff9f43', backgroundColor: 'rgba(255,159,67,0.15)', fill: true,
          stepped: true, pointRadius: 0, borderWidth: 3 },
        { label: t('assigned'), data: q.intervals.map((i) => i.seats_assigned),
          borderColor: '#4dabf7', stepped: true, pointRadius: 0, borderWidth: 3 },
      ],
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: { x: { ticks: { color: '#8a97a6', font: { size: 16 }, maxTicksLimit: 9 } },
                y: { beginAtZero: true, ticks: { color: '#8a97a6', font: { size: 16 } } } },
      plugins: { legend: { labels: { color: '#e8edf2', font: { size: 18 } } } },
    },
  });
  window.wfmCharts[q.queue] = chart;
}

function drawAlerts(plan) {
  const box = document.getElementById('alerts');
  box.replaceChildren(...(plan.surge_alerts || []).map((a) =>
    el('div', { className: 'alert' },
       `${t('surge')}: ${a.queue} ${t('since')} ${hhmm(a.since)} · ` +
       `${t('ratio')} ${a.ratio === null ? '—' : a.ratio.toFixed(2)}`)));
}

function drawMoves(plan) {
  const body = document.querySelector('#moves tbody');
  const moves = plan.moves || [];
  if (!moves.length) {
    const row = el('tr');
    row.appendChild(el('td', { colSpan: 5 }, t('noMoves')));
    body.replaceChildren(row);
    return;
  }
  body.replaceChildren(...moves.map((m) => {
    const row = el('tr');
    [m.agent, m.from || '—', m.to || '—', m.at ? hhmm(m.at) : '', m.reason || '']
      .forEach((v) => row.appendChild(el('td', {}, v)));
    return row;
  }));
}

function draw(plan) {
  Object.values(window.wfmCharts).forEach((c) => c.destroy());
  window.wfmCharts = {};
  document.getElementById('asof').textContent = plan.as_of;
  const charts = document.getElementById('charts');
  charts.replaceChildren();
  for (const q of plan.queues || []) {
    if (q.kind && q.kind !== 'live') continue;
    const card = queueCard(q);
    charts.appendChild(card);
    drawChart(card, q);
  }
  drawAlerts(plan);
  drawMoves(plan);
  window.wfmRedraws += 1;
}

function translate() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-i18n]').forEach((e) => { e.textContent = t(e.dataset.i18n); });
  document.getElementById('lang').textContent = lang === 'zh' ? 'EN' : '中文';
}

function setStatus(state, text) {
  const s = document.getElementById('status');
  s.dataset.state = state;
  s.textContent = text || '';
}

async function poll() {
  window.wfmPolls += 1;
  try {
    const headers = etag ? { 'If-None-Match': etag } : {};
    const r = await fetch(`/v1/centers/${encodeURIComponent(center)}/seatplan/live`,
                          { headers, cache: 'no-store' });
    if (r.status === 304) { setStatus('ok'); return; }
    if (r.status === 404) { setStatus('empty', t('noPlan')); return; }
    if (!r.ok) throw new Error('HTTP ' + r.status);
    const plan = await r.json();
    etag = r.headers.get('ETag');
    window.wfmPlan = plan;
    setStatus('ok');
    draw(plan);
  } catch (e) {
    setStatus('error', t('error'));
  }
}

document.getElementById('lang').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  translate();
  if (window.wfmPlan) draw(window.wfmPlan);
});
document.getElementById('center').textContent = center;
translate();
window.wfmPoll = poll; /* a test may poll now instead of waiting */
poll();
setInterval(poll, pollMs);
