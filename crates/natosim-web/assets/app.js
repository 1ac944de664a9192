// natosim workbench — the pages.
//
// Plain modern JavaScript (one ES module, no build step, no framework, nothing
// from the network): the server embeds this file in the binary, so `natosim
// serve` works on a fresh clone without Node. Every number shown comes from the
// server's JSON (the library's own result types); every chart is an SVG drawn
// by natosim-report, the same functions as the HTML report, so the workbench
// and the report never disagree. The pages only arrange them.
//
// Routes are hash routes (#/compare, #/assumptions, #/whatif, #/why,
// #/members, #/history, #/job/<id>) so that a reload or a bookmark reattaches
// to the same page or job: jobs run on the server and survive a closed tab.

'use strict';

// ---------------------------------------------------------------- i18n

const LANGS = ['en', 'de'];
let LANG = 'en';
let DICT = {};

/** The text of `key` with `{name}` placeholders filled; a missing key shows as ⟦key⟧. */
function t(key, vars = {}) {
  let s = Object.prototype.hasOwnProperty.call(DICT, key) ? DICT[key] : `⟦${key}⟧`;
  for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

async function loadLang(lang) {
  if (!LANGS.includes(lang)) lang = 'en';
  const r = await fetch(`/assets/i18n/${lang}.json`);
  DICT = await r.json();
  LANG = lang;
  document.documentElement.lang = lang;
  localStorage.setItem('natosim.lang', lang);
  document.title = t('app.title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  const sel = document.getElementById('lang');
  if (sel) sel.value = lang;
}

/** Numbers as the report writes them: 1,090.5 in English, 1.090,5 in German. */
function num(v, decimals) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const f = new Intl.NumberFormat(LANG === 'de' ? 'de-DE' : 'en-US', {
    minimumFractionDigits: decimals, maximumFractionDigits: decimals,
  });
  const s = f.format(v);
  // "-0.000" reads "0.000", as in the report.
  return /^-[0.,]*$/.test(s) ? s.slice(1) : s;
}

function signed(v, decimals) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const s = num(Math.abs(v), decimals);
  if (/^[0.,]*$/.test(s)) return '±' + s;
  return (v > 0 ? '+' : '−') + s;
}

function when(ts) {
  if (!ts) return '–';
  const d = new Date(typeof ts === 'number' ? ts * (ts < 1e12 ? 1000 : 1) : ts);
  if (Number.isNaN(d.getTime())) return String(ts);
  return d.toLocaleString(LANG === 'de' ? 'de-DE' : 'en-GB');
}

// ---------------------------------------------------------------- DOM helpers

/** `h('tag.class', {attrs}, children…)`: a small element builder (text is always escaped). */
function h(spec, attrs = {}, ...children) {
  const [tag, ...classes] = spec.split('.');
  const el = document.createElement(tag || 'div');
  if (classes.length) el.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else if (k === 'html') el.innerHTML = v; // only for SVG/HTML the server renders (natosim-report)
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

function download(name, text, type = 'application/toml') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---------------------------------------------------------------- the API

/** An error answer of the server: `{ error: { kind, message, diagnostics? } }`. */
class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.kind = e.kind || 'http';
    this.diagnostics = e.diagnostics || [];
  }
}

async function api(method, url, body) {
  let r;
  try {
    r = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { error: { kind: 'offline', message: t('app.offline') } });
  }
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!r.ok) throw new ApiError(r.status, json || { error: { message: text || `HTTP ${r.status}` } });
  return json;
}

const cache = {};
async function info() { return (cache.info ??= await api('GET', '/api/info')); }
async function scenarios() { return (cache.scenarios ??= await api('GET', '/api/scenarios')); }
async function schema(ref) {
  const key = JSON.stringify(ref);
  cache.schema ??= new Map();
  if (!cache.schema.has(key)) cache.schema.set(key, await api('POST', '/api/schema', { scenario: ref }));
  return cache.schema.get(key);
}

// ---------------------------------------------------------------- metrics and models

const FALLBACK_DECIMALS = {
  index: 3, probability: 3, days: 1, brigades: 1, percent_gdp: 2, percentage_points: 2,
  usd_bn: 0, troops: 0, count: 0,
};

async function metricInfo(name) {
  const i = await info();
  return (i.metrics || []).find((m) => m.name === name) || { name, kind: 'index' };
}

function metricLabel(m) {
  return (LANG === 'de' ? m.label_de : m.label_en) || m.label || m.name;
}

function decimalsOf(m) {
  return Number.isInteger(m.decimals) ? m.decimals : (FALLBACK_DECIMALS[m.kind] ?? 3);
}

// The models' colours: the report's Okabe–Ito order (natosim-report
// charts::model_colour), so a swatch here matches the line in its charts.
const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'];
function modelColour(i) {
  if (i < OKABE_ITO.length) return OKABE_ITO[i];
  const hue = ((i - OKABE_ITO.length) * 137.507764 + 20) % 360;
  return `hsl(${hue.toFixed(1)} 60% 42%)`;
}

function modelLabel(m) {
  return (LANG === 'de' ? m.label_de : null) || m.label || m.id;
}

// ---------------------------------------------------------------- scenarios

const EDITED = 'natosim.edited';

/** The edited scenario (Assumptions, or a loaded file): `{ toml, base }` or null. */
function edited() {
  try { return JSON.parse(localStorage.getItem(EDITED) || 'null'); } catch { return null; }
}
function setEdited(v) {
  if (v) localStorage.setItem(EDITED, JSON.stringify(v)); else localStorage.removeItem(EDITED);
}

/**
 * A scenario picker: the shipped scenarios, the edited one, and a file to
 * load. Returns `{ el, ref() }` where `ref()` is the API's `{name}` or
 * `{toml}`.
 */
async function scenarioPicker(pageKey, fallback = 'baseline', onChange = () => {}) {
  const list = await scenarios();
  const key = `natosim.scenario.${pageKey}`;
  const select = h('select', { name: 'scenario', id: `scenario-${pageKey}` });
  const fill = () => {
    select.replaceChildren();
    const ed = edited();
    if (ed) select.append(h('option', { value: '@edited', text: `${t('scenario.edited')} — ${ed.base || ''}` }));
    for (const s of list) select.append(h('option', { value: s.name, text: s.title ? `${s.name} — ${s.title}` : s.name }));
    const want = localStorage.getItem(key) || fallback;
    select.value = [...select.options].some((o) => o.value === want) ? want : (list[0] && list[0].name);
  };
  fill();
  const problems = h('ul.diagnostics');
  const file = h('input', {
    type: 'file', accept: '.toml,text/plain', 'aria-label': t('scenario.upload'),
    onchange: async () => {
      const f = file.files[0];
      if (!f) return;
      const text = await f.text();
      problems.replaceChildren();
      try {
        const v = await api('POST', '/api/validate', { toml: text, name: f.name });
        if (!v.ok) {
          problems.append(h('li', { text: t('scenario.invalid') }), ...diagnosticItems(v.diagnostics));
          return;
        }
        setEdited({ toml: text, base: f.name });
        fill();
        select.value = '@edited';
        localStorage.setItem(key, '@edited');
        onChange();
      } catch (e) {
        problems.append(h('li', { text: e.message }), ...diagnosticItems(e.diagnostics));
      }
    },
  });
  select.addEventListener('change', () => { localStorage.setItem(key, select.value); onChange(); });
  const el = h('div.scenario-picker', {},
    h('label', {}, t('scenario.label'), select),
    h('label', {}, t('scenario.upload'), file),
    problems);
  return {
    el,
    select,
    ref() {
      if (select.value === '@edited') {
        const ed = edited();
        if (ed) return { toml: ed.toml, name: ed.base || undefined };
      }
      return { name: select.value };
    },
  };
}

/** The CLI's text of a diagnostic (the server sends core's Display as `text`). */
function diagnosticText(d) {
  if (typeof d === 'string') return d;
  if (d.text) return d.text;
  let s = '';
  if (d.file) s += d.file + (d.line ? `:${d.line}${d.column ? ':' + d.column : ''}` : '') + ': ';
  if (d.path) s += `${d.path}: `;
  s += d.message || '';
  if (d.allowed) s += ` (${t('error.allowed')}: ${d.allowed})`;
  if (d.hint) s += ` — ${t('error.hint')}: ${d.hint}`;
  return s;
}

function diagnosticItems(list) {
  return (list || []).map((d) => h('li', { text: diagnosticText(d) }));
}

function showError(container, e) {
  container.replaceChildren(
    h('p.error', { role: 'alert' }, h('strong', { text: `${t('app.server_error')} (${e.status || '–'}): ` }), e.message),
    h('ul.diagnostics', {}, ...diagnosticItems(e.diagnostics)));
}

// ---------------------------------------------------------------- jobs

/** Polling handles of the current page; a page change stops them (the jobs go on). */
let polls = new Set();
function stopPolls() { for (const p of polls) p.stop(); polls = new Set(); }

const FINAL = new Set(['done', 'failed', 'cancelled', 'interrupted']);

/** Submits a job; `{ id, cached }` (cached: an identical earlier job answers). */
async function submit(body) {
  return api('POST', '/api/jobs', body);
}

/**
 * Shows job `id` in `container`: its status and live progress (with a cancel
 * button) while it runs, then its result, charts and exports. Resolves with
 * the final job record.
 */
function showJob(container, id, opts = {}) {
  let stopped = false;
  const handle = { stop() { stopped = true; } };
  polls.add(handle);
  const head = h('div.job-head');
  const progressBox = h('div.progress');
  const body = h('div.job-body');
  container.replaceChildren(head, progressBox, body);
  container.dataset.jobId = id;
  container.classList.add('job');
  let shownPartial = false;

  return new Promise((resolve) => {
    const tick = async () => {
      if (stopped) return;
      let job;
      try {
        job = await api('GET', `/api/jobs/${encodeURIComponent(id)}`);
      } catch (e) {
        if (e.status === 404) { container.replaceChildren(h('p.error', { text: t('job.not_found') })); resolve(null); return; }
        showError(progressBox, e);
        setTimeout(tick, 1000);
        return;
      }
      container.dataset.status = job.status;
      renderHead(head, job, opts);
      if (!FINAL.has(job.status)) {
        renderProgress(progressBox, job);
        if (job.partial && job.kind === 'compare') { renderResult(body, job); shownPartial = true; }
        setTimeout(tick, 200);
        return;
      }
      renderProgress(progressBox, job, opts.cached);
      // The caller's own view of the result first (What-if's table), the charts after.
      if (opts.onDone) await opts.onDone(job);
      if (job.status === 'done') {
        if (opts.result !== false) await renderResult(body, job);
        else body.replaceChildren();
        if (opts.charts !== false) await renderCharts(body, job, opts.charts, opts.table !== false);
      } else if (job.error) {
        body.replaceChildren(h('p.error', { role: 'alert', text: job.error.message || String(job.error) }),
          h('ul.diagnostics', {}, ...diagnosticItems(job.error.diagnostics)));
      } else if (shownPartial) {
        body.replaceChildren();
      }
      polls.delete(handle);
      resolve(job);
    };
    tick();
  });
}

function renderHead(head, job, opts) {
  if (opts.compact) { head.replaceChildren(); return; }
  const title = job.title || t(`kind.${job.kind}`);
  const settings = job.settings || {};
  head.replaceChildren(
    h('h2', { text: `${t(`kind.${job.kind}`)}: ${title === t(`kind.${job.kind}`) ? (job.scenario || '') : title}` }),
    h('dl.meta', {},
      h('dt', { text: t('job.meta.id') }), h('dd', {}, h('a', { href: `#/job/${job.id}`, title: t('job.link'), text: job.id })),
      h('dt', { text: t('job.meta.scenario') }), h('dd', { text: job.scenario || '–' }),
      h('dt', { text: t('job.meta.seed') }), h('dd', { text: job.seed ?? settings.seed ?? '–' }),
      h('dt', { text: t('job.meta.runs') }), h('dd', { text: job.runs ?? settings.runs ?? settings.samples ?? '–' }),
      h('dt', { text: t('job.meta.version') }), h('dd', { text: job.version || '–' }),
      h('dt', { text: t('job.meta.created') }), h('dd', { text: when(job.created) }),
      h('dt', { text: t('job.meta.finished') }), h('dd', { text: when(job.finished) })),
    job.status === 'done' ? exportLinks(job) : '');
}

function exportLinks(job) {
  const base = `/api/jobs/${encodeURIComponent(job.id)}`;
  return h('div.links', {},
    h('a.export-csv', { href: `${base}/export.csv`, download: `natosim-${job.id}.csv`, text: `${t('job.download')} ${t('job.export_csv')}` }),
    h('a.export-json', { href: `${base}/export.json`, download: `natosim-${job.id}.json`, text: `${t('job.download')} ${t('job.export_json')}` }),
    job.kind === 'compare' || job.kind === 'report'
      ? h('a.report', { href: `${base}/report.html?lang=${LANG}`, download: `natosim-report-${job.id}-${LANG}.html`, text: t('job.report') })
      : null);
}

function renderProgress(box, job, cached) {
  const p = job.progress || {};
  const done = p.done ?? 0;
  const total = p.total ?? 0;
  if (FINAL.has(job.status)) {
    box.replaceChildren(h(`span.status.status-${job.status}`, { text: t(`job.${job.status}`) }));
    if (cached) box.append(h('span.note', { text: t('job.cached') }));
    return;
  }
  const cancel = h('button.danger.cancel', {
    type: 'button', text: t('job.cancel'),
    onclick: async () => { cancel.disabled = true; try { await api('POST', `/api/jobs/${encodeURIComponent(job.id)}/cancel`); } catch (e) { showError(box, e); } },
  });
  const bar = h('progress', { max: total || 1, value: done });
  box.replaceChildren(bar,
    h('span.status', { text: job.status === 'queued' ? t('job.queued') : t('job.running', { done: num(done, 0), total: num(total, 0) }) }),
    cancel);
}

async function renderResult(body, job) {
  const r = job.result || job.partial;
  body.replaceChildren();
  if (!r) return;
  if (job.kind === 'compare' || job.kind === 'report') body.append(await comparisonTable(r));
  else if (job.kind === 'sensitivity') body.append(sensitivityTable(r));
  else if (job.kind === 'discover') body.append(discoveryTables(r));
}

/** The report's charts of `job` (those whose id `only` accepts) and its members table. */
async function renderCharts(body, job, only = () => true, table = true) {
  const box = h('div.charts-box', {}, h('p.hint', { text: t('job.charts_loading') }));
  body.append(box);
  try {
    const c = await api('GET', `/api/jobs/${encodeURIComponent(job.id)}/charts?lang=${LANG}`);
    box.replaceChildren();
    const charts = (c.charts || []).filter((ch) => only(ch.id));
    if (charts.length) {
      box.append(h('h3', { text: t('job.charts') }),
        h('div.charts', {}, ...charts.map((ch) => h('figure.chart', { 'data-chart': ch.id },
          h('h3', { text: ch.title }), h('div', { html: ch.svg })))));
    }
    if (table && c.table_html) box.append(h('div.members-table', { html: c.table_html }));
  } catch (e) {
    showError(box, e);
  }
}

// ---------------------------------------------------------------- result tables

async function comparisonTable(r) {
  const i = await info();
  const byName = new Map((i.metrics || []).map((m) => [m.name, m]));
  const models = r.models || [];
  // Rows in the order of natosim's metric table (GET /api/info), as in the CLI and the report.
  const names = models.length ? orderedMetrics(i, models[0].metrics) : [];
  const all = localStorage.getItem('natosim.allMetrics') === '1';
  const toggle = h('input', { type: 'checkbox', name: 'all-metrics', checked: all });
  const table = h(`table.data.comparison${all ? '.all' : ''}`, {},
    h('caption', { text: t('table.caption', { runs: num(r.runs, 0), scenario: r.scenario, seed: r.seed }) }),
    h('thead', {}, h('tr', {}, h('th', { text: t('table.metric') }),
      ...models.map((m, k) => h('th', { 'data-model': m.id },
        h('span.swatch', { style: `background:${modelColour(schemaIndex(modelOrder, m.id, k))}` }),
        modelName(m))))),
    h('tbody', {}, ...names.map((name) => {
      const mi = byName.get(name) || { name, kind: 'index' };
      const d = decimalsOf(mi);
      return h('tr', { 'data-metric': name, class: KEY_METRICS.includes(name) ? 'key' : 'more' },
        h('th', { scope: 'row', title: mi.description || '' }, metricLabel(mi)),
        ...models.map((m) => {
          const s = m.metrics[name] || {};
          const short = s.n !== undefined && r.runs && s.n < r.runs;
          return h('td', { 'data-model': m.id, title: short ? t('table.n_note', { n: s.n }) : '' },
            h('span.mean', { text: num(s.mean, d) }), ' ',
            h('span.ci', { text: `[${num(s.p05, d)}, ${num(s.p95, d)}]` }));
        }));
    })));
  // The key metrics first; the other rows one click away (the CSV, JSON and
  // report always have all of them).
  toggle.addEventListener('change', () => {
    table.classList.toggle('all', toggle.checked);
    localStorage.setItem('natosim.allMetrics', toggle.checked ? '1' : '0');
  });
  return h('div', {}, h('label.check.all-metrics', {}, toggle, ' ', t('table.all_metrics', { n: names.length })), table);
}

function orderedMetrics(i, metrics) {
  const known = (i.metrics || []).map((m) => m.name).filter((n) => n in metrics);
  return known.concat(Object.keys(metrics).filter((n) => !known.includes(n)));
}

function schemaIndex(list, id, k) {
  const i = list.indexOf(id);
  return i >= 0 ? i : k;
}

// The German label comes from the scenario (label_de), looked up in the
// current schema when the result itself carries only the English one.
const labelsDe = new Map();
const labelsEn = new Map();
// The scenario's model order (the report colours a model by its position in it).
let modelOrder = [];
function modelName(m) {
  if (LANG === 'de' && labelsDe.has(m.id)) return labelsDe.get(m.id);
  return m.label || m.id;
}
function rememberLabels(s) {
  modelOrder = (s.models || []).map((m) => m.id);
  for (const m of (s.models || [])) {
    if (m.label_de) labelsDe.set(m.id, m.label_de);
    if (m.label) labelsEn.set(m.id, m.label);
  }
}

function sensitivityTable(r) {
  const params = [...(r.parameters || [])];
  const sobol = r.method === 'sobol';
  const imp = (p) => (sobol ? p.st : p.mu_star) ?? -1;
  params.sort((a, b) => imp(b) - imp(a));
  const cols = sobol ? ['s1', 's1_conf', 'st', 'st_conf'] : ['mu_star', 'mu_star_conf', 'mu', 'sigma'];
  const head = sobol ? [t('why.s1'), t('why.conf'), t('why.st'), t('why.conf')]
    : [t('why.mu_star'), t('why.mu_star_conf'), t('why.mu'), t('why.sigma')];
  return h('div', {},
    h('p.hint', { text: t('why.evaluations', { n: num(r.evaluations, 0), samples: num(r.samples, 0), metric: r.metric, model: r.model }) }),
    h('table.data.sensitivity', {},
      h('thead', {}, h('tr', {}, h('th', { text: t('why.parameter') }), h('th', { text: t('why.group') }), ...head.map((x) => h('th', { text: x })))),
      h('tbody', {}, ...params.map((p) => h('tr', { 'data-param': p.name },
        h('td.mono', { text: p.name }), h('td', { text: p.group || '' }),
        ...cols.map((c) => h('td', { 'data-col': c, text: num(p[c], 3) })))))));
}

function discoveryTables(r) {
  const b = r.box || {};
  return h('div', {},
    h('p', { text: t('why.cases', { n: num(r.cases_of_interest, 0), samples: num(r.samples, 0), condition: r.condition }) }),
    h('p', { text: t('why.box', { coverage: num(b.coverage, 3), density: num(b.density, 3), base: num(r.base_density, 3), n: num(b.n, 0) }) }),
    h('table.data.box', {},
      h('caption', { text: t('why.limits') }),
      h('thead', {}, h('tr', {}, ...[t('why.parameter'), t('why.low'), t('why.high'), t('why.range'), t('why.restricted')].map((x) => h('th', { text: x })))),
      h('tbody', {}, ...(b.limits || []).map((l) => h('tr', { class: l.restricted ? 'restricted' : '' },
        h('td.mono', { text: l.name }), h('td', { text: num(l.low, 3) }), h('td', { text: num(l.high, 3) }),
        h('td', { text: `${num(l.range?.[0], 3)} – ${num(l.range?.[1], 3)}` }), h('td', { text: l.restricted ? '✔' : '' }))))),
    h('table.data.features', {},
      h('caption', { text: t('why.feature_scores') }),
      h('thead', {}, h('tr', {}, h('th', { text: t('why.parameter') }), h('th', { text: t('why.ks') }))),
      h('tbody', {}, ...(r.feature_scores || []).map((f) => h('tr', {}, h('td.mono', { text: f.name }), h('td', { text: num(f.ks, 3) }))))));
}

// ---------------------------------------------------------------- pages

function pageHeader(titleKey, introKey, vars) {
  return [h('h1', { text: t(titleKey) }), h('p.intro', { text: t(introKey, vars) })];
}

async function limitsNote() {
  const i = await info();
  const l = i.limits || {};
  return h('p.hint', { text: t('settings.limits', { runs: num(l.max_runs, 0), samples: num(l.max_samples, 0) }) });
}

// --- Compare

async function pageCompare(main) {
  const picker = await scenarioPicker('compare', 'baseline', () => refreshModels());
  const modelsBox = h('fieldset.models', {}, h('legend', { text: t('settings.models') }));
  const runs = h('input', { type: 'number', name: 'runs', min: 1, value: localStorage.getItem('natosim.runs') || 1000 });
  const seed = h('input', { type: 'number', name: 'seed', min: 0, placeholder: t('settings.seed_default') });
  const result = h('section.result');
  const problems = h('div.problems');
  const run = h('button.run', { type: 'submit', text: t('compare.run') });
  let modelIds = [];

  async function refreshModels() {
    problems.replaceChildren();
    try {
      const s = await schema(picker.ref());
      rememberLabels(s);
      modelIds = s.models.map((m) => m.id);
      modelsBox.replaceChildren(h('legend', { text: t('settings.models') }),
        ...s.models.map((m, k) => h('label.check', {},
          h('input', { type: 'checkbox', name: 'model', value: m.id, checked: true }),
          h('span.swatch', { style: `background:${modelColour(k)}` }), modelLabel(m))));
    } catch (e) { showError(problems, e); }
  }
  await refreshModels();

  const form = h('form.settings', {
    onsubmit: async (ev) => {
      ev.preventDefault();
      problems.replaceChildren();
      const models = [...modelsBox.querySelectorAll('input[name=model]:checked')].map((x) => x.value);
      if (!models.length) { problems.append(h('p.error', { text: t('compare.none_selected') })); return; }
      localStorage.setItem('natosim.runs', runs.value);
      const settings = { runs: Number(runs.value) };
      if (seed.value !== '') settings.seed = Number(seed.value);
      if (models.length !== modelIds.length) settings.models = models;
      try {
        const { id, cached } = await submit({ kind: 'compare', scenario: picker.ref(), settings });
        history.replaceState(null, '', `#/compare?job=${encodeURIComponent(id)}`);
        showJob(result, id, { cached, charts: COMPARE_CHARTS, table: false });
      } catch (e) { showError(problems, e); }
    },
  }, picker.el, modelsBox, h('label', {}, t('settings.runs'), runs), h('label', {}, t('settings.seed'), seed), run);

  main.replaceChildren(...pageHeader('compare.title', 'compare.intro'), form, await limitsNote(), problems, result);
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const again = params.get('job');
  if (again) showJob(result, again, { charts: COMPARE_CHARTS, table: false });
}

// Compare shows the fan charts and the spending chart; the maps and the
// members table belong to the Members page (all of them to a job's own page).
const COMPARE_CHARTS = (id) => id.startsWith('fan-') || id.startsWith('spending');
const MEMBERS_CHARTS = (id) => id.startsWith('map-');

// --- Assumptions

async function pageAssumptions(main) {
  const list = await scenarios();
  let ed = edited();
  const startSel = h('select', { id: 'assumptions-base' },
    ...list.map((s) => h('option', { value: s.name, text: s.title ? `${s.name} — ${s.title}` : s.name })));
  startSel.value = (ed && list.some((s) => s.name === ed.base)) ? ed.base : 'baseline';
  const status = h('div.status', { 'aria-live': 'polite' });
  const sections = h('div.sections');
  const count = h('span.hint.count');
  const filter = h('input', { type: 'search', id: 'assumptions-filter', placeholder: t('assumptions.filter_placeholder'), 'aria-label': t('assumptions.filter') });
  const tomlView = h('pre.mono');
  const file = h('input', { type: 'file', accept: '.toml,text/plain', 'aria-label': t('scenario.upload') });

  async function loadShipped(name) {
    const s = await api('GET', `/api/scenarios/${encodeURIComponent(name)}`);
    ed = { toml: s.toml, base: name };
    setEdited(ed);
  }

  function showStatus(diags) {
    const general = (diags || []);
    status.replaceChildren(general.length
      ? h('div', {}, h('p.error', { text: t('assumptions.problems', { n: general.length }) }), h('ul.diagnostics', {}, ...diagnosticItems(general)))
      : h('p.valid', { text: t('assumptions.valid') }));
  }

  async function render() {
    tomlView.textContent = ed.toml;
    let s;
    try {
      s = await api('POST', '/api/schema', { scenario: { toml: ed.toml, name: ed.base || undefined } });
    } catch (e) {
      showError(sections, e);
      showStatus(e.diagnostics);
      return;
    }
    rememberLabels(s);
    const groups = new Map();
    for (const p of s.parameters) {
      const g = p.section || p.path.split('.')[0];
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g).push(p);
    }
    sections.replaceChildren(...[...groups].map(([g, ps]) => h('details.section', { 'data-section': g },
      h('summary', { text: `${g} (${ps.length})` }),
      ...ps.map((p) => paramRow(p)))));
    applyFilter();
    try {
      const v = await api('POST', '/api/validate', { toml: ed.toml, name: ed.base || undefined });
      showStatus(v.diagnostics);
      markFields(v.diagnostics);
    } catch (e) { showStatus(e.diagnostics); }
  }

  function fmtValue(v) {
    if (v === null || v === undefined) return '';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }

  function paramRow(p) {
    const changed = fmtValue(p.value) !== fmtValue(p.default) && p.default !== undefined && p.default !== null;
    let input;
    if (p.kind === 'bool') input = h('input', { type: 'checkbox', checked: !!p.value });
    else input = h('input', { type: 'text', value: fmtValue(p.value), inputmode: p.kind === 'text' ? 'text' : 'decimal', spellcheck: false });
    input.name = p.path;
    input.setAttribute('aria-label', p.path);
    const err = h('div.field-error', { role: 'alert' });
    const range = (p.lo !== null && p.lo !== undefined) || (p.hi !== null && p.hi !== undefined)
      ? `${t('assumptions.range')} ${fmtValue(p.lo ?? '−∞')} – ${fmtValue(p.hi ?? '∞')}` : '';
    const doc = p.doc || '';
    const docEl = h(`div.doc${doc ? '' : '.missing'}`);
    if (doc) {
      // NAMED ASSUMPTION stands out: the reader should know which numbers are judgement.
      const parts = doc.split(/(NAMED ASSUMPTION|CALIBRATED)/);
      for (const part of parts) docEl.append(/^(NAMED ASSUMPTION|CALIBRATED)$/.test(part) ? h('span.named', { text: part }) : part);
    } else docEl.textContent = t('assumptions.no_doc');
    const row = h(`div.param${changed ? '.changed' : ''}`, { 'data-path': p.path, 'data-search': `${p.path} ${doc}`.toLowerCase() },
      h('div', {}, h('div.path', { text: p.path }),
        h('div.facts', {}, [
          `${t('assumptions.default')} ${fmtValue(p.default)}`,
          p.unit ? `${t('assumptions.unit')} ${p.unit}` : '',
          range,
        ].filter(Boolean).join(' · '))),
      h('div', {}, input),
      docEl, err);
    const send = debounce(async () => {
      let value;
      if (p.kind === 'bool') value = input.checked;
      else if (p.kind === 'text') value = input.value;
      else {
        // A number if it reads as one; anything else goes as typed, so the
        // server answers with the CLI's type error at this field.
        const raw = input.value.trim().replace(',', '.');
        value = raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : input.value;
        if (p.kind === 'integer' && typeof value === 'number' && !Number.isInteger(value)) value = input.value;
      }
      try {
        // The text goes by its base's name, so messages read `baseline.toml: line …`.
        const r = await api('POST', '/api/scenario/set', { toml: ed.toml, name: ed.base || undefined, path: p.path, value });
        ed = { toml: r.toml, base: ed.base };
        setEdited(ed);
        tomlView.textContent = ed.toml;
        row.classList.toggle('changed', fmtValue(value) !== fmtValue(p.default));
        showStatus(r.diagnostics);
        markFields(r.diagnostics);
      } catch (e) {
        row.classList.add('invalid');
        err.replaceChildren(...(e.diagnostics && e.diagnostics.length ? e.diagnostics.map((d) => h('div', { text: diagnosticText(d) })) : [h('div', { text: e.message })]));
      }
    }, 300);
    input.addEventListener(p.kind === 'bool' ? 'change' : 'input', send);
    return row;
  }

  /** Puts each diagnostic at its field (by path); the rest stay in the list at the top. */
  function markFields(diags) {
    for (const row of sections.querySelectorAll('.param.invalid')) {
      row.classList.remove('invalid');
      row.querySelector('.field-error').replaceChildren();
    }
    for (const d of diags || []) {
      if (!d.path) continue;
      const row = sections.querySelector(`.param[data-path="${CSS.escape(d.path)}"]`);
      if (!row) continue;
      row.classList.add('invalid');
      row.querySelector('.field-error').append(h('div', { text: diagnosticText(d) }));
      const det = row.closest('details');
      if (det) det.open = true;
    }
  }

  function applyFilter() {
    const q = filter.value.trim().toLowerCase();
    let shown = 0;
    let total = 0;
    for (const det of sections.querySelectorAll('details.section')) {
      let any = 0;
      for (const row of det.querySelectorAll('.param')) {
        total++;
        const ok = !q || row.dataset.search.includes(q);
        row.hidden = !ok;
        if (ok) { any++; shown++; }
      }
      det.hidden = !any;
      if (q) det.open = any > 0;
    }
    count.textContent = t('assumptions.count', { shown, total });
  }
  filter.addEventListener('input', debounce(applyFilter, 150));

  file.addEventListener('change', async () => {
    const f = file.files[0];
    if (!f) return;
    ed = { toml: await f.text(), base: f.name };
    setEdited(ed);
    await render();
  });

  if (!ed) await loadShipped(startSel.value);
  main.replaceChildren(...pageHeader('assumptions.title', 'assumptions.intro'),
    h('div.panel', {},
      h('label', {}, t('scenario.label'), startSel),
      h('button.secondary.reset', { type: 'button', text: t('assumptions.reset'), onclick: async () => { await loadShipped(startSel.value); await render(); } }),
      h('button.download', { type: 'button', text: t('assumptions.download'), onclick: () => download(`${(ed.base || 'scenario').replace(/\.toml$/, '')}-edited.toml`, ed.toml) }),
      h('label', {}, t('scenario.upload'), file)),
    h('p.hint', { text: t('assumptions.use') }),
    status,
    h('div.toolbar', {}, filter, count),
    sections,
    h('details.toml', {}, h('summary', { text: t('assumptions.toml') }), tomlView));
  startSel.addEventListener('change', async () => { await loadShipped(startSel.value); await render(); });
  await render();
}

// --- What-if

const WHATIF_RUNS = 250;
const KEY_METRICS = ['cohesion', 'capacity_to_act', 'deterrence', 'p_attack', 'p_fragmentation', 'p_paralysis', 'decision_days', 'europe_spending_gdp_final', 'us_trust'];

async function pageWhatif(main) {
  const picker = await scenarioPicker('whatif', 'baseline', () => setup());
  const leversBox = h('div.levers');
  const table = h('div.whatif-table');
  const status = h('div.whatif-status');
  const charts = h('div.whatif-job');
  let s; let base = null; let current = null; let levers = [];

  main.replaceChildren(...pageHeader('whatif.title', 'whatif.intro', { runs: WHATIF_RUNS }),
    h('div.panel', {}, picker.el), leversBox, status, table, charts);

  async function setup() {
    try { s = await schema(picker.ref()); } catch (e) { showError(leversBox, e); return; }
    rememberLabels(s);
    const P = new Map(s.parameters.map((p) => [p.path, p]));
    levers = [];
    // US troops: every point of every model's path, scaled together.
    const troops = s.parameters.filter((p) => /^models\.[^.]+\.us_troops\[\d+\]\.value$/.test(p.path));
    if (troops.length) {
      levers.push({
        id: 'us_troops', label: t('whatif.us_troops'), min: 0, max: 150, step: 10, value: 100, fmt: (v) => `${num(v, 0)} %`,
        overrides: (v) => (v === 100 ? {} : Object.fromEntries(troops.map((p) => [p.path, Math.round(Number(p.value) * v / 100)]))),
      });
    }
    const lastTarget = (field) => s.parameters.filter((p) => new RegExp(`^spending\\.targets\\[(\\d+)\\]\\.${field}$`).test(p.path)).pop();
    for (const [field, key, min, max] of [['core', 'whatif.core_target', 1, 6], ['related', 'whatif.related_target', 0, 3]]) {
      const p = lastTarget(field);
      if (!p) continue;
      const year = P.get(p.path.replace(`.${field}`, '.year'));
      const v0 = Number(p.value);
      levers.push({
        id: `target_${field}`, label: t(key, { year: year ? year.value : '' }), min, max, step: 0.1, value: v0, fmt: (v) => num(v, 1),
        overrides: (v) => (Math.abs(v - v0) < 1e-9 ? {} : { [p.path]: v }),
      });
    }
    const rmin = P.get('russia.reconstitution_years_min');
    const rmax = P.get('russia.reconstitution_years_max');
    if (rmin && rmax) {
      const a0 = Number(rmin.value); const b0 = Number(rmax.value);
      // One slider shifts the whole range: the spread between min and max is itself an assumption we keep.
      levers.push({
        id: 'reconstitution', label: t('whatif.reconstitution'), min: 0, max: 15, step: 0.5, value: a0,
        fmt: (v) => `${num(v, 1)} – ${num(v + b0 - a0, 1)}`,
        overrides: (v) => (Math.abs(v - a0) < 1e-9 ? {} : { [rmin.path]: v, [rmax.path]: v + b0 - a0 }),
      });
    }
    const hz = P.get('russia.attack_hazard_max');
    if (hz) {
      const v0 = Number(hz.value);
      levers.push({
        id: 'attack_hazard', label: t('whatif.attack_hazard'), min: 0, max: 0.2, step: 0.005, value: v0, fmt: (v) => num(v, 3),
        overrides: (v) => (Math.abs(v - v0) < 1e-9 ? {} : { [hz.path]: v }),
      });
    }
    const rules = s.models.map((m) => [m, P.get(`models.${m.id}.decision_rule`)]).filter(([, p]) => p);
    leversBox.replaceChildren(...levers.map((l) => {
      const out = h('output', { text: l.fmt(l.value) });
      const input = h('input', { type: 'range', min: l.min, max: l.max, step: l.step, value: l.value, name: l.id, 'aria-label': l.label });
      input.addEventListener('input', () => { l.value = Number(input.value); out.textContent = l.fmt(l.value); rerun(); });
      return h('div.lever', { 'data-lever': l.id }, h('label', {}, l.label, out), input);
    }));
    if (rules.length) {
      const box = h('div.rules');
      for (const [m, p] of rules) {
        const sel = h('select', { name: p.path, 'aria-label': `${t('whatif.decision_rule')} ${m.id}` },
          ...['consensus', 'qualified-majority', 'coalitions'].map((r) => h('option', { value: r, text: t(`whatif.rule.${r}`) })));
        sel.value = p.value;
        const lever = { id: p.path, value: p.value, overrides: (v) => (v === p.value ? {} : { [p.path]: v }) };
        levers.push(lever);
        sel.addEventListener('change', () => { lever.value = sel.value; rerun(); });
        box.append(h('span', {}, h('span.swatch', { style: `background:${modelColour(s.models.indexOf(m))}` }), modelLabel(m)), sel);
      }
      leversBox.append(h('div.lever', { 'data-lever': 'decision_rule' }, h('label', { text: t('whatif.decision_rule') }), box));
    }
    leversBox.append(h('div.lever', {}, h('button.secondary', { type: 'button', text: t('whatif.reset'), onclick: () => setup() })));
    base = null;
    await runBase();
    rerun();
  }

  function overrides() {
    return Object.assign({}, ...levers.map((l) => l.overrides(l.value)));
  }

  async function runJob(ov, container, onDone) {
    const body = { kind: 'compare', scenario: picker.ref(), settings: { runs: WHATIF_RUNS } };
    if (Object.keys(ov).length) body.overrides = ov;
    const { id, cached } = await submit(body);
    // The what-if table stands in for the full one; below it only the fan charts.
    return { id, cached, done: showJob(container, id, { compact: true, cached, result: false, charts: COMPARE_CHARTS, table: false, onDone }) };
  }

  async function runBase() {
    const hidden = h('div');
    try {
      const { done } = await runJob({}, hidden);
      const job = await done;
      base = job && job.status === 'done' ? job.result : null;
    } catch (e) { showError(status, e); }
  }

  const rerun = debounce(async () => {
    const ov = overrides();
    if (current) { api('POST', `/api/jobs/${encodeURIComponent(current)}/cancel`).catch(() => {}); }
    status.replaceChildren(h('span.hint', { text: `${t('whatif.waiting')} ${t('whatif.overrides', { n: Object.keys(ov).length })}` }));
    try {
      let cachedHit = false;
      const show = async (job) => {
        if (current !== job.id || job.status !== 'done') return;
        status.replaceChildren(h('span.hint', { text: t('whatif.overrides', { n: Object.keys(ov).length }) }));
        if (cachedHit) status.append(' ', h('span.note', { text: t('job.cached') }));
        table.replaceChildren(await whatifTable(job.result, base));
        table.dataset.job = job.id;
      };
      const { id, cached, done } = await runJob(ov, charts, show);
      cachedHit = cached;
      current = id;
      await done;
      if (current === id) current = null;
    } catch (e) { showError(status, e); }
  }, 350);

  await setup();
}

async function whatifTable(r, base) {
  const i = await info();
  const byName = new Map((i.metrics || []).map((m) => [m.name, m]));
  const models = r.models || [];
  const names = KEY_METRICS.filter((n) => models[0] && n in models[0].metrics);
  const baseModel = (id) => (base ? base.models.find((m) => m.id === id) : null);
  return h('table.data.whatif', {},
    h('thead', {}, h('tr', {}, h('th', { text: t('table.metric') }),
      ...models.map((m, k) => h('th', { 'data-model': m.id }, h('span.swatch', { style: `background:${modelColour(k)}` }), modelName(m))))),
    h('tbody', {}, ...names.map((name) => {
      const mi = byName.get(name) || { name, kind: 'index' };
      const d = decimalsOf(mi);
      return h('tr', { 'data-metric': name }, h('th', { scope: 'row', title: mi.description || '' }, metricLabel(mi)),
        ...models.map((m) => {
          const v = m.metrics[name].mean;
          const b = baseModel(m.id);
          const bv = b && b.metrics[name] ? b.metrics[name].mean : NaN;
          const delta = v - bv;
          return h('td', { 'data-model': m.id },
            h('span.mean', { text: num(v, d) }),
            Number.isFinite(delta) ? h('span.delta', { title: `${t('whatif.baseline')}: ${num(bv, d)}`, text: signed(delta, d) }) : null);
        }));
    })));
}

// --- Why

async function pageWhy(main) {
  const picker = await scenarioPicker('why', 'uncertain-baseline', () => refresh());
  const i = await info();
  const metricOptions = () => (i.metrics || []).map((m) => h('option', { value: m.name, text: `${metricLabel(m)} (${m.name})` }));
  const model = h('select', { name: 'model' });
  const problems = h('div.problems');
  async function refresh() {
    try {
      const s = await schema(picker.ref());
      rememberLabels(s);
      model.replaceChildren(...s.models.map((m) => h('option', { value: m.id, text: modelLabel(m) })));
    } catch (e) { showError(problems, e); }
  }
  await refresh();

  // Sensitivity
  const sMetric = h('select', { name: 'metric' }, ...metricOptions()); sMetric.value = 'p_attack';
  const method = h('select', { name: 'method' }, h('option', { value: 'morris', text: 'Morris' }), h('option', { value: 'sobol', text: "Sobol'" }));
  const sSamples = h('input', { type: 'number', name: 'samples', min: 2, value: 10 });
  const sHint = h('span.hint', { text: t('settings.samples_hint_morris') });
  method.addEventListener('change', () => {
    sHint.textContent = t(method.value === 'sobol' ? 'settings.samples_hint_sobol' : 'settings.samples_hint_morris');
    sSamples.value = method.value === 'sobol' ? 64 : 10;
  });
  const sResult = h('section.result.sensitivity-result');
  const sForm = h('form.settings.sensitivity', {
    onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        const { id, cached } = await submit({ kind: 'sensitivity', scenario: picker.ref(), settings: { model: model.value, metric: sMetric.value, method: method.value, samples: Number(sSamples.value) } });
        showJob(sResult, id, { cached });
      } catch (e) { showError(sResult, e); }
    },
  }, h('label', {}, t('settings.metric'), sMetric), h('label', {}, t('settings.method'), method),
  h('label', {}, t('settings.samples'), sSamples, sHint), h('button', { type: 'submit', text: t('why.run_sensitivity') }));

  // Discovery
  const dMetric = h('select', { name: 'metric' }, ...metricOptions()); dMetric.value = 'p_attack';
  const op = h('select', { name: 'op' }, ...['>', '>=', '<', '<='].map((o) => h('option', { value: o, text: o })));
  const threshold = h('input', { type: 'text', name: 'threshold', inputmode: 'decimal', value: '0.5' });
  const dSamples = h('input', { type: 'number', name: 'samples', min: 10, value: 200 });
  const dResult = h('section.result.discover-result');
  const dForm = h('form.settings.discover', {
    onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        const condition = `${dMetric.value} ${op.value} ${threshold.value.trim().replace(',', '.')}`;
        const { id, cached } = await submit({ kind: 'discover', scenario: picker.ref(), settings: { model: model.value, condition, samples: Number(dSamples.value) } });
        showJob(dResult, id, { cached });
      } catch (e) { showError(dResult, e); }
    },
  }, h('label', {}, t('settings.metric'), dMetric), h('label', {}, t('settings.condition'), op),
  h('label', {}, t('settings.threshold'), threshold), h('label', {}, t('settings.samples'), dSamples),
  h('button', { type: 'submit', text: t('why.run_discover') }));

  main.replaceChildren(...pageHeader('why.title', 'why.intro'),
    h('div.panel', {}, picker.el, h('label', {}, t('settings.model'), model)), problems, await limitsNote(),
    h('h2', { text: t('why.sensitivity') }), sForm, sResult,
    h('h2', { text: t('why.discover') }), dForm, dResult);
}

// --- Members

// The allies' map and table are the report's: they come from a comparison's
// stored ensemble (every ally's end state per model), so the page runs one
// and shows its maps and members table.
async function pageMembers(main) {
  const picker = await scenarioPicker('members', 'baseline');
  const runs = h('input', { type: 'number', name: 'runs', min: 1, value: 300 });
  const result = h('section.result');
  const form = h('form.settings.members', {
    onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        const { id, cached } = await submit({ kind: 'compare', scenario: picker.ref(), settings: { runs: Number(runs.value) } });
        showJob(result, id, { cached, result: false, charts: MEMBERS_CHARTS, table: true, compact: true });
      } catch (e) { showError(result, e); }
    },
  }, picker.el, h('label', {}, t('settings.runs'), runs),
  h('button', { type: 'submit', text: t('members.run') }));
  main.replaceChildren(...pageHeader('members.title', 'members.intro'), form, result);
}

// --- History

async function pageHistory(main) {
  const box = h('div.history-box');
  const diffBox = h('section.diff');
  const diffBtn = h('button.secondary.diff-button', { type: 'button', text: t('history.diff'), onclick: () => showDiff() });
  main.replaceChildren(...pageHeader('history.title', 'history.intro'),
    h('div.toolbar', {}, h('button.secondary', { type: 'button', text: t('history.refresh'), onclick: () => load() }), diffBtn),
    box, diffBox);

  async function load() {
    let jobs;
    try { jobs = await api('GET', '/api/jobs'); } catch (e) { showError(box, e); return; }
    if (!jobs.length) { box.replaceChildren(h('p', { text: t('history.empty') })); return; }
    box.replaceChildren(h('table.data.history', {},
      h('thead', {}, h('tr', {}, h('th', { text: '' }), h('th', { text: t('job.meta.kind') }), h('th', { text: t('history.title_col') }),
        h('th', { text: t('job.meta.scenario') }), h('th', { text: t('job.meta.seed') }), h('th', { text: t('job.meta.runs') }),
        h('th', { text: t('job.meta.version') }), h('th', { text: t('job.meta.status') }), h('th', { text: t('job.meta.created') }), h('th', { text: '' }))),
      h('tbody', {}, ...jobs.map((j) => h('tr', { 'data-job': j.id, 'data-kind': j.kind },
        h('td', {}, j.kind === 'compare' && j.status === 'done' ? h('input', { type: 'checkbox', name: 'diff', value: j.id, 'aria-label': j.id }) : ''),
        h('td', { text: t(`kind.${j.kind}`) }),
        h('td.title', {}, h('a.open', { href: `#/job/${j.id}`, text: j.title || j.id })),
        h('td', { text: j.scenario || '' }), h('td', { text: j.seed ?? '' }), h('td', { text: j.runs ?? '' }),
        h('td', { text: j.version || '' }),
        h('td', {}, h(`span.status-${j.status}`, { text: t(`job.${j.status}`) })),
        h('td', { text: when(j.created) }),
        h('td', {}, h('button.danger.delete', {
          type: 'button', text: t('history.delete'),
          onclick: async () => {
            if (!confirm(t('history.delete_confirm'))) return;
            try { await api('DELETE', `/api/jobs/${encodeURIComponent(j.id)}`); load(); } catch (e) { showError(box, e); }
          },
        })))))));
  }

  async function showDiff() {
    const ticked = [...box.querySelectorAll('input[name=diff]:checked')].map((x) => x.value);
    if (ticked.length !== 2) { diffBox.replaceChildren(h('p.error', { text: t('history.diff_need_two') })); return; }
    // The older one is A.
    const [b, a] = ticked;
    try {
      const d = await api('GET', `/api/diff?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
      diffBox.replaceChildren(h('h2', { text: t('history.diff_title') }), await diffTable(d, a, b));
    } catch (e) { showError(diffBox, e); }
  }
  await load();
}

/** `GET /api/diff`: `{ a, b, rows: [{ model, metric, a, b, diff_mean }] }` (b − a). */
async function diffTable(d, a, b) {
  const i = await info();
  const byName = new Map((i.metrics || []).map((m) => [m.name, m]));
  return h('table.data.difftable', {},
    h('caption', { text: `A = ${a} (${d.a?.scenario ?? ''}, seed ${d.a?.seed ?? ''}, ${d.a?.runs ?? ''}), B = ${b} (${d.b?.scenario ?? ''}, seed ${d.b?.seed ?? ''}, ${d.b?.runs ?? ''})` }),
    h('thead', {}, h('tr', {}, h('th', { text: t('settings.model') }), h('th', { text: t('table.metric') }),
      h('th', { text: t('diff.a') }), h('th', { text: t('diff.b') }), h('th', { text: t('diff.delta') }))),
    h('tbody', {}, ...(d.rows || []).map((r) => {
      const mi = byName.get(r.metric) || { name: r.metric, kind: 'index' };
      const dd = decimalsOf(mi);
      return h('tr', { 'data-model': r.model, 'data-metric': r.metric },
        h('td', { text: modelName({ id: r.model, label: labelsEn.get(r.model) }) }), h('td', { text: metricLabel(mi) }),
        h('td', { text: num(r.a?.mean, dd) }), h('td', { text: num(r.b?.mean, dd) }), h('td', { text: signed(r.diff_mean, dd) }));
    })));
}

// --- one job

async function pageJob(main, id) {
  const box = h('section.result');
  main.replaceChildren(box);
  await showJob(box, id);
}

// ---------------------------------------------------------------- router

const PAGES = {
  compare: pageCompare, assumptions: pageAssumptions, whatif: pageWhatif,
  why: pageWhy, members: pageMembers, history: pageHistory,
};

let routing = 0;
async function route() {
  const ticket = ++routing;
  stopPolls();
  const main = document.getElementById('page');
  const banner = document.getElementById('banner');
  banner.hidden = true;
  const hash = location.hash.replace(/^#\/?/, '');
  const [path] = hash.split('?');
  const [page, arg] = path.split('/');
  const name = PAGES[page] ? page : (page === 'job' && arg ? 'job' : 'compare');
  for (const a of document.querySelectorAll('header nav a')) a.classList.toggle('active', a.dataset.page === name);
  main.dataset.page = name;
  main.replaceChildren(h('p.hint', { text: t('app.loading') }));
  try {
    const target = h('div');
    const render = name === 'job' ? pageJob(target, decodeURIComponent(arg)) : PAGES[name](target);
    // Pages fill `target` once their first requests answered; only the latest route shows.
    await Promise.race([render, new Promise((r) => setTimeout(r, 50))]);
    if (ticket !== routing) return;
    main.replaceChildren(target);
    await render;
  } catch (e) {
    if (ticket !== routing) return;
    banner.hidden = false;
    banner.textContent = `${t('app.server_error')}: ${e.message}`;
  } finally {
    if (ticket === routing) main.dataset.ready = name;
  }
}

// A script error must not pass silently: it shows in the banner (and is
// kept in `window.natosimErrors`, which the browser tests read).
window.natosimErrors = [];
function reportError(message) {
  window.natosimErrors.push(String(message));
  const banner = document.getElementById('banner');
  if (banner) { banner.hidden = false; banner.textContent = String(message); }
}
window.addEventListener('error', (ev) => reportError(ev.message || ev.error));
window.addEventListener('unhandledrejection', (ev) => reportError((ev.reason && ev.reason.message) || ev.reason));

async function start() {
  const saved = localStorage.getItem('natosim.lang');
  const lang = saved || ((navigator.language || 'en').toLowerCase().startsWith('de') ? 'de' : 'en');
  await loadLang(lang);
  document.getElementById('lang').addEventListener('change', async (ev) => {
    await loadLang(ev.target.value);
    route();
  });
  try {
    const i = await info();
    document.getElementById('footer').textContent = `natosim ${i.version}${i.git ? ` (${i.git})` : ''} · ${t('settings.limits', { runs: num(i.limits?.max_runs, 0), samples: num(i.limits?.max_samples, 0) })}`;
  } catch (e) {
    const banner = document.getElementById('banner');
    banner.hidden = false;
    banner.textContent = e.message;
  }
  window.addEventListener('hashchange', route);
  if (!location.hash) history.replaceState(null, '', '#/compare');
  route();
}

start();
