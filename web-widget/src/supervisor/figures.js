// Figures over days (GET /api/stats): a period picker, a table per queue, channel and operator, and the CSV link.

import { makeH } from '../shared/dom.js';

export const FIGURE_COLUMNS = ['colGroupKey', 'colOffered', 'colAnswered', 'colAbandoned', 'colAbandonedAfter', 'colWaitP50', 'colWaitP90',
  'colFirstReplyP50', 'colFirstReplyP90', 'colHandle', 'colTransfers', 'colSlaFirst', 'colSlaResolution', 'colSlaAnswer', 'colSatisfaction',
  'colSlaRequest', 'colRepeat'];

/** The query of a period: from and to as yyyy-MM-dd (empty = today on the server). */
export function periodQuery(from, to, format) {
  const q = new URLSearchParams();
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  if (format) q.set('format', format);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The bands of "gave up after", said under the table (its own texts, beside the shared dictionary). */
export const ABANDON_BANDS_NOTE = {
  ru: 'Ушли через, по интервалам: до 30 с · 30–60 с · 1–2 мин · 2–5 мин · 5 мин и дольше.',
  en: 'Gave up after, by band: under 30 s · 30–60 s · 1–2 min · 2–5 min · 5 min or more.',
};

/** "1:30 / 5:00 · 0 · 0 · 1 · 0 · 1": the median and 90th percentile of the waits before giving up, then the bands. */
export function abandonedAfterText(row, formatSeconds) {
  const bands = Array.isArray(row?.abandonedAfterDistribution) ? row.abandonedAfterDistribution : [];
  if (!row || !(row.abandoned > 0)) return '—';
  return `${formatSeconds(row.abandonedAfterP50)} / ${formatSeconds(row.abandonedAfterP90)} · ${bands.map((n) => String(n)).join(' · ')}`;
}

/** The requests' cell: the share in time (of those counted: finished, or open past due) and the open ones not yet due. */
export function requestCellText(row, pct, t) {
  const pending = Number(row?.requestsPending) || 0;
  const share = typeof row?.sla?.request === 'number' ? `${pct(row.sla.request)} (${row.requests ?? 0})` : '—';
  return pending > 0 ? `${share}; ${t('requestsPending', { n: pending })}` : share;
}

/** Rows of a report in display order: queues, channels, operators (named when known), the total. */
export function figureRows(report, operatorNames, t) {
  if (!report) return [];
  const names = operatorNames || {};
  return [
    ...(report.queues || []).map((r) => ({ group: 'queue', label: String(r.key), row: r })),
    ...(report.channels || []).map((r) => ({ group: 'channel', label: t(r.key === 'call' ? 'channelCalls' : 'channelChats'), row: r })),
    ...(report.operators || []).map((r) => ({ group: 'operator', label: names[r.key] || String(r.key), row: r })),
    ...(report.total ? [{ group: 'total', label: t('total'), row: report.total }] : []),
  ];
}

export function renderFigures(doc, body, report, operatorNames, t, formatSeconds) {
  const h = makeH(doc);
  while (body.firstChild) body.removeChild(body.firstChild);
  const n = (v) => (typeof v === 'number' ? String(v) : '—');
  const pct = (v) => (typeof v === 'number' ? `${Math.round(v * 100)} %` : '—');
  for (const { group, label, row } of figureRows(report, operatorNames, t)) {
    const sat = row.satisfaction || {};
    body.appendChild(h('tr', { 'data-testid': 'figure-row', 'data-group': group, 'data-key': String(row.key) },
      h('th', { scope: 'row' }, label),
      h('td', { 'data-col': 'offered' }, n(row.offered)),
      h('td', { 'data-col': 'answered' }, n(row.answered)),
      h('td', { 'data-col': 'abandoned' }, n(row.abandoned)),
      h('td', { 'data-col': 'abandonedAfter' }, abandonedAfterText(row, formatSeconds)),
      h('td', null, formatSeconds(row.waitP50)),
      h('td', null, formatSeconds(row.waitP90)),
      h('td', null, formatSeconds(row.firstReplyP50)),
      h('td', null, formatSeconds(row.firstReplyP90)),
      h('td', null, formatSeconds(row.handleSecondsAverage)),
      h('td', null, n(row.transfers)),
      h('td', null, pct(row.sla?.firstResponse)),
      h('td', { 'data-col': 'slaResolution' }, pct(row.sla?.resolution)),
      h('td', null, pct(row.sla?.answer)),
      h('td', null, typeof sat.average === 'number' ? `${sat.average} (${sat.rated})` : '—'),
      h('td', { 'data-col': 'slaRequest' }, requestCellText(row, pct, t)),
      h('td', { 'data-col': 'repeat' }, typeof row.repeatShare === 'number' ? `${pct(row.repeatShare)} (${n(row.repeats)} / ${n(row.verified)})` : '—')));
  }
}
