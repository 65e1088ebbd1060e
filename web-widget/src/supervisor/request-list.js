// Supervisor page: the requests list (GET /api/requests, supervisors only) with status, queue and overdue filters,
// the counts per status, and overdue requests flagged in words (not by colour alone). Its own texts live here so the
// page's shared dictionary stays as it is.

import { clear, setText } from '../shared/dom.js';
import { formatLocalDateTime } from '../shared/time.js';

export const STATUSES = ['received', 'inProgress', 'waitingForCitizen', 'resolved', 'declined'];
const QUEUES = ['101', '102', '103', '104'];
const POLL_MS = 30000;

const TEXTS = {
  ru: {
    title: 'Обращения', status: 'Статус', queue: 'Очередь', overdueOnly: 'Только просроченные', all: 'Все',
    ticket: 'Номер', kind: 'Вид', deadlineClass: 'Срок по классу', due: 'Срок ответа', assignee: 'Ведёт', flag: 'Отметка',
    overdue: 'просрочено', none: 'Обращений с такими фильтрами нет.', nobody: 'никто',
    shown: 'Показано {shown} из {matching}.', overdueCount: 'просрочено: {n}', error: 'Не удалось загрузить обращения.',
    received: 'принято', inProgress: 'в работе', waitingForCitizen: 'ждёт гражданина', resolved: 'выполнено', declined: 'отклонено',
    application: 'заявление', complaint: 'жалоба', question: 'вопрос',
  },
  en: {
    title: 'Requests', status: 'Status', queue: 'Queue', overdueOnly: 'Overdue only', all: 'All',
    ticket: 'Ticket', kind: 'Kind', deadlineClass: 'Deadline class', due: 'Due', assignee: 'Followed by', flag: 'Flag',
    overdue: 'overdue', none: 'No requests match these filters.', nobody: 'nobody',
    shown: 'Showing {shown} of {matching}.', overdueCount: 'overdue: {n}', error: 'The requests could not be loaded.',
    received: 'received', inProgress: 'in progress', waitingForCitizen: 'waiting for the citizen', resolved: 'resolved', declined: 'declined',
    application: 'application', complaint: 'complaint', question: 'question',
  },
};

export function requestText(lang, key, vars = {}) {
  const text = (TEXTS[lang] || TEXTS.ru)[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

/** The query of GET /api/requests for the filters; empty filters are left out. */
export function requestListQuery({ status = '', queue = '', overdue = false } = {}) {
  const q = [];
  if (status) q.push(`status=${encodeURIComponent(status)}`);
  if (queue) q.push(`queue=${encodeURIComponent(queue)}`);
  if (overdue) q.push('overdue=true');
  return q.length ? `?${q.join('&')}` : '';
}

/** Fills the table body and the counts line from the server's answer (text only, never markup). */
export function renderRequestList(h, { body, counts, note }, data, lang) {
  const tr = (key, vars) => requestText(lang, key, vars);
  clear(body);
  clear(counts);
  const rows = Array.isArray(data?.requests) ? data.requests : [];
  for (const s of STATUSES) {
    counts.appendChild(h('li', { 'data-status': s, 'data-testid': 'requests-count' }, `${tr(s)}: ${Number(data?.counts?.[s] ?? 0)}`));
  }
  counts.appendChild(h('li', { className: 'st-overdue', 'data-testid': 'requests-overdue-count' }, tr('overdueCount', { n: Number(data?.overdue ?? 0) })));
  for (const r of rows) {
    body.appendChild(h('tr', { className: r.overdue ? 'st-row--overdue' : '', 'data-testid': 'request-row', 'data-ticket': String(r.ticket) },
      h('td', null, String(r.ticket)),
      h('td', null, tr(String(r.kind))),
      h('td', null, String(r.queue)),
      h('td', null, tr(String(r.status))),
      h('td', null, String(r.deadlineClass)),
      h('td', null, r.dueAt ? formatLocalDateTime(r.dueAt, lang) : '—'),
      h('td', null, r.assigneeId ? String(r.assigneeId) : tr('nobody')),
      h('td', { 'data-testid': 'request-flag' }, r.overdue ? h('span', { className: 'st-pill st-pill--overdue' }, tr('overdue')) : '')));
  }
  setText(note, rows.length ? tr('shown', { shown: rows.length, matching: Number(data?.matching ?? rows.length) }) : tr('none'));
}

/** The section, its filters and its loading; `start()` on sign-in, `stop()` on sign-out, `render()` on a language change. */
export function mountRequestList({ h, win, shell, makeScroller }) {
  let data = null;
  let failed = false;
  let timer = null;
  const labels = [];
  const label = (el, key) => { labels.push([el, key]); return el; };
  const lang = () => shell.lang;

  const statusPick = h('select', { id: 'st-req-status', 'data-testid': 'requests-status' });
  const queuePick = h('select', { id: 'st-req-queue', 'data-testid': 'requests-queue' });
  const overdueBox = h('input', { type: 'checkbox', id: 'st-req-overdue', 'data-testid': 'requests-overdue' });
  const counts = h('ul', { className: 'st-counts', 'data-testid': 'requests-counts' });
  const body = h('tbody', { 'data-testid': 'requests-rows' });
  const head = ['ticket', 'kind', 'queue', 'status', 'deadlineClass', 'due', 'assignee', 'flag'].map((k) => label(h('th', { scope: 'col' }), k));
  const table = h('table', { className: 'st-table', 'data-testid': 'requests-table' }, h('thead', null, h('tr', null, ...head)), body);
  const note = h('p', { className: 'st-muted', role: 'status', 'data-testid': 'requests-note' });
  const error = h('p', { className: 'st-section-error', role: 'alert', 'data-testid': 'requests-error', hidden: true });
  const title = label(h('h2', { id: 'st-r-title' }), 'title');
  const section = h('section', { className: 'st-card', 'aria-labelledby': 'st-r-title', 'data-testid': 'supervisor-requests' }, title,
    h('div', { className: 'st-period' },
      h('span', { className: 'st-field st-field--inline' }, label(h('label', { for: statusPick.id }), 'status'), statusPick),
      h('span', { className: 'st-field st-field--inline' }, label(h('label', { for: queuePick.id }), 'queue'), queuePick),
      h('span', { className: 'st-field st-field--inline' }, overdueBox, label(h('label', { for: overdueBox.id }), 'overdueOnly'))),
    counts, error, makeScroller(h, win, table, 'st-r-title'), note);

  function fillOptions(select, values, textOf) {
    const keep = select.value;
    clear(select);
    select.appendChild(h('option', { value: '' }, requestText(lang(), 'all')));
    for (const v of values) select.appendChild(h('option', { value: v }, textOf(v)));
    select.value = keep;
  }

  function render() {
    for (const [el, key] of labels) setText(el, requestText(lang(), key));
    fillOptions(statusPick, STATUSES, (s) => requestText(lang(), s));
    fillOptions(queuePick, QUEUES, (q) => q);
    error.hidden = !failed;
    setText(error, failed ? requestText(lang(), 'error') : '');
    renderRequestList(h, { body, counts, note }, data, lang());
  }

  async function load() {
    const res = await shell.api.get(`/api/requests${requestListQuery({ status: statusPick.value, queue: queuePick.value, overdue: overdueBox.checked })}`);
    if (!shell.auth) return;
    failed = !res.ok;
    if (res.ok) data = res.data;
    render();
  }

  for (const el of [statusPick, queuePick, overdueBox]) el.addEventListener('change', () => load());
  render();
  return {
    section,
    render,
    load,
    start() { data = null; failed = false; load(); clearInterval(timer); timer = setInterval(load, POLL_MS); },
    stop() { clearInterval(timer); timer = null; data = null; render(); },
  };
}
