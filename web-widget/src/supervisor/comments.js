// Supervisor page: the comments citizens left with their rating (GET /api/stats/comments) for the period picked for the
// figures, newest first, with the score, the queue and the day. Text only, never markup. Its own texts live here.

import { clear, setText } from '../shared/dom.js';

const LIMIT = 10;

const TEXTS = {
  ru: {
    title: 'Комментарии к оценкам', day: 'День', queue: 'Очередь', score: 'Оценка', comment: 'Комментарий',
    none: 'За этот период комментариев нет.', error: 'Не удалось загрузить комментарии.', scoreOf: '{score} из 5',
    note: 'Последние {limit} по каждой очереди за период {from} — {to}; комментарий стёртых данных не показывается.',
  },
  en: {
    title: 'Rating comments', day: 'Day', queue: 'Queue', score: 'Score', comment: 'Comment',
    none: 'No comments in this period.', error: 'The comments could not be loaded.', scoreOf: '{score} of 5',
    note: 'The latest {limit} per queue in {from} — {to}; a comment whose data was erased is not shown.',
  },
};

export function commentText(lang, key, vars = {}) {
  const text = (TEXTS[lang] || TEXTS.ru)[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

/** One list of the answer's comments of every queue, newest first (by the session's close). */
export function commentRows(data) {
  const queues = Array.isArray(data?.queues) ? data.queues : [];
  return queues.flatMap((q) => (Array.isArray(q.comments) ? q.comments : []).map((c) => ({
    queue: String(q.queue), at: String(c.at || ''), day: String(c.day || String(c.at || '').slice(0, 10)), rating: Number(c.rating) || 0,
    comment: String(c.comment ?? ''),
  }))).sort((a, b) => (Date.parse(b.at) || 0) - (Date.parse(a.at) || 0));
}

/** The query of a period (the figures' from and to) for GET /api/stats/comments. */
export function commentsQuery(from, to) {
  const q = new URLSearchParams({ limit: String(LIMIT) });
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  return `?${q.toString()}`;
}

/** The section; `load(from, to)` when the figures' period is known, `render()` on a language change, `stop()` on sign-out. */
export function mountComments({ h, win, shell, makeScroller }) {
  let data = null;
  let period = { from: '', to: '' };
  let failed = false;
  const tr = (key, vars) => commentText(shell.lang, key, vars);
  const title = h('h2', { id: 'st-cm-title' });
  const heads = ['day', 'queue', 'score', 'comment'].map((k) => [h('th', { scope: 'col' }), k]);
  const body = h('tbody', { 'data-testid': 'rating-comments' });
  const table = h('table', { className: 'st-table st-table--compact', 'data-testid': 'rating-comments-table' },
    h('thead', null, h('tr', null, ...heads.map(([el]) => el))), body);
  const note = h('p', { className: 'st-muted', 'data-testid': 'rating-comments-note' });
  const empty = h('p', { className: 'st-empty', 'data-testid': 'rating-comments-empty', hidden: true });
  const error = h('p', { className: 'st-section-error', role: 'alert', hidden: true });
  const section = h('section', { className: 'st-card', 'aria-labelledby': title.id }, title, error, note, empty,
    makeScroller(h, win, table, title.id));

  function render() {
    setText(title, tr('title'));
    for (const [el, key] of heads) setText(el, tr(key));
    setText(note, period.from ? tr('note', { limit: LIMIT, from: period.from, to: period.to }) : '');
    error.hidden = !failed;
    setText(error, failed ? tr('error') : '');
    const rows = commentRows(data);
    empty.hidden = rows.length > 0 || failed || data === null;
    setText(empty, tr('none'));
    table.hidden = rows.length === 0;
    clear(body);
    for (const r of rows) {
      body.appendChild(h('tr', { 'data-testid': 'rating-comment', 'data-queue': r.queue, 'data-rating': String(r.rating), 'data-day': r.day },
        h('td', null, r.day), h('td', null, r.queue),
        h('td', { className: r.rating <= 2 ? 'st-bad' : '' }, tr('scoreOf', { score: r.rating })),
        h('td', { className: 'st-comment' }, r.comment)));
    }
  }

  async function load(from, to) {
    period = { from: from || '', to: to || '' };
    const res = await shell.api.get(`/api/stats/comments${commentsQuery(from, to)}`);
    if (!shell.auth) return;
    failed = !res.ok;
    if (res.ok) data = res.data;
    render();
  }

  render();
  return { section, render, load, stop() { data = null; failed = false; period = { from: '', to: '' }; render(); } };
}
