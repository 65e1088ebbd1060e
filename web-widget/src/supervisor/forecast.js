// Staffing forecast (GET /api/stats/forecast): per queue, operators needed (Erlang C) beside those signed in, as two
// bars on one scale, the gap highlighted. The maths is pure (tested); drawing uses makeH and makeSvg.

import { makeH, makeSvg } from '../shared/dom.js';

/** Rows for the bars: needed, present, gap (needed − present, never below 0) and each bar's share of the common scale. */
export function forecastRows(queues) {
  const list = Array.isArray(queues) ? queues : [];
  const scale = Math.max(1, ...list.flatMap((q) => [Number(q.operatorsNeeded) || 0, Number(q.operatorsPresent) || 0]));
  return list.map((q) => {
    const needed = Number(q.operatorsNeeded) || 0;
    const present = Number(q.operatorsPresent) || 0;
    return {
      queue: String(q.queue),
      channel: q.channel === 'call' ? 'call' : 'chat',
      needed,
      present,
      gap: Math.max(0, needed - present),
      neededShare: needed / scale,
      presentShare: present / scale,
      arrivalsPerHour: typeof q.arrivalsPerHour === 'number' ? q.arrivalsPerHour : null,
      handleSeconds: typeof q.handleSeconds === 'number' ? q.handleSeconds : null,
      targetShare: typeof q.target?.share === 'number' ? q.target.share : null,
      targetSeconds: typeof q.target?.withinSeconds === 'number' ? q.target.withinSeconds : null,
      serviceLevel: typeof q.serviceLevel === 'number' ? q.serviceLevel : null,
    };
  });
}

/** Two horizontal bars, needed above present, on a 0–1 scale; named by `label` for screen readers. */
export function drawBars(doc, { label, neededShare, presentShare, short }) {
  const s = makeSvg(doc);
  const width = 200;
  const svg = s('svg', { viewBox: `0 0 ${width} 28`, role: 'img', 'aria-label': label, class: 'st-bars', width: '100%', preserveAspectRatio: 'none' });
  const bar = (y, share, cls) => s('rect', { x: '0', y: String(y), height: '11', width: String(Math.max(share > 0 ? 2 : 0, share * width).toFixed(1)), class: cls });
  svg.appendChild(bar(2, neededShare, 'st-bar-needed'));
  svg.appendChild(bar(15, presentShare, short ? 'st-bar-present st-bar-short' : 'st-bar-present'));
  return svg;
}

/** Fills `body` with one row per queue and channel (a call row, when calls came, after its queue's chat row): bars, needed, present, gap, arrivals an hour, handle time, target, expected level. */
export function renderForecast(doc, body, queues, t, formatSeconds) {
  const h = makeH(doc);
  while (body.firstChild) body.removeChild(body.firstChild);
  for (const r of forecastRows(queues)) {
    const short = r.gap > 0;
    const pct = (v) => (v === null ? '—' : `${Math.round(v * 100)} %`);
    body.appendChild(h('tr', { 'data-testid': 'forecast-row', 'data-queue': r.queue, 'data-channel': r.channel, className: short ? 'st-row--short' : '' },
      h('th', { scope: 'row' }, r.channel === 'call' ? `${r.queue} · ${t('channelCalls')}` : r.queue),
      h('td', { className: 'st-bars-cell' }, drawBars(doc, {
        label: t('forecastBars', { needed: r.needed, present: r.present }), neededShare: r.neededShare, presentShare: r.presentShare, short,
      })),
      h('td', { 'data-col': 'needed', 'data-testid': 'forecast-needed' }, String(r.needed)),
      h('td', { 'data-col': 'present', 'data-testid': 'forecast-present' }, String(r.present)),
      h('td', { 'data-col': 'gap', className: short ? 'st-bad' : '' }, short ? `−${r.gap}` : '0'),
      h('td', null, r.arrivalsPerHour === null ? '—' : String(r.arrivalsPerHour)),
      h('td', null, formatSeconds(r.handleSeconds)),
      h('td', null, r.targetShare === null ? '—' : t('forecastTarget', { share: pct(r.targetShare), time: formatSeconds(r.targetSeconds) })),
      h('td', { className: r.serviceLevel !== null && r.targetShare !== null && r.serviceLevel < r.targetShare ? 'st-bad' : '' }, pct(r.serviceLevel))));
  }
}
