/* The dashboard's shell: which view shows (?view=live|roster|scenario), the
 * center (?center=, default jinan), language (i18n.js), wall mode (large
 * type for a 1080p wall screen: ?wall=1 or the button), the access token,
 * and the one function every view calls the API through.
 *
 * Token: an address ending in #token=T stores T in localStorage "wfm_token"
 * and drops it from the address bar (so it is not left on screen or in the
 * history); every API call then sends "Authorization: Bearer T". Without a
 * token the page sends none, which is right for a server with auth off. A
 * 401 or 403 shows how to get a token instead of a broken page.
 *
 * window.__wfm is the page's state for tests and curious operators: views
 * register their Chart instances in __wfm.charts and count redraws in
 * __wfm.redraws (docs/web.md). */
'use strict';

const wfm = (() => {
  const params = new URLSearchParams(location.search);
  const state = {
    center: params.get('center') || 'jinan',
    view: params.get('view') || 'live',
    lang: wfmInitialLang(),
    token: null,
    views: {},
  };
  window.__wfm = { redraws: 0, polls: 0, requests: [], charts: {}, plan: null, state };

  function takeToken() {
    const m = location.hash.match(/(?:^#|&)token=([^&]+)/);
    if (m) {
      localStorage.setItem('wfm_token', decodeURIComponent(m[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
    state.token = localStorage.getItem('wfm_token');
  }

  const t = (key, vars) => {
    let s = TEXT[state.lang][key] ?? TEXT.en[key] ?? key;
    for (const [k, v] of Object.entries(vars || {})) s = s.replace('{' + k + '}', v);
    return s;
  };

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k === 'style') e.style.cssText = v;
      else e[k] = v;
    }
    e.append(...children.filter((c) => c !== null && c !== undefined));
    return e;
  }

  function setStatus(kind, text) {
    const s = document.getElementById('status');
    s.dataset.state = kind;
    s.textContent = text || '';
  }

  /* The header's status after a failed API call. */
  function setFailed(e) {
    setStatus('error', e.status === 401 || e.status === 403 ? t('not_authorized')
      : t('error') + (e.status ? ` (${e.status})` : ''));
  }

  /* An API error carrying the HTTP status and the server's error object. */
  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.error && body.error.message) || 'HTTP ' + status);
      this.status = status;
      this.body = body;
    }
  }

  function showAuthProblem(status) {
    const box = document.getElementById('auth');
    box.hidden = false;
    box.replaceChildren(
      el('b', {}, t(state.token && status === 403 ? 'auth_rejected' : status === 401 && !state.token
        ? 'auth_missing' : 'auth_rejected')),
      ' ', t('auth_howto', { url: location.origin + location.pathname }));
  }

  /* fetch() of an API path with the token; resolves to the Response for
   * 2xx and 304, throws ApiError otherwise (after showing the auth help for
   * 401/403 on reads). Every request is logged in __wfm.requests. */
  async function api(path, opts = {}) {
    const headers = Object.assign({}, opts.headers || {});
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    if (opts.json !== undefined) headers['Content-Type'] = 'application/json';
    const init = { method: opts.method || 'GET', headers, cache: 'no-store' };
    if (opts.json !== undefined) init.body = JSON.stringify(opts.json);
    window.__wfm.requests.push({ path, method: init.method, headers });
    if (window.__wfm.requests.length > 200) window.__wfm.requests.shift();
    const r = await fetch(path, init);
    if (r.ok || r.status === 304) return r;
    let body = null;
    try { body = await r.json(); } catch (e) { /* not JSON */ }
    if ((r.status === 401 || r.status === 403) && init.method === 'GET') showAuthProblem(r.status);
    throw new ApiError(r.status, body);
  }

  async function getJson(path) {
    return (await api(path)).json();
  }

  /* A Chart registered under name in __wfm.charts; the old one of that
   * name is destroyed first. Colours and sizes follow the current mode. */
  function chart(name, canvas, config) {
    if (window.__wfm.charts[name]) window.__wfm.charts[name].destroy();
    const css = getComputedStyle(document.body);
    Chart.defaults.color = css.getPropertyValue('--muted').trim() || '#8a97a6';
    Chart.defaults.font.size = parseFloat(css.getPropertyValue('--chart-font')) || 14;
    Chart.defaults.borderColor = '#2a3340';
    const c = new Chart(canvas, Object.assign({}, config, {
      options: Object.assign({ animation: false, responsive: true, maintainAspectRatio: false },
                             config.options || {}),
    }));
    window.__wfm.charts[name] = c;
    return c;
  }

  function dropCharts(prefix) {
    for (const name of Object.keys(window.__wfm.charts))
      if (name.startsWith(prefix)) {
        window.__wfm.charts[name].destroy();
        delete window.__wfm.charts[name];
      }
  }

  const hhmm = (iso) => iso.slice(11, 16);
  const pct = (x, digits = 1) => (x === null || x === undefined || isNaN(x)) ? '—'
    : (100 * x).toFixed(digits) + ' %';
  const num = (x, digits = 0) => (x === null || x === undefined || isNaN(x)) ? '—'
    : Number(x).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-US',
                               { maximumFractionDigits: digits, minimumFractionDigits: digits });

  function kpi(label, value, extra) {
    return el('div', { className: 'kpi' }, el('span', { className: 'label' }, label),
              el('b', {}, value), extra ? el('small', {}, extra) : null);
  }

  function translate() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    document.querySelectorAll('[data-i18n]').forEach((e) => { e.textContent = t(e.dataset.i18n); });
    document.querySelectorAll('[data-i18n-placeholder]')
      .forEach((e) => { e.placeholder = t(e.dataset.i18nPlaceholder); });
    document.getElementById('lang').textContent = t('lang_button');
  }

  function show(view) {
    if (!state.views[view]) view = 'live';
    state.view = view;
    document.querySelectorAll('.view').forEach((m) => { m.hidden = m.id !== 'view-' + view; });
    document.querySelectorAll('#tabs a').forEach((a) => {
      a.classList.toggle('active', a.dataset.view === view);
    });
    document.body.dataset.view = view;
    const p = new URLSearchParams(location.search);
    p.set('view', view);
    history.replaceState(null, '', location.pathname + '?' + p.toString());
    state.views[view].show();
  }

  function setLang(lang) {
    state.lang = lang;
    localStorage.setItem('wfm_lang', lang);
    translate();
    for (const v of Object.values(state.views)) if (v.relabel) v.relabel();
  }

  function setWall(on) {
    document.body.classList.toggle('wall', on);
    for (const v of Object.values(state.views)) if (v.relabel) v.relabel();
  }

  function register(name, view) { state.views[name] = view; }

  function start() {
    takeToken();
    document.getElementById('center').textContent = state.center;
    document.getElementById('lang').addEventListener('click',
      () => setLang(state.lang === 'zh' ? 'en' : 'zh'));
    document.getElementById('wall').addEventListener('click',
      () => setWall(!document.body.classList.contains('wall')));
    document.querySelectorAll('#tabs a').forEach((a) => a.addEventListener('click', (ev) => {
      ev.preventDefault();
      show(a.dataset.view);
    }));
    if (params.get('wall') === '1') document.body.classList.add('wall');
    translate();
    show(state.view);
  }

  return { state, t, el, api, getJson, chart, dropCharts, setStatus, setFailed, hhmm, pct, num, kpi,
           register, start, ApiError, setLang, show };
})();

document.addEventListener('DOMContentLoaded', () => wfm.start());
