// Supervisor page: the forecast for the rest of today, hour by hour, per queue and channel (the `hours` of
// GET /api/stats/forecast): operators needed beside those signed in now, the gap in words and in red. Its own texts
// live here so the page's shared dictionary stays as it is. The grid is pure (tested); drawing takes `h`.

import { clear, setText } from '../shared/dom.js';

const TEXTS = {
  ru: {
    title: 'Прогноз по часам до конца дня', queue: 'Очередь', channel: 'Канал', chat: 'чат', call: 'звонки',
    none: 'Сегодня очереди больше не открываются.', short: 'не хватает {n}', cell: '{hour}: нужно {needed}, на смене {present}',
    note: 'В ячейке: нужно / на смене сейчас; красным и «−N» — сколько не хватает. Чат и звонки складываются, если их ведут одни и те же операторы.',
    basisHistory: 'по тем же часам последних дней', basisLastHour: 'по последнему часу (истории нет)', basis: 'Основа',
  },
  en: {
    title: 'Forecast by hour for the rest of today', queue: 'Queue', channel: 'Channel', chat: 'chat', call: 'calls',
    none: 'No queue opens again today.', short: 'short by {n}', cell: '{hour}: needed {needed}, signed in {present}',
    note: 'Each cell: needed / signed in now; in red with "−N", how many are missing. Chat and calls add up when the same operators take both.',
    basisHistory: 'the same hours of recent days', basisLastHour: 'the last hour (no history)', basis: 'Basis',
  },
};

export function dayPlanText(lang, key, vars = {}) {
  const text = (TEXTS[lang] || TEXTS.ru)[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

/**
 * The grid of the forecast's hours: every hour listed by any queue (in order), and one row per queue and channel with,
 * per hour, the operators needed, those present (the queue's signed-in operators now) and the gap (never below 0).
 */
export function hourGrid(queues) {
  const list = Array.isArray(queues) ? queues : [];
  const starts = new Map();
  const rows = [];
  for (const q of list) {
    const byChannel = new Map();
    for (const hr of Array.isArray(q.hours) ? q.hours : []) {
      const channel = hr.channel === 'call' ? 'call' : 'chat';
      if (!starts.has(hr.hour)) starts.set(hr.hour, Date.parse(hr.start) || 0);
      if (!byChannel.has(channel)) byChannel.set(channel, { queue: String(q.queue), channel, basis: hr.basis, cells: {} });
      const needed = Number(hr.operatorsNeeded) || 0;
      const present = Number(q.operatorsPresent) || 0;
      byChannel.get(channel).cells[hr.hour] = { needed, present, gap: Math.max(0, needed - present), arrivalsPerHour: hr.arrivalsPerHour };
    }
    rows.push(...['chat', 'call'].filter((c) => byChannel.has(c)).map((c) => byChannel.get(c)));
  }
  const hours = [...starts.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([hour]) => hour);
  return { hours, rows };
}

/** The section: a table of queues and channels by hour, refilled by `render(queues)` (the forecast's items). */
export function mountDayPlan({ h, shell, makeScroller, win }) {
  const tr = (key, vars) => dayPlanText(shell.lang, key, vars);
  const title = h('h2', { id: 'st-hours-title' });
  const note = h('p', { className: 'st-muted' });
  const empty = h('p', { className: 'st-empty', 'data-testid': 'forecast-hours-empty', hidden: true });
  const head = h('tr');
  const body = h('tbody', { 'data-testid': 'forecast-hours' });
  const table = h('table', { className: 'st-table st-table--compact', 'data-testid': 'forecast-hours-table' }, h('thead', null, head), body);
  const section = h('section', { className: 'st-card', 'aria-labelledby': title.id }, title, note, empty, makeScroller(h, win, table, title.id));
  let last = [];

  function render(queues = last) {
    last = queues;
    setText(title, tr('title'));
    setText(note, tr('note'));
    const { hours, rows } = hourGrid(queues);
    setText(empty, tr('none'));
    empty.hidden = rows.length > 0;
    table.hidden = rows.length === 0;
    clear(head);
    head.appendChild(h('th', { scope: 'col' }, tr('queue')));
    head.appendChild(h('th', { scope: 'col' }, tr('channel')));
    for (const hour of hours) head.appendChild(h('th', { scope: 'col' }, hour));
    head.appendChild(h('th', { scope: 'col' }, tr('basis')));
    clear(body);
    for (const row of rows) {
      const cells = hours.map((hour) => {
        const c = row.cells[hour];
        if (!c) return h('td', { 'data-hour': hour }, '—');
        return h('td', {
          'data-testid': 'forecast-hour', 'data-hour': hour, 'data-needed': String(c.needed), 'data-present': String(c.present),
          className: c.gap > 0 ? 'st-bad st-cell--short' : '', title: tr('cell', { hour, needed: c.needed, present: c.present }),
        }, `${c.needed} / ${c.present}`, c.gap > 0
          ? [h('span', { className: 'st-gap', 'aria-hidden': 'true', 'data-testid': 'forecast-hour-gap' }, ` −${c.gap}`),
            h('span', { className: 'st-sr' }, ` (${tr('short', { n: c.gap })})`)]
          : null);
      });
      body.appendChild(h('tr', { 'data-testid': 'forecast-hours-row', 'data-queue': row.queue, 'data-channel': row.channel },
        h('th', { scope: 'row' }, row.queue), h('td', null, tr(row.channel)), ...cells,
        h('td', null, tr(row.basis === 'lastHour' ? 'basisLastHour' : 'basisHistory'))));
    }
  }
  return { section, render };
}
