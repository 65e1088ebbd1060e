// The supervisor's charts as a table (their text alternative, WCAG 1.1.1): one row per 5-minute interval.
// The page shows it behind a "show as table" toggle (<details>).

import { makeH, clear } from '../shared/dom.js';

/** Columns of the table, as staff i18n keys. */
export const CHART_TABLE_COLUMNS = ['chartColTime', 'legendWaiting', 'legendAnswered', 'chartFirstReply', 'chartSla'];

const number = (v, digits = 0) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—');

/**
 * Refills `tbody` with one row per point of aggregateHistory(): interval, waiting, answered, first reply (s),
 * SLA (%). `times` holds each interval's label.
 */
export function fillChartRows(doc, tbody, points, times) {
  const h = makeH(doc);
  clear(tbody);
  points.forEach((p, i) => tbody.appendChild(h('tr', null,
    h('th', { scope: 'row' }, times[i] || ''),
    h('td', null, number(p.waiting)),
    h('td', null, number(p.answered)),
    h('td', null, number(p.firstReply)),
    h('td', null, number(p.sla, 1)))));
}
