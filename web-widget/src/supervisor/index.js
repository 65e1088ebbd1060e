// Supervisor view (/supervisor): live queue table, operators, charts of the last hours, jobs.

import { createShell } from '../staff/shell.js';
import { createHub } from '../shared/hub.js';
import { clear, setText } from '../shared/dom.js';
import { formatLocalDateTime, formatTime } from '../shared/time.js';
import { formatSeconds } from '../staff/format.js';
import { queueStateKey, namePart } from '../staff/render.js';
import { makeScroller } from '../staff/scroller.js';
import { mergeQueues } from '../console/state.js';
import { aggregateHistory } from './charts.js';
import { BUCKET_MINUTES } from './bucket-charts.js';
import { renderBucketCharts, renderGauges } from './history-charts.js';
import { CHART_TABLE_COLUMNS, fillChartRows } from './chart-table.js';
import { addAlert } from './alerts.js';
import { renderForecast } from './forecast.js';
import { ABANDON_BANDS_NOTE, FIGURE_COLUMNS, periodQuery, renderFigures } from './figures.js';
import { mountRequestList } from './request-list.js';
import { mountDayPlan } from './day-plan.js';
import { mountComments } from './comments.js';

const doc = document;
const win = window;
const shell = createShell({ doc, win, titleKey: 'supervisorTitle', requiredRole: 'supervisor' });
const { h, tx } = shell;
const POLL_MS = 5000;
const JOBS_MS = 10000;
const FIGURES_MS = 60000;

let queues = [];
let operators = [];
let history = [];
let jobs = [];
let alerts = [];
let updatedAt = null;
let hub = null;
let pollTimer = null;
let jobsTimer = null;
let figuresTimer = null;
let forecast = [];
let figures = null;
let chartQueue = '';
// Server time minus this browser's time, from the overview's `now`: "updated at" follows the server's clock.
let clockOffset = 0;
const sectionErrors = { overview: null, jobs: null, forecast: null, figures: null };

// ---- layout -------------------------------------------------------------------------------------
const col = (key) => tx(h('th', { scope: 'col' }), key);
const queueBody = h('tbody', { 'data-testid': 'supervisor-queues' });
const queueTable = h('table', { className: 'st-table', 'data-testid': 'supervisor-queue-table' },
  h('thead', null, h('tr', null, ...['colQueue', 'colState', 'colWaiting', 'colLongest', 'colAvailable', 'colBusy', 'colAway', 'colBreaches'].map(col))), queueBody);
const updated = h('p', { className: 'st-muted', 'aria-live': 'off', 'data-testid': 'supervisor-updated' });
const overviewError = h('p', { className: 'st-section-error', role: 'alert', 'data-testid': 'supervisor-overview-error', hidden: true });

const operatorBody = h('tbody', { 'data-testid': 'supervisor-operators' });
const operatorTable = h('table', { className: 'st-table' },
  h('thead', null, h('tr', null, ...['colName', 'colPresence', 'colLoad', 'colSkills', 'colLanguages'].map(col))), operatorBody);

const queuePick = h('select', { id: 'st-chart-queue', 'data-testid': 'chart-queue' });
queuePick.addEventListener('change', () => { chartQueue = queuePick.value; renderCharts(); });
const charts = h('div', { className: 'st-charts', 'data-testid': 'supervisor-charts' });
const gauges = h('div', { className: 'st-gauges', 'data-testid': 'sl-gauges' });
const bucketPick = h('select', { id: 'st-chart-bucket', 'data-testid': 'chart-bucket' },
  ...BUCKET_MINUTES.map((m) => h('option', { value: String(m) }, String(m))));
bucketPick.addEventListener('change', () => renderCharts());
// The charts' text alternative: every value as a table behind a toggle. Built once, so its open state and the
// keyboard focus survive the 5-second refresh.
const chartRows = h('tbody', { 'data-testid': 'chart-table-rows' });
const chartTable = h('table', { className: 'st-table st-table--compact', 'data-testid': 'chart-table' },
  tx(h('caption', { className: 'st-sr' }), 'charts'),
  h('thead', null, h('tr', null, ...CHART_TABLE_COLUMNS.map(col))), chartRows);
const chartData = h('details', { className: 'st-chart-data', 'data-testid': 'chart-data', hidden: true },
  tx(h('summary', { id: 'st-chart-data-title' }), 'chartShowTable'), makeScroller(h, win, chartTable, 'st-chart-data-title'));
let chartQueuesSig = '';

const jobsBody = h('tbody', { 'data-testid': 'supervisor-jobs' });
const jobsTable = h('table', { className: 'st-table' },
  h('thead', null, h('tr', null, ...['colJobType', 'colJobState', 'colDue', 'colAttempts', 'colLastError'].map(col), h('th', { scope: 'col' }))), jobsBody);
const jobsError = h('p', { className: 'st-section-error', role: 'alert', 'data-testid': 'supervisor-jobs-error', hidden: true });
const jobsNote = h('p', { className: 'st-muted', role: 'status' });
const noJobs = tx(h('p', { className: 'st-empty' }), 'noJobs');
// The whole of Hangfire (history, succeeded jobs, servers): signed in by the same staff cookie, supervisors only.
const jobsDashboard = h('p', { className: 'st-muted' },
  tx(h('a', { href: '/hangfire', target: '_blank', rel: 'noopener', 'data-testid': 'jobs-dashboard' }), 'openJobsDashboard'));

// Staffing forecast: needed-vs-present bars per queue (polled with the overview).
const forecastBody = h('tbody', { 'data-testid': 'supervisor-forecast' });
const forecastTable = h('table', { className: 'st-table', 'data-testid': 'forecast-table' },
  h('thead', null, h('tr', null, ...['colQueue', 'colForecastBars', 'colNeeded', 'colPresent', 'colGap', 'colArrivals', 'colHandle', 'colTarget', 'colExpectedLevel'].map(col))),
  forecastBody);
const forecastError = h('p', { className: 'st-section-error', role: 'alert', hidden: true });
const forecastLegend = h('p', { className: 'st-legend' }, tx(h('span', { className: 'st-key st-key-needed' }), 'legendNeeded'),
  tx(h('span', { className: 'st-key st-key-present' }), 'legendPresent'));

// Figures over days: the period, the table, the CSV download (the staff cookie signs the link in).
const periodFrom = h('input', { type: 'date', id: 'st-period-from', 'data-testid': 'period-from' });
const periodTo = h('input', { type: 'date', id: 'st-period-to', 'data-testid': 'period-to' });
const showFigures = tx(h('button', { type: 'button', className: 'st-btn st-btn--small', 'data-testid': 'period-show' }), 'showFigures');
const csvLink = tx(h('a', { href: '/api/stats?format=csv', download: '', 'data-testid': 'figures-csv' }), 'downloadCsv');
const figuresBody = h('tbody', { 'data-testid': 'supervisor-figures' });
const figuresTable = h('table', { className: 'st-table st-table--compact', 'data-testid': 'figures-table' },
  h('thead', null, h('tr', null, ...FIGURE_COLUMNS.map(col))), figuresBody);
const figuresPeriod = h('p', { className: 'st-muted', 'data-testid': 'figures-period' });
const abandonBands = h('p', { className: 'st-muted', 'data-testid': 'figures-abandon-bands' });
const figuresError = h('p', { className: 'st-section-error', role: 'alert', hidden: true });
const updateCsvLink = () => csvLink.setAttribute('href', `/api/stats${periodQuery(periodFrom.value, periodTo.value, 'csv')}`);
periodFrom.addEventListener('change', updateCsvLink);
periodTo.addEventListener('change', updateCsvLink);
showFigures.addEventListener('click', () => loadFigures());

// Missed deadlines as they are announced (each once, even when the server repeats one after a node failure).
const alertBody = h('tbody', { 'data-testid': 'supervisor-alerts' });
const alertTable = h('table', { className: 'st-table' },
  h('thead', null, h('tr', null, ...['colDue', 'colTicket', 'colQueue', 'colDeadline', 'colLate'].map(col))), alertBody);
const noAlerts = tx(h('p', { className: 'st-empty', 'data-testid': 'supervisor-no-alerts' }), 'noAlerts');
const alertNews = h('p', { className: 'st-sr', 'aria-live': 'polite', 'data-testid': 'supervisor-alert-news' });

// The forecast hour by hour (day-plan.js) and the rating comments of the figures' period (comments.js): own texts.
const dayPlan = mountDayPlan({ h, win, shell, makeScroller });
const comments = mountComments({ h, win, shell, makeScroller });

const section = (id, titleKey, ...children) => h('section', { className: 'st-card', 'aria-labelledby': id }, tx(h('h2', { id }), titleKey), ...children);
shell.main.appendChild(h('div', { className: 'st-supervisor' },
  section('st-q-title', 'queues', overviewError, makeScroller(h, win, queueTable, 'st-q-title'), updated),
  section('st-a-title', 'alerts', alertNews, noAlerts, makeScroller(h, win, alertTable, 'st-a-title')),
  section('st-f-title', 'forecast', forecastError, forecastLegend, makeScroller(h, win, forecastTable, 'st-f-title')),
  dayPlan.section,
  section('st-s-title', 'figures', h('div', { className: 'st-period' },
    h('span', { className: 'st-field st-field--inline' }, tx(h('label', { for: periodFrom.id }), 'periodFrom'), periodFrom),
    h('span', { className: 'st-field st-field--inline' }, tx(h('label', { for: periodTo.id }), 'periodTo'), periodTo),
    showFigures, csvLink),
  figuresError, figuresPeriod, makeScroller(h, win, figuresTable, 'st-s-title'), abandonBands),
  comments.section,
  section('st-c-title', 'charts', gauges, h('div', { className: 'st-period' },
    h('span', { className: 'st-field st-field--inline' }, tx(h('label', { for: queuePick.id }), 'chartQueue'), queuePick),
    h('span', { className: 'st-field st-field--inline' }, tx(h('label', { for: bucketPick.id }), 'chartBucket'), bucketPick)), charts, chartData),
  section('st-o-title', 'operators', makeScroller(h, win, operatorTable, 'st-o-title')),
  section('st-j-title', 'jobs', jobsDashboard, jobsError, jobsNote, noJobs, makeScroller(h, win, jobsTable, 'st-j-title'))));

// ---- rendering ------------------------------------------------------------------------------------
function renderQueues() {
  clear(queueBody);
  for (const q of queues) {
    const n = (v) => (typeof v === 'number' ? String(v) : '—');
    queueBody.appendChild(h('tr', { 'data-testid': 'queue-row', 'data-queue': q.id, className: `st-row--${q.state || 'unknown'}` },
      h('th', { scope: 'row' }, q.id, q.name && q.name !== q.id ? [' ', namePart(doc, q.name)] : null),
      h('td', { 'data-col': 'state' }, shell.t(queueStateKey(q.state))),
      h('td', { 'data-col': 'waiting' }, n(q.waiting)),
      h('td', { 'data-col': 'longestWait' }, formatSeconds(q.longestWaitSeconds)),
      h('td', { 'data-col': 'available' }, n(q.available)),
      h('td', { 'data-col': 'busy' }, n(q.busy)),
      h('td', { 'data-col': 'away' }, n(q.away)),
      h('td', { 'data-col': 'breaches', className: q.breachesToday > 0 ? 'st-bad' : '' }, n(q.breachesToday))));
  }
  setText(updated, updatedAt ? shell.t('updatedAt', { time: formatTime(updatedAt, shell.lang) }) : '');
  renderSectionError(overviewError, sectionErrors.overview);
}

function renderAlerts() {
  clear(alertBody);
  noAlerts.hidden = alerts.length > 0;
  alertTable.hidden = alerts.length === 0;
  for (const a of alerts) {
    alertBody.appendChild(h('tr', { 'data-testid': 'alert-row', 'data-breach-id': a.id, 'data-session-id': a.sessionId },
      h('td', null, a.dueAt ? formatTime(a.dueAt, shell.lang) : '—'),
      h('th', { scope: 'row' }, a.ticket || '—'),
      h('td', null, a.queue || '—'),
      h('td', null, shell.t(`deadline_${a.deadline}`)),
      h('td', null, formatSeconds(a.lateBySeconds))));
  }
}

function presenceKey(p) {
  return { available: 'presenceAvailable', away: 'presenceAway', offline: 'presenceOffline' }[p] || 'presenceOffline';
}

function renderOperators() {
  clear(operatorBody);
  for (const o of operators) {
    operatorBody.appendChild(h('tr', { 'data-testid': 'operator-row', 'data-operator-id': o.id, className: `st-presence--${o.presence}` },
      h('th', { scope: 'row' }, namePart(doc, o.name || o.id)),
      h('td', null, h('span', { className: `st-pill st-pill--${o.presence}` }, shell.t(presenceKey(o.presence)))),
      h('td', null, `${o.activeSessions ?? 0} / ${o.capacity ?? '—'}`),
      h('td', null, (o.queues || []).join(', ')),
      h('td', null, (o.languages || []).join(', '))));
  }
}

function renderCharts() {
  const ids = [...new Set(history.map((r) => String(r.queue)))].sort();
  const sig = `${shell.lang}|${ids.join(',')}`;
  if (sig !== chartQueuesSig) {
    chartQueuesSig = sig;
    const current = queuePick.value;
    clear(queuePick);
    queuePick.appendChild(h('option', { value: '' }, shell.t('allQueues')));
    for (const q of ids) queuePick.appendChild(h('option', { value: q }, q));
    queuePick.value = ids.includes(current) ? current : '';
  }
  chartQueue = queuePick.value;
  const t = (key, vars) => shell.t(key, vars);
  renderGauges(doc, gauges, { history, forecast, t });
  clear(charts);
  const fine = aggregateHistory(history, chartQueue);
  chartData.hidden = !fine.length;
  if (!fine.length) { charts.appendChild(h('p', { className: 'st-empty' }, shell.t('noHistory'))); return; }
  const { points, labels } = renderBucketCharts(doc, charts, {
    points: fine, minutes: Number(bucketPick.value) || 5, t, timeLabel: (at) => formatTime(new Date(at).toISOString(), shell.lang),
  });
  fillChartRows(doc, chartRows, points, labels);
}

function renderJobs() {
  clear(jobsBody);
  noJobs.hidden = jobs.length > 0 || !!sectionErrors.jobs;
  jobsTable.hidden = jobs.length === 0;
  for (const j of jobs) {
    const retry = j.state === 'failed'
      ? h('button', { type: 'button', className: 'st-btn st-btn--small', 'data-testid': 'job-retry' }, shell.t('retry'))
      : null;
    if (retry) retry.addEventListener('click', () => retryJob(j, retry));
    jobsBody.appendChild(h('tr', { 'data-testid': 'job-row', 'data-job-id': j.id, 'data-state': j.state },
      h('td', null, String(j.type || '')),
      h('td', null, h('span', { className: `st-pill st-pill--job-${j.state}` }, shell.t(`job_${j.state}`))),
      h('td', null, formatLocalDateTime(j.dueAt, shell.lang)),
      h('td', null, String(j.attempts ?? 0)),
      h('td', { className: 'st-error-cell' }, String(j.lastError || '')),
      h('td', null, retry)));
  }
  renderSectionError(jobsError, sectionErrors.jobs);
}

function renderSectionError(el, err) {
  el.hidden = !err;
  setText(el, err ? shell.t(err.key, err.vars) : '');
}

function renderForecastSection() {
  renderForecast(doc, forecastBody, forecast, (key, vars) => shell.t(key, vars), formatSeconds);
  dayPlan.render(forecast);
  renderSectionError(forecastError, sectionErrors.forecast);
}

function renderFiguresSection() {
  const names = Object.fromEntries(operators.map((o) => [o.id, o.name || o.id]));
  renderFigures(doc, figuresBody, figures, names, (key, vars) => shell.t(key, vars), formatSeconds);
  setText(figuresPeriod, figures ? shell.t('figuresPeriod', { from: figures.from, to: figures.to }) : '');
  setText(abandonBands, ABANDON_BANDS_NOTE[shell.lang] || ABANDON_BANDS_NOTE.ru);
  renderSectionError(figuresError, sectionErrors.figures);
}

function renderAll() { comments.render(); renderQueues(); renderAlerts(); renderForecastSection(); renderFiguresSection(); renderOperators(); renderCharts(); renderJobs(); }

// ---- data ---------------------------------------------------------------------------------------------
async function loadOverview() {
  const res = await shell.api.get('/api/supervisor/overview');
  if (!shell.auth) return;
  if (res.ok && res.data) {
    sectionErrors.overview = null;
    queues = mergeQueues(queues, res.data.queues || []);
    operators = Array.isArray(res.data.operators) ? res.data.operators : [];
    history = Array.isArray(res.data.history) ? res.data.history : [];
    const serverTime = Date.parse(res.data.now || '');
    if (!Number.isNaN(serverTime)) clockOffset = serverTime - Date.now();
    updatedAt = res.data.now || new Date(Date.now() + clockOffset).toISOString();
    renderAll();
    return;
  }
  sectionErrors.overview = res.error;
  if (!queues.length) {
    const status = await shell.api.get('/api/status');
    if (status.ok && Array.isArray(status.data?.queues)) queues = mergeQueues(queues, status.data.queues);
  }
  renderQueues();
}

async function loadForecast() {
  const res = await shell.api.get('/api/stats/forecast');
  if (!shell.auth) return;
  if (res.ok) { sectionErrors.forecast = null; forecast = Array.isArray(res.data?.queues) ? res.data.queues : []; }
  else sectionErrors.forecast = res.error;
  renderForecastSection();
}

async function loadFigures() {
  const res = await shell.api.get(`/api/stats${periodQuery(periodFrom.value, periodTo.value)}`);
  if (!shell.auth) return;
  if (res.ok) { sectionErrors.figures = null; figures = res.data || null; if (figures) comments.load(figures.from, figures.to); }
  else sectionErrors.figures = res.error;
  renderFiguresSection();
}

async function loadJobs() {
  const res = await shell.api.get('/api/supervisor/jobs');
  if (!shell.auth) return;
  if (res.ok) { sectionErrors.jobs = null; jobs = Array.isArray(res.data?.jobs) ? res.data.jobs : []; }
  else sectionErrors.jobs = res.error;
  renderJobs();
}

async function retryJob(job, button) {
  button.disabled = true;
  const res = await shell.api.post(`/api/supervisor/jobs/${encodeURIComponent(job.id)}/retry`);
  if (res.ok) { setText(jobsNote, shell.t('retried')); loadJobs(); }
  else { button.disabled = false; shell.showError(res.error); }
}

function connect() {
  hub = createHub(`${win.location.origin}/hubs/operator`, { accessTokenFactory: () => shell.token(), withCredentials: true });
  hub.on('QueueStats', (e) => {
    if (!Array.isArray(e?.queues)) return;
    queues = mergeQueues(queues, e.queues);
    updatedAt = new Date(Date.now() + clockOffset).toISOString();
    renderQueues();
  });
  hub.on('DeadlineBreached', (e) => {
    const before = alerts;
    alerts = addAlert(alerts, e);
    if (alerts === before) return; // a repeat of an alert already shown
    setText(alertNews, shell.t('alertNews', { ticket: alerts[0].ticket || '—', name: shell.t(`deadline_${alerts[0].deadline}`) }));
    renderAlerts();
  });
  hub.start().catch(() => { /* the 5-second poll keeps the page current */ });
}

// The requests list (request-list.js): its own section, filters and polling.
const requestList = mountRequestList({ h, win, shell, makeScroller });
shell.main.querySelector('.st-supervisor').appendChild(requestList.section);
shell.onLanguage(() => requestList.render());

shell.onLanguage(() => renderAll());
shell.start({
  signedIn() {
    queues = []; operators = []; history = []; jobs = []; alerts = []; forecast = []; figures = null;
    renderAlerts();
    loadOverview();
    loadJobs();
    loadForecast();
    loadFigures();
    connect();
    pollTimer = setInterval(() => { loadOverview(); loadForecast(); }, POLL_MS);
    jobsTimer = setInterval(loadJobs, JOBS_MS);
    figuresTimer = setInterval(loadFigures, FIGURES_MS);
    requestList.start();
  },
  signedOut() {
    clearInterval(pollTimer);
    clearInterval(jobsTimer);
    clearInterval(figuresTimer);
    requestList.stop();
    comments.stop();
    forecast = []; figures = null;
    if (hub) { hub.stop().catch(() => {}); hub = null; }
    queues = []; operators = []; history = []; jobs = []; alerts = [];
    renderAlerts();
    renderAll();
  },
});
